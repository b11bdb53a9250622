package geo

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// AppendFeature appends f as JSON to dst: the same bytes json.Marshal(f)
// gives, in a fraction of the time and allocations. A page of ten thousand
// features spent most of its time in json.Marshal: orb encodes the
// properties map, then the feature around it, and each pass re-reads (and
// re-compacts) the bytes of the one before. Here every member is written
// once, in place. The kinds of values features hold (text, whole and
// fractional numbers, lists of text, point and line coordinates) are
// written directly; anything else, and any text needing an escape, goes
// through encoding/json, so the output never differs from it.
func AppendFeature(dst []byte, f *Feature) ([]byte, error) {
	var w FeatureWriter
	return w.Append(dst, f)
}

// FeatureWriter appends features as AppendFeature does, remembering the
// sorted property names of the feature before: the features of a page
// share theirs, and sorting them was a tenth of the encoding. The zero
// FeatureWriter is ready; it is not safe for concurrent use.
type FeatureWriter struct{ keys []string }

// Append appends f as JSON to dst, as AppendFeature does.
func (w *FeatureWriter) Append(dst []byte, f *Feature) ([]byte, error) {
	id, ok := f.ID.(string)
	if !ok || len(f.BBox) > 0 || len(f.ExtraMembers) > 0 {
		b, err := json.Marshal(f)
		return append(dst, b...), err
	}
	dst = append(dst, `{"id":`...)
	dst, err := appendValue(dst, id)
	if err != nil {
		return dst, err
	}
	dst = append(dst, `,"type":"Feature","geometry":`...)
	if dst, err = appendGeometry(dst, f.Geometry); err != nil {
		return dst, err
	}
	dst = append(dst, `,"properties":`...)
	if len(f.Properties) == 0 {
		// orb writes an empty properties object as null.
		return append(dst, `null}`...), nil
	}
	for i, k := range w.sortedKeys(f.Properties) {
		if i == 0 {
			dst = append(dst, '{')
		} else {
			dst = append(dst, ',')
		}
		if dst, err = appendValue(dst, k); err != nil {
			return dst, err
		}
		dst = append(dst, ':')
		if dst, err = appendValue(dst, f.Properties[k]); err != nil {
			return dst, err
		}
	}
	return append(dst, "}}"...), nil
}

// sortedKeys are props' names in encoding/json's order for a map (sorted),
// the ones of the feature before when props has exactly those.
func (w *FeatureWriter) sortedKeys(props geojson.Properties) []string {
	same := len(w.keys) == len(props)
	for _, k := range w.keys {
		if !same {
			break
		}
		_, same = props[k]
	}
	if same {
		return w.keys
	}
	w.keys = w.keys[:0]
	for k := range props {
		w.keys = append(w.keys, k)
	}
	slices.Sort(w.keys)
	return w.keys
}

// appendGeometry writes g as orb's geojson.Geometry does: null for none,
// else its type and coordinates.
func appendGeometry(dst []byte, g orb.Geometry) ([]byte, error) {
	var ok bool
	start := len(dst)
	switch g := g.(type) {
	case nil:
		return append(dst, "null"...), nil
	case orb.Point:
		dst = append(dst, `{"type":"Point","coordinates":`...)
		dst, ok = appendPoint(dst, g)
	case orb.LineString:
		dst = append(dst, `{"type":"LineString","coordinates":`...)
		dst, ok = appendPoints(dst, g)
	case orb.MultiLineString:
		dst = append(dst, `{"type":"MultiLineString","coordinates":`...)
		dst, ok = appendNested(dst, g, func(dst []byte, l orb.LineString) ([]byte, bool) { return appendPoints(dst, l) })
	case orb.Polygon:
		dst = append(dst, `{"type":"Polygon","coordinates":`...)
		dst, ok = appendNested(dst, g, func(dst []byte, r orb.Ring) ([]byte, bool) { return appendPoints(dst, r) })
	case orb.MultiPolygon:
		dst = append(dst, `{"type":"MultiPolygon","coordinates":`...)
		dst, ok = appendNested(dst, g, func(dst []byte, p orb.Polygon) ([]byte, bool) {
			return appendNested(dst, p, func(dst []byte, r orb.Ring) ([]byte, bool) { return appendPoints(dst, r) })
		})
	}
	if ok {
		return append(dst, '}'), nil
	}
	// Another kind of geometry, an empty one (orb leaves its coordinates
	// out), or a number JSON cannot hold: as orb writes it.
	b, err := json.Marshal(geojson.NewGeometry(g))
	return append(dst[:start], b...), err
}

func appendNested[T any](dst []byte, parts []T, each func([]byte, T) ([]byte, bool)) ([]byte, bool) {
	if len(parts) == 0 {
		return dst, false
	}
	dst = append(dst, '[')
	ok := true
	for i, p := range parts {
		if i > 0 {
			dst = append(dst, ',')
		}
		if dst, ok = each(dst, p); !ok {
			return dst, false
		}
	}
	return append(dst, ']'), true
}

func appendPoints[P ~[]orb.Point](dst []byte, ps P) ([]byte, bool) {
	return appendNested(dst, ps, appendPoint)
}

func appendPoint(dst []byte, p orb.Point) ([]byte, bool) {
	dst = append(dst, '[')
	dst, ok := appendFloat(dst, p[0])
	if !ok {
		return dst, false
	}
	dst = append(dst, ',')
	dst, ok = appendFloat(dst, p[1])
	return append(dst, ']'), ok
}

// appendFloat writes f as encoding/json does for the magnitudes it writes
// without an exponent; the others are left to it (ok false).
func appendFloat(dst []byte, f float64) ([]byte, bool) {
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21 || math.IsNaN(f)) {
		return dst, false
	}
	return strconv.AppendFloat(dst, f, 'f', -1, 64), true
}

// appendValue writes one property value.
func appendValue(dst []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(dst, "null"...), nil
	case string:
		if plainText(v) {
			dst = append(dst, '"')
			dst = append(dst, v...)
			return append(dst, '"'), nil
		}
	case int:
		return strconv.AppendInt(dst, int64(v), 10), nil
	case bool:
		return strconv.AppendBool(dst, v), nil
	case float64:
		if b, ok := appendFloat(dst, v); ok {
			return b, nil
		}
	case []string:
		if v == nil {
			return append(dst, "null"...), nil
		}
		if !slices.ContainsFunc(v, func(s string) bool { return !plainText(s) }) {
			dst = append(dst, '[')
			for i, s := range v {
				if i > 0 {
					dst = append(dst, ',')
				}
				dst = append(dst, '"')
				dst = append(dst, s...)
				dst = append(dst, '"')
			}
			return append(dst, ']'), nil
		}
	}
	b, err := json.Marshal(v)
	return append(dst, b...), err
}

// plainText reports whether encoding/json writes s between quotes as it
// is: valid UTF-8 with no control character, quote, backslash, HTML
// character (<, >, &) or JavaScript line separator (U+2028, U+2029).
func plainText(s string) bool {
	wide := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf:
			wide = true
		case c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&':
			return false
		}
	}
	return !wide || utf8.ValidString(s) && !strings.Contains(s, "\u2028") && !strings.Contains(s, "\u2029")
}
