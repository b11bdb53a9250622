package tiles

import (
	"math"
	"slices"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/project"
	"github.com/paulmach/orb/simplify"

	"github.com/frontier-map/frontier/geo"
)

// shapeIndex is geojson-vt's idea applied to the layers with long
// geometry (the countries' polygons and the frontier's lines): the geometry
// is projected to Web Mercator once, per dataset version, and split into a
// tree of tiles, each holding only what lies in it (with a margin), cut
// from its parent's share rather than from the whole. A cold z12 tile then
// clips a few dozen vertices, not a country of thousands, and reads nothing
// from the store.
//
// Nodes are made when a tile under them is first drawn and kept down to
// indexKeepZoom; deeper tiles cut their share from that ancestor each time,
// so what the tree holds is bounded by the tiles down to that zoom.
type shapeIndex struct {
	segs      []geo.Segment      // the frontier, for each tile's properties as of its instant
	km        []float64          // each segment's length, for its length_km
	countries []*geojson.Feature // geometry in world units; properties shared, read-only

	// coarse[z] is every country simplified once, when the index is made,
	// to one unit of a zoom-z tile (a quarter of Tolerance): a tile at z up
	// to coarseMaxZoom cuts its countries from these, not from its node.
	// At these zooms a tile holds most of a country's thousands of
	// vertices, nearly all within a unit of their neighbours, and
	// simplifying all of them for each tile had made the six tiles of
	// z0-z5 over the region cost over a quarter of a cold pyramid's
	// drawing. geojson-vt too simplifies once, when it indexes.
	coarse [coarseMaxZoom + 1][]piece

	mu    sync.Mutex
	nodes map[Key]*indexNode
}

// coarseMaxZoom is the deepest zoom drawn from the coarse countries: past
// it, cutting a tile's share from the whole coarse outline costs more than
// cutting it from its node's (measured: z6-z8 were slower).
const coarseMaxZoom = 5

// indexKeepZoom is the deepest zoom whose nodes are kept: 4^10 tiles in
// principle, a few thousand over the region's countries in practice, each a
// handful of vertices.
const indexKeepZoom = 10

// indexNode is one tile's share of the indexed layers, in world units
// (Web Mercator scaled to [0, 1], y down), clipped to the tile and a margin.
type indexNode struct {
	frontier, countries []piece
}

// piece is the part of feature i (an index into segs or countries) that
// lies in a node, and its bound.
type piece struct {
	i int
	g orb.Geometry
	b orb.Bound
}

func newPiece(i int, g orb.Geometry) piece { return piece{i, g, g.Bound()} }

func newShapeIndex(segs []geo.Segment, cs []geo.Country) *shapeIndex {
	root := &indexNode{}
	ix := &shapeIndex{nodes: map[Key]*indexNode{{}: root}}
	for _, s := range segs {
		if len(s.Line) < 2 {
			continue
		}
		root.frontier = append(root.frontier, newPiece(len(ix.segs), project.Geometry(orb.Clone(s.Line), toWorld)))
		ix.segs = append(ix.segs, s)
		ix.km = append(ix.km, s.LengthKm())
	}
	for _, f := range countryFeatures(cs) {
		root.countries = append(root.countries, newPiece(len(ix.countries), project.Geometry(orb.Clone(f.Geometry), toWorld)))
		ix.countries = append(ix.countries, f)
	}
	for z := range ix.coarse {
		tol := Tolerance / 4 / (float64(uint64(1)<<z) * Extent) // one tile unit at z, in world units
		for _, p := range root.countries {
			ix.coarse[z] = append(ix.coarse[z], newPiece(p.i, coarsen(p.g, tol)))
		}
	}
	return ix
}

// coarsen simplifies a country's outline (a polygon or multipolygon in world
// units) ring by ring to tol, falling back to smaller tolerances, as
// shapeRing does, when simplifying would make a ring cross itself.
func coarsen(g orb.Geometry, tol float64) orb.Geometry {
	ring := func(r orb.Ring) orb.Ring {
		for _, t := range [...]float64{tol, tol / 2, tol / 4} {
			s := simplify.DouglasPeucker(t).Ring(slices.Clone(r))
			if len(s) >= 4 && (len(s) == len(r) || !crosses(s, true)) {
				return s
			}
		}
		return r
	}
	polygon := func(p orb.Polygon) orb.Polygon {
		out := make(orb.Polygon, len(p))
		for i, r := range p {
			out[i] = ring(r)
		}
		return out
	}
	switch g := g.(type) {
	case orb.Polygon:
		return polygon(g)
	case orb.MultiPolygon:
		out := make(orb.MultiPolygon, len(g))
		for i, p := range g {
			out[i] = polygon(p)
		}
		return out
	}
	return g
}

