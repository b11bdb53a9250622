package web

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/frontier-map/frontier/geo"
	"github.com/frontier-map/frontier/i18n"
)

// openAPIDoc is the OpenAPI 3.0 document of the whole service, the subset
// of the specification it needs. /api serves it as JSON and /api.html
// renders it, so the two cannot disagree.
type openAPIDoc struct {
	OpenAPI    string              `json:"openapi"`
	Info       apiInfo             `json:"info"`
	Servers    []apiServer         `json:"servers"`
	Tags       []apiTag            `json:"tags"`
	Paths      map[string]*apiPath `json:"paths"`
	Components apiComponents       `json:"components"`
	// order is the order paths were added, for the HTML page.
	order []string
}

type apiInfo struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Version     string `json:"version"`
}

type apiServer struct {
	URL string `json:"url"`
}

type apiTag struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

type apiPath struct {
	Get    *apiOperation `json:"get,omitempty"`
	Post   *apiOperation `json:"post,omitempty"`
	Put    *apiOperation `json:"put,omitempty"`
	Patch  *apiOperation `json:"patch,omitempty"`
	Delete *apiOperation `json:"delete,omitempty"`
}

type apiOperation struct {
	Summary     string                 `json:"summary"`
	Description string                 `json:"description,omitempty"`
	OperationID string                 `json:"operationId"`
	Tags        []string               `json:"tags"`
	Parameters  []apiParam             `json:"parameters,omitempty"`
	RequestBody *apiRequestBody        `json:"requestBody,omitempty"`
	Responses   map[string]apiResponse `json:"responses"`
	// Security names the schemes an operation needs; nil for public ones.
	Security []map[string][]string `json:"security,omitempty"`
}

type apiRequestBody struct {
	Required bool                `json:"required"`
	Content  map[string]apiMedia `json:"content"`
}

// apiParam is a parameter, or with Ref set, a reference to one declared
// under components/parameters.
type apiParam struct {
	Ref         string `json:"$ref,omitempty"`
	Name        string `json:"name,omitempty"`
	In          string `json:"in,omitempty"`
	Description string `json:"description,omitempty"`
	Required    bool   `json:"required,omitempty"`
	Style       string `json:"style,omitempty"`
	Explode     *bool  `json:"explode,omitempty"`
	Schema      schema `json:"schema,omitempty"`
}

type apiResponse struct {
	Description string              `json:"description"`
	Content     map[string]apiMedia `json:"content,omitempty"`
}

type apiMedia struct {
	Schema schema `json:"schema"`
}

type apiComponents struct {
	Schemas         map[string]schema   `json:"schemas"`
	Parameters      map[string]apiParam `json:"parameters"`
	SecuritySchemes map[string]schema   `json:"securitySchemes,omitempty"`
}

// sharedParams are the parameters many routes take, declared once under
// components/parameters and referenced: the items routes' paging and
// filters (QGIS (3.22 on) and GDAL (3.8 on) read the page size they may ask
// for from the limit declared there, and without it page at 100 and 10
// features), and the pages' language.
func sharedParams() map[string]apiParam {
	return map[string]apiParam{
		"bbox": bboxParam(), "datetime": datetimeParam(), "limit": limitParam(), "offset": offsetParam(), "after": afterParam(),
		"lang": langParam(), "flat": flatParam(),
	}
}

func paramRef(name string) apiParam { return apiParam{Ref: "#/components/parameters/" + name} }

// schema is a JSON Schema object as OpenAPI 3.0 writes it.
type schema = map[string]any

func ref(name string) schema { return schema{"$ref": "#/components/schemas/" + name} }

