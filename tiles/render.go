package tiles

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"golang.org/x/sync/singleflight"

	"github.com/frontier-map/frontier/geo"
)

// Source is the data tiles are drawn from. data.Store satisfies it: it
// selects by BBox through its spatial index, keeps the events whose days
// meet Filter.Time and the deployments with a dated claim not after its
// end, and never matches a feature with no geometry to a bbox.
type Source interface {
	Segments(ctx context.Context, f geo.Filter) ([]geo.Segment, error)
	Events(ctx context.Context, f geo.Filter) ([]geo.Event, error)
	Deployments(ctx context.Context, f geo.Filter) ([]geo.Deployment, error)
	Countries(ctx context.Context, f geo.Filter) ([]geo.Country, error)
	Places(ctx context.Context, f geo.Filter) ([]geo.Place, error)
	// Version changes whenever any feature does.
	Version(ctx context.Context) (string, error)
}

// Options tune a Renderer. The zero Options are usable.
type Options struct {
	// CacheBytes bounds the tile cache; zero means DefaultCacheBytes and a
	// negative value turns the cache off.
	CacheBytes int64
	// VersionTTL is how long the Renderer trusts the dataset version it last
	// read before asking the Source again. Zero asks on every call: one
	// store query per request, even for a cached tile. A server should set
	// about a second: hot tiles then come from memory alone, and an import
	// shows within that second.
	VersionTTL time.Duration
	// Validity adds to every frontier feature its whole status history
	// (status_periods), so that a page reading an archive without a server
	// can draw the status at any date from one set of tiles.
	Validity bool
}

// Tile is one encoded tile. Tiles may come from the cache and are shared:
// never modify one.
type Tile struct {
	Key Key
	// Version is the dataset version the tile was drawn from.
	Version string
	// State is the latest change on or before the instant asked for; the
	// zero Date before the first change.
	State geo.Date
	// Raw is the MVT, uncompressed; Gzip the same bytes gzipped, compressed
	// once when the tile was encoded, and only when that makes them smaller
	// (see minGzip): nil otherwise, and the tile is sent as it is to every
	// client. Both are empty for an empty tile.
	Raw, Gzip []byte
	// ETag is the strong entity tag of the uncompressed tile, quoted;
	// GzipETag that of the gzipped one. RFC 9110 wants the two to differ,
	// as they are different representations (see GzipETag).
	ETag, GzipETag string
	// Empty reports that no layer has a feature: the handler answers 204.
	Empty bool
	// Values are the tile's header values as an http.Header holds them.
	Values HeaderValues
}

// HeaderValues are a tile's ETags and lengths as http.Header values (each a
// slice of one), made once when the tile is drawn, so that answering it
// from the cache allocates none. They are shared: never write into one.
type HeaderValues struct {
	ETag, GzipETag, RawLength, GzipLength []string
}

// Renderer draws and caches tiles. It is safe for concurrent use.
type Renderer struct {
	src   Source
	opts  Options
	cache *cache
	group singleflight.Group

	mu   sync.Mutex
	snap *snapshot
	// slowBuild reports that the last snapshot took over slowBuild to make.
	slowBuild atomic.Bool
}

// NewRenderer returns a Renderer drawing from src.
func NewRenderer(src Source, opts Options) *Renderer {
	size := opts.CacheBytes
	if size == 0 {
		size = DefaultCacheBytes
	}
	return &Renderer{src: src, opts: opts, cache: newCache(size)}
}

// Stats returns the tile cache's counters.
func (r *Renderer) Stats() CacheStats { return r.cache.snapshot() }

// ETag returns the tile's ETag (uncompressed) as of asOf without drawing it,
// so that a conditional request can be answered 304 from the dataset
// version alone.
func (r *Renderer) ETag(ctx context.Context, k Key, asOf time.Time) (string, error) {
	if !k.Valid() {
		return "", fmt.Errorf("%w: %s", ErrOutOfRange, k)
	}
	s, err := r.current(ctx)
	if err != nil {
		return "", err
	}
	return s.etag(geo.StateAt(s.changes, asOf), k), nil
}

// Tile returns the tile k as of the instant asOf: the frontier's status
// then, the clashes that started on or before it, the deployments with a
// claim on or before it. A handler passes the end of the request's
// datetime interval (geo.Interval.AsOf), or now when none is given.
//
// Every instant between two changes gets the same tile from one cache
// entry; concurrent requests for a tile that is not cached draw it once.
func (r *Renderer) Tile(ctx context.Context, k Key, asOf time.Time) (*Tile, error) {
	t, _, err := r.TileTimed(ctx, k, asOf)
	return t, err
}

