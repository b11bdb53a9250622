package tiles

import (
	"math"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/frontier-map/frontier/geo"
)

// The layers of a Frontier tile, named like the collections of the features
// API so that a style and a client of both see one vocabulary.
const (
	LayerFrontier    = "frontier"
	LayerClashes     = "clashes"
	LayerDeployments = "deployments"
	LayerCountries   = "countries"
	LayerPlaces      = "places"
)

// The field types a TileJSON's vector_layers name, as GDAL and Mapbox read
// them.
const (
	FieldString  = "String"
	FieldNumber  = "Number"
	FieldBoolean = "Boolean"
)

// Field is one property a layer's features may carry.
type Field struct {
	Name string
	Type string // FieldString, FieldNumber or FieldBoolean
}

// LayerSchema describes one layer: what it holds, which properties its
// features carry and at which zooms it is drawn. Tiles are encoded from it
// and the TileJSON describes it, so the two cannot drift apart.
type LayerSchema struct {
	ID          string
	Description string
	// Dimension is the dimension of the layer's geometries: 0 points, 1
	// lines, 2 polygons (OGC tileset metadata's geometryDimension; a style
	// draws them as circles, lines or fills).
	Dimension int
	Fields    []Field
	MinZoom   uint32
	MaxZoom   uint32
}

// Schemas returns every layer a tile can hold, in the order they are
// encoded: context below, the frontier and its events on top.
//
// Every property is a scalar (MVT has no arrays or objects). A property
// with no value (an empty string, an unknown figure) is left out of the
// feature rather than written as "" or 0, so a style tests it with "has".
func Schemas() []LayerSchema {
	out := slices.Clone(schemas)
	for i := range out {
		out[i].Fields = slices.Clone(out[i].Fields)
	}
	return out
}

var schemas = []LayerSchema{
	{
		ID:          LayerCountries,
		Dimension:   2,
		Description: "Kyrgyzstan, Tajikistan and Uzbekistan (Natural Earth 1:10m admin-0), for context.",
		Fields: []Field{
			{"id", FieldString}, {"name", FieldString}, {"iso_a3", FieldString},
		},
		MaxZoom: MaxZoom,
	},
	{
		ID:          LayerFrontier,
		Dimension:   1,
		Description: "The Kyrgyzstan–Tajikistan frontier by sector, with its status as of the tile's datetime. The line is schematic.",
		Fields: []Field{
			{"id", FieldString}, {"sector", FieldString},
			{"status", FieldString},       // contested or delimited, as of the datetime
			{"status_since", FieldString}, // first day of that status; absent when it held since before the sources reach
			{"geometry_quality", FieldString},
			{"length_km", FieldNumber}, // the whole segment's length on the ground, not the part in the tile
			// In archives for static pages only (Options.Validity): every
			// period as "status:from:to" (from inclusive, to exclusive, either
			// empty when open), comma-separated, oldest first.
			{"status_periods", FieldString},
		},
		MaxZoom: MaxZoom,
	},
	{
		ID:          LayerDeployments,
		Dimension:   0,
		Description: "Weapons systems, plants and assistance programmes with a dated claim on or before the tile's datetime, where a source locates them.",
		Fields: []Field{
			{"id", FieldString}, {"system", FieldString}, {"category", FieldString}, {"operator", FieldString},
			{"status", FieldString}, // the latest claimed status on or before the datetime
			{"geo_precision", FieldNumber}, {"uncertainty_m", FieldNumber}, {"place", FieldString},
		},
		MaxZoom: MaxZoom,
	},
	{
		ID:        LayerClashes,
		Dimension: 0,
		Description: "Clashes and incidents that started on or before the tile's datetime, where a source locates them. " +
			"Where more than one falls in the same eighth of a tile (64 pixels on a 512-pixel tile), they are drawn as one cluster " +
			"(cluster true, point_count, the sums of the figures claimed for the killed, the date range, expansion_zoom); an event alone in its cell is drawn as itself.",
		Fields: []Field{
			{"id", FieldString}, // the event's id; "~cluster/z/x/y" for a cluster (its grid cell)
			{"title", FieldString},
			{"date_start", FieldString}, {"date_end", FieldString}, // a cluster's: its first start and last end
			{"date_label", FieldString},
			{"time_precision", FieldNumber}, // 1 day, 2 week, 3 month
			{"geo_precision", FieldNumber},  // 1 stated coordinates, 2 near a named place, 3 only the area
			{"uncertainty_m", FieldNumber},  // radius within which the event lies
			{"event_type", FieldString}, {"place", FieldString},
			// The lowest and highest figure claimed for the killed; a
			// cluster's are the sums over its events with a figure.
			{"fatalities_low", FieldNumber}, {"fatalities_high", FieldNumber},
			{"cluster", FieldBoolean},                // true on a cluster; absent on an event
			{"point_count", FieldNumber},             // the events in the cluster
			{"point_count_abbreviated", FieldString}, // 950, 1.2k, 34k, for a label
			{"expansion_zoom", FieldNumber},          // the zoom at which the cluster splits; absent when its events share one spot
		},
		MaxZoom: MaxZoom,
	},
	{
		ID:          LayerPlaces,
		Dimension:   0,
		Description: "Settlements whose coordinates a source states.",
		Fields: []Field{
			{"id", FieldString}, {"name", FieldString}, {"country", FieldString},
		},
		MaxZoom: MaxZoom,
	},
}

