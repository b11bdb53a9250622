package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/frontier-map/frontier/geo"
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
func (s *Server) handleItems(c echo.Context) error {
	coll, err := s.collection(c.Param("collectionId"))
	if err != nil {
		return err
	}
	q, err := parseItemsQuery(c, coll)
	if err != nil {
		return err
	}
	base, err := s.baseURL(c)
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
	fs, err := s.features(c.Request().Context(), coll, geo.Filter{BBox: q.bbox, Time: q.time}, view, now, q.props)
	if err != nil {
		return err
	}

	// Offset paging over the store's id order: page k starts where page
	// k-1 ended, so following next visits each feature once, and the
	// last page has no next link.
	matched := len(fs)
	start := min(q.offset, matched)
	end := start + min(q.limit, matched-start)
	pageOf := fs[start:end]
	path := "/collections/" + coll.ID + "/items"
	pageLink := func(offset int, rel, title string) link {
		pq := withF(q.raw, q.format)
		pq.Set("limit", strconv.Itoa(q.limit))
		pq.Set("offset", strconv.Itoa(offset))
		return link{Href: href(base, path, pq), Rel: rel, Type: q.format.mediaType(true), Title: title}
	}
	links := selfAndAlternates(base, path, q.raw, q.format, true, formatJSON, formatHTML, formatCSV)
	var next, prev *link
	if end < matched {
		l := pageLink(end, "next", "next page")
		next = &l
		links = append(links, l)
	}
	if start > 0 {
		l := pageLink(max(0, start-q.limit), "prev", "previous page")
		prev = &l
		links = append(links, l)
	}
	links = append(links, link{Href: base + "/collections/" + coll.ID, Rel: "collection", Type: typeJSON, Title: coll.Title})

	switch q.format {
	case formatCSV:
		return s.writeCSV(c, coll.ID, coll, pageOf)
	case formatHTML:
		p := itemsPage{
			Collection:     coll,
			Rows:           tableRows(coll, pageOf, base+path),
			NumberMatched:  matched,
			NumberReturned: len(pageOf),
			First:          start + 1,
			Last:           end,
			AsOf:           view.AsOf(now).UTC().Format("2 January 2006, 15:04:05 UTC"),
			Colspan:        len(coll.Columns) + 1,
		}
		if next != nil {
			p.Next = next.Href
		}
		if prev != nil {
			p.Prev = prev.Href
		}
		p.Caption = fmt.Sprintf("%s: %d of %d features", coll.Title, len(pageOf), matched)
		if q.time != nil {
			p.Caption += ", datetime " + q.time.String()
		}
		return s.writeHTML(c, "items", page{Title: coll.Title, Base: base, Links: links, Body: p})
	}
	return writeJSON(c, typeGeoJSON, featureCollection{
		Type:           "FeatureCollection",
		Features:       nonNilFeatures(pageOf),
		NumberMatched:  matched,
		NumberReturned: len(pageOf),
		TimeStamp:      now.UTC().Format(time.RFC3339),
		Links:          links,
	})
}

func nonNilFeatures(fs []*geo.Feature) []*geo.Feature {
	if fs == nil {
		return []*geo.Feature{}
	}
	return fs
}

// handleItem answers GET /collections/{collectionId}/items/{featureId}:
// the feature whose GeoJSON id is featureId, shown as of now.
func (s *Server) handleItem(c echo.Context) error {
	coll, err := s.collection(c.Param("collectionId"))
	if err != nil {
		return err
	}
	id, err := url.PathUnescape(c.Param("featureId"))
	if err != nil {
		return &NotFoundError{What: fmt.Sprintf("feature %q in %s", c.Param("featureId"), coll.ID)}
	}
	if st := c.QueryParam("state"); st != "" {
		if st != "draft" {
			return &ParamError{Param: "state", Detail: fmt.Sprintf("%q: the only state to ask for is draft (desk users)", st)}
		}
		if err := checkParams(c.QueryParams(), "state", "f"); err != nil {
			return err
		}
		return s.handleDraftItem(c, coll, id)
	}
	f, err := negotiate(c, formatJSON, formatHTML, formatCSV)
	if err != nil {
		return err
	}
	if err := checkQuery(f, c.QueryParams(), "f"); err != nil {
		return err
	}
	base, err := s.baseURL(c)
	if err != nil {
		return err
	}
	now := s.now()
	fs, err := s.features(c.Request().Context(), coll, geo.Filter{ID: id}, geo.Instant(now), now, nil)
	if err != nil {
		return err
	}
	// The store filters by id; checking again keeps a lax store from
	// answering for another feature.
	var ft *geo.Feature
	for _, x := range fs {
		if fmt.Sprint(x.ID) == id {
			ft = x
		}
	}
	if ft == nil {
		return &NotFoundError{What: fmt.Sprintf("feature %q in %s", id, coll.ID)}
	}
	path := "/collections/" + coll.ID + "/items/" + pathEscape(id)
	links := append(selfAndAlternates(base, path, nil, f, true, formatJSON, formatHTML, formatCSV),
		link{Href: base + "/collections/" + coll.ID, Rel: "collection", Type: typeJSON, Title: coll.Title})

	switch f {
	case formatCSV:
		return s.writeCSV(c, coll.ID+"-"+id, coll, []*geo.Feature{ft})
	case formatHTML:
		rows := tableRows(coll, []*geo.Feature{ft}, base+"/collections/"+coll.ID+"/items")
		body := struct {
			Collection *collection
			Row        row
			Headers    []string
		}{coll, rows[0], nil}
		for _, col := range coll.Columns {
			body.Headers = append(body.Headers, col.Header)
		}
		return s.writeHTML(c, "item", page{Title: coll.Title + ": " + id, Base: base, Links: links, Body: body})
	}
	b, err := json.Marshal(ft)
	if err != nil {
		return fmt.Errorf("feature %s: %w", id, err)
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(b, &members); err != nil {
		return fmt.Errorf("feature %s: %w", id, err)
	}
	if members["links"], err = json.Marshal(links); err != nil {
		return fmt.Errorf("feature %s: %w", id, err)
	}
	if coll.Writable() && s.desk != nil {
		// The ETag a change sends back in If-Match: a hash of the
		// feature's record, which is what an edit replaces.
		rec, err := s.published(c, coll, id)
		if err != nil {
			return err
		}
		if rec != nil {
			c.Response().Header().Set("ETag", etag(rec))
		}
	}
	return writeJSON(c, typeGeoJSON, members)
}

// writeJSON answers 200 with v as JSON under exactly contentType: GDAL
// takes JSON only when the type is application/json or
// application/geo+json, with no parameters.
func writeJSON(c echo.Context, contentType string, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("encode %s: %w", c.Request().URL.Path, err)
	}
	return c.Blob(http.StatusOK, contentType, buf.Bytes())
}
