package web

import (
	"fmt"
	"html/template"
	"net/url"
	"strings"
	"time"
	"unicode"

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
		// The bundled data's texts in l (or the language it falls back
		// to), for the page's script.
		"dataTable":     l.Data,
		"dataTableLang": l.DataLang,
		"num":           func(x float64) string { return l.Number(x, 1) },
		"date":          func(v any) string { return dateIn(l, v) },
		// dateAt writes a day at its precision (a week, a month).
		"dateAt": func(d geo.Date, p geo.TimePrecision) string { return l.Date(d.Time(), i18n.Precision(p)) },
		"dateRange": func(start, end geo.Date) string {
			return l.DateRange(start.Time(), end.Time(), i18n.Precision(geo.PrecisionDay))
		},
		"linkTitle": func(k link) cell { return linkTitle(l, k) },
		"data":      func(english string) string { return dataOnly(l, english) },
		"dataLang":  func(english string) string { _, lang := dataText(l, english); return lang },
	}
}

// dateIn writes a day (a geo.Date, a time or an ISO string) in l's long
// form.
func dateIn(l *i18n.Locale, v any) string {
	switch v := v.(type) {
	case geo.Date:
		return l.Date(v.Time(), i18n.Precision(geo.PrecisionDay))
	case time.Time:
		if v.IsZero() {
			return ""
		}
		return l.Date(v, i18n.Precision(geo.PrecisionDay))
	case string:
		return l.ISODate(v, i18n.Precision(geo.PrecisionDay))
	}
	return ""
}

// dataWord writes a word of the data's vocabulary (a status, an event
// type, a country) in l from its family's keys ("status.contested",
// "event_type.explosions_remote_violence"); lang is "" when it is in l's
// language, else that of the word as the data has it ("en").
func dataWord(l *i18n.Locale, family, word string) (text, lang string) {
	if word == "" {
		return "", ""
	}
	key := family + "." + i18n.Slug(word)
	if l.Has(key) {
		return l.T(key), ""
	}
	if l.Code == "en" {
		return word, ""
	}
	return word, "en"
}

// placeName names a gazetteer place in l as the page's placeNameText
// does: in English the name the gazetteer leads with, elsewhere the first
// Cyrillic spelling it gives (Frontier does not invent spellings), else
// the English name.
func placeName(l *i18n.Locale, name string, spellings []string) string {
	if l.Code == "en" {
		return name
	}
	for _, s := range spellings {
		if strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) {
			return s
		}
	}
	return name
}

// dataText writes a text of the bundled data (a title, a sector, a key
// date's label) in l from the data's translation table, or as the data
// has it; lang is "" when it is in l's language.
func dataText(l *i18n.Locale, english string) (text, lang string) {
	t, tl := l.DataText(english)
	if tl == l.Code {
		return t, ""
	}
	return t, tl
}

// dataOnly is dataText's text alone, for an attribute or a header that cannot
// carry a lang of its own.
func dataOnly(l *i18n.Locale, english string) string {
	t, _ := dataText(l, english)
	return t
}

// wordCell and dataCell are table cells of dataWord and dataText.
func wordCell(l *i18n.Locale, family, word string) cell {
	t, lang := dataWord(l, family, word)
	return cell{Text: t, Lang: lang}
}

func dataCell(l *i18n.Locale, english string) cell {
	t, lang := dataText(l, english)
	return cell{Text: t, Lang: lang}
}

// collTitle is a collection's title in l.
func collTitle(l *i18n.Locale, coll *collection) string {
	if k := "collection_title." + coll.ID; l.Has(k) {
		return l.T(k)
	}
	return coll.Title
}

// precisionLabel says in l how exactly a feature is located, from its
// geo_precision (geo.GeoPrecision's wording in English).
func precisionLabel(l *i18n.Locale, p map[string]any) string {
	n, ok := p["geo_precision"].(int)
	if !ok {
		return propText(p["geo_precision_label"])
	}
	return l.T(fmt.Sprintf("precision.%d", n))
}

// linkTitle is a link's title as an HTML page in l lists it: the API's
// English titles have catalog keys by their words (link_title.*), a
// collection's link is named as its table is; a title without a key
// stays English, marked as such.
func linkTitle(l *i18n.Locale, k link) cell {
	if k.Rel == "collection" {
		for _, coll := range geo.Collections() {
			if coll.Title == k.Title {
				return cell{Text: collTitle(l, &collection{Collection: coll})}
			}
		}
	}
	title := k.Title
	if title == "" {
		title = k.Rel
	}
	text, lang := dataWord(l, "link_title", title)
	return cell{Text: text, Lang: lang}
}
