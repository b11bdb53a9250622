package web

import "net/url"

// link is a link object as OGC API – Features writes it (RFC 8288 in
// JSON); the HTML pages render the same links.
type link struct {
	Href  string `json:"href"`
	Rel   string `json:"rel,omitempty"`
	Type  string `json:"type,omitempty"`
	Title string `json:"title,omitempty"`
}

// Media types as the links and Content-Type headers give them. GDAL takes
// JSON only as application/json or application/geo+json, and QGIS looks
// for the OpenAPI type exactly as written here.
const (
	typeJSON    = "application/json"
	typeGeoJSON = "application/geo+json"
	typeHTML    = "text/html"
	typeCSV     = "text/csv"
	typeOpenAPI = "application/vnd.oai.openapi+json;version=3.0"
	typeProblem = "application/problem+json"
)

// mediaType is the link type of a format; items are GeoJSON, other
// resources plain JSON.
func (f format) mediaType(items bool) string {
	switch f {
	case formatHTML:
		return typeHTML
	case formatCSV:
		return typeCSV
	}
	if items {
		return typeGeoJSON
	}
	return typeJSON
}

// href joins the base URL, a path and a query.
func href(base, path string, q url.Values) string {
	u := base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

// withF returns a copy of q with f set, less flat where f is not GeoJSON
// (only GeoJSON takes it).
func withF(q url.Values, f format) url.Values {
	out := cloneValues(q)
	out.Set("f", string(f))
	if f != formatJSON {
		out.Del("flat")
	}
	return out
}

func cloneValues(q url.Values) url.Values {
	out := make(url.Values, len(q))
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}

// selfAndAlternates are the self link in format cur and an alternate for
// every other format offered.
func selfAndAlternates(base, path string, q url.Values, cur format, items bool, offered ...format) []link {
	titles := map[format]string{formatJSON: "this document as JSON", formatHTML: "this document as HTML", formatCSV: "Download CSV"}
	if items {
		titles[formatJSON] = "this document as GeoJSON"
	}
	out := []link{{Href: href(base, path, withF(q, cur)), Rel: "self", Type: cur.mediaType(items), Title: titles[cur]}}
	for _, f := range offered {
		if f != cur {
			out = append(out, link{Href: href(base, path, withF(q, f)), Rel: "alternate", Type: f.mediaType(items), Title: titles[f]})
		}
	}
	return out
}

// pathEscape escapes one path segment: a feature id may hold anything.
func pathEscape(s string) string { return url.PathEscape(s) }
