package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb/geojson"

	"github.com/frontier-map/frontier/geo"
)

// testNow is the pinned clock: after the 2025 treaty, so "now" is a
// delimited frontier.
func testNow() time.Time { return time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC) }

func newTestServer(tb testing.TB, st Store, opts ...func(*Config)) http.Handler {
	tb.Helper()
	// httptest's requests name example.com.
	cfg := Config{Now: testNow, AllowedHosts: append(DefaultAllowedHosts(""), "example.com")}
	for _, o := range opts {
		o(&cfg)
	}
	return mustServer(tb, cfg, st, nil)
}

// mustServer is NewServer for a configuration the test means to be good.
func mustServer(tb testing.TB, cfg Config, st Store, logger *slog.Logger) http.Handler {
	tb.Helper()
	h, err := NewServer(cfg, st, logger)
	if err != nil {
		tb.Fatal(err)
	}
	return h
}

// get sends a request with the given headers ("Name: value") and returns
// the recorded response.
func get(tb testing.TB, h http.Handler, target string, headers ...string) *httptest.ResponseRecorder {
	tb.Helper()
	return do(tb, h, http.MethodGet, target, headers...)
}

// record sends req to h with the given headers ("Name: value") and returns
// the recorded response.
func record(h http.Handler, req *http.Request, headers ...string) *httptest.ResponseRecorder {
	for _, hv := range headers {
		name, value, _ := strings.Cut(hv, ":")
		req.Header.Set(name, strings.TrimSpace(value))
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func do(tb testing.TB, h http.Handler, method, target string, headers ...string) *httptest.ResponseRecorder {
	tb.Helper()
	req := httptest.NewRequest(method, target, nil)
	return record(h, req, headers...)
}

// wantStatus fails unless the response has the status and content type.
func wantStatus(tb testing.TB, rec *httptest.ResponseRecorder, status int, contentType string) {
	tb.Helper()
	if rec.Code != status {
		tb.Fatalf("status %d, want %d; body: %.400s", rec.Code, status, rec.Body.String())
	}
	if got := rec.Header().Get("Content-Type"); contentType != "" && got != contentType {
		tb.Fatalf("Content-Type %q, want %q", got, contentType)
	}
}

func decodeBody[T any](tb testing.TB, rec *httptest.ResponseRecorder) T {
	tb.Helper()
	var v T
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		tb.Fatalf("decode %.200s: %v", rec.Body.String(), err)
	}
	return v
}

// fcBody is an items response as a client reads it.
type fcBody struct {
	Type           string             `json:"type"`
	Features       []*geojson.Feature `json:"features"`
	NumberMatched  int                `json:"numberMatched"`
	NumberReturned int                `json:"numberReturned"`
	TimeStamp      string             `json:"timeStamp"`
	Links          []link             `json:"links"`
}

func getItems(tb testing.TB, h http.Handler, target string) fcBody {
	tb.Helper()
	rec := get(tb, h, target)
	wantStatus(tb, rec, http.StatusOK, typeGeoJSON)
	return decodeBody[fcBody](tb, rec)
}

func linkRel(links []link, rel, typ string) (link, bool) {
	i := slices.IndexFunc(links, func(l link) bool { return l.Rel == rel && (typ == "" || l.Type == typ) })
	if i < 0 {
		return link{}, false
	}
	return links[i], true
}

func ids(fs []*geojson.Feature) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i], _ = f.ID.(string)
	}
	return out
}

