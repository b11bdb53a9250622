package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/frontier-map/frontier/data"
)

// TestDocumentsCached: the JSON documents GIS clients and the page ask
// for over and over (/, /collections, a collection, /stats, TileJSON) are
// served from the response cache: gzipped to a client that takes it (the
// same document), answered 304 to their strong ETag, and never stale: a
// write shows at once, and /stats without a datetime moves with the clock.
func TestDocumentsCached(t *testing.T) {
	st := newTestStore(t)
	var clock atomic.Int64
	clock.Store(testNow().Unix())
	h := newTestServer(t, st, func(c *Config) { c.Now = func() time.Time { return time.Unix(clock.Load(), 0).UTC() } })
	for _, target := range []string{"/?f=json", "/collections", "/collections/clashes", "/stats?datetime=2023-09-01", "/stats", "/tiles/border.json", "/tiles/border.json?datetime=2023-09-01"} {
		t.Run(target, func(t *testing.T) {
			plain := get(t, h, target)
			wantStatus(t, plain, http.StatusOK, typeJSON)
			zipped := get(t, h, target, "Accept-Encoding: gzip")
			if zipped.Header().Get("Content-Encoding") != "gzip" {
				t.Fatalf("Content-Encoding %q with gzip accepted", zipped.Header().Get("Content-Encoding"))
			}
			zr, err := gzip.NewReader(zipped.Body)
			if err != nil {
				t.Fatal(err)
			}
			if unzipped, _ := io.ReadAll(zr); !bytes.Equal(unzipped, plain.Body.Bytes()) {
				t.Error("the gzipped document is not the plain one")
			}
			tag := plain.Header().Get("ETag")
			if rec := get(t, h, target, "If-None-Match: "+tag); tag == "" || rec.Code != http.StatusNotModified {
				t.Errorf("If-None-Match %q: status %d", tag, rec.Code)
			}
		})
	}

	// An event far east of the others moves the clashes' extent.
	extentOf := func(target string) []float64 {
		rec := get(t, h, target)
		var c collectionBody
		if err := json.Unmarshal(rec.Body.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		return c.Extent.Spatial.BBox[0][:]
	}
	before := extentOf("/collections/clashes")
	e := st.ds.Events[0]
	e.ID = "9999-far-east"
	e.Location = &orb.Point{79.5, 41.5}
	if err := st.Bulk(context.Background(), func(b *data.Batch) error { return b.PutEvent(e) }); err != nil {
		t.Fatal(err)
	}
	if after := extentOf("/collections/clashes"); after[2] <= before[2] || after[2] < 79.4 {
		t.Errorf("after an event at 79.5°E the extent is %v (was %v)", after, before)
	}
	var all collectionsBody
	if err := json.Unmarshal(get(t, h, "/collections").Body.Bytes(), &all); err != nil {
		t.Fatal(err)
	}
	for _, c := range all.Collections {
		if c.ID == "clashes" && c.Extent.Spatial.BBox[0][2] < 79.4 {
			t.Errorf("/collections still shows the clashes' old extent %v", c.Extent.Spatial.BBox[0])
		}
	}

	// /stats as of now follows the clock; as of a date it does not.
	asOf := func(target string) string {
		var s struct {
			AsOf string `json:"as_of"`
		}
		if err := json.Unmarshal(get(t, h, target).Body.Bytes(), &s); err != nil {
			t.Fatal(err)
		}
		return s.AsOf
	}
	now, dated := asOf("/stats"), asOf("/stats?datetime=2023-09-01")
	clock.Add(5)
	if later := asOf("/stats"); later == now {
		t.Errorf("/stats 5 s later still as of %s", now)
	}
	if later := asOf("/stats?datetime=2023-09-01"); later != dated {
		t.Errorf("/stats?datetime=2023-09-01 moved from %s to %s", dated, later)
	}
}
