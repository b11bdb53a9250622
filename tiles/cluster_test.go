package tiles

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"github.com/frontier-map/frontier/geo"
)

// TestClusterIndex checks the index against counting by hand: for random
// points (many at one spot, as ACLED puts events on a town's coordinates),
// random tiles and random days, every cell the index reports holds exactly
// the events a scan finds there by that day, with the same sums, and the
// expansion zoom is the first at which a scan sees them split.
func TestClusterIndex(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	spots := []orb.Point{{70.58333, 39.85}, {70.816667, 40.05}, {69.683333, 40.133333}}
	var pts []clusterPoint
	for i := range 5000 {
		c := spots[r.IntN(len(spots))]
		p := c
		if r.IntN(3) > 0 {
			p = orb.Point{c[0] + r.NormFloat64()*0.05, c[1] + r.NormFloat64()*0.05}
		}
		start := geo.NewDate(2020, 1, 1+r.IntN(1500))
		ep := geo.EventPoint{ID: "e" + string(rune('a'+i%26)) + itoa(i), Location: p, Start: start, End: geo.DateOf(start.Time().AddDate(0, 0, r.IntN(3))), FatalitiesLow: -1, FatalitiesHigh: -1}
		if r.IntN(2) == 0 {
			ep.FatalitiesLow = r.IntN(5)
			ep.FatalitiesHigh = ep.FatalitiesLow + r.IntN(3)
		}
		pts = append(pts, pointOf(ep))
	}
	ix := buildClusterIndex(pts)
	cellOf := func(p clusterPoint, z uint32) (uint64, uint64) {
		side := float64(uint64(1) << (z + clusterShift))
		return uint64(min(max(p.x*side, 0), side-1)), uint64(min(max(p.y*side, 0), side-1))
	}
	for range 300 {
		z := uint32(r.IntN(MaxZoom + 1))
		p := pts[r.IntN(len(pts))]
		k := KeysIn(unmercator(p.x, p.y).Bound(), z)[0]
		d := dayNumber(geo.NewDate(2020, 1, 1).Time()) + int32(r.IntN(1600))
		shift := uint(z + clusterShift)
		inTile := 0
		for _, h := range ix.query(k, d) {
			l, e := h.level, h.entry
			c := l.keys[h.cell]
			cx, cy := c&(1<<shift-1), c>>shift
			if cx/ClusterCells == uint64(k.X) && cy/ClusterCells == uint64(k.Y) {
				inTile += int(l.count[e])
			}
			var n, lo, hi, known int32
			var last int32
			var members []clusterPoint
			for _, q := range pts {
				if qx, qy := cellOf(q, z); qx == cx && qy == cy && q.start <= d {
					n++
					last = max(last, q.end)
					if q.lo >= 0 {
						lo, hi, known = lo+q.lo, hi+q.hi, known+1
					}
					members = append(members, q)
				}
			}
			if n != l.count[e] || lo != l.lo[e] || hi != l.hi[e] || known != l.known[e] || last != l.last[e] {
				t.Fatalf("z%d cell %d,%d day %d: index count %d lo %d hi %d known %d last %d; scan %d %d %d %d %d",
					z, cx, cy, d, l.count[e], l.lo[e], l.hi[e], l.known[e], l.last[e], n, lo, hi, known, last)
			}
			if n == 1 && ix.ids[l.single[h.cell]] != members[0].id {
				t.Fatalf("single event %s, scan finds %s", ix.ids[l.single[h.cell]], members[0].id)
			}
			var sx, sy float64
			for _, q := range members {
				sx, sy = sx+q.x, sy+q.y
			}
			side := float64(uint64(1) << shift)
			gotX := (float64(cx) + float64(l.sx[e])/float64(n)) / side
			if math.Abs(gotX-sx/float64(n)) > 1e-6/side {
				t.Fatalf("centroid x %g, scan %g", gotX, sx/float64(n))
			}
			if n > 1 {
				want := -1
				for lz := z + 1; lz <= MaxZoom && want < 0; lz++ {
					seen := map[[2]uint64]bool{}
					for _, q := range members {
						qx, qy := cellOf(q, lz)
						seen[[2]uint64{qx, qy}] = true
					}
					if len(seen) > 1 {
						want = int(lz)
					}
				}
				if got := ix.expansionZoom(z, c, d); got != want {
					t.Fatalf("z%d cell %d,%d: expansion zoom %d, scan %d", z, cx, cy, got, want)
				}
			}
		}
		scan := 0
		for _, q := range pts {
			if qx, qy := cellOf(q, z); qx/ClusterCells == uint64(k.X) && qy/ClusterCells == uint64(k.Y) && q.start <= d {
				scan++
			}
		}
		if inTile != scan {
			t.Fatalf("tile %s day %d: %d events in the index, %d by scan", k, d, inTile, scan)
		}
	}
}

func itoa(i int) string {
	const digits = "0123456789"
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{digits[i%10]}, b...)
	}
	return string(b)
}

func TestAbbreviate(t *testing.T) {
	for n, want := range map[int]string{7: "7", 950: "950", 1234: "1.2k", 9960: "10k", 34400: "34k"} {
		if got := abbreviate(n); got != want {
			t.Errorf("abbreviate(%d) = %q, want %q", n, got, want)
		}
	}
}