func TestLanding(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	for _, tc := range []struct {
		name, target, accept string
		wantType             string
	}{
		{"f=json", "/?f=json", "", typeJSON},
		{"Accept JSON", "/", "application/json", typeJSON},
		{"no Accept", "/", "", typeJSON},
		{"GDAL", "/", "application/json, application/geo+json", typeJSON},
		{"browser", "/", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html; charset=UTF-8"},
		{"f=html wins over Accept", "/?f=html", "application/json", "text/html; charset=UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := get(t, h, tc.target, "Accept: "+tc.accept)
			wantStatus(t, rec, http.StatusOK, tc.wantType)
			if tc.wantType != typeJSON {
				body := rec.Body.String()
				for _, want := range []string{`href="http://example.com/api.html"`, `href="http://example.com/collections?f=html"`, "<h1>"} {
					if !strings.Contains(body, want) {
						t.Errorf("landing page lacks %s", want)
					}
				}
				return
			}
			lp := decodeBody[landingBody](t, rec)
			for _, want := range []struct{ rel, typ, href string }{
				{"self", typeJSON, "http://example.com/?f=json"},
				{"alternate", typeHTML, "http://example.com/?f=html"},
				{"service-desc", "application/vnd.oai.openapi+json;version=3.0", "http://example.com/api"},
				{"service-doc", typeHTML, "http://example.com/api.html"},
				{"conformance", typeJSON, "http://example.com/conformance"},
				{"data", typeJSON, "http://example.com/collections"},
			} {
				l, ok := linkRel(lp.Links, want.rel, want.typ)
				if !ok || l.Href != want.href {
					t.Errorf("link rel=%s type=%s: got %+v, want href %s", want.rel, want.typ, l, want.href)
				}
			}
			if lp.Title == "" {
				t.Error("landing page has no title")
			}
		})
	}
}

func TestConformance(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	rec := get(t, h, "/conformance")
	wantStatus(t, rec, http.StatusOK, typeJSON)
	body := decodeBody[struct {
		ConformsTo []string `json:"conformsTo"`
	}](t, rec)
	for _, cls := range []string{"core", "geojson", "html", "oas30"} {
		if !slices.Contains(body.ConformsTo, "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/"+cls) {
			t.Errorf("conformsTo lacks %s: %v", cls, body.ConformsTo)
		}
	}
}

func TestCollections(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	rec := get(t, h, "/collections")
	wantStatus(t, rec, http.StatusOK, typeJSON)
	body := decodeBody[collectionsBody](t, rec)
	var got []string
	for _, c := range body.Collections {
		got = append(got, c.ID)
	}
	if want := []string{"frontier", "clashes", "deployments", "countries", "places", "sources"}; !slices.Equal(got, want) {
		t.Fatalf("collections %v, want %v", got, want)
	}
	for _, id := range got {
		t.Run(id, func(t *testing.T) {
			rec := get(t, h, "/collections/"+id)
			wantStatus(t, rec, http.StatusOK, typeJSON)
			c := decodeBody[collectionBody](t, rec)
			if c.ID != id || c.Title == "" || c.Description == "" || c.ItemType != "feature" {
				t.Errorf("metadata: %+v", c)
			}
			if !slices.Equal(c.CRS, []string{crs84}) {
				t.Errorf("crs %v", c.CRS)
			}
			if c.License == "" && c.Attribution == "" {
				t.Error("no licence or source line")
			}
			sp := c.Extent.Spatial
			if id == "sources" {
				// Features without geometry: no spatial extent at all.
				if sp != nil {
					t.Errorf("sources have a spatial extent %+v", sp)
				}
				return
			}
			if sp == nil || sp.CRS != crs84 || len(sp.BBox) != 1 {
				t.Fatalf("spatial extent %+v", sp)
			}
			if b := sp.BBox[0]; b[0] > b[2] || b[1] > b[3] || b[0] < 50 || b[2] > 90 || b[1] < 30 || b[3] > 50 {
				t.Errorf("bbox %v is not a lon/lat box around the region", b)
			}
			if (id == "clashes" || id == "deployments" || id == "frontier") && (c.Extent.Temporal == nil || c.Extent.Temporal.TRS != gregorian) {
				t.Errorf("temporal extent %+v", c.Extent.Temporal)
			}
			for _, typ := range []string{typeGeoJSON, typeHTML, typeCSV} {
				if l, ok := linkRel(c.Links, "items", typ); !ok || !strings.HasPrefix(l.Href, "http://example.com/collections/"+id+"/items") {
					t.Errorf("no items link of type %s: %+v", typ, c.Links)
				}
			}
			if l, ok := linkRel(c.Links, "self", typeJSON); !ok || l.Href != "http://example.com/collections/"+id+"?f=json" {
				t.Errorf("self link %+v", l)
			}
		})
	}
	t.Run("clashes interval", func(t *testing.T) {
		c := decodeBody[collectionBody](t, get(t, h, "/collections/clashes"))
		iv := c.Extent.Temporal.Interval[0]
		if iv[0] == nil || iv[1] == nil || *iv[0] > "2021-04-29T00:00:00Z" || *iv[1] < "2022-09-16T23:59:59Z" {
			t.Errorf("interval %v does not span April 2021 to September 2022", iv)
		}
	})
}

