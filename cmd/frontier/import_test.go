package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/frontier-map/frontier/data"
	"github.com/frontier-map/frontier/geo"
	"github.com/frontier-map/frontier/tiles"
)

const acledCSVHeader = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,actor2,country,admin1,admin2,location,latitude,longitude,geo_precision,source,notes,fatalities\n"

func acledLine(id, date, lat string, killed int) string {
	return fmt.Sprintf("%s,%s,2022,1,Political violence,Battles,Armed clash,Military Forces of Kyrgyzstan (2021-),Military Forces of Tajikistan (1994-),Kyrgyzstan,Batken,Batken,Vorukh,%s,70.58333,1,Kabar; AKIpress,test row,%d\n", id, date, lat, killed)
}

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func frontierCmd(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var o, e bytes.Buffer
	err = run(context.Background(), args, func(string) string { return "" }, &o, &e)
	return o.String(), e.String(), err
}

func seededStore(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "f.gpkg")
	if _, e, err := frontierCmd(t, "seed", "--db", db); err != nil {
		t.Fatalf("seed: %v %s", err, e)
	}
	return db
}

func openStore(t *testing.T, db string) *data.Store {
	t.Helper()
	s, err := data.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestImportACLED(t *testing.T) {
	db := seededStore(t)
	dir := t.TempDir()
	csv := writeFile(t, dir, "acled.csv", acledCSVHeader+
		acledLine("KGZ1", "14 September 2022", "39.85", 2)+
		acledLine("KGZ2", "2022-09-16", "39.86", 0)+
		acledLine("KGZ3", "17 September 2022", "39.87", 5))
	out, stderr, err := frontierCmd(t, "import", csv, "--db", db)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, "imported 3 clashes and 1 sources") {
		t.Errorf("output %q", out)
	}
	st := openStore(t, db)
	ctx := context.Background()
	evs, err := st.Events(ctx, geo.Filter{IDs: []string{"KGZ1", "KGZ2", "KGZ3"}})
	if err != nil || len(evs) != 3 {
		t.Fatalf("events %d, %v", len(evs), err)
	}
	if lo, _, ok := evs[0].Figures("killed"); !ok || lo != 2 || evs[0].Location[1] != 39.85 || evs[0].DateStart.String() != "2022-09-14" {
		t.Errorf("KGZ1 as stored: %+v", evs[0])
	}
	srcs, _ := st.Sources(ctx)
	n := len(srcs)

	// The same ids again, one changed: an update, not a copy.
	csv2 := writeFile(t, dir, "acled2.csv", acledCSVHeader+acledLine("KGZ1", "14 September 2022", "39.85", 4))
	if _, stderr, err := frontierCmd(t, "import", csv2, "--db", db); err != nil {
		t.Fatalf("second import: %v\n%s", err, stderr)
	}
	all, _ := st.Events(ctx, geo.Filter{})
	count := 0
	for _, e := range all {
		if e.ID == "KGZ1" {
			count++
			if lo, _, _ := e.Figures("killed"); lo != 4 {
				t.Errorf("KGZ1 not updated: killed %d", lo)
			}
		}
	}
	if count != 1 {
		t.Errorf("KGZ1 is in the store %d times", count)
	}
	if srcs, _ := st.Sources(ctx); len(srcs) != n {
		t.Errorf("re-import added sources: %d, was %d", len(srcs), n)
	}
}

func TestImportGeoJSON(t *testing.T) {
	db := seededStore(t)
	dir := t.TempDir()
	clash := writeFile(t, dir, "c.geojson", `{"type":"FeatureCollection","features":[
	 {"type":"Feature","id":"desk-1","geometry":{"type":"Point","coordinates":[70.58,39.85]},
	  "properties":{"title":"Shelling reported at Vorukh","date_start":"2024-03-02","time_precision":1,"geo_precision":2,"place":"Vorukh","location_basis":"Vorukh's gazetteer point","event_type":"Explosions/Remote violence","sources":["S18"]}}]}`)
	dep := writeFile(t, dir, "d.geojson", `{"type":"FeatureCollection","features":[
	 {"type":"Feature","id":"desk-dep","geometry":null,
	  "properties":{"system":"Test system","operator":"Kyrgyzstan","geo_precision":0,"status_claims":[{"status":"delivered","date":"2024-01-01","time_precision":3,"claimant":"24.kg","source":"S18"}],"sources":["S18"]}}]}`)
	if _, e, err := frontierCmd(t, "import", clash, "--db", db); err != nil {
		t.Fatalf("clashes: %v %s", err, e)
	}
	if _, e, err := frontierCmd(t, "import", dep, "--collection", "deployments", "--db", db); err != nil {
		t.Fatalf("deployments: %v %s", err, e)
	}
	st := openStore(t, db)
	evs, _ := st.Events(context.Background(), geo.Filter{ID: "desk-1"})
	deps, _ := st.Deployments(context.Background(), geo.Filter{ID: "desk-dep"})
	if len(evs) != 1 || len(deps) != 1 || deps[0].Claims[0].Status != "delivered" {
		t.Errorf("imported: %+v %+v", evs, deps)
	}
}

