package tiles

import (
	"flag"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"

	"github.com/frontier-map/frontier/geo"
)

var pyramidOver = flag.String("pyramid", "all",
	"what TestPyramid covers: frontier (the bounds of the frontier, clashes, deployments and places) or all (also the three countries, about 50,000 tiles)")

const pyramidMaxZoom = 12

// TestPyramid draws every tile of z0–z12 over the data, checks that each
// decodes and that every geometry in it is valid, and that the frontier's
// length summed over the z12 tiles (cut to the tiles, buffer excluded) is
// the GeoJSON's within 2%. It logs tiles per second and the largest tile:
//
//	go test ./tiles -run TestPyramid -v [-pyramid=all]
func TestPyramid(t *testing.T) {
	if testing.Short() {
		t.Skip("the pyramid takes seconds")
	}
	src := seedSource(t)
	r := NewRenderer(src, Options{CacheBytes: -1})
	b := frontierBound(src)
	for _, e := range src.ds.Events {
		if e.Location != nil {
			b = b.Extend(*e.Location)
		}
	}
	for _, d := range src.ds.Deployments {
		if d.Location != nil {
			b = b.Extend(*d.Location)
		}
	}
	for _, p := range src.ds.Places {
		b = b.Extend(p.Location)
	}
	if *pyramidOver == "all" {
		for _, c := range src.ds.Countries {
			b = b.Union(c.Geometry.Bound())
		}
	}
	var wantKm, gotKm float64
	for _, s := range src.ds.Segments {
		wantKm += s.LengthKm()
	}
	var (
		n, empty      int
		drawing       time.Duration
		largest       *Tile
		rawBytes, gzB int
	)
	for z := range uint32(pyramidMaxZoom + 1) {
		for _, k := range KeysIn(b, z) {
			start := time.Now()
			tl := tile(t, r, k, goldenAsOf)
			drawing += time.Since(start)
			n++
			rawBytes += len(tl.Raw)
			gzB += len(tl.Gzip)
			if tl.Empty {
				empty++
			}
			if largest == nil || len(tl.Raw) > len(largest.Raw) {
				largest = tl
			}
			layers := decode(t, tl)
			checkTile(t, k, layers)
			if z == pyramidMaxZoom {
				gotKm += frontierKm(k, layers[LayerFrontier])
			}
		}
	}
	t.Logf("%d tiles (%d empty) z0–z%d over %v in %v: %.0f tiles/s; %d bytes raw, %d gzipped in all",
		n, empty, pyramidMaxZoom, b, drawing.Round(time.Millisecond), float64(n)/drawing.Seconds(), rawBytes, gzB)
	t.Logf("largest tile %s: %d bytes raw, %d gzipped", largest.Key, len(largest.Raw), len(largest.Gzip))
	t.Logf("frontier length over the z%d tiles %.2f km, in the GeoJSON %.2f km (%+.3f%%)",
		pyramidMaxZoom, gotKm, wantKm, 100*(gotKm-wantKm)/wantKm)
	if math.Abs(gotKm-wantKm) > 0.02*wantKm {
		t.Errorf("frontier length over the z%d tiles is %.2f km, want %.2f km within 2%%", pyramidMaxZoom, gotKm, wantKm)
	}
}

// frontierKm is the length on the ground of the frontier lines in a tile,
// cut to the tile itself so that the buffer, which the neighbours also
// hold, is not counted twice.
func frontierKm(k Key, l *mvt.Layer) float64 {
	if l == nil {
		return 0
	}
	box := orb.Bound{Max: orb.Point{Extent, Extent}}
	var fs []*geojson.Feature
	for _, f := range l.Features {
		var mls orb.MultiLineString
		switch g := f.Geometry.(type) {
		case orb.LineString:
			mls = clip.LineString(box, g)
		case orb.MultiLineString:
			mls = clip.MultiLineString(box, orb.Clone(g).(orb.MultiLineString))
		}
		if len(mls) > 0 {
			fs = append(fs, geojson.NewFeature(mls))
		}
	}
	lonlat := &mvt.Layer{Extent: Extent, Features: fs}
	lonlat.ProjectToWGS84(k.Tile())
	km := 0.0
	for _, f := range lonlat.Features {
		km += geo.LengthKm(f.Geometry)
	}
	return km
}

