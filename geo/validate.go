package geo

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// Region is the box every coordinate of the dataset must fall in: Central
// Asia from the Caspian's east shore to Kyrgyzstan's eastern tip. A point with
// its latitude and longitude swapped (40, 70 read as lon 40) lands outside
// it, which is how validation catches the commonest GeoJSON mistake.
var Region = orb.Bound{Min: orb.Point{55, 35}, Max: orb.Point{81, 46}}

// FeatureError names the feature and field a validation problem is in.
type FeatureError struct {
	Collection string
	ID         string
	Field      string
	Err        error
}

func (e *FeatureError) Error() string {
	return fmt.Sprintf("geo: %s %q: %s: %v", e.Collection, e.ID, e.Field, e.Err)
}

func (e *FeatureError) Unwrap() error { return e.Err }

// Validation failures, wrapped in FeatureError.
var (
	ErrOutsideRegion = errors.New("coordinate outside the region (lon 55..81, lat 35..46): latitude and longitude swapped?")
	ErrNotFinite     = errors.New("coordinate is not a finite number")
	ErrUnsourced     = errors.New("no source cited")
	ErrUnknownSource = errors.New("cites a source the dataset does not list")
	ErrMissing       = errors.New("missing")
	ErrBadValue      = errors.New("bad value")
	ErrDuplicateID   = errors.New("id used twice")
)

type validator struct {
	idx  SourceIndex
	errs []error
}

func (v *validator) fail(coll, id, field string, err error) {
	v.errs = append(v.errs, &FeatureError{Collection: coll, ID: id, Field: field, Err: err})
}

func (v *validator) sources(coll, id, field string, ids []string) {
	cited := 0
	for _, s := range ids {
		if s == "" {
			continue
		}
		cited++
		if _, ok := v.idx[s]; !ok {
			v.fail(coll, id, field, fmt.Errorf("%w: %q", ErrUnknownSource, s))
		}
	}
	if cited == 0 {
		v.fail(coll, id, field, ErrUnsourced)
	}
}

func (v *validator) points(coll, id string, pts ...orb.Point) {
	for _, p := range pts {
		if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
			v.fail(coll, id, "geometry", ErrNotFinite)
			return
		}
		if !Region.Contains(p) {
			v.fail(coll, id, "geometry", fmt.Errorf("%w: [%g, %g]", ErrOutsideRegion, p[0], p[1]))
			return
		}
	}
}

func (v *validator) ids(coll string, ids []string) {
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if id == "" {
			v.fail(coll, id, "id", ErrMissing)
		} else if seen[id] {
			v.fail(coll, id, "id", ErrDuplicateID)
		}
		seen[id] = true
	}
}

// Validate checks the whole dataset and returns every problem found, each a
// *FeatureError naming the feature and field, joined with errors.Join.
func (ds Dataset) Validate() error {
	v := &validator{idx: ds.Index()}
	for _, s := range ds.Sources {
		if s.ID == "" || s.Publisher == "" || s.Title == "" {
			v.fail("sources", s.ID, "publisher/title", ErrMissing)
		}
		if s.URL == "" && s.Note == "" {
			v.fail("sources", s.ID, "url", fmt.Errorf("%w: a source without a URL must say in its note where it is held", ErrMissing))
		}
	}
	if ds.Meta.OfficialLengthKm <= 0 {
		v.fail("meta", "", "official_length_km", ErrMissing)
	}
	v.sources("meta", "", "official_length_source", []string{ds.Meta.OfficialLengthSource})
	for _, m := range ds.Meta.Milestones {
		v.sources("milestones", m.Label, "sources", m.Sources)
	}

	ids := func(n int, id func(int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = id(i)
		}
		return out
	}
	v.ids("frontier", ids(len(ds.Segments), func(i int) string { return ds.Segments[i].ID }))
	v.ids("clashes", ids(len(ds.Events), func(i int) string { return ds.Events[i].ID }))
	v.ids("deployments", ids(len(ds.Deployments), func(i int) string { return ds.Deployments[i].ID }))
	v.ids("countries", ids(len(ds.Countries), func(i int) string { return ds.Countries[i].ID }))
	v.ids("places", ids(len(ds.Places), func(i int) string { return ds.Places[i].ID }))

	for _, s := range ds.Segments {
		v.segment(s)
	}
	for _, e := range ds.Events {
		v.event(e)
	}
	for _, d := range ds.Deployments {
		v.deployment(d)
	}
	for _, c := range ds.Countries {
		if len(c.Geometry) == 0 {
			v.fail("countries", c.ID, "geometry", ErrMissing)
		}
		for _, p := range c.Geometry {
			for _, r := range p {
				v.points("countries", c.ID, r...)
			}
		}
		v.sources("countries", c.ID, "source", []string{c.Source})
	}
	for _, p := range ds.Places {
		v.points("places", p.ID, p.Location)
		v.sources("places", p.ID, "source", []string{p.Source})
		if p.AsStated == "" {
			v.fail("places", p.ID, "as_stated", ErrMissing)
		}
	}
	return errors.Join(v.errs...)
}

