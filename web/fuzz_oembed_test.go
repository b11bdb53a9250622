package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// FuzzOEmbedURL: no url parameter makes /oembed panic or answer 5xx (501 is
// the spec's answer for a format, not for a url); an answer of 200 is a
// well-formed rich oEmbed whose iframe points at this server's /embed and
// never carries the raw input into the markup unescaped.
func FuzzOEmbedURL(f *testing.F) {
	for _, seed := range []string{
		"http://example.com/", "http://example.com/#date=2023-09-01&map=7/40/70.5",
		"http://example.com/embed?date=2022-09-16&sel=clashes:x", "https://evil.example/embed",
		"http://example.com/embed?date=<script>", "javascript:alert(1)", "http://example.com/%zz", "//example.com/embed",
		"http://example.com/embed?map=99/999/999&layers=x\"onload=", "",
	} {
		f.Add(seed, "600", "400")
	}
	h := newTestServer(f, newTestStore(f))
	f.Fuzz(func(t *testing.T, u, maxw, maxh string) {
		q := url.Values{"url": {u}, "maxwidth": {maxw}, "maxheight": {maxh}}
		rec := get(t, h, "/oembed?"+q.Encode())
		if rec.Code >= 500 {
			t.Fatalf("url %q max %q×%q: status %d: %s", u, maxw, maxh, rec.Code, rec.Body.String())
		}
		if rec.Code != http.StatusOK {
			return
		}
		var o oembed
		if err := json.Unmarshal(rec.Body.Bytes(), &o); err != nil {
			t.Fatalf("url %q: 200 with a body that is not oEmbed JSON: %v", u, err)
		}
		if o.Type != "rich" || o.Version != "1.0" || o.Width <= 0 || o.Height <= 0 {
			t.Fatalf("url %q: %+v", u, o)
		}
		if !strings.Contains(o.HTML, `src="http://example.com/embed`) || strings.Contains(o.HTML, "<script>alert") {
			t.Fatalf("url %q: html %q", u, o.HTML)
		}
	})
}
