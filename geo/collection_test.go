package geo

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// writes records what a collection's Put stored.
type writes struct{ got []any }

func (w *writes) PutEvent(e Event) error           { w.got = append(w.got, e); return nil }
func (w *writes) PutDeployment(d Deployment) error { w.got = append(w.got, d); return nil }
func (w *writes) PutSegment(s Segment) error       { w.got = append(w.got, s); return nil }
func (w *writes) PutPlace(p Place) error           { w.got = append(w.got, p); return nil }
func (w *writes) PutSource(s Source) error         { w.got = append(w.got, s); return nil }

func TestCollectionRegistry(t *testing.T) {
	if got := CollectionIDs(nil); got != "frontier, clashes, deployments, countries, places or sources" {
		t.Errorf("CollectionIDs = %q", got)
	}
	if got := CollectionIDs((*Collection).Writable); got != "frontier, clashes, deployments, places or sources" {
		t.Errorf("writable = %q", got)
	}
	if _, ok := LookupCollection("nope"); ok {
		t.Error("found a collection that does not exist")
	}
	for _, c := range Collections() {
		if c.Title == "" || (c.GeometryType == "") != (c.ID == "sources") || len(c.Lead) == 0 {
			t.Errorf("%s: incomplete entry %+v", c.ID, c)
		}
	}
}

func TestCollectionDecodeCheckPut(t *testing.T) {
	known := SourceIndex{"s1": {ID: "s1"}}
	clashes, _ := LookupCollection("clashes")
	props := json.RawMessage(`{"title":"Clash at Vorukh","date_start":"2022-09-14","date_end":"2022-09-14","time_precision":1,
		"geo_precision":1,"location_basis":"a test point","event_type":"Battles","sources":["s1"]}`)
	v, err := clashes.Decode("e1", orb.Point{70.6, 39.9}, props)
	if err != nil {
		t.Fatal(err)
	}
	if err := clashes.Check(v, known); err != nil {
		t.Fatal(err)
	}
	var w writes
	if err := clashes.Put(&w, v); err != nil || len(w.got) != 1 || w.got[0].(Event).ID != "e1" {
		t.Fatalf("put: %v %+v", err, w.got)
	}

	// A geometry the collection cannot hold is named as the geometry.
	_, err = clashes.Decode("e2", orb.LineString{{70, 40}, {71, 40}}, props)
	var fe *FeatureError
	if !errors.As(err, &fe) || fe.Field != "geometry" || fe.Collection != "clashes" {
		t.Errorf("line as a clash: %v", err)
	}
	// A value of another collection is refused, not stored.
	if err := clashes.Put(&w, Deployment{ID: "d1"}); err == nil {
		t.Error("stored a deployment as a clash")
	}
	// The country polygons take no writes.
	countries, _ := LookupCollection("countries")
	if countries.Writable() || !errors.Is(countries.Put(&w, Country{ID: "417"}), ErrReadOnly) {
		t.Error("countries took a write")
	}
	// The desk's writes refuse a property the collection does not have.
	_, err = clashes.DecodeStrict("e3", orb.Point{70.6, 39.9}, json.RawMessage(`{"title":"x","casualties":3}`))
	if !errors.As(err, &fe) || fe.Field != "casualties" || !strings.Contains(err.Error(), "unknown field") {
		t.Errorf("unknown property: %v", err)
	}
	// A source is a feature without geometry, its id the feature's.
	sources, _ := LookupCollection("sources")
	src, err := sources.DecodeStrict("S9", nil, json.RawMessage(`{"publisher":"P","title":"T","url":"https://example.org"}`))
	if err != nil {
		t.Fatal(err)
	}
	if rec, err := sources.Record(src); err != nil || rec.ID != "S9" || rec.Properties["id"] != nil || rec.Properties["title"] != "T" {
		t.Errorf("source record %+v, %v", rec, err)
	}
	if _, err := sources.Decode("S9", orb.Point{70, 40}, json.RawMessage(`{}`)); !errors.As(err, &fe) || fe.Field != "geometry" {
		t.Errorf("a source with a point: %v", err)
	}
}
