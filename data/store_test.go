package data

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/paulmach/orb"

	"github.com/frontier-map/frontier/geo"
)

func date(t testing.TB, s string) geo.Date {
	t.Helper()
	d, err := geo.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// testDataset is a small dataset with one of everything, in the region.
func testDataset(t testing.TB) geo.Dataset {
	t.Helper()
	ovchi := orb.Point{69.683333, 40.133333}
	return geo.Dataset{
		Meta: geo.Meta{Title: "test", OfficialLengthKm: 972, OfficialLengthSource: "S1"},
		Sources: []geo.Source{
			{ID: "S1", Publisher: "HRW", Title: "Report", URL: "https://example.org/1", Published: "2023-05-02", Grade: "A"},
			{ID: "S2", Publisher: "Asia-Plus", Title: "Story", URL: "https://example.org/2"},
		},
		Segments: []geo.Segment{{
			ID: "a", Sector: "Vorukh enclave", GeometryQuality: "schematic",
			Line: orb.LineString{{70.5, 39.88}, {70.62, 39.85}, {70.7, 39.82}},
			History: []geo.Period{
				{Status: geo.Contested, ValidTo: date(t, "2025-02-21"), Basis: "no agreed line", Sources: []string{"S1"}},
				{Status: geo.Delimited, ValidFrom: date(t, "2025-02-21"), Basis: "agreement", Sources: []string{"S2"}},
			},
		}},
		Events: []geo.Event{
			{ID: "e1", Title: "Strike", DateStart: date(t, "2022-09-16"), DateEnd: date(t, "2022-09-16"),
				TimePrecision: geo.PrecisionDay, Location: &ovchi, GeoPrecision: geo.NearPlace, Place: "Ovchi-Kalacha",
				LocationBasis: "the jamoat's gazetteer point", Country: "Tajikistan", CountryAtScale: "Kyrgyzstan",
				EventType: "Explosions/Remote violence", Sources: []string{"S1"},
				Claims: []geo.Claim{{Low: 10, Qualifier: "at least", What: "killed", Side: "civilians", Claimant: "HRW", ClaimantSide: "third party", Source: "S1"}}},
			{ID: "e2", Title: "Unlocated", DateStart: date(t, "2021-02-01"), DateEnd: date(t, "2021-02-28"), Kind: geo.KindEpisode,
				DateBasis:     "February 2021, the day not given",
				TimePrecision: geo.PrecisionMonth, EventType: "Strategic developments", Sources: []string{"S2"},
				Claims: []geo.Claim{{Low: 55, What: "killed", Claimant: "Anadolu", Scope: geo.ScopeEpisode, Standing: geo.StandingConsolid, Source: "S2"}}},
		},
		Deployments: []geo.Deployment{{
			ID: "d1", System: "Pechora-2BM", Category: "air defence", Operator: "Kyrgyzstan", Sources: []string{"S1", "S2"},
			Claims: []geo.StatusClaim{
				{Status: "delivered", Date: date(t, "2023-02-25"), TimePrecision: geo.PrecisionDay, Claimant: "almusallh.ly", Source: "S1"},
				{Status: "delivered", Date: date(t, "2023-03-14"), TimePrecision: geo.PrecisionDay, Claimant: "dikebenaran.com", Source: "S2"},
			},
		}},
		Countries: []geo.Country{{ID: "417", Name: "Kyrgyzstan", ISO3: "KGZ", Source: "S1",
			Geometry: orb.MultiPolygon{{{{70, 39}, {71, 39}, {71, 40}, {70, 40}, {70, 39}}}}}},
		Places: []geo.Place{{ID: "batken", Name: "Batken", Country: "Kyrgyzstan", Location: orb.Point{70.816667, 40.05},
			AsStated: "40°03′N 70°49′E", Source: "S1", CountryAtScale: "Kyrgyzstan"}},
		Reported: []geo.ReportedFigure{
			{ID: "2020-12-31-unspecified", Date: date(t, "2020-12-31"), TimePrecision: geo.PrecisionMonth, DateBasis: "'up to 2020'",
				Claimant: "24.kg", Kind: geo.FigureStatus, Measure: "not specified", Figure: "more than 450 km", Qualifier: "more than",
				Value: 450, Unit: "km", OfKm: 972, Sources: []string{"S2"}, Grade: "B"},
			{ID: "2023-12-12-tashiev", Date: date(t, "2023-12-12"), TimePrecision: geo.PrecisionDay, Claimant: "Kamchybek Tashiev",
				ClaimantSide: "Kyrgyzstan", Kind: geo.FigureStatus, Measure: "agreed", Figure: "over 90%", Qualifier: "over",
				Value: 90, Unit: "%", Sources: []string{"S1", "S2"}, Grade: "B", Note: "n"},
		},
	}
}

func openTemp(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "test.gpkg"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	want := testDataset(t)
	want.Sources = append(want.Sources,
		geo.Source{ID: "S3", Publisher: "German Wikipedia", Title: "Woruch", URL: "https://de.wikipedia.org/wiki/Woruch", MirrorURL: "https://de.zxc.wiki/wiki/Woruch"},
		geo.Source{ID: "S4", Publisher: "a mirror", Title: "Batken", URL: "http://mirror.example/Batken", Mirror: true})
	if err := s.Replace(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err := s.Dataset(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read back differs\n got %+v\nwant %+v", got, want)
	}
}

func TestFilters(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	if err := s.Replace(ctx, testDataset(t)); err != nil {
		t.Fatal(err)
	}
	iv := func(v string) *geo.Interval {
		i, err := geo.ParseInterval(v)
		if err != nil {
			t.Fatal(err)
		}
		return &i
	}
	bb := func(a, b, c, d float64) *orb.Bound { return &orb.Bound{Min: orb.Point{a, b}, Max: orb.Point{c, d}} }
	tests := []struct {
		name   string
		f      geo.Filter
		events []string
		segs   int
		deps   int
	}{
		{"everything", geo.Filter{}, []string{"e1", "e2"}, 1, 1},
		{"bbox around Ovchi-Kalacha", geo.Filter{BBox: bb(69.6, 40.1, 69.7, 40.2)}, []string{"e1"}, 0, 0},
		{"bbox around Vorukh", geo.Filter{BBox: bb(70.4, 39.7, 70.8, 39.9)}, nil, 1, 0},
		{"the strike's day", geo.Filter{Time: iv("2022-09-16")}, []string{"e1"}, 1, 0},
		{"the instant the day starts", geo.Filter{Time: iv("2022-09-16T00:00:00Z")}, []string{"e1"}, 1, 0},
		{"the day before", geo.Filter{Time: iv("2022-09-15")}, nil, 1, 0},
		{"a month-precision event mid-month", geo.Filter{Time: iv("2021-02-14")}, []string{"e2"}, 1, 0},
		{"open start", geo.Filter{Time: iv("../2021-03-01")}, []string{"e2"}, 1, 0},
		{"open end", geo.Filter{Time: iv("2023-03-01/..")}, nil, 1, 1},
		{"deployment from its first claim", geo.Filter{Time: iv("2023-02-25")}, nil, 1, 1},
		{"deployment not before it", geo.Filter{Time: iv("2023-02-24")}, nil, 1, 0},
		{"by id", geo.Filter{ID: "e2"}, []string{"e2"}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs, err := s.Events(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, e := range evs {
				ids = append(ids, e.ID)
			}
			if !reflect.DeepEqual(ids, tt.events) {
				t.Errorf("events = %v, want %v", ids, tt.events)
			}
			segs, err := s.Segments(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if len(segs) != tt.segs {
				t.Errorf("segments = %d, want %d", len(segs), tt.segs)
			}
			deps, err := s.Deployments(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if len(deps) != tt.deps {
				t.Errorf("deployments = %d, want %d", len(deps), tt.deps)
			}
		})
	}
}

func TestVersionChangesWithData(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	v0, _ := s.Version(ctx)
	ds := testDataset(t)
	if err := s.Replace(ctx, ds); err != nil {
		t.Fatal(err)
	}
	v1, _ := s.Version(ctx)
	if v1 == v0 {
		t.Fatalf("version %q unchanged by a write", v1)
	}
	// An edit made outside Frontier, as QGIS would make it, moves it too.
	if _, err := s.db.ExecContext(ctx, `UPDATE clashes SET title = 'edited' WHERE id = 'e1'`); err != nil {
		t.Fatal(err)
	}
	v2, _ := s.Version(ctx)
	if v2 == v1 {
		t.Fatalf("version %q unchanged by an outside edit", v2)
	}
}

func TestRTreeFollowsEdits(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	ds := testDataset(t)
	if err := s.Replace(ctx, ds); err != nil {
		t.Fatal(err)
	}
	moved := orb.Point{75, 41}
	ds.Events[0].Location = &moved
	if err := s.Put(ctx, geo.Dataset{Events: ds.Events[:1]}); err != nil {
		t.Fatal(err)
	}
	at := func(b orb.Bound) int {
		evs, err := s.Events(ctx, geo.Filter{BBox: &b})
		if err != nil {
			t.Fatal(err)
		}
		return len(evs)
	}
	if n := at(orb.Bound{Min: orb.Point{74.9, 40.9}, Max: orb.Point{75.1, 41.1}}); n != 1 {
		t.Errorf("at the new place: %d events, want 1", n)
	}
	if n := at(orb.Bound{Min: orb.Point{69.6, 40.1}, Max: orb.Point{69.7, 40.2}}); n != 0 {
		t.Errorf("at the old place: %d events, want 0", n)
	}
	var rows int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM rtree_clashes_geom`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != 1 { // e2 has no geometry and is not indexed
		t.Errorf("rtree rows = %d, want 1", rows)
	}
}

func TestReplaceIsAtomic(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	if err := s.Replace(ctx, testDataset(t)); err != nil {
		t.Fatal(err)
	}
	bad := testDataset(t)
	bad.Events[0].Sources = []string{"S99"}
	if err := s.Replace(ctx, bad); err == nil {
		t.Fatal("a dataset citing an unknown source was stored")
	}
	evs, err := s.Events(ctx, geo.Filter{})
	if err != nil || len(evs) != 2 {
		t.Fatalf("after a failed replace: %d events, %v; want the 2 from before", len(evs), err)
	}
}

func TestOpenRefusesOtherFiles(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain.sqlite")
	db, err := sql.Open("sqlite3", plain)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('keep me')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	garbage := filepath.Join(dir, "garbage.gpkg")
	junk := bytes.Repeat([]byte("not a database "), 400)
	if err := os.WriteFile(garbage, junk, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		want error
	}{
		{plain, ErrNotGeoPackage},
		{garbage, ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			before, _ := os.ReadFile(tt.path)
			s, err := Open(context.Background(), tt.path)
			if err == nil {
				s.Close()
				t.Fatal("opened")
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			after, _ := os.ReadFile(tt.path)
			if !bytes.Equal(before, after) {
				t.Error("the file was changed")
			}
		})
	}
}

func TestGeometryHeader(t *testing.T) {
	tests := []orb.Geometry{
		orb.Point{70.5, 39.9},
		orb.LineString{{70.5, 39.88}, {70.62, 39.85}},
		orb.MultiPolygon{{{{70, 39}, {71, 39}, {71, 40}, {70, 40}, {70, 39}}}},
	}
	for _, g := range tests {
		t.Run(g.GeoJSONType(), func(t *testing.T) {
			b, err := encodeGeometry(g)
			if err != nil {
				t.Fatal(err)
			}
			if string(b[:2]) != "GP" || b[2] != 0 {
				t.Fatalf("header % x does not start GP v0", b[:4])
			}
			back, err := decodeGeometry(b)
			if err != nil {
				t.Fatal(err)
			}
			if !orb.Equal(back, g) {
				t.Errorf("round trip: %v, want %v", back, g)
			}
			bd, ok, err := bound(b)
			if err != nil || !ok || bd != g.Bound() {
				t.Errorf("bound = %v %v %v, want %v", bd, ok, err, g.Bound())
			}
		})
	}
	for _, bad := range [][]byte{nil, []byte("GP"), []byte("XX\x00\x01\xe6\x10\x00\x00"), []byte("GP\x00\x03\xe6\x10\x00\x00")} {
		if _, err := decodeGeometry(append(bad, 0)); err == nil {
			t.Errorf("decoded % x", bad)
		}
	}
}

func TestSeedIfEmpty(t *testing.T) {
	ctx := context.Background()
	want := testDataset(t)
	loads := 0
	load := func() (geo.Dataset, error) { loads++; return want, nil }
	s := openTemp(t)
	if ds, err := s.SeedIfEmpty(ctx, load); err != nil || ds == nil || len(ds.Events) != len(want.Events) {
		t.Fatalf("a new store: %v, %v", ds, err)
	}
	if got, _ := s.Dataset(ctx); len(got.Segments) != len(want.Segments) || len(got.Events) != len(want.Events) {
		t.Errorf("seeded %d segments, %d events", len(got.Segments), len(got.Events))
	}

	// A store that holds data is left as it is, and the data not loaded.
	before, _ := s.Version(ctx)
	if ds, err := s.SeedIfEmpty(ctx, load); err != nil || ds != nil || loads != 1 {
		t.Errorf("a store with data: %v, %v, loaded %d times", ds, err, loads)
	}
	if after, _ := s.Version(ctx); after != before {
		t.Errorf("a store with data changed: %s → %s", before, after)
	}

	// A load that fails leaves the store empty.
	fresh := openTemp(t)
	if _, err := fresh.SeedIfEmpty(ctx, func() (geo.Dataset, error) { return geo.Dataset{}, errors.New("no seeds") }); err == nil {
		t.Error("a failed load was not reported")
	}
	if empty, _ := fresh.Empty(ctx); !empty {
		t.Error("a failed load wrote to the store")
	}

	// An empty store that cannot be written has nothing to serve.
	path := fresh.Path()
	fresh.Close()
	ro, err := openReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.SeedIfEmpty(ctx, load); !errors.Is(err, ErrReadOnly) || loads != 1 {
		t.Errorf("an empty read-only store: %v, loaded %d times", err, loads)
	}
}
