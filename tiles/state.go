package tiles

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/paulmach/orb"

	"github.com/frontier-map/frontier/geo"
)

// snapshot is what the Renderer knows about one dataset version, computed
// once per version rather than per tile.
type snapshot struct {
	version string
	etagVer string // version as it goes into an ETag
	// changes are every day on which what some tile shows can change.
	changes []geo.Date
	// bounds is the extent of every layer, frontier the frontier's.
	bounds, frontier orb.Bound
	empty            bool
	checked          atomic.Int64 // unix nanoseconds when the version was last read
	// clusters is the clash layer's index over every located event;
	// shapes the frontier's and countries'; deployments and places are
	// few, and kept whole.
	clusters    *clusterIndex
	shapes      *shapeIndex
	deployments []geo.Deployment
	places      []geo.Place
}

// current returns the snapshot of the dataset's current version, building
// it when the version has changed.
func (r *Renderer) current(ctx context.Context) (*snapshot, error) {
	r.mu.Lock()
	s := r.snap
	r.mu.Unlock()
	now := time.Now()
	if s != nil && r.opts.VersionTTL > 0 && now.Sub(time.Unix(0, s.checked.Load())) < r.opts.VersionTTL {
		return s, nil
	}
	v, err := r.src.Version(ctx)
	if err != nil {
		return nil, fmt.Errorf("tiles: dataset version: %w", err)
	}
	if s != nil && s.version == v {
		s.checked.Store(now.UnixNano())
		return s, nil
	}
	install := func(ns *snapshot) {
		ns.checked.Store(time.Now().UnixNano())
		r.mu.Lock()
		if r.snap == nil || r.snap.version != ns.version {
			r.snap = ns
			r.cache.retain(ns.version)
		}
		r.mu.Unlock()
	}
	build := func() (any, error) {
		start := time.Now()
		ns, err := r.build(context.WithoutCancel(ctx), v)
		if err == nil {
			r.slowBuild.Store(time.Since(start) > slowBuild)
			install(ns)
		}
		return ns, err
	}
	// A snapshot of a million events takes seconds to build. Once one has
	// been that slow, the next version is built in the background and the
	// previous one goes on answering meanwhile (its tiles keep their own
	// version in cache keys and ETags), so no request waits for the build
	// or times out behind it. A fast build is waited for: the new data
	// shows at once.
	if s != nil && r.slowBuild.Load() {
		r.group.DoChan("snapshot\x00"+v, build)
		return s, nil
	}
	res, err, _ := r.group.Do("snapshot\x00"+v, build)
	if err != nil {
		return nil, err
	}
	return res.(*snapshot), nil
}

// Recheck makes the next call read the dataset version from the Source
// whatever VersionTTL says: a request naming a version this Renderer has not
// seen yet (another process serving the same store saw an import first)
// asks the store rather than trusting a version read up to a TTL ago.
func (r *Renderer) Recheck() {
	r.mu.Lock()
	if r.snap != nil {
		r.snap.checked.Store(0)
	}
	r.mu.Unlock()
}

// slowBuild is how long a snapshot build may take before the next one is
// made in the background.
const slowBuild = time.Second

