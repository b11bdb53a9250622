package tiles

import (
	"container/list"
	"sync"

	"github.com/frontier-map/frontier/geo"
)

// DefaultCacheBytes is the cache's size when Options.CacheBytes is zero.
// The whole z0–z12 pyramid over the frontier is a few megabytes; 64 MiB
// holds it for several states and the country tiles around it.
const DefaultCacheBytes = 64 << 20

// entryOverhead is what an entry costs beyond its bytes: the list element,
// the map slot, the Tile and its strings. An estimate; it keeps a cache full
// of tiny (empty) tiles from growing without bound.
const entryOverhead = 256

// CacheStats are the tile cache's counters, for metrics.
type CacheStats struct {
	Hits      uint64 // tiles served from the cache
	Misses    uint64 // tiles not in the cache when asked for
	Renders   uint64 // tiles rendered: misses less those another request was already rendering
	Evictions uint64 // entries dropped to stay within the bound
	Entries   int    // tiles held
	Bytes     int64  // bytes held, raw and gzipped, with an estimate of each entry's overhead
	MaxBytes  int64  // the bound
}

// cacheKey is what a tile's bytes depend on: the dataset, the state of the
// frontier (not the instant asked for: every instant between two changes
// shares an entry), and the tile.
type cacheKey struct {
	version string
	state   geo.Date
	key     Key
}

type cacheEntry struct {
	k    cacheKey
	t    *Tile
	size int64
}

// cache is an LRU of encoded tiles bounded in bytes. It is safe for
// concurrent use.
type cache struct {
	mu      sync.Mutex
	max     int64
	entries map[cacheKey]*list.Element
	lru     list.List // front is the most recently used
	stats   CacheStats
}

func newCache(maxBytes int64) *cache {
	c := &cache{max: max(maxBytes, 0), entries: map[cacheKey]*list.Element{}}
	c.stats.MaxBytes = c.max
	return c
}

func entrySize(t *Tile) int64 {
	return int64(len(t.Raw)+len(t.Gzip)+len(t.ETag)+len(t.GzipETag)+len(t.Version)) + entryOverhead
}

// get returns the tile for k and counts a hit or a miss.
func (c *cache) get(k cacheKey) (*Tile, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[k]; ok {
		c.lru.MoveToFront(e)
		c.stats.Hits++
		return e.Value.(*cacheEntry).t, true
	}
	c.stats.Misses++
	return nil, false
}

// peek returns the tile for k without counting or reordering anything.
func (c *cache) peek(k cacheKey) (*Tile, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[k]; ok {
		return e.Value.(*cacheEntry).t, true
	}
	return nil, false
}

// add stores t under k, evicting the least recently used entries to stay
// within the bound. A tile larger than the whole cache is not stored.
func (c *cache) add(k cacheKey, t *Tile) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stats.Renders++
	size := entrySize(t)
	if size > c.max {
		return
	}
	if e, ok := c.entries[k]; ok {
		c.remove(e)
	}
	for c.stats.Bytes+size > c.max {
		c.remove(c.lru.Back())
		c.stats.Evictions++
	}
	c.entries[k] = c.lru.PushFront(&cacheEntry{k: k, t: t, size: size})
	c.stats.Bytes += size
	c.stats.Entries++
}

func (c *cache) remove(e *list.Element) {
	ce := e.Value.(*cacheEntry)
	c.lru.Remove(e)
	delete(c.entries, ce.k)
	c.stats.Bytes -= ce.size
	c.stats.Entries--
}

// retain drops every entry of another dataset version: once the data has
// changed they can never be asked for again.
func (c *cache) retain(version string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for e := c.lru.Front(); e != nil; {
		next := e.Next()
		if e.Value.(*cacheEntry).k.version != version {
			c.remove(e)
		}
		e = next
	}
}

func (c *cache) snapshot() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stats
}
