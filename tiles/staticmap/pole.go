package staticmap

import (
	"container/heap"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// poleOf returns the point inside poly farthest from its outline (its
// pole of inaccessibility) to within precision, and that distance: where
// a name written across the polygon has the most room. poly is in
// pixels. It is the grid search Garcia-Castellanos and Lombardo describe,
// refined as Mapbox's polylabel does: square cells ordered by the best
// distance any point of theirs could have, split until no cell can beat
// the best point found by more than precision.
func poleOf(poly orb.Polygon, precision float64) (orb.Point, float64) {
	if len(poly) == 0 || len(poly[0]) < 3 {
		return orb.Point{}, 0
	}
	b := poly.Bound()
	size := math.Min(b.Right()-b.Left(), b.Top()-b.Bottom())
	if size <= 0 {
		return b.Center(), 0
	}
	q := &cells{}
	h := size / 2
	for x := b.Left(); x < b.Right(); x += size {
		for y := b.Bottom(); y < b.Top(); y += size {
			heap.Push(q, newCell(orb.Point{x + h, y + h}, h, poly))
		}
	}
	centroid, _ := planar.CentroidArea(poly)
	best := newCell(centroid, 0, poly)
	if c := newCell(b.Center(), 0, poly); c.d > best.d {
		best = c
	}
	// A bound on the work for a pathological outline; the answer is then
	// the best found so far, still a point inside.
	for n := 0; q.Len() > 0 && n < 20000; n++ {
		c := heap.Pop(q).(cell)
		if c.d > best.d {
			best = c
		}
		if c.max-best.d <= precision {
			continue
		}
		h := c.h / 2
		for _, d := range [4][2]float64{{-1, -1}, {1, -1}, {-1, 1}, {1, 1}} {
			heap.Push(q, newCell(orb.Point{c.at[0] + d[0]*h, c.at[1] + d[1]*h}, h, poly))
		}
	}
	return best.at, best.d
}

// cell is a square of half-side h around at; d is at's signed distance to
// the outline (negative outside), max the most any point of the cell
// could have.
type cell struct {
	at     orb.Point
	h      float64
	d, max float64
}

func newCell(at orb.Point, h float64, poly orb.Polygon) cell {
	d := outlineDistance(at, poly)
	if !planar.PolygonContains(poly, at) {
		d = -d
	}
	return cell{at, h, d, d + h*math.Sqrt2}
}

// outlineDistance is the distance from p to the nearest edge of poly's
// rings.
func outlineDistance(p orb.Point, poly orb.Polygon) float64 {
	best := math.Inf(1)
	for _, r := range poly {
		for i := 1; i < len(r); i++ {
			best = math.Min(best, planar.DistanceFromSegmentSquared(r[i-1], r[i], p))
		}
	}
	return math.Sqrt(best)
}

// cells is a max-heap of cells by max.
type cells []cell

func (q cells) Len() int           { return len(q) }
func (q cells) Less(i, j int) bool { return q[i].max > q[j].max }
func (q cells) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *cells) Push(x any)        { *q = append(*q, x.(cell)) }
func (q *cells) Pop() any {
	old := *q
	c := old[len(old)-1]
	*q = old[:len(old)-1]
	return c
}
