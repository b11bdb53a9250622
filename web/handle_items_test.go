package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/frontier-map/frontier/data"
	"github.com/frontier-map/frontier/geo"
)

var collectionIDs = []string{"frontier", "clashes", "deployments", "countries", "places"}

// TestPaging: with limit=2, following next visits every feature exactly
// once, in the store's order, and stops; prev walks back.
func TestPaging(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	for _, id := range collectionIDs {
		t.Run(id, func(t *testing.T) {
			all := getItems(t, h, "/collections/"+id+"/items?limit=10000")
			if all.NumberMatched != len(all.Features) || all.NumberReturned != len(all.Features) || len(all.Features) == 0 {
				t.Fatalf("full page: matched %d returned %d, %d features", all.NumberMatched, all.NumberReturned, len(all.Features))
			}
			var seen []string
			target := "/collections/" + id + "/items?limit=2"
			pages := 0
			for target != "" {
				pages++
				if pages > len(all.Features) {
					t.Fatalf("more pages than features: the next links loop")
				}
				fc := getItems(t, h, target)
				if fc.NumberMatched != all.NumberMatched || fc.NumberReturned != len(fc.Features) || len(fc.Features) > 2 {
					t.Fatalf("page %d: matched %d returned %d len %d", pages, fc.NumberMatched, fc.NumberReturned, len(fc.Features))
				}
				seen = append(seen, ids(fc.Features)...)
				// The first page has nothing before it, and a page reached
				// by key does not count what it follows.
				if prev, ok := linkRel(fc.Links, "prev", typeGeoJSON); ok {
					t.Errorf("page %d: prev link %s", pages, prev.Href)
				}
				target = ""
				if next, ok := linkRel(fc.Links, "next", typeGeoJSON); ok {
					u, err := url.Parse(next.Href)
					if err != nil || u.Host != "example.com" {
						t.Fatalf("next %q", next.Href)
					}
					target = u.RequestURI()
				}
			}
			if !slices.Equal(seen, ids(all.Features)) {
				t.Errorf("paging visited %v, want %v", seen, ids(all.Features))
			}
			if want := (len(all.Features) + 1) / 2; pages != want {
				t.Errorf("%d pages, want %d", pages, want)
			}
		})
	}
	t.Run("past the end", func(t *testing.T) {
		fc := getItems(t, h, "/collections/frontier/items?offset=1000")
		if len(fc.Features) != 0 || fc.NumberMatched == 0 {
			t.Errorf("offset past the end: %d features of %d", len(fc.Features), fc.NumberMatched)
		}
		if _, ok := linkRel(fc.Links, "next", ""); ok {
			t.Error("a next link past the end")
		}
		prev, ok := linkRel(fc.Links, "prev", "")
		if !ok || !strings.Contains(prev.Href, "offset=0") {
			t.Errorf("prev %+v, want back to the start", prev)
		}
	})
	t.Run("limit clamped", func(t *testing.T) {
		fc := getItems(t, h, "/collections/clashes/items?limit=50000")
		if len(fc.Features) != fc.NumberMatched {
			t.Errorf("limit=50000 returned %d of %d", len(fc.Features), fc.NumberMatched)
		}
	})
	t.Run("paging keeps the filters", func(t *testing.T) {
		fc := getItems(t, h, "/collections/clashes/items?limit=1&datetime=2021-01-01/2022-12-31&f=json")
		next, ok := linkRel(fc.Links, "next", "")
		if !ok {
			t.Fatal("no next link")
		}
		u, _ := url.Parse(next.Href)
		q := u.Query()
		if q.Get("datetime") != "2021-01-01/2022-12-31" || q.Get("limit") != "1" || q.Get("f") != "json" {
			t.Errorf("next %s", next.Href)
		}
		// The next page starts after this one's last feature, by key.
		if q.Get("after") != fmt.Sprint(fc.Features[0].ID) || q.Has("offset") {
			t.Errorf("next %s", next.Href)
		}
	})
}

func statusOf(f *geojson.Feature) string { s, _ := f.Properties["status"].(string); return s }

