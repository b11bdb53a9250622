package staticmap

import (
	"bytes"
	"context"
	"flag"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/frontier-map/frontier/geo"
	"github.com/frontier-map/frontier/seeds"
)

var keep = flag.Bool("keep", false, "write the pictures drawn to artifacts/staticmap (at the repository root) for a person to look at")

// dataset is a Source over the bundled data that ignores the Filter: Draw
// must itself keep only what stands at its instant.
type dataset struct {
	ds    geo.Dataset
	reads int
}

func (d *dataset) Segments(context.Context, geo.Filter) ([]geo.Segment, error) {
	d.reads++
	return d.ds.Segments, nil
}
func (d *dataset) Events(context.Context, geo.Filter) ([]geo.Event, error) { return d.ds.Events, nil }
func (d *dataset) Deployments(context.Context, geo.Filter) ([]geo.Deployment, error) {
	return d.ds.Deployments, nil
}
func (d *dataset) Countries(context.Context, geo.Filter) ([]geo.Country, error) {
	return d.ds.Countries, nil
}
func (d *dataset) Places(context.Context, geo.Filter) ([]geo.Place, error) { return d.ds.Places, nil }

func load(tb testing.TB) *dataset {
	tb.Helper()
	ds, err := seeds.Load()
	if err != nil {
		tb.Fatal(err)
	}
	return &dataset{ds: ds}
}

func frontierBound(ds geo.Dataset) orb.Bound {
	b := ds.Segments[0].Line.Bound()
	for _, s := range ds.Segments {
		b = b.Union(s.Line.Bound())
	}
	return b
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t.Add(24*time.Hour - time.Nanosecond)
}

// count returns how many pixels have exactly colour c.
func count(img image.Image, c color.RGBA) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if color.RGBAModel.Convert(img.At(x, y)).(color.RGBA) == c {
				n++
			}
		}
	}
	return n
}

// TestDrawStatuses: the picture shows the frontier's status at its
// instant, in the page's colours: both on 1 September 2023, none contested
// on 1 April 2025 (after the March 2025 treaty).
func TestDrawStatuses(t *testing.T) {
	src := load(t)
	for _, tc := range []struct {
		date                 string
		layers               Layers
		caption              string
		contested, delimited bool
	}{
		{"2023-09-01", AllLayers, "As of 1 September 2023", true, true},
		{"2025-04-01", AllLayers, "As of 1 April 2025", false, true},
		{"2023-09-01", Layers{Frontier: true}, "", true, true},
		{"2023-09-01", Layers{Countries: true, Clashes: true}, "only context", false, false},
	} {
		t.Run(tc.date+"/"+tc.caption, func(t *testing.T) {
			img, err := Draw(t.Context(), src, Request{Width: 1200, Height: 630, Fit: frontierBound(src.ds), Layers: tc.layers, AsOf: day(tc.date), Caption: tc.caption})
			if err != nil {
				t.Fatal(err)
			}
			if got := img.Bounds().Size(); got != (image.Point{1200, 630}) {
				t.Fatalf("size %v", got)
			}
			if got := count(img, Contested) > 0; got != tc.contested {
				t.Errorf("contested colour drawn: %v, want %v", got, tc.contested)
			}
			if got := count(img, Delimited) > 0; got != tc.delimited {
				t.Errorf("delimited colour drawn: %v, want %v", got, tc.delimited)
			}
			if *keep {
				save(t, img, tc.date+"-"+tc.caption)
			}
		})
	}
}

func save(tb testing.TB, img image.Image, name string) {
	tb.Helper()
	dir := filepath.Join("..", "..", "artifacts", "staticmap")
	os.MkdirAll(dir, 0o755)
	var buf bytes.Buffer
	png.Encode(&buf, img)
	os.WriteFile(filepath.Join(dir, name+".png"), buf.Bytes(), 0o644)
}

