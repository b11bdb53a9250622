package geo

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"math"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// CoordinateFactor rounds served coordinates to 7 decimals (about 1 cm), the
// most RFC 7946 advises and far finer than any source here.
const CoordinateFactor = 1e7

func roundKm(v float64) float64 { return math.Round(v*1000) / 1000 }

// Feature is how every collection's features are served.
type Feature = geojson.Feature

func newFeature(id string, g orb.Geometry, props geojson.Properties) *Feature {
	if g != nil {
		g = orb.Round(orb.Clone(g), CoordinateFactor)
	}
	return &Feature{ID: id, Type: "Feature", Geometry: g, Properties: props}
}

// Feature renders the segment as of the interval: its status at the
// interval's AsOf instant (now standing in for an open end), and, when the
// interval spans a change, every status it held inside it.
func (s Segment) Feature(iv Interval, now time.Time, idx SourceIndex) *Feature {
	asOf := iv.AsOf(now)
	props := geojson.Properties{
		"sector":           s.Sector,
		"geometry_quality": s.GeometryQuality,
		"length_km":        roundKm(s.LengthKm()),
		"as_of":            asOf.Format(time.RFC3339),
		"status_history":   s.History,
		"sources":          idx.Resolve(s.Sources()),
	}
	if p, err := s.At(asOf); err == nil {
		props["status"] = string(p.Status)
		props["status_basis"] = nullable(p.Basis)
		props["status_since"] = nullable(p.ValidFrom.String())
		props["status_until"] = nullable(p.ValidTo.String())
	} else {
		props["status"] = nil
		props["status_basis"], props["status_since"], props["status_until"] = nil, nil, nil
	}
	statuses := s.StatusesIn(iv)
	names := make([]string, len(statuses))
	for i, st := range statuses {
		names[i] = string(st)
	}
	props["statuses_in_interval"] = names
	if s.Notes != "" {
		props["notes"] = s.Notes
	}
	return newFeature(s.ID, s.Line, props)
}

func pointGeometry(p *orb.Point) orb.Geometry {
	if p == nil {
		return nil
	}
	return *p
}

// Feature renders the event with its sources in full and its date and
// precision spelled out for readers.
func (e Event) Feature(idx SourceIndex) *Feature {
	props := geojson.Properties{
		"title":               e.Title,
		"date_start":          e.DateStart.String(),
		"date_end":            e.DateEnd.String(),
		"date_label":          e.DateLabel(),
		"time_precision":      int(e.TimePrecision),
		"geo_precision":       int(e.GeoPrecision),
		"geo_precision_label": e.GeoPrecision.String(),
		"uncertainty_m":       e.GeoPrecision.UncertaintyM(),
		"place":               e.Place,
		"place_spellings":     nonNil(e.Spellings),
		"admin1":              nullable(e.Admin1),
		"admin2":              nullable(e.Admin2),
		"country":             nullable(e.Country),
		"event_type":          e.EventType,
		"sub_event_type":      nullable(e.SubEventType),
		"actors":              nonNil(e.Actors),
		"claims":              nonNil(e.Claims),
		"notes":               e.Notes,
		"sources":             idx.Resolve(e.Sources),
		"kind":                nullable(e.Kind),
		"date_basis":          nullable(e.DateBasis),
		"location_basis":      nullable(e.LocationBasis),
		"area_of":             nonNil(e.AreaOf),
		"country_at_scale":    nullable(e.CountryAtScale),
		"wrong_side_at_scale": e.WrongSide(),
	}
	if lo, hi, ok := e.Figures("killed"); ok {
		props["fatalities_low"] = lo
		props["fatalities_high"] = hi
	} else {
		props["fatalities_low"] = nil
		props["fatalities_high"] = nil
	}
	return newFeature(e.ID, pointGeometry(e.Location), props)
}

// Feature renders the deployment with its status as of now.
func (d Deployment) Feature(now time.Time, idx SourceIndex) *Feature {
	props := geojson.Properties{
		"system":              d.System,
		"category":            d.Category,
		"operator":            d.Operator,
		"supplier":            d.Supplier,
		"since":               nullable(d.Since().String()),
		"status_claims":       nonNil(d.Claims),
		"intended_area":       d.IntendedArea,
		"geo_precision":       int(d.GeoPrecision),
		"geo_precision_label": d.GeoPrecision.String(),
		"uncertainty_m":       d.GeoPrecision.UncertaintyM(),
		"place":               d.Place,
		"location_basis":      nullable(d.LocationBasis),
		"quantity":            nonNil(d.Quantity),
		"notes":               d.Notes,
		"sources":             idx.Resolve(d.Sources),
	}
	if c, ok := d.StatusAt(now); ok {
		props["status"] = c.Status
		props["status_date"] = c.Date.String()
	} else {
		props["status"] = nil
		props["status_date"] = nil
	}
	return newFeature(d.ID, pointGeometry(d.Location), props)
}

// Feature renders the country.
func (c Country) Feature(idx SourceIndex) *Feature {
	return newFeature(c.ID, c.Geometry, geojson.Properties{
		"name":    c.Name,
		"iso_a3":  c.ISO3,
		"sources": idx.Resolve([]string{c.Source}),
	})
}

// Feature renders the place.
func (p Place) Feature(idx SourceIndex) *Feature {
	return newFeature(p.ID, p.Location, geojson.Properties{
		"name":          p.Name,
		"spellings":     nonNil(p.Spellings),
		"country":       p.Country,
		"admin":         p.Admin,
		"as_stated":     p.AsStated,
		"geo_precision": int(ExactPlace),
		"note":          p.Note,
		"sources":       idx.Resolve([]string{p.Source}),
		// At 1:10m the line can pass on the wrong side of a village; the
		// point is the source's and is never moved, so the map says so.
		"country_at_scale":    nullable(p.CountryAtScale),
		"wrong_side_at_scale": p.WrongSide(),
	})
}

