package tiles

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/maypok86/otter/v2"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/frontier-map/frontier/geo"
)

// PointSource is what a Source may also offer so that the clash layer's
// cluster index is built from the events' points alone, without decoding a
// million events in full. data.Store offers it; without it the Renderer
// reads every event once per dataset version.
type PointSource interface {
	EachEventPoint(ctx context.Context, fn func(geo.EventPoint) error) error
}

// Clustering: events are counted into a grid of ClusterCells × ClusterCells
// cells per tile at every zoom. A cell holding one event (as of the tile's
// instant) shows that event; a cell holding more shows one cluster at their
// centroid, with their count, fatality sums and date range. 512 units of a
// 4096 tile are 64 pixels on a 512-pixel tile: about supercluster's default
// radius of 40 pixels on either side, the distance at which two circles of
// an event map overlap.
const (
	ClusterCells = 8
	clusterShift = 3 // log2(ClusterCells)
)

// dayBits is how many bits of a sort key hold the day (days since
// dayEpoch, about 2,800 years).
const dayBits = 20

var dayEpoch = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)

// dayNumber is d as a day count from dayEpoch, clamped to the key's range.
func dayNumber(t time.Time) int32 {
	n := int64(math.Floor(t.Sub(dayEpoch).Hours() / 24))
	return int32(min(max(n, 0), 1<<dayBits-1))
}

func dayDate(n int32) geo.Date {
	return geo.DateOf(dayEpoch.AddDate(0, 0, int(n)))
}

// clusterIndex holds every located event's point and, per zoom, the grid
// cells with their events summed day by day. It is built once per dataset
// version; a tile then costs a binary search per cell, whatever the number
// of events in it, and every instant is answered from the same index: an
// entry holds running totals from the cell's first day, so "the events up
// to day D" is one search for D.
type clusterIndex struct {
	ids    []string
	x, y   []float64 // Web Mercator, 0..1 from the north-west corner
	levels [MaxZoom + 1]clusterLevel
	// details are the events drawn alone, as the store gave them.
	details *clashDetails
}

type clusterLevel struct {
	keys   []uint64 // cell keys (row << (z+3) | column), sorted
	off    []int32  // cell i's entries are off[i] .. off[i+1]
	single []int32  // the cell's earliest event
	// Entries, by cell then day; the values are running totals over the
	// cell's days up to and including the entry's.
	day   []int32
	count []int32
	lo    []int32 // sum of the lowest killed figures claimed
	hi    []int32 // sum of the highest
	known []int32 // events with a figure
	sx    []float32
	sy    []float32 // sums of positions inside the cell (0..1)
	last  []int32   // latest last day
}

// mercator projects lon/lat to Web Mercator in 0..1.
func mercator(p orb.Point) (x, y float64) {
	lat := max(min(p[1], 85.0511287798), -85.0511287798)
	s := math.Sin(lat * math.Pi / 180)
	return p[0]/360 + 0.5, 0.5 - math.Log((1+s)/(1-s))/(4*math.Pi)
}

func unmercator(x, y float64) orb.Point {
	lat := math.Atan(math.Sinh(math.Pi*(1-2*y))) * 180 / math.Pi
	return orb.Point{x*360 - 180, lat}
}

// buildClusterIndex indexes the points. It sorts each zoom's (cell, day)
// keys once: about a second for a million events on one core.
func buildClusterIndex(pts []clusterPoint) *clusterIndex {
	n := len(pts)
	ix := &clusterIndex{ids: make([]string, n), x: make([]float64, n), y: make([]float64, n), details: newClashDetails()}
	for i, p := range pts {
		ix.ids[i], ix.x[i], ix.y[i] = p.id, p.x, p.y
	}
	type keyed struct {
		key uint64
		i   int32
	}
	ks := make([]keyed, n)
	for z := range ix.levels {
		shift := uint(z + clusterShift)
		side := float64(uint64(1) << shift)
		for i, p := range pts {
			cx := uint64(min(max(p.x*side, 0), side-1))
			cy := uint64(min(max(p.y*side, 0), side-1))
			ks[i] = keyed{((cy<<shift | cx) << dayBits) | uint64(p.start), int32(i)}
		}
		slices.SortFunc(ks, func(a, b keyed) int { return cmp.Compare(a.key, b.key) })
		l := &ix.levels[z]
		var cell uint64 = math.MaxUint64
		var cx0, cy0 float64
		var count, lo, hi, known, last int32
		var sx, sy float64
		for _, k := range ks {
			p := pts[k.i]
			c, d := k.key>>dayBits, int32(k.key&(1<<dayBits-1))
			if c != cell {
				cell = c
				l.keys = append(l.keys, c)
				l.off = append(l.off, int32(len(l.day)))
				l.single = append(l.single, k.i)
				cx0, cy0 = float64(c&(1<<shift-1)), float64(c>>shift)
				count, lo, hi, known, last, sx, sy = 0, 0, 0, 0, 0, 0, 0
			}
			count++
			if p.lo >= 0 {
				lo += p.lo
				hi += p.hi
				known++
			}
			last = max(last, p.end)
			sx += p.x*side - cx0
			sy += p.y*side - cy0
			e := len(l.day) - 1
			if e < int(l.off[len(l.off)-1]) || l.day[e] != d {
				l.day = append(l.day, d)
				l.count = append(l.count, 0)
				l.lo = append(l.lo, 0)
				l.hi = append(l.hi, 0)
				l.known = append(l.known, 0)
				l.sx = append(l.sx, 0)
				l.sy = append(l.sy, 0)
				l.last = append(l.last, 0)
				e++
			}
			l.count[e], l.lo[e], l.hi[e], l.known[e], l.last[e] = count, lo, hi, known, last
			l.sx[e], l.sy[e] = float32(sx), float32(sy)
		}
		l.off = append(l.off, int32(len(l.day)))
		l.compact()
	}
	return ix
}

