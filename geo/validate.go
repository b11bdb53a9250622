package geo

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
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
	// ErrNoClaimant is a claim that does not say who makes it.
	ErrNoClaimant = errors.New("no claimant: every claim names who makes it")
	// ErrNoLocationBasis is a point that does not say what it stands for.
	ErrNoLocationBasis = errors.New("no location_basis: a point must say what it stands for")
	// ErrEpisodeTotal is a whole-episode total on a feature that is not
	// the episode's.
	ErrEpisodeTotal = errors.New("an episode total (scope \"episode\") on a feature that is not an episode (kind \"episode\")")
	// ErrClaimOrder is an early or superseded claim listed before a
	// current or consolidated one.
	ErrClaimOrder = errors.New("early or superseded claims must follow the current and consolidated ones")
)

type validator struct {
	idx SourceIndex
	// places, when known, are the gazetteer an area's AreaOf names.
	places map[string]Place
	errs   []error
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
	v := &validator{idx: ds.Index(), places: make(map[string]Place, len(ds.Places))}
	for _, p := range ds.Places {
		v.places[p.ID] = p
	}
	for _, s := range ds.Sources {
		v.source(s)
	}
	for _, f := range ds.Reported {
		v.reported(f)
	}
	v.ids("reported", ids(len(ds.Reported), func(i int) string { return ds.Reported[i].ID }))
	for i, c := range ds.Meta.Corrections {
		v.correction(i, c)
	}
	if ds.Meta.OfficialLengthKm <= 0 {
		v.fail("meta", "", "official_length_km", ErrMissing)
	}
	v.sources("meta", "", "official_length_source", []string{ds.Meta.OfficialLengthSource})
	for _, m := range ds.Meta.Milestones {
		v.sources("milestones", m.Date.String(), "sources", m.Sources)
		if m.Label == "" {
			v.fail("milestones", m.Date.String(), "label", ErrMissing)
		}
		if !sentence(m.Short) || utf8.RuneCountInString(m.Short) > ShortMax {
			v.fail("milestones", m.Date.String(), "short", fmt.Errorf("%w: %q: want one sentence of at most %d characters, capitalised and ending in a full stop", ErrBadValue, m.Short, ShortMax))
		}
	}
	for _, l := range ds.Meta.ReportedLengths {
		v.qualifier("meta", "", "reported_lengths.qualifier", l.Qualifier)
		v.sources("meta", "", "reported_lengths.source", []string{l.Source})
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
		v.place(p)
	}
	return errors.Join(v.errs...)
}

// sentence reports whether s reads as a sentence: a capital first, a full
// stop last, and no ellipsis that would show a cut.
func sentence(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return s != "" && unicode.IsUpper(r) && strings.HasSuffix(s, ".") && !strings.Contains(s, "…")
}

func ids(n int, id func(int) string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = id(i)
	}
	return out
}

func (v *validator) source(s Source) {
	const coll = "sources"
	if s.ID == "" || s.Publisher == "" || s.Title == "" {
		v.fail(coll, s.ID, "publisher/title", ErrMissing)
	}
	if s.URL == "" && s.Note == "" {
		v.fail(coll, s.ID, "url", fmt.Errorf("%w: a source without a URL must say in its note where it is held", ErrMissing))
	}
	if s.Grade != "" && !slices.Contains(Grades, s.Grade) {
		v.fail(coll, s.ID, "grade", fmt.Errorf("%w: %q (want A, B or C)", ErrBadValue, s.Grade))
	}
	if s.MirrorURL != "" && (s.URL == "" || s.URL == s.MirrorURL || s.Mirror) {
		v.fail(coll, s.ID, "mirror_url", fmt.Errorf("%w: mirror_url is the copy read beside an original url; a source cited only through a mirror sets mirror instead", ErrBadValue))
	}
}

func (v *validator) reported(f ReportedFigure) {
	const coll = "reported"
	if f.Date.IsZero() {
		v.fail(coll, f.ID, "date", ErrMissing)
	}
	if !f.TimePrecision.Valid() {
		v.fail(coll, f.ID, "time_precision", fmt.Errorf("%w: %d (want 1 day, 2 week, 3 month)", ErrBadValue, f.TimePrecision))
	}
	if f.Claimant == "" {
		v.fail(coll, f.ID, "claimant", ErrNoClaimant)
	}
	v.claimantSide(coll, f.ID, "claimant_side", f.ClaimantSide)
	if !slices.Contains(figureKinds, f.Kind) {
		v.fail(coll, f.ID, "kind", fmt.Errorf("%w: %q (want status, round or length)", ErrBadValue, f.Kind))
	}
	if f.Measure == "" {
		v.fail(coll, f.ID, "measure", ErrMissing)
	}
	if f.Figure == "" {
		v.fail(coll, f.ID, "figure", ErrMissing)
	}
	if f.Value < 0 || (f.ValueHigh != 0 && f.ValueHigh < f.Value) {
		v.fail(coll, f.ID, "value", fmt.Errorf("%w: value %g, value_high %g", ErrBadValue, f.Value, f.ValueHigh))
	}
	if f.Value != 0 && f.Unit == "" {
		v.fail(coll, f.ID, "unit", ErrMissing)
	}
	v.qualifier(coll, f.ID, "qualifier", f.Qualifier)
	if !slices.Contains(Grades, f.Grade) {
		v.fail(coll, f.ID, "grade", fmt.Errorf("%w: %q (want A, B or C)", ErrBadValue, f.Grade))
	}
	v.sources(coll, f.ID, "sources", f.Sources)
}

