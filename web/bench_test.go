package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkTileHandler measures the whole request path of one tile (Echo's
// router, middleware, negotiation, ETag) on a hot cache, and with the cache
// off, where every request draws the tile.
func BenchmarkTileHandler(b *testing.B) {
	for _, bc := range []struct {
		name  string
		bytes int64
	}{{"hot", 0}, {"cold", -1}} {
		b.Run(bc.name, func(b *testing.B) {
			h := newTestServer(b, newTestStore(b), func(c *Config) { c.TileCacheBytes = bc.bytes })
			req := httptest.NewRequest(http.MethodGet, vorukhTile+"?datetime=2023-09-01", nil)
			req.Header.Set("Accept-Encoding", "gzip")
			h.ServeHTTP(httptest.NewRecorder(), req)
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatal(rec.Code)
				}
			}
		})
	}
}

// BenchmarkItemsHandler measures the reads a GIS client and the map page
// make most: a page of clashes, and one feature (which, since the desk,
// carries the ETag a change must send back). Neither looks at a token.
//
// "nodesk" serves the same store through a view without the desk's
// methods, as the server read before the desk existed: the pair measures
// what the desk costs a reader.
func BenchmarkItemsHandler(b *testing.B) {
	st := newTestStore(b)
	servers := map[string]http.Handler{
		"desk":   newTestServer(b, st),
		"nodesk": newTestServer(b, struct{ Store }{st}),
	}
	for _, bc := range []struct{ name, server, target string }{
		{"page/desk", "desk", "/collections/clashes/items?limit=100&datetime=../2023-09-01"},
		{"page/nodesk", "nodesk", "/collections/clashes/items?limit=100&datetime=../2023-09-01"},
		{"one/desk", "desk", "/collections/clashes/items/2022-09-16-ovchi-kalacha-strike"},
		{"one/nodesk", "nodesk", "/collections/clashes/items/2022-09-16-ovchi-kalacha-strike"},
	} {
		h := servers[bc.server]
		b.Run(bc.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, bc.target, nil)
			req.Header.Set("Accept", "application/geo+json")
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatal(rec.Code, rec.Body.String())
				}
			}
		})
	}
}
