package web

import (
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
// document whose tile URLs are absolute (from --public-url or the checked
// Host) and carry the datetime it was asked for.
func (s *Server) handleTileJSON(c echo.Context) error {
	if err := checkParams(c.QueryParams(), "datetime"); err != nil {
		return err
	}
	dt := c.QueryParam("datetime")
	if _, ok := c.QueryParams()["datetime"]; ok {
		if _, err := parseDatetime(dt); err != nil {
			return err
		}
	}
	base, err := s.baseURL(c)
	if err != nil {
		return err
	}
	doc, err := s.tiles.TileJSON(c.Request().Context(), tiles.TileJSONOptions{BaseURL: base, Datetime: dt})
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=60")
	return c.JSON(http.StatusOK, doc)
}

// handleTile answers GET /tiles/border/{z}/{x}/{y}.mvt?datetime=: the tile
// as of the datetime's end (now by default). An empty tile is 204. The
// gzipped bytes go only to a client that accepts gzip, always with
// Content-Encoding, and the answer varies on Accept-Encoding; a strong ETag
// per representation answers If-None-Match with 304.
func (s *Server) handleTile(c echo.Context) error {
	if err := checkParams(c.QueryParams(), "datetime"); err != nil {
		return err
	}
	y, ok := strings.CutSuffix(c.Param("y"), ".mvt")
	if !ok {
		return &NotFoundError{What: fmt.Sprintf("tile format %q (tiles end in .mvt)", c.Param("y"))}
	}
	key, err := tiles.ParseKey(c.Param("z"), c.Param("x"), y)
	if err != nil {
		return err
	}
	asOf := s.now()
	if v, ok := c.QueryParams()["datetime"]; ok {
		iv, err := parseDatetime(v[0])
		if err != nil {
			return err
		}
		asOf = iv.AsOf(asOf)
	}
	h := c.Response().Header()
	h.Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
	h["Cache-Control"] = s.tileCacheControl
	gz := acceptsGzip(c.Request().Header.Get(echo.HeaderAcceptEncoding))

	// A conditional request is answered from the dataset version alone,
	// without drawing the tile.
	if inm := c.Request().Header.Get("If-None-Match"); inm != "" {
		etag, err := s.tiles.ETag(c.Request().Context(), key, asOf)
		if err != nil {
			return err
		}
		if gz {
			etag = tiles.GzipETag(etag)
		}
		if etagMatches(inm, etag) {
			h.Set("ETag", etag)
			return c.NoContent(http.StatusNotModified)
		}
	}
	t, err := s.tiles.Tile(c.Request().Context(), key, asOf)
	if err != nil {
		return err
	}
	if t.Empty {
		h.Set("ETag", t.ETag)
		return c.NoContent(http.StatusNoContent)
	}
	body, etag := t.Raw, t.ETag
	if gz {
		body, etag = t.Gzip, t.GzipETag
		h[echo.HeaderContentEncoding] = gzipEncoding
	}
	// The hot path of the busiest route: the header values are made once
	// (see securityHeaders), the body written as it is.
	h["Etag"] = []string{etag}
	h[echo.HeaderContentType] = mvtTypes
	h[echo.HeaderContentLength] = []string{strconv.Itoa(len(body))}
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
	for _, part := range strings.Split(header, ",") {
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
