package geo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// bundled is the bundled dataset, read from ../seeds, as a Reader that
// gives everything (these tests ask with an empty filter): the domain's
// tests need no store, nor any other package of ours.
type bundled struct{ ds Dataset }

func loadBundled(tb testing.TB) bundled {
	tb.Helper()
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("..", "seeds", name))
		if err != nil {
			tb.Fatal(err)
		}
		return b
	}
	var ds Dataset
	errs := []error{json.Unmarshal(read("sources.json"), &ds.Sources)}
	var err error
	ds.Segments, err = UnmarshalSegments(read("frontier.geojson"))
	errs = append(errs, err)
	ds.Events, err = UnmarshalEvents(read("clashes.geojson"))
	errs = append(errs, err)
	ds.Deployments, err = UnmarshalDeployments(read("deployments.geojson"))
	errs = append(errs, err)
	ds.Countries, err = UnmarshalCountries(read("countries.geojson"))
	errs = append(errs, err)
	ds.Places, err = UnmarshalPlaces(read("places.geojson"))
	errs = append(errs, err)
	for _, err := range errs {
		if err != nil {
			tb.Fatal(err)
		}
	}
	return bundled{ds}
}

func (b bundled) Segments(context.Context, Filter) ([]Segment, error) {
	return b.ds.Segments, nil
}
func (b bundled) Events(context.Context, Filter) ([]Event, error) { return b.ds.Events, nil }
func (b bundled) Deployments(context.Context, Filter) ([]Deployment, error) {
	return b.ds.Deployments, nil
}
func (b bundled) Countries(context.Context, Filter) ([]Country, error) {
	return b.ds.Countries, nil
}
func (b bundled) Places(context.Context, Filter) ([]Place, error) { return b.ds.Places, nil }
func (b bundled) Sources(context.Context) ([]Source, error)       { return b.ds.Sources, nil }
func (b bundled) SourcesWhere(context.Context, Filter) ([]Source, error) {
	return b.ds.Sources, nil
}

// sameAsMarshal fails unless AppendFeature writes exactly what json.Marshal
// writes for f, after a prefix it must keep, and fails where it fails.
func sameAsMarshal(t *testing.T, name string, f *Feature) {
	t.Helper()
	want, wantErr := json.Marshal(f)
	got, err := AppendFeature([]byte("prefix"), f)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("%s: error %v, json.Marshal's %v", name, err, wantErr)
	}
	if wantErr != nil {
		return
	}
	if !bytes.HasPrefix(got, []byte("prefix")) || !bytes.Equal(got[len("prefix"):], want) {
		t.Errorf("%s:\n got %s\nwant %s", name, got, want)
	}
}

// Every feature of the bundled dataset, in every collection, served and
// stored, encodes as encoding/json encodes it.
func TestAppendFeatureBundled(t *testing.T) {
	st := loadBundled(t)
	ds := st.ds
	ctx := context.Background()
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	view := View{Interval: Instant(now), Now: now, Sources: ds.Index()}
	n := 0
	for _, c := range Collections() {
		served, err := c.Features(ctx, st, Filter{}, view)
		if err != nil {
			t.Fatal(err)
		}
		stored, err := c.Records(ctx, st, Filter{}, view)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range append(served, stored...) {
			sameAsMarshal(t, c.ID+" "+f.ID.(string), f)
			n++
		}
	}
	if n < 100 {
		t.Fatalf("only %d features compared", n)
	}
}

