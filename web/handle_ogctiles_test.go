package web

import (
	"bytes"
	"math"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/frontier-map/frontier/internal/testtool"
)

// TestOGCAPITiles reads the OGC API – Tiles resources as a client of the
// standard would: conformance, the landing page's links, the tileset list,
// the tileset with its limits and layers, the tile matrix set, and a tile
// that is the same as the one /tiles/border serves.
func TestOGCAPITiles(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	conf := decodeBody[struct{ ConformsTo []string }](t, get(t, h, "/conformance"))
	for _, c := range []string{"core", "tileset", "tilesets-list", "dataset-tilesets", "mvt"} {
		if !slices.Contains(conf.ConformsTo, "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/"+c) {
			t.Errorf("/conformance lacks OGC API – Tiles %s: %v", c, conf.ConformsTo)
		}
	}
	landing := decodeBody[landingBody](t, get(t, h, "/?f=json"))
	for rel, want := range map[string]string{relTilesetsVector: "http://example.com/tiles", relTilingSchemes: "http://example.com/tileMatrixSets"} {
		if l, ok := linkRel(landing.Links, rel, ""); !ok || l.Href != want {
			t.Errorf("landing page link %s: %+v", rel, l)
		}
	}

	type tilesetLinks struct {
		Links []struct {
			Href, Rel, Type string
			Templated       bool
		}
	}
	list := decodeBody[struct {
		Tilesets []struct {
			DataType, TileMatrixSetURI string
			tilesetLinks
		}
	}](t, get(t, h, "/tiles"))
	if len(list.Tilesets) != 1 || list.Tilesets[0].DataType != "vector" || !strings.HasSuffix(list.Tilesets[0].TileMatrixSetURI, "/WebMercatorQuad") {
		t.Fatalf("/tiles: %+v", list)
	}

	rec := get(t, h, "/tiles/WebMercatorQuad")
	wantStatus(t, rec, http.StatusOK, "application/json")
	ts := decodeBody[struct {
		tilesetLinks
		TileMatrixSetLimits []struct {
			TileMatrix                                     string
			MinTileRow, MaxTileRow, MinTileCol, MaxTileCol uint32
		}
		Layers []struct {
			ID                string
			GeometryDimension int
			PropertiesSchema  struct{ Properties map[string]any }
		}
	}](t, rec)
	var item string
	for _, l := range ts.Links {
		if l.Rel == "item" && l.Type == mvtType && l.Templated {
			item = l.Href
		}
	}
	if item != "http://example.com/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}" {
		t.Errorf("tile template %q", item)
	}
	if len(ts.TileMatrixSetLimits) != 15 {
		t.Fatalf("%d tile matrix limits, want 15 (zooms 0–14)", len(ts.TileMatrixSetLimits))
	}
	z10 := ts.TileMatrixSetLimits[10]
	if z10.TileMatrix != "10" || z10.MinTileCol > 712 || z10.MaxTileCol < 712 || z10.MinTileRow > 388 || z10.MaxTileRow < 388 || z10.MaxTileCol-z10.MinTileCol > 100 {
		t.Errorf("zoom 10 limits %+v do not hold Vorukh (712, 388) or reach far beyond the data", z10)
	}
	dims := map[string]int{}
	for _, l := range ts.Layers {
		dims[l.ID] = l.GeometryDimension
		if len(l.PropertiesSchema.Properties) == 0 {
			t.Errorf("layer %s has no properties schema", l.ID)
		}
	}
	if want := map[string]int{"frontier": 1, "countries": 2, "clashes": 0, "deployments": 0, "places": 0}; !equalMaps(dims, want) {
		t.Errorf("layers %v, want %v", dims, want)
	}

	tms := decodeBody[struct {
		ID, CRS      string
		TileMatrices []struct {
			ID                                   string
			ScaleDenominator, CellSize           float64
			PointOfOrigin                        [2]float64
			MatrixWidth, MatrixHeight, TileWidth int
		}
	}](t, get(t, h, "/tileMatrixSets/WebMercatorQuad"))
	if tms.ID != "WebMercatorQuad" || tms.CRS != crs3857 || len(tms.TileMatrices) != 15 {
		t.Fatalf("tile matrix set %+v", tms)
	}
	// OGC 17-083r4 Annex D gives WebMercatorQuad's zoom 0 scale
	// denominator as 559082264.0287178.
	m0, m14 := tms.TileMatrices[0], tms.TileMatrices[14]
	if math.Abs(m0.ScaleDenominator-559082264.0287178) > 1e-4 || m0.PointOfOrigin != [2]float64{-20037508.342789244, 20037508.342789244} || m0.TileWidth != 256 {
		t.Errorf("zoom 0 %+v", m0)
	}
	if m14.ID != "14" || m14.MatrixWidth != 1<<14 || math.Abs(m14.ScaleDenominator*16384-m0.ScaleDenominator) > 1e-3 {
		t.Errorf("zoom 14 %+v", m14)
	}
	if l := decodeBody[struct{ TileMatrixSets []struct{ ID string } }](t, get(t, h, "/tileMatrixSets")); len(l.TileMatrixSets) != 1 || l.TileMatrixSets[0].ID != "WebMercatorQuad" {
		t.Errorf("/tileMatrixSets %+v", l)
	}

	// {tileMatrix}/{tileRow}/{tileCol}: row before column.
	ogc := get(t, h, "/tiles/WebMercatorQuad/10/388/712?datetime=2023-09-01")
	wantStatus(t, ogc, http.StatusOK, mvtType)
	plain := get(t, h, vorukhTile+"?datetime=2023-09-01")
	if !bytes.Equal(ogc.Body.Bytes(), plain.Body.Bytes()) {
		t.Error("the OGC tile differs from /tiles/border's")
	}
	for target, status := range map[string]int{
		"/tiles/WebMercatorQuad/15/0/0":       http.StatusNotFound,
		"/tiles/WebMercatorQuad/3/8/0":        http.StatusNotFound,
		"/tiles/WebMercatorQuad/3/0/0?f=png":  http.StatusNotFound,
		"/tiles/WebMercatorQuad/x/0/0":        http.StatusBadRequest,
		"/tiles/WebMercatorQuad?f=html":       http.StatusBadRequest,
		"/tileMatrixSets/WorldCRS84Quad":      http.StatusNotFound,
		"/tiles/WebMercatorQuad/3/0/0?zoom=3": http.StatusBadRequest,
	} {
		if rec := get(t, h, target); rec.Code != status {
			t.Errorf("%s: %d, want %d", target, rec.Code, status)
		}
	}
}

