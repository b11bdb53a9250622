package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"syscall"

	"github.com/labstack/echo/v4"

	"github.com/frontier-map/frontier/geo"
	"github.com/frontier-map/frontier/tiles"
)

// ParamError is a request the server cannot answer as asked: a query
// parameter (or header) that is malformed, out of range or unknown. It is
// answered with 400.
type ParamError struct {
	Param  string
	Detail string
	Err    error
}

func (e *ParamError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("web: parameter %s: %s: %v", e.Param, e.Detail, e.Err)
	}
	return fmt.Sprintf("web: parameter %s: %s", e.Param, e.Detail)
}

func (e *ParamError) Unwrap() error { return e.Err }

// NotFoundError is a collection or feature that does not exist. It is
// answered with 404.
type NotFoundError struct{ What string }

func (e *NotFoundError) Error() string { return "web: no " + e.What }

// ErrUnavailable is a store that does not answer the health check. It is
// answered with 503.
var ErrUnavailable = errors.New("web: store unavailable")

// NotImplementedError is a request for something the server does not do
// at all, such as an oEmbed format other than JSON. It is answered with
// 501, as the oEmbed spec asks.
type NotImplementedError struct{ What string }

func (e *NotImplementedError) Error() string { return "web: not implemented: " + e.What }

// problem is an RFC 9457 problem details body.
type problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
	// Instance is the path that failed, which helps a GIS client's user
	// tell which of its many requests it was.
	Instance string `json:"instance,omitempty"`
}

