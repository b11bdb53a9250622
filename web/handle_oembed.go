package web

import (
	"errors"
	"fmt"
	"html"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

// The embed's size when the consumer sets no bound: the snippet's height,
// and a width that suits an article's column.
const (
	oembedWidth  = 800
	oembedHeight = 500
	// oembedCacheAge is how long a consumer may keep an answer: the
	// snippet for a URL only changes when Frontier's does.
	oembedCacheAge = 86400
)

// oembed is an oEmbed 1.0 response of type rich (oembed.com, section 2.3.4).
type oembed struct {
	Type            string `json:"type"`
	Version         string `json:"version"`
	Title           string `json:"title"`
	ProviderName    string `json:"provider_name"`
	ProviderURL     string `json:"provider_url"`
	CacheAge        int    `json:"cache_age"`
	HTML            string `json:"html"`
	Width           int    `json:"width"`
	Height          int    `json:"height"`
	ThumbnailURL    string `json:"thumbnail_url,omitempty"`
	ThumbnailWidth  int    `json:"thumbnail_width,omitempty"`
	ThumbnailHeight int    `json:"thumbnail_height,omitempty"`
}

// handleOEmbed answers GET /oembed?url=&maxwidth=&maxheight=&format=json
// for a URL of this server's map: the page (its state in the fragment) or
// the embed (its state and flags in the query). A CMS that finds the
// discovery link, or knows Frontier, turns a pasted link into the embed.
func (s *Server) handleOEmbed(c echo.Context) error {
	q := c.QueryParams()
	if err := checkParams(q, "url", "maxwidth", "maxheight", "format"); err != nil {
		return err
	}
	if f := q.Get("format"); f != "" && f != "json" {
		return &NotImplementedError{What: fmt.Sprintf("oEmbed format %q; this provider answers json only", f)}
	}
	raw := q.Get("url")
	if raw == "" {
		return &ParamError{Param: "url", Detail: "required: the URL of a map on this server"}
	}
	maxW, err := boundParam(q, "maxwidth")
	if err != nil {
		return err
	}
	maxH, err := boundParam(q, "maxheight")
	if err != nil {
		return err
	}
	base, err := s.baseURL(c)
	if err != nil {
		return err
	}
	v, flags, err := mapURLState(base, raw)
	if err != nil {
		return err
	}

	w, h := oembedWidth, oembedHeight
	if maxW > 0 {
		w = min(w, maxW)
	}
	if maxH > 0 {
		h = min(h, maxH)
	}
	meta, err := s.store.Meta(c.Request().Context())
	if err != nil {
		return err
	}
	l := s.words.English()
	if v.Lang != "" {
		l, _ = s.words.Locale(v.Lang)
	}
	e := embedOf(l, base, meta, v, flags)
	body := oembed{
		Type:         "rich",
		Version:      "1.0",
		Title:        e.Title,
		ProviderName: "Frontier",
		ProviderURL:  base + "/",
		CacheAge:     oembedCacheAge,
		HTML:         embedSnippet(base, e.URL, l.T("embed.frame_title", "title", e.Title), w, h),
		Width:        w,
		Height:       h,
	}
	// The thumbnail keeps the picture's 1200×630 shape inside the bounds;
	// under the smallest picture there is none (its fields are optional).
	tw, th := defaultPictureWidth, defaultPictureHeight
	if maxW > 0 && tw > maxW {
		tw, th = maxW, maxW*defaultPictureHeight/defaultPictureWidth
	}
	if maxH > 0 && th > maxH {
		tw, th = maxH*defaultPictureWidth/defaultPictureHeight, maxH
	}
	if tw >= 16 && th >= 16 {
		img := base + "/static.png?"
		if qs := v.query("datetime"); len(qs) > 0 {
			img += strings.Join(qs, "&") + "&"
		}
		body.ThumbnailURL = img + fmt.Sprintf("width=%d&height=%d", tw, th)
		body.ThumbnailWidth, body.ThumbnailHeight = tw, th
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=3600")
	return writeJSON(c, "application/json; charset=utf-8", body)
}

// boundParam reads maxwidth or maxheight: a positive whole number, or 0
// when absent.
func boundParam(q url.Values, name string) (int, error) {
	s, ok := q[name]
	if !ok {
		return 0, nil
	}
	n, err := strconv.Atoi(s[0])
	if err != nil || n < 1 {
		return 0, &ParamError{Param: name, Detail: "want a positive whole number of pixels"}
	}
	return n, nil
}

// mapURLState reads the state from a URL of this server's map: the page
// (state in the fragment) or /embed (state and flags in the query). Any
// other URL is a NotFoundError, as the oEmbed spec asks.
func mapURLState(base, raw string) (viewState, embedFlags, error) {
	notOurs := &NotFoundError{What: fmt.Sprintf("map of this server at %q (want %s/ or %s/embed, with the state in the fragment or the query)", raw, base, base)}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.User != nil {
		return viewState{}, embedFlags{}, notOurs
	}
	b, _ := url.Parse(base)
	// http and https name the same map: a CMS may be given either.
	if !strings.EqualFold(u.Host, b.Host) {
		return viewState{}, embedFlags{}, notOurs
	}
	rest, ok := strings.CutPrefix(u.EscapedPath(), strings.TrimRight(b.EscapedPath(), "/"))
	if !ok {
		return viewState{}, embedFlags{}, notOurs
	}
	var stateQ url.Values
	flags := embedFlags{Dark: "auto", Legend: true, Controls: true}
	switch rest {
	case "", "/", "/embed":
		// The page takes lang (and the state) as a query too; the embed
		// its state and flags. Both let a fragment win over the query.
		stateQ, err = url.ParseQuery(u.RawQuery)
		if _, ogc := stateQ["f"]; err == nil && ogc && rest != "/embed" {
			// /?f=html is the OGC landing page, not the map.
			return viewState{}, embedFlags{}, notOurs
		}
		if err == nil && rest == "/embed" {
			flags, err = parseEmbedFlags(stateQ)
		}
		if err == nil && u.Fragment != "" {
			var fq url.Values
			if fq, err = url.ParseQuery(u.Fragment); err == nil {
				// The fragment's view replaces the query's whole: a map
				// without size is not the query's area.
				if fq.Has("map") {
					stateQ.Del("size")
				}
				for k, vs := range fq {
					stateQ[k] = vs
				}
			}
		}
	default:
		return viewState{}, embedFlags{}, notOurs
	}
	if err != nil {
		return viewState{}, embedFlags{}, notOurs
	}
	v, err := parseViewState(stateQ)
	if err != nil {
		var pe *ParamError
		if errors.As(err, &pe) {
			notOurs.What += ": " + pe.paramDetail()
		}
		return viewState{}, embedFlags{}, notOurs
	}
	return v, flags, nil
}

// embedSnippet is the HTML of the embed: the iframe and the one-line
// script that sets its height from the embed's postMessage (the same as
// web/ui/embed-dialog.js writes).
func embedSnippet(base, src, title string, w, h int) string {
	origin := base
	if u, err := url.Parse(base); err == nil {
		origin = u.Scheme + "://" + u.Host
	}
	return fmt.Sprintf(`<iframe src="%s" title="%s" width="%d" height="%d" loading="lazy" allow="fullscreen" allowfullscreen style="border:0;max-width:100%%" data-frontier-embed></iframe>`,
		html.EscapeString(src), html.EscapeString(title), w, h) +
		`<script>window.addEventListener("message",function(e){var d=e.data,h,k;if(e.origin!==` + strconv.Quote(origin) + `||!d||typeof d!=="object"||!d["datawrapper-height"])return;for(k in d["datawrapper-height"])h=+d["datawrapper-height"][k];if(!(h>0&&h<10000))return;document.querySelectorAll("iframe[data-frontier-embed]").forEach(function(f){if(f.contentWindow===e.source)f.style.height=h+"px"})});</script>`
}