func TestHealthz(t *testing.T) {
	st := newTestStore(t)
	h := newTestServer(t, st)
	rec := get(t, h, "/healthz")
	wantStatus(t, rec, http.StatusOK, typeJSON)
	if got := decodeBody[map[string]any](t, rec); got["status"] != "ok" || got["read_only"] != false {
		t.Errorf("body %v", got)
	}
	st.Close() // the store is gone: every query fails
	rec = get(t, h, "/healthz")
	wantStatus(t, rec, http.StatusServiceUnavailable, typeProblem)
	if strings.Contains(rec.Body.String(), "closed") {
		t.Errorf("the store's error leaks into the answer: %s", rec.Body)
	}
}

// panicky is a store whose Events panics: a handler bug.
type panicky struct{ Store }

func (panicky) Events(context.Context, geo.Filter) ([]geo.Event, error) {
	panic("panicky: events exploded")
}

// TestStoreFailure: a store error is a bare 500 problem with nothing of
// the error in it; a panic is the same, and the server goes on.
func TestStoreFailure(t *testing.T) {
	st := newTestStore(t)
	st.Close() // every query now fails with SQLite's own error
	var logs bytes.Buffer
	h := mustServer(t, Config{Now: testNow, AllowedHosts: []string{"example.com"}}, st, slog.New(slog.NewJSONHandler(&logs, nil)))
	for _, target := range []string{"/", "/collections", "/collections/frontier/items", "/collections/clashes/items/x", "/stats"} {
		t.Run(target, func(t *testing.T) {
			logs.Reset()
			rec := get(t, h, target)
			wantStatus(t, rec, http.StatusInternalServerError, typeProblem)
			p := decodeBody[problem](t, rec)
			if p.Status != 500 || p.Title != "Internal Server Error" || p.Detail != "" || strings.Contains(rec.Body.String(), "closed") {
				t.Errorf("problem %+v", p)
			}
			if n := strings.Count(logs.String(), "database is closed"); n != 1 {
				t.Errorf("the error is logged %d times, want once: %s", n, logs.String())
			}
		})
	}
	h = mustServer(t, Config{Now: testNow, AllowedHosts: []string{"example.com"}}, panicky{newTestStore(t)}, slog.New(slog.NewJSONHandler(&logs, nil)))
	rec := get(t, h, "/collections/clashes/items")
	wantStatus(t, rec, http.StatusInternalServerError, typeProblem)
	rec = get(t, h, "/collections/frontier/items")
	wantStatus(t, rec, http.StatusOK, typeGeoJSON)
}

func TestHeadAndCORS(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	for _, target := range []string{"/", "/conformance", "/api", "/collections", "/collections/frontier", "/collections/frontier/items", "/collections/frontier/items/vorukh-enclave", "/stats", "/healthz"} {
		t.Run(target, func(t *testing.T) {
			rec := do(t, h, http.MethodHead, target)
			if rec.Code != http.StatusOK {
				t.Errorf("HEAD %s: %d", target, rec.Code)
			}
			rec = get(t, h, target, "Origin: https://newsroom.example")
			if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "*" {
				t.Errorf("Access-Control-Allow-Origin %q", got)
			}
		})
	}
	t.Run("preflight", func(t *testing.T) {
		rec := do(t, h, http.MethodOptions, "/collections/frontier/items", "Origin: https://newsroom.example", "Access-Control-Request-Method: GET")
		if rec.Code != http.StatusNoContent || rec.Header().Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(rec.Header().Get("Access-Control-Allow-Methods"), "GET") {
			t.Errorf("preflight: %d %v", rec.Code, rec.Header())
		}
	})
	t.Run("POST", func(t *testing.T) {
		rec := do(t, h, http.MethodPost, "/collections")
		wantStatus(t, rec, http.StatusMethodNotAllowed, typeProblem)
		if !strings.Contains(rec.Header().Get("Allow"), "GET") {
			t.Errorf("Allow %q", rec.Header().Get("Allow"))
		}
	})
}