func TestDatetime(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	clashDays := func(t *testing.T, dt string) []string {
		t.Helper()
		var days []string
		for _, f := range getItems(t, h, "/collections/clashes/items?limit=10000&datetime="+url.QueryEscape(dt)).Features {
			days = append(days, f.Properties["date_start"].(string))
		}
		return days
	}
	hasStrike := func(fs []*geojson.Feature) bool {
		return slices.ContainsFunc(fs, func(f *geojson.Feature) bool {
			return strings.Contains(strings.ToLower(f.Properties["place"].(string)), "ovchi")
		})
	}
	t.Run("clashes on 2022-09-16", func(t *testing.T) {
		fc := getItems(t, h, "/collections/clashes/items?limit=10000&datetime=2022-09-16")
		if !hasStrike(fc.Features) {
			t.Errorf("the Ovchi-Kalacha strike is missing from %v", ids(fc.Features))
		}
		for _, f := range fc.Features {
			if s := f.Properties["date_start"].(string); s == "2022-01-27" || s > "2022-09-16" {
				t.Errorf("%s (from %s) is not on 2022-09-16", f.ID, s)
			}
		}
	})
	for _, tc := range []struct {
		dt       string
		has      []string // days that must be in
		hasNot   []string // days that must be out
		minCount int
	}{
		{"2022-01-27", []string{"2022-01-27"}, []string{"2021-04-29", "2022-09-16"}, 1},
		{"2022-01-27T18:10:00Z", []string{"2022-01-27"}, []string{"2022-09-16"}, 1},
		{"2022-01-26T23:59:59Z", nil, []string{"2022-01-27"}, 0},
		{"2022-01-28T00:00:00Z", nil, []string{"2022-01-27"}, 0},
		{"../2021-12-31", []string{"2021-04-29"}, []string{"2022-01-27", "2022-09-16"}, 1},
		{"2022-09-16/..", []string{"2022-09-16"}, []string{"2021-04-29", "2022-01-27"}, 1},
		{"/2022-01-27", []string{"2021-04-29", "2022-01-27"}, []string{"2022-09-16"}, 2},
		{"2022-01-28/2022-09-15", nil, []string{"2021-04-29", "2022-01-27", "2022-09-16"}, 0},
		{"2021-04-29/2022-09-16", []string{"2021-04-29", "2022-01-27", "2022-09-16"}, nil, 3},
	} {
		t.Run("clashes "+tc.dt, func(t *testing.T) {
			days := clashDays(t, tc.dt)
			if len(days) < tc.minCount {
				t.Errorf("%d events, want at least %d", len(days), tc.minCount)
			}
			for _, d := range tc.has {
				if !slices.Contains(days, d) {
					t.Errorf("no event starting %s in %v", d, days)
				}
			}
			for _, d := range tc.hasNot {
				if slices.Contains(days, d) {
					t.Errorf("an event starting %s is in %v", d, days)
				}
			}
		})
	}

	// The contested segments became delimited on 2025-02-21 (00:00 UTC).
	frontier := func(t *testing.T, dt string) []*geojson.Feature {
		t.Helper()
		return getItems(t, h, "/collections/frontier/items?limit=10000&datetime="+url.QueryEscape(dt)).Features
	}
	contested := func(fs []*geojson.Feature) int {
		n := 0
		for _, f := range fs {
			if statusOf(f) == "contested" {
				n++
			}
		}
		return n
	}
	for _, tc := range []struct {
		dt            string
		wantContested bool
	}{
		{"2023-09-01", true},
		{"2025-02-20", true},
		{"2025-02-20T23:59:59Z", true},
		{"2025-02-21T00:00:00Z", false},
		{"2025-02-21", false},
		{"2025-04-01", false},
		{"2024-01-01/2025-02-20", true},
		{"../2025-02-20T23:59:59Z", true},
		{"2025-01-01/2025-03-01", false},
	} {
		t.Run("frontier status "+tc.dt, func(t *testing.T) {
			fs := frontier(t, tc.dt)
			if (contested(fs) > 0) != tc.wantContested {
				t.Errorf("contested segments: %d, want some: %v", contested(fs), tc.wantContested)
			}
		})
	}
	t.Run("status changes inside the interval", func(t *testing.T) {
		fs := frontier(t, "2025-02-01/2025-03-01")
		both := 0
		for _, f := range fs {
			got := toStrings(f.Properties["statuses_in_interval"])
			if slices.Equal(got, []string{"contested", "delimited"}) {
				both++
				if statusOf(f) != "delimited" {
					t.Errorf("%s: status %q at the interval's end, want delimited", f.ID, statusOf(f))
				}
			} else if !slices.Equal(got, []string{"delimited"}) {
				t.Errorf("%s: statuses_in_interval %v", f.ID, got)
			}
		}
		if both == 0 {
			t.Error("no segment shows both statuses across 2025-02-21")
		}
	})
	t.Run("open start before the change", func(t *testing.T) {
		fs := frontier(t, "../2025-02-20")
		for _, f := range fs {
			if got := toStrings(f.Properties["statuses_in_interval"]); statusOf(f) == "contested" && !slices.Equal(got, []string{"contested"}) {
				t.Errorf("%s: statuses_in_interval %v before 2025-02-21, want only contested", f.ID, got)
			}
		}
		if contested(fs) == 0 {
			t.Error("no contested segment before 2025-02-21")
		}
	})
	t.Run("deployments by their earliest claim", func(t *testing.T) {
		pechora := func(dt string) bool {
			fs := getItems(t, h, "/collections/deployments/items?limit=10000&datetime="+url.QueryEscape(dt)).Features
			return slices.ContainsFunc(fs, func(f *geojson.Feature) bool {
				return strings.Contains(f.Properties["system"].(string), "Pechora")
			})
		}
		if pechora("2022-06-01") {
			t.Error("the Pechora-2BM is in the picture before any claim")
		}
		if !pechora("2023-04-01") || !pechora("2023-03-01/..") {
			t.Error("the Pechora-2BM is missing after its first claim")
		}
	})
}