// TestImportRefusesWhatValidationRefuses: frontier import applies the
// seeds' rules of issue 11, and says which feature and field break them.
func TestImportRefusesWhatValidationRefuses(t *testing.T) {
	db := seededStore(t)
	dir := t.TempDir()
	const props = `"title":"Shelling at Vorukh","date_start":"2024-03-02","time_precision":1,"place":"Vorukh","event_type":"Battles","sources":["S18"]`
	tests := []struct {
		name, feature, says string
	}{
		{"a point without a location basis",
			`{"type":"Feature","id":"desk-2","geometry":{"type":"Point","coordinates":[70.58,39.85]},"properties":{` + props + `,"geo_precision":2}}`,
			`feature 1 ("desk-2"): location_basis: no location_basis`},
		{"a claim without a claimant",
			`{"type":"Feature","id":"desk-3","geometry":null,"properties":{` + props + `,"geo_precision":0,"claims":[{"low":3,"what":"killed","source":"S18"}]}}`,
			`feature 1 ("desk-3"): claims[0].claimant: no claimant`},
		{"an episode total on a one-day event",
			`{"type":"Feature","id":"desk-4","geometry":null,"properties":{` + props + `,"geo_precision":0,"claims":[{"low":55,"what":"killed","claimant":"Anadolu","scope":"episode","source":"S18"}]}}`,
			`feature 1 ("desk-4"): claims[0].scope: an episode total`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := writeFile(t, dir, "f.geojson", `{"type":"FeatureCollection","features":[`+tt.feature+`]}`)
			_, stderr, err := frontierCmd(t, "import", f, "--db", db)
			if err == nil || exitCode(err) != 1 {
				t.Fatalf("imported %s: %v", tt.name, err)
			}
			if !strings.Contains(stderr, tt.says) {
				t.Errorf("stderr %q does not say %q", stderr, tt.says)
			}
		})
	}
}

// TestImportInvalidRowMidFile is the promise of one transaction: a bad row
// in the middle leaves the store as it was, and says where it is.
func TestImportInvalidRowMidFile(t *testing.T) {
	db := seededStore(t)
	csv := writeFile(t, t.TempDir(), "bad.csv", acledCSVHeader+
		acledLine("KGZ1", "14 September 2022", "39.85", 2)+
		acledLine("KGZ2", "2022-09-16", "95.2", 0)+
		acledLine("KGZ3", "17 September 2022", "39.87", 5))
	st := openStore(t, db)
	ctx := context.Background()
	before, err := st.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, stderr, err := frontierCmd(t, "import", csv, "--db", db)
	if err == nil || exitCode(err) != 1 || !strings.Contains(err.Error(), "1 invalid rows, nothing imported") {
		t.Fatalf("import of a bad file: %v", err)
	}
	if !strings.Contains(stderr, "line 3: latitude 95.2 is outside -90..90") {
		t.Errorf("stderr %q does not name line 3's latitude", stderr)
	}
	after, _ := st.Version(ctx)
	evs, _ := st.Events(ctx, geo.Filter{IDs: []string{"KGZ1", "KGZ3"}})
	if after != before || len(evs) != 0 {
		t.Errorf("the store changed: version %s → %s, %d events", before, after, len(evs))
	}

	out, stderr, err := frontierCmd(t, "import", csv, "--db", db, "--skip-invalid")
	if err != nil {
		t.Fatalf("--skip-invalid: %v", err)
	}
	if !strings.Contains(out, "imported 2 clashes") || !strings.Contains(out, "skipped 1 invalid") || !strings.Contains(stderr, "line 3: latitude") {
		t.Errorf("--skip-invalid: %q / %q", out, stderr)
	}
	if evs, _ := st.Events(ctx, geo.Filter{IDs: []string{"KGZ1", "KGZ2", "KGZ3"}}); len(evs) != 2 {
		t.Errorf("--skip-invalid stored %d events, want 2", len(evs))
	}
}

// TestImportWhileServing: a running server shows imported events without a
// restart, in the features API and in its tiles, whose ETag changes.
func TestImportWhileServing(t *testing.T) {
	s := startServer(t)
	vorukh := orb.Point{70.58333, 39.85}
	k := tiles.KeysIn(vorukh.Bound(), 8)[0]
	tilePath := fmt.Sprintf("/tiles/border/%d/%d/%d.mvt", k.Z, k.X, k.Y)
	etag := func() string {
		resp, err := http.Get(s.base + tilePath)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.Header.Get("ETag")
	}
	var before geojson.FeatureCollection
	s.get(t, "/collections/clashes/items?limit=10000", &before)
	tagBefore := etag()

	csv := writeFile(t, t.TempDir(), "live.csv", acledCSVHeader+
		acledLine("LIVE1", "2024-05-01", "39.85", 1)+acledLine("LIVE2", "2024-05-02", "39.851", 0))
	if _, e, err := frontierCmd(t, "import", csv, "--db", s.db); err != nil {
		t.Fatalf("import: %v %s", err, e)
	}
	deadline := time.Now().Add(5 * time.Second) // the tiles trust a version for a second
	for {
		var after geojson.FeatureCollection
		s.get(t, "/collections/clashes/items?limit=10000", &after)
		ids := map[string]bool{}
		for _, f := range after.Features {
			ids[fmt.Sprint(f.ID)] = true
		}
		tagAfter := etag()
		if len(after.Features) == len(before.Features)+2 && ids["LIVE1"] && ids["LIVE2"] && tagAfter != tagBefore {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the import: %d features (was %d), LIVE1 %v, tile ETag %s (was %s)",
				len(after.Features), len(before.Features), ids["LIVE1"], tagAfter, tagBefore)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
