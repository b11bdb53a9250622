package web

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"github.com/frontier-map/frontier/geo"
	"github.com/frontier-map/frontier/i18n"
	"github.com/frontier-map/frontier/tiles/staticmap"
)

// The picture's default size is the one Open Graph and Twitter's large
// card show without cropping (1.91:1).
const (
	defaultPictureWidth  = 1200
	defaultPictureHeight = 630
	// pictureCacheBytes bounds the PNGs kept in memory: a 1200×630 picture
	// is about 100 KB, so a few hundred views.
	pictureCacheBytes = 32 << 20
	// maxPictureSide keeps one drawing under about 25 MB of memory.
	maxPictureSide = 2400
)

// staticParams are what GET /static.png takes: the permalink's state with
// datetime for its date (date is accepted too), and the size.
var staticParams = []string{"datetime", "date", "map", "size", "layers", "sel", "lang", "width", "height"}

// staticCaption is the picture's caption in l: the date and what the line
// is, shortened when a reported figure has to fit beside it (the legend
// takes the right of the band, and what does not fit is cut).
func staticCaption(l *i18n.Locale, day, reported string) string {
	if reported == "" {
		return l.T("static.caption", "title", mapTitle(l, viewState{Date: day}))
	}
	return l.T("static.caption_short", "date", dateIn(l, day)) + reported
}

// reportedCaption is the latest figure reported on the border's status up
// to t, in short, for the picture's caption: the schematic line cannot show
// the 2023-24 partial agreements. Empty before the first figure. The
// figure and its claimant are the data's words (English).
func reportedCaption(l *i18n.Locale, figs []geo.ReportedFigure, t time.Time) string {
	_, latest := reportedUpTo(figs, t, nil)
	if len(latest) == 0 {
		return ""
	}
	f := latest[0]
	date := l.Date(f.Date.Time(), i18n.Precision(f.TimePrecision))
	// Other figures of the same day (which may disagree) are counted:
	// "+1 more", listed in full by /stats.
	if n := len(latest) - 1; n > 0 {
		return l.T("static.reported_more", "date", date, "figure", dataOnly(l, f.Figure), "claimant", f.Claimant, "n", n)
	}
	return l.T("static.reported", "date", date, "figure", dataOnly(l, f.Figure), "claimant", f.Claimant)
}

// handleStaticPNG answers GET /static.png: a picture of the map (countries,
// the frontier by status, the clashes and deployments up to the date, the
// names, a scale bar and the locator) drawn on the server, for og:image,
// the oEmbed thumbnail and print. It is cached like tiles: by dataset
// version, the change state the date falls in, the day (written in the
// caption), the view, the selection, the size and the language.
func (s *Server) handleStaticPNG(c echo.Context) error {
	req, key, err := s.staticRequest(c)
	if err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(key))
	etag := `"p2-` + hex.EncodeToString(sum[:12]) + `"`
	hd := c.Response().Header()
	hd["Cache-Control"] = s.tileCacheControl
	langHeaders(c, s.locale(c))
	hd.Set("ETag", etag)
	if etagMatches(c.Request().Header.Get("If-None-Match"), etag) {
		return c.NoContent(http.StatusNotModified)
	}
	body, err := s.pictures.PNG(c.Request().Context(), key, req)
	if err != nil {
		return err
	}
	hd.Set("X-Content-Type-Options", "nosniff")
	return c.Blob(http.StatusOK, "image/png", body)
}

