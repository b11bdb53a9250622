package geo

import (
	"errors"
	"fmt"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// The desk writes one feature at a time: each collection it writes checks
// one value on its own, with the rules Dataset.Validate applies to the
// whole, as Event.Check and Deployment.Check do for imports.

// Check validates one segment against the sources it may cite.
func (s Segment) Check(idx SourceIndex) error {
	return checkOne(idx, "frontier", s.ID, func(v *validator) { v.segment(s) })
}

// Check validates one place against the sources it may cite.
func (p Place) Check(idx SourceIndex) error {
	return checkOne(idx, "places", p.ID, func(v *validator) { v.place(p) })
}

// checkOne validates one feature of a collection on its own: its id, then
// the collection's rules, every problem a *FeatureError, joined.
func checkOne(idx SourceIndex, coll, id string, rules func(*validator)) error {
	v := &validator{idx: idx}
	if id == "" {
		v.fail(coll, id, "id", ErrMissing)
	}
	rules(v)
	return errors.Join(v.errs...)
}

// Check validates one source.
func (s Source) Check(SourceIndex) error {
	v := &validator{}
	v.source(s)
	return errors.Join(v.errs...)
}

func (v *validator) place(p Place) {
	if p.Name == "" {
		v.fail("places", p.ID, "name", ErrMissing)
	}
	v.points("places", p.ID, p.Location)
	v.sources("places", p.ID, "source", []string{p.Source})
	if p.AsStated == "" {
		v.fail("places", p.ID, "as_stated", ErrMissing)
	}
}

// Record is the segment in the form the seeds use.
func (s Segment) Record() *Feature { return record(s.ID, s.Line, s) }

// Record is the place in the form the seeds use.
func (p Place) Record() *Feature { return record(p.ID, p.Location, p) }

// Record is the source as a feature without geometry; its id is the
// feature's id, not a property.
func (s Source) Record() *Feature {
	f := record(s.ID, nil, s)
	delete(f.Properties, "id")
	return f
}

// Feature is the source as the sources collection serves it.
func (s Source) Feature() *Feature {
	props := geojson.Properties{
		"publisher": s.Publisher,
		"title":     s.Title,
		"url":       nullable(s.URL),
		"published": nullable(s.Published),
		"grade":     nullable(s.Grade),
		"note":      nullable(s.Note),
	}
	return &Feature{ID: s.ID, Type: "Feature", Properties: props}
}

func setSource(id string, g orb.Geometry, s *Source) error {
	if g != nil {
		return fmt.Errorf("%w: a source has no geometry (null), not %s", ErrBadValue, typeName(g))
	}
	s.ID = id
	return nil
}