// openAPI builds the document for clients reaching the service at base.
func (s *Server) openAPI(ctx context.Context, base string) (*openAPIDoc, error) {
	meta, err := s.store.Meta(ctx)
	if err != nil {
		return nil, err
	}
	title := meta.Title
	if title == "" {
		title = "Frontier"
	}
	doc := &openAPIDoc{
		OpenAPI: "3.0.3",
		Info: apiInfo{
			Title: title,
			Description: meta.Description + "\n\nAn OGC API – Features (Part 1: Core) service: GeoJSON for GIS tools, HTML tables and CSV for people. " +
				"Every feature carries its sources. " + meta.Disclaimer,
			Version: "0.1.0",
		},
		Servers: []apiServer{{URL: base}},
		Tags: []apiTag{
			{Name: "Capabilities", Description: "What the service offers."},
			{Name: "Data", Description: "The collections and their features."},
			{Name: "Summary", Description: "Figures over the whole frontier, metadata, health."},
			{Name: "Tiles", Description: "Vector tiles and their TileJSON."},
			{Name: "Embedding", Description: "The map in articles: the embed, oEmbed, a picture."},
		},
		Paths:      map[string]*apiPath{},
		Components: apiComponents{Schemas: componentSchemas(), Parameters: sharedParams()},
	}
	json := func(name string) map[string]apiMedia { return map[string]apiMedia{typeJSON: {Schema: ref(name)}} }
	html := apiMedia{Schema: schema{"type": "string"}}
	withHTML := func(m map[string]apiMedia) map[string]apiMedia { m[typeHTML] = html; return m }
	// A resource offered as a page takes the page's language.
	page := func(offered ...format) []apiParam { return []apiParam{fParam(offered...), paramRef("lang")} }

	doc.add("/", "getLandingPage", "Capabilities", "Landing page", "Links to the API definition, the conformance classes and the collections.",
		page(formatJSON, formatHTML), ok("The landing page.", withHTML(json("landingPage"))))
	doc.add("/conformance", "getConformance", "Capabilities", "Conformance classes", "The OGC API conformance classes this service implements.",
		page(formatJSON, formatHTML), ok("The conformance classes.", withHTML(json("confClasses"))))
	doc.add("/api", "getAPI", "Capabilities", "API definition", "This document; with f=html, the page that renders it.",
		page(formatJSON, formatHTML), ok("The OpenAPI document.", map[string]apiMedia{typeOpenAPI: {Schema: schema{"type": "object"}}, typeHTML: html}))
	doc.add("/api.html", "getAPIPage", "Capabilities", "API documentation", "The routes of this document as a page for people.",
		page(formatHTML), ok("The documentation page.", map[string]apiMedia{typeHTML: html}))
	doc.add("/collections", "getCollections", "Capabilities", "Collections", "Every collection with its extent and links.",
		page(formatJSON, formatHTML), ok("The collections.", withHTML(json("collections"))))

	for _, coll := range s.collections {
		items := "/collections/" + coll.ID + "/items"
		doc.add("/collections/"+coll.ID, "describe_"+coll.ID, "Data", coll.Title, coll.Description,
			page(formatJSON, formatHTML), ok("The collection's metadata.", withHTML(json("collection"))))

		params := []apiParam{paramRef("bbox"), paramRef("datetime"), paramRef("limit"), paramRef("offset"), paramRef("after")}
		for _, fp := range coll.Queryables {
			params = append(params, filterAPIParam(fp))
		}
		if len(coll.Search) > 0 {
			params = append(params, textAPIParam(coll.Search))
		}
		params = append(params, paramRef("flat"))
		params = append(params, page(formatJSON, formatHTML, formatCSV)...)
		featureTypes := func(name string) map[string]apiMedia {
			return map[string]apiMedia{
				typeGeoJSON: {Schema: ref(name)},
				typeHTML:    html,
				typeCSV:     {Schema: schema{"type": "string"}},
			}
		}
		doc.add(items, "getFeatures_"+coll.ID, "Data", coll.Title+": features",
			"The features of the collection meeting bbox, datetime and the property filters, a page at a time (follow the next links). Each property filter keeps features whose property equals the value.",
			params, ok("A page of features.", featureTypes("featureCollectionGeoJSON")))
		doc.add(items+"/{featureId}", "getFeature_"+coll.ID, "Data", coll.Title+": one feature",
			"The feature with that id, as of now.",
			append([]apiParam{{Name: "featureId", In: "path", Description: "The feature's GeoJSON id.", Required: true, Schema: schema{"type": "string"}}, paramRef("flat")},
				page(formatJSON, formatHTML, formatCSV)...),
			ok("The feature.", featureTypes("featureGeoJSON")))
	}

	doc.add("/stats", "getStats", "Summary", "Length by status",
		"The measured length of the frontier and its share per status as of the datetime (the end of an interval; now by default), beside the official length and its source; and the figures the parties reported up to then on how much of the border was agreed, described or contested (reported, earliest first; reported_latest, those on the whole frontier's status of the latest date that has any): claims side by side, never averaged.",
		[]apiParam{datetimeParam(), fParam(formatJSON)}, ok("The figures.", json("stats")))
	object := map[string]apiMedia{typeJSON: {Schema: schema{"type": "object"}}}
	binary := func(mediaType string) map[string]apiMedia {
		return map[string]apiMedia{mediaType: {Schema: schema{"type": "string", "format": "binary"}}}
	}
	query := func(name, desc string, sch schema) apiParam {
		return apiParam{Name: name, In: "query", Description: desc, Schema: sch}
	}
	coord := func(name, desc string) apiParam {
		return apiParam{Name: name, In: "path", Description: desc, Required: true, Schema: schema{"type": "integer", "minimum": 0}}
	}
	doc.add("/tiles/border.json", "getTileJSON", "Tiles", "TileJSON",
		"TileJSON 3.0.0 of the vector tiles: absolute, versioned tile URLs naming the dataset version and the change state the datetime falls in (cached for a year), the layers with their fields and zooms, bounds, attribution.",
		[]apiParam{datetimeParam()}, ok("The TileJSON document.", object))
	tile := ok("A Mapbox Vector Tile (MVT 2.1, extent 4096), gzipped when the client accepts gzip.", binary(mvtType))
	tile["204"] = apiResponse{Description: "The tile holds no feature."}
	tile["304"] = apiResponse{Description: "The tile is unchanged since the ETag given in If-None-Match."}
	doc.add("/tiles/border/{z}/{x}/{y}.mvt", "getTile", "Tiles", "Vector tile",
		"One tile with the layers frontier, clashes, deployments, countries and places, as of the datetime (the frontier's status then, the events and deployments up to it).",
		[]apiParam{coord("z", "Zoom, 0 to 14."), coord("x", "Column, 0 to 2^z - 1."), coord("y", "Row, 0 to 2^z - 1, from the north."), datetimeParam()}, tile)
	versioned := ok("The tile, as the unversioned route draws it, with Cache-Control: public, max-age=31536000, immutable.", binary(mvtType))
	versioned["204"], versioned["304"] = tile["204"], tile["304"]
	versioned["302"] = apiResponse{Description: "The URL names another dataset version than the current one, or a day inside a state rather than its first: the Location is the current version's URL for that day."}
	doc.add("/tiles/border/v/{version}/{state}/{z}/{x}/{y}.mvt", "getVersionedTile", "Tiles", "Versioned vector tile",
		"The tile URLs TileJSON gives: the dataset version and the change state are in the path, so the bytes never change.",
		[]apiParam{
			{Name: "version", In: "path", Description: "The dataset version, as TileJSON gives it.", Required: true, Schema: schema{"type": "string"}},
			{Name: "state", In: "path", Description: "The first day of a change state (YYYY-MM-DD), or 0 before the first change.", Required: true, Schema: schema{"type": "string"}},
			coord("z", "Zoom, 0 to 14."), coord("x", "Column, 0 to 2^z - 1."), coord("y", "Row, 0 to 2^z - 1, from the north."),
		}, versioned)
	doc.add("/styles/border.json", "getStyle", "Tiles", "MapLibre style",
		"A MapLibre style (version 8) drawing every tile layer as the map page does, with the TileJSON as its source; no glyphs, so no text.",
		nil, ok("The style.", object))
	jsonOnly := []apiParam{fParam(formatJSON)}
	doc.add("/tiles", "getTileSetsList", "Tiles", "Tilesets (OGC API – Tiles)",
		"The dataset's vector tilesets: one, in WebMercatorQuad, holding every collection as a layer.",
		jsonOnly, ok("The list of tilesets.", object))
	doc.add("/tiles/WebMercatorQuad", "getTileSet", "Tiles", "Tileset metadata (OGC API – Tiles)",
		"The tileset as OGC 2D Tile Matrix Set and Tileset Metadata 2.0 describes it: the tile template, the rows and columns holding data at each zoom, the layers with their geometry dimension and properties.",
		jsonOnly, ok("The tileset.", object))
	ogcTile := ok("A Mapbox Vector Tile, the same as /tiles/border/{z}/{x}/{y}.mvt.", binary(mvtType))
	ogcTile["204"], ogcTile["304"] = tile["204"], tile["304"]
	doc.add("/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}", "getTile_WebMercatorQuad", "Tiles", "Vector tile (OGC API – Tiles)",
		"One tile of the tileset; the row comes before the column.",
		[]apiParam{coord("tileMatrix", "Zoom, 0 to 14."), coord("tileRow", "Row, 0 to 2^z - 1, from the north."), coord("tileCol", "Column, 0 to 2^z - 1."),
			datetimeParam(), query("f", "Only mvt is served.", schema{"type": "string", "enum": []any{"mvt"}})}, ogcTile)
	doc.add("/tileMatrixSets", "getTileMatrixSetsList", "Tiles", "Tile matrix sets",
		"The tile matrix sets the tiles use: WebMercatorQuad.", jsonOnly, ok("The list.", object))
	doc.add("/tileMatrixSets/WebMercatorQuad", "getTileMatrixSet", "Tiles", "WebMercatorQuad",
		"The definition of OGC's WebMercatorQuad (EPSG:3857, 256-pixel tiles), zooms 0 to 14.", jsonOnly, ok("The tile matrix set.", object))
	doc.add("/meta", "getMeta", "Summary", "Dataset metadata",
		"The dataset's title, description, official and reported lengths, milestones, licence and every source.",
		jsonOnly, ok("The metadata.", object))
	doc.add("/about", "getAbout", "Summary", "Sources and method",
		"Every source and the dataset's known limits, as a page.", page(formatHTML), ok("The page.", map[string]apiMedia{typeHTML: html}))
	doc.add("/embed", "getEmbed", "Embedding", "Embeddable map",
		"The map without page chrome, for an article's iframe; the permalink's state as query parameters.",
		[]apiParam{
			query("date", "The date shown, YYYY-MM-DD.", schema{"type": "string"}),
			query("map", "Zoom/latitude/longitude.", schema{"type": "string"}),
			query("size", "WxH: the size in CSS pixels of the map the view was made on; with map, the area it showed is fitted to this map or picture.", schema{"type": "string", "pattern": `^\d+x\d+$`}),
			query("layers", "Visible layers, comma-separated.", schema{"type": "string"}),
			query("sel", "The selected feature, collection:id.", schema{"type": "string"}),
			query("dark", "Colour scheme.", schema{"type": "string", "enum": []any{"auto", "true", "false"}}),
			query("legend", "Show the legend.", schema{"type": "string"}),
			query("controls", "Show the controls.", schema{"type": "string"}),
			paramRef("lang"),
			query("initialWidth", "Pym.js: the width of the parent's frame, in pixels.", schema{"type": "number"}),
			query("childId", "Pym.js: the id of the parent's frame, which the page's height messages carry.", schema{"type": "string"}),
			query("parentTitle", "Pym.js: the title of the parent page.", schema{"type": "string"}),
			query("parentUrl", "Pym.js: the address of the parent page.", schema{"type": "string"}),
		}, ok("The embeddable page.", map[string]apiMedia{typeHTML: html}))
	oembedResp := ok("An oEmbed 1.0 response of type rich.", object)
	oembedResp["501"] = apiResponse{Description: "A format other than json.", Content: map[string]apiMedia{typeProblem: {Schema: ref("problem")}}}
	doc.add("/oembed", "getOEmbed", "Embedding", "oEmbed",
		"The oEmbed answer for a URL of this server's map page or embed; 404 for any other URL.",
		[]apiParam{
			{Name: "url", In: "query", Description: "The map's URL.", Required: true, Schema: schema{"type": "string"}},
			query("maxwidth", "The widest the consumer can show.", schema{"type": "integer", "minimum": 1}),
			query("maxheight", "The tallest the consumer can show.", schema{"type": "integer", "minimum": 1}),
			query("format", "Only json is answered.", schema{"type": "string", "enum": []any{"json"}}),
		}, oembedResp)
	doc.add("/static.png", "getStaticPNG", "Embedding", "Picture of the map",
		"The map drawn on the server as a PNG (countries, the frontier by status, events, their names without overlaps, a metric scale bar and, from 600 pixels wide, a locator inset), in the language lang names, for social cards, print and oEmbed thumbnails.",
		[]apiParam{
			datetimeParam(),
			query("date", "The day shown, YYYY-MM-DD, as the permalink writes it: the same as datetime, and not given with it.", schema{"type": "string", "format": "date"}),
			query("map", "Zoom/latitude/longitude.", schema{"type": "string"}),
			query("size", "WxH: the size in CSS pixels of the map the view was made on; with map, the area it showed is fitted to this map or picture.", schema{"type": "string", "pattern": `^\d+x\d+$`}),
			query("layers", "Visible layers, comma-separated.", schema{"type": "string"}),
			query("sel", "The selected feature, collection:id, as the permalink writes it; its places are named first.", schema{"type": "string"}),
			paramRef("lang"),
			query("width", "Width in pixels, 16 to 2400 (1200).", schema{"type": "integer"}),
			query("height", "Height in pixels, 16 to 2400 (630).", schema{"type": "integer"}),
		}, ok("The picture.", binary("image/png")))
	doc.add("/metrics", "getMetrics", "Summary", "Metrics",
		"Prometheus metrics: requests and latency per route, the tile cache, the dataset version.",
		nil, ok("The metrics, in Prometheus' text format.", map[string]apiMedia{"text/plain": {Schema: schema{"type": "string"}}}))
	doc.add("/healthz", "getHealth", "Summary", "Health", "200 while the data store answers, 503 otherwise.", nil,
		map[string]apiResponse{
			"200": {Description: "The service is up.", Content: json("health")},
			"503": {Description: "The data store does not answer.", Content: map[string]apiMedia{typeProblem: {Schema: ref("problem")}}},
			"414": tooLong(),
		})
	s.deskAPI(doc)
	return doc, nil
}

