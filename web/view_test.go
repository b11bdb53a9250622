package web

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/frontier-map/frontier/internal/teststore"
)

// TestEmbedTitleAndURL: the embed page and the oEmbed answer for the same
// view name the same /embed URL and the same title, and the title is the
// dataset's own (its metadata), with the view's day: a store with another
// title gives embeds of that title.
func TestEmbedTitleAndURL(t *testing.T) {
	ds := loadDataset(t)
	ds.Meta.Title = "Atlas of a test frontier"
	h := newTestServer(t, teststore.New(t, ds))
	const view = "/embed?date=2023-09-01&map=9/40/70.5&layers=frontier&dark=true"
	const want = "Atlas of a test frontier, as of 1 September 2023"

	rec := get(t, h, view, browserAccept)
	wantStatus(t, rec, http.StatusOK, "text/html; charset=UTF-8")
	page := rec.Body.String()
	find := func(re, in string) string {
		t.Helper()
		m := regexp.MustCompile(re).FindStringSubmatch(in)
		if m == nil {
			t.Fatalf("no %s in %.300s", re, in)
		}
		return html.UnescapeString(m[1])
	}
	if got := find(`<title>([^<]*)</title>`, page); got != want {
		t.Errorf("embed <title> %q, want %q", got, want)
	}
	if got := find(`<meta property="og:title" content="([^"]*)"`, page); got != want {
		t.Errorf("embed og:title %q, want %q", got, want)
	}
	self := find(`<meta property="og:url" content="([^"]*)"`, page)
	if self != "http://example.com"+view {
		t.Errorf("embed og:url %q", self)
	}

	rec = get(t, h, "/oembed?url="+url.QueryEscape(self))
	wantStatus(t, rec, http.StatusOK, "application/json; charset=utf-8")
	var o struct{ Title, HTML string }
	if err := json.Unmarshal(rec.Body.Bytes(), &o); err != nil {
		t.Fatal(err)
	}
	if o.Title != want {
		t.Errorf("oEmbed title %q, want %q", o.Title, want)
	}
	if src := find(`src="([^"]*)"`, o.HTML); src != self {
		t.Errorf("oEmbed iframe src %q, want the embed's own URL %q", src, self)
	}
	if ft := find(`title="([^"]*)"`, o.HTML); ft != "Map: "+want {
		t.Errorf("oEmbed iframe title %q", ft)
	}
}
