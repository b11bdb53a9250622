package tiles

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/frontier-map/frontier/geo"
	"github.com/frontier-map/frontier/internal/teststore"
)

// TestClashesCountedOnce checks what the map page relies on when it draws
// the clashes from the tiles (web/ui/clusters.js): it keeps a tile's
// clashes that lie in the tile itself, since a tile's buffer repeats its
// neighbours'. Over the tiles covering the events, at every zoom, the
// events drawn alone and the clusters' point_count must then add up to
// every located event up to the date, each once, and every cluster that
// splits must split at a deeper zoom.
func TestClashesCountedOnce(t *testing.T) {
	ds := teststore.Dataset(t)
	ds.Events = slices.Clone(ds.Events)
	var model geo.Event
	for _, e := range ds.Events {
		if e.Location != nil {
			model = e
			break
		}
	}
	// Events scattered around the gazetteer's places, many at a place's
	// very point (as ACLED locates them), some exactly on a tile edge.
	r := rand.New(rand.NewPCG(5, 6))
	for i := range 2000 {
		e := model
		e.ID = fmt.Sprintf("synthetic-%04d", i)
		e.AreaOf = nil // places the model lies near, not these
		at := ds.Places[r.IntN(len(ds.Places))].Location
		switch i % 3 {
		case 0:
			at = orb.Point{at[0] + r.NormFloat64()*0.1, at[1] + r.NormFloat64()*0.05}
		case 1:
			at = orb.Point{70.3125, at[1] + r.NormFloat64()*0.05} // a tile edge from zoom 8 on
		}
		e.Location = &at
		start := geo.NewDate(2015, 1, 1+r.IntN(3000))
		e.DateStart, e.DateEnd = start, start
		ds.Events = append(ds.Events, e)
	}
	rdr := NewRenderer(teststore.New(t, ds), Options{})
	asOf := day(t, "2021-06-30")
	var want int
	var box orb.Bound
	for _, e := range ds.Events {
		if e.Location == nil || e.DateStart.Time().After(asOf) {
			continue
		}
		if want == 0 {
			box = e.Location.Bound()
		}
		box = box.Extend(*e.Location)
		want++
	}
	for _, z := range []uint32{3, 5, 8, 10} {
		t.Run(fmt.Sprint("z", z), func(t *testing.T) {
			got, clusters := 0, 0
			for _, k := range KeysIn(box, z) {
				l := decode(t, tile(t, rdr, k, asOf))[LayerClashes]
				if l == nil {
					continue
				}
				for _, f := range l.Features {
					p := f.Geometry.(orb.Point)
					if p[0] < 0 || p[1] < 0 || p[0] >= Extent || p[1] >= Extent {
						continue // a neighbour's, in the buffer
					}
					if f.Properties["cluster"] != true {
						got++
						continue
					}
					clusters++
					got += int(f.Properties["point_count"].(float64))
					if ez, ok := f.Properties["expansion_zoom"].(float64); ok && uint32(ez) <= z {
						t.Errorf("tile %s: cluster %v splits at zoom %v, not deeper", k, f.Properties["id"], ez)
					}
				}
			}
			if got != want {
				t.Errorf("%d events counted over the tiles' own areas (%d clusters), want %d", got, clusters, want)
			}
		})
	}
}