// TileTimed is Tile, also reporting how long the call waited for the tile
// to be drawn (by it or by a request asking just before): zero when the
// tile came from the cache. A handler sends it in Server-Timing.
func (r *Renderer) TileTimed(ctx context.Context, k Key, asOf time.Time) (*Tile, time.Duration, error) {
	if !k.Valid() {
		return nil, 0, fmt.Errorf("%w: %s", ErrOutOfRange, k)
	}
	s, err := r.current(ctx)
	if err != nil {
		return nil, 0, err
	}
	ck := cacheKey{version: s.version, state: geo.StateAt(s.changes, asOf), key: k}
	if t, ok := r.cache.get(ck); ok {
		return t, 0, nil
	}
	start := time.Now()
	// The tile's ETag names its encoding, version, state and key: the
	// flight's name.
	etag := s.etag(ck.state, k)
	// The first request to ask draws the tile on its own goroutine, and
	// any others asking meanwhile wait for it. Since they share it, the
	// drawing ignores that request's cancellation: it finishes and is
	// cached even if every one of them has gone (a few milliseconds at
	// most, at a million events). Drawing on a goroutine of its own, so
	// that each waiter could stop waiting at once, cost a tenth of a cold
	// pyramid: a new goroutine whose stack grew through the drawing, and
	// another thread woken to run it.
	v, err, _ := r.group.Do(etag, func() (any, error) {
		if t, ok := r.cache.peek(ck); ok {
			return t, nil
		}
		t, err := r.render(context.WithoutCancel(ctx), s, ck.state, k, etag)
		if err != nil {
			return nil, err
		}
		r.cache.add(ck, t)
		return t, nil
	})
	if err != nil {
		return nil, 0, err
	}
	return v.(*Tile), max(time.Since(start), time.Nanosecond), nil
}

func (r *Renderer) render(ctx context.Context, s *snapshot, state geo.Date, k Key, etag string) (*Tile, error) {
	t, err := r.draw(ctx, s, state, k, etag)
	if err != nil {
		return nil, err
	}
	t.Values = HeaderValues{ETag: []string{t.ETag}, GzipETag: []string{t.GzipETag}}
	if !t.Empty {
		t.Values.RawLength = []string{strconv.Itoa(len(t.Raw))}
		t.Values.GzipLength = []string{strconv.Itoa(len(t.Gzip))}
	}
	return t, nil
}

func (r *Renderer) draw(ctx context.Context, s *snapshot, state geo.Date, k Key, etag string) (*Tile, error) {
	t := &Tile{Key: k, Version: s.version, State: state, ETag: etag}
	t.GzipETag = GzipETag(t.ETag)
	bound := k.Tile().Bound(float64(Buffer) / Extent)
	if s.empty || !bound.Intersects(s.bounds) {
		t.Empty = true
		return t, nil
	}
	layers, err := r.layers(ctx, s, k, bound, s.instant(state))
	if err != nil {
		return nil, err
	}
	if len(layers) == 0 {
		t.Empty = true
		return t, nil
	}
	if t.Raw, t.Gzip, err = encode(layers); err != nil {
		return nil, fmt.Errorf("tiles: encode %s: %w", k, err)
	}
	return t, nil
}

// layers gathers the features that meet the buffered tile and turns them
// into the tile's layers, each projected, clipped, simplified and sorted,
// empty ones left out. Only the clashes' details come from the Source: the
// rest is in the snapshot, read once per dataset version.
func (r *Renderer) layers(ctx context.Context, s *snapshot, k Key, bound orb.Bound, asOf time.Time) (mvt.Layers, error) {
	frontier, countries := s.shapes.features(k, func(seg geo.Segment, km float64) *geojson.Feature {
		return frontierFeature(seg, km, asOf, r.opts.Validity)
	})
	var out mvt.Layers
	for _, sc := range schemas {
		if k.Z < sc.MinZoom || k.Z > sc.MaxZoom {
			continue
		}
		var l *mvt.Layer
		switch sc.ID {
		case LayerFrontier:
			l = shapeLayer(&mvt.Layer{Name: sc.ID, Version: 2, Extent: Extent, Features: frontier})
		case LayerCountries:
			l = shapeLayer(&mvt.Layer{Name: sc.ID, Version: 2, Extent: Extent, Features: countries})
		case LayerClashes:
			fs, err := r.clashLayer(ctx, s.clusters, k, asOf)
			if err != nil {
				return nil, fmt.Errorf("tiles: %s %s: %w", sc.ID, k, err)
			}
			l = tileLayer(sc.ID, k, fs)
		case LayerDeployments:
			var deps []geo.Deployment
			for _, d := range s.deployments {
				if d.Location != nil && bound.Contains(*d.Location) {
					deps = append(deps, d)
				}
			}
			l = tileLayer(sc.ID, k, deploymentFeatures(deps, asOf))
		case LayerPlaces:
			var ps []geo.Place
			for _, p := range s.places {
				if bound.Contains(p.Location) {
					ps = append(ps, p)
				}
			}
			l = tileLayer(sc.ID, k, placeFeatures(ps))
		}
		if len(l.Features) > 0 {
			out = append(out, l)
		}
	}
	return out, nil
}

