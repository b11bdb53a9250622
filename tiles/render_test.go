package tiles

import (
	"bytes"
	"context"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"

	"github.com/frontier-map/frontier/geo"
)

// Places the tests look at.
var (
	vorukh  = orb.Point{70.583333, 39.85}
	kokTash = orb.Point{70.535833, 39.949722} // the Golovnoy water intake, April 2021
)

// day is the instant a request with datetime=YYYY-MM-DD shows: the end of
// that day.
func day(tb testing.TB, s string) time.Time {
	tb.Helper()
	iv, err := geo.ParseInterval(s)
	if err != nil {
		tb.Fatal(err)
	}
	return iv.AsOf(time.Time{})
}

func tile(tb testing.TB, r *Renderer, k Key, asOf time.Time) *Tile {
	tb.Helper()
	t, err := r.Tile(context.Background(), k, asOf)
	if err != nil {
		tb.Fatalf("tile %s: %v", k, err)
	}
	return t
}

// decode reads a tile every way a client or an archive can get it (raw,
// gzipped when that is smaller, gzipped for an archive), checks they agree
// and the layers are MVT 2.1 at extent 4096, and returns them by name.
func decode(tb testing.TB, t *Tile) map[string]*mvt.Layer {
	tb.Helper()
	if t.Empty {
		if len(t.Raw) != 0 || len(t.Gzip) != 0 {
			tb.Fatalf("tile %s is empty but has bytes", t.Key)
		}
		return map[string]*mvt.Layer{}
	}
	raw, err := mvt.Unmarshal(t.Raw)
	if err != nil {
		tb.Fatalf("tile %s: %v", t.Key, err)
	}
	if v := t.Values; !slices.Equal(v.ETag, []string{t.ETag}) || !slices.Equal(v.GzipETag, []string{t.GzipETag}) ||
		!slices.Equal(v.RawLength, []string{strconv.Itoa(len(t.Raw))}) || !slices.Equal(v.GzipLength, []string{strconv.Itoa(len(t.Gzip))}) {
		tb.Fatalf("tile %s: header values %+v do not match the tile", t.Key, v)
	}
	switch {
	case t.Gzip == nil && len(t.Raw) >= minGzip:
		if g, _ := gzipBytes(t.Raw); len(g) < len(t.Raw) {
			tb.Fatalf("tile %s: %d bytes, %d gzipped, sent raw", t.Key, len(t.Raw), len(g))
		}
	case t.Gzip != nil && len(t.Gzip) >= len(t.Raw):
		tb.Fatalf("tile %s: %d bytes gzipped, %d raw, sent gzipped", t.Key, len(t.Gzip), len(t.Raw))
	}
	archived, err := t.GzipBytes()
	if err != nil {
		tb.Fatal(err)
	}
	for _, b := range [][]byte{t.Gzip, archived} {
		if b == nil {
			continue
		}
		gz, err := mvt.UnmarshalGzipped(b)
		if err != nil {
			tb.Fatalf("tile %s gzipped: %v", t.Key, err)
		}
		if !reflect.DeepEqual(raw, gz) {
			tb.Fatalf("tile %s: gzipped bytes decode differently", t.Key)
		}
	}
	out := map[string]*mvt.Layer{}
	for _, l := range raw {
		if l.Version != 2 || l.Extent != Extent {
			tb.Errorf("tile %s layer %s: version %d extent %d, want 2 and %d", t.Key, l.Name, l.Version, l.Extent, Extent)
		}
		if len(l.Features) == 0 {
			tb.Errorf("tile %s: layer %s has no features", t.Key, l.Name)
		}
		out[l.Name] = l
	}
	return out
}

// reversed is a Source that returns every collection in reverse order, as a
// store might after an import reorders its rows.
type reversed struct{ *seeded }

func rev[T any](v []T, err error) ([]T, error) {
	v = slices.Clone(v)
	slices.Reverse(v)
	return v, err
}