// ok is a 200 response with the error responses every route may give.
func ok(desc string, content map[string]apiMedia) map[string]apiResponse {
	problem := map[string]apiMedia{typeProblem: {Schema: ref("problem")}}
	return map[string]apiResponse{
		"200":     {Description: desc, Content: content},
		"400":     {Description: "A parameter is malformed, out of range or unknown.", Content: problem},
		"404":     {Description: "There is no such collection or feature.", Content: problem},
		"414":     tooLong(),
		"default": {Description: "An unexpected error.", Content: problem},
	}
}

// tooLong is the answer to a query string longer than every route takes
// (limitQuery), whatever the route.
func tooLong() apiResponse {
	return apiResponse{Description: "The query string is longer than " + strconv.Itoa(maxQueryBytes) + " bytes.",
		Content: map[string]apiMedia{typeProblem: {Schema: ref("problem")}}}
}

func (d *openAPIDoc) add(path, id, tag, summary, desc string, params []apiParam, responses map[string]apiResponse) {
	d.Paths[path] = &apiPath{Get: &apiOperation{
		Summary: summary, Description: desc, OperationID: id, Tags: []string{tag},
		Parameters: params, Responses: responses,
	}}
	d.order = append(d.order, path)
}

func explodeFalse() *bool { b := false; return &b }

