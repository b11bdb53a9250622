package web

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
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

// BenchmarkItemsPageLarge renders the page GDAL asks for with -oo
// PAGE_SIZE=10000: ten thousand synthetic clashes read, encoded as
// GeoJSON and gzipped, with the response cache off so that every request
// renders. Its ns/op is the server's CPU for one such page.
func BenchmarkItemsPageLarge(b *testing.B) {
	st := newTestStore(b)
	st.addSynthetic(b, 1, 10000)
	h := newTestServer(b, st, func(c *Config) { c.ResponseCacheBytes = -1 })
	req := httptest.NewRequest(http.MethodGet, "/collections/clashes/items?limit=10000&f=json", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	serveLoop(b, h, req)
}

// serveLoop serves req to h in the benchmark's loop, failing on anything
// but a 200, and reports the CPU a request took.
func serveLoop(b *testing.B, h http.Handler, req *http.Request) {
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Code, rec.Body.String())
		}
	}
	reportCPU(b, cpu)
}

// netHTTPWriter stands for net/http's response writer in a benchmark: a
// new header map per request, cloned at WriteHeader as net/http clones it,
// and the body dropped.
type netHTTPWriter struct {
	h       http.Header
	written http.Header
	n       int
}

func (w *netHTTPWriter) Header() http.Header { return w.h }
func (w *netHTTPWriter) WriteHeader(int)     { w.written = w.h.Clone() }
func (w *netHTTPWriter) Write(b []byte) (int, error) {
	w.n += len(b)
	return len(b), nil
}

// BenchmarkHotTile is the handler's share of make load-tile: the hot tile
// from Frontier's fast path (headers, request id, metrics, request log
// at info level) and the same bytes from the bare handler make load-tile
// compares it with, both writing to a stand-in for net/http's writer.
// The difference is what the fast path adds to each request.
func BenchmarkHotTile(b *testing.B) {
	logger := slog.New(slog.NewJSONHandler(io.Discard, nil))
	h, err := NewServer(Config{Now: testNow, AllowedHosts: append(DefaultAllowedHosts(""), "example.com")}, newTestStore(b), logger)
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, vorukhTile+"?datetime=2023-09-01", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body, hdr := rec.Body.Bytes(), rec.Header()
	bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, k := range []string{"Content-Type", "Content-Encoding", "Etag", "Vary", "Cache-Control"} {
			w.Header()[k] = hdr[k]
		}
		w.Write(body)
	})
	for name, h := range map[string]http.Handler{"frontier": h, "bare": bare} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				w := &netHTTPWriter{h: http.Header{}}
				h.ServeHTTP(w, req)
				if w.n != len(body) {
					b.Fatalf("%d bytes, want %d", w.n, len(body))
				}
			}
			reportCPU(b, cpu)
		})
	}
}

// BenchmarkLoadMix is each non-asset route of make load's mix on its own,
// warm (every cache filled by a first request), as wrk asks it (gzip).
// make load's p99 follows its slowest routes: a route costing a
// millisecond of CPU, at 256 connections on two cores, queues everyone.
func BenchmarkLoadMix(b *testing.B) {
	h := newTestServer(b, newTestStore(b))
	for _, target := range []string{
		"/tiles/border/6/44/24.mvt?datetime=2023-09-01", "/tiles/border/12/2850/1551.mvt", "/tiles/border.json",
		"/collections/clashes/items?datetime=../2022-09-16&limit=10000", "/collections/frontier/items?datetime=2023-09-01",
		"/collections/deployments/items", "/collections/places/items", "/stats?datetime=2023-09-01", "/stats",
		"/collections", "/?f=json",
	} {
		b.Run(strings.TrimPrefix(target, "/"), func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, target, nil)
			req.Header.Set("Accept-Encoding", "gzip")
			h.ServeHTTP(httptest.NewRecorder(), req)
			serveLoop(b, h, req)
		})
	}
}

// BenchmarkItemsWalk is a GIS client copying a collection (10,000 clashes
// in pages of 2,000, each decoded as the client reads it): "ahead" with
// the next page rendered while the client decodes one, "on-demand" with
// the render ahead held off. ns/op is the copy's wall time.
func BenchmarkItemsWalk(b *testing.B) {
	st := newTestStore(b)
	st.addSynthetic(b, 1, 10000)
	for _, ahead := range []bool{true, false} {
		name := map[bool]string{true: "ahead", false: "on-demand"}[ahead]
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				h := newTestServer(b, st)
				h.(*Server).prefetching.Store(!ahead) // held: nothing is rendered ahead
				for target := "/collections/clashes/items?limit=2000&f=json"; target != ""; {
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
					var fc struct {
						Features []map[string]any
						Links    []link
					}
					if err := json.Unmarshal(rec.Body.Bytes(), &fc); err != nil {
						b.Fatal(err)
					}
					target = ""
					for _, l := range fc.Links {
						if l.Rel == "next" {
							target = strings.TrimPrefix(l.Href, "http://example.com")
						}
					}
				}
			}
		})
	}
}
