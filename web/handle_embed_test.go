package web

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestEmbedPage: /embed is the map without the page's chrome, at the state
// of its query, with the "view full map" link at the same state.
func TestEmbedPage(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	rec := get(t, h, "/embed?date=2023-09-01&map=10/40.1333/69.6833&layers=clashes,frontier&sel=clashes:a%20b&legend=false", browserAccept)
	wantStatus(t, rec, http.StatusOK, "text/html; charset=UTF-8")
	body := html.UnescapeString(rec.Body.String())
	for _, want := range []string{
		`id="full-map" href="http://example.com/#date=2023-09-01&map=10/40.1333/69.6833&layers=frontier,clashes&sel=clashes:a+b"`,
		`target="_blank"`,
		`/embed.js"`,
		`data-legend="false"`,
		`id="date-range"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("embed lacks %s", want)
		}
	}
	if strings.Contains(body, `class="e-legend"`) {
		t.Error("legend=false still has the legend")
	}
	if inlineScript(body) || strings.Contains(body, " style=") {
		t.Error("the embed has an inline script or style, which its CSP refuses")
	}
	// A value the embed cannot read costs that value, not the page: it
	// opens at the default in its place, and the other values stand.
	for _, bad := range []string{"/embed?date=2022-09-16&datetime=2023-13-01", "/embed?date=2022-09-16&map=1/2", "/embed?layers=roads&date=2022-09-16", "/embed?date=2022-09-16&sel=places:x", "/embed?dark=sometimes&date=2022-09-16", "/embed?date=2022-09-16&legend=maybe", "/embed?zoom=3&fbclid=x&date=2022-09-16"} {
		rec := get(t, h, bad, browserAccept)
		wantStatus(t, rec, http.StatusOK, "text/html; charset=UTF-8")
		if !strings.Contains(html.UnescapeString(rec.Body.String()), `id="full-map" href="http://example.com/#date=2022-09-16"`) {
			t.Errorf("%s: the full-map link is not the default view at 2022-09-16", bad)
		}
	}
}

// TestEmbedFraming (issue 6, point 4 as HTTP sees it): /embed may be framed
// by any origin, or by the --embed-origins only; the map page and every
// other page by this origin only.
func TestEmbedFraming(t *testing.T) {
	frameAncestors := func(csp string) string {
		for d := range strings.SplitSeq(csp, ";") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(d), "frame-ancestors "); ok {
				return v
			}
		}
		return ""
	}
	open := newTestServer(t, newTestStore(t))
	listed := newTestServer(t, newTestStore(t), func(c *Config) {
		c.EmbedOrigins = []string{"https://news.example.org", "https://*.example.net:8443"}
	})
	for _, tc := range []struct {
		name   string
		h      http.Handler
		target string
		want   string
	}{
		{"embed, any origin", open, "/embed", "*"},
		{"embed, allowlist", listed, "/embed", "'self' https://news.example.org https://*.example.net:8443"},
		{"map page", open, "/", "'self'"},
		{"map page with an allowlist", listed, "/", "'self'"},
		{"about", open, "/about", "'self'"},
		{"an error page", open, "/nowhere", "'self'"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := get(t, tc.h, tc.target, browserAccept)
			if got := frameAncestors(rec.Header().Get("Content-Security-Policy")); got != tc.want {
				t.Errorf("frame-ancestors %q, want %q", got, tc.want)
			}
			if xfo := rec.Header().Get("X-Frame-Options"); xfo != "" && tc.want == "*" {
				t.Errorf("X-Frame-Options %q on the embed", xfo)
			}
		})
	}
	if err := (Config{EmbedOrigins: []string{"https://ok.example"}}).Validate(); err != nil {
		t.Error(err)
	}
	for _, bad := range []string{"news.example.org", "https://a.org/path", "https://a.org; script-src *", "*", "https://user@a.org", "data:"} {
		if err := (Config{EmbedOrigins: []string{bad}}).Validate(); err == nil {
			t.Errorf("Validate accepts embed origin %q", bad)
		}
	}
}

// TestShareTags (issue 6, point 5): the page and the embed carry Open Graph
// and Twitter card tags naming an absolute /static.png of their state, and
// the oEmbed discovery link; behind a proxy the URLs follow PublicURL.
func TestShareTags(t *testing.T) {
	meta := func(body, attr, name string) string {
		m := regexp.MustCompile(`<meta ` + attr + `="` + regexp.QuoteMeta(name) + `" content="([^"]*)"`).FindStringSubmatch(body)
		if m == nil {
			return ""
		}
		return html.UnescapeString(m[1])
	}
	proxied := newTestServer(t, newTestStore(t), func(c *Config) { c.PublicURL = "https://maps.example.org/frontier" })
	for _, tc := range []struct {
		name, target   string
		h              http.Handler
		image, oembed  string
		titleSubstring string
	}{
		{"page", "/", newTestServer(t, newTestStore(t)), "http://example.com/static.png", "http://example.com/oembed?format=json&url=http%3A%2F%2Fexample.com%2F", "Frontier"},
		{"embed", "/embed?date=2023-09-01&map=9/40/70.5&layers=frontier", newTestServer(t, newTestStore(t)),
			"http://example.com/static.png?datetime=2023-09-01&map=9/40/70.5&layers=frontier",
			"http://example.com/oembed?format=json&url=http%3A%2F%2Fexample.com%2Fembed%3Fdate%3D2023-09-01%26map%3D9%2F40%2F70.5%26layers%3Dfrontier", "1 September 2023"},
		{"page behind a proxy", "/", proxied, "https://maps.example.org/frontier/static.png", "https://maps.example.org/frontier/oembed?format=json&url=https%3A%2F%2Fmaps.example.org%2Ffrontier%2F", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := get(t, tc.h, tc.target, browserAccept)
			wantStatus(t, rec, http.StatusOK, "text/html; charset=UTF-8")
			body := rec.Body.String()
			for _, p := range []string{"og:image", "twitter:image"} {
				attr := "property"
				if strings.HasPrefix(p, "twitter") {
					attr = "name"
				}
				if got := meta(body, attr, p); got != tc.image {
					t.Errorf("%s %q, want %q", p, got, tc.image)
				}
			}
			if got := meta(body, "name", "twitter:card"); got != "summary_large_image" {
				t.Errorf("twitter:card %q", got)
			}
			for _, p := range []string{"og:title", "og:description", "og:url", "og:image:width", "og:image:height", "og:image:alt"} {
				if meta(body, "property", p) == "" {
					t.Errorf("no %s", p)
				}
			}
			if !strings.Contains(meta(body, "property", "og:title"), tc.titleSubstring) {
				t.Errorf("og:title %q lacks %q", meta(body, "property", "og:title"), tc.titleSubstring)
			}
			m := regexp.MustCompile(`<link rel="alternate" type="application/json\+oembed" href="([^"]+)"`).FindStringSubmatch(body)
			if m == nil || html.UnescapeString(m[1]) != tc.oembed {
				t.Errorf("oEmbed discovery %v, want %q", m, tc.oembed)
			}
			if tc.h == proxied {
				return
			}
			// The picture and the oEmbed answer exist.
			decodePNG(t, get(t, tc.h, strings.TrimPrefix(tc.image, "http://example.com")))
			wantStatus(t, get(t, tc.h, strings.TrimPrefix(tc.oembed, "http://example.com")), http.StatusOK, "application/json; charset=utf-8")
		})
	}
}

