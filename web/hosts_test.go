package web

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// request sends GET target naming host, from the peer remote, with the
// given headers ("Name: value").
func request(tb testing.TB, h http.Handler, host, remote, target string, headers ...string) *httptest.ResponseRecorder {
	tb.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Host = host
	if remote != "" {
		req.RemoteAddr = remote
	}
	return record(h, req, headers...)
}

// landingHrefs returns the hrefs of the landing page's links.
func landingHrefs(tb testing.TB, rec *httptest.ResponseRecorder) []string {
	tb.Helper()
	wantStatus(tb, rec, http.StatusOK, "")
	var out []string
	for _, l := range decodeBody[landingBody](tb, rec).Links {
		out = append(out, l.Href)
	}
	return out
}

func TestAllowedHosts(t *testing.T) {
	st := newTestStore(t)
	h := newTestServer(t, st, func(c *Config) {
		c.AllowedHosts = append(DefaultAllowedHosts("192.0.2.7:8080"), "maps.example.org", "*.example.net", "10.0.0.5:8080")
	})
	for _, tc := range []struct {
		host string
		ok   bool
	}{
		{"localhost:8080", true},
		{"LOCALHOST", true},
		{"127.0.0.1:40123", true},
		{"[::1]:8080", true},
		{"192.0.2.7:8080", true},  // the listen address
		{"192.0.2.7:9090", false}, // another port on it
		{"maps.example.org", true},
		{"maps.example.org.:443", true},
		{"a.b.example.net", true},
		{"example.net", false},
		{"10.0.0.5:8080", true},
		{"10.0.0.5:8081", false},
		{"evil.example", false},
		{"maps.example.org.evil.example", false},
		{"evil-example.net", false},
		{"", false},
		{"a b", false},
		{`"><script>`, false},
	} {
		rec := request(t, h, tc.host, "", "/?f=json")
		if !tc.ok {
			if rec.Code != http.StatusMisdirectedRequest {
				t.Errorf("Host %q: %d, want 421", tc.host, rec.Code)
			}
			continue
		}
		want := "http://" + tc.host + "/"
		for _, href := range landingHrefs(t, rec) {
			if !strings.HasPrefix(href, want) {
				t.Errorf("Host %s: link %s, want it under %s", tc.host, href, want)
			}
		}
	}
	if slices.Contains(DefaultAllowedHosts("0.0.0.0:8080"), "0.0.0.0:8080") || slices.Contains(DefaultAllowedHosts(":8080"), ":8080") {
		t.Error("an unspecified listen address is no host a client can name")
	}
	for _, bad := range []string{"a/b", "x@y", "host:port", ""} {
		if err := (Config{AllowedHosts: []string{bad}}).Validate(); err == nil {
			t.Errorf("Validate accepts allowed host %q", bad)
		}
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.example", ""} {
		if err := (Config{TrustedProxies: []string{bad}}).Validate(); err == nil {
			t.Errorf("Validate accepts trusted proxy %q", bad)
		}
	}
}

func TestPublicURLLinks(t *testing.T) {
	st := newTestStore(t)
	h := newTestServer(t, st, func(c *Config) { c.PublicURL = "https://maps.example.org/frontier/" })
	// The public URL wins over the Host the request names, which may be
	// the proxy's upstream address; its own host is allowed too.
	for _, host := range []string{"127.0.0.1:8080", "maps.example.org"} {
		for _, href := range landingHrefs(t, request(t, h, host, "", "/?f=json")) {
			if !strings.HasPrefix(href, "https://maps.example.org/frontier/") {
				t.Errorf("Host %s: link %s ignores the public URL", host, href)
			}
		}
	}
	rec := request(t, h, "127.0.0.1:8080", "", "/tiles/border.json")
	if body := rec.Body.String(); !strings.Contains(body, `"https://maps.example.org/frontier/tiles/border`) {
		t.Errorf("TileJSON tiles not under the public URL: %.300s", body)
	}
	wantStatus(t, request(t, h, "evil.example", "", "/?f=json"), http.StatusMisdirectedRequest, typeProblem)
}