func TestLinksBase(t *testing.T) {
	st := newTestStore(t)
	t.Run("public URL", func(t *testing.T) {
		h := newTestServer(t, st, func(c *Config) { c.PublicURL = "https://maps.example.org/frontier/" })
		fc := getItems(t, h, "/collections/places/items?limit=1")
		next, ok := linkRel(fc.Links, "next", "")
		if !ok || !strings.HasPrefix(next.Href, "https://maps.example.org/frontier/collections/places/items?") {
			t.Errorf("next %+v", next)
		}
	})
	t.Run("config", func(t *testing.T) {
		for _, bad := range []string{"maps.example.org", "ftp://x", "https://x/?a=1", "https://u:p@x/"} {
			if (Config{PublicURL: bad}).Validate() == nil {
				t.Errorf("Validate accepts %q", bad)
			}
		}
		if err := (Config{PublicURL: "https://maps.example.org/frontier"}).Validate(); err != nil {
			t.Error(err)
		}
	})
}

// TestNewServerRefusesBadConfig: every setting a user can get wrong stops
// NewServer with an error, rather than being logged and dropped (a dropped
// embed origin would let any site frame the map), and nothing is served.
func TestNewServerRefusesBadConfig(t *testing.T) {
	st := newTestStore(t)
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	for _, c := range []struct {
		name string
		cfg  Config
	}{
		{"public URL without scheme", Config{PublicURL: "maps.example.org"}},
		{"public URL with a query", Config{PublicURL: "https://maps.example.org/?a=1"}},
		{"allowed host with a path", Config{AllowedHosts: []string{"example.com/x"}}},
		{"trusted proxy not an address", Config{TrustedProxies: []string{"proxy.example"}}},
		{"embed origin with a path", Config{EmbedOrigins: []string{"https://news.example.org/page"}}},
		{"one bad embed origin of two", Config{EmbedOrigins: []string{"https://ok.example", "javascript:alert(1)"}}},
		{"basemap without placeholders", Config{BasemapURL: "https://tile.example.org/tile.png", BasemapAttribution: "© x"}},
		{"basemap without attribution", Config{BasemapURL: "https://tile.example.org/{z}/{x}/{y}.png"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			logs.Reset()
			h, err := NewServer(c.cfg, st, logger)
			if err == nil || h != nil {
				t.Fatalf("NewServer = %v, %v; want no handler and an error", h, err)
			}
			if verr := c.cfg.Validate(); verr == nil || verr.Error() != err.Error() {
				t.Errorf("Validate = %v, NewServer = %v: want the same error", verr, err)
			}
			if logs.Len() > 0 {
				t.Errorf("logged instead of refused: %s", logs.String())
			}
		})
	}
	if _, err := NewServer(Config{}, nil, logger); !errors.Is(err, ErrNoStore) {
		t.Errorf("no store: %v, want ErrNoStore", err)
	}
	good := Config{
		PublicURL: "https://maps.example.org/frontier", AllowedHosts: []string{"example.com"},
		TrustedProxies: []string{"10.0.0.0/8"}, EmbedOrigins: []string{"https://*.example.org"},
		BasemapURL: "https://tile.example.org/{z}/{x}/{y}.png", BasemapAttribution: "© x",
	}
	if h, err := NewServer(good, st, logger); err != nil || h == nil {
		t.Errorf("good config: %v", err)
	}
}
