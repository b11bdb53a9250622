package web

import (
	"html/template"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/frontier-map/frontier/geo"
	"github.com/frontier-map/frontier/i18n"
)

// locale picks the language of a page for people: the lang parameter when
// it names one of Frontier's languages, else the reader's Accept-Language,
// else English. (The map page's script also reads lang from the fragment,
// which wins, and asks the server again for that language.)
func (s *Server) locale(c echo.Context) *i18n.Locale {
	if l, ok := s.words.Locale(c.QueryParam("lang")); ok {
		return l
	}
	return s.words.Match(c.Request().Header.Get("Accept-Language"))
}

// langChosen reports whether the request named its language (lang=), so
// that the page keeps it in its permalink; one chosen by Accept-Language
// is the reader's own and is not passed on to whoever opens a shared link.
func (s *Server) langChosen(c echo.Context) bool {
	_, ok := s.words.Locale(c.QueryParam("lang"))
	return ok
}

// langHeaders say which language the answer is in, and that it depends
// on Accept-Language, so that no cache hands a Russian page to an
// English reader.
func langHeaders(c echo.Context, l *i18n.Locale) {
	h := c.Response().Header()
	h.Set("Content-Language", l.Code)
	h.Add(echo.HeaderVary, "Accept-Language")
}

// langLink is one of a page's other languages: the
// <link rel="alternate" hreflang> in its head and the switcher's entries.
type langLink struct {
	Code, Name, Href string
	Current          bool
}

// langLinks are the page's URL in each of Frontier's languages: the
// request's path and query at base, with lang set.
func (s *Server) langLinks(c echo.Context, base string, cur *i18n.Locale) []langLink {
	r := c.Request()
	q := r.URL.Query()
	var out []langLink
	for _, code := range i18n.Codes {
		l, _ := s.words.Locale(code)
		q.Set("lang", code)
		u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
		out = append(out, langLink{Code: code, Name: l.T("lang.name"), Href: base + u.String(), Current: code == cur.Code})
	}
	return out
}

// templateFuncs are the functions every template of language l calls:
// t for a message, lang for its code, date and num for its notation.
func templateFuncs(l *i18n.Locale) template.FuncMap {
	return template.FuncMap{
		"t":        l.T,
		"lang":     func() string { return l.Code },
		"messages": l.Messages,
		"num":      func(x float64) string { return l.Number(x, 1) },
		"date":     func(v any) string { return dateIn(l, v) },
	}
}

// dateIn writes a day (a geo.Date, a time or an ISO string) in l's long
// form.
func dateIn(l *i18n.Locale, v any) string {
	switch v := v.(type) {
	case geo.Date:
		return l.Date(v.Time(), i18n.Precision(geo.PrecisionDay))
	case time.Time:
		return l.Date(v, i18n.Precision(geo.PrecisionDay))
	case string:
		return l.ISODate(v, i18n.Precision(geo.PrecisionDay))
	}
	return ""
}
