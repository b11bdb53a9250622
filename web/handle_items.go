package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/maypok86/otter/v2"

	"github.com/frontier-map/frontier/geo"
	"github.com/frontier-map/frontier/i18n"
)

// featureCollection is the items response: a GeoJSON FeatureCollection
// with the members OGC API – Features adds.
type featureCollection struct {
	Type           string         `json:"type"`
	Features       []*geo.Feature `json:"features"`
	NumberMatched  int            `json:"numberMatched"`
	NumberReturned int            `json:"numberReturned"`
	TimeStamp      string         `json:"timeStamp"`
	Links          []link         `json:"links"`
}

// itemsPage is what the HTML table of a page of items shows.
type itemsPage struct {
	Collection     *collection
	Caption        string
	Rows           []row
	NumberMatched  int
	NumberReturned int
	First, Last    int
	Next, Prev     string
	AsOf           string
	// Colspan spans the id and every column, for the "no feature" row.
	Colspan int
}

// handleItems answers GET /collections/{collectionId}/items: the features
// meeting bbox, datetime and the property filters, one page at a time.
// The store pages, filters and counts (numberMatched is exact); the page
// rendered is kept in the response cache under everything it depends on,
// and served gzipped to clients that take it, with a strong ETag.
func (s *Server) handleItems(c echo.Context) error {
	coll, err := s.collection(c.Param("collectionId"))
	if err != nil {
		return err
	}
	if c.QueryParams().Has("state") {
		return s.handleDraftItems(c, coll)
	}
	q, err := parseItemsQuery(c, coll)
	if err != nil {
		return err
	}
	base, err := s.baseURL(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	version, err := s.version(ctx)
	if err != nil {
		return err
	}
	now := s.now()
	// Without datetime nothing is filtered by time and every feature shows
	// its state now.
	view := geo.Instant(now)
	if q.time != nil {
		view = *q.time
	}
	key := itemsKey(version, coll, q, base, view, now)
	var tr *translation
	if q.format == formatHTML {
		l := s.locale(c)
		tr = &translation{locale: l, langs: s.langLinks(c, base, l)}
		key += "\x00" + l.Code
		langHeaders(c, l)
	}
	r, err := s.responses.get(ctx, key, func() (*rendered, error) {
		// One rendering serves every request waiting for it: it
		// finishes even if the request that started it goes away.
		return s.renderItems(context.WithoutCancel(ctx), coll, q, base, view, now, tr)
	})
	if err != nil {
		return err
	}
	if q.format == formatCSV {
		setCSVName(c, coll.ID)
	}
	s.prefetchNext(ctx, coll, q, r, version, base, view, now)
	return serve(c, r)
}

// itemsKey is what a rendered page of items depends on: the dataset
// version, the collection, the representation, the base of its links, the
// query, and, when what it shows moves with the clock (a status as of an
// open end; the HTML table's "as of" line), the second it was asked at.
func itemsKey(version string, coll *collection, q itemsQuery, base string, view geo.Interval, now time.Time) string {
	key := strings.Join([]string{"items", version, coll.ID, string(q.format), base, q.raw.Encode()}, "\x00")
	movesWithClock := !view.AsOf(now).Equal(view.AsOf(now.Add(time.Hour)))
	if movesWithClock && (coll.ShownAsOf || q.format == formatHTML) {
		key += "\x00" + strconv.FormatInt(now.Unix(), 10)
	}
	return key
}

// matched is numberMatched: how many features the query's filters select,
// counted once per dataset version and filter, so that a client walking
// ten thousand pages of one query does not count it ten thousand times.
func (s *Server) matched(ctx context.Context, coll *collection, q itemsQuery, view geo.Interval, now time.Time) (int, error) {
	filters := url.Values{}
	for k, v := range q.raw {
		if k != "limit" && k != "offset" && k != "after" && k != "f" && k != "flat" {
			filters[k] = v
		}
	}
	version, err := s.version(ctx)
	if err != nil {
		return 0, err
	}
	key := strings.Join([]string{version, coll.ID, filters.Encode()}, "\x00")
	if coll.ShownAsOf && !view.AsOf(now).Equal(view.AsOf(now.Add(time.Hour))) {
		key += "\x00" + strconv.FormatInt(now.Unix(), 10) // a status as of now
	}
	return s.counts.Get(ctx, key, otter.LoaderFunc[string, int](func(ctx context.Context, _ string) (int, error) {
		n, err := s.store.Count(ctx, coll.ID, geo.Filter{BBox: q.bbox, Time: q.time, Props: q.props, Text: q.text, Now: now})
		if err != nil {
			return 0, fmt.Errorf("%s: count: %w", coll.ID, err)
		}
		return n, nil
	}))
}

// translation is the language an HTML page is rendered in, and its links
// to the page in the others.
type translation struct {
	locale *i18n.Locale
	langs  []langLink
}

// renderItems reads and renders one page of items (tr is the HTML page's
// language).
func (s *Server) renderItems(ctx context.Context, coll *collection, q itemsQuery, base string, view geo.Interval, now time.Time, tr *translation) (*rendered, error) {
	f := geo.Filter{BBox: q.bbox, Time: q.time, Props: q.props, Text: q.text, Offset: q.offset, After: q.after, Now: now}
	matched, err := s.matched(ctx, coll, q, view, now)
	if err != nil {
		return nil, err
	}
	// Where the page starts among the matches: its offset, past the
	// features up to the key when it pages by key. Counting those costs
	// what they are, so only the table, whose readers see the position,
	// counts them; a client following next links pays for its page alone
	// (and gets no prev link from a page reached by key).
	start := q.offset
	byKey := q.after != "" && q.format != formatHTML
	if q.after != "" && !byKey {
		left, err := s.store.Count(ctx, coll.ID, f)
		if err != nil {
			return nil, fmt.Errorf("%s: count: %w", coll.ID, err)
		}
		start += matched - left
	}
	start = min(start, matched)
	// One feature more than the page tells whether a next page exists.
	f.Limit = q.limit + 1
	pageOf, err := s.features(ctx, coll, f, view, now)
	if err != nil {
		return nil, err
	}
	more := len(pageOf) > q.limit
	pageOf = pageOf[:min(len(pageOf), q.limit)]
	end := start + len(pageOf)

	// Next pages by key: after the last id of this one, so the
	// ten-thousandth page costs what the first does. Prev steps back by
	// offset, which clients follow far less.
	path := "/collections/" + coll.ID + "/items"
	pageLink := func(rel, title string, set func(url.Values)) link {
		return link{Href: href(base, path, pageQuery(q, set)), Rel: rel, Type: q.format.mediaType(true), Title: title}
	}
	links := selfAndAlternates(base, path, q.raw, q.format, true, formatJSON, formatHTML, formatCSV)
	var next, prev *link
	var last string
	if more && len(pageOf) > 0 {
		last = fmt.Sprint(pageOf[len(pageOf)-1].ID)
		l := pageLink("next", "next page", func(v url.Values) { v.Set("after", last) })
		next = &l
		links = append(links, l)
	}
	if start > 0 && !byKey {
		l := pageLink("prev", "previous page", func(v url.Values) { v.Set("offset", strconv.Itoa(max(0, start-q.limit))) })
		prev = &l
		links = append(links, l)
	}
	links = append(links, link{Href: base + "/collections/" + coll.ID, Rel: "collection", Type: typeJSON, Title: coll.Title})

	switch q.format {
	case formatCSV:
		b, err := encodeCSV(coll, pageOf)
		if err != nil {
			return nil, err
		}
		return render(typeCSVUTF8, b)
	case formatHTML:
		l := tr.locale
		at := view.AsOf(now).UTC()
		p := itemsPage{
			Collection:     coll,
			Rows:           tableRows(l, coll, pageOf, base+path),
			NumberMatched:  matched,
			NumberReturned: len(pageOf),
			First:          start + 1,
			Last:           end,
			AsOf:           l.T("items.instant", "date", dateIn(l, at), "time", at.Format("15:04:05")),
			Colspan:        len(coll.Columns) + 1,
		}
		if next != nil {
			p.Next = next.Href
		}
		if prev != nil {
			p.Prev = prev.Href
		}
		title := collTitle(l, coll)
		p.Caption = l.T("items.caption", "title", title, "n", len(pageOf), "total", matched)
		if q.time != nil {
			p.Caption += ", datetime " + q.time.String()
		}
		b, err := s.encodeHTML(tr.locale, "items", page{Title: title, Base: base, Links: links, Body: p, Langs: tr.langs})
		if err != nil {
			return nil, err
		}
		return render(typeHTMLUTF8, b)
	}
	if q.flat {
		if pageOf, err = s.flatFeatures(pageOf); err != nil {
			return nil, err
		}
	}
	b, err := featureCollection{
		Type:           "FeatureCollection",
		Features:       nonNilFeatures(pageOf),
		NumberMatched:  matched,
		NumberReturned: len(pageOf),
		TimeStamp:      now.UTC().Format(time.RFC3339),
		Links:          links,
	}.encode()
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", path, err)
	}
	r, err := render(typeGeoJSON, b)
	if r != nil {
		r.after = last
	}
	return r, err
}

