package web

import (
	"math"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"

	"github.com/frontier-map/frontier/tiles"
)

// OGC API – Tiles 1.0 (OGC 20-057) over the same tiles as /tiles/border:
// one dataset tileset in the WebMercatorQuad tile matrix set, whose
// metadata follows OGC 2D Tile Matrix Set and Tileset Metadata 2.0 (OGC
// 17-083r4). The tiles are the MVT of /tiles/border, addressed as
// {tileMatrix}/{tileRow}/{tileCol} (zoom, row from the north, column).

// ogcTilesConformance are the OGC API – Tiles requirement classes that
// hold: one dataset tileset, listed, described and served as MVT.
func ogcTilesConformance() []string {
	const tiles = "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/"
	return []string{tiles + "core", tiles + "tileset", tiles + "tilesets-list", tiles + "dataset-tilesets", tiles + "mvt", tiles + "oas30",
		"http://www.opengis.net/spec/tms/2.0/conf/tilematrixset", "http://www.opengis.net/spec/tms/2.0/conf/json-tilematrixset",
		"http://www.opengis.net/spec/tms/2.0/conf/tilesetmetadata", "http://www.opengis.net/spec/tms/2.0/conf/json-tilesetmetadata"}
}

// Link relations and identifiers of OGC API – Tiles and the TMS standard.
const (
	relTilesetsVector = "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector"
	relTilingScheme   = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme"
	relTilingSchemes  = "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes"
	webMercatorQuad   = "WebMercatorQuad"
	webMercatorURI    = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad"
	crs3857           = "http://www.opengis.net/def/crs/EPSG/0/3857"
	// ogcTilePath is the tile template of the tileset, relative to the base.
	ogcTilePath = "/tiles/" + webMercatorQuad + "/{tileMatrix}/{tileRow}/{tileCol}"
)

// templatedLink is a link whose href is a URI template (tileset items).
type templatedLink struct {
	link
	Templated bool `json:"templated,omitempty"`
}

type tilesetSummary struct {
	Title            string          `json:"title"`
	DataType         string          `json:"dataType"`
	CRS              string          `json:"crs"`
	TileMatrixSetURI string          `json:"tileMatrixSetURI"`
	Links            []templatedLink `json:"links"`
}

type tilesetLayer struct {
	ID                string `json:"id"`
	Title             string `json:"title,omitempty"`
	Description       string `json:"description"`
	DataType          string `json:"dataType"`
	GeometryDimension int    `json:"geometryDimension"`
	MinTileMatrix     string `json:"minTileMatrix"`
	MaxTileMatrix     string `json:"maxTileMatrix"`
	PropertiesSchema  schema `json:"propertiesSchema"`
}

type tileMatrixLimits struct {
	TileMatrix string `json:"tileMatrix"`
	MinTileRow uint32 `json:"minTileRow"`
	MaxTileRow uint32 `json:"maxTileRow"`
	MinTileCol uint32 `json:"minTileCol"`
	MaxTileCol uint32 `json:"maxTileCol"`
}

type boundingBox struct {
	LowerLeft  [2]float64 `json:"lowerLeft"`
	UpperRight [2]float64 `json:"upperRight"`
	CRS        string     `json:"crs"`
}

type tileset struct {
	tilesetSummary
	Description         string             `json:"description"`
	Attribution         string             `json:"attribution"`
	BoundingBox         *boundingBox       `json:"boundingBox,omitempty"`
	TileMatrixSetLimits []tileMatrixLimits `json:"tileMatrixSetLimits"`
	Layers              []tilesetLayer     `json:"layers"`
}

// tilesetSummary is the tileset as the list gives it, with its links.
func (s *Server) tilesetSummary(base string) tilesetSummary {
	return tilesetSummary{
		Title:            "Frontier: the Kyrgyzstan–Tajikistan border",
		DataType:         "vector",
		CRS:              crs3857,
		TileMatrixSetURI: webMercatorURI,
		Links: []templatedLink{
			{link: link{Href: base + "/tiles/" + webMercatorQuad, Rel: "self", Type: typeJSON, Title: "this tileset"}},
			{link: link{Href: base + "/tileMatrixSets/" + webMercatorQuad, Rel: relTilingScheme, Type: typeJSON, Title: "the WebMercatorQuad tile matrix set"}},
			{link: link{Href: base + ogcTilePath, Rel: "item", Type: mvtType, Title: "a tile (add ?datetime= for another date)"}, Templated: true},
			{link: link{Href: base + "/tiles/border.json", Rel: "describedby", Type: typeJSON, Title: "the same tiles as TileJSON"}},
		},
	}
}