func TestTrustedProxy(t *testing.T) {
	st := newTestStore(t)
	h := newTestServer(t, st, func(c *Config) {
		c.AllowedHosts = append(DefaultAllowedHosts(""), "maps.example.org")
		c.TrustedProxies = []string{"10.0.0.0/8", "::1"}
	})
	fwd := []string{"X-Forwarded-Host: maps.example.org", "X-Forwarded-Proto: https"}
	for _, peer := range []string{"10.1.2.3:5555", "[::1]:5555"} {
		for _, href := range landingHrefs(t, request(t, h, "127.0.0.1:8080", peer, "/?f=json", fwd...)) {
			if !strings.HasPrefix(href, "https://maps.example.org/") {
				t.Errorf("from proxy %s: link %s does not follow X-Forwarded-*", peer, href)
			}
		}
	}
	// The same headers from anyone else are ignored.
	for _, href := range landingHrefs(t, request(t, h, "127.0.0.1:8080", "192.0.2.1:5555", "/?f=json", fwd...)) {
		if !strings.HasPrefix(href, "http://127.0.0.1:8080/") {
			t.Errorf("from a client: link %s follows X-Forwarded-*", href)
		}
	}
	// A trusted proxy passing on a forged host is refused like the host.
	rec := request(t, h, "127.0.0.1:8080", "10.1.2.3:5555", "/?f=json", "X-Forwarded-Host: evil.example")
	wantStatus(t, rec, http.StatusMisdirectedRequest, typeProblem)
}

// TestForgedHostNeverEchoed sends every route a forged host in each way a
// client or a proxy can carry it, and fails on any answer whose body names
// it: a cache in front must never hold a link to a host an attacker chose.
func TestForgedHostNeverEchoed(t *testing.T) {
	const forged = "evil.example"
	st := newTestStore(t)
	plain := newTestServer(t, st).(*Server)
	public := newTestServer(t, st, func(c *Config) { c.PublicURL = "https://maps.example.org" })
	proxied := newTestServer(t, st, func(c *Config) { c.TrustedProxies = []string{"10.0.0.0/8"} })
	type attempt struct {
		name    string
		h       http.Handler
		host    string
		remote  string
		headers []string
		refused bool
	}
	attempts := []attempt{
		{"Host", plain, forged, "", nil, true},
		{"Host with port", plain, forged + ":8080", "", nil, true},
		{"Host with public URL", public, forged, "", nil, true},
		{"X-Forwarded-Host from a client", plain, "example.com", "", []string{"X-Forwarded-Host: " + forged, "X-Forwarded-Proto: https", "Forwarded: host=" + forged}, false},
		{"X-Forwarded-Host from a trusted proxy", proxied, "example.com", "10.0.0.9:4000", []string{"X-Forwarded-Host: " + forged}, true},
	}
	seen := map[string]bool{}
	for _, r := range plain.echo.Routes() {
		if seen[r.Path] {
			continue
		}
		seen[r.Path] = true
		u, ok := sampleURLs[r.Path]
		if !ok {
			t.Errorf("route %s has no sample URL", r.Path)
			continue
		}
		for _, a := range attempts {
			for _, accept := range []string{"text/html", "application/json", "*/*"} {
				rec := request(t, a.h, a.host, a.remote, u, append([]string{"Accept: " + accept}, a.headers...)...)
				if strings.Contains(strings.ToLower(rec.Body.String()), forged) {
					t.Errorf("%s, %s (%s): the body names the forged host: %.300s", a.name, u, accept, rec.Body.String())
				}
				for name, vs := range rec.Header() {
					if strings.Contains(strings.ToLower(strings.Join(vs, " ")), forged) {
						t.Errorf("%s, %s: header %s names the forged host", a.name, u, name)
					}
				}
				want := http.StatusMisdirectedRequest
				if !a.refused || hostIndependent[u] {
					if rec.Code >= 400 && !deskURLs[u] {
						t.Errorf("%s, %s (%s): %d, want an answer", a.name, u, accept, rec.Code)
					}
					continue
				}
				if rec.Code != want {
					t.Errorf("%s, %s (%s): %d, want %d", a.name, u, accept, rec.Code, want)
				}
			}
		}
	}
}
