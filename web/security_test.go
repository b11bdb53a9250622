package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// sampleURLs holds one URL that answers for each route template, with
// {version} for the dataset version (testStore.sampleURL puts it in). The
// header scan fails on a route missing here, so a new route cannot skip it.
var sampleURLs = map[string]string{
	"/":                                "/",
	"/conformance":                     "/conformance",
	"/api":                             "/api",
	"/api.html":                        "/api.html",
	"/collections":                     "/collections",
	"/collections/:collectionId":       "/collections/clashes",
	"/collections/:collectionId/items": "/collections/clashes/items",
	"/collections/:collectionId/items/:featureId": "/collections/frontier/items/vorukh-enclave",
	"/stats":                 "/stats",
	"/tiles/border.json":     "/tiles/border.json",
	"/tiles/border/:z/:x/:y": vorukhTile,
	"/tiles/border/v/:version/:state/:z/:x/:y": "/tiles/border/v/{version}/2023-04-01/10/712/388.mvt",
	"/styles/border.json":                      "/styles/border.json",
	"/tiles":                                   "/tiles",
	"/tiles/WebMercatorQuad":                   "/tiles/WebMercatorQuad",
	"/tiles/WebMercatorQuad/:tileMatrix/:tileRow/:tileCol": "/tiles/WebMercatorQuad/10/388/712",
	"/tileMatrixSets":                 "/tileMatrixSets",
	"/tileMatrixSets/WebMercatorQuad": "/tileMatrixSets/WebMercatorQuad",
	"/healthz":                        "/healthz",
	"/metrics":                        "/metrics",
	"/meta":                           "/meta",
	"/about":                          "/about",
	"/ui/:version/*":                  "/ui/x/map.css",
	"/embed":                          "/embed?date=2023-09-01",
	"/oembed":                         "/oembed?url=http%3A%2F%2Fexample.com%2F",
	"/static.png":                     "/static.png?width=120&height=80",
	"/collections/:collectionId/items/:featureId/history": "/collections/frontier/items/vorukh-enclave/history",
	"/publish":      "/publish",
	"/users/me":     "/users/me",
	"/changes.atom": "/changes.atom",
	"/users":        "/users",
	"/users/:name":  "/users/aida",
}

// deskURLs are sample URLs that a store keeping no desk (memStore)
// answers with a 4xx by design: the desk's own tests cover them.
var deskURLs = map[string]bool{
	"/publish":    true,
	"/users/me":   true,
	"/users":      true,
	"/users/aida": true,
	"/collections/frontier/items/vorukh-enclave/history": true,
}

// TestSecurityHeadersOnEveryRoute scans every route's answer, and an error's,
// for the headers OWASP asks for, and checks that no page may be framed by
// another origin. A vector tile (or a tile's 204) is not a document and
// carries nosniff alone (see notADocument); a tile route's error, which a
// browser does open, carries them all.
func TestSecurityHeadersOnEveryRoute(t *testing.T) {
	st := newTestStore(t)
	srv := newTestServer(t, st).(*Server)
	seen := map[string]bool{}
	var urls []string
	for _, r := range srv.echo.Routes() {
		if seen[r.Path] {
			continue
		}
		seen[r.Path] = true
		if _, ok := sampleURLs[r.Path]; !ok {
			t.Errorf("route %s has no sample URL in the header scan", r.Path)
			continue
		}
		urls = append(urls, st.sampleURL(t, r.Path))
	}
	urls = append(urls, "/no/such/page", "/collections/clashes/items?limit=0", "/tiles/border/31/0/0.mvt")
	for _, u := range urls {
		for _, accept := range []string{"text/html", "application/json"} {
			rec := get(t, srv, u, "Accept: "+accept)
			if rec.Code >= 500 {
				t.Errorf("%s: %d", u, rec.Code)
			}
			h := rec.Header()
			if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("%s (%s): X-Content-Type-Options = %q", u, accept, got)
			}
			if h.Get("X-Request-Id") == "" {
				t.Errorf("%s: no X-Request-Id", u)
			}
			if rec.Code == http.StatusNoContent || h.Get("Content-Type") == mvtType {
				if !strings.HasPrefix(u, "/tiles/") {
					t.Errorf("%s: answered %d %q, not a document, outside the tile routes", u, rec.Code, h.Get("Content-Type"))
				}
				continue
			}
			if got := h.Get("Referrer-Policy"); got != "strict-origin-when-cross-origin" && got != "no-referrer" {
				t.Errorf("%s (%s): Referrer-Policy = %q, want a policy that keeps paths from other origins", u, accept, got)
			}
			if !strings.Contains(h.Get("Permissions-Policy"), "geolocation=()") {
				t.Errorf("%s: Permissions-Policy %q", u, h.Get("Permissions-Policy"))
			}
			csp := h.Get("Content-Security-Policy")
			if strings.HasPrefix(u, "/embed?") && rec.Code == http.StatusOK {
				// The one page made to be framed by articles (issue 6):
				// TestEmbedFraming checks its frame-ancestors.
				csp = strings.Replace(csp, "frame-ancestors *", "frame-ancestors 'self'", 1)
			}
			if !strings.Contains(csp, "frame-ancestors 'self'") || strings.Contains(csp, "unsafe-eval") {
				t.Errorf("%s: CSP %q must keep other origins from framing it and allow no eval", u, csp)
			}
			if strings.Contains(csp, "script-src") && strings.Contains(csp, "'unsafe-inline'") && strings.Contains(strings.SplitN(csp, "script-src", 2)[1], "'unsafe-inline'") {
				t.Errorf("%s: CSP %q allows inline scripts", u, csp)
			}
		}
	}
}

func TestMetrics(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	get(t, h, vorukhTile)
	get(t, h, vorukhTile)
	get(t, h, "/collections/nope/items")
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	body := string(b)
	for _, want := range []string{
		`frontier_http_requests_total{code="200",method="GET",route="/tiles/border/:z/:x/:y"} 2`,
		`frontier_http_requests_total{code="404",method="GET",route="/collections/:collectionId/items"} 1`,
		`frontier_http_request_duration_seconds_bucket{route="/tiles/border/:z/:x/:y"`,
		"frontier_tile_cache_hits_total 1",
		"frontier_tile_cache_entries 1",
		`frontier_dataset_info{version="`,
		"process_resident_memory_bytes",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