func (v *validator) correction(i int, c Correction) {
	id := fmt.Sprintf("#%d", i+1)
	if c.Date.IsZero() {
		v.fail("corrections", id, "date", ErrMissing)
	}
	if c.Feature == "" || c.Change == "" || c.Reason == "" {
		v.fail("corrections", id, "feature/change/reason", ErrMissing)
	}
}

func (v *validator) qualifier(coll, id, field, q string) {
	if !slices.Contains(Qualifiers, q) {
		v.fail(coll, id, field, fmt.Errorf("%w: %q", ErrBadValue, q))
	}
}

func (v *validator) claimantSide(coll, id, field, side string) {
	if !slices.Contains(ClaimantSides, side) {
		v.fail(coll, id, field, fmt.Errorf("%w: %q (want Kyrgyzstan, Tajikistan or third party)", ErrBadValue, side))
	}
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
	v.location(coll, e.ID, e.Location, e.GeoPrecision, e.LocationBasis)
	v.area(coll, e)
	if e.EventType == "" {
		v.fail(coll, e.ID, "event_type", ErrMissing)
	}
	switch e.Kind {
	case "":
		for i, c := range e.Claims {
			if c.Scope == ScopeEpisode {
				v.fail(coll, e.ID, fmt.Sprintf("claims[%d].scope", i), ErrEpisodeTotal)
			}
		}
	case KindEpisode:
		if e.DateEnd.IsZero() || !e.DateStart.Before(e.DateEnd) {
			v.fail(coll, e.ID, "date_end", fmt.Errorf("%w: an episode spans more than one day", ErrBadValue))
		}
	default:
		v.fail(coll, e.ID, "kind", fmt.Errorf("%w: %q (want \"episode\" or none)", ErrBadValue, e.Kind))
	}
	v.sources(coll, e.ID, "sources", e.Sources)
	v.claims(coll, e.ID, "claims", e.Claims)
}

// area checks that an area-level point covers every place its versions
// name: each lies within the precision's uncertainty radius of the point.
func (v *validator) area(coll string, e Event) {
	if len(e.AreaOf) == 0 {
		return
	}
	if e.Location == nil || e.GeoPrecision != AreaOnly {
		v.fail(coll, e.ID, "area_of", fmt.Errorf("%w: an area needs a point at precision 3", ErrBadValue))
		return
	}
	if v.places == nil {
		return
	}
	for _, id := range e.AreaOf {
		p, ok := v.places[id]
		switch {
		case !ok:
			v.fail(coll, e.ID, "area_of", fmt.Errorf("%w: no place %q in the gazetteer", ErrBadValue, id))
		case orbgeo.Distance(*e.Location, p.Location) > AreaOnly.UncertaintyM():
			v.fail(coll, e.ID, "area_of", fmt.Errorf("%w: %s lies outside the area's %g m", ErrBadValue, id, AreaOnly.UncertaintyM()))
		}
	}
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
		if c.Claimant == "" {
			v.fail(coll, d.ID, field+".claimant", ErrNoClaimant)
		}
		v.claimantSide(coll, d.ID, field+".claimant_side", c.ClaimantSide)
		if !c.Date.IsZero() && !c.TimePrecision.Valid() {
			v.fail(coll, d.ID, field+".time_precision", fmt.Errorf("%w: %d", ErrBadValue, c.TimePrecision))
		}
		v.sources(coll, d.ID, field+".source", []string{c.Source})
	}
	v.location(coll, d.ID, d.Location, d.GeoPrecision, d.LocationBasis)
	v.sources(coll, d.ID, "sources", d.Sources)
	v.claims(coll, d.ID, "quantity", d.Quantity)
	for i, c := range d.Quantity {
		if c.Scope == ScopeEpisode {
			v.fail(coll, d.ID, fmt.Sprintf("quantity[%d].scope", i), ErrEpisodeTotal)
		}
	}
}

func (v *validator) location(coll, id string, p *orb.Point, prec GeoPrecision, basis string) {
	if p != nil && basis == "" {
		v.fail(coll, id, "location_basis", ErrNoLocationBasis)
	}
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
		v.qualifier(coll, id, f+".qualifier", c.Qualifier)
		if c.Claimant == "" {
			v.fail(coll, id, f+".claimant", ErrNoClaimant)
		}
		v.claimantSide(coll, id, f+".claimant_side", c.ClaimantSide)
		if !slices.Contains([]string{"", ScopeEpisode}, c.Scope) {
			v.fail(coll, id, f+".scope", fmt.Errorf("%w: %q (want \"episode\" or none)", ErrBadValue, c.Scope))
		}
		if !slices.Contains([]string{"", StandingConsolid, StandingEarly, StandingSuperseded}, c.Standing) {
			v.fail(coll, id, f+".standing", fmt.Errorf("%w: %q (want consolidated, early or superseded)", ErrBadValue, c.Standing))
		}
		if i > 0 && cs[i-1].Outdated() && !c.Outdated() {
			v.fail(coll, id, f+".standing", ErrClaimOrder)
		}
		if c.AsOfPrecision != 0 && !c.AsOfPrecision.Valid() {
			v.fail(coll, id, f+".as_of_precision", fmt.Errorf("%w: %d", ErrBadValue, c.AsOfPrecision))
		}
		v.sources(coll, id, f+".source", []string{c.Source})
	}
}