func (s reversed) Segments(ctx context.Context, f geo.Filter) ([]geo.Segment, error) {
	return rev(s.seeded.Segments(ctx, f))
}
func (s reversed) Events(ctx context.Context, f geo.Filter) ([]geo.Event, error) {
	return rev(s.seeded.Events(ctx, f))
}
func (s reversed) Countries(ctx context.Context, f geo.Filter) ([]geo.Country, error) {
	return rev(s.seeded.Countries(ctx, f))
}
func (s reversed) Places(ctx context.Context, f geo.Filter) ([]geo.Place, error) {
	return rev(s.seeded.Places(ctx, f))
}
func (s reversed) EachEventPoint(ctx context.Context, fn func(geo.EventPoint) error) error {
	var pts []geo.EventPoint
	if err := s.seeded.EachEventPoint(ctx, func(p geo.EventPoint) error { pts = append(pts, p); return nil }); err != nil {
		return err
	}
	for _, p := range slices.Backward(pts) {
		if err := fn(p); err != nil {
			return err
		}
	}
	return nil
}

func TestEncodingIsDeterministic(t *testing.T) {
	src := seedSource(t)
	for _, k := range []Key{{}, keyAt(batken, 6), keyAt(kokTash, 12)} {
		t.Run(k.String(), func(t *testing.T) {
			a := tile(t, NewRenderer(src, Options{CacheBytes: -1}), k, goldenAsOf)
			b := tile(t, NewRenderer(src, Options{CacheBytes: -1}), k, goldenAsOf)
			c := tile(t, NewRenderer(reversed{src}, Options{CacheBytes: -1}), k, goldenAsOf)
			if a.Empty {
				t.Fatal("tile is empty")
			}
			for _, o := range []*Tile{b, c} {
				if !bytes.Equal(a.Raw, o.Raw) || !bytes.Equal(a.Gzip, o.Gzip) {
					t.Error("the same data encoded to different bytes")
				}
			}
		})
	}
}

func TestEmptyTile(t *testing.T) {
	r := NewRenderer(seedSource(t), Options{})
	tests := []struct {
		name  string
		key   Key
		empty bool
	}{
		{"world", Key{}, false},
		{"batken z12", keyAt(batken, 12), false},
		{"gulf of guinea z5", keyAt(orb.Point{0, 0}, 5), true},
		{"pacific z14", keyAt(orb.Point{-150, 10}, 14), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tile(t, r, tt.key, goldenAsOf)
			if got.Empty != tt.empty {
				t.Errorf("Empty = %v, want %v", got.Empty, tt.empty)
			}
			if got.ETag == "" || got.GzipETag == "" || got.ETag == got.GzipETag {
				t.Errorf("ETags %q and %q: want two different, non-empty", got.ETag, got.GzipETag)
			}
			decode(t, got)
		})
	}
}

func TestTileRejectsBadKeys(t *testing.T) {
	r := NewRenderer(seedSource(t), Options{})
	for _, k := range []Key{{Z: MaxZoom + 1}, {Z: 2, X: 4}, {Z: 3, Y: 8}} {
		if _, err := r.Tile(context.Background(), k, goldenAsOf); err == nil {
			t.Errorf("Tile(%v) succeeded", k)
		}
	}
}

// TestStatusFollowsDatetime: the frontier layer shows each segment's status
// exactly as geo.Segment.StatusAt has it, before and after the 2025 treaty.
func TestStatusFollowsDatetime(t *testing.T) {
	src := seedSource(t)
	r := NewRenderer(src, Options{})
	segs := map[string]geo.Segment{}
	for _, s := range src.ds.Segments {
		segs[s.ID] = s
	}
	before, after := day(t, "2022-09-16"), day(t, "2025-04-01")
	changed := 0
	for _, k := range KeysIn(frontierBound(src), 8) {
		a := decode(t, tile(t, r, k, before))[LayerFrontier]
		b := decode(t, tile(t, r, k, after))[LayerFrontier]
		if a == nil || b == nil {
			continue
		}
		for i, l := range []*mvt.Layer{a, b} {
			at := []time.Time{before, after}[i]
			for _, f := range l.Features {
				s := segs[f.Properties.MustString("id", "")]
				want, err := s.StatusAt(at)
				if err != nil {
					t.Fatal(err)
				}
				if got := f.Properties.MustString("status", ""); got != string(want) {
					t.Errorf("tile %s at %s: %s is %q, want %q", k, at.Format(time.DateOnly), s.ID, got, want)
				}
			}
		}
		for _, f := range a.Features {
			if f.Properties["status"] == "contested" {
				for _, g := range b.Features {
					if g.Properties["id"] == f.Properties["id"] && g.Properties["status"] == "delimited" {
						changed++
					}
				}
			}
		}
	}
	if changed == 0 {
		t.Error("no contested segment shows as delimited in 2025")
	}
}

