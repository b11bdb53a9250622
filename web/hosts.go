package web

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"

	"github.com/labstack/echo/v4"
)

// ErrMisdirected is a request whose Host (or, from a trusted proxy,
// X-Forwarded-Host) names a host this server is not published at. It is
// answered with 421 Misdirected Request, and the name is never repeated in
// the answer: a shared cache in front must not be able to store a body
// that links to a host an attacker chose.
var ErrMisdirected = errors.New("web: request for a host this server does not answer for")

// baseKey is where hostPolicy leaves a request's base URL in its context.
const baseKey = "frontier.base"

// hostPolicy decides which hosts a request may name and so where the
// absolute links of its answer point: at the public URL when one is
// configured, else at the request's own host once it is found in the
// allow-list.
type hostPolicy struct {
	publicURL string
	allowed   []hostPattern
	// trusted are the proxies whose X-Forwarded-Host and X-Forwarded-Proto
	// are believed; from anyone else those headers are ignored.
	trusted []netip.Prefix
}

// hostPattern is one allow-list entry: a host name or address, with the
// one port it allows ("" for any), or every subdomain of a name.
type hostPattern struct {
	host, port string
	subdomains bool
}

// DefaultAllowedHosts is the allow-list when none is configured: the
// listen address (when it names one host rather than every interface),
// localhost and the loopback addresses, on any port.
func DefaultAllowedHosts(listenAddr string) []string {
	out := []string{"localhost", "127.0.0.1", "[::1]"}
	if h, _, err := net.SplitHostPort(listenAddr); err == nil && h != "" {
		if ip, err := netip.ParseAddr(h); err != nil || !ip.IsUnspecified() {
			out = append(out, listenAddr)
		}
	}
	return out
}

// newHostPolicy reads the configuration; it is called by Config.Validate
// too, so a bad entry stops the program at start.
func newHostPolicy(publicURL string, allowed, trusted []string) (hostPolicy, error) {
	p := hostPolicy{publicURL: publicURL}
	if publicURL != "" {
		u, _ := splitURLHost(publicURL)
		allowed = append(allowed[:len(allowed):len(allowed)], u)
	}
	for _, a := range allowed {
		hp, err := parseHostPattern(a)
		if err != nil {
			return hostPolicy{}, err
		}
		p.allowed = append(p.allowed, hp)
	}
	for _, t := range trusted {
		pr, err := parseProxy(t)
		if err != nil {
			return hostPolicy{}, err
		}
		p.trusted = append(p.trusted, pr)
	}
	return p, nil
}

// splitURLHost returns the host[:port] of an absolute URL.
func splitURLHost(u string) (string, bool) {
	_, rest, ok := strings.Cut(u, "://")
	host, _, _ := strings.Cut(rest, "/")
	return host, ok
}

// parseHostPattern reads "name", "name:port", "*.name", "1.2.3.4[:port]",
// "[::1][:port]" or "::1".
func parseHostPattern(s string) (hostPattern, error) {
	raw := strings.ToLower(strings.TrimSpace(s))
	var hp hostPattern
	if rest, ok := strings.CutPrefix(raw, "*."); ok {
		hp.subdomains, raw = true, rest
	}
	if ip, err := netip.ParseAddr(raw); err == nil && ip.Is6() {
		raw = "[" + raw + "]" // a bare IPv6 address
	}
	if !validHost(raw) {
		return hostPattern{}, fmt.Errorf("web: allowed host %q: want a host name or address with an optional port", s)
	}
	hp.host, hp.port = splitHost(raw)
	return hp, nil
}

// parseProxy reads a trusted proxy: an address or a CIDR prefix.
func parseProxy(s string) (netip.Prefix, error) {
	s = strings.TrimSpace(s)
	if p, err := netip.ParsePrefix(s); err == nil {
		return p.Masked(), nil
	}
	ip, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("web: trusted proxy %q: want an IP address or a CIDR prefix such as 10.0.0.0/8", s)
	}
	ip = ip.Unmap()
	return netip.PrefixFrom(ip, ip.BitLen()), nil
}

// splitHost splits a Host that validHost accepts into its lower-case host
// (brackets kept, a trailing dot dropped) and port ("" when none).
func splitHost(h string) (host, port string) {
	h = strings.ToLower(h)
	host = h
	if strings.HasPrefix(h, "[") {
		end := strings.IndexByte(h, ']')
		host = h[:end+1]
		port = strings.TrimPrefix(h[end+1:], ":")
	} else if i := strings.LastIndexByte(h, ':'); i >= 0 {
		host, port = h[:i], h[i+1:]
	}
	return strings.TrimSuffix(host, "."), port
}

// allows reports whether a Host header names an allowed host.
func (p hostPolicy) allows(h string) bool {
	if !validHost(h) {
		return false
	}
	host, port := splitHost(h)
	for _, a := range p.allowed {
		if a.port != "" && a.port != port {
			continue
		}
		if a.subdomains && strings.HasSuffix(host, "."+a.host) || !a.subdomains && host == a.host {
			return true
		}
	}
	return false
}

// fromTrustedProxy reports whether the request's peer is a trusted proxy.
func (p hostPolicy) fromTrustedProxy(r *http.Request) bool {
	if len(p.trusted) == 0 {
		return false
	}
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := ap.Addr().Unmap()
	for _, t := range p.trusted {
		if t.Contains(ip) {
			return true
		}
	}
	return false
}

// lastValue is the last entry of a comma-separated header: the one the
// nearest proxy added, when proxies append.
func lastValue(v string) string {
	if i := strings.LastIndexByte(v, ','); i >= 0 {
		v = v[i+1:]
	}
	return strings.TrimSpace(v)
}

// base returns the base URL of the request's links, or ErrMisdirected.
func (p hostPolicy) base(r *http.Request) (string, error) {
	host, scheme := p.origin(r)
	if !p.allows(host) {
		return "", ErrMisdirected
	}
	if p.publicURL != "" {
		return p.publicURL, nil
	}
	return scheme + "://" + host, nil
}

// allowsRequest reports whether base would accept r, without making the
// base (the hot tile path needs the check, not the URL).
func (p hostPolicy) allowsRequest(r *http.Request) bool {
	host, _ := p.origin(r)
	return p.allows(host)
}

// origin is the host and scheme r was sent to: its own, or a trusted
// proxy's X-Forwarded-Host and X-Forwarded-Proto.
func (p hostPolicy) origin(r *http.Request) (host, scheme string) {
	host, scheme = r.Host, "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p.fromTrustedProxy(r) {
		if fh := lastValue(r.Header.Get("X-Forwarded-Host")); fh != "" {
			host = fh
		}
		if fp := strings.ToLower(lastValue(r.Header.Get("X-Forwarded-Proto"))); fp == "http" || fp == "https" {
			scheme = fp
		}
	}
	return host, scheme
}

// hostIndependent are the routes whose answers carry no link, which a load
// balancer or a scraper may call by whatever address it knows the process
// at (an orchestrator's health probe names the container's own address).
var hostIndependent = map[string]bool{"/healthz": true, "/metrics": true}

// checkHost refuses a request for a host outside the allow-list with 421
// and leaves the base URL of the others' links in the context.
func (p hostPolicy) checkHost(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if hostIndependent[r.URL.Path] {
			return next(c)
		}
		base, err := p.base(r)
		if err != nil {
			return err
		}
		c.Set(baseKey, base)
		return next(c)
	}
}
