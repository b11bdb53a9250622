package web

import (
	"fmt"
	"net/url"
	"strings"
)

// basemap is the optional raster basemap under the map (--basemap-url):
// OpenStreetMap's tiles, say. Without it the page draws on Frontier's own
// countries and places and asks no other host for anything; with it, that
// one host is added to the pages' img-src, and nothing else.
type basemap struct {
	URL, Attribution string
	origin           string
}

// parseBasemap checks a Leaflet tile URL template ("https://tile.example.org/{z}/{x}/{y}.png"):
// absolute http(s), a host, the {z}, {x} and {y} placeholders, and an
// attribution, which every public tile service's terms require.
func parseBasemap(rawURL, attribution string) (basemap, error) {
	if rawURL == "" {
		return basemap{}, nil
	}
	u, err := url.Parse(strings.NewReplacer("{z}", "0", "{x}", "0", "{y}", "0", "{s}", "a", "{r}", "").Replace(rawURL))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || !validHost(u.Host) {
		return basemap{}, fmt.Errorf("web: basemap URL %q: want an absolute http(s) tile URL template", rawURL)
	}
	for _, p := range []string{"{z}", "{x}", "{y}"} {
		if !strings.Contains(rawURL, p) {
			return basemap{}, fmt.Errorf("web: basemap URL %q lacks %s", rawURL, p)
		}
	}
	if strings.ContainsAny(rawURL, " ;'\"") {
		return basemap{}, fmt.Errorf("web: basemap URL %q has a character a CSP or an attribute could be broken by", rawURL)
	}
	if strings.TrimSpace(attribution) == "" {
		return basemap{}, fmt.Errorf("web: a basemap needs its attribution (--basemap-attribution), e.g. \"© OpenStreetMap contributors\"")
	}
	origin := u.Scheme + "://" + u.Host
	if strings.Contains(rawURL, "{s}") {
		// Leaflet spreads {s} over subdomains; allow them all.
		_, rest, _ := strings.Cut(u.Host, ".")
		origin = u.Scheme + "://*." + rest
	}
	return basemap{URL: rawURL, Attribution: attribution, origin: origin}, nil
}

// withImages adds the basemap's origin to a CSP's img-src.
func (b basemap) withImages(csp string) string {
	if b.origin == "" {
		return csp
	}
	return strings.Replace(csp, "img-src 'self'", "img-src 'self' "+b.origin, 1)
}