// staticRequest reads /static.png's parameters into the picture to draw
// and the key it is cached by.
func (s *Server) staticRequest(c echo.Context) (staticmap.Request, string, error) {
	var req staticmap.Request
	q := c.QueryParams()
	if err := checkParams(q, staticParams...); err != nil {
		return req, "", err
	}
	dt, hasDT := q["datetime"]
	if d, ok := q["date"]; ok {
		if hasDT {
			return req, "", &ParamError{Param: "date", Detail: "give datetime or date, not both"}
		}
		dt, hasDT = d, true
	}
	vq := q
	if hasDT {
		// The view's date is checked as datetime below; the state parser
		// sees the rest.
		vq = cloneWithout(q, "date", "datetime")
	}
	v, err := parseViewState(vq)
	if err != nil {
		return req, "", err
	}
	w, err := sideParam(q, "width", defaultPictureWidth)
	if err != nil {
		return req, "", err
	}
	h, err := sideParam(q, "height", defaultPictureHeight)
	if err != nil {
		return req, "", err
	}
	now := s.now()
	asOf := now
	if hasDT {
		iv, err := parseDatetime(dt[0])
		if err != nil {
			return req, "", err
		}
		asOf = iv.AsOf(now)
	}
	ctx := c.Request().Context()
	view, err := s.tiles.ViewAt(ctx, asOf)
	if err != nil {
		return req, "", err
	}
	day := asOf.UTC().Format("2006-01-02")
	figs, err := s.store.Reported(ctx)
	if err != nil {
		return req, "", fmt.Errorf("reported figures: %w", err)
	}
	l := s.locale(c)
	_, selected, _ := strings.Cut(v.Sel, ":")
	req = staticmap.Request{
		Width:    w,
		Height:   h,
		Fit:      view.Frontier,
		AsOf:     view.Instant,
		Caption:  staticCaption(l, day, reportedCaption(l, figs, asOf)),
		Legend:   map[geo.Status]string{geo.Contested: l.T("status.contested"), geo.Delimited: l.T("status.delimited")},
		Names:    staticNames{l},
		Selected: selected,
		Layers: staticmap.Layers{
			Frontier: v.shows("frontier"), Clashes: v.shows("clashes"), Deployments: v.shows("deployments"),
			Places: v.shows("places"), Countries: v.shows("countries"),
		},
	}
	// A view with its size is an area, fitted to the picture as the
	// frontier is; an older link's centre and zoom are kept as given.
	if area, ok := v.area(); ok {
		req.Fit = area
	} else if v.Map != "" {
		req.Center, req.Zoom = orb.Point{v.Lon, v.Lat}, max(v.Zoom, 0.001)
	}
	// The language of the caption and the names is in the key; without
	// lang= it comes from Accept-Language, which the answer then varies
	// by. The selection orders the names.
	key := strings.Join([]string{view.Version, view.State.String(), day, v.Map, v.Size, strings.Join(v.Layers, ","), v.Sel, strconv.Itoa(w), strconv.Itoa(h), l.Code}, "\x00")
	return req, key, nil
}

// staticNames writes the picture's names in l as the page's labels do
// (web/ui/cartography.js): countries by the catalog's country words,
// places by placeName, the enclave marked as one.
type staticNames struct{ l *i18n.Locale }

func (n staticNames) Country(name string) string {
	t, _ := dataWord(n.l, "country", name)
	return t
}

func (n staticNames) Place(p geo.Place, enclave bool) string {
	name := placeName(n.l, p.Name, p.Spellings)
	if enclave {
		return n.l.T("map.enclave", "name", name)
	}
	return name
}

// Length writes the scale's length as Leaflet's scale control does:
// metres below a kilometre, else whole kilometres.
func (n staticNames) Length(m float64) string {
	if m < 1000 {
		return n.l.T("static.scale_m", "n", n.l.Number(m, 0))
	}
	return n.l.T("static.scale_km", "n", n.l.Number(m/1000, 0))
}

func cloneWithout(q map[string][]string, names ...string) map[string][]string {
	out := make(map[string][]string, len(q))
	for k, v := range q {
		out[k] = v
	}
	for _, n := range names {
		delete(out, n)
	}
	return out
}

// sideParam reads a picture side in pixels.
func sideParam(q map[string][]string, name string, def int) (int, error) {
	v, ok := q[name]
	if !ok {
		return def, nil
	}
	n, err := strconv.Atoi(v[0])
	if err != nil || n < staticmap.MinSide || n > maxPictureSide {
		return 0, &ParamError{Param: name, Detail: fmt.Sprintf("want a whole number of pixels from %d to %d", staticmap.MinSide, maxPictureSide)}
	}
	return n, nil
}