// nullable is nil for an absent text, so that it is served as null.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// The seeds and imports are GeoJSON FeatureCollections whose properties are
// the domain types' JSON fields and whose feature ids are the domain ids.

// UnmarshalSegments reads frontier segments from a FeatureCollection of
// LineStrings.
func UnmarshalSegments(b []byte) ([]Segment, error) { return unmarshal(b, "frontier", setSegment) }

// UnmarshalEvents reads clash events from a FeatureCollection of Points (or
// null geometries, for events no source locates).
func UnmarshalEvents(b []byte) ([]Event, error) { return unmarshal(b, "clashes", setEvent) }

// UnmarshalDeployments reads deployments from a FeatureCollection of Points
// or null geometries.
func UnmarshalDeployments(b []byte) ([]Deployment, error) {
	return unmarshal(b, "deployments", setDeployment)
}

// UnmarshalCountries reads country polygons; a Polygon becomes a MultiPolygon
// of one.
func UnmarshalCountries(b []byte) ([]Country, error) { return unmarshal(b, "countries", setCountry) }

// UnmarshalPlaces reads gazetteer places from a FeatureCollection of Points.
func UnmarshalPlaces(b []byte) ([]Place, error) { return unmarshal(b, "places", setPlace) }

// The set functions give a decoded value its id and geometry, refusing a
// geometry its collection cannot hold.

func setSegment(id string, g orb.Geometry, s *Segment) error {
	ls, ok := g.(orb.LineString)
	if !ok {
		return fmt.Errorf("%w: geometry must be a LineString, not %s", ErrBadValue, typeName(g))
	}
	s.ID, s.Line = id, ls
	return nil
}

func setEvent(id string, g orb.Geometry, e *Event) error {
	p, err := optionalPoint(g)
	e.ID, e.Location = id, p
	return err
}

func setDeployment(id string, g orb.Geometry, d *Deployment) error {
	p, err := optionalPoint(g)
	d.ID, d.Location = id, p
	return err
}

func setCountry(id string, g orb.Geometry, c *Country) error {
	switch g := g.(type) {
	case orb.MultiPolygon:
		c.Geometry = g
	case orb.Polygon:
		c.Geometry = orb.MultiPolygon{g}
	default:
		return fmt.Errorf("%w: geometry must be a Polygon or MultiPolygon, not %s", ErrBadValue, typeName(g))
	}
	c.ID = id
	return nil
}

func setPlace(id string, g orb.Geometry, p *Place) error {
	pt, ok := g.(orb.Point)
	if !ok {
		return fmt.Errorf("%w: geometry must be a Point, not %s", ErrBadValue, typeName(g))
	}
	p.ID, p.Location = id, pt
	return nil
}

func optionalPoint(g orb.Geometry) (*orb.Point, error) {
	switch g := g.(type) {
	case nil:
		return nil, nil
	case orb.Point:
		return &g, nil
	default:
		return nil, fmt.Errorf("%w: geometry must be a Point or null, not %s", ErrBadValue, typeName(g))
	}
}

func typeName(g orb.Geometry) string {
	if g == nil {
		return "null"
	}
	return g.GeoJSONType()
}

func unmarshal[T any](b []byte, coll string, set func(id string, g orb.Geometry, v *T) error) ([]T, error) {
	var fc geojson.FeatureCollectionOf[T]
	if err := json.Unmarshal(b, &fc); err != nil {
		return nil, fmt.Errorf("geo: %s: %w", coll, err)
	}
	if fc.Type != "FeatureCollection" {
		return nil, fmt.Errorf("geo: %s: %w: want a FeatureCollection, got type %q", coll, ErrBadValue, fc.Type)
	}
	out := make([]T, len(fc.Features))
	for i, f := range fc.Features {
		id, err := featureID(f.ID)
		if err != nil {
			return nil, &FeatureError{Collection: coll, ID: fmt.Sprintf("#%d", i+1), Field: "id", Err: err}
		}
		out[i] = f.Properties
		if err := set(id, f.Geometry, &out[i]); err != nil {
			return nil, &FeatureError{Collection: coll, ID: id, Field: "geometry", Err: err}
		}
	}
	return out, nil
}

// featureID reads a GeoJSON id, which RFC 7946 allows to be a string or a
// number; Frontier keeps ids as strings.
func featureID(v any) (string, error) {
	switch v := v.(type) {
	case string:
		if v == "" {
			return "", ErrMissing
		}
		return v, nil
	case float64:
		if v != math.Trunc(v) || math.Abs(v) > 1<<53 {
			return "", fmt.Errorf("%w: id %v is not a whole number", ErrBadValue, v)
		}
		return fmt.Sprintf("%d", int64(v)), nil
	case nil:
		return "", ErrMissing
	default:
		return "", fmt.Errorf("%w: id must be a string or a number", ErrBadValue)
	}
}

// WriteFeatureCollection writes features as one GeoJSON FeatureCollection,
// a feature per line, encoding one at a time: an export of a million
// events is never held in memory encoded. It stops, with ctx's error, when
// ctx is done.
func WriteFeatureCollection(ctx context.Context, w io.Writer, features iter.Seq[*Feature]) (n int, err error) {
	if _, err := io.WriteString(w, `{"type":"FeatureCollection","features":[`); err != nil {
		return 0, err
	}
	for f := range features {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		b, err := json.Marshal(f)
		if err != nil {
			return n, err
		}
		if n > 0 {
			io.WriteString(w, ",\n")
		}
		if _, err := w.Write(b); err != nil {
			return n, err
		}
		n++
	}
	_, err = io.WriteString(w, "]}\n")
	return n, err
}
