package geo

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestSniffFormat(t *testing.T) {
	tests := []struct {
		name, file, text string
		want             Format
	}{
		{"a .csv name", "acled.csv", `{"looks":"like JSON"}`, FormatACLED},
		{"a .CSV name", "ACLED.CSV", acledHeader, FormatACLED},
		{"a CSV under another name", "export.txt", acledHeader, FormatACLED},
		{"a CSV with a byte-order mark", "export", "\ufeff" + acledHeader, FormatACLED},
		{"GeoJSON", "desk.geojson", `{"type":"FeatureCollection"}`, FormatGeoJSON},
		{"JSON under another name", "desk.txt", `{"type":"FeatureCollection"}`, FormatGeoJSON},
		{"JSON after blank space", "desk.json", " \r\n\t{}", FormatGeoJSON},
		{"an empty file", "empty.json", "", FormatGeoJSON},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := bufio.NewReader(strings.NewReader(tt.text))
			if got := SniffFormat(tt.file, r); got != tt.want {
				t.Errorf("SniffFormat(%q, %q) = %v, want %v", tt.file, tt.text, got, tt.want)
			}
			if rest, _ := io.ReadAll(r); string(rest) != tt.text {
				t.Errorf("sniffing consumed the file: %q left", rest)
			}
		})
	}
}

// readRows reads every row a RowReader gives, failing on an error.
func readRows(t testing.TB, rd RowReader) []Row {
	t.Helper()
	var rows []Row
	for {
		r, err := rd.Read()
		if errors.Is(err, io.EOF) {
			return rows
		}
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, r)
	}
}

func TestNewRowReader(t *testing.T) {
	known := SourceIndex{"S1": {ID: "S1"}}
	t.Run("GeoJSON", func(t *testing.T) {
		fc := `{"type":"FeatureCollection","features":[` + goodFeature + `,{"type":"Feature","id":"e1"}]}`
		rd, err := NewRowReader(strings.NewReader(fc), FormatGeoJSON, "clashes", known)
		if err != nil {
			t.Fatal(err)
		}
		rows := readRows(t, rd)
		if len(rows) != 2 || rows[0].Err != nil || event(rows[0]).ID != "e1" || rows[1].Feature != 2 || rows[1].Err == nil {
			t.Errorf("rows %+v", rows)
		}
	})
	t.Run("ACLED", func(t *testing.T) {
		rd, err := NewRowReader(strings.NewReader(acledHeader+"\n"+acledGood+"\n"+acledRow(t, "latitude", "95.2")+"\n"), FormatACLED, "clashes", known)
		if err != nil {
			t.Fatal(err)
		}
		rows := readRows(t, rd)
		if len(rows) != 2 || rows[0].Err != nil || event(rows[0]).ID != "KGZ9001" || len(rows[0].Sources) != 1 ||
			rows[1].Line != 3 || rows[1].Err == nil || !strings.Contains(rows[1].Err.Error(), "line 3: latitude 95.2") {
			t.Errorf("rows %+v", rows)
		}
	})
	for _, tt := range []struct {
		name, text string
		format     Format
		collection string
	}{
		{"an ACLED CSV of deployments", acledHeader + "\n", FormatACLED, "deployments"},
		{"a CSV without ACLED's columns", "id,date\n", FormatACLED, "clashes"},
		{"not JSON", "id,date\n", FormatGeoJSON, "clashes"},
		{"a single Feature", goodFeature, FormatGeoJSON, "clashes"},
		{"a read-only collection", `{"type":"FeatureCollection","features":[]}`, FormatGeoJSON, "countries"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewRowReader(strings.NewReader(tt.text), tt.format, tt.collection, known); err == nil {
				t.Errorf("read %s", tt.name)
			}
		})
	}
}
