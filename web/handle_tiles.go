package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/frontier-map/frontier/tiles"
)

// mvtType is the media type of a Mapbox Vector Tile.
const mvtType = "application/vnd.mapbox-vector-tile"

// handleTileJSON answers GET /tiles/border.json: the TileJSON 3.0.0
// document whose tile URLs are absolute (from --public-url or the allowed
// Host) and versioned: they name the dataset version and the change state
// the datetime falls in, so a CDN keeps them for a year and an import
// shows through new URLs rather than a purge. The document itself changes
// with the data and the clock, so it is cached briefly.
func (s *Server) handleTileJSON(c echo.Context) error {
	if err := checkParams(c.QueryParams(), "datetime"); err != nil {
		return err
	}
	asOf, err := s.asOf(c)
	if err != nil {
		return err
	}
	base, err := s.baseURL(c)
	if err != nil {
		return err
	}
	view, err := s.tiles.ViewAt(c.Request().Context(), asOf)
	if err != nil {
		return err
	}
	// The document names the tiles of one version and state: its path
	// keys it (the tiles trust their version for their own second).
	path := tiles.VersionedTilePath(view)
	c.Response().Header()["Cache-Control"] = s.tileCacheControl
	return s.serveDocument(c, typeJSON, path, func(ctx context.Context) (any, error) {
		return s.tiles.TileJSON(ctx, tiles.TileJSONOptions{BaseURL: base, TilePath: path})
	})
}

// handleTile answers GET /tiles/border/{z}/{x}/{y}.mvt?datetime=: the tile
// as of the datetime's end (now by default), for clients that build tile
// URLs themselves. Its bytes change with the data, so it is cached for
// --tile-max-age and revalidated with its ETag.
func (s *Server) handleTile(c echo.Context) error {
	if err := checkParams(c.QueryParams(), "datetime"); err != nil {
		return err
	}
	key, err := tileKey(c)
	if err != nil {
		return err
	}
	asOf, err := s.asOf(c)
	if err != nil {
		return err
	}
	return s.writeTile(c, key, asOf, "", s.tileCacheControl)
}

// asOf is the instant a tile request draws: the end of its datetime, or
// now.
func (s *Server) asOf(c echo.Context) (time.Time, error) {
	v, ok := c.QueryParams()["datetime"]
	if !ok {
		return s.now(), nil
	}
	iv, err := parseDatetime(v[0])
	if err != nil {
		return time.Time{}, err
	}
	return iv.AsOf(s.now()), nil
}

// immutable is the Cache-Control of a versioned tile: its URL names the
// data it was drawn from, so its bytes never change.
var immutable = []string{"public, max-age=31536000, immutable"}

// handleVersionedTile answers GET
// /tiles/border/v/{version}/{state}/{z}/{x}/{y}.mvt, the URLs TileJSON
// gives, with a year's immutable caching.
//
// A URL of another version (an old TileJSON still held by a page or a
// cache) or of a day that is not the state's first is redirected to the
// current version's URL for that day. It cannot stay valid: the store holds
// the current data only, and answering new bytes under an old immutable URL
// would break its promise to every cache that kept the old ones. The
// redirect itself is cached only for --tile-max-age, so it follows the
// next import too.
func (s *Server) handleVersionedTile(c echo.Context) error {
	if err := checkParams(c.QueryParams()); err != nil {
		return err
	}
	key, err := tileKey(c)
	if err != nil {
		return err
	}
	state, err := tiles.ParseURLState(c.Param("state"))
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	version := c.Param("version")
	view, err := s.tiles.ViewAt(ctx, state.Time())
	if err != nil {
		return err
	}
	if tiles.URLVersion(view.Version) != version {
		// Another replica of this store may have seen an import first:
		// ask the store now rather than trust the version read lately.
		s.tiles.Recheck()
		if view, err = s.tiles.ViewAt(ctx, state.Time()); err != nil {
			return err
		}
	}
	if tiles.URLVersion(view.Version) != version || view.State != state {
		return s.redirectTile(c, view, key)
	}
	return s.writeTile(c, key, view.Instant, version, immutable)
}

// redirectTile sends a versioned tile URL to the one of view.
func (s *Server) redirectTile(c echo.Context, view tiles.View, key tiles.Key) error {
	base, err := s.baseURL(c)
	if err != nil {
		return err
	}
	path := strings.NewReplacer("{z}", strconv.Itoa(int(key.Z)), "{x}", strconv.Itoa(int(key.X)), "{y}", strconv.Itoa(int(key.Y))).
		Replace(tiles.VersionedTilePath(view))
	c.Response().Header()["Cache-Control"] = s.tileCacheControl
	return c.Redirect(http.StatusFound, base+path)
}

// tileKey reads the {z}/{x}/{y}.mvt of a tile route.
func tileKey(c echo.Context) (tiles.Key, error) {
	y, ok := strings.CutSuffix(c.Param("y"), ".mvt")
	if !ok {
		return tiles.Key{}, &NotFoundError{What: fmt.Sprintf("tile format %q (tiles end in .mvt)", c.Param("y"))}
	}
	return tiles.ParseKey(c.Param("z"), c.Param("x"), y)
}