func fParam(offered ...format) apiParam {
	enum := make([]any, len(offered))
	for i, f := range offered {
		enum[i] = string(f)
	}
	return apiParam{Name: "f", In: "query", Style: "form", Explode: explodeFalse(),
		Description: "The representation; when absent, the Accept header decides.",
		Schema:      schema{"type": "string", "enum": enum, "default": string(offered[0])}}
}

func bboxParam() apiParam {
	return apiParam{Name: "bbox", In: "query", Style: "form", Explode: explodeFalse(),
		Description: "Features whose geometry meets the box minLon,minLat,maxLon,maxLat (CRS84; 6 numbers with heights are also taken). Features with no geometry never match.",
		Schema: schema{"type": "array", "minItems": 4, "maxItems": 6,
			"items": schema{"type": "number"}}}
}

func datetimeParam() apiParam {
	return apiParam{Name: "datetime", In: "query", Style: "form", Explode: explodeFalse(),
		Description: "An RFC 3339 instant or date (a date is the whole day, UTC), or an interval a/b, ../b or a/.. . " +
			"Features are kept by their own time: a segment's status periods, an event's dates, a deployment's earliest claim; countries and places have no time. " +
			"Statuses shown are those at the interval's end.",
		Schema: schema{"type": "string"}}
}

