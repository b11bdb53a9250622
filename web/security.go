package web

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"
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
	// maxBodyBytes bounds the body of a read, which no route reads: a body
	// there is only ever waste.
	maxBodyBytes = 1 << 10
	// maxWriteBytes bounds the body of a desk write (POST, PUT, PATCH): one
	// feature, whose GeoJSON the desk sends back as it read it. The
	// largest in the bundled data, a clash with its claims and figures, is
	// about 7 KB; a segment of 20,000 vertices would be about 1 MB.
	maxWriteBytes = 2 << 20
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

// notADocument takes the document policies (CSP, Permissions-Policy,
// Referrer-Policy) off an answer no browser opens as a document: a vector
// tile, whose type no browser renders and nosniff keeps it from guessing
// another, or a 204. Browsers apply the three only to a document they
// render (and its workers), and OWASP ZAP's scan rules look for them on
// HTML alone; on the busiest answer, the hot tile, they were 330 of its
// 674 header bytes and three of the entries net/http copies and sorts for
// each answer. nosniff stays: it is what keeps the bytes from being read
// as something else.
func notADocument(h http.Header) {
	delete(h, "Referrer-Policy")
	delete(h, "Permissions-Policy")
	delete(h, "Content-Security-Policy")
}

// limitQuery answers a query string longer than maxQueryBytes with 414.
func limitQuery(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if len(c.Request().URL.RawQuery) > maxQueryBytes {
			return echo.NewHTTPError(http.StatusRequestURITooLong, fmt.Sprintf("The query string is over %d bytes; no query this server answers needs that many.", maxQueryBytes))
		}
		return next(c)
	}
}

// limitBody refuses a body longer than bodyLimit allows with 413: at once
// when the request says its length, on reading (readBody) when it is
// chunked.
func limitBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		limit := bodyLimit(r.Method)
		switch {
		case r.ContentLength > limit:
			return bodyTooLarge(limit)
		case r.ContentLength < 0:
			r.Body = http.MaxBytesReader(c.Response(), r.Body, limit)
		}
		return next(c)
	}
}

// bodyLimit is how many bytes a request's body may hold.
func bodyLimit(method string) int64 {
	switch method {
	case http.MethodPost, http.MethodPut, http.MethodPatch:
		return maxWriteBytes
	}
	return maxBodyBytes
}

func bodyTooLarge(limit int64) error {
	return echo.NewHTTPError(http.StatusRequestEntityTooLarge, fmt.Sprintf("The body is over %d bytes, the most this request may send.", limit))
}
