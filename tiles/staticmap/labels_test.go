package staticmap

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/project"

	orbgeo "github.com/paulmach/orb/geo"

	"github.com/frontier-map/frontier/geo"
)

// drawPNG draws req, encodes and decodes it as the PNG a reader gets,
// and returns it with what Render says it placed.
func drawPNG(t *testing.T, src Source, req Request) (image.Image, *Picture) {
	t.Helper()
	pic, err := Render(t.Context(), src, req)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, pic.Image); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return img, pic
}

func rgba(img image.Image, x, y int) color.RGBA {
	return color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
}

// inked counts the pixels of r darker than mid grey: text, lines.
func inked(img image.Image, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if c := rgba(img, x, y); int(c.R)+int(c.G)+int(c.B) < 3*0x80 {
				n++
			}
		}
	}
	return n
}

func kinds(ls []Label, kind string) []string {
	var out []string
	for _, l := range ls {
		if l.Kind == kind {
			out = append(out, l.ID)
		}
	}
	return out
}

// TestLabelsDoNotOverlap: at every size from a phone's to a print's, fitted
// and zoomed, no two names touch, each is inside the picture and written
// in its box, none covers the scale bar or the locator; the three
// countries are named when the frontier is fitted.
func TestLabelsDoNotOverlap(t *testing.T) {
	src := load(t)
	fit := frontierBound(src.ds)
	for _, tc := range []struct {
		name      string
		w, h      int
		centre    orb.Point
		zoom      float64
		countries bool
	}{
		{"fit 1200x800", 1200, 800, orb.Point{}, 0, true},
		{"fit 1200x630", 1200, 630, orb.Point{}, 0, true},
		{"fit 400x400", 400, 400, orb.Point{}, 0, true},
		{"fit 360x640", 360, 640, orb.Point{}, 0, true},
		{"Vorukh z10 800x600", 800, 600, orb.Point{70.58, 39.85}, 10, false},
		{"Isfara valley z8 600x400", 600, 400, orb.Point{70.5, 40}, 8, false},
		{"region z5 1200x800", 1200, 800, orb.Point{70, 40}, 5, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			img, pic := drawPNG(t, src, Request{Width: tc.w, Height: tc.h, Fit: fit, Center: tc.centre, Zoom: tc.zoom,
				Layers: AllLayers, AsOf: day("2023-09-01"), Caption: "As of 1 September 2023"})
			if len(kinds(pic.Labels, "place"))+len(kinds(pic.Labels, "enclave")) == 0 {
				t.Error("no place named")
			}
			if got := kinds(pic.Labels, "country"); tc.countries && !(slices.Contains(got, "KGZ") && slices.Contains(got, "TJK") && slices.Contains(got, "UZB")) {
				t.Errorf("countries named %v, want KGZ, TJK and UZB", got)
			}
			others := []image.Rectangle{pic.Scale.Box, pic.Locator}
			for i, a := range pic.Labels {
				if !a.Box.In(img.Bounds()) {
					t.Errorf("%q at %v is not wholly in the picture", a.Text, a.Box)
				}
				if inked(img, a.Box) == 0 {
					t.Errorf("%q: nothing written in its box %v", a.Text, a.Box)
				}
				for _, b := range pic.Labels[i+1:] {
					if a.Box.Overlaps(b.Box) {
						t.Errorf("%q %v overlaps %q %v", a.Text, a.Box, b.Text, b.Box)
					}
				}
				for _, o := range others {
					if a.Box.Overlaps(o) {
						t.Errorf("%q %v covers the scale bar or the locator %v", a.Text, a.Box, o)
					}
				}
			}
			if *keep {
				save(t, img, "labels-"+tc.name)
			}
		})
	}
}

// TestSelectedPlacesFirst: in a picture too small for every name, the
// places of the selected event are named before the others.
func TestSelectedPlacesFirst(t *testing.T) {
	src := load(t)
	req := Request{Width: 360, Height: 640, Fit: frontierBound(src.ds), Layers: AllLayers, AsOf: day("2023-09-01")}
	_, pic := drawPNG(t, src, req)
	if slices.Contains(kinds(pic.Labels, "place"), "isfara") {
		t.Fatal("Isfara is named without a selection: the test needs a picture where it is not")
	}
	// The event's place is "Isfara district ('Dushanbe' border post and
	// border villages)".
	req.Selected = "2022-09-16-dushanbe-post-isfara-villages"
	_, pic = drawPNG(t, src, req)
	if got := kinds(pic.Labels, "place"); !slices.Contains(got, "isfara") {
		t.Errorf("places named with the Isfara event selected: %v, want Isfara among them", got)
	}
}

