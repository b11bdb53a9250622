package web

import (
	"bytes"
	"hash/maphash"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestHotTileFastPath: a tile is answered before Echo with exactly what
// the full chain answers (status, body, every header but the request id's
// value), for plain and versioned URLs, gzip or not, cross-origin or not,
// GET and HEAD, full and empty tiles, whether it is drawn for the request
// (then with a Server-Timing) or comes from the cache (without); and every
// request the fast path should not answer is handed on with nothing
// written.
func TestHotTileFastPath(t *testing.T) {
	st := newTestStore(t)
	s := newTestServer(t, st).(*Server)
	versioned := strings.Replace(tileJSONTiles(t, s, "?datetime=2023-09-01"), "/{z}/{x}/{y}.mvt", "/10/712/388.mvt", 1)
	versioned = strings.TrimPrefix(versioned, "http://example.com")
	request := func(method, target string, headers ...string) *http.Request {
		r := httptest.NewRequest(method, target, nil)
		for _, hv := range headers {
			name, value, _ := strings.Cut(hv, ":")
			r.Header.Set(name, strings.TrimSpace(value))
		}
		if h := r.Header.Get("Host"); h != "" {
			r.Host = h
		}
		return r
	}
	for _, tc := range []struct {
		method, target string
		headers        []string
	}{
		{"GET", vorukhTile + "?datetime=2023-09-01", []string{"Accept-Encoding: gzip"}},
		{"GET", vorukhTile + "?datetime=2023-09-01", nil},
		{"GET", vorukhTile, []string{"Accept-Encoding: gzip, br", "Origin: https://news.example.org"}},
		{"HEAD", vorukhTile + "?datetime=2022-09-16", []string{"Accept-Encoding: gzip"}},
		{"GET", vorukhTile + "?datetime=2022-09-16T00%3A00%3A00Z", nil},
		{"GET", versioned, []string{"Accept-Encoding: gzip", "X-Request-Id: proxy-42"}},
		{"GET", "/tiles/border/3/0/0.mvt", nil}, // empty: 204
	} {
		t.Run(tc.method+" "+tc.target+" "+strings.Join(tc.headers, ","), func(t *testing.T) {
			// The first answer may draw the tile (the cases share some);
			// the second is from the cache.
			first, hot := httptest.NewRecorder(), httptest.NewRecorder()
			for _, rec := range []*httptest.ResponseRecorder{first, hot} {
				if !s.serveTileFast(rec, request(tc.method, tc.target, tc.headers...)) {
					t.Fatal("a tile request was handed on to the full chain")
				}
			}
			full := httptest.NewRecorder()
			s.echo.ServeHTTP(full, request(tc.method, tc.target, tc.headers...))
			for _, fast := range []*httptest.ResponseRecorder{first, hot} {
				if fast.Code != full.Code || !bytes.Equal(fast.Body.Bytes(), full.Body.Bytes()) {
					t.Fatalf("fast path %d (%d bytes), full chain %d (%d bytes)", fast.Code, fast.Body.Len(), full.Code, full.Body.Len())
				}
				fh, wh := fast.Header().Clone(), full.Header().Clone()
				if fh.Get("X-Request-Id") == "" {
					t.Error("no X-Request-Id")
				}
				if strings.Contains(strings.Join(tc.headers, ","), "proxy-42") && fh.Get("X-Request-Id") != "proxy-42" {
					t.Errorf("X-Request-Id %q, want the client's", fh.Get("X-Request-Id"))
				}
				fh.Del("X-Request-Id")
				wh.Del("X-Request-Id")
				if fast == first {
					fh.Del("Server-Timing") // when this one drew the tile
				}
				if !maps.EqualFunc(fh, wh, slices.Equal) {
					t.Errorf("headers differ\nfast %v\nfull %v", fh, wh)
				}
			}
		})
	}

	// A tile nobody has asked for is drawn on the fast path, which says
	// how long that took; from the cache, it does not.
	cold := "/tiles/border/11/1424/776.mvt"
	for i, want := range []bool{true, false} {
		rec := httptest.NewRecorder()
		if !s.serveTileFast(rec, request("GET", cold)) || rec.Code != http.StatusOK {
			t.Fatalf("%s: not answered by the fast path (%d)", cold, rec.Code)
		}
		st := rec.Header().Get("Server-Timing")
		if ok := regexp.MustCompile(`^draw;dur=\d+\.\d{3}$`).MatchString(st); ok != want {
			t.Errorf("%s, request %d: Server-Timing %q; want one: %v", cold, i+1, st, want)
		}
	}
	// So does the full chain, for a request it answers (conditional).
	rec := get(t, s, "/tiles/border/11/1425/776.mvt", `If-None-Match: "stale"`)
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Server-Timing"), "draw;dur=") {
		t.Errorf("a cold tile through the full chain: %d, Server-Timing %q", rec.Code, rec.Header().Get("Server-Timing"))
	}

	before := get(t, s, "/metrics").Body.String()
	if !strings.Contains(before, `frontier_http_requests_total{code="200",method="GET",route="/tiles/border/:z/:x/:y"}`) {
		t.Error("/metrics does not count the fast path's tiles under their route")
	}

	for _, tc := range []struct {
		method, target string
		headers        []string
	}{
		{"GET", vorukhTile, []string{"If-None-Match: \"x\""}},
		{"GET", vorukhTile + "?datetime=yesterday", nil},
		{"GET", vorukhTile + "?datetime=2023-09-01&datetime=2023-09-02", nil},
		{"GET", vorukhTile + "?foo=1", nil},
		{"GET", vorukhTile + "?datetime=%zz", nil},
		{"GET", "/tiles/border/10/712/388.png", nil},
		{"GET", "/tiles/border/31/0/0.mvt", nil},
		{"POST", vorukhTile, nil},
		{"GET", strings.Replace(versioned, "/2023-04-01/", "/2023-08-31/", 1), nil}, // a redirect
		{"GET", strings.Replace(versioned, "/v/"+st.version(t)+"/", "/v/other/", 1), nil},
		{"GET", versioned + "?datetime=2022-01-01", nil},
		{"GET", vorukhTile, []string{"Host: evil.example.net"}},
	} {
		rec := httptest.NewRecorder()
		if s.serveTileFast(rec, request(tc.method, tc.target, tc.headers...)) || rec.Code != http.StatusOK || len(rec.Header()) > 0 || rec.Body.Len() > 0 {
			t.Errorf("%s %s %v: taken by the fast path or something written", tc.method, tc.target, tc.headers)
		}
	}
}

