package web

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/frontier-map/frontier/geo"
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

// mapTitle names the map at the state's date in l: "Kyrgyzstan–Tajikistan
// frontier as of 16 September 2022".
func mapTitle(l *i18n.Locale, v viewState) string {
	if v.Date == "" {
		return l.T("map.title")
	}
	return l.T("map.title_as_of", "date", l.ISODate(v.Date, i18n.Precision(geo.PrecisionDay)))
}

// embedView is a view of the map as an embed: the /embed URL that shows it
// and its title. The embed page and the oEmbed answer both take it from
// embedOf, so the snippet a CMS pastes and the page it frames agree.
type embedView struct{ URL, Title string }

// embedOf is the embed of v with flags, titled in l.
func embedOf(l *i18n.Locale, base string, meta geo.Meta, v viewState, flags embedFlags) embedView {
	u := base + "/embed"
	if qs := append(v.query("date"), flags.query()...); len(qs) > 0 {
		u += "?" + strings.Join(qs, "&")
	}
	return embedView{URL: u, Title: viewTitle(l, meta, v)}
}

// viewTitle names a view: the dataset's title (as the data tables give it
// in l), with the day the view shows when it names one. A dataset without
// a title is called by the map's name in l.
func viewTitle(l *i18n.Locale, meta geo.Meta, v viewState) string {
	title := dataOnly(l, meta.Title)
	if title == "" {
		title = l.T("map.title")
	}
	if v.Date == "" {
		return title
	}
	return l.T("map.view_title_as_of", "title", title, "date", l.ISODate(v.Date, i18n.Precision(geo.PrecisionDay)))
}
