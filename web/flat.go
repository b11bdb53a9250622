package web

import (
	"fmt"
	"net/url"
	"reflect"
	"strings"

	"github.com/paulmach/orb/geojson"

	"github.com/frontier-map/frontier/geo"
	"github.com/frontier-map/frontier/i18n"
)

// flat=true asks the items and item routes for GeoJSON whose every
// property is a scalar. QGIS's OGC API – Features provider reads a property
// holding a list or an object as NULL (seen with QGIS 3.22; GDAL reads
// them), so there the sources, claims and status histories that make a
// feature worth citing vanish. Flat, each becomes one text, written as the
// HTML table writes it (in English, the data's language); the default
// GeoJSON keeps its structure.

// parseFlat reads flat for a request answered in format f: true or false,
// and only for GeoJSON, the one representation with nested values.
func parseFlat(q url.Values, f format) (bool, error) {
	v, ok := q["flat"]
	if !ok {
		return false, nil
	}
	if v[0] != "true" && v[0] != "false" {
		return false, &ParamError{Param: "flat", Detail: fmt.Sprintf("%q: want true or false", v[0])}
	}
	if f != formatJSON {
		return false, &ParamError{Param: "flat", Detail: "only GeoJSON (f=json) has lists to flatten; HTML and CSV write them as text already"}
	}
	return v[0] == "true", nil
}

// flatFeatures returns copies of fs whose lists and objects are each one
// text, lines joined with " | "; an empty list is null.
func (s *Server) flatFeatures(fs []*geo.Feature) ([]*geo.Feature, error) {
	l, _ := s.words.Locale("en")
	out := make([]*geo.Feature, len(fs))
	for i, f := range fs {
		c := *f
		c.Properties = make(geojson.Properties, len(f.Properties))
		for k, v := range f.Properties {
			fv, err := flatValue(l, v)
			if err != nil {
				return nil, fmt.Errorf("flat %v %s: %w", f.ID, k, err)
			}
			c.Properties[k] = fv
		}
		out[i] = &c
	}
	return out, nil
}

// flatValue is v as a scalar: text, numbers, booleans and null as they
// are; claims, status periods and status claims as the table's lines;
// sources and lists of names as the CSV writes them; anything else as
// compact JSON.
func flatValue(l *i18n.Locale, v any) (any, error) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map:
		if rv.Len() == 0 {
			return nil, nil
		}
	case reflect.Struct, reflect.Pointer, reflect.Interface:
	default:
		return v, nil
	}
	switch v := v.(type) {
	case []geo.Claim:
		return lines(v, func(c geo.Claim) string { return claimLine(l, c) }), nil
	case []geo.Period:
		return lines(v, func(p geo.Period) string { return periodLine(l, p) }), nil
	case []geo.StatusClaim:
		return lines(v, func(c geo.StatusClaim) string { return statusClaimLine(l, c) }), nil
	}
	return flatten(v)
}

// lines writes each of xs with line, joined as one text.
func lines[T any](xs []T, line func(T) string) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = line(x)
	}
	return strings.Join(parts, " | ")
}
