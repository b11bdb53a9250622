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
