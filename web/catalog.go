package web

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb/geojson"

	"github.com/frontier-map/frontier/geo"
)

// collection is one layer of the dataset as the API serves it: what it is
// called and described as, which property filters it takes, how its
// features are read and rendered, and how its HTML table reads.
type collection struct {
	ID          string
	Title       string
	Description string
	// GeometryType is the GeoJSON type of its features, for the docs.
	GeometryType string
	Filters      []filterParam
	// CSVLead are the property columns a spreadsheet shows first; the
	// rest follow in alphabetical order.
	CSVLead []string
	// Columns are the HTML table's columns.
	Columns []column
	// Temporal says which properties hold a feature's time, for the
	// collection's temporal extent; empty for a layer with no time.
	Temporal temporalKeys
	// load reads the features meeting f and renders them as of the
	// interval view.
	load func(ctx context.Context, st Store, f geo.Filter, view geo.Interval, now time.Time, idx geo.SourceIndex) ([]*geo.Feature, error)
}

// temporalKeys name the properties holding a feature's first and last day;
// an empty End leaves the extent open at the end (the feature still
// holds).
type temporalKeys struct {
	Start, End string
	// Open says the layer has time but no bounds worth stating: a
	// segment's status is known from before the sources reach until now.
	Open bool
}

// filterParam is a simple property filter: feature property Name equals
// the value given (case-insensitively for text).
type filterParam struct {
	Name        string
	Description string
	// Enum, when set, lists the only values accepted.
	Enum []string
	// Integer marks a numeric property.
	Integer bool
}

// check refuses a value the filter can never match.
func (p filterParam) check(v string) error {
	if v == "" {
		return &ParamError{Param: p.Name, Detail: "empty value"}
	}
	if p.Integer {
		if _, err := strconv.Atoi(v); err != nil {
			return &ParamError{Param: p.Name, Detail: fmt.Sprintf("%q is not a whole number", v)}
		}
	}
	if len(p.Enum) > 0 && !slices.ContainsFunc(p.Enum, func(e string) bool { return strings.EqualFold(e, v) }) {
		return &ParamError{Param: p.Name, Detail: fmt.Sprintf("%q is not one of %s", v, strings.Join(p.Enum, ", "))}
	}
	return nil
}

// matches reports whether the feature's property equals want.
func (p filterParam) matches(props geojson.Properties, want string) bool {
	switch v := props[p.Name].(type) {
	case nil:
		return false
	case string:
		return strings.EqualFold(v, want)
	case int:
		return strconv.Itoa(v) == want
	default:
		return fmt.Sprint(v) == want
	}
}

