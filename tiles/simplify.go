package tiles

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/simplify"
)

// Extent is the side of a tile in MVT units: 4096, the spec's default and
// what MapLibre, GDAL and QGIS expect.
const Extent = mvt.DefaultExtent

// Buffer is how far, in MVT units, geometry reaches past each tile edge.
// A renderer strokes each tile on its own; a line cut exactly at the edge
// ends in a butt cap there and a round join or a wide casing shows a notch
// where two tiles meet. 64 units is 1/64 of a tile: 8 screen pixels on the
// 512-pixel tiles MapLibre draws and 4 on 256-pixel ones, more than half
// the widest stroke a frontier style uses, which is what a seamless join
// needs. It is also geojson-vt's default, so tiles from Frontier and a
// GeoJSON source draw alike. Larger buffers only add bytes.
const Buffer = 64

// Tolerance is the Douglas-Peucker tolerance in MVT units, the same at every
// zoom, so on the ground it halves with each zoom level. Four units are half
// a screen pixel on a 512-pixel tile and a quarter on a 256-pixel one:
// nothing a reader can see moves, while a country's 1,500 vertices at z4,
// most of them within a pixel of their neighbours, shrink to a few hundred.
const Tolerance = 4.0

// bufferedExtent is the tile with its buffer, in MVT units.
var bufferedExtent = orb.Bound{
	Min: orb.Point{-Buffer, -Buffer},
	Max: orb.Point{Extent + Buffer, Extent + Buffer},
}

// tolerances are tried in turn when simplifying a line makes it cross
// itself (Douglas-Peucker keeps no topology); at 0 only collinear vertices
// go, which cannot make a crossing that the snapped line did not have.
var tolerances = [...]float64{Tolerance, Tolerance / 2, Tolerance / 4, 0}

// shape turns a geometry already projected to tile units and clipped to the
// buffered tile into what the tile holds: integer coordinates, simplified,
// with no line under two distinct points, no ring under three, no
// simplified line or ring crossing itself, and rings wound as MVT 2.1 wants
// (exterior positive area, holes negative). It returns nil when nothing is
// left. It may reuse g's storage.
func shape(g orb.Geometry) orb.Geometry {
	switch g := g.(type) {
	case orb.Point:
		return round(g)
	case orb.MultiPoint:
		for i := range g {
			g[i] = round(g[i])
		}
		return g
	case orb.LineString:
		if ls := shapeLine(g); ls != nil {
			return ls
		}
	case orb.MultiLineString:
		out := g[:0]
		for _, ls := range g {
			if ls = shapeLine(ls); ls != nil {
				out = append(out, ls)
			}
		}
		return single(out)
	case orb.Polygon:
		if p := shapePolygon(g); p != nil {
			return p
		}
	case orb.MultiPolygon:
		out := g[:0]
		for _, p := range g {
			if p = shapePolygon(p); p != nil {
				out = append(out, p)
			}
		}
		switch len(out) {
		case 0:
			return nil
		case 1:
			return out[0]
		}
		return out
	}
	return nil
}

func single(mls orb.MultiLineString) orb.Geometry {
	switch len(mls) {
	case 0:
		return nil
	case 1:
		return mls[0]
	}
	return mls
}

// round snaps a point to the MVT grid. orb's encoder truncates toward zero,
// which would move every clipped point on the buffer's west and north
// edges by up to a unit, so the rounding is done here.
func round(p orb.Point) orb.Point {
	return orb.Point{math.Round(p[0]), math.Round(p[1])}
}

// snap rounds every point and drops the repeats rounding makes.
func snap(ls []orb.Point) []orb.Point {
	out := ls[:0]
	for _, p := range ls {
		p = round(p)
		if len(out) == 0 || out[len(out)-1] != p {
			out = append(out, p)
		}
	}
	return out
}

func shapeLine(ls orb.LineString) orb.LineString {
	ls = snap(ls)
	if len(ls) < 2 {
		return nil
	}
	closed := ls[0] == ls[len(ls)-1]
	for _, tol := range tolerances {
		s := simplify.DouglasPeucker(tol).LineString(slices.Clone(ls))
		// A closed line can fold onto its start: two points, one place.
		// A line simplification left whole has no crossing it did not
		// have (and smaller tolerances would leave it whole too).
		if len(s) >= 2 && s[0] != s[1] && (len(s) == len(ls) || !crosses(s, closed)) {
			return s
		}
	}
	return ls
}

func shapePolygon(p orb.Polygon) orb.Polygon {
	if len(p) == 0 {
		return nil
	}
	outer := shapeRing(p[0], orb.CCW)
	if outer == nil {
		return nil
	}
	out := append(p[:0], outer)
	for _, r := range p[1:] {
		if r = shapeRing(r, orb.CW); r != nil {
			out = append(out, r)
		}
	}
	return out
}

// shapeRing snaps and simplifies a ring and winds it as want (orb.CCW, a
// positive area in tile units where y grows down, for an exterior ring). A
// ring that simplification collapses to a sliver is dropped: it would be
// under a pixel wide.
func shapeRing(r orb.Ring, want orb.Orientation) orb.Ring {
	r = orb.Ring(snap(r))
	if len(r) > 0 && r[0] != r[len(r)-1] {
		r = append(r, r[0])
	}
	if len(r) < 4 {
		return nil
	}
	for _, tol := range tolerances {
		s := simplify.DouglasPeucker(tol).Ring(slices.Clone(r))
		if len(s) < 4 || s.Orientation() == 0 {
			return nil
		}
		if len(s) == len(r) || !crosses(s, true) {
			if s.Orientation() != want {
				s.Reverse()
			}
			return s
		}
	}
	if r.Orientation() != want {
		r.Reverse()
	}
	return r
}

// crosses reports whether two segments of the line that are not neighbours
// cross at a point inside both. Touching and overlapping are allowed: they
// draw the same. It sweeps the segments west to east, so a line of n
// segments costs about n log n, not n².
func crosses(ls []orb.Point, closed bool) bool {
	n := len(ls) - 1
	if n < 3 {
		return false
	}
	type seg struct {
		i                      int
		minX, maxX, minY, maxY float64
	}
	segs := make([]seg, n)
	for i := range n {
		a, b := ls[i], ls[i+1]
		segs[i] = seg{i, min(a[0], b[0]), max(a[0], b[0]), min(a[1], b[1]), max(a[1], b[1])}
	}
	slices.SortFunc(segs, func(a, b seg) int {
		switch {
		case a.minX < b.minX:
			return -1
		case a.minX > b.minX:
			return 1
		}
		return 0
	})
	for i, s := range segs {
		for _, t := range segs[i+1:] {
			if t.minX > s.maxX {
				break
			}
			if t.minY > s.maxY || t.maxY < s.minY {
				continue
			}
			lo, hi := min(s.i, t.i), max(s.i, t.i)
			if hi-lo == 1 || (closed && lo == 0 && hi == n-1) {
				continue
			}
			if properCross(ls[lo], ls[lo+1], ls[hi], ls[hi+1]) {
				return true
			}
		}
	}
	return false
}

// properCross reports whether segments ab and cd cross at a point interior
// to both. On the integer grid the orientation products are exact.
func properCross(a, b, c, d orb.Point) bool {
	return orient(c, d, a)*orient(c, d, b) < 0 && orient(a, b, c)*orient(a, b, d) < 0
}

func orient(a, b, c orb.Point) float64 {
	v := (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}