func toStrings(v any) []string {
	vs, _ := v.([]any)
	out := make([]string, len(vs))
	for i, x := range vs {
		out[i], _ = x.(string)
	}
	return out
}

func TestPropertyFilters(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	for _, tc := range []struct {
		target, prop, want string
	}{
		{"/collections/frontier/items?datetime=2023-09-01&status=contested", "status", "contested"},
		{"/collections/frontier/items?datetime=2023-09-01&status=delimited", "status", "delimited"},
		{"/collections/frontier/items?status=DELIMITED", "status", "delimited"},
		{"/collections/frontier/items?sector=Vorukh%20enclave", "sector", "Vorukh enclave"},
		{"/collections/clashes/items?country=Tajikistan", "country", "Tajikistan"},
		{"/collections/clashes/items?event_type=Battles", "event_type", "Battles"},
		{"/collections/clashes/items?geo_precision=3", "geo_precision", "3"},
		{"/collections/deployments/items?operator=Kyrgyzstan", "operator", "Kyrgyzstan"},
		{"/collections/countries/items?iso_a3=TJK", "iso_a3", "TJK"},
		{"/collections/places/items?country=Kyrgyzstan", "country", "Kyrgyzstan"},
	} {
		t.Run(tc.target, func(t *testing.T) {
			fc := getItems(t, h, tc.target)
			if len(fc.Features) == 0 || fc.NumberMatched != len(fc.Features) {
				t.Fatalf("%d features, %d matched", len(fc.Features), fc.NumberMatched)
			}
			for _, f := range fc.Features {
				if got := propText(f.Properties[tc.prop]); !strings.EqualFold(got, tc.want) {
					t.Errorf("%v: %s = %q, want %q", f.ID, tc.prop, got, tc.want)
				}
			}
		})
	}
	t.Run("no match", func(t *testing.T) {
		fc := getItems(t, h, "/collections/frontier/items?datetime=2025-04-01&status=contested")
		if len(fc.Features) != 0 || fc.NumberMatched != 0 {
			t.Errorf("contested after the treaty: %v", ids(fc.Features))
		}
	})
}