// pageQuery is the query of another page of q's: its filters, format and
// limit, and the paging set gives.
func pageQuery(q itemsQuery, set func(url.Values)) url.Values {
	pq := withF(q.raw, q.format)
	pq.Del("offset")
	pq.Del("after")
	pq.Set("limit", strconv.Itoa(q.limit))
	set(pq)
	return pq
}

// prefetchLimit is the smallest page whose next page is rendered ahead.
const prefetchLimit = 1000

// prefetchNext renders, in the background, the next page of a large JSON
// page just served (r, for q), into the response cache under the key its
// next link will be asked by. A client walking a collection (ogr2ogr with
// -oo PAGE_SIZE=10000) reads and parses one page while the server renders
// the next, instead of each waiting for the other: the server's 0.3 s a
// page of 10,000 leaves the copy's critical path. One page at a time in the
// whole server, and only where the key does not move with the clock, so
// that a render ahead is one the client will find.
func (s *Server) prefetchNext(ctx context.Context, coll *collection, q itemsQuery, r *rendered, version, base string, view geo.Interval, now time.Time) {
	if r.after == "" || q.format != formatJSON || q.limit < prefetchLimit || coll.ShownAsOf || !s.responses.enabled() ||
		!s.prefetching.CompareAndSwap(false, true) {
		return
	}
	nq := q
	nq.offset, nq.after = 0, r.after
	nq.raw = pageQuery(q, func(v url.Values) { v.Set("after", r.after) })
	key := itemsKey(version, coll, nq, base, view, now)
	if s.responses.has(key) {
		s.prefetching.Store(false)
		return
	}
	ctx = context.WithoutCancel(ctx)
	go func() {
		defer s.prefetching.Store(false)
		// An error is the next request's to report, when it renders.
		s.responses.get(ctx, key, func() (*rendered, error) {
			return s.renderItems(ctx, coll, nq, base, view, now, nil)
		})
	}()
}

