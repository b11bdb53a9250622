package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestOEmbed: the answers follow oEmbed 1.0 (oembed.com): type rich with
// every required field, sizes within maxwidth/maxheight, 404 for a URL that
// is not this server's map, 501 for a format other than json, 400 for a
// missing url.
func TestOEmbed(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	page := "http://example.com/#date=2023-09-01&map=10/40.1333/69.6833&layers=frontier,clashes&sel=clashes:2022-09-16-ovchi-kalacha-strike"
	for _, tc := range []struct {
		name               string
		url                string
		extra              string
		status             int
		maxW, maxH         int
		wantSrc            string // a substring of the iframe's src
		wantW, wantH       int
		wantThumb          bool
		wantTitleSubstring string
	}{
		{name: "page with its state", url: page, status: 200, wantSrc: "http://example.com/embed?date=2023-09-01&amp;map=10/40.1333/69.6833&amp;layers=frontier,clashes&amp;sel=clashes:2022-09-16-ovchi-kalacha-strike", wantW: 800, wantH: 500, wantThumb: true, wantTitleSubstring: "1 September 2023"},
		{name: "page bare", url: "http://example.com/", status: 200, wantSrc: `src="http://example.com/embed"`, wantW: 800, wantH: 500, wantThumb: true},
		{name: "page no slash", url: "http://example.com", status: 200, wantW: 800, wantH: 500, wantThumb: true},
		{name: "https is the same map", url: "https://EXAMPLE.com/#date=2025-04-01", status: 200, wantSrc: "date=2025-04-01", wantW: 800, wantH: 500, wantThumb: true},
		{name: "embed keeps its flags", url: "http://example.com/embed?date=2023-09-01&dark=true&legend=false", status: 200, wantSrc: "date=2023-09-01&amp;dark=true&amp;legend=false", wantW: 800, wantH: 500, wantThumb: true},
		{name: "maxwidth", url: page, extra: "&maxwidth=400", status: 200, maxW: 400, wantW: 400, wantH: 500, wantThumb: true},
		{name: "maxheight", url: page, extra: "&maxheight=300", status: 200, maxH: 300, wantW: 800, wantH: 300, wantThumb: true},
		{name: "both", url: page, extra: "&maxwidth=320&maxheight=240&format=json", status: 200, maxW: 320, maxH: 240, wantW: 320, wantH: 240, wantThumb: true},
		{name: "tiny: no thumbnail", url: page, extra: "&maxwidth=20&maxheight=10", status: 200, maxW: 20, maxH: 10, wantW: 20, wantH: 10},
		{name: "another host", url: "http://elsewhere.org/#date=2023-09-01", status: 404},
		{name: "another path", url: "http://example.com/about", status: 404},
		{name: "the OGC landing page", url: "http://example.com/?f=json", status: 404},
		{name: "not http", url: "ftp://example.com/", status: 404},
		{name: "a broken state", url: "http://example.com/#date=yesterday", status: 404},
		{name: "xml", url: page, extra: "&format=xml", status: 501},
		{name: "missing url", url: "", status: 400},
		{name: "bad maxwidth", url: page, extra: "&maxwidth=-5", status: 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			target := "/oembed?"
			if tc.url != "" {
				target += "url=" + url.QueryEscape(tc.url)
			}
			target += tc.extra
			rec := get(t, h, target)
			if tc.status != 200 {
				wantStatus(t, rec, tc.status, "application/problem+json")
				return
			}
			wantStatus(t, rec, http.StatusOK, "application/json; charset=utf-8")
			o := decodeBody[map[string]any](t, rec)
			for _, f := range []string{"type", "version", "html", "width", "height", "title", "provider_name", "provider_url", "cache_age"} {
				if _, ok := o[f]; !ok {
					t.Errorf("no %s in %v", f, o)
				}
			}
			if o["type"] != "rich" || o["version"] != "1.0" || o["provider_name"] != "Frontier" || o["provider_url"] != "http://example.com/" {
				t.Errorf("type %v version %v provider %v %v", o["type"], o["version"], o["provider_name"], o["provider_url"])
			}
			w, hh := int(o["width"].(float64)), int(o["height"].(float64))
			if w != tc.wantW || hh != tc.wantH {
				t.Errorf("size %d×%d, want %d×%d", w, hh, tc.wantW, tc.wantH)
			}
			html := o["html"].(string)
			if !strings.HasPrefix(html, "<iframe ") || !strings.Contains(html, `title="`) || !strings.Contains(html, `loading="lazy"`) {
				t.Errorf("html %q is not the iframe", html)
			}
			if m := regexp.MustCompile(`width="(\d+)" height="(\d+)"`).FindStringSubmatch(html); m == nil || m[1] != strconv.Itoa(w) || m[2] != strconv.Itoa(hh) {
				t.Errorf("the iframe's size in %q is not %d×%d", html, w, hh)
			}
			if tc.wantSrc != "" && !strings.Contains(html, tc.wantSrc) {
				t.Errorf("html %q lacks %q", html, tc.wantSrc)
			}
			if tc.wantTitleSubstring != "" && !strings.Contains(o["title"].(string), tc.wantTitleSubstring) {
				t.Errorf("title %q", o["title"])
			}
			thumb, ok := o["thumbnail_url"].(string)
			if ok != tc.wantThumb {
				t.Fatalf("thumbnail present %v, want %v", ok, tc.wantThumb)
			}
			if !ok {
				if _, w := o["thumbnail_width"]; w {
					t.Error("thumbnail_width without thumbnail_url")
				}
				return
			}
			tw, th := int(o["thumbnail_width"].(float64)), int(o["thumbnail_height"].(float64))
			if (tc.maxW > 0 && tw > tc.maxW) || (tc.maxH > 0 && th > tc.maxH) {
				t.Errorf("thumbnail %d×%d beyond %d×%d", tw, th, tc.maxW, tc.maxH)
			}
			// The thumbnail is a picture of that size, at the same state.
			path, ok := strings.CutPrefix(thumb, "http://example.com")
			if !ok || !strings.HasPrefix(path, "/static.png?") {
				t.Fatalf("thumbnail_url %q", thumb)
			}
			img := decodePNG(t, get(t, h, path))
			if img.Bounds().Dx() != tw || img.Bounds().Dy() != th {
				t.Errorf("thumbnail is %v, the answer says %d×%d", img.Bounds(), tw, th)
			}
		})
	}
}
