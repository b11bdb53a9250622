package geo

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Meets reports whether geometry g has a point inside or on box b.
//
// An R-tree holds boxes, which lets a feature through whose box meets the
// bbox though the feature does not: Uzbekistan's bounds cover most of the
// Ferghana valley. OGC API – Features keeps only features whose geometry
// intersects the bbox, and GDAL filters that way on its side, so the store
// refines the R-tree's answer with this exact test (a SQL function, so that
// paging and counting see the exact answer). Coordinates are lon/lat
// treated as planar, which is how CRS84 bboxes are defined.
func Meets(g orb.Geometry, b orb.Bound) bool {
	switch g := g.(type) {
	case nil:
		return false
	case orb.Point:
		return b.Contains(g)
	case orb.MultiPoint:
		for _, p := range g {
			if b.Contains(p) {
				return true
			}
		}
	case orb.LineString:
		return pathMeets(g, b)
	case orb.MultiLineString:
		for _, ls := range g {
			if pathMeets(ls, b) {
				return true
			}
		}
	case orb.Ring:
		return Meets(orb.Polygon{g}, b)
	case orb.Polygon:
		for _, r := range g {
			if pathMeets(orb.LineString(r), b) {
				return true
			}
		}
		// No edge reaches the box: it is wholly inside the polygon or
		// wholly outside, and one corner tells which.
		return len(g) > 0 && planar.PolygonContains(g, b.Min)
	case orb.MultiPolygon:
		for _, p := range g {
			if Meets(p, b) {
				return true
			}
		}
	case orb.Collection:
		for _, m := range g {
			if Meets(m, b) {
				return true
			}
		}
	case orb.Bound:
		return g.Intersects(b)
	}
	return false
}

// pathMeets reports whether any vertex or segment of the path meets b.
func pathMeets(ls orb.LineString, b orb.Bound) bool {
	if len(ls) == 1 {
		return b.Contains(ls[0])
	}
	for i := 1; i < len(ls); i++ {
		if segmentMeets(ls[i-1], ls[i], b) {
			return true
		}
	}
	return false
}

// segmentMeets clips the segment p–q to the box (Liang–Barsky) and reports
// whether anything is left.
func segmentMeets(p, q orb.Point, b orb.Bound) bool {
	t0, t1 := 0.0, 1.0
	dx, dy := q[0]-p[0], q[1]-p[1]
	for _, e := range [4][2]float64{
		{-dx, p[0] - b.Min[0]},
		{dx, b.Max[0] - p[0]},
		{-dy, p[1] - b.Min[1]},
		{dy, b.Max[1] - p[1]},
	} {
		den, num := e[0], e[1]
		if den == 0 {
			if num < 0 {
				return false // parallel to this edge and outside it
			}
			continue
		}
		r := num / den
		if den < 0 {
			if r > t1 {
				return false
			}
			t0 = max(t0, r)
		} else {
			if r < t0 {
				return false
			}
			t1 = min(t1, r)
		}
	}
	return t0 <= t1
}