// props builds a feature's properties, leaving out empty values.
type props geojson.Properties

func (p props) str(k, v string) {
	if v != "" {
		p[k] = v
	}
}

func (p props) num(k string, v int64) { p[k] = v }

func feature(id string, g orb.Geometry, p props) *geojson.Feature {
	p.str("id", id)
	return &geojson.Feature{Type: "Feature", Geometry: g, Properties: geojson.Properties(p)}
}

// frontierFeature is segment s as of asOf, its geometry not yet set; km is
// its length (geo.Segment.LengthKm), which the shape index computes once.
// With validity it also carries status_periods (see StatusPeriods).
func frontierFeature(s geo.Segment, km float64, asOf time.Time, validity bool) *geojson.Feature {
	p := props{}
	p.str("sector", s.Sector)
	p.str("geometry_quality", s.GeometryQuality)
	p["length_km"] = math.Round(km*1000) / 1000
	if per, err := s.At(asOf); err == nil {
		p.str("status", string(per.Status))
		p.str("status_since", per.ValidFrom.String())
	}
	if validity {
		p.str("status_periods", StatusPeriods(s))
	}
	return feature(s.ID, nil, p)
}

// StatusPeriods writes a segment's status history as status_periods holds
// it: "contested:2021-01-01:2025-03-13,delimited:2025-03-13:".
func StatusPeriods(s geo.Segment) string {
	parts := make([]string, 0, len(s.History))
	for _, p := range s.History {
		parts = append(parts, string(p.Status)+":"+p.ValidFrom.String()+":"+p.ValidTo.String())
	}
	return strings.Join(parts, ",")
}

func clashFeatures(evs []geo.Event, asOf time.Time) []*geojson.Feature {
	out := make([]*geojson.Feature, 0, len(evs))
	for _, e := range evs {
		if e.Location == nil || e.DateStart.IsZero() || e.DateStart.Time().After(asOf) {
			continue
		}
		p := props{}
		p.str("title", e.Title)
		p.str("date_start", e.DateStart.String())
		p.str("date_end", e.DateEnd.String())
		p.str("date_label", e.DateLabel())
		p.num("time_precision", int64(e.TimePrecision))
		p.num("geo_precision", int64(e.GeoPrecision))
		p.num("uncertainty_m", int64(e.GeoPrecision.UncertaintyM()))
		p.str("event_type", e.EventType)
		p.str("place", e.Place)
		if lo, hi, ok := e.Figures("killed"); ok {
			p.num("fatalities_low", int64(lo))
			p.num("fatalities_high", int64(hi))
		}
		out = append(out, feature(e.ID, *e.Location, p))
	}
	return out
}

func deploymentFeatures(deps []geo.Deployment, asOf time.Time) []*geojson.Feature {
	out := make([]*geojson.Feature, 0, len(deps))
	for _, d := range deps {
		c, ok := d.StatusAt(asOf)
		if d.Location == nil || !ok {
			continue
		}
		p := props{}
		p.str("system", d.System)
		p.str("category", d.Category)
		p.str("operator", d.Operator)
		p.str("status", c.Status)
		p.num("geo_precision", int64(d.GeoPrecision))
		p.num("uncertainty_m", int64(d.GeoPrecision.UncertaintyM()))
		p.str("place", d.Place)
		out = append(out, feature(d.ID, *d.Location, p))
	}
	return out
}

func countryFeatures(cs []geo.Country) []*geojson.Feature {
	out := make([]*geojson.Feature, 0, len(cs))
	for _, c := range cs {
		if len(c.Geometry) == 0 {
			continue
		}
		p := props{}
		p.str("name", c.Name)
		p.str("iso_a3", c.ISO3)
		out = append(out, feature(c.ID, c.Geometry, p))
	}
	return out
}

func placeFeatures(ps []geo.Place) []*geojson.Feature {
	out := make([]*geojson.Feature, 0, len(ps))
	for _, pl := range ps {
		p := props{}
		p.str("name", pl.Name)
		p.str("country", pl.Country)
		out = append(out, feature(pl.ID, pl.Location, p))
	}
	return out
}
