package web

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
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

// TestAbout: the sources page lists every source the store holds, with
// its link, and the dataset's disclaimer.
func TestAbout(t *testing.T) {
	st := newTestStore(t)
	h := newTestServer(t, st)
	rec := get(t, h, "/about", browserAccept)
	wantStatus(t, rec, http.StatusOK, "text/html; charset=UTF-8")
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP %q", csp)
	}
	body := rec.Body.String()
	if len(st.ds.Sources) == 0 {
		t.Fatal("the test dataset has no sources")
	}
	for _, s := range st.ds.Sources {
		if !strings.Contains(body, `id="`+s.ID+`"`) {
			t.Errorf("source %s not listed", s.ID)
		}
		// html/template percent-encodes non-ASCII paths: compare up to the host.
		if u, err := url.Parse(s.URL); s.URL != "" && (err != nil || !strings.Contains(body, `<a href="`+u.Scheme+"://"+u.Host+"/")) {
			t.Errorf("source %s: no link to %s", s.ID, s.URL)
		}
	}
	for _, want := range []string{"no official line", "Known limits", "972 km",
		// issue 11: the grades explained, each source's grade, mirrors,
		// the reported figures and the corrections.
		`<dt>Grade C</dt><dd>a mirror`, `<a href="#grades">grade A</a>`, "a mirror</strong> (original not found)",
		"read in a mirror: <a href=\"https://de.zxc.wiki/", `id="2023-12-12-agreed"`, "over 90% agreed",
		`<h2 id="corrections">`, "<td>2026-11-30</td><td>2022-01-27-tort-kocho</td>"} {
		if !strings.Contains(strings.ToLower(body), strings.ToLower(want)) {
			t.Errorf("about page lacks %q", want)
		}
	}
	wantStatus(t, get(t, h, "/about?f=json"), http.StatusBadRequest, typeProblem)
	// A shared link's tracking parameters do not break the page.
	wantStatus(t, get(t, h, "/about?fbclid=x"), http.StatusOK, "text/html; charset=UTF-8")
}

func TestMeta(t *testing.T) {
	st := newTestStore(t)
	h := newTestServer(t, st)
	rec := get(t, h, "/meta")
	wantStatus(t, rec, http.StatusOK, typeJSON)
	var got struct {
		Milestones []struct {
			Date  string `json:"date"`
			Short string `json:"short"`
		} `json:"milestones"`
		Sources []struct {
			ID string `json:"id"`
		} `json:"sources"`
		OfficialLengthKm float64 `json:"official_length_km"`
		Corrections      []struct {
			Date, Feature, Change, Reason string
		} `json:"corrections"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	tajik := false
	for _, m := range got.Milestones {
		tajik = tajik || m.Date == "2025-03-19" && strings.Contains(m.Short, "Tajikistan's lower chamber")
	}
	if !tajik {
		t.Error("no milestone for the Tajik lower chamber's ratification of 2025-03-19")
	}
	if len(got.Corrections) == 0 {
		t.Error("no corrections")
	}
	for i, c := range got.Corrections {
		if c.Date == "" || c.Feature == "" || c.Change == "" || c.Reason == "" || i > 0 && c.Date < got.Corrections[i-1].Date {
			t.Errorf("correction %d: %+v (want date, feature, change and why, oldest first)", i, c)
		}
	}
	if len(got.Milestones) != len(st.ds.Meta.Milestones) || len(got.Sources) != len(st.ds.Sources) || got.OfficialLengthKm != st.ds.Meta.OfficialLengthKm {
		t.Errorf("meta: %d milestones, %d sources, %v km", len(got.Milestones), len(got.Sources), got.OfficialLengthKm)
	}
	wantStatus(t, get(t, h, "/meta?f=html"), http.StatusBadRequest, typeProblem)
}

func TestCompareSourceIDs(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		less bool
	}{
		{"S2", "S10", true}, {"S10", "S2", false}, {"S9", "SEED", true}, {"SEED", "S1", false}, {"A", "B", true},
	} {
		if got := compareSourceIDs(tc.a, tc.b) < 0; got != tc.less {
			t.Errorf("compareSourceIDs(%q, %q) < 0 = %v", tc.a, tc.b, got)
		}
	}
}

// inlineScript reports whether a page has a script the CSP would refuse:
// one with a body, other than the JSON data block of its messages (data,
// never run, which script-src does not govern).
func inlineScript(body string) bool {
	data := regexp.MustCompile(`<script type="application/json" id="(?:messages|data-texts)"[^>]*>[^<]*</script>`)
	return regexp.MustCompile(`<script(?:\s[^>]*)?>\s*[^<\s]`).MatchString(data.ReplaceAllString(body, ""))
}