// encode is fc as encodeJSON writes it, its features written by a
// geo.FeatureWriter: encoding/json would re-read and re-compact each
// feature's bytes as it placed them, the largest cost of a large page.
func (fc featureCollection) encode() ([]byte, error) {
	head, err := encodeJSON(struct {
		Type string `json:"type"`
	}{fc.Type})
	if err != nil {
		return nil, err
	}
	b := make([]byte, 0, 1024*(len(fc.Features)+1))
	b = append(b, head[:len(head)-len("}\n")]...)
	b = append(b, `,"features":[`...)
	var w geo.FeatureWriter
	for i, f := range fc.Features {
		if i > 0 {
			b = append(b, ',')
		}
		if b, err = w.Append(b, f); err != nil {
			return nil, err
		}
	}
	// The members after the features, as encodeJSON writes them, less
	// their opening brace.
	rest, err := encodeJSON(struct {
		NumberMatched  int    `json:"numberMatched"`
		NumberReturned int    `json:"numberReturned"`
		TimeStamp      string `json:"timeStamp"`
		Links          []link `json:"links"`
	}{fc.NumberMatched, fc.NumberReturned, fc.TimeStamp, fc.Links})
	if err != nil {
		return nil, err
	}
	b = append(b, "],"...)
	return append(b, rest[1:]...), nil
}

func nonNilFeatures(fs []*geo.Feature) []*geo.Feature {
	if fs == nil {
		return []*geo.Feature{}
	}
	return fs
}