func limitParam() apiParam {
	return apiParam{Name: "limit", In: "query", Style: "form", Explode: explodeFalse(),
		Description: "Features per page, from 1; a value above " + strconv.Itoa(maxLimit) + " is taken as " + strconv.Itoa(maxLimit) + ".",
		Schema:      schema{"type": "integer", "minimum": 1, "maximum": maxLimit, "default": defaultLimit}}
}

func offsetParam() apiParam {
	return apiParam{Name: "offset", In: "query", Style: "form", Explode: explodeFalse(),
		Description: "How many matching features to skip (after the key given by after, if any); the prev links set it. A large offset costs the features it skips: the next links page by key instead.",
		Schema:      schema{"type": "integer", "minimum": 0, "default": 0}}
}

func flatParam() apiParam {
	return apiParam{Name: "flat", In: "query", Style: "form", Explode: explodeFalse(),
		Description: "true: every property is a scalar. Lists (sources, claims, status history, status claims) become one text each, lines joined with \" | \", for clients that read a nested value as NULL (QGIS's OGC API – Features provider). GeoJSON only: with f=html or f=csv it is a 400, as those write lists as text already.",
		Schema:      schema{"type": "boolean", "default": false}}
}

func langParam() apiParam {
	codes := make([]any, len(i18n.Codes))
	for i, c := range i18n.Codes {
		codes[i] = c
	}
	return apiParam{Name: "lang", In: "query", Style: "form", Explode: explodeFalse(),
		Description: "The language of a page or picture: en, ru, ky or tg; without it, Accept-Language decides. JSON and CSV are not translated and ignore it.",
		Schema:      schema{"type": "string", "enum": codes}}
}