func equalMaps(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestOGCAPITilesInGDAL opens a collection with GDAL's OGCAPI driver
// asking for tiles, as QGIS does. GDAL 3.6 follows the collection's
// tilesets-vector link to the tileset list, the tileset and the tile
// matrix set, and parses the tile matrix set (it reads TMS 1.0's member
// names, which the document carries beside 2.0's); it then compares the
// collection's CRS84 extent with the Web Mercator matrix and opens no
// layer, so reading the tiles is left to its MVT driver over the TileJSON.
func TestOGCAPITilesInGDAL(t *testing.T) {
	ogrinfo := testtool.GDAL(t, "ogrinfo")
	var mu sync.Mutex
	var paths []string
	h := newTestServer(t, newTestStore(t))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	out, _ := exec.CommandContext(t.Context(), ogrinfo, "-ro", "-so", "OGCAPI:"+srv.URL+"/collections/frontier", "-oo", "API=TILES").CombinedOutput()
	mu.Lock()
	defer mu.Unlock()
	for _, want := range []string{"/collections/frontier", "/tiles", "/tiles/WebMercatorQuad", "/tileMatrixSets/WebMercatorQuad"} {
		if !slices.Contains(paths, want) {
			t.Errorf("GDAL did not fetch %s (it fetched %v):\n%s", want, paths, out)
		}
	}
	for _, bad := range []string{"Invalid tiling matrix set", "Cannot parse CRS", "Missing", "Cannot find"} {
		if strings.Contains(string(out), bad) {
			t.Errorf("GDAL could not read the tileset:\n%s", out)
		}
	}
}
