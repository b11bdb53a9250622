package web

import (
	"context"
	"fmt"

	"github.com/labstack/echo/v4"
)

// The conformance classes of OGC API – Features Part 1 that hold here,
// of Part 4 (Create, Replace, Update and Delete) for the desk's writes,
// and of OGC API – Tiles (handle_ogctiles.go). CRS (Part 2) and filtering
// (Part 3) are not claimed: only CRS84 is served and the property filters
// are the simple ones of Part 1.
func conformance() []string {
	const core = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/"
	const crud = "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/"
	return append([]string{core + "core", core + "geojson", core + "html", core + "oas30",
		crud + "create-replace-delete", crud + "update", crud + "features"}, ogcTilesConformance()...)
}

type landingBody struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Attribution string `json:"attribution,omitempty"`
	License     string `json:"license,omitempty"`
	Disclaimer  string `json:"disclaimer,omitempty"`
	Links       []link `json:"links"`
	// Collections is for the HTML page only.
	Collections []link `json:"-"`
}

// handleLanding answers GET /: the links QGIS and GDAL start from (they
// refuse a landing page without service-desc and data), the map page for a
// browser, or, with f=html, the OGC landing page for people.
func (s *Server) handleLanding(c echo.Context) error {
	f, err := negotiate(c, formatJSON, formatHTML)
	if err != nil {
		return err
	}
	if err := checkQuery(f, c.QueryParams(), pageParams...); err != nil {
		return err
	}
	if _, asked := c.QueryParams()["f"]; !asked && f == formatHTML {
		// A browser gets the map; the OGC landing page for people stays
		// at /?f=html, where the other pages' navigation links.
		return s.handleMap(c)
	}
	base, err := s.baseURL(c)
	if err != nil {
		return err
	}
	if f == formatJSON {
		return s.serveDocument(c, typeJSON, "", func(ctx context.Context) (any, error) { return s.landing(ctx, base, f) })
	}
	body, err := s.landing(c.Request().Context(), base, f)
	if err != nil {
		return err
	}
	l := s.locale(c)
	for _, coll := range s.collections {
		body.Collections = append(body.Collections, link{Href: base + "/collections/" + coll.ID + "/items?f=html", Title: collTitle(l, coll)})
	}
	title, _ := dataText(l, body.Title)
	return s.writeHTML(c, "landing", page{Title: title, Base: base, Links: body.Links, Body: body})
}

// landing is the landing page's document, in format f.
func (s *Server) landing(ctx context.Context, base string, f format) (landingBody, error) {
	meta, err := s.store.Meta(ctx)
	if err != nil {
		return landingBody{}, err
	}
	body := landingBody{
		Title:       meta.Title,
		Description: meta.Description,
		Attribution: meta.Attribution,
		License:     meta.License,
		Disclaimer:  meta.Disclaimer,
	}
	if body.Title == "" {
		body.Title = "Frontier"
	}
	body.Links = append(selfAndAlternates(base, "/", nil, f, false, formatJSON, formatHTML),
		link{Href: base + "/api", Rel: "service-desc", Type: typeOpenAPI, Title: "the API definition (OpenAPI 3.0)"},
		link{Href: base + "/api.html", Rel: "service-doc", Type: typeHTML, Title: "the API documentation"},
		link{Href: base + "/conformance", Rel: "conformance", Type: typeJSON, Title: "the OGC API conformance classes implemented"},
		link{Href: base + "/collections", Rel: "data", Type: typeJSON, Title: "the collections"},
		link{Href: base + "/stats", Rel: "related", Type: typeJSON, Title: "the frontier's length by status (add ?datetime=)"},
		link{Href: base + "/tiles", Rel: relTilesetsVector, Type: typeJSON, Title: "the vector tilesets (OGC API – Tiles)"},
		link{Href: base + "/tileMatrixSets", Rel: relTilingSchemes, Type: typeJSON, Title: "the tile matrix sets"},
		link{Href: base + "/tiles/border.json", Rel: "describedby", Type: typeJSON, Title: "the vector tiles as TileJSON"},
		link{Href: base + "/styles/border.json", Rel: "stylesheet", Type: "application/vnd.mapbox.style+json", Title: "a MapLibre style drawing the tiles as the map page does"},
	)
	return body, nil
}

// handleConformance answers GET /conformance.
func (s *Server) handleConformance(c echo.Context) error {
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
	body := struct {
		ConformsTo []string `json:"conformsTo"`
		Links      []link   `json:"links"`
	}{conformance(), selfAndAlternates(base, "/conformance", nil, f, false, formatJSON, formatHTML)}
	if f == formatJSON {
		return writeJSON(c, typeJSON, body)
	}
	return s.writeHTML(c, "conformance", page{Title: s.locale(c).T("nav.conformance"), Base: base, Links: body.Links, Body: body})
}

// handleAPI answers GET /api with the OpenAPI document, or with the page
// that renders it for people when HTML is asked for.
func (s *Server) handleAPI(c echo.Context) error {
	f, err := negotiate(c, formatJSON, formatHTML)
	if err != nil {
		return err
	}
	if err := checkQuery(f, c.QueryParams(), pageParams...); err != nil {
		return err
	}
	if f == formatHTML {
		return s.handleAPIPage(c)
	}
	base, err := s.baseURL(c)
	if err != nil {
		return err
	}
	doc, err := s.openAPI(c.Request().Context(), base)
	if err != nil {
		return err
	}
	return writeJSON(c, typeOpenAPI, doc)
}

// handleAPIPage answers GET /api.html: every route of the OpenAPI document
// with its parameters, with no script and nothing from a CDN.
func (s *Server) handleAPIPage(c echo.Context) error {
	f, err := negotiate(c, formatHTML)
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
	doc, err := s.openAPI(c.Request().Context(), base)
	if err != nil {
		return err
	}
	links := []link{{Href: base + "/api", Rel: "service-desc", Type: typeOpenAPI, Title: "the OpenAPI document (JSON)"}}
	return s.writeHTML(c, "api", page{Title: doc.Info.Title + " API", Base: base, Links: links, Body: doc.routes()})
}

// handleHealth answers GET /healthz: 200 while the store answers, 503
// otherwise, for load balancers and the end-to-end tests.
func (s *Server) handleHealth(c echo.Context) error {
	if err := s.store.Ping(c.Request().Context()); err != nil {
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	body := struct {
		Status   string `json:"status"`
		ReadOnly bool   `json:"read_only"`
	}{Status: "ok"}
	// A store opened from a file the server may not write, or a server
	// started with --read-only, says so; the server serves it all the
	// same, and answers writes 405.
	if ro, ok := s.store.(interface{ ReadOnly() bool }); ok {
		body.ReadOnly = ro.ReadOnly()
	}
	body.ReadOnly = body.ReadOnly || s.forcedReadOnly
	return writeJSON(c, typeJSON, body)
}
