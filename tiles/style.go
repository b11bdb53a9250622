package tiles

import "math"

// StyleOptions say where a style's tiles come from.
type StyleOptions struct {
	// SourceURL is the vector source's url: a TileJSON's absolute URL
	// ("https://example.org/tiles/border.json") or a PMTiles archive's
	// ("pmtiles://https://example.org/border.pmtiles", which MapLibre reads
	// through the pmtiles protocol).
	SourceURL string
}

// StyleSource is the id of the style's one vector source.
const StyleSource = "frontier"

// The colours and strokes of the map page (web/ui/border-layer.js,
// web/ui/markers.js), so that a MapLibre map of these tiles reads as the
// page does: contested and delimited differ by dash and width as well as
// colour, and an event whose place is uncertain is an area, never a pin.
const (
	styleWater        = "#dbe4ea"
	styleCountryLine  = "#8a8a8a"
	styleContested    = "#b3261e"
	styleDelimited    = "#1d3f73"
	styleUnknown      = "#5c5c5c"
	styleClashLine    = "#8e1b10"
	styleClashFill    = "#d9442c"
	styleDeployLine   = "#3b2a80"
	styleDeployFill   = "#6a51c9"
	stylePlace        = "#222222"
	styleCasing       = "rgba(255,255,255,0.85)"
	contestedWidth    = 4.5
	delimitedWidth    = 2.5
	unknownWidth      = 2.0
	pointRadiusPixels = 6
)

// metresPerPixelZ0 is the ground size of a pixel at zoom 0 on MapLibre's
// 512-pixel tiles at 40°N, the frontier's latitude: an uncertainty radius
// in metres divided by it (and doubled per zoom) is the circle's radius in
// pixels there.
var metresPerPixelZ0 = 2 * math.Pi * 6378137 * math.Cos(40*math.Pi/180) / 512

// Style returns a MapLibre style (version 8) drawing every layer of the
// tiles as the map page does. It names no glyphs, so it has no text: places
// are dots, clusters are sized by their count. Each layer's id says what
// it draws, for a client that toggles them.
func Style(opts StyleOptions) map[string]any {
	layer := func(id, typ, source string, extra map[string]any) map[string]any {
		l := map[string]any{"id": id, "type": typ, "source": StyleSource, "source-layer": source}
		for k, v := range extra {
			l[k] = v
		}
		return l
	}
	status := []any{"get", "status"}
	// uncertainty draws an event's radius in metres, or a small circle
	// where the source states the coordinates.
	uncertainty := func(z float64) any {
		return []any{"case",
			[]any{"all", []any{"has", "uncertainty_m"}, []any{"!=", []any{"get", "geo_precision"}, 1}},
			[]any{"max", pointRadiusPixels, []any{"/", []any{"get", "uncertainty_m"}, metresPerPixelZ0 / math.Pow(2, z)}},
			pointRadiusPixels}
	}
	radius := []any{"interpolate", []any{"exponential", 2}, []any{"zoom"}, 0, uncertainty(0), 16, uncertainty(16)}
	notCluster := []any{"!", []any{"to-boolean", []any{"get", "cluster"}}}
	return map[string]any{
		"version": 8,
		"name":    "Frontier: the Kyrgyzstan–Tajikistan border",
		"metadata": map[string]any{
			"frontier:about": "The frontier by status (contested: thick and dashed; delimited: thin and solid), clashes and deployments as areas as wide as their location is uncertain, countries and places for context. The line is schematic.",
		},
		"center": []float64{70.5, 39.9},
		"zoom":   7,
		"sources": map[string]any{
			StyleSource: map[string]any{"type": "vector", "url": opts.SourceURL},
		},
		"layers": []any{
			map[string]any{"id": "background", "type": "background", "paint": map[string]any{"background-color": styleWater}},
			layer("countries-fill", "fill", LayerCountries, map[string]any{"paint": map[string]any{
				"fill-color": []any{"match", []any{"get", "iso_a3"}, "KGZ", "#f4efe4", "TJK", "#e9f0f2", "UZB", "#eeeeea", "#efefef"},
			}}),
			layer("countries-line", "line", LayerCountries, map[string]any{"paint": map[string]any{"line-color": styleCountryLine, "line-width": 1}}),
			// A pale casing under the line keeps it readable over any fill.
			layer("frontier-casing", "line", LayerFrontier, map[string]any{
				"layout": map[string]any{"line-join": "round"},
				"paint": map[string]any{"line-color": styleCasing,
					"line-width": []any{"match", status, "contested", contestedWidth + 2, "delimited", delimitedWidth + 2, unknownWidth + 2}},
			}),
			layer("frontier-delimited", "line", LayerFrontier, map[string]any{
				"filter": []any{"==", status, "delimited"},
				"layout": map[string]any{"line-join": "round"},
				"paint":  map[string]any{"line-color": styleDelimited, "line-width": delimitedWidth},
			}),
			// Dashes are in line widths: 9 px on, 6 off at 4.5 px, as the page.
			layer("frontier-contested", "line", LayerFrontier, map[string]any{
				"filter": []any{"==", status, "contested"},
				"layout": map[string]any{"line-join": "round"},
				"paint":  map[string]any{"line-color": styleContested, "line-width": contestedWidth, "line-dasharray": []float64{2, 6 / contestedWidth}},
			}),
			layer("frontier-unknown", "line", LayerFrontier, map[string]any{
				"filter": []any{"!", []any{"in", status, []any{"literal", []string{"contested", "delimited"}}}},
				"paint":  map[string]any{"line-color": styleUnknown, "line-width": unknownWidth, "line-dasharray": []float64{1, 2}},
			}),
			layer("deployments", "circle", LayerDeployments, map[string]any{"paint": map[string]any{
				"circle-radius": radius, "circle-color": styleDeployFill, "circle-opacity": 0.18,
				"circle-stroke-color": styleDeployLine, "circle-stroke-width": 2, "circle-pitch-alignment": "map",
			}}),
			layer("clashes", "circle", LayerClashes, map[string]any{
				"filter": notCluster,
				"paint": map[string]any{
					"circle-radius": radius, "circle-color": styleClashFill, "circle-opacity": 0.22, "circle-pitch-alignment": "map",
					"circle-stroke-width": 2,
					"circle-stroke-color": []any{"match", []any{"get", "event_type"},
						"Explosions/Remote violence", "#6b1d00", "Violence against civilians", "#7a0f3d", "Strategic developments", "#5b4a00", styleClashLine},
				},
			}),
			// A cluster grows with the events in it: 10 px for a few, 22
			// for a thousand.
			layer("clashes-clusters", "circle", LayerClashes, map[string]any{
				"filter": []any{"to-boolean", []any{"get", "cluster"}},
				"paint": map[string]any{
					"circle-radius": []any{"interpolate", []any{"linear"}, []any{"ln", []any{"max", 1, []any{"get", "point_count"}}}, 0, 10, math.Log(1000), 22},
					"circle-color":  styleClashFill, "circle-opacity": 0.55, "circle-stroke-color": styleClashLine, "circle-stroke-width": 2,
				},
			}),
			layer("places", "circle", LayerPlaces, map[string]any{"paint": map[string]any{
				"circle-radius": 3, "circle-color": stylePlace, "circle-stroke-color": "rgba(255,255,255,0.9)", "circle-stroke-width": 1.5,
			}}),
		},
	}
}
