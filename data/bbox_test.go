package data_test

import (
	"context"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/frontier-map/frontier/geo"
	"github.com/frontier-map/frontier/internal/teststore"
)

// TestBBoxMeansMeets: the store's bbox (the R-tree, the shortcut for
// bounds inside the box, frontier_meets) selects and counts exactly what
// geo.Meets selects, on the bundled data: for boxes whose edges or corners
// lie on the features' own vertices (touching), boxes of one point,
// boxes that a segment crosses with no vertex inside, and a grid over the
// whole frontier.
func TestBBoxMeansMeets(t *testing.T) {
	ctx := context.Background()
	st, ds := teststore.Seeded(t)
	type feature struct {
		id string
		g  orb.Geometry
	}
	layers := map[string][]feature{}
	for _, e := range ds.Events {
		if e.Location != nil {
			layers["clashes"] = append(layers["clashes"], feature{e.ID, *e.Location})
		}
	}
	for _, s := range ds.Segments {
		layers["frontier"] = append(layers["frontier"], feature{s.ID, s.Line})
	}
	for _, c := range ds.Countries {
		layers["countries"] = append(layers["countries"], feature{c.Name, c.Geometry})
	}
	read := map[string]func(geo.Filter) ([]string, error){
		"clashes": func(f geo.Filter) ([]string, error) {
			evs, err := st.Events(ctx, f)
			return ids(evs, err, func(e geo.Event) string { return e.ID })
		},
		"frontier": func(f geo.Filter) ([]string, error) {
			segs, err := st.Segments(ctx, f)
			return ids(segs, err, func(s geo.Segment) string { return s.ID })
		},
		"countries": func(f geo.Filter) ([]string, error) {
			cs, err := st.Countries(ctx, f)
			return ids(cs, err, func(c geo.Country) string { return c.Name })
		},
	}

	box := func(minx, miny, maxx, maxy float64) orb.Bound {
		return orb.Bound{Min: orb.Point{minx, miny}, Max: orb.Point{maxx, maxy}}
	}
	var boxes []orb.Bound
	const d = 0.01
	for _, e := range layers["clashes"][:min(10, len(layers["clashes"]))] {
		p := e.g.(orb.Point)
		boxes = append(boxes, box(p[0], p[1], p[0], p[1]), box(p[0], p[1], p[0]+d, p[1]+d), box(p[0]-d, p[1]-d, p[0], p[1]))
	}
	for _, s := range layers["frontier"] {
		line := s.g.(orb.LineString)
		for i := 1; i < len(line); i += max(1, len(line)/4) {
			a, b := line[i-1], line[i]
			mid := orb.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2}
			// A box around the segment's middle, smaller than the
			// segment: crossed, with no vertex inside.
			eps := min(abs(b[0]-a[0]), abs(b[1]-a[1])) / 8
			if eps > 0 {
				boxes = append(boxes, box(mid[0]-eps, mid[1]-eps, mid[0]+eps, mid[1]+eps))
			}
			// Boxes with a vertex on an edge, inside and outside.
			boxes = append(boxes, box(b[0], b[1]-d, b[0]+d, b[1]+d), box(b[0]-d, b[1]-d, b[0], b[1]))
		}
	}
	all := ds.Segments[0].Line.Bound()
	for _, s := range ds.Segments {
		all = all.Union(s.Line.Bound())
	}
	const n = 6
	w, h := all.Max[0]-all.Min[0], all.Max[1]-all.Min[1]
	for i := range n {
		for j := range n {
			x, y := all.Min[0]+w*float64(i)/n, all.Min[1]+h*float64(j)/n
			boxes = append(boxes, box(x, y, x+w/n, y+h/n))
		}
	}

	checked := 0
	for layer, feats := range layers {
		for _, b := range boxes {
			if err := geo.CheckBBox(b); err != nil {
				t.Fatalf("test box %v: %v", b, err)
			}
			var want []string
			for _, f := range feats {
				if geo.Meets(f.g, b) {
					want = append(want, f.id)
				}
			}
			slices.Sort(want)
			f := geo.Filter{BBox: &b}
			got, err := read[layer](f)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s in %v: the store has %v, geo.Meets %v", layer, b, got, want)
			}
			count, err := st.Count(ctx, layer, f)
			if err != nil {
				t.Fatal(err)
			}
			if count != len(want) {
				t.Errorf("%s in %v: the store counts %d, geo.Meets %d", layer, b, count, len(want))
			}
			checked += len(want)
		}
	}
	if checked == 0 {
		t.Fatal("no box met any feature: the test checks nothing")
	}
	t.Logf("%d boxes, %d features met", len(boxes), checked)
}

func ids[T any](vs []T, err error, id func(T) string) ([]string, error) {
	var out []string
	for _, v := range vs {
		out = append(out, id(v))
	}
	slices.Sort(out)
	return out, err
}

func abs(x float64) float64 { return max(x, -x) }