func (v *validator) segment(s Segment) {
	const coll = "frontier"
	if len(s.Line) < 2 {
		v.fail(coll, s.ID, "geometry", fmt.Errorf("%w: a line needs two points", ErrMissing))
	}
	v.points(coll, s.ID, s.Line...)
	if s.Sector == "" {
		v.fail(coll, s.ID, "sector", ErrMissing)
	}
	if s.GeometryQuality == "" {
		v.fail(coll, s.ID, "geometry_quality", ErrMissing)
	}
	if len(s.History) == 0 {
		v.fail(coll, s.ID, "status_history", ErrMissing)
	}
	for i, p := range s.History {
		field := fmt.Sprintf("status_history[%d]", i)
		if !p.Status.Valid() {
			v.fail(coll, s.ID, field+".status", fmt.Errorf("%w: %q", ErrBadValue, p.Status))
		}
		if !p.ValidFrom.IsZero() && !p.ValidTo.IsZero() && !p.ValidFrom.Before(p.ValidTo) {
			v.fail(coll, s.ID, field, fmt.Errorf("%w: valid_to %s is not after valid_from %s", ErrBadValue, p.ValidTo, p.ValidFrom))
		}
		if i > 0 && s.History[i-1].ValidTo != p.ValidFrom {
			v.fail(coll, s.ID, field+".valid_from", fmt.Errorf("%w: periods must follow each other without gap or overlap (previous ends %s, this starts %s)", ErrBadValue, s.History[i-1].ValidTo, p.ValidFrom))
		}
		if p.Basis == "" {
			v.fail(coll, s.ID, field+".basis", ErrMissing)
		}
		v.sources(coll, s.ID, field+".sources", p.Sources)
	}
}

func (v *validator) event(e Event) {
	const coll = "clashes"
	if e.Title == "" {
		v.fail(coll, e.ID, "title", ErrMissing)
	}
	if e.DateStart.IsZero() {
		v.fail(coll, e.ID, "date_start", ErrMissing)
	}
	if !e.DateEnd.IsZero() && e.DateEnd.Before(e.DateStart) {
		v.fail(coll, e.ID, "date_end", fmt.Errorf("%w: before date_start", ErrBadValue))
	}
	if !e.TimePrecision.Valid() {
		v.fail(coll, e.ID, "time_precision", fmt.Errorf("%w: %d (want 1 day, 2 week, 3 month)", ErrBadValue, e.TimePrecision))
	}
	v.location(coll, e.ID, e.Location, e.GeoPrecision)
	if e.EventType == "" {
		v.fail(coll, e.ID, "event_type", ErrMissing)
	}
	v.sources(coll, e.ID, "sources", e.Sources)
	v.claims(coll, e.ID, "claims", e.Claims)
}

func (v *validator) deployment(d Deployment) {
	const coll = "deployments"
	if d.System == "" {
		v.fail(coll, d.ID, "system", ErrMissing)
	}
	if d.Operator == "" {
		v.fail(coll, d.ID, "operator", ErrMissing)
	}
	if len(d.Claims) == 0 {
		v.fail(coll, d.ID, "status_claims", ErrMissing)
	}
	for i, c := range d.Claims {
		field := fmt.Sprintf("status_claims[%d]", i)
		if c.Status == "" {
			v.fail(coll, d.ID, field+".status", ErrMissing)
		}
		if !c.Date.IsZero() && !c.TimePrecision.Valid() {
			v.fail(coll, d.ID, field+".time_precision", fmt.Errorf("%w: %d", ErrBadValue, c.TimePrecision))
		}
		v.sources(coll, d.ID, field+".source", []string{c.Source})
	}
	v.location(coll, d.ID, d.Location, d.GeoPrecision)
	v.sources(coll, d.ID, "sources", d.Sources)
	v.claims(coll, d.ID, "quantity", d.Quantity)
}

func (v *validator) location(coll, id string, p *orb.Point, prec GeoPrecision) {
	switch {
	case !prec.Valid():
		v.fail(coll, id, "geo_precision", fmt.Errorf("%w: %d (want 1, 2 or 3; 0 with no location)", ErrBadValue, prec))
	case p == nil && prec != NoLocation:
		v.fail(coll, id, "geo_precision", fmt.Errorf("%w: %d given for a feature with no location", ErrBadValue, prec))
	case p != nil && prec == NoLocation:
		v.fail(coll, id, "geo_precision", fmt.Errorf("%w: a located feature needs a precision of 1, 2 or 3", ErrMissing))
	case p != nil:
		v.points(coll, id, *p)
	}
}

func (v *validator) claims(coll, id, field string, cs []Claim) {
	for i, c := range cs {
		f := fmt.Sprintf("%s[%d]", field, i)
		if c.Low < 0 || (c.High != 0 && c.High < c.Low) {
			v.fail(coll, id, f, fmt.Errorf("%w: low %d, high %d", ErrBadValue, c.Low, c.High))
		}
		if c.What == "" {
			v.fail(coll, id, f+".what", ErrMissing)
		}
		if !slices.Contains([]string{"", "at least", "more than", "about", "up to", "over", "nearly"}, c.Qualifier) {
			v.fail(coll, id, f+".qualifier", fmt.Errorf("%w: %q", ErrBadValue, c.Qualifier))
		}
		v.sources(coll, id, f+".source", []string{c.Source})
	}
}