// compact trims the slices' spare capacity: the index lives as long as its
// dataset version, and append's doubling would leave up to half of it idle.
func (l *clusterLevel) compact() {
	l.keys, l.off, l.single = slices.Clip(l.keys), slices.Clip(l.off), slices.Clip(l.single)
	for _, s := range []*[]int32{&l.day, &l.count, &l.lo, &l.hi, &l.known, &l.last} {
		*s = slices.Clone(*s)
	}
	l.sx, l.sy = slices.Clone(l.sx), slices.Clone(l.sy)
}

// clusterPoint is one event as the index is built from it.
type clusterPoint struct {
	id         string
	x, y       float64
	start, end int32
	lo, hi     int32
}

func pointOf(p geo.EventPoint) clusterPoint {
	x, y := mercator(p.Location)
	end := p.End
	if end.IsZero() {
		end = p.Start
	}
	return clusterPoint{id: p.ID, x: x, y: y, start: dayNumber(p.Start.Time()), end: dayNumber(end.Time()),
		lo: int32(p.FatalitiesLow), hi: int32(p.FatalitiesHigh)}
}

// EventPoints turns events into the points a cluster index is built from
// (for a Source that is not a PointSource); events with no location or no
// start are left out, as the clash layer leaves them out.
func EventPoints(evs []geo.Event) []geo.EventPoint {
	out := make([]geo.EventPoint, 0, len(evs))
	for _, e := range evs {
		if e.Location == nil || e.DateStart.IsZero() {
			continue
		}
		p := geo.EventPoint{ID: e.ID, Location: *e.Location, Start: e.DateStart, End: e.DateEnd, FatalitiesLow: -1, FatalitiesHigh: -1}
		if lo, hi, ok := e.Figures("killed"); ok {
			p.FatalitiesLow, p.FatalitiesHigh = lo, hi
		}
		out = append(out, p)
	}
	return out
}

// at returns the entry of cell i holding its totals up to day d, or
// off[i]-1 when the cell has no event by then.
func (l *clusterLevel) at(i int, d int32) int {
	a, b := int(l.off[i]), int(l.off[i+1])
	j, _ := slices.BinarySearch(l.day[a:b], d+1)
	return a + j - 1
}

// find returns the index of the cell with key c, or -1.
func (l *clusterLevel) find(c uint64) int {
	i, ok := slices.BinarySearch(l.keys, c)
	if !ok {
		return -1
	}
	return i
}

// clusterHit is one non-empty cell of a tile as of an instant.
type clusterHit struct {
	level *clusterLevel
	cell  int
	entry int
}

// query returns the non-empty cells of tile k as of day d, with a ring of
// cells around the tile so that a cluster drawn in the neighbour's buffer
// is drawn here too.
func (ix *clusterIndex) query(k Key, d int32) []clusterHit {
	l := &ix.levels[k.Z]
	shift := uint(k.Z + clusterShift)
	side := int64(1) << shift
	x0, x1 := int64(k.X)*ClusterCells-1, int64(k.X)*ClusterCells+ClusterCells
	y0, y1 := int64(k.Y)*ClusterCells-1, int64(k.Y)*ClusterCells+ClusterCells
	x0, y0 = max(x0, 0), max(y0, 0)
	x1, y1 = min(x1, side-1), min(y1, side-1)
	var out []clusterHit
	for cy := y0; cy <= y1; cy++ {
		from := uint64(cy)<<shift | uint64(x0)
		to := uint64(cy)<<shift | uint64(x1)
		i, _ := slices.BinarySearch(l.keys, from)
		for ; i < len(l.keys) && l.keys[i] <= to; i++ {
			if e := l.at(i, d); e >= int(l.off[i]) {
				out = append(out, clusterHit{level: l, cell: i, entry: e})
			}
		}
	}
	return out
}

