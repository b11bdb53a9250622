package geo

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

const goodFeature = `{"type":"Feature","id":"e1","geometry":{"type":"Point","coordinates":[70.58,39.85]},
 "properties":{"title":"Clash at Vorukh","date_start":"2022-09-14","date_end":"2022-09-14","time_precision":1,"geo_precision":2,
 "place":"Vorukh","location_basis":"Vorukh's gazetteer point","event_type":"Battles","sources":["S1"],"claims":[{"low":3,"what":"killed","claimant":"HRW","source":"S1"}]}}`

func TestDecodeFeatures(t *testing.T) {
	known := SourceIndex{"S1": {ID: "S1"}}
	fc := func(fs ...string) []byte {
		return []byte(`{"type":"FeatureCollection","features":[` + strings.Join(fs, ",") + `]}`)
	}
	with := func(old, new string) string {
		return strings.Replace(strings.Replace(goodFeature, `"id":"e1"`, `"id":"e2"`, 1), strings.Replace(old, "e1", "e2", 1), new, 1)
	}
	tests := []struct {
		name, feature, field, says string
	}{
		{"unknown source", with(`"sources":["S1"]`, `"sources":["S9"]`), "sources", `"S9"`},
		{"no source", with(`"sources":["S1"]`, `"sources":[]`), "sources", "no source cited"},
		{"lat/lon swapped", with(`[70.58,39.85]`, `[39.85,70.58]`), "geometry", "outside the region"},
		{"a line", with(`"type":"Point","coordinates":[70.58,39.85]`, `"type":"LineString","coordinates":[[70.58,39.85],[70.6,39.9]]`), "geometry", "LineString"},
		{"date not a date", with(`"date_start":"2022-09-14"`, `"date_start":"14.09.2022"`), "date_start", "not a date"},
		{"precision a string", with(`"time_precision":1`, `"time_precision":"day"`), "time_precision", "string where"},
		{"end before start", with(`"date_end":"2022-09-14"`, `"date_end":"2022-09-01"`), "date_end", "before date_start"},
		{"no id", with(`"id":"e1",`, ``), "id", "missing"},
		{"no title", with(`"title":"Clash at Vorukh",`, ``), "title", "missing"},
		{"negative claim", with(`"low":3`, `"low":-3`), "claims[0]", "low -3"},
		{"claim without claimant", with(`"claimant":"HRW",`, ``), "claims[0].claimant", "no claimant"},
		{"point without location basis", with(`"location_basis":"Vorukh's gazetteer point",`, ``), "location_basis", "what it stands for"},
		{"episode total on a one-day event", with(`"what":"killed"`, `"what":"killed","scope":"episode"`), "claims[0].scope", "episode total"},
		{"not a feature", `[1,2]`, "", "not a feature"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := DecodeFeatures(fc(goodFeature, tt.feature), "clashes", known)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 2 || rows[0].Err != nil || event(rows[0]) == nil {
				t.Fatalf("the good feature: %+v", rows)
			}
			bad := rows[1]
			if bad.Err == nil || event(bad) != nil {
				t.Fatalf("accepted %s", tt.feature)
			}
			found := false
			for _, e := range bad.Errors() {
				if e.Feature == 2 && e.Field == tt.field && strings.Contains(e.Error(), tt.says) && strings.HasPrefix(e.Error(), "feature 2") {
					found = true
				}
			}
			if !found {
				t.Errorf("got %q; want feature 2, field %q, saying %q", bad.Err, tt.field, tt.says)
			}
		})
	}
	rows, err := DecodeFeatures(fc(goodFeature, goodFeature), "clashes", known)
	if err != nil || rows[1].Err == nil || !strings.Contains(rows[1].Err.Error(), "id used twice") {
		t.Errorf("same id twice in a file: %v %v", err, rows)
	}
	if _, err := DecodeFeatures([]byte(`{"type":"Feature"}`), "clashes", known); err == nil {
		t.Error("a single Feature was taken for a collection")
	}
	if _, err := DecodeFeatures(fc(goodFeature), "countries", known); err == nil {
		t.Error("imported into the country polygons")
	}
}

func TestDecodeFeaturesSeedShape(t *testing.T) {
	rows, err := DecodeFeatures([]byte(`{"type":"FeatureCollection","features":[`+goodFeature+`]}`), "clashes", SourceIndex{"S1": {ID: "S1"}})
	if err != nil || rows[0].Err != nil {
		t.Fatal(err, rows)
	}
	e := event(rows[0])
	if e.ID != "e1" || e.Location == nil || e.Location[0] != 70.58 || e.Place != "Vorukh" || len(e.Claims) != 1 {
		t.Errorf("%+v", e)
	}
}

func FuzzDecodeFeatures(f *testing.F) {
	f.Add([]byte(`{"type":"FeatureCollection","features":[` + goodFeature + `]}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","id":3,"geometry":null,"properties":null}]}`))
	known := SourceIndex{"S1": {ID: "S1"}}
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, err := DecodeFeatures(b, "clashes", known)
		if err != nil {
			return
		}
		for _, r := range rows {
			if r.Err != nil {
				if len(r.Errors()) == 0 {
					t.Fatalf("error %v names no feature", r.Err)
				}
				continue
			}
			// What is accepted round-trips through the record form.
			fb, err := json.Marshal(event(r).Record())
			if err != nil {
				t.Fatal(err)
			}
			back, err := DecodeFeatures([]byte(`{"type":"FeatureCollection","features":[`+string(fb)+`]}`), "clashes", known)
			if err != nil || back[0].Err != nil {
				t.Fatalf("record does not import back: %v %v\n%s", err, back[0].Err, fb)
			}
			if a, b := event(back[0]).Record(), event(r).Record(); !reflect.DeepEqual(a, b) {
				t.Fatalf("round trip:\n got %+v\nwant %+v", event(back[0]), event(r))
			}
		}
	})
}

// event is the row's value as an event; nil when it holds none.
func event(r Row) *Event {
	if e, ok := r.Value.(Event); ok {
		return &e
	}
	return nil
}