// handleTilesets answers GET /tiles: the dataset's tilesets (one).
func (s *Server) handleTilesets(c echo.Context) error {
	if err := s.onlyJSON(c); err != nil {
		return err
	}
	base, err := s.baseURL(c)
	if err != nil {
		return err
	}
	body := struct {
		Links    []link           `json:"links"`
		Tilesets []tilesetSummary `json:"tilesets"`
	}{
		Links:    []link{{Href: base + "/tiles", Rel: "self", Type: typeJSON, Title: "this list of tilesets"}},
		Tilesets: []tilesetSummary{s.tilesetSummary(base)},
	}
	c.Response().Header()["Cache-Control"] = s.tileCacheControl
	return writeJSON(c, typeJSON, body)
}

// handleTileset answers GET /tiles/WebMercatorQuad: the tileset's
// metadata, with the tile rows and columns that hold data at every zoom
// and its layers as the tiles encode them.
func (s *Server) handleTileset(c echo.Context) error {
	if err := s.onlyJSON(c); err != nil {
		return err
	}
	base, err := s.baseURL(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	view, err := s.tiles.ViewAt(ctx, s.now())
	if err != nil {
		return err
	}
	tj, err := s.tiles.TileJSON(ctx, tiles.TileJSONOptions{BaseURL: base})
	if err != nil {
		return err
	}
	body := tileset{tilesetSummary: s.tilesetSummary(base), Description: tj.Description, Attribution: tj.Attribution}
	bounds := orb.Bound{Min: orb.Point{-180, -85.0511}, Max: orb.Point{180, 85.0511}}
	if !view.Empty {
		bounds = view.Bounds
		body.BoundingBox = &boundingBox{LowerLeft: [2]float64{bounds.Min[0], bounds.Min[1]}, UpperRight: [2]float64{bounds.Max[0], bounds.Max[1]}, CRS: crs84}
	}
	for z := uint32(0); z <= tiles.MaxZoom; z++ {
		nw := maptile.At(orb.Point{bounds.Min[0], bounds.Max[1]}, maptile.Zoom(z))
		se := maptile.At(orb.Point{bounds.Max[0], bounds.Min[1]}, maptile.Zoom(z))
		body.TileMatrixSetLimits = append(body.TileMatrixSetLimits, tileMatrixLimits{
			TileMatrix: strconv.Itoa(int(z)), MinTileRow: nw.Y, MaxTileRow: se.Y, MinTileCol: nw.X, MaxTileCol: se.X})
	}
	for _, l := range tiles.Schemas() {
		props := schema{}
		for _, f := range l.Fields {
			props[f.Name] = schema{"type": map[string]string{tiles.FieldString: "string", tiles.FieldNumber: "number", tiles.FieldBoolean: "boolean"}[f.Type]}
		}
		body.Layers = append(body.Layers, tilesetLayer{
			ID: l.ID, Description: l.Description, DataType: "vector", GeometryDimension: l.Dimension,
			MinTileMatrix: strconv.Itoa(int(l.MinZoom)), MaxTileMatrix: strconv.Itoa(int(l.MaxZoom)),
			PropertiesSchema: schema{"type": "object", "properties": props},
		})
	}
	c.Response().Header()["Cache-Control"] = s.tileCacheControl
	return writeJSON(c, typeJSON, body)
}

// handleOGCTile answers GET /tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}:
// the tile /tiles/border/{z}/{x}/{y}.mvt answers, datetime included.
func (s *Server) handleOGCTile(c echo.Context) error {
	if err := checkParams(c.QueryParams(), "datetime", "f"); err != nil {
		return err
	}
	if f := c.QueryParam("f"); f != "" && f != "mvt" {
		return &NotFoundError{What: "tile format " + strconv.Quote(f) + " (this tileset is MVT: f=mvt)"}
	}
	key, err := tiles.ParseKey(c.Param("tileMatrix"), c.Param("tileCol"), c.Param("tileRow"))
	if err != nil {
		return err
	}
	asOf, err := s.asOf(c)
	if err != nil {
		return err
	}
	return s.writeTile(c, key, asOf, "", s.tileCacheControl)
}

// handleTileMatrixSets answers GET /tileMatrixSets: the one tile matrix set.
func (s *Server) handleTileMatrixSets(c echo.Context) error {
	if err := s.onlyJSON(c); err != nil {
		return err
	}
	base, err := s.baseURL(c)
	if err != nil {
		return err
	}
	type entry struct {
		ID    string `json:"id"`
		Title string `json:"title"`
		URI   string `json:"uri"`
		Links []link `json:"links"`
	}
	body := struct {
		Links          []link  `json:"links"`
		TileMatrixSets []entry `json:"tileMatrixSets"`
	}{
		Links: []link{{Href: base + "/tileMatrixSets", Rel: "self", Type: typeJSON, Title: "this list of tile matrix sets"}},
		TileMatrixSets: []entry{{ID: webMercatorQuad, Title: "Google Maps Compatible for the World", URI: webMercatorURI,
			Links: []link{{Href: base + "/tileMatrixSets/" + webMercatorQuad, Rel: relTilingScheme, Type: typeJSON, Title: "the definition"}}}},
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=86400")
	return writeJSON(c, typeJSON, body)
}

// tileMatrix is one zoom of a tile matrix set (OGC 17-083r4, JSON).
//
// GDAL 3.6, the version QGIS 3.22-era systems carry, reads only the member
// names of TMS 1.0 (identifier, supportedCRS, topLeftCorner); the 2.0
// document carries them too, as extra members a 2.0 reader ignores.
type tileMatrix struct {
	ID               string     `json:"id"`
	Identifier       string     `json:"identifier"`
	TopLeftCorner    [2]float64 `json:"topLeftCorner"`
	ScaleDenominator float64    `json:"scaleDenominator"`
	CellSize         float64    `json:"cellSize"`
	CornerOfOrigin   string     `json:"cornerOfOrigin"`
	PointOfOrigin    [2]float64 `json:"pointOfOrigin"`
	TileWidth        int        `json:"tileWidth"`
	TileHeight       int        `json:"tileHeight"`
	MatrixWidth      int        `json:"matrixWidth"`
	MatrixHeight     int        `json:"matrixHeight"`
}

// handleTileMatrixSet answers GET /tileMatrixSets/WebMercatorQuad: the
// definition of OGC's WebMercatorQuad, zooms 0 to tiles.MaxZoom.
func (s *Server) handleTileMatrixSet(c echo.Context) error {
	if err := s.onlyJSON(c); err != nil {
		return err
	}
	// Web Mercator's half extent and the cell size of zoom 0 on 256-pixel
	// tiles; the scale denominator assumes OGC's 0.28 mm pixel.
	const r = 6378137.0
	half := math.Pi * r
	cell0 := 2 * half / 256
	body := struct {
		ID                string       `json:"id"`
		Identifier        string       `json:"identifier"`
		Title             string       `json:"title"`
		URI               string       `json:"uri"`
		CRS               string       `json:"crs"`
		SupportedCRS      string       `json:"supportedCRS"`
		BoundingBox       boundingBox  `json:"boundingBox"`
		OrderedAxes       []string     `json:"orderedAxes"`
		WellKnownScaleSet string       `json:"wellKnownScaleSet"`
		TileMatrices      []tileMatrix `json:"tileMatrices"`
	}{
		ID: webMercatorQuad, Identifier: webMercatorQuad, Title: "Google Maps Compatible for the World", URI: webMercatorURI,
		CRS: crs3857, SupportedCRS: crs3857,
		BoundingBox: boundingBox{LowerLeft: [2]float64{-half, -half}, UpperRight: [2]float64{half, half}, CRS: crs3857},
		OrderedAxes: []string{"E", "N"}, WellKnownScaleSet: "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible",
	}
	for z := 0; z <= int(tiles.MaxZoom); z++ {
		n := 1 << z
		cell := cell0 / float64(n)
		body.TileMatrices = append(body.TileMatrices, tileMatrix{
			ID: strconv.Itoa(z), Identifier: strconv.Itoa(z), ScaleDenominator: cell / 0.00028, CellSize: cell, CornerOfOrigin: "topLeft",
			PointOfOrigin: [2]float64{-half, half}, TopLeftCorner: [2]float64{-half, half}, TileWidth: 256, TileHeight: 256, MatrixWidth: n, MatrixHeight: n,
		})
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=86400")
	return writeJSON(c, typeJSON, body)
}

// onlyJSON checks that a JSON-only resource is asked for as JSON.
func (s *Server) onlyJSON(c echo.Context) error {
	if err := checkParams(c.QueryParams(), "f"); err != nil {
		return err
	}
	_, err := negotiate(c, formatJSON)
	return err
}