// expansionZoom is the first zoom past z at which the events of cell c as
// of day d fall into more than one cell, so a click on the cluster can zoom
// to where it splits; -1 when they never do (events at one spot).
func (ix *clusterIndex) expansionZoom(z uint32, c uint64, d int32) int {
	shift := uint(z + clusterShift)
	cx, cy := c&(1<<shift-1), c>>shift
	for lz := z + 1; lz <= MaxZoom; lz++ {
		l := &ix.levels[lz]
		shift++
		var next uint64
		found := 0
		for dy := uint64(0); dy < 2; dy++ {
			for dx := uint64(0); dx < 2; dx++ {
				ch := (2*cy+dy)<<shift | (2*cx + dx)
				if i := l.find(ch); i >= 0 && l.at(i, d) >= int(l.off[i]) {
					found++
					next = ch
				}
			}
		}
		if found > 1 {
			return int(lz)
		}
		if found == 0 {
			return -1
		}
		cx, cy = next&(1<<shift-1), next>>shift
	}
	return -1
}

// clashLayer draws the clash layer of tile k as of asOf from the index:
// clusters where a cell holds more than one event, the event itself where
// it holds one (read in full from the Source, a few per tile).
func (r *Renderer) clashLayer(ctx context.Context, ix *clusterIndex, k Key, asOf time.Time) ([]*geojson.Feature, error) {
	d := dayNumber(geo.DateOf(asOf).Time())
	hits := ix.query(k, d)
	var out []*geojson.Feature
	var singles []string
	shift := uint(k.Z + clusterShift)
	side := float64(uint64(1) << shift)
	for _, h := range hits {
		l, e := h.level, h.entry
		n := l.count[e]
		if n == 1 {
			singles = append(singles, ix.ids[l.single[h.cell]])
			continue
		}
		c := l.keys[h.cell]
		cx, cy := float64(c&(1<<shift-1)), float64(c>>shift)
		at := unmercator((cx+float64(l.sx[e])/float64(n))/side, (cy+float64(l.sy[e])/float64(n))/side)
		first := l.day[l.off[h.cell]]
		p := props{}
		p["cluster"] = true
		p.num("point_count", int64(n))
		p.str("point_count_abbreviated", abbreviate(int(n)))
		p.str("date_start", dayDate(first).String())
		p.str("date_end", dayDate(l.last[e]).String())
		if l.known[e] > 0 {
			p.num("fatalities_low", int64(l.lo[e]))
			p.num("fatalities_high", int64(l.hi[e]))
		}
		if ez := ix.expansionZoom(k.Z, c, d); ez >= 0 {
			p.num("expansion_zoom", int64(ez))
		}
		out = append(out, feature(fmt.Sprintf("~cluster/%d/%d/%d", k.Z, int(cx), int(cy)), at, p))
	}
	if len(singles) > 0 {
		evs, err := ix.details.get(ctx, r.src, singles)
		if err != nil {
			return nil, err
		}
		out = append(out, clashFeatures(evs, asOf)...)
	}
	return out, nil
}

// clashDetails keeps, for one dataset version, what a tile shows of the
// events it has drawn alone, so that the next tile showing one (the same
// event at the next zoom, or in a neighbour's buffer) reads nothing from
// the store, through cgo, on a path where a cold tile costs tens of
// microseconds. It is bounded in events, the least used out first.
type clashDetails struct {
	c *otter.Cache[string, geo.Event]
}

// maxClashDetails bounds clashDetails: an event is a few hundred bytes,
// one of the bundled record with its claims a few kilobytes.
const maxClashDetails = 4096

func newClashDetails() *clashDetails {
	return &clashDetails{c: otter.Must(&otter.Options[string, geo.Event]{MaximumSize: maxClashDetails})}
}

// get returns the events with these ids, from memory or the store.
func (d *clashDetails) get(ctx context.Context, src Source, ids []string) ([]geo.Event, error) {
	var evs []geo.Event
	var missing []string
	for _, id := range ids {
		if e, ok := d.c.GetIfPresent(id); ok {
			evs = append(evs, e)
		} else {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return evs, nil
	}
	slices.Sort(missing)
	read, err := src.Events(ctx, geo.Filter{IDs: missing})
	if err != nil {
		return nil, err
	}
	for _, e := range read {
		// A Source may ignore IDs (it is an optimisation): keep only those asked for.
		if _, found := slices.BinarySearch(missing, e.ID); found {
			d.c.Set(e.ID, e)
			evs = append(evs, e)
		}
	}
	return evs, nil
}

// abbreviate writes a count as supercluster does: 950, 1.2k, 34k.
func abbreviate(n int) string {
	switch {
	case n >= 10000:
		return strconv.Itoa(int(math.Round(float64(n)/1000))) + "k"
	case n >= 1000:
		return strconv.FormatFloat(math.Round(float64(n)/100)/10, 'f', -1, 64) + "k"
	}
	return strconv.Itoa(n)
}