// tileLayer projects lon/lat features into tile k and shapes them.
//
// Geometry is first cut, in lon/lat, to the tile with twice its buffer, so
// that only the vertices near the tile are projected. The exact cut, to the
// buffered tile, is made after projecting, in Mercator, where the tile's
// edges are straight. The long geometry of the frontier and the countries
// comes from the shapeIndex instead, already projected and cut near the
// tile: shapeLayer.
func tileLayer(name string, k Key, fs []*geojson.Feature) *mvt.Layer {
	l := &mvt.Layer{Name: name, Version: 2, Extent: Extent, Features: fs}
	outer := k.Tile().Bound(2 * float64(Buffer) / Extent)
	l.Features = slices.DeleteFunc(l.Features, func(f *geojson.Feature) bool {
		// Clone: clipping and projecting work in place, and the Source
		// may hand out slices it keeps (an in-memory one does).
		f.Geometry = clip.Geometry(outer, orb.Clone(f.Geometry))
		return f.Geometry == nil
	})
	l.ProjectToTile(k.Tile())
	return shapeLayer(l)
}

// shapeLayer cuts a layer in tile units to the buffered tile, shapes each
// geometry (see shape) and sorts the features.
func shapeLayer(l *mvt.Layer) *mvt.Layer {
	l.Clip(bufferedExtent)
	l.Features = slices.DeleteFunc(l.Features, func(f *geojson.Feature) bool {
		f.Geometry = shape(f.Geometry)
		return f.Geometry == nil
	})
	// Features in id order and orb's sorted property keys make the bytes a
	// function of the data alone, whatever order the store returns rows in.
	slices.SortStableFunc(l.Features, func(a, b *geojson.Feature) int {
		return cmp.Compare(a.Properties.MustString("id", ""), b.Properties.MustString("id", ""))
	})
	return l
}

// encode marshals layers as an MVT and gzips it when that pays (minGzip).
func encode(layers mvt.Layers) (raw, gz []byte, err error) {
	raw, err = mvt.Marshal(layers)
	if err != nil {
		return nil, nil, err
	}
	if len(raw) < minGzip {
		return raw, nil, nil
	}
	if gz, err = gzipBytes(raw); err != nil || len(gz) >= len(raw) {
		return raw, nil, err
	}
	return raw, gz, nil
}

// minGzip is the size under which a tile is not gzipped. An MVT is mostly
// zigzag-delta varints, which deflate shrinks little, while gzip adds 18
// bytes of header and trailer and a Huffman table: over every tile of
// z0-z10 above the region's countries, 3,315 of the 3,328 tiles under 512
// bytes came out larger gzipped, and the gzipped pyramid was 16% larger
// than the raw one. Compressing them had been a tenth of a cold tile's
// drawing, for nothing.
const minGzip = 512

// GzipBytes returns the tile gzipped, as an archive stores every tile:
// Gzip, or Raw compressed now when the tile was kept raw.
func (t *Tile) GzipBytes() ([]byte, error) {
	if t.Gzip != nil || t.Empty {
		return t.Gzip, nil
	}
	return gzipBytes(t.Raw)
}

// gzipBytes gzips b. gzip's header carries no name or time, so the same
// bytes give the same output.
func gzipBytes(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(b)/2 + 64)
	var w *gzip.Writer
	select {
	case w = <-gzipWriters:
	default:
		w, _ = gzip.NewWriterLevel(nil, gzip.BestSpeed)
	}
	defer func() {
		select {
		case gzipWriters <- w:
		default: // as many are kept as there are cores; the rest go
		}
	}()
	w.Reset(&buf)
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// gzipWriters are reused: a gzip.Writer allocates most of a megabyte of
// tables, more than the rest of a tile's drawing together. They compress
// at gzip.BestSpeed: on tiles of a few kilobytes the default level spent
// half a cold tile's time (mostly resetting and building its tables) to
// save about a tenth of the bytes, and a tile is compressed once and then
// served from the cache. klauspost/compress writes the same format as the
// standard library's compress/gzip in about half the time at this level:
// gzip had been a sixth of a cold pyramid's drawing.
//
// They are kept in a channel rather than a sync.Pool, which the garbage
// collector empties: a server drawing tiles cold collects every few dozen
// tiles, and each time made its writers again, a twelfth of what a cold
// pyramid allocated.
var gzipWriters = make(chan *gzip.Writer, runtime.GOMAXPROCS(0))
