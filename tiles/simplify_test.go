package tiles

import (
	"testing"

	"github.com/paulmach/orb"
)

func TestShapeLine(t *testing.T) {
	tests := []struct {
		name string
		in   orb.LineString
		want orb.LineString // nil: the line is dropped
	}{
		{"one pixel", orb.LineString{{10.2, 10.1}, {10.4, 9.8}, {9.6, 10.3}}, nil},
		{"collinear", orb.LineString{{0, 0}, {10, 0}, {20, 0}, {30, 0}}, orb.LineString{{0, 0}, {30, 0}}},
		{"within tolerance", orb.LineString{{0, 0}, {50, 3}, {100, 0}}, orb.LineString{{0, 0}, {100, 0}}},
		{"beyond tolerance", orb.LineString{{0, 0}, {50, 5}, {100, 0}}, orb.LineString{{0, 0}, {50, 5}, {100, 0}}},
		{"snapped", orb.LineString{{0.4, 0.4}, {99.6, 0.2}}, orb.LineString{{0, 0}, {100, 0}}},
		{
			// Dropping (50,3), within tolerance of the chord, would let the
			// chord cross the spike that reaches up to (50,1); the
			// simplifier keeps it.
			"would cross itself",
			orb.LineString{{0, 0}, {50, 3}, {100, 0}, {100, -20}, {52, -20}, {50, 1}, {48, -20}, {0, -20}},
			orb.LineString{{0, 0}, {50, 3}, {100, 0}, {100, -20}, {52, -20}, {50, 1}, {48, -20}, {0, -20}},
		},
		// A closed line a pixel across becomes a stroke there and back:
		// still drawn, still two distinct points.
		{"closed, a pixel across", orb.LineString{{0, 0}, {1, 1}, {0, 1}, {0, 0}}, orb.LineString{{0, 0}, {1, 1}, {0, 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := shapeLine(orb.Clone(tt.in).(orb.LineString))
			if !orb.Equal(got, tt.want) && !(got == nil && tt.want == nil) {
				t.Errorf("shapeLine = %v, want %v", got, tt.want)
			}
			if got != nil {
				if _, _, ok := selfCrossing(got); ok {
					t.Errorf("shapeLine = %v crosses itself", got)
				}
			}
		})
	}
}

func TestShapePolygon(t *testing.T) {
	square := orb.Ring{{0, 0}, {0, 100}, {100, 100}, {100, 0}, {0, 0}} // negative area: a hole's winding
	hole := orb.Ring{{40, 40}, {60, 40}, {60, 60}, {40, 60}, {40, 40}} // positive area
	tiny := orb.Ring{{50, 50}, {51, 50}, {50, 51}, {50, 50}}
	tests := []struct {
		name  string
		in    orb.Polygon
		rings int // 0: the polygon is dropped
	}{
		{"rewound", orb.Polygon{square}, 1},
		{"with a hole", orb.Polygon{square, hole}, 2},
		{"a hole that collapses", orb.Polygon{square, tiny}, 1},
		{"an exterior that collapses", orb.Polygon{tiny}, 0},
		{"a sliver", orb.Polygon{{{0, 0}, {100, 0.2}, {200, 0}, {100, 0.4}, {0, 0}}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := shapePolygon(orb.Clone(tt.in).(orb.Polygon))
			if len(got) != tt.rings {
				t.Fatalf("shapePolygon = %v: %d rings, want %d", got, len(got), tt.rings)
			}
			for i, r := range got {
				want := orb.CCW
				if i > 0 {
					want = orb.CW
				}
				if !r.Closed() || r.Orientation() != want {
					t.Errorf("ring %d = %v: closed %v, orientation %v, want closed and %v", i, r, r.Closed(), r.Orientation(), want)
				}
			}
		})
	}
}

func TestCrossesAgreesWithBruteForce(t *testing.T) {
	lines := []orb.LineString{
		{{0, 0}, {10, 10}, {10, 0}, {0, 10}},          // a bow
		{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}},  // a closed square
		{{0, 0}, {10, 0}, {10, 10}, {5, -5}},          // crossing the first segment
		{{0, 0}, {10, 0}, {10, 10}, {5, 0}},           // touching it
		{{0, 0}, {10, 0}, {20, 0}, {30, 5}, {40, 10}}, // plain
	}
	for _, ls := range lines {
		_, _, want := selfCrossing(ls)
		if got := crosses(ls, ls[0] == ls[len(ls)-1]); got != want {
			t.Errorf("crosses(%v) = %v, the brute force says %v", ls, got, want)
		}
	}
}