// handleError is Echo's HTTPErrorHandler: the one place an error becomes a
// status and a problem body. Bad input is a 4xx with a detail the user can
// act on; anything unknown is logged here, once, and answered with a bare
// 500 so that no internal detail leaks.
func (s *Server) handleError(err error, c echo.Context) {
	status, detail := s.classify(err, c)
	if c.Response().Committed {
		// The handler already started its answer; only the log can tell.
		if status >= 500 && status != http.StatusServiceUnavailable {
			s.logger.Error("response failed after it started", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
		}
		return
	}
	p := problem{
		Type:     "about:blank",
		Title:    http.StatusText(status),
		Status:   status,
		Detail:   detail,
		Instance: c.Request().URL.Path,
	}
	if c.Request().Method != http.MethodHead && wantsHTML(c.Request()) {
		// A person's browser (a mistyped link, a page that moved) reads
		// the same problem as a page, never as JSON.
		s.writeProblemPage(c, p)
		return
	}
	body, mErr := json.Marshal(p)
	if mErr != nil {
		body = []byte(`{"type":"about:blank","title":"Internal Server Error","status":500}`)
		status = http.StatusInternalServerError
	}
	h := c.Response().Header()
	// A problem is not the negotiated representation: drop what a handler
	// may have set for the one it meant to write.
	h.Del("Content-Disposition")
	h.Del("ETag")
	h.Set(echo.HeaderContentType, "application/problem+json")
	h.Set("Cache-Control", "no-store")
	if c.Request().Method == http.MethodHead {
		c.Response().WriteHeader(status)
		return
	}
	if wErr := c.Blob(status, "application/problem+json", body); wErr != nil {
		s.logger.Debug("problem not written", "err", wErr)
	}
}

// classify maps an error to its status and the detail shown to the user.
func (s *Server) classify(err error, c echo.Context) (int, string) {
	var (
		pe *ParamError
		nf *NotFoundError
		ni *NotImplementedError
		he *echo.HTTPError
		pv *panicError
		be *BusyError
		ae *AuthError
		tm *TooManyError
		ro *ReadOnlyError
		fe *geo.FeatureError
		pc *PreconditionError
		cf *ConflictError
	)
	switch {
	case errors.As(err, &ae):
		if ae.Status == http.StatusUnauthorized {
			c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="frontier"`)
		}
		return ae.Status, ae.Detail
	case errors.As(err, &tm):
		c.Response().Header().Set(echo.HeaderRetryAfter, retryAfter(tm.RetryAfter))
		return http.StatusTooManyRequests, fmt.Sprintf("Too many failed sign-ins from this address; try again in %s s.", retryAfter(tm.RetryAfter))
	case errors.As(err, &ro):
		return http.StatusMethodNotAllowed, "This server is read-only (" + ro.Why + "): it serves the data but takes no changes."
	case errors.As(err, &pc):
		return pc.Status, pc.Detail
	case errors.As(err, &cf):
		return http.StatusConflict, cf.Detail
	case errors.As(err, &fe):
		return http.StatusBadRequest, featureDetail(err)
	case errors.As(err, &pe):
		return http.StatusBadRequest, pe.paramDetail()
	case errors.Is(err, ErrMisdirected):
		// The name asked for is left out on purpose (see ErrMisdirected).
		return http.StatusMisdirectedRequest, "This server does not answer for the host named in this request; use the address it is published at."
	case errors.Is(err, geo.ErrInterval):
		return http.StatusBadRequest, "datetime: " + reason(err, geo.ErrInterval)
	case errors.Is(err, geo.ErrDate):
		return http.StatusBadRequest, "not a date: want YYYY-MM-DD"
	case errors.Is(err, tiles.ErrBadKey):
		return http.StatusBadRequest, "The tile address is not z/x/y in whole numbers: " + reason(err, tiles.ErrBadKey)
	case errors.Is(err, tiles.ErrOutOfRange):
		return http.StatusNotFound, "There is no such tile: " + reason(err, tiles.ErrOutOfRange)
	case errors.As(err, &nf):
		return http.StatusNotFound, fmt.Sprintf("There is no %s.", nf.What)
	case errors.As(err, &ni):
		return http.StatusNotImplemented, fmt.Sprintf("Frontier does not implement %s.", ni.What)
	case errors.As(err, &be):
		c.Response().Header().Set("Retry-After", strconv.Itoa(be.RetryAfter))
		return http.StatusServiceUnavailable, fmt.Sprintf("The server is busy drawing other pictures; try again in %d seconds.", be.RetryAfter)
	case errors.Is(err, ErrUnavailable):
		s.logger.Warn("health check failed", "err", err)
		return http.StatusServiceUnavailable, "The data store does not answer."
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, syscall.EPIPE), errors.Is(err, syscall.ECONNRESET):
		// The client left (hung up mid-answer, or its request was
		// cancelled) or the server is shutting down: nobody reads the
		// answer and nothing is broken.
		s.logger.Debug("request abandoned", "path", c.Request().URL.Path, "err", err)
		return http.StatusServiceUnavailable, "The request was abandoned before it was answered."
	case errors.As(err, &pv):
		s.logger.Error("panic", "method", c.Request().Method, "path", c.Request().URL.Path, "err", pv.value, "stack", string(pv.stack))
		return http.StatusInternalServerError, ""
	case errors.As(err, &he) && he.Code < 500:
		// Echo's router: 404 for an unknown path, 405 for a known path
		// with another method.
		switch he.Code {
		case http.StatusNotFound:
			return he.Code, fmt.Sprintf("There is no resource at %s; GET / lists what there is.", c.Request().URL.Path)
		case http.StatusMethodNotAllowed:
			return he.Code, fmt.Sprintf("%s is not answered here; the Allow header lists the methods that are.", c.Request().Method)
		}
		// A middleware's or handler's own words (415, 414, 413); Echo's
		// stock errors carry only the status text, which the title says.
		if msg, ok := he.Message.(string); ok && msg != http.StatusText(he.Code) {
			return he.Code, msg
		}
		return he.Code, ""
	default:
		s.logger.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
		return http.StatusInternalServerError, ""
	}
}

// PreconditionError is a change without If-Match (428) or with one that
// no longer matches the feature (412).
type PreconditionError struct {
	Status int
	Detail string
}

func (e *PreconditionError) Error() string { return "web: " + e.Detail }

// ConflictError is a change that cannot be made as asked: a new feature
// whose id is taken, a publish with nothing pending (409).
type ConflictError struct{ Detail string }

func (e *ConflictError) Error() string { return "web: " + e.Detail }

// featureDetail words a write's validation problems the way a client
// reads its own body: "properties.date_start: missing", "geometry: ...",
// each problem of the feature, one after another.
func featureDetail(err error) string {
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	var parts []string
	for _, e := range errs {
		var fe *geo.FeatureError
		if !errors.As(e, &fe) {
			continue
		}
		field := fe.Field
		switch {
		case field == "geometry", field == "id", field == "properties", strings.HasPrefix(field, "properties."):
		default:
			field = "properties." + field
		}
		parts = append(parts, field+": "+fe.Err.Error())
	}
	if len(parts) == 0 {
		return err.Error()
	}
	return strings.Join(parts, "; ")
}

// paramDetail is the problem's detail: the parameter and what was wrong
// with it, in the client's terms. Err, a Go error's wording, is not shown.
func (e *ParamError) paramDetail() string { return e.Param + ": " + e.Detail }

// reason is err's message without the sentinel it wraps, whose text names
// a Go package ("geo: bad datetime: "): what remains says what was wrong
// with the client's input.
func reason(err, sentinel error) string {
	return strings.TrimPrefix(err.Error(), sentinel.Error()+": ")
}

// wantsHTML reports whether a request prefers HTML to JSON, as a browser
// navigating to a page does; fetch() and API clients ask for */* or JSON.
func wantsHTML(r *http.Request) bool {
	accept := r.Header.Get(echo.HeaderAccept)
	return acceptQ(accept, formatHTML) > acceptQ(accept, formatJSON)
}

// problemPage is a problem as a page: no script, no style sheet, a link
// back to the map.
// problemPage is a problem as a person's browser shows it, in the
// reader's language: the status and a way back to the map. The detail is
// the API's own words (English), marked as such on another language's page.
var problemPage = template.Must(template.New("problem").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · Frontier</title></head>
<body><h1>{{.Title}}</h1>{{with .Detail}}<p{{if ne $.Lang "en"}} lang="en"{{end}}>{{.}}</p>{{end}}<p><a href="/">{{.OpenMap}}</a></p></body></html>
`))

func (s *Server) writeProblemPage(c echo.Context, p problem) {
	l := s.locale(c)
	title := l.T("problem.title", "status", strconv.Itoa(p.Status))
	if key := fmt.Sprintf("problem_title.%d", p.Status); l.Has(key) {
		title = l.T(key)
	}
	var buf bytes.Buffer
	page := struct{ Lang, Title, Detail, OpenMap string }{l.Code, title, p.Detail, l.T("problem.open_map")}
	if err := problemPage.Execute(&buf, page); err != nil {
		s.logger.Debug("problem page not rendered", "err", err)
	}
	h := c.Response().Header()
	h.Del("Content-Disposition")
	h.Set("Cache-Control", "no-store")
	// No Content-Language: the page is about the request, not a
	// representation of what it asked for, which may not take lang at all.
	h.Add(echo.HeaderVary, "Accept-Language")
	if err := c.HTMLBlob(p.Status, buf.Bytes()); err != nil {
		s.logger.Debug("problem not written", "err", err)
	}
}