// toWorld projects lon/lat to world units as orb's MVT projection does
// (its mercator.ToPlanar at zoom 0), so that scaling by 2^(z+12) gives the
// same tile units, bit for bit, as projecting to the tile directly.
func toWorld(p orb.Point) orb.Point {
	x := p[0]/360.0 + 0.5
	siny := math.Sin(p[1] * math.Pi / 180.0)
	// orb clamps within a hundredth of a degree of the poles, far from
	// any data here; so does this, to the world's edges.
	if siny > 0.9999 {
		return orb.Point{x, 0}
	} else if siny < -0.9999 {
		return orb.Point{x, 1}
	}
	return orb.Point{x, 0.5 + 0.5*math.Log((1.0+siny)/(1.0-siny))/(-2*math.Pi)}
}

// margin is how far past a node's edges its share reaches, in tiles of
// its zoom: twice the tile buffer, so that the exact cut to the buffered
// tile, made in tile units after rounding as before the index, sees every
// segment that crosses the buffer.
const margin = 2 * float64(Buffer) / Extent

// worldBound is tile k with the margin, in world units.
func worldBound(k Key) orb.Bound {
	n := float64(uint64(1) << k.Z)
	return orb.Bound{
		Min: orb.Point{(float64(k.X) - margin) / n, (float64(k.Y) - margin) / n},
		Max: orb.Point{(float64(k.X) + 1 + margin) / n, (float64(k.Y) + 1 + margin) / n},
	}
}

// node returns tile k's share, cut from its nearest made ancestor (the
// root always is); the nodes on the way down to indexKeepZoom are kept.
func (ix *shapeIndex) node(k Key) *indexNode {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	var path []Key // the tiles to cut, k first
	for a := k; ; a = (Key{Z: a.Z - 1, X: a.X / 2, Y: a.Y / 2}) {
		n, ok := ix.nodes[a]
		if !ok {
			if a.Z <= indexKeepZoom || a == k {
				path = append(path, a)
			}
			continue
		}
		for i := len(path) - 1; i >= 0; i-- {
			n = n.cut(worldBound(path[i]))
			if path[i].Z <= indexKeepZoom {
				ix.nodes[path[i]] = n
			}
		}
		return n
	}
}

// cut returns the share of n in b.
func (n *indexNode) cut(b orb.Bound) *indexNode {
	return &indexNode{frontier: cutPieces(b, n.frontier), countries: cutPieces(b, n.countries)}
}

// cutPieces returns the parts of ps in b.
func cutPieces(b orb.Bound, ps []piece) []piece {
	var kept []piece
	for _, p := range ps {
		switch {
		case !b.Intersects(p.b):
		case b.Contains(p.b.Min) && b.Contains(p.b.Max):
			// Wholly inside: shared, as nothing writes to a piece.
			kept = append(kept, p)
		default:
			// clip works in place: the pieces cut from stay whole.
			if g := clip.Geometry(b, orb.Clone(p.g)); g != nil {
				kept = append(kept, newPiece(p.i, g))
			}
		}
	}
	return kept
}

// features returns tile k's frontier and country features, in tile units
// rounded down as orb's MVT projection rounds, not yet cut to the buffered
// tile: tileLayer's second half does that and the rest.
func (ix *shapeIndex) features(k Key, asOf func(s geo.Segment, km float64) *geojson.Feature) (frontier, countries []*geojson.Feature) {
	n := ix.node(k)
	shares := n.countries
	if k.Z <= coarseMaxZoom {
		shares = cutPieces(worldBound(k), ix.coarse[k.Z])
	}
	// Scaling by powers of two is exact: the same floats as orb's
	// projection of lon/lat straight to the tile.
	scale := float64(uint64(1)<<k.Z) * Extent
	minx, miny := float64(k.X)*Extent, float64(k.Y)*Extent
	toTile := func(p orb.Point) orb.Point {
		return orb.Point{math.Floor(p[0]*scale - minx), math.Floor(p[1]*scale - miny)}
	}
	for _, p := range n.frontier {
		f := asOf(ix.segs[p.i], ix.km[p.i])
		f.Geometry = project.Geometry(orb.Clone(p.g), toTile)
		frontier = append(frontier, f)
	}
	for _, p := range shares {
		f := *ix.countries[p.i]
		f.Geometry = project.Geometry(orb.Clone(p.g), toTile)
		countries = append(countries, &f)
	}
	return frontier, countries
}
