package web

import (
	"fmt"
	"math"
	"mime"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"github.com/frontier-map/frontier/geo"
)

// format is a representation a resource can be served in, as the f
// parameter names it.
type format string

const (
	formatJSON format = "json"
	formatHTML format = "html"
	formatCSV  format = "csv"
)

// Paging limits: OGC API – Features asks for a default and a maximum, and
// for a larger limit to be clamped, not refused. 10000 holds the whole
// frontier and every layer but the country polygons in one page.
const (
	defaultLimit = 100
	maxLimit     = 10000
)

// checkParams refuses a query parameter the route does not declare, and
// any parameter given twice: OGC API – Features asks for a 400 rather than
// an answer that silently ignores part of the question.
func checkParams(q url.Values, allowed ...string) error {
	names := make([]string, 0, len(q))
	for name := range q {
		names = append(names, name)
	}
	slices.Sort(names) // the same request names the same parameter first
	for _, name := range names {
		if !slices.Contains(allowed, name) {
			return &ParamError{Param: name, Detail: fmt.Sprintf("unknown parameter; this resource takes %s", listOrNone(allowed))}
		}
		if len(q[name]) > 1 {
			return &ParamError{Param: name, Detail: "given more than once"}
		}
	}
	return nil
}

// pageParams are what a resource offered as an HTML page takes: f, and
// lang, the page's language. Its JSON ignores lang, so that a link that
// keeps the reader's language into another representation still answers.
var pageParams = []string{"f", "lang"}

// checkQuery is checkParams for a resource answered in format f. An HTML
// page is opened by people from shared links, which carry parameters no
// one asked this server for (fbclid, utm_*, gclid): a page ignores the
// names it does not know. JSON, CSV and the rest keep OGC's strict 400.
func checkQuery(f format, q url.Values, allowed ...string) error {
	if f == formatHTML {
		q = known(q, allowed)
	}
	return checkParams(q, allowed...)
}

// known returns the parameters of q that are among names.
func known(q url.Values, names []string) url.Values {
	out := url.Values{}
	for name, v := range q {
		if slices.Contains(names, name) {
			out[name] = v
		}
	}
	return out
}

func listOrNone(names []string) string {
	if len(names) == 0 {
		return "no parameters"
	}
	return strings.Join(names, ", ")
}

// mediaTypes are the Accept types the format answers to.
func (f format) mediaTypes() []string {
	switch f {
	case formatJSON:
		return []string{"application/geo+json", "application/json", "application/vnd.oai.openapi+json"}
	case formatHTML:
		return []string{"text/html", "application/xhtml+xml"}
	case formatCSV:
		return []string{"text/csv"}
	}
	return nil
}

// negotiate picks the representation: the f parameter when given (an f
// the resource does not offer is a 400), otherwise the Accept header's
// preferred type among those offered, otherwise the first offered. An
// Accept naming nothing offered gets the default rather than a 406, the
// way most OGC API servers answer.
func negotiate(c echo.Context, offered ...format) (format, error) {
	if f, ok := c.QueryParams()["f"]; ok {
		want := format(strings.ToLower(f[0]))
		if !slices.Contains(offered, want) {
			return "", &ParamError{Param: "f", Detail: fmt.Sprintf("%q is not offered here; use one of %s", f[0], formatList(offered))}
		}
		return want, nil
	}
	best, bestQ := offered[0], 0.0
	for _, f := range offered {
		if q := acceptQ(c.Request().Header.Get(echo.HeaderAccept), f); q > bestQ {
			best, bestQ = f, q
		}
	}
	return best, nil
}

func formatList(fs []format) string {
	s := make([]string, len(fs))
	for i, f := range fs {
		s[i] = string(f)
	}
	return strings.Join(s, ", ")
}

// acceptQ is the quality the Accept header gives format f: that of the
// most specific media range matching one of f's types (RFC 9110, 12.5.1).
func acceptQ(accept string, f format) float64 {
	q, specificity := 0.0, -1
	for part := range strings.SplitSeq(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		spec := -1
		for _, t := range f.mediaTypes() {
			typ, _, _ := strings.Cut(t, "/")
			switch {
			case mt == t:
				spec = max(spec, 2)
			case mt == typ+"/*":
				spec = max(spec, 1)
			case mt == "*/*":
				spec = max(spec, 0)
			}
		}
		if spec < specificity || spec < 0 {
			continue
		}
		pq := 1.0
		if v, ok := params["q"]; ok {
			if x, err := strconv.ParseFloat(v, 64); err == nil && x >= 0 && x <= 1 {
				pq = x
			}
		}
		if spec > specificity || pq > q {
			q, specificity = pq, spec
		}
	}
	return q
}