// TestDatetimeMemo: the fast path's remembered datetimes give what parsing
// gives, for more values than it has slots (so values displace each
// other), escaped or not, asked in turn again and again; and a value the
// full handler refuses is refused every time.
func TestDatetimeMemo(t *testing.T) {
	var m datetimeMemo
	m.seed = maphash.MakeSeed()
	var raws []string
	for d := range 200 {
		day := time.Date(2020, 1, 1+d, 0, 0, 0, 0, time.UTC)
		raws = append(raws, day.Format("2006-01-02"), url.QueryEscape(day.Format(time.RFC3339)), "../"+day.Format("2006-01-02"))
	}
	for round := range 3 {
		for _, raw := range raws {
			v, _ := url.QueryUnescape(raw)
			want, err := parseDatetime(v)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := m.interval(raw)
			if !ok || got != want {
				t.Fatalf("round %d, %s: %v %v, want %v", round, raw, got, ok, want)
			}
		}
	}
	for _, bad := range []string{"", "2022-13-01", "%zz", "2022-09-16/2022-09-01", "soon"} {
		for range 2 {
			if iv, ok := m.interval(bad); ok {
				t.Errorf("%q accepted as %v", bad, iv)
			}
		}
	}
}

func TestSplitPath(t *testing.T) {
	for _, p := range []string{"", "a", "10/712/388.mvt", "10/712/", "/", "v/abc/s/1/2/3.mvt", "a/b/c/d/e/f/g", "a//b"} {
		var parts [6]string
		n := splitPath(p, parts[:])
		want := strings.Split(p, "/")
		if n != len(want) && !(len(want) > 6 && n == 7) {
			t.Errorf("%q: %d parts, want %d", p, n, len(want))
			continue
		}
		if n <= 6 && !slices.Equal(parts[:n], want) {
			t.Errorf("%q: %q, want %q", p, parts[:n], want)
		}
	}
}
