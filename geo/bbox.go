package geo

import (
	"errors"
	"fmt"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// ErrBBox is a box CheckBBox refuses.
var ErrBBox = errors.New("geo: bad bbox")

// CheckBBox reports whether b is a bbox Meets answers for: lon/lat (CRS84),
// longitudes within -180..180, latitudes within -90..90, and each minimum
// at most its maximum. A box may be a line or a point (minimum equal to
// maximum). A box whose west edge is east of its east edge would cross the
// antimeridian; it is refused, not wrapped: the dataset lies far from it,
// and a reversed box is far likelier a mistake than a view across the
// Pacific. The error says what is wrong in a client's terms.
func CheckBBox(b orb.Bound) error {
	fail := func(detail string) error { return fmt.Errorf("%w: %s", ErrBBox, detail) }
	minLon, minLat, maxLon, maxLat := b.Min[0], b.Min[1], b.Max[0], b.Max[1]
	switch {
	case !(minLon >= -180 && maxLon <= 180 && minLon <= 180 && maxLon >= -180):
		return fail("longitudes must lie in -180..180")
	case !(minLat >= -90 && maxLat <= 90 && minLat <= 90 && maxLat >= -90):
		return fail("latitudes must lie in -90..90 (is the box in lat,lon order? it takes lon,lat)")
	case minLon > maxLon:
		return fail("the minimum longitude is east of the maximum (boxes across the antimeridian are not supported)")
	case minLat > maxLat:
		return fail("the minimum latitude is north of the maximum")
	}
	return nil
}

// Meets reports whether geometry g has a point inside or on box b: this is
// what a bbox means everywhere in Frontier (geo.Filter.BBox, the items'
// bbox parameter, the store's frontier_meets). The box is closed, so a
// feature that only touches it (a point on its edge, a polygon sharing an
// edge or a corner) meets it, and a segment that crosses it meets it with
// no vertex inside. b is a box CheckBBox accepts.
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
