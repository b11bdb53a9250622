package staticmap

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// TestPoleOf: the point farthest from the outline, where a name has the
// most room: a square's centre; in a C, on the middle of its thick back,
// not at the centre of its box (which is in the gap); in a frame, in a
// corner, where the band is widest, and never in the hole.
func TestPoleOf(t *testing.T) {
	for _, tc := range []struct {
		name string
		poly orb.Polygon
		d    float64
		ok   func(orb.Point) bool
	}{
		{"square", orb.Polygon{{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}}, 5,
			func(p orb.Point) bool { return math.Hypot(p[0]-5, p[1]-5) < 0.5 }},
		{"C", orb.Polygon{{{0, 0}, {100, 0}, {100, 10}, {40, 10}, {40, 90}, {100, 90}, {100, 100}, {0, 100}, {0, 0}}}, 20,
			func(p orb.Point) bool { return math.Abs(p[0]-20) < 0.5 }},
		// 10·√2/(1+√2): touching both outer sides and the hole's corner.
		{"frame", orb.Polygon{
			{{0, 0}, {100, 0}, {100, 100}, {0, 100}, {0, 0}},
			{{10, 10}, {10, 90}, {90, 90}, {90, 10}, {10, 10}},
		}, 10 * math.Sqrt2 / (1 + math.Sqrt2), func(p orb.Point) bool { return !(p[0] > 10 && p[0] < 90 && p[1] > 10 && p[1] < 90) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			at, d := poleOf(tc.poly, 0.1)
			if math.Abs(d-tc.d) > 0.1 || !tc.ok(at) || !planar.PolygonContains(tc.poly, at) {
				t.Errorf("pole at %v, %.2f from the outline, want %.2f", at, d, tc.d)
			}
		})
	}
}
