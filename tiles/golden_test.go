package tiles

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
)

var update = flag.Bool("update", false, "rewrite the golden tiles in testdata/")

var goldenAsOf = time.Date(2023, 9, 1, 12, 0, 0, 0, time.UTC)

// golden is a decoded tile as stored in testdata: each layer's features in
// tile units.
type golden map[string]*geojson.FeatureCollection

func goldenOf(layers map[string]*mvt.Layer) golden {
	g := golden{}
	for name, l := range layers {
		g[name] = &geojson.FeatureCollection{Type: "FeatureCollection", Features: l.Features}
	}
	return g
}

func TestGolden(t *testing.T) {
	r := NewRenderer(seedSource(t), Options{})
	tests := []struct {
		name string
		key  Key
	}{
		{"batken-z6", keyAt(batken, 6)},
		{"vorukh-z10", keyAt(vorukh, 10)},
		{"kok-tash-z12", keyAt(kokTash, 12)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := goldenOf(decode(t, tile(t, r, tt.key, goldenAsOf)))
			path := filepath.Join("testdata", fmt.Sprintf("%s-%d-%d-%d.json", tt.name, tt.key.Z, tt.key.X, tt.key.Y))
			if *update {
				b, err := json.MarshalIndent(got, "", " ")
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to write it)", err)
			}
			var want golden
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			compareGolden(t, got, want)
		})
	}
}

// compareGolden compares decoded tiles as a reader would: the same layers,
// features and properties, and every vertex of each geometry within two
// units (half a pixel) of the other's.
func compareGolden(tb testing.TB, got, want golden) {
	tb.Helper()
	if !slices.Equal(sortedKeys(got), sortedKeys(want)) {
		tb.Fatalf("layers %v, want %v", sortedKeys(got), sortedKeys(want))
	}
	for name, w := range want {
		g := got[name]
		if len(g.Features) != len(w.Features) {
			tb.Errorf("layer %s: %d features, want %d", name, len(g.Features), len(w.Features))
			continue
		}
		for i, wf := range w.Features {
			gf := g.Features[i]
			// Through JSON, so numbers compare as float64 on both sides.
			if a, b := jsonOf(tb, gf.Properties), jsonOf(tb, wf.Properties); a != b {
				tb.Errorf("layer %s feature %d properties\n got %s\nwant %s", name, i, a, b)
			}
			if gf.Geometry.GeoJSONType() != wf.Geometry.GeoJSONType() {
				tb.Errorf("layer %s feature %d: %s, want %s", name, i, gf.Geometry.GeoJSONType(), wf.Geometry.GeoJSONType())
				continue
			}
			if d := farthest(gf.Geometry, wf.Geometry); d > 2 {
				tb.Errorf("layer %s feature %d (%v): geometry is %.1f units from the golden one", name, i, wf.Properties["id"], d)
			}
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func jsonOf(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	var x any
	if err := json.Unmarshal(b, &x); err != nil {
		tb.Fatal(err)
	}
	b, _ = json.Marshal(x)
	return string(b)
}

// farthest is the largest distance from a vertex of either geometry to the
// outline of the other.
func farthest(a, b orb.Geometry) float64 {
	d := 0.0
	for _, pair := range [][2]orb.Geometry{{a, b}, {b, a}} {
		for _, p := range vertices(pair[0]) {
			d = max(d, planar.DistanceFrom(outline(pair[1]), p))
		}
	}
	return d
}

func vertices(g orb.Geometry) []orb.Point {
	var out []orb.Point
	switch g := g.(type) {
	case orb.Point:
		out = append(out, g)
	case orb.MultiPoint:
		out = append(out, g...)
	case orb.LineString:
		out = append(out, g...)
	case orb.MultiLineString:
		for _, l := range g {
			out = append(out, l...)
		}
	case orb.Polygon:
		for _, r := range g {
			out = append(out, r...)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			out = append(out, vertices(p)...)
		}
	}
	return out
}

// outline turns polygons into their rings as lines, so that distance is to
// the boundary and not zero inside.
func outline(g orb.Geometry) orb.Geometry {
	var mls orb.MultiLineString
	switch g := g.(type) {
	case orb.Polygon:
		for _, r := range g {
			mls = append(mls, orb.LineString(r))
		}
	case orb.MultiPolygon:
		for _, p := range g {
			for _, r := range p {
				mls = append(mls, orb.LineString(r))
			}
		}
	default:
		return g
	}
	return mls
}