// TestTextSearch: q finds clashes by title, place or a spelling of it,
// in any case, and counts what it finds; it composes with datetime.
func TestTextSearch(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	for _, tc := range []struct {
		target string
		want   []string
	}{
		{"/collections/clashes/items?q=ovchi-kalacha", []string{"2022-09-16-ovchi-kalacha-strike"}},
		{"/collections/clashes/items?q=Ak-Say", []string{"2022-09-16-ak-sai"}}, // a spelling
		{"/collections/clashes/items?q=KHOJAI-AALO", []string{"2021-04-29-khojai-alo-post-captured", "2022-01-27-tort-kocho"}},
		{"/collections/clashes/items?q=golovnoy&datetime=../2021-04-28", []string{"2021-04-28-golovnoy-cameras"}},
		{"/collections/clashes/items?q=nowhere-at-all", nil},
		{"/collections/deployments/items?q=pechora", []string{"kg-pechora-2bm"}},
	} {
		t.Run(tc.target, func(t *testing.T) {
			fc := getItems(t, h, tc.target)
			if got := ids(fc.Features); !slices.Equal(got, tc.want) {
				t.Errorf("found %v, want %v", got, tc.want)
			}
			if fc.NumberMatched != len(tc.want) {
				t.Errorf("numberMatched %d, want %d", fc.NumberMatched, len(tc.want))
			}
		})
	}
}

// TestBBox: the subset is the features whose geometry meets the box;
// features with no location never do, and a polygon whose bounds meet the
// box while the polygon does not is left out.
func TestBBox(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	box := orb.Bound{Min: orb.Point{70.4, 39.8}, Max: orb.Point{70.7, 40.0}} // Vorukh and Kok-Tash
	const query = "bbox=70.4,39.8,70.7,40"
	for _, id := range []string{"clashes", "deployments", "places"} {
		t.Run(id, func(t *testing.T) {
			all := getItems(t, h, "/collections/"+id+"/items?limit=10000")
			sub := getItems(t, h, "/collections/"+id+"/items?limit=10000&"+query)
			var want []string
			for _, f := range all.Features {
				if p, ok := f.Geometry.(orb.Point); ok && box.Contains(p) {
					want = append(want, f.ID.(string))
				}
			}
			if got := ids(sub.Features); !slices.Equal(got, want) {
				t.Errorf("bbox subset %v, want %v", got, want)
			}
		})
	}
	t.Run("countries", func(t *testing.T) {
		var got []string
		for _, f := range getItems(t, h, "/collections/countries/items?"+query).Features {
			got = append(got, f.Properties["iso_a3"].(string))
		}
		// Uzbekistan's bounds take in the whole Ferghana valley; its
		// territory does not reach Vorukh.
		if !slices.Equal(got, []string{"KGZ", "TJK"}) {
			t.Errorf("countries %v, want KGZ and TJK", got)
		}
	})
	t.Run("frontier", func(t *testing.T) {
		got := ids(getItems(t, h, "/collections/frontier/items?"+query).Features)
		if !slices.Contains(got, "vorukh-enclave") || slices.Contains(got, "alay-ranges") {
			t.Errorf("segments %v, want the Vorukh enclave and not the Alay ranges", got)
		}
	})
	if fc := getItems(t, h, "/collections/frontier/items?bbox=0,0,1,1"); len(fc.Features) != 0 {
		t.Errorf("features in the Gulf of Guinea: %v", ids(fc.Features))
	}
}

