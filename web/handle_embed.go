package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"
)

// embedParams are what GET /embed takes: the state, the flags, and the
// parameters a Pym.js parent adds to the URL of the frame it makes
// (childId is the id its height messages must carry).
var embedParams = []string{"date", "map", "size", "layers", "sel", "lang", "dark", "legend", "controls", "initialWidth", "childId", "parentTitle", "parentUrl"}

// embedPage is what templates/embed.html needs.
type embedPage struct {
	Title       string
	Base        string
	Assets      string
	Attribution string
	State       viewState
	Flags       embedFlags
	// FullMap is the main page at the same state; ChildID the Pym.js id.
	FullMap string
	ChildID string
	Share   shareMeta
	Basemap basemap
	Langs   []langLink
}

// handleEmbed answers GET /embed: the map without the page's chrome, for an
// iframe in an article. It takes the permalink's state as query
// parameters, so the server can name the right picture in its tags; the
// page (web/ui/embed.js) also reads a fragment, which wins.
func (s *Server) handleEmbed(c echo.Context) error {
	// A page people open from shared links: unknown parameters and
	// values it cannot read are dropped (the defaults stand in), never
	// answered with a JSON error.
	q := known(c.QueryParams(), embedParams)
	v := lenient(q, parseViewState)
	flags := lenient(q, parseEmbedFlags)
	base, assets, meta, err := s.mapShell(c)
	if err != nil {
		return err
	}
	l := s.locale(c)
	e := embedOf(l, base, meta, v, flags)
	p := embedPage{
		Basemap:     s.basemap,
		Title:       e.Title,
		Base:        base,
		Assets:      assets,
		Attribution: meta.Attribution,
		State:       v,
		Flags:       flags,
		FullMap:     v.pageURL(base),
		ChildID:     q.Get("childId"),
		Share:       s.share(l, base, e.Title, dataOnly(l, meta.Description), e.URL, v),
	}
	p.Langs = s.langLinks(c, base, l)
	var buf bytes.Buffer
	if err := s.pages[l.Code]["embed"].Execute(&buf, p); err != nil {
		return fmt.Errorf("render embed: %w", err)
	}
	langHeaders(c, l)
	h := c.Response().Header()
	// This CSP replaces the default one the security middleware set
	// before the handler: the embed alone may be framed by other sites.
	h.Set("Content-Security-Policy", s.embedCSP)
	// Browsers ignore X-Frame-Options where a CSP has frame-ancestors,
	// but an old one would refuse the frame on it alone.
	h.Del("X-Frame-Options")
	// The host page learns nothing from the embed's own requests.
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("Cache-Control", "no-cache")
	return c.HTMLBlob(http.StatusOK, buf.Bytes())
}

// embedCSP is the embed's Content-Security-Policy: the map page's, but
// framed by any origin, or by those of --embed-origins and this one.
func embedCSP(origins []string) string {
	fa := "*"
	if len(origins) > 0 {
		fa = "'self' " + strings.Join(origins, " ")
	}
	return strings.Replace(pageCSP, "frame-ancestors 'self'", "frame-ancestors "+fa, 1)
}

// parseEmbedOrigin checks one --embed-origins entry: an origin
// (scheme://host[:port], the host may start with "*." for every
// subdomain), nothing a CSP header could be broken or widened by.
func parseEmbedOrigin(s string) (string, error) {
	u, err := url.Parse(s)
	bad := err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.Opaque != ""
	if !bad {
		host := strings.TrimPrefix(u.Host, "*.")
		bad = !validHost(host) || strings.HasPrefix(host, "[") && strings.Contains(u.Host, "*")
	}
	if bad {
		return "", fmt.Errorf("web: embed origin %q: want scheme://host[:port], e.g. https://news.example.org or https://*.example.org", s)
	}
	return u.Scheme + "://" + strings.ToLower(u.Host), nil
}
