package geo

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// Importing turns a file a data desk brings (an ACLED export, a GeoJSON
// FeatureCollection) into domain values, one row at a time, each checked
// with the same rules as the bundled data. Decoding text into geo types does
// no I/O beyond reading the io.Reader it is given, so it lives here rather
// than in package data, which only writes what comes out.

// RowError is one problem with one row of an imported file: the CSV line
// (Line) or the GeoJSON feature (Feature, 1-based, with its id when it has
// one), the field in the file's own vocabulary, and what is wrong.
type RowError struct {
	Line    int    // CSV line, 1-based; 0 for GeoJSON
	Feature int    // GeoJSON feature, 1-based; 0 for CSV
	ID      string // the row's id, when it could be read
	Field   string
	Err     error
}

func (e *RowError) Error() string {
	var where string
	switch {
	case e.Line > 0:
		where = fmt.Sprintf("line %d", e.Line)
	case e.ID != "":
		where = fmt.Sprintf("feature %d (%q)", e.Feature, e.ID)
	default:
		where = fmt.Sprintf("feature %d", e.Feature)
	}
	if e.Field == "" {
		return where + ": " + e.Err.Error()
	}
	if bv, ok := e.Err.(*badValue); ok {
		return where + ": " + e.Field + " " + bv.Error()
	}
	return where + ": " + e.Field + ": " + e.Err.Error()
}

func (e *RowError) Unwrap() error { return e.Err }

// Row is one decoded row of an imported file. Err, when not nil, joins the
// row's *RowError values and the row must not be stored.
type Row struct {
	Line, Feature int
	// Value is the row's value (an Event, a Deployment), which its
	// collection's Put stores; nil when Err is set.
	Value any
	// Sources are the sources the row brings that the file has not brought
	// before (an ACLED row's source text becomes one).
	Sources []Source
	Err     error
}

// Errors returns the row's problems, each a *RowError.
func (r Row) Errors() []*RowError {
	var out []*RowError
	errs := []error{r.Err}
	if j, ok := r.Err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	for _, e := range errs {
		var re *RowError
		if errors.As(e, &re) {
			out = append(out, re)
		}
	}
	return out
}

// Check validates one event on its own against the sources it may cite,
// with the rules Dataset.Validate applies (every problem, each a
// *FeatureError, joined).
func (e Event) Check(idx SourceIndex) error {
	return checkOne(idx, "clashes", e.ID, func(v *validator) { v.event(e) })
}

// Check validates one deployment on its own against the sources it may cite.
func (d Deployment) Check(idx SourceIndex) error {
	return checkOne(idx, "deployments", d.ID, func(v *validator) { v.deployment(d) })
}

// rowErrors turns a Check's FeatureErrors into RowErrors at a row, renaming
// fields through rename (domain name to the file's column) when it knows them.
func rowErrors(err error, at RowError, rename func(string) string) error {
	if err == nil {
		return nil
	}
	var errs []error
	var fes []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		fes = j.Unwrap()
	} else {
		fes = []error{err}
	}
	for _, e := range fes {
		re := at
		var fe *FeatureError
		if errors.As(e, &fe) {
			re.Field, re.Err = fe.Field, fe.Err
			if rename != nil {
				re.Field = rename(fe.Field)
			}
		} else {
			re.Err = e
		}
		errs = append(errs, &re)
	}
	return errors.Join(errs...)
}

// DecodeFeatures reads a GeoJSON FeatureCollection of one writable
// collection (clashes, deployments) feature by feature: a feature that does
// not decode or validate is reported in its Row and the others are still
// read. known are the sources features may cite (the store's). Only a file
// that is not a FeatureCollection at all is an error.
func DecodeFeatures(b []byte, collection string, known SourceIndex) ([]Row, error) {
	coll, ok := LookupCollection(collection)
	if !ok || !coll.Writable() {
		return nil, fmt.Errorf("geo: import: %w: collection %q (want %s)", ErrBadValue, collection, CollectionIDs((*Collection).Writable))
	}
	var fc struct {
		Type     string            `json:"type"`
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		return nil, fmt.Errorf("geo: import: not GeoJSON: %w", err)
	}
	if fc.Type != "FeatureCollection" {
		return nil, fmt.Errorf("geo: import: %w: want a FeatureCollection, got type %q", ErrBadValue, fc.Type)
	}
	rows := make([]Row, 0, len(fc.Features))
	seen := make(map[string]int, len(fc.Features))
	for i, raw := range fc.Features {
		row := Row{Feature: i + 1}
		at := RowError{Feature: i + 1}
		fail := func(field string, err error) {
			e := at
			e.Field, e.Err = field, err
			row.Err = errors.Join(row.Err, &e)
		}
		var f struct {
			Type       string          `json:"type"`
			ID         any             `json:"id"`
			Geometry   json.RawMessage `json:"geometry"`
			Properties json.RawMessage `json:"properties"`
		}
		if err := json.Unmarshal(raw, &f); err != nil {
			fail("", fmt.Errorf("%w: not a feature object: %v", ErrBadValue, err))
			rows = append(rows, row)
			continue
		}
		id, err := featureID(f.ID)
		if err != nil {
			fail("id", err)
		}
		at.ID = id
		if f.Type != "Feature" {
			fail("type", fmt.Errorf("%w: %q (want Feature)", ErrBadValue, f.Type))
		}
		if j := seen[id]; id != "" && j > 0 {
			fail("id", fmt.Errorf("%w: also feature %d", ErrDuplicateID, j))
		} else if id != "" {
			seen[id] = i + 1
		}
		var g orb.Geometry
		if len(f.Geometry) > 0 && string(f.Geometry) != "null" {
			if gj, err := geojson.UnmarshalGeometry(f.Geometry); err != nil {
				fail("geometry", fmt.Errorf("%w: %v", ErrBadValue, err))
			} else {
				g = gj.Geometry()
			}
		}
		props := f.Properties
		if len(props) == 0 || string(props) == "null" {
			props = []byte("{}")
		}
		if row.Err != nil {
			rows = append(rows, row)
			continue
		}
		v, err := coll.Decode(id, g, props)
		if err == nil {
			err = coll.Check(v, known)
		}
		if row.Err = rowErrors(err, at, nil); row.Err == nil {
			row.Value = v
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// jsonFieldErr words a JSON type error with the property it is in.
func jsonFieldErr(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return fmt.Errorf("property %s: %s where %s is wanted", te.Field, te.Value, te.Type)
	}
	return errors.New(strings.TrimPrefix(err.Error(), "json: "))
}

// Record is the event as the seeds and imports write it: a feature whose
// properties are the domain's own fields, sources by id, so that it imports
// back as it is (Feature is the served form, with sources resolved).
func (e Event) Record() *Feature { return record(e.ID, pointGeometry(e.Location), e) }

// Record is the deployment in the form the seeds and imports use.
func (d Deployment) Record() *Feature { return record(d.ID, pointGeometry(d.Location), d) }

func record(id string, g orb.Geometry, v any) *Feature {
	b, err := json.Marshal(v)
	props := geojson.Properties{}
	if err == nil {
		err = json.Unmarshal(b, &props)
	}
	if err != nil {
		// The domain types marshal by construction; a failure is a bug.
		panic(fmt.Sprintf("geo: record %s: %v", id, err))
	}
	return &Feature{ID: id, Type: "Feature", Geometry: g, Properties: props}
}