func frontierBound(m *seeded) orb.Bound {
	b := m.ds.Segments[0].Line.Bound()
	for _, s := range m.ds.Segments {
		b = b.Union(s.Line.Bound())
	}
	return b
}

// TestETagFollowsState: every instant between two changes gets one ETag and
// one cache entry, drawn once; instants on either side of a change differ.
func TestETagFollowsState(t *testing.T) {
	src := seedSource(t)
	changes := Changes(src.ds.Segments, src.ds.Events, src.ds.Deployments)
	if !slices.ContainsFunc(changes, func(d geo.Date) bool { return d == geo.NewDate(2025, 2, 21) }) {
		t.Fatalf("changes %v lack the 2025-02-21 status change", changes)
	}
	k := keyAt(vorukh, 10)
	tests := []struct {
		a, b time.Time
		same bool
	}{
		{day(t, "2023-09-01"), day(t, "2023-09-02"), true},
		{time.Date(2023, 9, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 9, 2, 23, 59, 0, 0, time.UTC), true},
		{day(t, "2025-02-20"), time.Date(2025, 2, 21, 0, 0, 0, 0, time.UTC), false},
		{day(t, "2022-09-15"), day(t, "2022-09-16"), false},
		{day(t, "2000-01-01"), day(t, "2010-01-01"), true},
		{day(t, "2030-01-01"), day(t, "2031-06-01"), true},
	}
	for _, tt := range tests {
		name := tt.a.Format(time.RFC3339) + "_" + tt.b.Format(time.RFC3339)
		t.Run(name, func(t *testing.T) {
			r := NewRenderer(src, Options{})
			a, b := tile(t, r, k, tt.a), tile(t, r, k, tt.b)
			if (a.ETag == b.ETag) != tt.same {
				t.Errorf("ETags %s and %s: want same = %v", a.ETag, b.ETag, tt.same)
			}
			if e, err := r.ETag(context.Background(), k, tt.b); err != nil || e != b.ETag {
				t.Errorf("ETag() = %q, %v; the tile has %q", e, err, b.ETag)
			}
			renders := uint64(2)
			if tt.same {
				renders = 1
				if a != b {
					t.Error("two cache entries for one state")
				}
			}
			if st := r.Stats(); st.Renders != renders || st.Hits != 2-renders {
				t.Errorf("stats %+v: want %d renders", st, renders)
			}
		})
	}
}

// TestStateRendersLikeInstant: the tile drawn for a state's first instant,
// which the cache serves to every instant in the state, is the tile each
// of those instants would get drawn on its own.
func TestStateRendersLikeInstant(t *testing.T) {
	src := seedSource(t)
	r := NewRenderer(src, Options{})
	k := keyAt(batken, 8) // the Pechora deployment, whose status changes four times
	// Every dated thing in the dataset, located or not.
	changes := geo.Changes(src.ds.Segments)
	for _, e := range src.ds.Events {
		changes = append(changes, e.DateStart, e.DateEnd)
	}
	for _, d := range src.ds.Deployments {
		for _, c := range d.Claims {
			changes = append(changes, c.Date)
		}
	}
	changes = slices.DeleteFunc(changes, geo.Date.IsZero)
	for _, c := range changes {
		for _, at := range []time.Time{c.Time(), c.End().Add(-time.Second), c.Time().AddDate(0, 0, 1)} {
			cached := tile(t, r, k, at)
			snap, err := r.current(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			layers, err := r.layers(context.Background(), snap, k, k.Tile().Bound(float64(Buffer)/Extent), at)
			if err != nil {
				t.Fatal(err)
			}
			raw, _, err := encode(layers)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(raw, cached.Raw) {
				t.Errorf("at %s the cached tile (state %s) differs from one drawn for the instant", at, cached.State)
			}
		}
	}
}

func TestVersionChangeRedraws(t *testing.T) {
	src := seedSource(t)
	r := NewRenderer(src, Options{})
	k := keyAt(batken, 6)
	a := tile(t, r, k, goldenAsOf)
	// Writing an event back as it is changes nothing drawn, but the
	// dataset's version.
	if err := src.Put(context.Background(), geo.Dataset{Events: src.ds.Events[:1]}); err != nil {
		t.Fatal(err)
	}
	b := tile(t, r, k, goldenAsOf)
	if a.ETag == b.ETag {
		t.Errorf("ETag %s did not change with the dataset version", a.ETag)
	}
	if st := r.Stats(); st.Entries != 1 || st.Renders != 2 {
		t.Errorf("stats %+v: want the old version's entry dropped", st)
	}
}

// waitFor waits until cond holds, and fails the test after ten seconds
// rather than hanging (a drawing the gate did not hold finishes at once, and
// the requests that come after it hit the cache).
func waitFor(t *testing.T, cond func() bool, what string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited 10 s for %s", what)
		}
	}
}

