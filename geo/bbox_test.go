package geo

import (
	"errors"
	"math"
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
		// The box is closed: touching it is meeting it.
		{"point on a corner", orb.Point{0, 10}, true},
		{"polygon sharing an edge", square(10, 2, 20, 8), true},
		{"polygon touching a corner", square(10, 10, 20, 20), true},
		{"polygon a hair away", square(10.000001, 2, 20, 8), false},
		{"line ending on the edge", orb.LineString{{15, 5}, {10, 5}}, true},
		{"line along the edge, outside the box's span", orb.LineString{{10, 11}, {10, 20}}, false},
		{"segment across, no vertex inside", orb.LineString{{5, -5}, {5, 15}}, true},
		{"diagonal across, no vertex inside", orb.LineString{{-5, 6}, {6, -5}}, true},
		{"bound touching", orb.Bound{Min: orb.Point{10, 10}, Max: orb.Point{12, 12}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Meets(tc.g, box); got != tc.want {
				t.Errorf("meets = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestMeetsDegenerateBox: a box may be a point or a line (a client's
// bbox of one place); what lies on it meets it.
func TestMeetsDegenerateBox(t *testing.T) {
	pt := orb.Bound{Min: orb.Point{5, 5}, Max: orb.Point{5, 5}}
	line := orb.Bound{Min: orb.Point{0, 5}, Max: orb.Point{10, 5}}
	for _, tc := range []struct {
		name string
		g    orb.Geometry
		b    orb.Bound
		want bool
	}{
		{"the same point", orb.Point{5, 5}, pt, true},
		{"another point", orb.Point{5, 5.000001}, pt, false},
		{"a line through the point", orb.LineString{{0, 0}, {10, 10}}, pt, true},
		{"a polygon around the point", orb.Polygon{{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}}, pt, true},
		{"a line crossing the flat box", orb.LineString{{5, 0}, {5, 10}}, line, true},
		{"a line beside the flat box", orb.LineString{{11, 0}, {11, 10}}, line, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Meets(tc.g, tc.b); got != tc.want {
				t.Errorf("Meets = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestCheckBBox: the boxes Meets answers for. A reversed longitude range
// (a box across the antimeridian) is refused, not wrapped.
func TestCheckBBox(t *testing.T) {
	box := func(a, b, c, d float64) orb.Bound { return orb.Bound{Min: orb.Point{a, b}, Max: orb.Point{c, d}} }
	for _, tc := range []struct {
		name string
		b    orb.Bound
		ok   bool
	}{
		{"the frontier", box(69, 39, 71, 41), true},
		{"the world", box(-180, -90, 180, 90), true},
		{"a point", box(70, 40, 70, 40), true},
		{"across the antimeridian", box(170, -10, -170, 10), false},
		{"reversed latitudes", box(69, 41, 71, 39), false},
		{"longitude past 180", box(69, 39, 181, 41), false},
		{"latitude past 90 (lat,lon order)", box(39, 69, 41, 91), false},
		{"NaN", box(math.NaN(), 39, 71, 41), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckBBox(tc.b)
			if (err == nil) != tc.ok {
				t.Fatalf("CheckBBox = %v, want ok %v", err, tc.ok)
			}
			if err != nil && !errors.Is(err, ErrBBox) {
				t.Errorf("%v is not ErrBBox", err)
			}
		})
	}
}
