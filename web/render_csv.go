package web

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkt"

	"github.com/frontier-map/frontier/geo"
)

// utf8BOM starts the CSV so that Excel reads it as UTF-8 (place names and
// coordinates as stated hold non-ASCII letters); LibreOffice, GDAL,
// pandas and QGIS skip it.
const utf8BOM = "\ufeff"

// typeCSVUTF8 is the Content-Type of the spreadsheets.
const typeCSVUTF8 = "text/csv; charset=utf-8"

// setCSVName names the file a browser saves a spreadsheet as.
func setCSVName(c echo.Context, name string) {
	c.Response().Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", safeFileName(name)+".csv"))
}

// encodeCSV is the spreadsheet of the features: a header line, one row
// per feature, the geometry as WKT plus lon/lat columns for points, and
// every property flattened to text.
func encodeCSV(coll *collection, fs []*geo.Feature) ([]byte, error) {
	cols := csvColumns(coll, fs)
	var buf bytes.Buffer
	buf.WriteString(utf8BOM)
	w := csv.NewWriter(&buf)
	if err := w.Write(append([]string{"id", "wkt", "lon", "lat"}, cols...)); err != nil {
		return nil, fmt.Errorf("csv: %w", err)
	}
	for _, f := range fs {
		rec := []string{fmt.Sprint(f.ID), "", "", ""}
		if f.Geometry != nil {
			rec[1] = wkt.MarshalString(f.Geometry)
		}
		if p, ok := f.Geometry.(orb.Point); ok {
			rec[2] = strconv.FormatFloat(p[0], 'f', -1, 64)
			rec[3] = strconv.FormatFloat(p[1], 'f', -1, 64)
		}
		for _, col := range cols {
			v, err := flatten(f.Properties[col])
			if err != nil {
				return nil, fmt.Errorf("csv: %s %v %s: %w", coll.ID, f.ID, col, err)
			}
			rec = append(rec, geo.SafeCell(v))
		}
		if err := w.Write(rec); err != nil {
			return nil, fmt.Errorf("csv: %w", err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("csv: %w", err)
	}
	return buf.Bytes(), nil
}

// csvColumns are the property columns: the collection's lead columns,
// then every other property the features carry, alphabetically.
func csvColumns(coll *collection, fs []*geo.Feature) []string {
	cols := slices.Clone(coll.Lead)
	var rest []string
	for _, f := range fs {
		for k := range f.Properties {
			if !slices.Contains(cols, k) && !slices.Contains(rest, k) {
				rest = append(rest, k)
			}
		}
	}
	slices.Sort(rest)
	return append(cols, rest...)
}

// flatten writes a property value as one cell: scalars as text, sources
// as "publisher: title <url>" joined with " | ", lists of names joined
// with "; ", anything else as compact JSON.
func flatten(v any) (string, error) {
	switch v := v.(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	case bool:
		return strconv.FormatBool(v), nil
	case int:
		return strconv.Itoa(v), nil
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case []string:
		return strings.Join(v, "; "), nil
	case []geo.Source:
		parts := make([]string, len(v))
		for i, s := range v {
			parts[i] = s.Publisher + ": " + s.Title
			if s.URL != "" {
				parts[i] += " <" + s.URL + ">"
			}
		}
		return strings.Join(parts, " | "), nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// safeFileName keeps letters, digits, '-' and '_' of a file name.
func safeFileName(s string) string {
	return strings.Map(func(r rune) rune {
		if isAlnum(r) || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, s)
}