// TestGeoJSON: RFC 7946 as GIS tools read it: lon/lat in the region, no
// crs member, at most 7 decimals, exterior rings counter-clockwise, and
// every feature sourced.
func TestGeoJSON(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	for _, id := range collectionIDs {
		t.Run(id, func(t *testing.T) {
			rec := get(t, h, "/collections/"+id+"/items?limit=10000")
			wantStatus(t, rec, http.StatusOK, typeGeoJSON)
			if strings.Contains(rec.Body.String(), `"crs"`) {
				t.Error("a crs member")
			}
			fc := decodeBody[fcBody](t, rec)
			for _, f := range fc.Features {
				if srcs, _ := f.Properties["sources"].([]any); len(srcs) == 0 {
					t.Errorf("%v has no sources", f.ID)
				}
				if f.Geometry == nil {
					continue
				}
				checkCoords(t, f.ID, f.Geometry)
				if mp, ok := f.Geometry.(orb.MultiPolygon); ok {
					for _, p := range mp {
						for i, r := range p {
							if (i == 0) != (r.Orientation() == orb.CCW) {
								t.Errorf("%v: ring %d is not wound by the right-hand rule", f.ID, i)
							}
						}
					}
				}
			}
		})
	}
	t.Run("frontier at 2023-09-01", func(t *testing.T) {
		fc := getItems(t, h, "/collections/frontier/items?datetime=2023-09-01&limit=10000")
		var total, contested float64
		for _, f := range fc.Features {
			ls, ok := f.Geometry.(orb.LineString)
			if !ok {
				t.Fatalf("%v is a %T, not a line", f.ID, f.Geometry)
			}
			if s := statusOf(f); s != "contested" && s != "delimited" {
				t.Errorf("%v: status %q", f.ID, s)
			}
			if f.Properties["sector"] == "" {
				t.Errorf("%v: no sector", f.ID)
			}
			km := f.Properties["length_km"].(float64)
			if len(ls) < 2 || km <= 0 {
				t.Errorf("%v: %d points, %g km", f.ID, len(ls), km)
			}
			total += km
			if statusOf(f) == "contested" {
				contested += km
			}
		}
		if total < 780 || total > 1000 {
			t.Errorf("measured length %.1f km", total)
		}
		if share := contested / total; share < 0.25 || share > 0.40 {
			t.Errorf("contested share %.3f", share)
		}
	})
}

func checkCoords(t *testing.T, id any, g orb.Geometry) {
	t.Helper()
	var pts []orb.Point
	switch g := g.(type) {
	case orb.Point:
		pts = []orb.Point{g}
	case orb.LineString:
		pts = g
	case orb.MultiPolygon:
		for _, p := range g {
			for _, r := range p {
				pts = append(pts, r...)
			}
		}
	default:
		t.Errorf("%v: unexpected geometry %T", id, g)
	}
	for _, p := range pts {
		if p[0] < 50 || p[0] > 90 || p[1] < 30 || p[1] > 50 {
			t.Fatalf("%v: %v is not lon/lat in Central Asia", id, p)
		}
		for _, v := range p {
			if scaled := v * 1e7; math.Abs(scaled-math.Round(scaled)) > 1e-6 {
				t.Fatalf("%v: %v has more than 7 decimals", id, p)
			}
		}
	}
}

func TestFeature(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	for _, id := range collectionIDs {
		t.Run(id, func(t *testing.T) {
			first := getItems(t, h, "/collections/"+id+"/items?limit=1").Features[0]
			fid := first.ID.(string)
			rec := get(t, h, "/collections/"+id+"/items/"+url.PathEscape(fid))
			wantStatus(t, rec, http.StatusOK, typeGeoJSON)
			f := decodeBody[struct {
				Type  string `json:"type"`
				ID    string `json:"id"`
				Links []link `json:"links"`
			}](t, rec)
			if f.Type != "Feature" || f.ID != fid {
				t.Errorf("feature %q %q, want %q", f.Type, f.ID, fid)
			}
			self := "http://example.com/collections/" + id + "/items/" + url.PathEscape(fid)
			for _, want := range []struct{ rel, typ, href string }{
				{"self", typeGeoJSON, self + "?f=json"},
				{"alternate", typeHTML, self + "?f=html"},
				{"collection", typeJSON, "http://example.com/collections/" + id},
			} {
				if l, ok := linkRel(f.Links, want.rel, want.typ); !ok || l.Href != want.href {
					t.Errorf("link %s: %+v, want %s", want.rel, l, want.href)
				}
			}
		})
	}
}