// gated holds the one read a tile's drawing makes, that of the events a
// cluster index found alone in their cell (everything else comes from the
// snapshot of the version), until released, so that requests pile up on a
// cold tile.
type gated struct {
	*seeded
	release chan struct{}
}

func (g gated) Events(ctx context.Context, f geo.Filter) ([]geo.Event, error) {
	if f.IDs != nil {
		<-g.release
	}
	return g.seeded.Events(ctx, f)
}

func TestConcurrentColdTileRendersOnce(t *testing.T) {
	src := gated{seedSource(t), make(chan struct{})}
	r := NewRenderer(src, Options{})
	k := keyAt(batken, 10)
	if _, err := r.ETag(context.Background(), k, goldenAsOf); err != nil { // reads the version
		t.Fatal(err)
	}
	const n = 16
	var wg sync.WaitGroup
	tiles := make([]*Tile, n)
	for i := range n {
		wg.Go(func() { tiles[i] = tile(t, r, k, goldenAsOf) })
	}
	waitFor(t, func() bool { return r.Stats().Misses >= n }, "every request to miss the cache")
	close(src.release)
	wg.Wait()
	if st := r.Stats(); st.Renders != 1 {
		t.Errorf("%d renders for one cold tile asked for %d times at once", st.Renders, n)
	}
	for _, tl := range tiles[1:] {
		if tl != tiles[0] {
			t.Fatal("requests got different tiles")
		}
	}
}

// TestAbandonedDrawingIsCached: a request that goes away while its tile
// is being drawn does not stop the drawing, which the next request for the
// tile would otherwise have to start again: it is finished, cached, and
// drawn once.
func TestAbandonedDrawingIsCached(t *testing.T) {
	src := gated{seedSource(t), make(chan struct{})}
	r := NewRenderer(src, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error)
	go func() {
		_, err := r.Tile(ctx, keyAt(batken, 10), goldenAsOf)
		errc <- err
	}()
	waitFor(t, func() bool { return r.Stats().Misses >= 1 }, "the request to miss the cache")
	cancel()
	close(src.release)
	if err := <-errc; err != nil {
		t.Errorf("the abandoned drawing failed: %v", err)
	}
	tile(t, r, keyAt(batken, 10), goldenAsOf)
	if st := r.Stats(); st.Renders != 1 || st.Hits != 1 {
		t.Errorf("stats %+v: want the abandoned drawing finished, cached and served from the cache", st)
	}
}

// TestETagText: an ETag names the encoding, the dataset version, the state
// (its first day, or 0 before the first change) and the tile, in the text a
// client may already hold from an earlier run, so its If-None-Match still
// gets a 304.
func TestETagText(t *testing.T) {
	s := &snapshot{etagVer: "abc-12"}
	for _, tc := range []struct {
		state geo.Date
		k     Key
		want  string
	}{
		{geo.NewDate(2023, 4, 1), Key{Z: 10, X: 712, Y: 388}, `"t4-abc-12-20230401-10-712-388"`},
		{geo.NewDate(2022, 12, 31), Key{Z: 0, X: 0, Y: 0}, `"t4-abc-12-20221231-0-0-0"`},
		{geo.Date{}, Key{Z: 14, X: 11395, Y: 6211}, `"t4-abc-12-0-14-11395-6211"`},
	} {
		if got := s.etag(tc.state, tc.k); got != tc.want {
			t.Errorf("etag(%s, %s) = %s, want %s", tc.state, tc.k, got, tc.want)
		}
	}
}
