package web

import (
	"log/slog"
	"net/http"
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
	maxBodyBytes = "1K"
)

// securityHeaders sets the headers OWASP's secure-headers project asks of
// every response. It runs before the handler, so a handler that needs
// another CSP (a page that loads scripts, the embeddable map) sets its own.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Permissions-Policy", "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()")
		h.Set("Content-Security-Policy", defaultCSP)
		return next(c)
	}
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
