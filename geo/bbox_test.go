package geo

import (
	"testing"

	"github.com/paulmach/orb"
)

func TestMeets(t *testing.T) {
	box := orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{10, 10}}
	square := func(x0, y0, x1, y1 float64) orb.Polygon {
		return orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
	}
	for _, tc := range []struct {
		name string
		g    orb.Geometry
		want bool
	}{
		{"nil", nil, false},
		{"point inside", orb.Point{5, 5}, true},
		{"point on edge", orb.Point{10, 3}, true},
		{"point outside", orb.Point{11, 5}, false},
		{"line inside", orb.LineString{{1, 1}, {2, 2}}, true},
		{"line crossing", orb.LineString{{-5, 5}, {15, 5}}, true},
		{"line crossing a corner", orb.LineString{{-1, 1}, {1, -1}}, true},
		{"line past a corner", orb.LineString{{-2, 1}, {1, -2}}, false},
		{"line outside, bounds meet", orb.LineString{{-5, 12}, {12, 12}, {12, -5}}, false},
		{"vertical line outside", orb.LineString{{12, -5}, {12, 15}}, false},
		{"one-point line inside", orb.LineString{{3, 3}}, true},
		{"polygon around the box", square(-5, -5, 15, 15), true},
		{"polygon inside the box", square(2, 2, 3, 3), true},
		{"polygon overlapping", square(8, 8, 12, 12), true},
		{"L-shape whose bounds cover the box", orb.Polygon{{{-5, -5}, {-1, -5}, {-1, 15}, {15, 15}, {15, 11}, {-5, 11}, {-5, -5}}}, false},
		{"polygon with the box in its hole", orb.Polygon{square(-5, -5, 15, 15)[0], square(-1, -1, 11, 11)[0]}, false},
		{"multipolygon, one part in", orb.MultiPolygon{square(20, 20, 30, 30), square(1, 1, 2, 2)}, true},
		{"multipoint outside", orb.MultiPoint{{-1, -1}, {11, 11}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Meets(tc.g, box); got != tc.want {
				t.Errorf("meets = %v, want %v", got, tc.want)
			}
		})
	}
}