func TestAppendFeatureEdges(t *testing.T) {
	line := orb.LineString{{69.5, 39.9}, {69.6, 40.01}}
	ring := orb.Ring{{0, 0}, {1, 0}, {1, 1}, {0, 0}}
	texts := []string{"", "plain", "Ворух", "a<b", "a&b", "a>b", `quote"`, `back\slash`, "tab\t", "nl\n", "\x00", "\x7f",
		"line\u2028sep", "para\u2029sep", "bad\xffutf8", "\ufffd", "emoji 🙂", "\u00e9"}
	numbers := []float64{0, math.Copysign(0, -1), 1, -1.5, 1e-6, 9.99e-7, 1e-7, 1e20, 1e21, 123456789.123456789, 69.1234567, math.MaxFloat64, math.SmallestNonzeroFloat64}
	cases := map[string]*Feature{
		"no properties":    {ID: "a", Type: "Feature", Geometry: orb.Point{1, 2}},
		"empty properties": {ID: "a", Type: "Feature", Properties: geojson.Properties{}},
		"nil geometry":     {ID: "a", Type: "Feature", Properties: geojson.Properties{"x": 1}},
		"line":             {ID: "a", Type: "Feature", Geometry: line},
		"empty line":       {ID: "a", Type: "Feature", Geometry: orb.LineString{}},
		"multiline":        {ID: "a", Type: "Feature", Geometry: orb.MultiLineString{line, line}},
		"polygon":          {ID: "a", Type: "Feature", Geometry: orb.Polygon{ring, ring}},
		"empty polygon":    {ID: "a", Type: "Feature", Geometry: orb.Polygon{}},
		"multipolygon":     {ID: "a", Type: "Feature", Geometry: orb.MultiPolygon{{ring}, {ring, ring}}},
		"ring":             {ID: "a", Type: "Feature", Geometry: ring},
		"bound":            {ID: "a", Type: "Feature", Geometry: orb.Bound{Max: orb.Point{1, 1}}},
		"collection":       {ID: "a", Type: "Feature", Geometry: orb.Collection{orb.Point{1, 2}, line}},
		"multipoint":       {ID: "a", Type: "Feature", Geometry: orb.MultiPoint{{1, 2}}},
		"number id":        {ID: 7, Type: "Feature"},
		"no id":            {Type: "Feature"},
		"bbox":             {ID: "a", Type: "Feature", BBox: geojson.BBox{1, 2, 3, 4}},
		"extra members":    {ID: "a", Type: "Feature", ExtraMembers: geojson.Properties{"z": 1}},
		"nan":              {ID: "a", Type: "Feature", Properties: geojson.Properties{"x": math.NaN()}},
		"infinite point":   {ID: "a", Type: "Feature", Geometry: orb.Point{math.Inf(1), 0}},
		"values": {ID: "a", Type: "Feature", Properties: geojson.Properties{
			"nil": nil, "true": true, "false": false, "int": -42, "int64": int64(7), "strings": []string{"a", "b<"},
			"nil strings": []string(nil), "no strings": []string{}, "any": []any{1, "x"}, "date": NewDate(2022, 9, 16),
			"map": map[string]int{"b": 1, "a": 2}, "precision": NearPlace, "Z upper": 1, "é": 2, "a-b": 3,
		}},
	}
	for _, s := range texts {
		cases["text "+s] = &Feature{ID: s, Type: "Feature", Properties: geojson.Properties{s: s, "list": []string{"ok", s}}}
	}
	for _, x := range numbers {
		cases[fmt.Sprint("number ", x)] = &Feature{ID: "n", Type: "Feature",
			Geometry: orb.Point{x, -x}, Properties: geojson.Properties{"x": x, "neg": -x}}
	}
	for name, f := range cases {
		sameAsMarshal(t, name, f)
	}
}

// FuzzAppendFeature: for any text and number in any place a feature holds
// them, AppendFeature writes what json.Marshal writes.
func FuzzAppendFeature(f *testing.F) {
	f.Add("Ворух <&>", 69.5, 1)
	f.Add("\u2028\xff\"", 1e-9, -3)
	f.Fuzz(func(t *testing.T, s string, x float64, n int) {
		sameAsMarshal(t, "fuzz", &Feature{ID: s, Type: "Feature", Geometry: orb.LineString{{x, x / 3}, {-x, 1}},
			Properties: geojson.Properties{s: s, "x": x, "n": n, "list": []string{s, "a"}}})
	})
}

// BenchmarkAppendFeature encodes every bundled clash, as a page of items
// does, with AppendFeature, with one FeatureWriter for the page (its
// property names sorted once), and with json.Marshal, the way it was done
// before.
func BenchmarkAppendFeature(b *testing.B) {
	st := loadBundled(b)
	ds := st.ds
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	c, _ := LookupCollection("clashes")
	fs, err := c.Features(context.Background(), st, Filter{}, View{Interval: Instant(now), Now: now, Sources: ds.Index()})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("AppendFeature", func(b *testing.B) {
		b.ReportAllocs()
		var buf []byte
		for b.Loop() {
			buf = buf[:0]
			for _, f := range fs {
				if buf, err = AppendFeature(buf, f); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(fs)), "ns/feature")
	})
	b.Run("FeatureWriter", func(b *testing.B) {
		b.ReportAllocs()
		var buf []byte
		var w FeatureWriter
		for b.Loop() {
			buf = buf[:0]
			for _, f := range fs {
				if buf, err = w.Append(buf, f); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(fs)), "ns/feature")
	})
	b.Run("json.Marshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, f := range fs {
				if _, err := json.Marshal(f); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(fs)), "ns/feature")
	})
}

// TestFeatureWriterKeys: one FeatureWriter over features whose property
// names change (the same count with another name, one more, one fewer,
// none) writes each as json.Marshal does.
func TestFeatureWriterKeys(t *testing.T) {
	props := []geojson.Properties{
		{"b": 1, "a": 2}, {"a": 1, "b": 2}, {"a": 1, "c": 2}, {"c": 1, "a": 2, "b": 3}, {"a": 1}, nil, {"z": 1, "y": 2}, {"y": 1, "z": 2},
	}
	var w FeatureWriter
	for round := range 2 {
		for i, p := range props {
			f := &Feature{ID: "f", Type: "Feature", Properties: p}
			want, err := json.Marshal(f)
			if err != nil {
				t.Fatal(err)
			}
			got, err := w.Append(nil, f)
			if err != nil || string(got) != string(want) {
				t.Errorf("round %d, feature %d: %s, %v; want %s", round, i, got, err, want)
			}
		}
	}
}