func afterParam() apiParam {
	return apiParam{Name: "after", In: "query", Style: "form", Explode: explodeFalse(),
		Description: "Only features whose id sorts after this one, in the id order pages follow: the next links set it to the last id of the page, so that every page costs what the first does.",
		Schema:      schema{"type": "string"}}
}

// textAPIParam is q, the free-text search over the named properties.
func textAPIParam(props []string) apiParam {
	return apiParam{Name: "q", In: "query",
		Description: fmt.Sprintf("Free text: keeps features whose %s holds it, letters in any case (at most %d characters).", strings.Join(props, ", "), maxText),
		Schema:      schema{"type": "string", "maxLength": maxText}}
}

func filterAPIParam(fp geo.Queryable) apiParam {
	sc := schema{"type": "string"}
	if fp.Integer {
		sc = schema{"type": "integer"}
	}
	if len(fp.Enum) > 0 {
		enum := make([]any, len(fp.Enum))
		for i, e := range fp.Enum {
			enum[i] = e
			if fp.Integer {
				n, _ := strconv.Atoi(e)
				enum[i] = n
			}
		}
		sc["enum"] = enum
	}
	return apiParam{Name: fp.Name, In: "query", Style: "form", Explode: explodeFalse(), Description: fp.Description, Schema: sc}
}