// TestDrawView: a centre and zoom place the view as Leaflet would: the
// centre in the middle of the map area.
func TestDrawView(t *testing.T) {
	src := &dataset{ds: geo.Dataset{Segments: []geo.Segment{{
		ID:      "s",
		Line:    orb.LineString{{70, 39.99}, {70, 40.01}},
		History: []geo.Period{{Status: geo.Delimited, ValidFrom: geo.NewDate(2000, 1, 1)}},
	}}}}
	img, err := Draw(t.Context(), src, Request{Width: 101, Height: 101, Center: orb.Point{70, 40}, Zoom: 10, Layers: Layers{Frontier: true}, AsOf: day("2023-09-01")})
	if err != nil {
		t.Fatal(err)
	}
	if got := color.RGBAModel.Convert(img.At(50, 50)).(color.RGBA); got != Delimited {
		t.Errorf("centre pixel %v, want the delimited line", got)
	}
	if got := color.RGBAModel.Convert(img.At(10, 50)).(color.RGBA); got != water {
		t.Errorf("pixel left of the line %v, want the background", got)
	}
}

func TestDrawSize(t *testing.T) {
	for _, sz := range []image.Point{{0, 100}, {100, MaxSide + 1}, {MinSide - 1, 100}} {
		if _, err := Draw(t.Context(), load(t), Request{Width: sz.X, Height: sz.Y}); err != ErrSize {
			t.Errorf("%v: err %v, want ErrSize", sz, err)
		}
	}
}

// TestDashes: the pattern runs on across vertices and the pieces add up
// to the "on" share of the line.
func TestDashes(t *testing.T) {
	line := []pt{{0, 0}, {10, 0}, {10, 10}, {30, 10}}
	got := dashes(line, []float64{4, 2})
	length := func(l []pt) float64 {
		s := 0.0
		for i := 1; i < len(l); i++ {
			s += math.Hypot(l[i].x-l[i-1].x, l[i].y-l[i-1].y)
		}
		return s
	}
	on := 0.0
	for _, p := range got {
		on += length(p)
	}
	// 40 px: six whole periods (24 on) and 4 px more, all on.
	if math.Abs(on-28) > 1e-9 {
		t.Errorf("dashes cover %.3f px, want 28", on)
	}
	if len(got) != 7 {
		t.Errorf("%d dashes, want 7", len(got))
	}
	// The second dash turns the corner at (10,0).
	if len(got[1]) != 3 || got[1][1] != (pt{10, 0}) {
		t.Errorf("second dash %v does not turn the corner", got[1])
	}
}

func TestRendererCache(t *testing.T) {
	src := load(t)
	r := NewRenderer(src, 16<<20, nil)
	req := Request{Width: 300, Height: 200, Fit: frontierBound(src.ds), Layers: AllLayers, AsOf: day("2023-09-01")}
	a, err := r.PNG(t.Context(), "k", req)
	if err != nil {
		t.Fatal(err)
	}
	reads := src.reads
	b, err := r.PNG(t.Context(), "k", req)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) || src.reads != reads {
		t.Error("the second request drew again rather than come from the cache")
	}
	img, err := png.Decode(bytes.NewReader(a))
	if err != nil || img.Bounds().Dx() != 300 || img.Bounds().Dy() != 200 {
		t.Fatalf("PNG: %v %v", img.Bounds(), err)
	}
	off := NewRenderer(src, 0, nil)
	off.PNG(t.Context(), "k", req)
	off.PNG(t.Context(), "k", req)
	if src.reads != reads+2 {
		t.Error("a renderer without cache kept a picture")
	}
}

func BenchmarkDraw(b *testing.B) {
	src := load(b)
	req := Request{Width: 1200, Height: 630, Fit: frontierBound(src.ds), Layers: AllLayers, AsOf: day("2023-09-01"), Caption: "As of 1 September 2023"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Draw(context.Background(), src, req); err != nil {
			b.Fatal(err)
		}
	}
}
