package web

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/frontier-map/frontier/i18n"
)

// viewState is the map's state as the permalink carries it (web/ui/
// permalink.js): the page keeps it in the URL's fragment, the embed and
// the picture take it as query parameters of the same names, so one state
// moves between the three without translation.
type viewState struct {
	// Date is YYYY-MM-DD; "" is today.
	Date string
	// Map is "zoom/lat/lon" as the permalink writes it; "" fits the
	// frontier.
	Map            string
	Zoom, Lat, Lon float64
	// Size is "WxH", the size in CSS pixels of the map Map was seen on
	// (W and H): with it the view is an area, fitted to the screen that
	// opens it (area); without it, an older link, the centre and zoom.
	Size string
	W, H int
	// Layers are the layers shown, in permalink order; nil is all of them.
	Layers []string
	// Sel is "kind:id", the selected clash or deployment.
	Sel string
	// Lang is the language asked for (en, ru, ky, tg); "" leaves it to
	// the reader's Accept-Language. A code Frontier has no catalog for is
	// ignored, as a browser's unknown language would be.
	Lang string
}

// mapLayers are the permalink's layer names, in its order.
var mapLayers = []string{"frontier", "clashes", "deployments", "places", "countries"}

// parseViewState reads a state from values named as in the permalink;
// date may also be named datetime (the API's name) by the picture.
func parseViewState(q url.Values) (viewState, error) {
	var v viewState
	if d := q.Get("date"); d != "" {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			return v, &ParamError{Param: "date", Detail: fmt.Sprintf("%q is not a date; want YYYY-MM-DD", d), Err: err}
		}
		v.Date = t.Format(time.DateOnly)
	}
	if m := q.Get("map"); m != "" {
		parts := strings.Split(m, "/")
		var nums [3]float64
		ok := len(parts) == 3
		for i := 0; ok && i < 3; i++ {
			var err error
			nums[i], err = strconv.ParseFloat(parts[i], 64)
			ok = err == nil
		}
		// Written as "inside" tests, so that NaN, which compares false
		// with everything, fails them.
		inside := func(x, lo, hi float64) bool { return x >= lo && x <= hi }
		if !ok || !inside(nums[0], 0, 20) || !inside(nums[1], -85.05, 85.05) || !inside(nums[2], -180, 180) {
			return v, &ParamError{Param: "map", Detail: "want zoom/lat/lon with zoom 0 to 20, lat within ±85.05 and lon within ±180, as the permalink writes it"}
		}
		v.Map, v.Zoom, v.Lat, v.Lon = m, nums[0], nums[1], nums[2]
	}
	if ls, ok := q["layers"]; ok {
		v.Layers = []string{}
		for l := range strings.SplitSeq(ls[0], ",") {
			if l == "" {
				continue
			}
			if !slices.Contains(mapLayers, l) {
				return v, &ParamError{Param: "layers", Detail: fmt.Sprintf("unknown layer %q; the layers are %s", l, strings.Join(mapLayers, ", "))}
			}
			if !slices.Contains(v.Layers, l) {
				v.Layers = append(v.Layers, l)
			}
		}
		slices.SortFunc(v.Layers, func(a, b string) int { return slices.Index(mapLayers, a) - slices.Index(mapLayers, b) })
	}
	if l := q.Get("lang"); slices.Contains(i18n.Codes, l) {
		v.Lang = l
	}
	if size := q.Get("size"); size != "" {
		w, h, err := parseSize(size)
		if err != nil {
			return v, err
		}
		if v.Map == "" {
			return v, &ParamError{Param: "size", Detail: "size is the size of the view map=zoom/lat/lon was made at: give map too"}
		}
		v.Size, v.W, v.H = size, w, h
	}
	if sel := q.Get("sel"); sel != "" {
		kind, id, ok := strings.Cut(sel, ":")
		if !ok || (kind != "clashes" && kind != "deployments") || id == "" || len(id) > 200 {
			return v, &ParamError{Param: "sel", Detail: "want clashes:ID or deployments:ID"}
		}
		v.Sel = sel
	}
	return v, nil
}

// shows reports whether the state shows layer name.
func (v viewState) shows(name string) bool {
	return v.Layers == nil || slices.Contains(v.Layers, name)
}

// query writes the state as query parameters in the permalink's order
// (the same state gives the same URL); dateName is "date" or "datetime".
func (v viewState) query(dateName string) []string {
	var out []string
	if v.Date != "" {
		out = append(out, dateName+"="+v.Date)
	}
	if v.Map != "" {
		out = append(out, "map="+v.Map)
	}
	if v.Size != "" {
		out = append(out, "size="+v.Size)
	}
	if v.Layers != nil {
		out = append(out, "layers="+strings.Join(v.Layers, ","))
	}
	if v.Sel != "" {
		kind, id, _ := strings.Cut(v.Sel, ":")
		out = append(out, "sel="+kind+":"+url.QueryEscape(id))
	}
	if v.Lang != "" {
		out = append(out, "lang="+v.Lang)
	}
	return out
}