// build reads the whole dataset once: the days on which it changes and
// its bounds.
func (r *Renderer) build(ctx context.Context, version string) (*snapshot, error) {
	var all geo.Filter
	segs, err := r.src.Segments(ctx, all)
	if err != nil {
		return nil, fmt.Errorf("tiles: %s: %w", LayerFrontier, err)
	}
	var pts []clusterPoint
	var days []geo.Date
	seen := map[int32]bool{}
	var evBound orb.Bound
	addPoint := func(p geo.EventPoint) error {
		if p.Start.IsZero() {
			return nil
		}
		cp := pointOf(p)
		if len(pts) == 0 {
			evBound = p.Location.Bound()
		} else {
			evBound = evBound.Extend(p.Location)
		}
		pts = append(pts, cp)
		if !seen[cp.start] {
			seen[cp.start] = true
			days = append(days, p.Start)
		}
		return nil
	}
	if ps, ok := r.src.(PointSource); ok {
		err = ps.EachEventPoint(ctx, addPoint)
	} else {
		var evs []geo.Event
		evs, err = r.src.Events(ctx, all)
		for _, p := range EventPoints(evs) {
			addPoint(p)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("tiles: %s: %w", LayerClashes, err)
	}
	deps, err := r.src.Deployments(ctx, all)
	if err != nil {
		return nil, fmt.Errorf("tiles: %s: %w", LayerDeployments, err)
	}
	cs, err := r.src.Countries(ctx, all)
	if err != nil {
		return nil, fmt.Errorf("tiles: %s: %w", LayerCountries, err)
	}
	ps, err := r.src.Places(ctx, all)
	if err != nil {
		return nil, fmt.Errorf("tiles: %s: %w", LayerPlaces, err)
	}
	changes := append(Changes(segs, nil, deps), days...)
	slices.SortFunc(changes, func(a, b geo.Date) int { return a.Time().Compare(b.Time()) })
	s := &snapshot{version: version, etagVer: etagToken(version), changes: slices.Compact(changes), empty: true,
		clusters: buildClusterIndex(pts), shapes: newShapeIndex(segs, cs), deployments: deps, places: ps}
	add := func(g orb.Geometry) {
		if g == nil {
			return
		}
		b := g.Bound()
		if s.empty {
			s.bounds, s.empty = b, false
		} else {
			s.bounds = s.bounds.Union(b)
		}
	}
	for i, sg := range segs {
		add(sg.Line)
		if i == 0 {
			s.frontier = sg.Line.Bound()
		} else {
			s.frontier = s.frontier.Union(sg.Line.Bound())
		}
	}
	if len(pts) > 0 {
		add(evBound)
	}
	for _, d := range deps {
		if d.Location != nil {
			add(*d.Location)
		}
	}
	for _, c := range cs {
		add(c.Geometry)
	}
	for _, p := range ps {
		add(p.Location)
	}
	if len(segs) == 0 {
		s.frontier = s.bounds
	}
	return s, nil
}

// Changes returns every day on which what a tile shows can change, sorted:
// a segment's status (geo.Changes), a located event's first day (the clash
// layer shows events up to the instant), and every dated claim of a located
// deployment (the earliest brings it onto the map, each later one changes
// the status it shows). Features with no location are never in a tile, so
// their dates would only split one cache entry into two alike.
func Changes(segs []geo.Segment, evs []geo.Event, deps []geo.Deployment) []geo.Date {
	out := geo.Changes(segs)
	for _, e := range evs {
		if e.Location != nil {
			out = append(out, e.DateStart)
		}
	}
	for _, d := range deps {
		if d.Location == nil {
			continue
		}
		for _, c := range d.Claims {
			out = append(out, c.Date)
		}
	}
	out = slices.DeleteFunc(out, geo.Date.IsZero)
	slices.SortFunc(out, func(a, b geo.Date) int { return a.Time().Compare(b.Time()) })
	return slices.Compact(out)
}

// etagToken is the dataset version as it may appear inside a quoted ETag:
// as it is when it is short and printable, else a hash of it.
func etagToken(v string) string {
	ok := len(v) > 0 && len(v) <= 64
	for i := 0; ok && i < len(v); i++ {
		ok = v[i] > ' ' && v[i] < 0x7f && v[i] != '"'
	}
	if ok {
		return v
	}
	h := sha256.Sum256([]byte(v))
	return hex.EncodeToString(h[:8])
}

// encoding is the revision of this package's encoding. It is part of every
// ETag, so that a client holding a tile from an older Frontier does not get
// a 304 for bytes a newer one draws differently. Bump it with any change to
// what a tile holds.
const encoding = "t4"

func (s *snapshot) etag(state geo.Date, k Key) string {
	// Appended by hand: with fmt and time.Format this was a twentieth of
	// a cold tile's drawing.
	b := make([]byte, 0, 64)
	b = append(b, '"')
	b = append(b, encoding...)
	b = append(b, '-')
	b = append(b, s.etagVer...)
	b = append(b, '-')
	if state.IsZero() {
		b = append(b, '0')
	} else {
		y, m, d := state.Time().Date()
		b = appendPadded(b, y, 4)
		b = appendPadded(b, int(m), 2)
		b = appendPadded(b, d, 2)
	}
	for _, n := range [3]uint32{k.Z, k.X, k.Y} {
		b = append(b, '-')
		b = strconv.AppendUint(b, uint64(n), 10)
	}
	return string(append(b, '"'))
}

// appendPadded appends n in decimal, zero-padded to width digits.
func appendPadded(b []byte, n, width int) []byte {
	start := len(b)
	b = strconv.AppendInt(b, int64(n), 10)
	for len(b)-start < width {
		b = slices.Insert(b, start, '0')
	}
	return b
}

// GzipETag returns the entity tag of the gzipped representation of the tile
// whose uncompressed one has etag, as Apache does: "...-gzip".
func GzipETag(etag string) string {
	return strings.TrimSuffix(etag, `"`) + `-gzip"`
}

// instant is the instant a state is drawn at: its first, so that a tile's
// bytes depend on the state alone and not on which instant in it was asked
// for first. Before the first change, the instant before it.
func (s *snapshot) instant(state geo.Date) time.Time {
	switch {
	case !state.IsZero():
		return state.Time()
	case len(s.changes) > 0:
		return s.changes[0].Time().Add(-time.Nanosecond)
	}
	return time.Time{}
}
