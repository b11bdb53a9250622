package tiles

import (
	"context"
	"html"
	"math"
	"net/url"
	"strings"

	"github.com/paulmach/orb"
)

// TilePath is the default path of the tile endpoint, as a TileJSON template.
const TilePath = "/tiles/border/{z}/{x}/{y}.mvt"

// TileJSONOptions say where the tiles are served.
type TileJSONOptions struct {
	// BaseURL is the server's public root, absolute ("https://example.org"
	// or "https://example.org/frontier" behind a proxy): clients resolve
	// tile URLs against the TileJSON's own URL inconsistently, so they are
	// absolute.
	BaseURL string
	// TilePath is the tile template's path under BaseURL; TilePath when empty.
	TilePath string
	// AboutPath is the path of the sources page under BaseURL; "/about"
	// when empty.
	AboutPath string
	// Datetime is the datetime the TileJSON was asked for, carried into the
	// tile URLs so the map shows that state; empty for none.
	Datetime string
}

// TileJSON is a TileJSON 3.0.0 document.
type TileJSON struct {
	TileJSON     string        `json:"tilejson"`
	Name         string        `json:"name"`
	Description  string        `json:"description"`
	Attribution  string        `json:"attribution"`
	Scheme       string        `json:"scheme"`
	Tiles        []string      `json:"tiles"`
	VectorLayers []VectorLayer `json:"vector_layers"`
	Bounds       [4]float64    `json:"bounds"`
	Center       [3]float64    `json:"center"`
	MinZoom      uint32        `json:"minzoom"`
	MaxZoom      uint32        `json:"maxzoom"`
}

// VectorLayer describes one layer in a TileJSON. Fields maps each property
// to its type, "String" or "Number", which GDAL reads as the field type.
type VectorLayer struct {
	ID          string            `json:"id"`
	Description string            `json:"description"`
	Fields      map[string]string `json:"fields"`
	MinZoom     uint32            `json:"minzoom"`
	MaxZoom     uint32            `json:"maxzoom"`
}

// naturalEarth is the home of the data the frontier and country lines
// derive from.
const naturalEarth = "https://www.naturalearthdata.com/"

// TileJSON describes the tiles for a dataset's current version: where to
// fetch them, their layers and fields, and the data's bounds and centre.
func (r *Renderer) TileJSON(ctx context.Context, opts TileJSONOptions) (TileJSON, error) {
	s, err := r.current(ctx)
	if err != nil {
		return TileJSON{}, err
	}
	base := strings.TrimRight(opts.BaseURL, "/")
	path := opts.TilePath
	if path == "" {
		path = TilePath
	}
	about := opts.AboutPath
	if about == "" {
		about = "/about"
	}
	tiles := base + path
	if opts.Datetime != "" {
		tiles += "?datetime=" + url.QueryEscape(opts.Datetime)
	}
	tj := TileJSON{
		TileJSON:    "3.0.0",
		Name:        "Frontier: the Kyrgyzstan–Tajikistan border",
		Description: "The Kyrgyzstan–Tajikistan frontier by sector with its status over time, the clashes and deployments around it, and context. The line is schematic.",
		Attribution: `<a href="` + html.EscapeString(base+about) + `">Frontier: sources</a> · boundaries from <a href="` + naturalEarth + `">Natural Earth</a>`,
		Scheme:      "xyz",
		Tiles:       []string{tiles},
		MinZoom:     0,
		MaxZoom:     MaxZoom,
		Bounds:      [4]float64{-180, -85.0511, 180, 85.0511},
	}
	for _, sc := range schemas {
		vl := VectorLayer{ID: sc.ID, Description: sc.Description, Fields: map[string]string{}, MinZoom: sc.MinZoom, MaxZoom: sc.MaxZoom}
		for _, f := range sc.Fields {
			vl.Fields[f.Name] = f.Type
		}
		tj.VectorLayers = append(tj.VectorLayers, vl)
	}
	if !s.empty {
		b := s.bounds
		tj.Bounds = [4]float64{round6(b.Min[0]), round6(b.Min[1]), round6(b.Max[0]), round6(b.Max[1])}
		c := s.frontier.Center()
		tj.Center = [3]float64{round6(c[0]), round6(c[1]), float64(fitZoom(s.frontier))}
	}
	return tj, nil
}

func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }

// fitZoom is the deepest zoom at which b fits in about 1,000 pixels of
// 256-pixel tiles, the width of a map on a laptop: the whole frontier in
// view when the map opens.
func fitZoom(b orb.Bound) uint32 {
	w := max(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1], 1e-6)
	z := math.Floor(math.Log2(1000.0 / 256 * 360 / w))
	return uint32(min(max(z, 0), MaxZoom))
}