// writeTile answers with the tile key as of asOf. An empty tile is 204.
// The gzipped bytes go only to a client that accepts gzip, always with
// Content-Encoding, and the answer varies on Accept-Encoding; a strong ETag
// per representation answers If-None-Match with 304. When version is set
// (a versioned URL), a tile drawn from another version (an import landed
// meanwhile) is redirected rather than answered under the wrong URL.
func (s *Server) writeTile(c echo.Context, key tiles.Key, asOf time.Time, version string, cacheControl []string) error {
	h := c.Response().Header()
	h.Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
	h["Cache-Control"] = cacheControl
	gz := acceptsGzip(c.Request().Header.Get(echo.HeaderAcceptEncoding))
	ctx := c.Request().Context()

	// A conditional request is answered from the dataset version alone,
	// without drawing the tile.
	if inm := c.Request().Header.Get("If-None-Match"); inm != "" {
		etag, err := s.tiles.ETag(ctx, key, asOf)
		if err != nil {
			return err
		}
		// The tile is sent gzipped only when that makes it smaller, which
		// is not known before it is drawn: either representation's tag
		// names this state of this tile.
		if gz && !etagMatches(inm, etag) {
			etag = tiles.GzipETag(etag)
		}
		if etagMatches(inm, etag) {
			notADocument(h)
			h.Set("ETag", etag)
			return c.NoContent(http.StatusNotModified)
		}
	}
	t, drew, err := s.tiles.TileTimed(ctx, key, asOf)
	if err != nil {
		return err
	}
	if drew > 0 {
		h["Server-Timing"] = serverTiming(drew)
	}
	if version != "" && tiles.URLVersion(t.Version) != version {
		view, err := s.tiles.ViewAt(ctx, asOf)
		if err != nil {
			return err
		}
		return s.redirectTile(c, view, key)
	}
	notADocument(h)
	if t.Empty {
		h.Set("ETag", t.ETag)
		return c.NoContent(http.StatusNoContent)
	}
	body, etag, length := t.Raw, t.Values.ETag, t.Values.RawLength
	if gz && t.Gzip != nil {
		body, etag, length = t.Gzip, t.Values.GzipETag, t.Values.GzipLength
		h[echo.HeaderContentEncoding] = gzipEncoding
	}
	// The header values are made once (see securityHeaders and
	// tiles.HeaderValues), the body written as it is.
	h["Etag"] = etag
	h[echo.HeaderContentType] = mvtTypes
	h[echo.HeaderContentLength] = length
	c.Response().WriteHeader(http.StatusOK)
	_, err = c.Response().Write(body)
	return err
}

var (
	mvtTypes     = []string{mvtType}
	gzipEncoding = []string{"gzip"}
)

// tileCacheControl builds the Cache-Control of tiles: public, for maxAge.
func tileCacheControl(maxAge time.Duration) []string {
	if maxAge <= 0 {
		return []string{"no-cache"}
	}
	return []string{fmt.Sprintf("public, max-age=%d", int(maxAge.Seconds()))}
}

// acceptsGzip reads Accept-Encoding (RFC 9110 §12.5.3): gzip (or x-gzip, or
// *) with a q-value above zero.
func acceptsGzip(header string) bool {
	star, gzip := false, -1.0
	for rest := header; rest != ""; {
		// Cut, not Split: this runs on every tile request, without
		// allocating.
		var part string
		part, rest, _ = strings.Cut(rest, ",")
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if _, err := fmt.Sscanf(v, "%g", &q); err != nil {
				q = 0
			}
		}
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "gzip", "x-gzip":
			gzip = q
		case "*":
			star = q > 0
		}
	}
	if gzip >= 0 {
		return gzip > 0
	}
	return star
}

// etagMatches applies If-None-Match's weak comparison (RFC 9110 §13.1.2).
func etagMatches(header, etag string) bool {
	trim := func(s string) string { return strings.TrimPrefix(strings.TrimSpace(s), "W/") }
	for _, cand := range strings.Split(header, ",") {
		if c := strings.TrimSpace(cand); c == "*" || trim(c) == trim(etag) {
			return true
		}
	}
	return false
}

// handleStyle answers GET /styles/border.json: a MapLibre style (version 8)
// drawing the tiles as the map page does, with the TileJSON as its source,
// for MapLibre GL, QGIS and any other client of Mapbox-style documents.
func (s *Server) handleStyle(c echo.Context) error {
	if err := checkParams(c.QueryParams()); err != nil {
		return err
	}
	base, err := s.baseURL(c)
	if err != nil {
		return err
	}
	c.Response().Header()["Cache-Control"] = s.tileCacheControl
	return writeJSON(c, typeJSON, tiles.Style(tiles.StyleOptions{SourceURL: base + "/tiles/border.json"}))
}
