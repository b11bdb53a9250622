package web

import (
	"strings"
	"testing"
)

func TestBasemap(t *testing.T) {
	t.Run("none by default: the page asks no other host", func(t *testing.T) {
		h := newTestServer(t, newTestStore(t))
		for _, u := range []string{"/", "/embed"} {
			rec := get(t, h, u, "Accept: text/html")
			csp := rec.Header().Get("Content-Security-Policy")
			if !strings.Contains(csp, "img-src 'self';") || strings.Contains(rec.Body.String(), "data-basemap") {
				t.Errorf("%s: CSP %q, or a basemap in the page", u, csp)
			}
		}
	})
	t.Run("--basemap-url adds that one host", func(t *testing.T) {
		h := newTestServer(t, newTestStore(t), func(c *Config) {
			c.BasemapURL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
			c.BasemapAttribution = "© OpenStreetMap contributors"
		})
		for _, u := range []string{"/", "/embed"} {
			rec := get(t, h, u, "Accept: text/html")
			csp := rec.Header().Get("Content-Security-Policy")
			if !strings.Contains(csp, "img-src 'self' https://tile.openstreetmap.org;") || !strings.Contains(csp, "connect-src 'self';") {
				t.Errorf("%s: CSP %q, want the tile host in img-src and nowhere else", u, csp)
			}
			body := rec.Body.String()
			// html/template would escape the braces in an attribute it
			// took for a URL; Leaflet needs them as they are.
			if !strings.Contains(body, `data-basemap="https://tile.openstreetmap.org/{z}/{x}/{y}.png"`) ||
				!strings.Contains(body, `data-basemap-credit="© OpenStreetMap contributors"`) {
				t.Errorf("%s: the page does not carry the basemap", u)
			}
		}
	})
	for _, c := range []struct{ url, attribution, want string }{
		{"https://tile.openstreetmap.org/{z}/{x}/{y}.png", "", "attribution"},
		{"tile.openstreetmap.org/{z}/{x}/{y}.png", "OSM", "absolute"},
		{"https://tile.example.org/{z}/{x}.png", "x", "{y}"},
		{"https://tile.example.org/{z}/{x}/{y}.png; script-src *", "x", "character"},
		{"javascript:alert(1)//{z}/{x}/{y}", "x", "absolute"},
	} {
		err := Config{BasemapURL: c.url, BasemapAttribution: c.attribution}.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("basemap %q: %v, want an error saying %q", c.url, err, c.want)
		}
	}
	if b, err := parseBasemap("https://{s}.tile.example.org/{z}/{x}/{y}.png", "x"); err != nil || b.origin != "https://*.tile.example.org" {
		t.Errorf("{s} template: origin %q, %v", b.origin, err)
	}
}
