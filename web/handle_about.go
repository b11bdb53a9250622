package web

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/frontier-map/frontier/geo"
)

// /about and /meta: what the dataset says of itself, its sources and
// their grades, as a page for people and as JSON for the map.

// aboutCSP is that of the sources page, which has no script at all; its
// styles are the layout's inline block, shared with the OGC pages.
const aboutCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"

// aboutBody is the sources and method page.
type aboutBody struct {
	Meta     geo.Meta
	Sources  []geo.Source
	Official geo.Source
	// Reported are every reported figure, earliest first.
	Reported []reportedFigure
	// Grades explain the research notes' grades, A to C.
	Grades []gradeNote
}

// gradeNote is one reliability grade and what it means.
type gradeNote struct{ Grade, Means string }

// sourceGrades are the research notes' own definitions of the grades.
var sourceGrades = []gradeNote{
	{"A", "a primary or official statement, Human Rights Watch, or several independent outlets that agree"},
	{"B", "one reputable outlet or a wire copy"},
	{"C", "a mirror, an aggregator or a non-English secondary page, or figures that disagree"},
}

// handleAbout answers GET /about: every source the store holds and what
// the dataset says of its own limits, without script.
func (s *Server) handleAbout(c echo.Context) error {
	base, meta, srcs, err := s.aboutRequest(c, formatHTML)
	if err != nil {
		return err
	}
	slices.SortStableFunc(srcs, func(a, b geo.Source) int { return compareSourceIDs(a.ID, b.ID) })
	figs, err := s.store.Reported(c.Request().Context())
	if err != nil {
		return fmt.Errorf("reported figures: %w", err)
	}
	idx := (geo.Dataset{Sources: srcs}).Index()
	body := aboutBody{Meta: meta, Sources: srcs, Grades: sourceGrades}
	body.Official = idx[meta.OfficialLengthSource]
	body.Reported, _ = reportedUpTo(figs, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), idx)
	links := []link{
		{Href: base + "/", Rel: "related", Type: typeHTML, Title: "the map"},
		{Href: base + "/meta", Rel: "describedby", Type: typeJSON, Title: "the same as JSON"},
		{Href: base + "/changes.atom", Rel: "alternate", Type: typeAtom, Title: "corrections and changes (Atom)"},
	}
	h := c.Response().Header()
	h.Set("Content-Security-Policy", aboutCSP)
	return s.writeHTML(c, "about", page{Title: s.locale(c).T("nav.about"), Base: base, Links: links, Body: body})
}

// metaAndSources reads what the dataset says of itself and every source it
// cites: the sources page, /meta and /stats all show both.
func (s *Server) metaAndSources(ctx context.Context) (geo.Meta, []geo.Source, error) {
	meta, err := s.store.Meta(ctx)
	if err != nil {
		return meta, nil, err
	}
	srcs, err := s.store.Sources(ctx)
	if err != nil {
		return meta, nil, fmt.Errorf("sources: %w", err)
	}
	return meta, srcs, nil
}

// aboutRequest reads a request for /about or /meta, which take f alone (def
// when the request names no format; the page also takes lang), and what
// the dataset says of itself.
func (s *Server) aboutRequest(c echo.Context, def format) (string, geo.Meta, []geo.Source, error) {
	f, err := negotiate(c, def)
	if err != nil {
		return "", geo.Meta{}, nil, err
	}
	allowed := []string{"f"}
	if def == formatHTML {
		allowed = pageParams
	}
	if err := checkQuery(f, c.QueryParams(), allowed...); err != nil {
		return "", geo.Meta{}, nil, err
	}
	base, err := s.baseURL(c)
	if err != nil {
		return "", geo.Meta{}, nil, err
	}
	meta, srcs, err := s.metaAndSources(c.Request().Context())
	return base, meta, srcs, err
}

// compareSourceIDs orders S2 before S10, and names without a number
// (SEED) after the numbered ones.
func compareSourceIDs(a, b string) int {
	num := func(s string) (int, bool) {
		if !strings.HasPrefix(s, "S") || len(s) < 2 {
			return 0, false
		}
		n := 0
		for _, r := range s[1:] {
			if r < '0' || r > '9' {
				return 0, false
			}
			n = n*10 + int(r-'0')
		}
		return n, true
	}
	na, oka := num(a)
	nb, okb := num(b)
	switch {
	case oka && okb:
		return na - nb
	case oka:
		return -1
	case okb:
		return 1
	}
	return strings.Compare(a, b)
}

// metaBody is the dataset's description with its sources, for the map's
// milestones and source links.
type metaBody struct {
	geo.Meta
	Sources []geo.Source `json:"sources"`
	Links   []link       `json:"links"`
}

// handleMeta answers GET /meta.
func (s *Server) handleMeta(c echo.Context) error {
	base, meta, srcs, err := s.aboutRequest(c, formatJSON)
	if err != nil {
		return err
	}
	return writeJSON(c, typeJSON, metaBody{Meta: meta, Sources: srcs, Links: []link{
		{Href: base + "/meta", Rel: "self", Type: typeJSON, Title: "this document"},
		{Href: base + "/about", Rel: "alternate", Type: typeHTML, Title: "the sources and method page"},
	}})
}