// TestItemsCaching: a page of items is gzipped for a client that takes
// gzip, carries a strong ETag per representation, and answers a repeat
// with 304; a change to the data changes the ETag.
func TestItemsCaching(t *testing.T) {
	st := newTestStore(t)
	h := newTestServer(t, st)
	const target = "/collections/clashes/items?limit=5"
	plain := get(t, h, target)
	zipped := get(t, h, target, "Accept-Encoding: gzip, deflate")
	wantStatus(t, zipped, http.StatusOK, typeGeoJSON)
	if zipped.Header().Get("Content-Encoding") != "gzip" || plain.Header().Get("Content-Encoding") != "" {
		t.Fatalf("Content-Encoding: %q with gzip, %q without", zipped.Header().Get("Content-Encoding"), plain.Header().Get("Content-Encoding"))
	}
	if !slices.Contains(zipped.Header().Values("Vary"), "Accept-Encoding") {
		t.Errorf("Vary %q lacks Accept-Encoding", zipped.Header().Values("Vary"))
	}
	zr, err := gzip.NewReader(zipped.Body)
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(unzipped, plain.Body.Bytes()) {
		t.Error("the gzipped body is not the plain one")
	}
	tag, ztag := plain.Header().Get("ETag"), zipped.Header().Get("ETag")
	if tag == "" || strings.HasPrefix(tag, "W/") || tag == ztag {
		t.Fatalf("ETags %q and %q: want two strong ones", tag, ztag)
	}
	if rec := get(t, h, target, "If-None-Match: "+tag); rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
		t.Errorf("If-None-Match: status %d, %d bytes", rec.Code, rec.Body.Len())
	}
	if rec := get(t, h, target, "If-None-Match: "+ztag, "Accept-Encoding: gzip"); rec.Code != http.StatusNotModified {
		t.Errorf("If-None-Match gzip: status %d", rec.Code)
	}
	if rec := get(t, h, "/collections/clashes/items?limit=6", "If-None-Match: "+tag); rec.Code != http.StatusOK {
		t.Errorf("another page with this page's ETag: status %d", rec.Code)
	}

	// A new event changes the page, its count and its ETag.
	s := st.Store
	e := st.ds.Events[0]
	e.ID = "0000-first"
	if err := s.Bulk(context.Background(), func(b *data.Batch) error { return b.PutEvent(e) }); err != nil {
		t.Fatal(err)
	}
	after := get(t, h, target, "If-None-Match: "+tag)
	wantStatus(t, after, http.StatusOK, typeGeoJSON)
	var fc struct {
		NumberMatched int `json:"numberMatched"`
		Features      []struct {
			ID string `json:"id"`
		} `json:"features"`
	}
	if err := json.Unmarshal(after.Body.Bytes(), &fc); err != nil {
		t.Fatal(err)
	}
	if fc.NumberMatched != len(st.ds.Events)+1 || fc.Features[0].ID != e.ID {
		t.Errorf("after the write: numberMatched %d (want %d), first %q", fc.NumberMatched, len(st.ds.Events)+1, fc.Features[0].ID)
	}
}

// TestItemCaching: one feature is served from the response cache too: a
// repeat with its ETag is a 304 in every format, the HTML and CSV come
// gzipped to a client that takes it, and a change to the feature is
// seen at once.
func TestItemCaching(t *testing.T) {
	st := newTestStore(t)
	h := newTestServer(t, st)
	e := st.ds.Events[0]
	target := "/collections/clashes/items/" + e.ID
	for _, f := range []string{"json", "html", "csv"} {
		first := get(t, h, target+"?f="+f, "Accept-Encoding: gzip")
		if first.Code != http.StatusOK {
			t.Fatalf("f=%s: status %d", f, first.Code)
		}
		tag := first.Header().Get("ETag")
		if tag == "" || strings.HasPrefix(tag, "W/") {
			t.Fatalf("f=%s: ETag %q, want a strong one", f, tag)
		}
		if f != "json" && first.Header().Get("Content-Encoding") != "gzip" {
			t.Errorf("f=%s: not gzipped for a client that takes gzip", f)
		}
		if rec := get(t, h, target+"?f="+f, "Accept-Encoding: gzip", "If-None-Match: "+tag); rec.Code != http.StatusNotModified {
			t.Errorf("f=%s: a repeat with its ETag: status %d, want 304", f, rec.Code)
		}
	}
	e.Title = "A corrected title"
	if err := st.Store.Bulk(context.Background(), func(b *data.Batch) error { return b.PutEvent(e) }); err != nil {
		t.Fatal(err)
	}
	if rec := get(t, h, target); !strings.Contains(rec.Body.String(), "A corrected title") {
		t.Errorf("after the change the feature still reads %.200s", rec.Body)
	}
}

