package geo

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/paulmach/orb"
)

// writes records what a collection's Put stored.
type writes struct{ got []any }

func (w *writes) PutEvent(e Event) error           { w.got = append(w.got, e); return nil }
func (w *writes) PutDeployment(d Deployment) error { w.got = append(w.got, d); return nil }

func TestCollectionRegistry(t *testing.T) {
	if got := CollectionIDs(nil); got != "frontier, clashes, deployments, countries or places" {
		t.Errorf("CollectionIDs = %q", got)
	}
	if got := CollectionIDs((*Collection).Writable); got != "clashes or deployments" {
		t.Errorf("writable = %q", got)
	}
	if _, ok := LookupCollection("nope"); ok {
		t.Error("found a collection that does not exist")
	}
	for _, c := range Collections() {
		if c.Title == "" || c.GeometryType == "" || len(c.Lead) == 0 {
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
	// The context layers take no writes.
	places, _ := LookupCollection("places")
	if places.Writable() || !errors.Is(places.Put(&w, Place{ID: "p1"}), ErrReadOnly) {
		t.Error("places took a write")
	}
}