// newCatalog lists the collections in the order the API shows them.
func newCatalog() []*collection {
	return []*collection{
		{
			ID:    "frontier",
			Title: "Kyrgyzstan–Tajikistan frontier",
			Description: "The frontier as segments (LineStrings, lon/lat) with the history of their status, contested or delimited. " +
				"Each feature's status is as of the datetime parameter (the end of an interval; now by default), and statuses_in_interval lists every status it held within the interval. " +
				"The geometry is schematic: derived from Natural Earth 1:10m, since no official line has been published.",
			GeometryType: "LineString",
			Filters: []filterParam{
				{Name: "status", Description: "Status as of the datetime (its end; now by default).", Enum: []string{string(geo.Contested), string(geo.Delimited)}},
				{Name: "sector", Description: "Sector name, as in the sector property."},
			},
			CSVLead:  []string{"sector", "status", "status_since", "status_until", "status_basis", "statuses_in_interval", "length_km", "as_of"},
			Columns:  frontierColumns(),
			Temporal: temporalKeys{Open: true},
			load: func(ctx context.Context, st Store, f geo.Filter, view geo.Interval, now time.Time, idx geo.SourceIndex) ([]*geo.Feature, error) {
				segs, err := st.Segments(ctx, f)
				return render(segs, err, func(s geo.Segment) *geo.Feature { return s.Feature(view, now, idx) })
			},
		},
		{
			ID:    "clashes",
			Title: "Clashes and incidents",
			Description: "Clashes and incidents on or near the frontier, dated at their time precision (1 day, 2 week, 3 month, as ACLED codes it) and located at their geo precision " +
				"(1 the source states the coordinates, 2 near a named place, 3 only the area is known; no geometry when no source locates it). " +
				"Casualty and displacement figures are kept as competing claims, each with its claimant and source, never averaged.",
			GeometryType: "Point",
			Filters: []filterParam{
				{Name: "event_type", Description: "Event type, as in the event_type property."},
				{Name: "country", Description: "Country the event took place in."},
				{Name: "geo_precision", Description: "Geo precision: 0 not located, 1 coordinates stated by the source, 2 near the named place, 3 only the area is known.", Enum: []string{"0", "1", "2", "3"}, Integer: true},
			},
			CSVLead:  []string{"title", "date_start", "date_end", "date_label", "time_precision", "place", "geo_precision", "event_type", "fatalities_low", "fatalities_high"},
			Columns:  clashColumns(),
			Temporal: temporalKeys{Start: "date_start", End: "date_end"},
			load: func(ctx context.Context, st Store, f geo.Filter, view geo.Interval, now time.Time, idx geo.SourceIndex) ([]*geo.Feature, error) {
				evs, err := st.Events(ctx, f)
				return render(evs, err, func(e geo.Event) *geo.Feature { return e.Feature(idx) })
			},
		},
		{
			ID:    "deployments",
			Title: "Deployments and arms build-up",
			Description: "Weapons systems, plants and assistance programmes in the build-up on either side of the frontier, each with its dated status claims side by side " +
				"(two sources dating the same step differently are two claims). Status is the latest claim on or before the datetime (its end; now by default). Most have no published location.",
			GeometryType: "Point",
			Filters: []filterParam{
				{Name: "operator", Description: "Operator, as in the operator property."},
				{Name: "category", Description: "Category, as in the category property."},
			},
			CSVLead:  []string{"system", "operator", "supplier", "category", "status", "status_date", "since", "intended_area", "place", "geo_precision"},
			Columns:  deploymentColumns(),
			Temporal: temporalKeys{Start: "since"},
			load: func(ctx context.Context, st Store, f geo.Filter, view geo.Interval, now time.Time, idx geo.SourceIndex) ([]*geo.Feature, error) {
				ds, err := st.Deployments(ctx, f)
				asOf := view.AsOf(now)
				return render(ds, err, func(d geo.Deployment) *geo.Feature { return d.Feature(asOf, idx) })
			},
		},
		{
			ID:           "countries",
			Title:        "Countries",
			Description:  "Kyrgyzstan, Tajikistan and Uzbekistan as context polygons (Natural Earth 1:10m admin-0, public domain), so that the map reads without an outside basemap. They carry no time; datetime does not filter them.",
			GeometryType: "MultiPolygon",
			Filters: []filterParam{
				{Name: "iso_a3", Description: "ISO 3166-1 alpha-3 code."},
			},
			CSVLead: []string{"name", "iso_a3"},
			Columns: countryColumns(),
			load: func(ctx context.Context, st Store, f geo.Filter, view geo.Interval, now time.Time, idx geo.SourceIndex) ([]*geo.Feature, error) {
				cs, err := st.Countries(ctx, f)
				return render(cs, err, func(c geo.Country) *geo.Feature { return c.Feature(idx) })
			},
		},
		{
			ID:           "places",
			Title:        "Places",
			Description:  "Gazetteer of the settlements the events name, each at the coordinates a cited source states (as_stated gives them as written). They carry no time; datetime does not filter them.",
			GeometryType: "Point",
			Filters: []filterParam{
				{Name: "country", Description: "Country the place lies in."},
			},
			CSVLead: []string{"name", "country", "admin", "as_stated"},
			Columns: placeColumns(),
			load: func(ctx context.Context, st Store, f geo.Filter, view geo.Interval, now time.Time, idx geo.SourceIndex) ([]*geo.Feature, error) {
				ps, err := st.Places(ctx, f)
				return render(ps, err, func(p geo.Place) *geo.Feature { return p.Feature(idx) })
			},
		},
	}
}

// render turns what the store returned into features.
func render[T any](vs []T, err error, feature func(T) *geo.Feature) ([]*geo.Feature, error) {
	if err != nil {
		return nil, err
	}
	out := make([]*geo.Feature, len(vs))
	for i, v := range vs {
		out[i] = feature(v)
	}
	return out, nil
}

// features reads the collection's features meeting the filter and the
// property filters given, rendered as of view. The store selects by the
// bbox's bounds; features refines that to the geometry itself.
func (s *Server) features(ctx context.Context, coll *collection, f geo.Filter, view geo.Interval, now time.Time, props map[string]string) ([]*geo.Feature, error) {
	srcs, err := s.store.Sources(ctx)
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	idx := geo.Dataset{Sources: srcs}.Index()
	fs, err := coll.load(ctx, s.store, f, view, now, idx)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", coll.ID, err)
	}
	return slices.DeleteFunc(fs, func(ft *geo.Feature) bool {
		if f.BBox != nil && !meets(ft.Geometry, *f.BBox) {
			return true
		}
		for _, p := range coll.Filters {
			if want, ok := props[p.Name]; ok && !p.matches(ft.Properties, want) {
				return true
			}
		}
		return false
	}), nil
}