// TestKeysetPaging: the next link pages by key, and the pages it gives
// are those offsets give; a prev link steps back by offset.
func TestKeysetPaging(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	first := getItems(t, h, "/collections/clashes/items?limit=3")
	next, ok := linkRel(first.Links, "next", typeGeoJSON)
	if !ok {
		t.Fatal("no next link")
	}
	u, _ := url.Parse(next.Href)
	if u.Query().Get("after") != fmt.Sprint(first.Features[2].ID) {
		t.Fatalf("next %s: want after the page's last id %v", next.Href, first.Features[2].ID)
	}
	byKey := getItems(t, h, u.RequestURI())
	byOffset := getItems(t, h, "/collections/clashes/items?limit=3&offset=3")
	if !slices.Equal(ids(byKey.Features), ids(byOffset.Features)) || len(byKey.Features) == 0 {
		t.Errorf("by key %v, by offset %v", ids(byKey.Features), ids(byOffset.Features))
	}
	if byKey.NumberMatched != first.NumberMatched {
		t.Errorf("numberMatched %d on the second page, %d on the first", byKey.NumberMatched, first.NumberMatched)
	}
	if prev, ok := linkRel(byKey.Links, "prev", typeGeoJSON); ok {
		t.Errorf("a page reached by key links back to %s", prev.Href)
	}
	html := get(t, h, "/collections/clashes/items?f=html&limit=3&after="+url.QueryEscape(fmt.Sprint(first.Features[2].ID)))
	if !strings.Contains(html.Body.String(), `offset=0" rel="prev"`) {
		t.Error("the table after the key has no prev link back to offset 0")
	}
	if want := fmt.Sprintf("Features 4–6 of %d", first.NumberMatched); !strings.Contains(html.Body.String(), want) {
		t.Errorf("the table after the key does not say %q", want)
	}
}

// TestAbsentIsNull: a value the data does not have is null, never "", so
// that QGIS and GDAL type a date column as a date and a name column as
// text with NULLs (an open status has no end; many events no district).
func TestAbsentIsNull(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	for coll, keys := range map[string][]string{
		"frontier":    {"status_since", "status_until", "status_basis"},
		"clashes":     {"admin1", "admin2", "country", "sub_event_type"},
		"deployments": {"since"},
	} {
		nulls := 0
		for _, f := range getItems(t, h, "/collections/"+coll+"/items?limit=10000").Features {
			for _, k := range keys {
				v, ok := f.Properties[k]
				if !ok {
					t.Errorf("%s %v: no %s", coll, f.ID, k)
				}
				if v == "" {
					t.Errorf("%s %v: %s is \"\", want null", coll, f.ID, k)
				}
				if v == nil {
					nulls++
				}
			}
		}
		if coll == "frontier" && nulls == 0 {
			t.Error("no segment's status is open (status_until null) now")
		}
	}
}

// TestItemsEncoding: a page of every collection is, byte for byte, what
// encoding/json writes for it (the items route writes its features itself,
// for speed), links and all.
func TestItemsEncoding(t *testing.T) {
	st := newTestStore(t)
	h, err := NewServer(Config{Now: testNow}, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := h.(*Server)
	now := testNow()
	for _, coll := range s.collections {
		fs, err := s.features(context.Background(), coll, geo.Filter{}, geo.Instant(now), now)
		if err != nil {
			t.Fatal(err)
		}
		fc := featureCollection{Type: "FeatureCollection", Features: nonNilFeatures(fs), NumberMatched: len(fs), NumberReturned: len(fs),
			TimeStamp: now.Format(time.RFC3339), Links: []link{{Href: "http://x/?a=1&b=<2>", Rel: "self", Type: typeGeoJSON, Title: "a & b"}}}
		got, err := fc.encode()
		if err != nil {
			t.Fatal(err)
		}
		want, err := encodeJSON(fc)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: encode differs from encodeJSON\n got %.300s\nwant %.300s", coll.ID, got, want)
		}
	}
}