// componentSchemas are the response bodies, as far as a client relies on
// them.
func componentSchemas() map[string]schema {
	str := schema{"type": "string"}
	links := schema{"type": "array", "items": ref("link")}
	return map[string]schema{
		"link": {"type": "object", "required": []string{"href"}, "properties": schema{
			"href": str, "rel": str, "type": str, "title": str}},
		"landingPage": {"type": "object", "required": []string{"links"}, "properties": schema{
			"title": str, "description": str, "attribution": str, "license": str, "disclaimer": str, "links": links}},
		"confClasses": {"type": "object", "required": []string{"conformsTo"}, "properties": schema{
			"conformsTo": schema{"type": "array", "items": str}, "links": links}},
		"extent": {"type": "object", "properties": schema{
			"spatial": schema{"type": "object", "properties": schema{
				"bbox": schema{"type": "array", "minItems": 1, "items": schema{"type": "array", "minItems": 4, "maxItems": 6, "items": schema{"type": "number"}}},
				"crs":  str}},
			"temporal": schema{"type": "object", "properties": schema{
				"interval": schema{"type": "array", "minItems": 1, "items": schema{"type": "array", "minItems": 2, "maxItems": 2,
					"items": schema{"type": "string", "format": "date-time", "nullable": true}}},
				"trs": str}}}},
		"collection": {"type": "object", "required": []string{"id", "links"}, "properties": schema{
			"id": str, "title": str, "description": str, "itemType": str, "license": str, "attribution": str,
			"crs": schema{"type": "array", "items": str}, "extent": ref("extent"), "links": links}},
		"collections": {"type": "object", "required": []string{"links", "collections"}, "properties": schema{
			"links": links, "collections": schema{"type": "array", "items": ref("collection")}}},
		"geometryGeoJSON": {"type": "object", "nullable": true, "required": []string{"type"}, "properties": schema{
			"type":        schema{"type": "string", "enum": []string{"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"}},
			"coordinates": schema{"type": "array", "items": schema{}}}},
		"featureGeoJSON": {"type": "object", "required": []string{"type", "geometry", "properties"}, "properties": schema{
			"type":       schema{"type": "string", "enum": []string{"Feature"}},
			"id":         str,
			"geometry":   ref("geometryGeoJSON"),
			"properties": schema{"type": "object", "nullable": true},
			"links":      links}},
		"featureCollectionGeoJSON": {"type": "object", "required": []string{"type", "features"}, "properties": schema{
			"type":           schema{"type": "string", "enum": []string{"FeatureCollection"}},
			"features":       schema{"type": "array", "items": ref("featureGeoJSON")},
			"links":          links,
			"timeStamp":      schema{"type": "string", "format": "date-time"},
			"numberMatched":  schema{"type": "integer", "minimum": 0},
			"numberReturned": schema{"type": "integer", "minimum": 0}}},
		"reportedFigure": {"type": "object", "required": []string{"id", "date", "claimant", "kind", "measure", "figure", "sources", "grade"}, "properties": schema{
			"id": str, "date": schema{"type": "string", "format": "date"}, "date_label": str, "time_precision": schema{"type": "integer"},
			"date_basis": str, "claimant": str, "claimant_side": str,
			"kind":    schema{"type": "string", "enum": []string{"status", "round", "length"}},
			"measure": str, "figure": str, "qualifier": str, "value": schema{"type": "number"}, "value_high": schema{"type": "number"},
			"unit": str, "of_km": schema{"type": "number"}, "grade": schema{"type": "string", "enum": []string{"A", "B", "C"}},
			"note": str, "sources": schema{"type": "array", "items": schema{"type": "object"}}}},
		"stats": {"type": "object", "required": []string{"as_of", "official_length_km", "measured_length_km", "km", "share", "reported"}, "properties": schema{
			"as_of": schema{"type": "string", "format": "date-time"}, "datetime": str,
			"official_length_km": schema{"type": "number"}, "official_length_source": schema{"type": "object"},
			"measured_length_km": schema{"type": "number"},
			"km":                 schema{"type": "object", "additionalProperties": schema{"type": "number"}},
			"share":              schema{"type": "object", "additionalProperties": schema{"type": "number"}},
			"segments":           schema{"type": "object", "additionalProperties": schema{"type": "integer"}},
			"reported":           schema{"type": "array", "items": ref("reportedFigure")},
			"reported_latest":    schema{"type": "array", "items": ref("reportedFigure")},
			"links":              links}},
		"health": {"type": "object", "required": []string{"status"}, "properties": schema{"status": str}},
		"problem": {"type": "object", "required": []string{"type", "title", "status"}, "properties": schema{
			"type": str, "title": str, "status": schema{"type": "integer"}, "detail": str, "instance": str}},
	}
}

// apiRoute is one operation as the HTML page lists it.
type apiRoute struct {
	Path        string
	Summary     string
	Description string
	Params      []apiParam
	Responses   []apiRouteResponse
}

type apiRouteResponse struct {
	Status      string
	Description string
	Types       []string
}

// routes lists the document's operations in the order they were added.
func (d *openAPIDoc) routes() []apiRoute {
	out := make([]apiRoute, 0, len(d.order))
	for _, p := range d.order {
		op := d.Paths[p].Get
		r := apiRoute{Path: p, Summary: op.Summary, Description: op.Description}
		for _, prm := range op.Parameters {
			if name, ok := strings.CutPrefix(prm.Ref, "#/components/parameters/"); ok {
				prm = d.Components.Parameters[name]
			}
			r.Params = append(r.Params, prm)
		}
		codes := make([]string, 0, len(op.Responses))
		for code := range op.Responses {
			codes = append(codes, code)
		}
		slices.Sort(codes)
		for _, code := range codes {
			resp := op.Responses[code]
			rr := apiRouteResponse{Status: code, Description: resp.Description}
			for t := range resp.Content {
				rr.Types = append(rr.Types, t)
			}
			slices.Sort(rr.Types)
			r.Responses = append(r.Responses, rr)
		}
		out = append(out, r)
	}
	return out
}