// pageURL is the map page at the state: the language as a query, so that
// the server writes the page in it, and the state as the permalink's
// fragment (#date=…&map=…&layers=…&lang=…).
func (v viewState) pageURL(base string) string {
	u := base + "/"
	if v.Lang != "" {
		u += "?lang=" + v.Lang
	}
	return u + "#" + strings.Join(v.query("date"), "&")
}

// embedFlags are the embed's display options, after Datawrapper's.
type embedFlags struct {
	// Dark is "auto" (the reader's system setting), "true" or "false".
	Dark string
	// Legend shows the compact legend; Controls the zoom buttons and the
	// date slider.
	Legend, Controls bool
}

func parseEmbedFlags(q url.Values) (embedFlags, error) {
	f := embedFlags{Dark: "auto", Legend: true, Controls: true}
	if d, ok := q["dark"]; ok {
		if !slices.Contains([]string{"auto", "true", "false"}, d[0]) {
			return f, &ParamError{Param: "dark", Detail: "want auto, true or false"}
		}
		f.Dark = d[0]
	}
	for name, dst := range map[string]*bool{"legend": &f.Legend, "controls": &f.Controls} {
		if s, ok := q[name]; ok {
			b, err := strconv.ParseBool(s[0])
			if err != nil {
				return f, &ParamError{Param: name, Detail: "want true or false"}
			}
			*dst = b
		}
	}
	return f, nil
}

// query writes the flags that differ from the defaults.
func (f embedFlags) query() []string {
	var out []string
	if f.Dark != "auto" {
		out = append(out, "dark="+f.Dark)
	}
	if !f.Legend {
		out = append(out, "legend=false")
	}
	if !f.Controls {
		out = append(out, "controls=false")
	}
	return out
}

// embedParams are what GET /embed takes: the state, the flags, and the
// parameters a Pym.js parent adds to the URL of the frame it makes
// (childId is the id its height messages must carry).
var embedParams = []string{"date", "map", "size", "layers", "sel", "lang", "dark", "legend", "controls", "initialWidth", "childId", "parentTitle", "parentUrl"}

// lenient parses q with parse, dropping each parameter parse refuses
// until it accepts the rest: for pages, where a bad value in a shared
// link should cost that value, not the page.
func lenient[T any](q url.Values, parse func(url.Values) (T, error)) T {
	q = maps.Clone(q)
	for {
		v, err := parse(q)
		var pe *ParamError
		if err == nil || !errors.As(err, &pe) || !q.Has(pe.Param) {
			return v
		}
		q.Del(pe.Param)
	}
}

// shareMeta is what a page says of itself to social networks and CMSs:
// Open Graph and Twitter card tags and the oEmbed discovery link.
type shareMeta struct {
	Title, Description string
	// URL is the page's canonical URL; Image the absolute URL of its
	// picture (/static.png), ImageAlt its description; OEmbed the
	// discovery link's target.
	URL, Image, ImageAlt, OEmbed string
	ImageWidth, ImageHeight      int
}

// share builds the tags for a view of the map at pageURL, in l.
func (s *Server) share(l *i18n.Locale, base, title, description, pageURL string, v viewState) shareMeta {
	when := l.T("share.today")
	if v.Date != "" {
		when = dateIn(l, v.Date)
	}
	img := base + "/static.png"
	if q := v.query("datetime"); len(q) > 0 {
		img += "?" + strings.Join(q, "&")
	}
	return shareMeta{
		Title:       title,
		Description: description,
		URL:         pageURL,
		Image:       img,
		ImageAlt:    l.T("share.image_alt", "date", when),
		ImageWidth:  defaultPictureWidth,
		ImageHeight: defaultPictureHeight,
		OEmbed:      base + "/oembed?format=json&url=" + url.QueryEscape(pageURL),
	}
}

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
	ui, err := loadUI()
	if err != nil {
		return err
	}
	base, err := s.baseURL(c)
	if err != nil {
		return err
	}
	meta, err := s.store.Meta(c.Request().Context())
	if err != nil {
		return err
	}
	self := base + "/embed"
	if qs := append(v.query("date"), flags.query()...); len(qs) > 0 {
		self += "?" + strings.Join(qs, "&")
	}
	l := s.locale(c)
	title := mapTitle(l, v)
	p := embedPage{
		Basemap:     s.basemap,
		Title:       title,
		Base:        base,
		Assets:      base + "/ui/" + ui.version,
		Attribution: meta.Attribution,
		State:       v,
		Flags:       flags,
		FullMap:     v.pageURL(base),
		ChildID:     q.Get("childId"),
		Share:       s.share(l, base, title+" · Frontier", dataOnly(l, meta.Description), self, v),
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