// TestSourcesPaging: the sources collection pages by its next links like
// the others, each source once (the links used to lead back to the first
// page forever), and its declared filters select.
func TestSourcesPaging(t *testing.T) {
	st := newTestStore(t)
	h := newTestServer(t, st)
	var seen []string
	next := "/collections/sources/items?limit=7"
	for range len(st.ds.Sources) {
		body := getItems(t, h, next)
		seen = append(seen, ids(body.Features)...)
		l, ok := linkRel(body.Links, "next", "application/geo+json")
		if !ok {
			break
		}
		next = strings.TrimPrefix(l.Href, "http://example.com")
	}
	want := make([]string, len(st.ds.Sources))
	for i, s := range st.ds.Sources {
		want[i] = s.ID
	}
	slices.Sort(want)
	if !slices.Equal(seen, want) {
		t.Errorf("paged through %d sources %v, want the %d there are", len(seen), seen, len(want))
	}
	body := getItems(t, h, "/collections/sources/items?grade=C")
	if body.NumberMatched == 0 || body.NumberMatched != len(body.Features) {
		t.Fatalf("grade=C: %d matched, %d returned", body.NumberMatched, len(body.Features))
	}
	for _, f := range body.Features {
		if f.Properties["grade"] != "C" {
			t.Errorf("grade=C gave %v with grade %v", f.ID, f.Properties["grade"])
		}
	}
}

// TestPrefetchNext: walking a large collection by next links, each page
// after the first has been rendered ahead while the client read the one
// before, and what the client gets is exactly what a server rendering on
// demand sends: every feature once, the same bytes.
func TestPrefetchNext(t *testing.T) {
	st := newTestStore(t)
	st.addSynthetic(t, 7, 2500)
	h := newTestServer(t, st)
	s := h.(*Server)
	onDemand := newTestServer(t, st, func(c *Config) { c.ResponseCacheBytes = -1 })
	seen := map[string]bool{}
	target := "/collections/clashes/items?limit=1000&f=json"
	for page := 0; target != ""; page++ {
		if page > 0 {
			// The next page is in the cache, or being rendered into it.
			u, _ := url.Parse(target)
			if !s.responses.has(strings.Join([]string{"items", st.version(t), "clashes", "json", "http://example.com", u.Query().Encode()}, "\x00")) && !s.prefetching.Load() {
				t.Errorf("page %d was not rendered ahead", page)
			}
		}
		rec := get(t, h, target)
		wantStatus(t, rec, http.StatusOK, typeGeoJSON)
		if want := get(t, onDemand, target).Body.Bytes(); !bytes.Equal(rec.Body.Bytes(), want) {
			t.Fatalf("page %d differs from the one rendered on demand", page)
		}
		var fc struct {
			Features []struct{ ID string }
			Links    []link
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &fc); err != nil {
			t.Fatal(err)
		}
		for _, f := range fc.Features {
			if seen[f.ID] {
				t.Fatalf("%s on two pages", f.ID)
			}
			seen[f.ID] = true
		}
		target = ""
		for _, l := range fc.Links {
			if l.Rel == "next" {
				target = strings.TrimPrefix(l.Href, "http://example.com")
			}
		}
		// Let the render ahead finish before the next request, as a
		// client parsing 1,000 features would.
		for s.prefetching.Load() {
			time.Sleep(10 * time.Millisecond)
		}
	}
	if want := len(st.ds.Events) + 2500; len(seen) != want {
		t.Errorf("%d features walked, want %d", len(seen), want)
	}
}
