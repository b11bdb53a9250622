package data

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/frontier-map/frontier/geo"
)

// pagingEvents are n events on a grid with three event types and four
// precisions, some with no location, for the paging tests.
func pagingEvents(n int) []geo.Event {
	evs := bulkEvents(n)
	types := []string{"Battles", "Riots", "Protests"}
	for i := range evs {
		evs[i].EventType = types[i%3]
		evs[i].GeoPrecision = geo.GeoPrecision(i % 4)
		if i%4 == 0 {
			evs[i].Location = nil
		}
	}
	return evs
}

func openEvents(t testing.TB, evs []geo.Event) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "paging.gpkg"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	err = s.Bulk(context.Background(), func(w *Batch) error {
		if err := w.PutSource(geo.ACLEDSource("Kabar")); err != nil {
			return err
		}
		for _, e := range evs {
			if err := w.PutEvent(e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func eventIDs(t testing.TB, s *Store, f geo.Filter) []string {
	t.Helper()
	evs, err := s.Events(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(evs))
	for i, e := range evs {
		ids[i] = e.ID
	}
	return ids
}

// TestPaging checks, for each filter, that the count is the number of
// features selected, and that following offsets and following keys both
// visit exactly those features, in id order, once each.
func TestPaging(t *testing.T) {
	ctx := context.Background()
	evs := pagingEvents(1000)
	s := openEvents(t, evs)
	iv, err := geo.ParseInterval("2012-01-01/2015-12-31")
	if err != nil {
		t.Fatal(err)
	}
	// box holds more than a quarter of the events (the store probes the
	// R-tree row by row), small far less (it joins the R-tree's matches).
	box := orb.Bound{Min: orb.Point{70.1, 39.5}, Max: orb.Point{70.4, 39.6}}
	small := orb.Bound{Min: orb.Point{70.1, 39.5}, Max: orb.Point{70.2, 39.6}}
	for _, tc := range []struct {
		name string
		f    geo.Filter
		want func(geo.Event) bool
	}{
		{"everything", geo.Filter{}, func(geo.Event) bool { return true }},
		{"event type in another case", geo.Filter{Props: map[string]string{"event_type": "riots"}},
			func(e geo.Event) bool { return e.EventType == "Riots" }},
		{"precision and type", geo.Filter{Props: map[string]string{"event_type": "Battles", "geo_precision": "2"}},
			func(e geo.Event) bool { return e.EventType == "Battles" && e.GeoPrecision == 2 }},
		{"dates", geo.Filter{Time: &iv}, func(e geo.Event) bool { return e.DateStart.Time().Year() >= 2012 && e.DateStart.Time().Year() <= 2015 }},
		{"bbox", geo.Filter{BBox: &box}, func(e geo.Event) bool { return e.Location != nil && box.Contains(*e.Location) }},
		{"small bbox", geo.Filter{BBox: &small}, func(e geo.Event) bool { return e.Location != nil && small.Contains(*e.Location) }},
		{"small bbox and type", geo.Filter{BBox: &small, Props: map[string]string{"event_type": "battles"}},
			func(e geo.Event) bool {
				return e.Location != nil && small.Contains(*e.Location) && e.EventType == "Battles"
			}},
		{"bbox, dates and type", geo.Filter{BBox: &box, Time: &iv, Props: map[string]string{"event_type": "Protests"}},
			func(e geo.Event) bool {
				return e.Location != nil && box.Contains(*e.Location) && e.EventType == "Protests" &&
					e.DateStart.Time().Year() >= 2012 && e.DateStart.Time().Year() <= 2015
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var want []string
			for _, e := range evs {
				if tc.want(e) {
					want = append(want, e.ID)
				}
			}
			slices.Sort(want)
			if len(want) == 0 {
				t.Fatal("the case selects nothing; it would prove nothing")
			}
			n, err := s.Count(ctx, "clashes", tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if n != len(want) {
				t.Errorf("count = %d, want %d", n, len(want))
			}
			if got := eventIDs(t, s, tc.f); !reflect.DeepEqual(got, want) {
				t.Fatalf("unpaged: %d features, want %d", len(got), len(want))
			}
			const limit = 37
			var byOffset, byKey []string
			for off := 0; off < len(want)+limit; off += limit {
				f := tc.f
				f.Limit, f.Offset = limit, off
				byOffset = append(byOffset, eventIDs(t, s, f)...)
			}
			f := tc.f
			f.Limit = limit
			for {
				page := eventIDs(t, s, f)
				if len(page) > limit {
					t.Fatalf("a page of %d, limit %d", len(page), limit)
				}
				byKey = append(byKey, page...)
				if len(page) < limit {
					break
				}
				f.After = page[len(page)-1]
			}
			if !reflect.DeepEqual(byOffset, want) {
				t.Errorf("by offset: %d features, want %d (first %v)", len(byOffset), len(want), byOffset[:min(3, len(byOffset))])
			}
			if !reflect.DeepEqual(byKey, want) {
				t.Errorf("by key: %d features, want %d (first %v)", len(byKey), len(want), byKey[:min(3, len(byKey))])
			}
		})
	}
}

// TestBBoxIsExact: the R-tree's boxes are 32-bit floats rounded outward,
// and a polygon's box covers ground the polygon does not; the store
// answers and counts by the geometry itself.
func TestBBoxIsExact(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	ds := testDataset(t)
	// Just east of 70.5: as a float32 the R-tree's box starts at 70.5.
	east := orb.Point{70.50000001, 40.5}
	ds.Events[1].Location, ds.Events[1].GeoPrecision, ds.Events[1].LocationBasis = &east, geo.ExactPlace, "a test point"
	// An L whose box covers the square 70.5–71 × 39.5–40, which it leaves out.
	ds.Countries[0].Geometry = orb.MultiPolygon{{{{70, 39}, {71, 39}, {71, 39.5}, {70.5, 39.5}, {70.5, 40}, {70, 40}, {70, 39}}}}
	// Events far away, so that the store joins the R-tree's few matches
	// for the clashes (see bboxPlan); the one country it probes.
	far := orb.Point{75, 45}
	for i := range 10 {
		e := ds.Events[1]
		e.ID, e.Location = fmt.Sprintf("far%d", i), &far
		ds.Events = append(ds.Events, e)
	}
	if err := s.Replace(ctx, ds); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		box       orb.Bound
		layer     string
		want      int
		countries int
	}{
		{"west of the point by a hair", orb.Bound{Min: orb.Point{70.4, 40.4}, Max: orb.Point{70.5, 40.6}}, "clashes", 0, 0},
		{"on the point", orb.Bound{Min: orb.Point{70.4, 40.4}, Max: orb.Point{70.50000001, 40.6}}, "clashes", 1, 0},
		{"in the L's notch", orb.Bound{Min: orb.Point{70.6, 39.6}, Max: orb.Point{70.9, 39.9}}, "countries", 0, 0},
		{"on the L's arm", orb.Bound{Min: orb.Point{70.1, 39.6}, Max: orb.Point{70.4, 39.9}}, "countries", 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := geo.Filter{BBox: &tc.box}
			n, err := s.Count(ctx, tc.layer, f)
			if err != nil {
				t.Fatal(err)
			}
			if n != tc.want {
				t.Errorf("count = %d, want %d", n, tc.want)
			}
			if tc.layer == "clashes" {
				evs, err := s.Events(ctx, geo.Filter{BBox: &tc.box, Limit: 10})
				if err != nil {
					t.Fatal(err)
				}
				if len(evs) != tc.want {
					t.Errorf("events = %d, want %d", len(evs), tc.want)
				}
			}
			cs, err := s.Countries(ctx, geo.Filter{BBox: &tc.box, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			if len(cs) != tc.countries {
				t.Errorf("countries = %d, want %d", len(cs), tc.countries)
			}
		})
	}
}

func TestPropertyFilters(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	if err := s.Replace(ctx, testDataset(t)); err != nil {
		t.Fatal(err)
	}
	count := func(layer string, props map[string]string, now time.Time) (int, error) {
		return s.Count(ctx, layer, geo.Filter{Props: props, Now: now})
	}
	before, after := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		layer string
		props map[string]string
		now   time.Time
		want  int
	}{
		{"clashes", map[string]string{"event_type": "EXPLOSIONS/REMOTE VIOLENCE"}, before, 1},
		{"clashes", map[string]string{"geo_precision": "2"}, before, 1},
		{"clashes", map[string]string{"geo_precision": "1"}, before, 0},
		{"deployments", map[string]string{"operator": "kyrgyzstan", "category": "Air Defence"}, before, 1},
		{"countries", map[string]string{"iso_a3": "kgz"}, before, 1},
		{"places", map[string]string{"country": "Tajikistan"}, before, 0},
		{"frontier", map[string]string{"status": "contested"}, before, 1},
		{"frontier", map[string]string{"status": "contested"}, after, 0},
		{"frontier", map[string]string{"status": "Delimited", "sector": "vorukh enclave"}, after, 1},
	} {
		t.Run(fmt.Sprint(tc.layer, tc.props, tc.now.Year()), func(t *testing.T) {
			n, err := count(tc.layer, tc.props, tc.now)
			if err != nil {
				t.Fatal(err)
			}
			if n != tc.want {
				t.Errorf("count = %d, want %d", n, tc.want)
			}
		})
	}
	for _, props := range []map[string]string{{"status": "contested"}, {"geo_precision": "two"}} {
		if _, err := count("clashes", props, before); !errors.Is(err, ErrFilter) {
			t.Errorf("%v: err = %v, want ErrFilter", props, err)
		}
	}
}

// TestTextSearch finds features by the free text of the map page's search
// (q on the items): in any searched property, any case, LIKE's wildcards
// taken as themselves, and refused on a layer with nothing to search.
func TestTextSearch(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	ds := testDataset(t)
	ds.Events[1].Title = "Unlocated 100%_done"
	if err := s.Replace(ctx, ds); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		layer, text string
		want        []string
	}{
		{"clashes", "strike", []string{"e1"}},
		{"clashes", "OVCHI-kal", []string{"e1"}}, // the place
		{"clashes", "100%_", []string{"e2"}},
		{"clashes", "1000", nil},
		{"clashes", "%", []string{"e2"}},
		{"clashes", "_", []string{"e2"}},
		{"deployments", "pechora", []string{"d1"}},
		{"deployments", "kyrgyz", []string{"d1"}}, // the operator
		{"deployments", "strike", nil},
	} {
		t.Run(tc.layer+" "+tc.text, func(t *testing.T) {
			f := geo.Filter{Text: tc.text}
			var got []string
			switch tc.layer {
			case "clashes":
				got = eventIDs(t, s, f)
			case "deployments":
				deps, err := s.Deployments(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				for _, d := range deps {
					got = append(got, d.ID)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("found %v, want %v", got, tc.want)
			}
			n, err := s.Count(ctx, tc.layer, f)
			if err != nil {
				t.Fatal(err)
			}
			if n != len(tc.want) {
				t.Errorf("count = %d, want %d", n, len(tc.want))
			}
		})
	}
	if _, err := s.Count(ctx, "places", geo.Filter{Text: "batken"}); !errors.Is(err, ErrFilter) {
		t.Errorf("places: err = %v, want ErrFilter", err)
	}
}

// BenchmarkEventsPage reads pages of 100,000 events the way the items
// route asks for them: what a page costs should follow its size, not the
// collection's.
func BenchmarkEventsPage(b *testing.B) {
	s := openEvents(b, pagingEvents(100_000))
	ctx := context.Background()
	iv, err := geo.ParseInterval("2014-01-01/2014-12-31")
	if err != nil {
		b.Fatal(err)
	}
	box := orb.Bound{Min: orb.Point{70.1, 39.5}, Max: orb.Point{70.4, 39.6}}
	last := eventIDs(b, s, geo.Filter{Limit: 1, Offset: 98_999})[0]
	for _, bc := range []struct {
		name string
		f    geo.Filter
	}{
		{"limit=1", geo.Filter{Limit: 1}},
		{"offset=99000&limit=100", geo.Filter{Limit: 100, Offset: 99_000}},
		{"after the 99000th, limit=100", geo.Filter{Limit: 100, After: last}},
		{"event_type&limit=100", geo.Filter{Limit: 100, Props: map[string]string{"event_type": "riots"}}},
		{"datetime&limit=100", geo.Filter{Limit: 100, Time: &iv}},
		{"bbox&limit=100", geo.Filter{Limit: 100, BBox: &box}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Events(ctx, bc.f); err != nil {
					b.Fatal(err)
				}
				if _, err := s.Count(ctx, "clashes", bc.f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestExtent(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	ds := testDataset(t)
	if err := s.Replace(ctx, ds); err != nil {
		t.Fatal(err)
	}
	ext, err := s.Extent(ctx, "clashes")
	if err != nil {
		t.Fatal(err)
	}
	// One located event: its point, within the R-tree's rounding.
	p := *ds.Events[0].Location
	if b := ext.Bound; b == nil || !b.Contains(p) || b.Max[0]-b.Min[0] > 1e-5 || b.Max[1]-b.Min[1] > 1e-5 {
		t.Errorf("bound %v, want about %v", ext.Bound, p)
	}
	if ext.First.String() != "2021-02-01" || ext.Last.String() != "2022-09-16" {
		t.Errorf("dates %s to %s, want 2021-02-01 to 2022-09-16", ext.First, ext.Last)
	}
	if ext, err := s.Extent(ctx, "sources"); err != nil || ext.Bound != nil || !ext.First.IsZero() {
		t.Errorf("sources: %+v, %v; want nothing", ext, err)
	}
}

// TestSourceFilters: the sources collection's filters select in reading
// and counting alike (it answered 500 when given one), pages follow the
// key, and a bbox selects no source, since none has a geometry.
func TestSourceFilters(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "sources.gpkg"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	err = s.Bulk(ctx, func(w *Batch) error {
		for _, src := range []geo.Source{
			{ID: "S1", Publisher: "Kabar", Title: "One", Grade: "A"},
			{ID: "S2", Publisher: "Asia-Plus", Title: "Two", Grade: "B"},
			{ID: "S3", Publisher: "kabar", Title: "Three", Grade: "A"},
			{ID: "S4", Publisher: "RFE/RL", Title: "Four", Grade: "C"},
		} {
			if err := w.PutSource(src); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	box := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	for _, tc := range []struct {
		name string
		f    geo.Filter
		want []string
	}{
		{"grade", geo.Filter{Props: map[string]string{"grade": "a"}}, []string{"S1", "S3"}},
		{"publisher", geo.Filter{Props: map[string]string{"publisher": "KABAR"}}, []string{"S1", "S3"}},
		{"after", geo.Filter{After: "S2", Limit: 1}, []string{"S3"}},
		{"bbox", geo.Filter{BBox: &box}, nil},
		{"bbox and grade", geo.Filter{BBox: &box, Props: map[string]string{"grade": "A"}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srcs, err := s.SourcesWhere(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, src := range srcs {
				got = append(got, src.ID)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("read %v, want %v", got, tc.want)
			}
			n, err := s.Count(ctx, "sources", tc.f)
			want := len(tc.want)
			if tc.f.Limit > 0 {
				want = 2 // S3 and S4 are left after S2
			}
			if err != nil || n != want {
				t.Errorf("count %d (%v), want %d", n, err, want)
			}
		})
	}
}