// TestMapStateNumbers: a map= that is not three finite numbers in range is
// a 400 naming map on the picture, and is dropped by the embed (a page
// opened from shared links falls back to its default view); NaN compares
// false with every bound, so range checks alone let it through to a blank
// map.
func TestMapStateNumbers(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	for _, m := range []string{"8/NaN/71", "8/40/NaN", "NaN/40/71", "8/nan/71", "8/+Inf/71", "8/40/-Inf", "99/999/999", "8/40", "8/40/71/2"} {
		target := "/static.png?width=64&height=64&map=" + url.QueryEscape(m)
		rec := get(t, h, target)
		wantStatus(t, rec, http.StatusBadRequest, typeProblem)
		if p := decodeBody[problem](t, rec); !strings.Contains(p.Detail, "zoom/lat/lon") {
			t.Errorf("%s: detail %q does not say what map takes", target, p.Detail)
		}
		// The embed's share URLs (og:url, the picture) carry its view.
		rec = get(t, h, "/embed?map="+url.QueryEscape(m))
		if body := rec.Body.String(); rec.Code != http.StatusOK || strings.Contains(body, "map="+m) {
			t.Errorf("/embed?map=%s: %d, and the page shares the bad view", m, rec.Code)
		}
	}
	if rec := get(t, h, "/static.png?width=64&height=64&map=8/40.05/70.8"); rec.Code != http.StatusOK {
		t.Errorf("a good view: %d", rec.Code)
	}
	if body := get(t, h, "/embed?map=8/40.05/70.8").Body.String(); !strings.Contains(body, "static.png?map=8/40.05/70.8") {
		t.Error("the embed does not share a good view")
	}
}
