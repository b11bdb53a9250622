package web

import (
	"hash/maphash"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/frontier-map/frontier/geo"
	"github.com/frontier-map/frontier/tiles"
)

// Tiles are the busiest answers. The hot tile, already encoded in the
// cache, is also the cheapest: through Echo's chain (ten middlewares, a
// router, a context, url.Values for the query) the chain cost more than
// the tile. serveTileFast answers tile requests before Echo, with the same
// headers, request log line and metrics: the hot tile from the cache, and
// a cold one drawn there and then (with a Server-Timing saying how long
// the drawing took). It hands every other request on untouched: a
// conditional request, any query but one datetime, a Host outside the
// allow-list, a tile whose drawing failed, anything the full handler
// would refuse or redirect.

// Route templates, as the router names them in logs and metrics.
const (
	tileRoute          = "/tiles/border/:z/:x/:y"
	versionedTileRoute = "/tiles/border/v/:version/:state/:z/:x/:y"
)

// hotTiles holds what the fast path writes, made once.
type hotTiles struct {
	// count and took are the metrics' series of the two routes, by
	// method and status.
	count map[[3]string]prometheus.Counter
	took  map[string]prometheus.Observer
	// datetimes are the intervals of recent datetime values, so that the
	// thousands of tiles asked for one date parse it once.
	datetimes datetimeMemo
}

// datetimeMemo remembers the intervals of a few datetime values (as they
// appear in the query, escaped), in slots chosen by a hash of the text: a
// value displaces the one in its slot, and nothing ever grows.
type datetimeMemo struct {
	seed  maphash.Seed
	slots [64]atomic.Pointer[parsedDatetime]
}

type parsedDatetime struct {
	raw string
	iv  geo.Interval
}

// interval returns raw's interval, parsed (and unescaped) once while it
// stays in its slot; ok is false for a value the full handler refuses.
func (m *datetimeMemo) interval(raw string) (geo.Interval, bool) {
	slot := &m.slots[maphash.String(m.seed, raw)%uint64(len(m.slots))]
	if p := slot.Load(); p != nil && p.raw == raw {
		return p.iv, true
	}
	v, err := url.QueryUnescape(raw)
	if err != nil {
		return geo.Interval{}, false
	}
	iv, err := parseDatetime(v)
	if err != nil {
		return geo.Interval{}, false
	}
	slot.Store(&parsedDatetime{raw: raw, iv: iv})
	return iv, true
}

func newHotTiles(m *metrics) *hotTiles {
	h := &hotTiles{count: map[[3]string]prometheus.Counter{}, took: map[string]prometheus.Observer{}}
	h.datetimes.seed = maphash.MakeSeed()
	for _, route := range []string{tileRoute, versionedTileRoute} {
		h.took[route] = m.latency.WithLabelValues(route)
		for _, method := range []string{http.MethodGet, http.MethodHead} {
			for _, code := range []string{"200", "204"} {
				h.count[[3]string{route, method, code}] = m.requests.WithLabelValues(route, method, code)
			}
		}
	}
	return h
}

// varyTile is the Vary of a tile answer, in the order the full chain
// writes it (CORS, content negotiation, the tile handler).
var varyTile = []string{"Origin", "Accept", "Accept-Encoding"}

var anyOrigin = []string{"*"}

