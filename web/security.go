package web

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// defaultCSP is the Content-Security-Policy of every response whose handler
// does not set its own (the map page, /about and /embed do): nothing may be
// loaded, inline styles aside, which the server-rendered HTML pages use, and
// no other origin may frame the answer.
const defaultCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"

// Limits on what a request may carry. They are far above anything a map, a
// GIS client or a script sends, and far below what would cost the server.
const (
	// maxQueryBytes bounds the query string: the longest real one, an
	// items request with every filter, is a few hundred bytes.
	maxQueryBytes = 4096
	// maxBodyBytes bounds a request body. No route reads one (there is no
	// write path over HTTP), so a body is only ever waste.
	maxBodyBytes = 1 << 10
	// maxRequestID bounds an X-Request-Id a client sends.
	maxRequestID = 64
)

// The security headers' values, made once: a header map holds slices, and
// assigning these shared ones costs no allocation on every answer. (Header.Add
// on them appends to a full slice, so it copies; nothing writes into them.)
var (
	nosniff        = []string{"nosniff"}
	referrerPolicy = []string{"strict-origin-when-cross-origin"}
	permissions    = []string{"accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"}
	defaultCSPs    = []string{defaultCSP}
)

// securityHeaders sets the headers OWASP's secure-headers project asks of
// every response. It runs before the handler, so a handler that needs
// another CSP (a page that loads scripts, the embeddable map) sets its own.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		setSecurityHeaders(c.Response().Header())
		return next(c)
	}
}

func setSecurityHeaders(h http.Header) {
	h["X-Content-Type-Options"] = nosniff
	h["Referrer-Policy"] = referrerPolicy
	h["Permissions-Policy"] = permissions
	h["Content-Security-Policy"] = defaultCSPs
}

// limitQuery answers a query string longer than maxQueryBytes with 414.
func limitQuery(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if len(c.Request().URL.RawQuery) > maxQueryBytes {
			return echo.NewHTTPError(http.StatusRequestURITooLong, "the query string is longer than 4096 bytes")
		}
		return next(c)
	}
}

// limitBody refuses a body longer than maxBodyBytes with 413: at once when
// the request says its length, on reading when it is chunked.
func limitBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		switch {
		case r.ContentLength > maxBodyBytes:
			return echo.ErrStatusRequestEntityTooLarge
		case r.ContentLength < 0:
			r.Body = http.MaxBytesReader(c.Response(), r.Body, maxBodyBytes)
		}
		return next(c)
	}
}

// requestIDs gives every request an id, sent back in X-Request-Id and
// written in its log line: the client's own when it sends a short token
// (a proxy's id ties its log to ours), else this process's prefix and a
// counter, unique without the cost of a random string per request.
type requestIDs struct {
	prefix string
	n      atomic.Uint64
}

func newRequestIDs() *requestIDs {
	var b [6]byte
	rand.Read(b[:])
	return &requestIDs{prefix: hex.EncodeToString(b[:]) + "-"}
}

// set gives r its id (in its X-Request-Id header, where the request log
// reads it) and answers it in w's.
func (ids *requestIDs) set(w http.ResponseWriter, r *http.Request) string {
	id := r.Header.Get(echo.HeaderXRequestID)
	if !validRequestID(id) {
		id = ids.prefix + strconv.FormatUint(ids.n.Add(1), 36)
		r.Header[echo.HeaderXRequestID] = []string{id}
	}
	w.Header()[echo.HeaderXRequestID] = []string{id}
	return id
}

// requestID is the middleware of ids.
func requestID(ids *requestIDs) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			ids.set(c.Response(), c.Request())
			return next(c)
		}
	}
}

// validRequestID accepts a short token of letters, digits and -_.: nothing
// that could break a log line or a header.
func validRequestID(id string) bool {
	if id == "" || len(id) > maxRequestID {
		return false
	}
	for _, r := range id {
		if !(r == '-' || r == '_' || r == '.' || isAlnum(r)) {
			return false
		}
	}
	return true
}

// requestLog writes one JSON line per request with its id (the
// X-Request-Id the RequestID middleware set or accepted), route, status,
// size and duration.
func requestLog(logger *slog.Logger) echo.MiddlewareFunc {
	return middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogStatus: true, LogMethod: true, LogURIPath: true, LogRoutePath: true,
		LogRequestID: true, LogLatency: true, LogResponseSize: true, LogRemoteIP: false,
		HandleError: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			level := slog.LevelInfo
			switch {
			case v.Status == http.StatusServiceUnavailable:
				level = slog.LevelWarn // a client that left, or a store that did not answer
			case v.Status >= 500:
				level = slog.LevelError
			}
			logger.LogAttrs(c.Request().Context(), level, "request",
				slog.String("request_id", v.RequestID),
				slog.String("method", v.Method),
				slog.String("path", v.URIPath),
				slog.String("route", v.RoutePath),
				slog.Int("status", v.Status),
				slog.Int64("bytes", v.ResponseSize),
				slog.Duration("duration", v.Latency.Round(time.Microsecond)))
			return nil
		},
	})
}
