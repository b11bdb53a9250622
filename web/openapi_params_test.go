package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestOpenAPIParamsAgree: the document and the server agree on every
// route's query parameters, both ways. A route that refuses a parameter it
// does not know names those it takes (the 400's detail), and each of them
// must be declared; the routes that ignore unknown names are listed below
// with those they read. A page that answers in the language lang names
// must declare lang. Every declared parameter, given a good value, is
// answered. And every operation declares the 414 a long query gets.
func TestOpenAPIParamsAgree(t *testing.T) {
	desk := newDesk(t)
	doc := loadAPI(t, desk.h)
	// Routes that ignore parameters they do not know (pages opened from
	// shared links, and the probes), with the names they read.
	lenient := map[string][]string{
		"/about":    pageParams,
		"/api.html": pageParams,
		"/embed":    embedParams,
		"/healthz":  nil,
		"/metrics":  nil,
	}
	clash := getItems(t, desk.h, "/collections/clashes/items?limit=1").Features[0].ID.(string)
	samples := map[string]string{
		"date": "2023-09-01", "datetime": "2023-09-01", "map": "8/40/71", "layers": "frontier,clashes",
		"sel": "clashes:" + clash, "bbox": "69,39,72,41", "after": "a", "lang": "ru", "state": "draft",
		"width": "64", "height": "64", "maxwidth": "600", "maxheight": "400",
		"url": "http://example.com/embed?date=2023-09-01", "parentUrl": "http://example.com/story",
		"initialWidth": "600", "size": "800x600", "flat": "true",
	}
	// A parameter that means something only beside another.
	needs := map[string]string{"size": "map"}
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for method, op := range item.Operations() {
			if op.Responses.Status(http.StatusRequestURITooLong) == nil {
				t.Errorf("%s %s: no 414 response declared", method, path)
			}
		}
		op := item.Get
		if op == nil {
			continue
		}
		t.Run(path, func(t *testing.T) {
			target := apiTarget(t, desk, path)
			declared := map[string]*openapi3.Parameter{}
			for _, p := range op.Parameters {
				if p.Value.In == "query" {
					declared[p.Value.Name] = p.Value
				}
			}
			taken, ok := lenient[path]
			if !ok {
				taken = takenParams(t, desk, target)
			}
			for _, name := range taken {
				if declared[name] == nil {
					t.Errorf("the server takes %s; the document does not declare it", name)
				}
			}
			rec := get(t, desk.h, withParam(target, "lang", "ru"), "Accept: text/html", auth(desk.admin))
			if rec.Header().Get("Content-Language") == "ru" && declared["lang"] == nil {
				t.Errorf("lang=ru gives a page in Russian; the document does not declare lang")
			}
			for name, p := range declared {
				values := []string{samples[name]}
				switch sch := p.Schema.Value; {
				case sch != nil && len(sch.Enum) > 0:
					values = values[:0]
					for _, e := range sch.Enum {
						values = append(values, fmt.Sprint(e))
					}
				case values[0] == "" && sch != nil && sch.Type.Is("integer"):
					values[0] = "1"
				case values[0] == "":
					values[0] = "x"
				}
				for _, v := range values {
					u := withParam(target, name, v)
					if other, ok := needs[name]; ok {
						u = withParam(u, other, samples[other])
					}
					if rec := get(t, desk.h, u, "Accept: application/json", auth(desk.admin)); rec.Code >= 400 {
						t.Errorf("declared %s=%s: GET %s: %d %.300s", name, v, u, rec.Code, rec.Body)
					}
				}
			}
			long := withParam(target, "q", strings.Repeat("a", 4500))
			rec = get(t, desk.h, long, "Accept: application/json")
			if rec.Code != http.StatusRequestURITooLong || rec.Header().Get("Content-Type") != typeProblem {
				t.Errorf("a 4.5 KB parameter: %d %s, want 414 with a problem body", rec.Code, rec.Header().Get("Content-Type"))
			} else if detail := problemDetail(t, rec); !strings.Contains(detail, "4096 bytes") {
				t.Errorf("414 detail %q does not say the limit", detail)
			}
		})
	}
}

// takenParams asks the server which query parameters target's route
// takes: a route refusing an unknown one names those it takes.
func takenParams(t *testing.T, desk *deskFixture, target string) []string {
	t.Helper()
	rec := get(t, desk.h, withParam(target, "zz_unknown", "1"), "Accept: application/json", auth(desk.admin))
	if rec.Code != http.StatusBadRequest {
		t.Fatalf("an unknown parameter got %d: a route that ignores them belongs in the lenient list", rec.Code)
	}
	list, ok := strings.CutPrefix(problemDetail(t, rec), "zz_unknown: unknown parameter; this resource takes ")
	if !ok {
		t.Fatalf("the 400 does not list what the route takes: %s", problemDetail(t, rec))
	}
	if list == "no parameters" {
		return nil
	}
	names := strings.Split(list, ", ")
	return slices.DeleteFunc(names, func(n string) bool { return n == "" })
}

// withParam is target with the query parameter name set to value.
func withParam(target, name, value string) string {
	u, err := url.Parse(target)
	if err != nil {
		panic(err)
	}
	q := u.Query()
	q.Set(name, value)
	u.RawQuery = q.Encode()
	return u.String()
}