// serveTileFast answers r when it is a plain or versioned tile request
// that needs no more than the tile, from the cache or drawn, and reports
// whether it did; when it did not, it has written nothing.
func (s *Server) serveTileFast(w http.ResponseWriter, r *http.Request) bool {
	if s.hot == nil || (r.Method != http.MethodGet && r.Method != http.MethodHead) ||
		r.ContentLength != 0 || len(r.TransferEncoding) > 0 || r.URL.RawPath != "" ||
		r.Header.Get("If-None-Match") != "" || len(r.URL.RawQuery) > maxQueryBytes {
		return false
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/tiles/border/")
	if !ok {
		return false
	}
	if !s.hosts.allowsRequest(r) {
		return false // a host outside the allow-list: 421 from the chain
	}
	start := time.Now()
	var parts [6]string
	n := splitPath(rest, parts[:])
	route, cacheControl := tileRoute, s.tileCacheControl
	var (
		t    *tiles.Tile
		asOf time.Time
	)
	var drew time.Duration
	switch {
	case n == 3:
		if !s.hot.validTileQuery(r.URL.RawQuery, &asOf, s.now) {
			return false
		}
		key, ok := hotKey(parts[:3])
		if !ok {
			return false
		}
		if t, drew, ok = s.fastTile(r, key, asOf); !ok {
			return false
		}
	case n == 6 && parts[0] == "v" && r.URL.RawQuery == "":
		route, cacheControl = versionedTileRoute, immutable
		key, ok := hotKey(parts[3:])
		if !ok {
			return false
		}
		state, err := tiles.ParseURLState(parts[2])
		if err != nil {
			return false
		}
		view, err := s.tiles.ViewAt(r.Context(), state.Time())
		if err != nil || view.State != state || tiles.URLVersion(view.Version) != parts[1] {
			return false // a redirect, or an error: the full handler's
		}
		if t, drew, ok = s.fastTile(r, key, view.Instant); !ok || t.Version != view.Version {
			return false
		}
	default:
		return false
	}

	id := s.ids.set(w, r)
	h := w.Header()
	h["X-Content-Type-Options"] = nosniff // and no document policies: see notADocument
	h["Vary"] = varyTile
	if r.Header.Get("Origin") != "" {
		h["Access-Control-Allow-Origin"] = anyOrigin
	}
	h["Cache-Control"] = cacheControl
	status, code, body, etag := http.StatusNoContent, "204", []byte(nil), t.Values.ETag
	if !t.Empty {
		status, code, body = http.StatusOK, "200", t.Raw
		length := t.Values.RawLength
		if t.Gzip != nil && acceptsGzip(r.Header.Get("Accept-Encoding")) {
			body, etag, length = t.Gzip, t.Values.GzipETag, t.Values.GzipLength
			h["Content-Encoding"] = gzipEncoding
		}
		h["Content-Type"] = mvtTypes
		h["Content-Length"] = length
	}
	h["Etag"] = etag
	if drew > 0 {
		h["Server-Timing"] = serverTiming(drew)
	}
	w.WriteHeader(status)
	if len(body) > 0 {
		w.Write(body)
	}

	took := time.Since(start)
	s.hot.count[[3]string{route, r.Method, code}].Inc()
	s.hot.took[route].Observe(took.Seconds())
	if s.logger.Enabled(r.Context(), slog.LevelInfo) {
		s.logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("request_id", id),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.String("route", route),
			slog.Int("status", status),
			slog.Int64("bytes", int64(len(body))),
			slog.Duration("duration", took.Round(time.Microsecond)))
	}
	return true
}

// fastTile returns tile k as of asOf, from the cache or drawn; ok is false
// when drawing failed, or panicked, and the full chain is to answer (it
// tries again, and says why in a problem body).
func (s *Server) fastTile(r *http.Request, k tiles.Key, asOf time.Time) (t *tiles.Tile, drew time.Duration, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	t, drew, err := s.tiles.TileTimed(r.Context(), k, asOf)
	return t, drew, err == nil
}

// serverTiming is the Server-Timing (W3C) of a tile drawn for the request:
// how long it waited for the drawing, in milliseconds, which a browser's
// developer tools show beside the request.
func serverTiming(d time.Duration) []string {
	return []string{"draw;dur=" + strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 3, 64)}
}

// hotKey reads z, x and y.mvt.
func hotKey(zxy []string) (tiles.Key, bool) {
	y, ok := strings.CutSuffix(zxy[2], ".mvt")
	if !ok {
		return tiles.Key{}, false
	}
	k, err := tiles.ParseKey(zxy[0], zxy[1], y)
	return k, err == nil
}

// splitPath cuts p at each '/' into parts, as strings.Split would, without
// allocating; it returns how many parts p has, len(parts)+1 when it has
// more than parts can hold.
func splitPath(p string, parts []string) int {
	for i := range parts {
		var ok bool
		parts[i], p, ok = strings.Cut(p, "/")
		if !ok {
			return i + 1
		}
	}
	return len(parts) + 1
}

// validTileQuery reads a plain tile's query when it is empty or one
// well-formed datetime, setting asOf as the full handler would.
func (h *hotTiles) validTileQuery(q string, asOf *time.Time, now func() time.Time) bool {
	if q == "" {
		*asOf = now()
		return true
	}
	v, ok := strings.CutPrefix(q, "datetime=")
	if !ok || strings.ContainsAny(v, "&;") {
		return false
	}
	iv, ok := h.datetimes.interval(v)
	if !ok {
		return false
	}
	*asOf = iv.AsOf(now())
	return true
}