// parseBBox reads the bbox parameter: lon/lat (CRS84) as
// minLon,minLat,maxLon,maxLat, or the six-number 3D form OGC API – Features
// also allows, whose heights are checked and then ignored (the data is
// flat). What a valid box is, and what meeting it means, is geo's
// (CheckBBox, Meets).
func parseBBox(s string) (orb.Bound, error) {
	fail := func(detail string) (orb.Bound, error) {
		return orb.Bound{}, &ParamError{Param: "bbox", Detail: detail}
	}
	parts := strings.Split(s, ",")
	if len(parts) != 4 && len(parts) != 6 {
		return fail(fmt.Sprintf("want 4 numbers minLon,minLat,maxLon,maxLat (or 6 with heights), got %d", len(parts)))
	}
	v := make([]float64, len(parts))
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return fail(fmt.Sprintf("%q is not a finite number", p))
		}
		v[i] = x
	}
	if len(v) == 6 {
		if v[2] > v[5] {
			return fail("the minimum height is above the maximum")
		}
		v = []float64{v[0], v[1], v[3], v[4]}
	}
	b := orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}
	if err := geo.CheckBBox(b); err != nil {
		return fail(reason(err, geo.ErrBBox))
	}
	return b, nil
}

// parseLimit reads limit: a whole number from 1; above maxLimit it is
// clamped, as OGC API – Features requires.
func parseLimit(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange && !strings.HasPrefix(s, "-") {
			return maxLimit, nil
		}
		return 0, &ParamError{Param: "limit", Detail: fmt.Sprintf("%q is not a whole number", s)}
	}
	if n < 1 {
		return 0, &ParamError{Param: "limit", Detail: fmt.Sprintf("%d is below the minimum of 1", n)}
	}
	return min(n, maxLimit), nil
}

// parseOffset reads offset: a whole number from 0.
func parseOffset(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, &ParamError{Param: "offset", Detail: fmt.Sprintf("%q is not a whole number of at least 0", s)}
	}
	return n, nil
}

// maxText is the longest free text q takes, in characters: a name or a
// few words, not a document.
const maxText = 100

// parseText reads q, the free-text search.
func parseText(s string) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", &ParamError{Param: "q", Detail: "empty value; give a word or name to look for"}
	case utf8.RuneCountInString(s) > maxText:
		return "", &ParamError{Param: "q", Detail: fmt.Sprintf("longer than %d characters", maxText)}
	}
	return s, nil
}

// parseDatetime reads datetime as geo.ParseInterval does.
func parseDatetime(s string) (geo.Interval, error) {
	iv, err := geo.ParseInterval(s)
	if err != nil {
		return geo.Interval{}, &ParamError{Param: "datetime", Detail: reason(err, geo.ErrInterval) +
			"; want an RFC 3339 date or instant (2022-09-16, 2022-09-16T10:00:00Z), or an interval a/b, ../b or a/..", Err: err}
	}
	return iv, nil
}

// itemsQuery is a checked /collections/{id}/items request.
type itemsQuery struct {
	format format
	bbox   *orb.Bound
	time   *geo.Interval
	limit  int
	offset int
	// after is the id the page starts after (keyset paging).
	after string
	// props are the property filters given, by name.
	props map[string]string
	// text is the free-text search (q), for a collection with Search.
	text string
	// raw is the query as given, from which paging links are built.
	raw url.Values
	// flat asks for every property as a scalar (flat.go).
	flat bool
}

// parseItemsQuery checks an items request against the collection's
// parameters.
func parseItemsQuery(c echo.Context, coll *collection) (itemsQuery, error) {
	q := c.QueryParams()
	// Every items resource takes these; each collection adds its filters.
	allowed := []string{"bbox", "datetime", "limit", "offset", "after", "f", "lang", "flat"}
	for _, p := range coll.Queryables {
		allowed = append(allowed, p.Name)
	}
	if len(coll.Search) > 0 {
		allowed = append(allowed, "q")
	}
	out := itemsQuery{limit: defaultLimit, props: map[string]string{}}
	var err error
	if out.format, err = negotiate(c, formatJSON, formatHTML, formatCSV); err != nil {
		return itemsQuery{}, err
	}
	if err := checkQuery(out.format, q, allowed...); err != nil {
		return itemsQuery{}, err
	}
	if out.format == formatHTML {
		// Paging links drop what the page ignored.
		q = known(q, allowed)
	}
	out.raw = q
	if out.flat, err = parseFlat(q, out.format); err != nil {
		return itemsQuery{}, err
	}
	if v, ok := q["bbox"]; ok {
		b, err := parseBBox(v[0])
		if err != nil {
			return itemsQuery{}, err
		}
		out.bbox = &b
	}
	if v, ok := q["datetime"]; ok {
		iv, err := parseDatetime(v[0])
		if err != nil {
			return itemsQuery{}, err
		}
		out.time = &iv
	}
	if v, ok := q["limit"]; ok {
		if out.limit, err = parseLimit(v[0]); err != nil {
			return itemsQuery{}, err
		}
	}
	if v, ok := q["offset"]; ok {
		if out.offset, err = parseOffset(v[0]); err != nil {
			return itemsQuery{}, err
		}
	}
	if v, ok := q["after"]; ok {
		if v[0] == "" {
			return itemsQuery{}, &ParamError{Param: "after", Detail: "empty value; give the id of the last feature of the page before"}
		}
		out.after = v[0]
	}
	if v, ok := q["q"]; ok {
		if out.text, err = parseText(v[0]); err != nil {
			return itemsQuery{}, err
		}
	}
	for _, p := range coll.Queryables {
		v, ok := q[p.Name]
		if !ok {
			continue
		}
		if err := p.Check(v[0]); err != nil {
			return itemsQuery{}, &ParamError{Param: p.Name, Detail: err.Error()}
		}
		out.props[p.Name] = v[0]
	}
	return out, nil
}
