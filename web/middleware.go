package web

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// panicError carries a recovered panic to handleError, which logs it with
// its stack and answers a bare 500.
type panicError struct {
	value any
	stack []byte
}

func (e *panicError) Error() string { return fmt.Sprintf("web: panic: %v", e.value) }

// recoverPanics turns a panic in a handler into an error, so that one bad
// request costs one 500 and not the process.
func recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			r := recover()
			if r == nil {
				return
			}
			if r == http.ErrAbortHandler {
				// net/http's way of aborting a response on purpose.
				panic(r)
			}
			err = &panicError{value: r, stack: debug.Stack()}
		}()
		return next(c)
	}
}

// cors lets any web page read the API: the data is public, read-only and
// served without credentials, so a wildcard origin exposes nothing.
func cors() echo.MiddlewareFunc {
	return middleware.CORSWithConfig(middleware.CORSConfig{
		AllowOrigins: []string{"*"},
		AllowMethods: []string{http.MethodGet, http.MethodHead, http.MethodOptions},
		MaxAge:       86400,
	})
}

// varyAccept tells caches that the answer depends on the Accept header,
// which content negotiation reads on every page.
func varyAccept(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Header().Add(echo.HeaderVary, echo.HeaderAccept)
		return next(c)
	}
}

// wellFormedQuery refuses a query string that does not parse (a bad
// escape, a semicolon): url.Values would silently drop the broken pair,
// and the answer would then ignore part of the question.
func wellFormedQuery(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if _, err := url.ParseQuery(c.Request().URL.RawQuery); err != nil {
			return &ParamError{Param: "query", Detail: "the query string is malformed (a % not followed by two hexadecimal digits, or a ;)", Err: err}
		}
		return next(c)
	}
}

// maxRequestID bounds an X-Request-Id a client sends.
const maxRequestID = 64

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
	v := r.Header[echo.HeaderXRequestID]
	if len(v) == 0 || !validRequestID(v[0]) {
		// One allocation for the text: the prefix and counter are made
		// in a buffer on the stack.
		var buf [32]byte
		b := strconv.AppendUint(append(buf[:0], ids.prefix...), ids.n.Add(1), 36)
		// Request and answer share the one-value slice: a later Add to
		// either header appends past its capacity, into a copy.
		v = []string{string(b)}
		r.Header[echo.HeaderXRequestID] = v
	}
	w.Header()[echo.HeaderXRequestID] = v[:1:1]
	return v[0]
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