// handleItem answers GET /collections/{collectionId}/items/{featureId}:
// the feature whose GeoJSON id is featureId, shown as of now. Like a page
// of items, it is rendered once per dataset version and kept in the
// response cache, so reading a feature costs what serving bytes does.
func (s *Server) handleItem(c echo.Context) error {
	coll, err := s.collection(c.Param("collectionId"))
	if err != nil {
		return err
	}
	id, err := url.PathUnescape(c.Param("featureId"))
	if err != nil {
		return &NotFoundError{What: fmt.Sprintf("feature %q in %s", c.Param("featureId"), coll.ID)}
	}
	if c.QueryParams().Has("state") {
		return s.handleDraftItem(c, coll, id)
	}
	f, err := negotiate(c, formatJSON, formatHTML, formatCSV)
	if err != nil {
		return err
	}
	if err := checkQuery(f, c.QueryParams(), slices.Concat(pageParams, []string{"flat"})...); err != nil {
		return err
	}
	flat, err := parseFlat(c.QueryParams(), f)
	if err != nil {
		return err
	}
	base, err := s.baseURL(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	version, err := s.version(ctx)
	if err != nil {
		return err
	}
	now := s.now()
	key := strings.Join([]string{"item", version, coll.ID, id, string(f), base, strconv.FormatBool(flat)}, "\x00")
	if coll.ShownAsOf {
		// Its state as of now moves with the clock.
		key += "\x00" + strconv.FormatInt(now.Unix(), 10)
	}
	var tr *translation
	if f == formatHTML {
		l := s.locale(c)
		tr = &translation{locale: l, langs: s.langLinks(c, base, l)}
		key += "\x00" + l.Code
		langHeaders(c, l)
	}
	r, err := s.responses.get(ctx, key, func() (*rendered, error) {
		return s.renderItem(context.WithoutCancel(ctx), coll, id, f, flat, base, now, tr)
	})
	if err != nil {
		return err
	}
	if f == formatCSV {
		setCSVName(c, coll.ID+"-"+id)
	}
	return serve(c, r)
}

// renderItem reads and renders one feature (tr is the HTML page's
// language). The JSON of a feature the desk may change carries the ETag a
// change sends back in If-Match: a hash of the feature's record, which is
// what an edit replaces; it goes out uncompressed, so that the tag a
// client holds is the one the desk compares.
func (s *Server) renderItem(ctx context.Context, coll *collection, id string, f format, flat bool, base string, now time.Time, tr *translation) (*rendered, error) {
	var fs, records []*geo.Feature
	var err error
	if coll.Writable() && s.desk != nil {
		fs, records, err = s.featureWithRecord(ctx, coll, id, now)
	} else {
		fs, err = s.features(ctx, coll, geo.Filter{ID: id}, geo.Instant(now), now)
	}
	if err != nil {
		return nil, err
	}
	// The store filters by id; checking again keeps a lax store from
	// answering for another feature.
	var ft, rec *geo.Feature
	for i, x := range fs {
		if fmt.Sprint(x.ID) == id {
			ft = x
			if i < len(records) {
				rec = records[i]
			}
		}
	}
	if ft == nil {
		return nil, &NotFoundError{What: fmt.Sprintf("feature %q in %s", id, coll.ID)}
	}
	path := "/collections/" + coll.ID + "/items/" + pathEscape(id)
	var lq url.Values
	if flat {
		lq = url.Values{"flat": {"true"}}
	}
	links := append(selfAndAlternates(base, path, lq, f, true, formatJSON, formatHTML, formatCSV),
		link{Href: base + "/collections/" + coll.ID, Rel: "collection", Type: typeJSON, Title: coll.Title})

	switch f {
	case formatCSV:
		b, err := encodeCSV(coll, []*geo.Feature{ft})
		if err != nil {
			return nil, err
		}
		return render(typeCSVUTF8, b)
	case formatHTML:
		l := tr.locale
		rows := tableRows(l, coll, []*geo.Feature{ft}, base+"/collections/"+coll.ID+"/items")
		body := struct {
			Collection *collection
			Row        row
			Headers    []string
		}{coll, rows[0], nil}
		for _, col := range coll.Columns {
			body.Headers = append(body.Headers, col.Header)
		}
		b, err := s.encodeHTML(l, "item", page{Title: collTitle(l, coll) + ": " + id, Base: base, Links: links, Body: body, Langs: tr.langs})
		if err != nil {
			return nil, err
		}
		return render(typeHTMLUTF8, b)
	}
	if flat {
		fs, err := s.flatFeatures([]*geo.Feature{ft})
		if err != nil {
			return nil, err
		}
		ft = fs[0]
	}
	b, err := json.Marshal(ft)
	if err != nil {
		return nil, fmt.Errorf("feature %s: %w", id, err)
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(b, &members); err != nil {
		return nil, fmt.Errorf("feature %s: %w", id, err)
	}
	if members["links"], err = json.Marshal(links); err != nil {
		return nil, fmt.Errorf("feature %s: %w", id, err)
	}
	if b, err = encodeJSON(members); err != nil {
		return nil, fmt.Errorf("feature %s: %w", id, err)
	}
	r, err := render(typeGeoJSON, b)
	if err != nil || rec == nil {
		return r, err
	}
	recJSON, err := json.Marshal(rec)
	if err != nil {
		return nil, fmt.Errorf("feature %s: %w", id, err)
	}
	r.etag, r.gz, r.gzTag = etag(recJSON), nil, ""
	return r, nil
}

// writeJSON answers 200 with v as JSON under exactly contentType: GDAL
// takes JSON only when the type is application/json or
// application/geo+json, with no parameters.
func writeJSON(c echo.Context, contentType string, v any) error {
	b, err := encodeJSON(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", c.Request().URL.Path, err)
	}
	return c.Blob(http.StatusOK, contentType, b)
}

// typeHTMLUTF8 is the Content-Type of pages, as echo's HTMLBlob sends it.
const typeHTMLUTF8 = echo.MIMETextHTMLCharsetUTF8

// encodeJSON is v as JSON, with <, > and & as they are.
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
