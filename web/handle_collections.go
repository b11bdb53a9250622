package web

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/maypok86/otter/v2"

	"github.com/frontier-map/frontier/geo"
)

// CRS84 is the only coordinate reference system served: longitude,
// latitude on WGS 84, as RFC 7946 requires.
const crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"

// gregorian is the temporal reference system of every datetime.
const gregorian = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"

type collectionBody struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	ItemType    string   `json:"itemType"`
	CRS         []string `json:"crs"`
	Extent      extent   `json:"extent"`
	License     string   `json:"license,omitempty"`
	Attribution string   `json:"attribution,omitempty"`
	Links       []link   `json:"links"`
	// Filters are for the HTML page.
	Filters []geo.Queryable `json:"-"`
}

type extent struct {
	Spatial  *spatialExtent  `json:"spatial,omitempty"`
	Temporal *temporalExtent `json:"temporal,omitempty"`
}

type spatialExtent struct {
	BBox [][4]float64 `json:"bbox"`
	CRS  string       `json:"crs"`
}

type temporalExtent struct {
	// Interval holds RFC 3339 instants; null is an open end.
	Interval [][2]*string `json:"interval"`
	TRS      string       `json:"trs"`
}

type collectionsBody struct {
	Links       []link            `json:"links"`
	Collections []*collectionBody `json:"collections"`
}

// handleCollections answers GET /collections.
func (s *Server) handleCollections(c echo.Context) error {
	f, err := negotiate(c, formatJSON, formatHTML)
	if err != nil {
		return err
	}
	if err := checkQuery(f, c.QueryParams(), pageParams...); err != nil {
		return err
	}
	base, err := s.baseURL(c)
	if err != nil {
		return err
	}
	build := func(ctx context.Context) (collectionsBody, error) {
		body := collectionsBody{Links: selfAndAlternates(base, "/collections", nil, f, false, formatJSON, formatHTML)}
		for _, coll := range s.collections {
			cb, err := s.describe(ctx, coll, base)
			if err != nil {
				return body, err
			}
			body.Collections = append(body.Collections, cb)
		}
		return body, nil
	}
	if f == formatJSON {
		return s.serveDocument(c, typeJSON, "", func(ctx context.Context) (any, error) { return build(ctx) })
	}
	body, err := build(c.Request().Context())
	if err != nil {
		return err
	}
	return s.writeHTML(c, "collections", page{Title: s.locale(c).T("nav.collections"), Base: base, Links: body.Links, Body: body})
}

// handleCollection answers GET /collections/{collectionId}.
func (s *Server) handleCollection(c echo.Context) error {
	coll, err := s.collection(c.Param("collectionId"))
	if err != nil {
		return err
	}
	f, err := negotiate(c, formatJSON, formatHTML)
	if err != nil {
		return err
	}
	if err := checkQuery(f, c.QueryParams(), pageParams...); err != nil {
		return err
	}
	base, err := s.baseURL(c)
	if err != nil {
		return err
	}
	build := func(ctx context.Context) (*collectionBody, error) {
		body, err := s.describe(ctx, coll, base)
		if err != nil {
			return nil, err
		}
		path := "/collections/" + coll.ID
		body.Links = append(selfAndAlternates(base, path, nil, f, false, formatJSON, formatHTML), body.Links[1:]...)
		return body, nil
	}
	if f == formatJSON {
		return s.serveDocument(c, typeJSON, "", func(ctx context.Context) (any, error) { return build(ctx) })
	}
	body, err := build(c.Request().Context())
	if err != nil {
		return err
	}
	return s.writeHTML(c, "collection", page{Title: collTitle(s.locale(c), coll), Base: base, Links: body.Links, Body: body})
}

// describe is a collection's metadata with its extent, which the store
// reads from its indexes. Its first link is to the collection itself; the handler for
// the collection replaces it with self and alternates.
func (s *Server) describe(ctx context.Context, coll *collection, base string) (*collectionBody, error) {
	meta, err := s.store.Meta(ctx)
	if err != nil {
		return nil, err
	}
	version, err := s.version(ctx)
	if err != nil {
		return nil, err
	}
	// An extent reads the whole R-tree and the date columns: once per
	// dataset version, not on every GDAL or QGIS open.
	ext, err := s.extents.Get(ctx, version+"\x00"+coll.ID, otter.LoaderFunc[string, geo.Extent](func(ctx context.Context, _ string) (geo.Extent, error) {
		ext, err := s.store.Extent(ctx, coll.ID)
		if err != nil {
			return ext, fmt.Errorf("%s: %w", coll.ID, err)
		}
		return ext, nil
	}))
	if err != nil {
		return nil, err
	}
	path := "/collections/" + coll.ID
	items := path + "/items"
	b := &collectionBody{
		ID:          coll.ID,
		Title:       coll.Title,
		Description: coll.Description,
		ItemType:    "feature",
		CRS:         []string{crs84},
		Extent:      extent{Spatial: spatialOf(ext), Temporal: temporalOf(coll.Temporal, ext)},
		License:     meta.License,
		Attribution: meta.Attribution,
		Filters:     coll.Queryables,
		Links: []link{
			{Href: base + path, Rel: "collection", Type: typeJSON, Title: coll.Title},
			// Titles without the collection's, which the page is about:
			// the HTML page writes them in its language (linkTitle).
			{Href: href(base, items, url.Values{"f": {"json"}}), Rel: "items", Type: typeGeoJSON, Title: "the features as GeoJSON"},
			{Href: href(base, items, url.Values{"f": {"html"}}), Rel: "items", Type: typeHTML, Title: "the features as a table"},
			{Href: href(base, items, url.Values{"f": {"csv"}}), Rel: "items", Type: typeCSV, Title: "the features as CSV"},
			// The dataset's tileset holds every collection as a layer;
			// GDAL's OGCAPI driver finds tiles through a collection only.
			{Href: base + "/tiles", Rel: relTilesetsVector, Type: typeJSON, Title: "vector tiles holding this collection as a layer, with the others (OGC API – Tiles)"},
		},
	}
	return b, nil
}

// spatialOf is the bounding box of the layer's geometries, or nil when
// none has one.
func spatialOf(ext geo.Extent) *spatialExtent {
	if ext.Bound == nil {
		return nil
	}
	b := *ext.Bound
	return &spatialExtent{BBox: [][4]float64{{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}}, CRS: crs84}
}

// temporalOf is the span of the layer's dates, or nil for a layer with no
// time.
func temporalOf(k geo.Temporal, ext geo.Extent) *temporalExtent {
	if k.Open {
		return &temporalExtent{Interval: [][2]*string{{nil, nil}}, TRS: gregorian}
	}
	first, last := ext.First, ext.Last
	if k.Start == "" || first.IsZero() {
		return nil
	}
	start := first.Time().Format(time.RFC3339)
	iv := [2]*string{&start, nil}
	if k.End != "" {
		end := last.End().Add(-time.Second).Format(time.RFC3339)
		iv[1] = &end
	}
	return &temporalExtent{Interval: [][2]*string{iv}, TRS: gregorian}
}
