package web

import (
	"compress/gzip"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

const browserAccept = "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

// TestMapPage: a browser asking for / gets the map page, with a CSP that
// allows no inline script and no other host, and asset URLs that resolve.
func TestMapPage(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	rec := get(t, h, "/", browserAccept)
	wantStatus(t, rec, http.StatusOK, "text/html; charset=UTF-8")
	csp := rec.Header().Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self'", "default-src 'self'", "connect-src 'self'", "frame-ancestors 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %s", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "http") {
		t.Errorf("CSP %q allows inline script or another host", csp)
	}
	body := rec.Body.String()
	if inlineScript(body) || strings.Contains(body, " style=") {
		t.Error("the map page has an inline script or style, which its CSP refuses")
	}
	for _, want := range []string{`href="http://example.com/about"`, `href="http://example.com/collections/clashes/items?f=html"`, `href="http://example.com/?f=html"`, `id="date-range"`} {
		if !strings.Contains(body, want) {
			t.Errorf("map page lacks %s", want)
		}
	}
	assets := regexp.MustCompile(`(?:src|href)="http://example.com(/ui/[^"]+)"`).FindAllStringSubmatch(body, -1)
	if len(assets) < 4 {
		t.Fatalf("map page links %d assets", len(assets))
	}
	for _, a := range assets {
		rec := get(t, h, a[1])
		wantStatus(t, rec, http.StatusOK, "")
		if cc := rec.Header().Get("Cache-Control"); !strings.Contains(cc, "immutable") {
			t.Errorf("%s: Cache-Control %q", a[1], cc)
		}
	}
	t.Run("OGC clients still get JSON", func(t *testing.T) {
		for _, hv := range []string{"Accept: application/json", "Accept: */*", ""} {
			wantStatus(t, get(t, h, "/", hv), http.StatusOK, typeJSON)
		}
		wantStatus(t, get(t, h, "/?f=json", browserAccept), http.StatusOK, typeJSON)
	})
	t.Run("the OGC landing page stays at f=html", func(t *testing.T) {
		rec := get(t, h, "/?f=html", browserAccept)
		wantStatus(t, rec, http.StatusOK, "text/html; charset=UTF-8")
		if rec.Header().Get("Content-Security-Policy") == pageCSP || !strings.Contains(rec.Body.String(), "<h2>Collections</h2>") {
			t.Error("/?f=html is not the OGC landing page")
		}
	})
}

func TestAssets(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	ui, err := loadUI()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, target, accept string
		status               int
		ctype, cache, enc    string
	}{
		{"module", "/ui/" + ui.version + "/map.js", "", 200, "text/javascript; charset=utf-8", "public, max-age=31536000, immutable", ""},
		{"gzip", "/ui/" + ui.version + "/vendor/leaflet.js", "gzip, br", 200, "text/javascript; charset=utf-8", "public, max-age=31536000, immutable", "gzip"},
		{"gzip refused", "/ui/" + ui.version + "/vendor/leaflet.js", "gzip;q=0", 200, "text/javascript; charset=utf-8", "public, max-age=31536000, immutable", ""},
		{"stylesheet", "/ui/" + ui.version + "/map.css", "", 200, "text/css; charset=utf-8", "public, max-age=31536000, immutable", ""},
		{"old version", "/ui/0123456789ab/map.js", "", 200, "text/javascript; charset=utf-8", "no-cache", ""},
		{"missing", "/ui/" + ui.version + "/nope.js", "", 404, typeProblem, "no-store", ""},
		{"traversal", "/ui/" + ui.version + "/../handle_ui.go", "", 404, typeProblem, "no-store", ""},
		{"copy script not served", "/ui/" + ui.version + "/vendor.mjs", "", 404, typeProblem, "no-store", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := get(t, h, tc.target, "Accept-Encoding: "+tc.accept)
			wantStatus(t, rec, tc.status, tc.ctype)
			if got := rec.Header().Get("Cache-Control"); got != tc.cache {
				t.Errorf("Cache-Control %q, want %q", got, tc.cache)
			}
			if got := rec.Header().Get("Content-Encoding"); got != tc.enc {
				t.Errorf("Content-Encoding %q, want %q", got, tc.enc)
			}
			if tc.status != 200 {
				return
			}
			body := rec.Body.Bytes()
			if tc.enc == "gzip" {
				zr, err := gzip.NewReader(rec.Body)
				if err != nil {
					t.Fatal(err)
				}
				if body, err = io.ReadAll(zr); err != nil {
					t.Fatal(err)
				}
			}
			name := strings.SplitN(tc.target, "/", 4)[3]
			if string(body) != string(ui.files[name].body) {
				t.Errorf("%s: body differs from the embedded file", name)
			}
		})
	}
	t.Run("ETag", func(t *testing.T) {
		target := "/ui/" + ui.version + "/map.js"
		etag := get(t, h, target).Header().Get("ETag")
		if rec := get(t, h, target, "If-None-Match: "+etag); rec.Code != http.StatusNotModified {
			t.Errorf("If-None-Match: %d", rec.Code)
		}
	})
}