// TestScaleBar: the bar drawn is as long, in pixels, as its length on the
// ground at the map's middle latitude, within 2%, whatever the zoom and
// latitude; and it reads a round length.
func TestScaleBar(t *testing.T) {
	src := load(t)
	for _, tc := range []struct {
		name   string
		w, h   int
		centre orb.Point
		zoom   float64
	}{
		{"fit", 1200, 800, orb.Point{}, 0},
		{"z10 Vorukh", 800, 600, orb.Point{70.58, 39.85}, 10},
		{"z5", 400, 400, orb.Point{70, 40}, 5},
		{"z7 north", 600, 400, orb.Point{70, 55}, 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			img, pic := drawPNG(t, src, Request{Width: tc.w, Height: tc.h, Fit: frontierBound(src.ds), Center: tc.centre, Zoom: tc.zoom, Layers: AllLayers, AsOf: day("2023-09-01")})
			s := pic.Scale
			if s.Metres == 0 {
				t.Fatal("no scale bar")
			}
			if lead := s.Metres / math.Pow(10, math.Floor(math.Log10(s.Metres))); !slices.Contains([]float64{1, 2, 3, 5}, math.Round(lead*1e6)/1e6) {
				t.Errorf("scale of %g m is not a round length", s.Metres)
			}
			// The bar's foot, measured in the PNG: the run of its grey
			// on the row two pixels above the box's bottom.
			y := s.Box.Max.Y - 2
			first, last := -1, -1
			for x := s.Box.Min.X - 2; x < s.Box.Max.X+2; x++ {
				if c := rgba(img, x, y); c.R < 0xb0 && c.R == c.G && c.G == c.B {
					if first < 0 {
						first = x
					}
					last = x
				}
			}
			if first < 0 {
				t.Fatal("no bar drawn")
			}
			drawn := float64(last - first + 1)
			// Ground metres per pixel at the middle of the map, from the
			// view's corners.
			v := pic.View
			lo, hi := project.WGS84.ToMercator(v.Min), project.WGS84.ToMercator(v.Max)
			mid := project.Mercator.ToWGS84(orb.Point{0, (lo[1] + hi[1]) / 2})[1]
			perPx := orbgeo.DistanceHaversine(orb.Point{v.Min[0], mid}, orb.Point{v.Max[0], mid}) / float64(tc.w)
			want := s.Metres / perPx
			if math.Abs(drawn-want)/want > 0.02 {
				t.Errorf("bar of %q drawn %.0f px, want %.1f px (%g m at %.0f m/px, latitude %.2f)", s.Text, drawn, want, s.Metres, perPx, mid)
			}
		})
	}
}

// TestLocator: from 600 pixels wide the picture has the locator inset,
// with the countries and the frame of the view; narrower, none.
func TestLocator(t *testing.T) {
	src := load(t)
	locTJK := locatorFill["TJK"]
	for _, tc := range []struct {
		w, h int
		want bool
	}{{1200, 800, true}, {600, 400, true}, {599, 400, false}, {400, 400, false}} {
		t.Run(fmt.Sprintf("%dx%d", tc.w, tc.h), func(t *testing.T) {
			img, pic := drawPNG(t, src, Request{Width: tc.w, Height: tc.h, Fit: frontierBound(src.ds), Layers: AllLayers, AsOf: day("2023-09-01")})
			if got := !pic.Locator.Empty(); got != tc.want {
				t.Fatalf("locator %v, want one: %v", pic.Locator, tc.want)
			}
			tjk := count(img, locTJK)
			if !tc.want {
				if tjk > 0 {
					t.Errorf("%d pixels of the locator's Tajikistan in a picture without locator", tjk)
				}
				return
			}
			in := img.(*image.RGBA).SubImage(pic.Locator)
			if n := count(in, locTJK); n < 50 {
				t.Errorf("locator has %d pixels of Tajikistan", n)
			}
			// The frame of the view: ink, around the frontier's area.
			if n := count(in, ink); n < 20 {
				t.Errorf("locator has %d pixels of its frame", n)
			}
		})
	}
}

// regionNames writes in Kyrgyz and Tajik, with the letters the Go font
// lacks.
type regionNames struct{}

