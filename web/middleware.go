package web

import (
	"fmt"
	"net/http"
	"net/url"
	"runtime/debug"

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
