package data

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	geom "github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/wkb"
)

// SRID is the only spatial reference Frontier stores: WGS 84 lon/lat.
const SRID = 4326

// ErrGeometry is returned for a blob that is not a GeoPackage geometry.
var ErrGeometry = errors.New("data: not a GeoPackage geometry")

// GeoPackage binary header flags (GeoPackage 1.3, §2.1.3.1.1).
const (
	flagLittleEndian = 1 << 0
	envelopeXY       = 1 << 1 // envelope indicator 1: minx, maxx, miny, maxy
	envelopeMask     = 0x0e
	flagEmpty        = 1 << 4
	flagExtended     = 1 << 5
)

// encodeGeometry wraps g's WKB, written by go-geom, in the GeoPackage header:
// "GP", version 0, flags, SRS id, and for anything but a point the envelope
// that the R-tree triggers and readers use without parsing the WKB.
func encodeGeometry(g orb.Geometry) ([]byte, error) {
	if g == nil {
		return nil, nil
	}
	t, err := toGeom(g)
	if err != nil {
		return nil, err
	}
	body, err := wkb.Marshal(t, binary.LittleEndian)
	if err != nil {
		return nil, fmt.Errorf("data: wkb: %w", err)
	}
	_, isPoint := g.(orb.Point)
	size := 8
	if !isPoint {
		size += 32
	}
	out := make([]byte, size, size+len(body))
	out[0], out[1], out[2] = 'G', 'P', 0
	out[3] = flagLittleEndian
	binary.LittleEndian.PutUint32(out[4:], SRID)
	if !isPoint {
		out[3] |= envelopeXY
		b := g.Bound()
		for i, v := range []float64{b.Min[0], b.Max[0], b.Min[1], b.Max[1]} {
			binary.LittleEndian.PutUint64(out[8+8*i:], math.Float64bits(v))
		}
	}
	return append(out, body...), nil
}

// header is a parsed GeoPackage binary header.
type header struct {
	empty    bool
	envelope *orb.Bound
	wkb      []byte
}

func parseHeader(b []byte) (header, error) {
	if len(b) < 8 || b[0] != 'G' || b[1] != 'P' {
		return header{}, ErrGeometry
	}
	flags := b[3]
	if flags&flagExtended != 0 {
		return header{}, fmt.Errorf("%w: extended geometry types are not supported", ErrGeometry)
	}
	var order binary.ByteOrder = binary.BigEndian
	if flags&flagLittleEndian != 0 {
		order = binary.LittleEndian
	}
	var envLen int
	switch (flags & envelopeMask) >> 1 {
	case 0:
	case 1:
		envLen = 32
	case 2, 3:
		envLen = 48
	case 4:
		envLen = 64
	default:
		return header{}, fmt.Errorf("%w: bad envelope indicator", ErrGeometry)
	}
	if len(b) < 8+envLen {
		return header{}, fmt.Errorf("%w: truncated", ErrGeometry)
	}
	h := header{empty: flags&flagEmpty != 0, wkb: b[8+envLen:]}
	if envLen > 0 {
		f := func(i int) float64 { return math.Float64frombits(order.Uint64(b[8+8*i:])) }
		h.envelope = &orb.Bound{Min: orb.Point{f(0), f(2)}, Max: orb.Point{f(1), f(3)}}
	}
	return h, nil
}

// decodeGeometry reads a GeoPackage geometry back into orb.
func decodeGeometry(b []byte) (orb.Geometry, error) {
	if b == nil {
		return nil, nil
	}
	h, err := parseHeader(b)
	if err != nil {
		return nil, err
	}
	if h.empty {
		return nil, nil
	}
	t, err := wkb.Unmarshal(h.wkb)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrGeometry, err)
	}
	return fromGeom(t)
}

// bound returns a geometry's bounds, from the header's envelope when it has
// one; ok is false for an empty geometry.
func bound(b []byte) (orb.Bound, bool, error) {
	h, err := parseHeader(b)
	if err != nil || h.empty {
		return orb.Bound{}, false, err
	}
	if h.envelope != nil {
		return *h.envelope, true, nil
	}
	g, err := decodeGeometry(b)
	if err != nil || g == nil {
		return orb.Bound{}, false, err
	}
	return g.Bound(), true, nil
}

func flat(pts []orb.Point) []float64 {
	out := make([]float64, 0, 2*len(pts))
	for _, p := range pts {
		out = append(out, p[0], p[1])
	}
	return out
}

func ringEnds(rings []orb.Ring, start int) ([]float64, []int) {
	var coords []float64
	ends := make([]int, 0, len(rings))
	for _, r := range rings {
		coords = append(coords, flat(r)...)
		ends = append(ends, start+len(coords))
	}
	return coords, ends
}

// toGeom converts the orb geometries Frontier stores into go-geom's.
func toGeom(g orb.Geometry) (geom.T, error) {
	switch g := g.(type) {
	case orb.Point:
		return geom.NewPointFlat(geom.XY, []float64{g[0], g[1]}).SetSRID(SRID), nil
	case orb.LineString:
		return geom.NewLineStringFlat(geom.XY, flat(g)).SetSRID(SRID), nil
	case orb.Polygon:
		coords, ends := ringEnds(g, 0)
		return geom.NewPolygonFlat(geom.XY, coords, ends).SetSRID(SRID), nil
	case orb.MultiPolygon:
		var coords []float64
		var endss [][]int
		for _, p := range g {
			c, ends := ringEnds(p, len(coords))
			coords = append(coords, c...)
			endss = append(endss, ends)
		}
		return geom.NewMultiPolygonFlat(geom.XY, coords, endss).SetSRID(SRID), nil
	default:
		return nil, fmt.Errorf("data: cannot store a %T", g)
	}
}

func points(coords []float64, stride int) []orb.Point {
	out := make([]orb.Point, 0, len(coords)/stride)
	for i := 0; i+1 < len(coords); i += stride {
		out = append(out, orb.Point{coords[i], coords[i+1]})
	}
	return out
}

func polygon(p *geom.Polygon) orb.Polygon {
	out := make(orb.Polygon, p.NumLinearRings())
	for i := range out {
		r := p.LinearRing(i)
		out[i] = orb.Ring(points(r.FlatCoords(), r.Stride()))
	}
	return out
}

// fromGeom converts back; extra dimensions (Z, M) written by other tools are
// dropped.
func fromGeom(t geom.T) (orb.Geometry, error) {
	switch t := t.(type) {
	case *geom.Point:
		if t.Empty() {
			return nil, nil
		}
		return orb.Point{t.X(), t.Y()}, nil
	case *geom.LineString:
		return orb.LineString(points(t.FlatCoords(), t.Stride())), nil
	case *geom.Polygon:
		return polygon(t), nil
	case *geom.MultiPolygon:
		out := make(orb.MultiPolygon, t.NumPolygons())
		for i := range out {
			out[i] = polygon(t.Polygon(i))
		}
		return out, nil
	default:
		return nil, fmt.Errorf("%w: unsupported geometry %T", ErrGeometry, t)
	}
}
