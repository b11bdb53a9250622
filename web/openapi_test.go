package web

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// TestOpenAPI: /api loads and validates with kin-openapi, every path it
// lists answers, and every JSON answer matches the schema it declares.
func TestOpenAPI(t *testing.T) {
	desk := newDesk(t)
	h := desk.h
	doc := loadAPI(t, h)
	ctx := context.Background()
	if got := doc.Servers[0].URL; got != "http://example.com" {
		t.Errorf("server %q", got)
	}
	// QGIS and GDAL take the page size they may ask for from the limit
	// declared under components/parameters, referenced by the items paths.
	limit := doc.Components.Parameters["limit"]
	if limit == nil || limit.Value.Schema.Value.Max == nil || *limit.Value.Schema.Value.Max != maxLimit {
		t.Errorf("components/parameters/limit %+v: want a maximum of %d", limit, maxLimit)
	}
	for _, id := range collectionIDs {
		refs := map[string]bool{}
		for _, p := range doc.Paths.Find("/collections/" + id + "/items").Get.Parameters {
			refs[p.Ref] = true
		}
		for _, name := range []string{"bbox", "datetime", "limit", "offset"} {
			if !refs["#/components/parameters/"+name] {
				t.Errorf("%s items: no $ref to components/parameters/%s", id, name)
			}
		}
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}

	paths := doc.Paths.InMatchingOrder()
	if len(paths) < 20 {
		t.Fatalf("only %d paths", len(paths))
	}
	for _, path := range paths {
		if doc.Paths.Value(path).Get == nil {
			continue // a write-only path (DELETE /users/{name}): the desk's tests
		}
		target := apiTarget(t, desk, path)
		t.Run(path, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "http://example.com"+target, nil)
			req.Header.Set("Accept", "application/json")
			req.Header.Set("Authorization", "Bearer "+desk.admin)
			route, params, err := router.FindRoute(req)
			if err != nil {
				t.Fatalf("the document has no route for %s: %v", target, err)
			}
			in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
				Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
			if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
				t.Fatalf("request: %v", err)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET %s: %d %.300s", target, rec.Code, rec.Body.String())
			}
			ct := rec.Header().Get("Content-Type")
			if !strings.Contains(ct, "json") {
				return
			}
			out := &openapi3filter.ResponseValidationInput{
				RequestValidationInput: in,
				Status:                 rec.Code,
				Header:                 rec.Header(),
				Body:                   io.NopCloser(bytes.NewReader(rec.Body.Bytes())),
			}
			if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
				t.Errorf("response does not match the document: %v", err)
			}
		})
	}

	t.Run("declared filters", func(t *testing.T) {
		for coll, names := range map[string][]string{
			"frontier":    {"status", "sector"},
			"clashes":     {"event_type", "country", "geo_precision"},
			"deployments": {"operator", "category"},
			"countries":   {"iso_a3"},
			"places":      {"country"},
		} {
			op := doc.Paths.Value("/collections/" + coll + "/items").Get
			for _, name := range append(names, "bbox", "datetime", "limit", "offset", "f") {
				if op.Parameters.GetByInAndName("query", name) == nil {
					t.Errorf("%s: parameter %s not declared", coll, name)
				}
			}
		}
	})
	t.Run("problem bodies match", func(t *testing.T) {
		req := httptest.NewRequest(http.MethodGet, "http://example.com/collections/frontier/items?limit=0", nil)
		route, params, err := router.FindRoute(req)
		if err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route}
		out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: rec.Code, Header: rec.Header(), Body: io.NopCloser(bytes.NewReader(rec.Body.Bytes()))}
		if err := openapi3filter.ValidateResponse(ctx, out); err != nil || rec.Code != 400 {
			t.Errorf("%d: %v", rec.Code, err)
		}
	})
}

// loadAPI reads /api with kin-openapi and validates it as OpenAPI 3.
func loadAPI(t *testing.T, h http.Handler) *openapi3.T {
	t.Helper()
	rec := get(t, h, "/api")
	wantStatus(t, rec, http.StatusOK, "application/vnd.oai.openapi+json;version=3.0")
	doc, err := openapi3.NewLoader().LoadFromData(rec.Body.Bytes())
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("validate: %v", err)
	}
	return doc
}

// apiTarget is a URL that answers GET for the document's path.
func apiTarget(t *testing.T, desk *deskFixture, path string) string {
	t.Helper()
	switch path {
	case "/tiles/border/{z}/{x}/{y}.mvt":
		return vorukhTile
	case "/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}":
		return "/tiles/WebMercatorQuad/10/388/712"
	case "/tiles/border/v/{version}/{state}/{z}/{x}/{y}.mvt":
		return (&testStore{Store: desk.store}).sampleURL(t, "/tiles/border/v/:version/:state/:z/:x/:y")
	case "/oembed":
		return "/oembed?url=" + url.QueryEscape("http://example.com/embed?date=2023-09-01")
	}
	if coll, ok := strings.CutSuffix(strings.TrimSuffix(path, "/history"), "/items/{featureId}"); ok {
		first := getItems(t, desk.h, coll+"/items?limit=1").Features[0]
		return coll + "/items/" + url.PathEscape(first.ID.(string)) + strings.TrimPrefix(path, coll+"/items/{featureId}")
	}
	return path
}