func (regionNames) Country(name string) string {
	return map[string]string{"Kyrgyzstan": "Қирғизистон", "Tajikistan": "Тоҷикистон", "Uzbekistan": "Өзбекстан", "China": "Кытай"}[name]
}
func (regionNames) Place(p geo.Place, enclave bool) string { return p.Name + " ңүҳӣӯ" }
func (regionNames) Length(m float64) string                { return fmt.Sprintf("%g км", m/1000) }

// TestLabelsInTheRegionsLetters: a picture whose names are in Kyrgyz
// and Tajik writes them, the countries in capitals, with ink in every
// label's box.
func TestLabelsInTheRegionsLetters(t *testing.T) {
	src := load(t)
	img, pic := drawPNG(t, src, Request{Width: 1200, Height: 800, Fit: frontierBound(src.ds), Layers: AllLayers, AsOf: day("2023-09-01"), Names: regionNames{}})
	var texts []string
	for _, l := range pic.Labels {
		texts = append(texts, l.Text)
		if inked(img, l.Box) == 0 {
			t.Errorf("%q has no ink", l.Text)
		}
	}
	if !slices.Contains(texts, "ҚИРҒИЗИСТОН") || !slices.Contains(texts, "ӨЗБЕКСТАН") {
		t.Errorf("labels %q, want the countries in capitals of the region's letters", texts)
	}
	if *keep {
		save(t, img, "labels-ky")
	}
}

// TestSmallAndOddPictures: a picture too small or too flat for the scale
// bar or the locator has none, rather than one cut off at its edge.
func TestSmallAndOddPictures(t *testing.T) {
	src := load(t)
	for _, sz := range []image.Point{{16, 16}, {100, 50}, {4096, 16}, {16, 4096}, {700, 150}, {150, 100}} {
		pic, err := Render(t.Context(), src, Request{Width: sz.X, Height: sz.Y, Fit: frontierBound(src.ds), Layers: AllLayers, AsOf: day("2023-09-01"), Caption: "x"})
		if err != nil {
			t.Fatal(err)
		}
		b := pic.Image.Bounds()
		if s := pic.Scale; s.Metres > 0 && !s.Box.In(b) {
			t.Errorf("%v: scale bar at %v, outside the picture", sz, s.Box)
		}
		if !pic.Locator.Empty() && !pic.Locator.In(b) {
			t.Errorf("%v: locator at %v, outside the picture", sz, pic.Locator)
		}
		for _, l := range pic.Labels {
			if !l.Box.In(b) {
				t.Errorf("%v: %q at %v, outside the picture", sz, l.Text, l.Box)
			}
		}
	}
	if pic, _ := Render(t.Context(), src, Request{Width: 150, Height: 100, Fit: frontierBound(src.ds), Layers: AllLayers, AsOf: day("2023-09-01")}); pic.Scale.Metres == 0 {
		t.Error("a 150x100 picture has no scale bar")
	}
}

// TestCaptionWraps: a caption longer than the band's first line wraps onto
// more lines, the band growing to hold them, rather than being cut: on a
// 400-pixel picture the dates of the view and of the reported figure are
// whole. Past four lines, the last is cut with an ellipsis.
func TestCaptionWraps(t *testing.T) {
	src := load(t)
	const text = "16 September 2022, schematic line · reported 14 March 2025: the whole border agreed (Kyrgyz and Tajik presidents; +1 more)"
	for _, w := range []int{400, 1200} {
		_, pic := drawPNG(t, src, Request{Width: w, Height: 400, Fit: frontierBound(src.ds), Layers: AllLayers, AsOf: day("2022-09-16"), Caption: text})
		if got := strings.Join(pic.Caption, " "); got != text {
			t.Errorf("%d px: caption written %q, want it whole", w, pic.Caption)
		}
		if w == 400 && len(pic.Caption) < 2 {
			t.Errorf("400 px: the caption is on %d line(s); it cannot fit on one beside the legend", len(pic.Caption))
		}
	}
	_, pic := drawPNG(t, src, Request{Width: 200, Height: 400, Fit: frontierBound(src.ds), Layers: AllLayers, AsOf: day("2022-09-16"), Caption: strings.Repeat(text+" ", 4)})
	if len(pic.Caption) != captionLines || !strings.HasSuffix(pic.Caption[captionLines-1], "…") {
		t.Errorf("an overlong caption: %q, want %d lines, the last cut", pic.Caption, captionLines)
	}
}
