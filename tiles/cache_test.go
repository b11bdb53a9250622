package tiles

import (
	"bytes"
	"testing"

	"github.com/frontier-map/frontier/geo"
)

func TestCacheStaysWithinBound(t *testing.T) {
	const bound = 12 << 10
	src := seedSource(t)
	r := NewRenderer(src, Options{CacheBytes: bound})
	keys := KeysIn(frontierBound(src), 10)
	if len(keys) < 20 {
		t.Fatalf("only %d keys", len(keys))
	}
	for _, k := range keys {
		tile(t, r, k, goldenAsOf)
		if st := r.Stats(); st.Bytes > bound || st.MaxBytes != bound {
			t.Fatalf("after %s: %+v, over the bound %d", k, st, bound)
		}
	}
	st := r.Stats()
	if st.Evictions == 0 || st.Entries == 0 || st.Entries >= len(keys) {
		t.Errorf("stats %+v: want some of %d tiles evicted and some kept", st, len(keys))
	}
	// The most recent tile is still there; the first was evicted.
	last, first := keys[len(keys)-1], keys[0]
	tile(t, r, last, goldenAsOf)
	tile(t, r, first, goldenAsOf)
	if got := r.Stats(); got.Hits != st.Hits+1 || got.Misses != st.Misses+1 {
		t.Errorf("stats %+v after asking for the newest and the oldest tile, from %+v", got, st)
	}
}

func TestCacheLRU(t *testing.T) {
	tl := func(n int) *Tile { return &Tile{Raw: bytes.Repeat([]byte{1}, n)} }
	size := entrySize(tl(1000))
	c := newCache(3 * size)
	k := func(x uint32) cacheKey {
		return cacheKey{version: "1", state: geo.NewDate(2023, 1, 1), key: Key{Z: 5, X: x}}
	}
	c.add(k(1), tl(1000))
	c.add(k(2), tl(1000))
	c.add(k(3), tl(1000))
	c.get(k(1)) // 1 is now the most recently used; 2 the least
	c.add(k(4), tl(1000))
	for x, want := range map[uint32]bool{1: true, 2: false, 3: true, 4: true} {
		if _, ok := c.peek(k(x)); ok != want {
			t.Errorf("tile %d cached = %v, want %v", x, ok, want)
		}
	}
	c.add(k(5), tl(10000)) // larger than the whole cache: not kept, nothing evicted
	if st := c.snapshot(); st.Entries != 3 || st.Bytes != 3*size || st.Evictions != 1 {
		t.Errorf("stats %+v", st)
	}
	c.retain("2")
	if st := c.snapshot(); st.Entries != 0 || st.Bytes != 0 {
		t.Errorf("stats %+v after dropping version 1", st)
	}
}

func TestCacheOff(t *testing.T) {
	r := NewRenderer(seedSource(t), Options{CacheBytes: -1})
	k := keyAt(batken, 8)
	a, b := tile(t, r, k, goldenAsOf), tile(t, r, k, goldenAsOf)
	if a == b || a.ETag != b.ETag {
		t.Error("with the cache off, want two drawings of one tile")
	}
	if st := r.Stats(); st.Entries != 0 || st.Renders != 2 {
		t.Errorf("stats %+v", st)
	}
}