// checkTile checks what a client relies on: each layer and property is
// one the TileJSON announces, with its type; every coordinate lies in the
// buffered tile; points are points, lines have two distinct points at
// least and the frontier never crosses itself; rings are closed, have
// four points at least, enclose an area, are wound as MVT 2.1 says and
// never cross themselves.
func checkTile(tb testing.TB, k Key, layers map[string]*mvt.Layer) {
	tb.Helper()
	schema := map[string]LayerSchema{}
	for _, s := range Schemas() {
		schema[s.ID] = s
	}
	for name, l := range layers {
		sc, ok := schema[name]
		if !ok {
			tb.Errorf("tile %s: layer %q is not in the TileJSON", k, name)
			continue
		}
		for _, f := range l.Features {
			id := f.Properties.MustString("id", "")
			where := k.String() + " " + name + " " + id
			checkProperties(tb, where, sc, f.Properties)
			for _, p := range vertices(f.Geometry) {
				if !bufferedExtent.Contains(p) {
					tb.Errorf("%s: %v lies outside the buffered tile", where, p)
					break
				}
			}
			switch name {
			case LayerFrontier:
				checkLines(tb, where, f.Geometry)
			case LayerCountries:
				checkPolygons(tb, where, f.Geometry)
			default:
				if _, ok := f.Geometry.(orb.Point); !ok {
					tb.Errorf("%s: a %s, want a Point", where, f.Geometry.GeoJSONType())
				}
			}
		}
	}
}

func checkProperties(tb testing.TB, where string, sc LayerSchema, props geojson.Properties) {
	tb.Helper()
	if props.MustString("id", "") == "" {
		tb.Errorf("%s: no id", where)
	}
	for key, v := range props {
		i := slices.IndexFunc(sc.Fields, func(f Field) bool { return f.Name == key })
		if i < 0 {
			tb.Errorf("%s: property %q is not in the TileJSON", where, key)
			continue
		}
		typ := FieldString
		if _, ok := v.(float64); ok {
			typ = FieldNumber
		} else if _, ok := v.(bool); ok {
			typ = FieldBoolean
		} else if _, ok := v.(string); !ok {
			typ = "?"
		}
		if typ != sc.Fields[i].Type {
			tb.Errorf("%s: property %q = %v (%T), want a %s", where, key, v, v, sc.Fields[i].Type)
		}
	}
}

func checkLines(tb testing.TB, where string, g orb.Geometry) {
	tb.Helper()
	var lines orb.MultiLineString
	switch g := g.(type) {
	case orb.LineString:
		lines = orb.MultiLineString{g}
	case orb.MultiLineString:
		lines = g
	default:
		tb.Errorf("%s: a %s, want a line", where, g.GeoJSONType())
		return
	}
	for _, ls := range lines {
		if len(ls) < 2 {
			tb.Errorf("%s: a line of %d points", where, len(ls))
			continue
		}
		for i := 1; i < len(ls); i++ {
			if ls[i] == ls[i-1] {
				tb.Errorf("%s: point %d repeats %v", where, i, ls[i])
			}
		}
		if i, j, ok := selfCrossing(ls); ok {
			tb.Errorf("%s: segments %d and %d of a %d-point line cross", where, i, j, len(ls))
		}
	}
}

func checkPolygons(tb testing.TB, where string, g orb.Geometry) {
	tb.Helper()
	var polys orb.MultiPolygon
	switch g := g.(type) {
	case orb.Polygon:
		polys = orb.MultiPolygon{g}
	case orb.MultiPolygon:
		polys = g
	default:
		tb.Errorf("%s: a %s, want a polygon", where, g.GeoJSONType())
		return
	}
	for _, p := range polys {
		for i, r := range p {
			if !r.Closed() {
				tb.Errorf("%s: ring %d of %d points is not closed", where, i, len(r))
				continue
			}
			want := orb.CCW // a positive area in tile units, where y grows down
			if i > 0 {
				want = orb.CW
			}
			if o := r.Orientation(); o != want {
				tb.Errorf("%s: ring %d has orientation %v, want %v", where, i, o, want)
			}
			if a, b, ok := selfCrossing(orb.LineString(r)); ok {
				tb.Errorf("%s: segments %d and %d of ring %d (%d points) cross", where, a, b, i, len(r))
			}
		}
	}
}

// selfCrossing finds two segments of the line that are not neighbours and
// cross at a point inside both, trying every pair: slow, and simple enough
// to trust as a check on the renderer's faster sweep.
func selfCrossing(ls orb.LineString) (int, int, bool) {
	n := len(ls) - 1
	closed := ls[0] == ls[n]
	side := func(a, b, c orb.Point) int {
		v := (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
		switch {
		case v > 0:
			return 1
		case v < 0:
			return -1
		}
		return 0
	}
	for i := range n {
		for j := i + 2; j < n; j++ {
			if closed && i == 0 && j == n-1 {
				continue
			}
			a, b, c, d := ls[i], ls[i+1], ls[j], ls[j+1]
			if side(a, b, c)*side(a, b, d) < 0 && side(c, d, a)*side(c, d, b) < 0 {
				return i, j, true
			}
		}
	}
	return 0, 0, false
}
