package web

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/frontier-map/frontier/tiles/staticmap"
)

// TestViewSize: size=WxH goes with map= and is read, written back and
// refused as the other view parameters are: a 400 naming size on the
// picture, dropped by the embed (whose map= then stands alone).
func TestViewSize(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	for _, size := range []string{"9", "1280", "1280x", "x800", "0x800", "1280x8", "99999x800", "1280x-800", "+1280x800", "1280.5x800", "NaNx800", "1280×800"} {
		target := "/static.png?width=64&height=64&map=8/40.05/70.8&size=" + url.QueryEscape(size)
		rec := get(t, h, target)
		wantStatus(t, rec, http.StatusBadRequest, typeProblem)
		if p := decodeBody[problem](t, rec); !strings.Contains(p.Detail, "WxH") {
			t.Errorf("%s: detail %q does not say what size takes", target, p.Detail)
		}
		body := get(t, h, "/embed?map=8/40.05/70.8&size="+url.QueryEscape(size)).Body.String()
		if !strings.Contains(body, `static.png?map=8/40.05/70.8"`) {
			t.Errorf("/embed with size=%s: the bad size is shared, or the view is lost", size)
		}
	}
	// A size without the view it measures says so.
	rec := get(t, h, "/static.png?width=64&height=64&size=1280x800")
	wantStatus(t, rec, http.StatusBadRequest, typeProblem)
	if p := decodeBody[problem](t, rec); !strings.Contains(p.Detail, "map") {
		t.Errorf("size without map: detail %q", p.Detail)
	}
	// A good one travels with the view: the embed's picture and full-map
	// link, and the oEmbed snippet and thumbnail.
	body := get(t, h, "/embed?date=2023-09-01&map=7.25/40.05/70.8&size=1280x800").Body.String()
	for _, want := range []string{"static.png?datetime=2023-09-01&amp;map=7.25/40.05/70.8&amp;size=1280x800", "/#date=2023-09-01&amp;map=7.25/40.05/70.8&amp;size=1280x800"} {
		if !strings.Contains(body, want) {
			t.Errorf("the embed does not carry %s", want)
		}
	}
	o := decodeBody[oembed](t, get(t, h, "/oembed?url="+url.QueryEscape("http://example.com/#date=2023-09-01&map=7.25/40.05/70.8&size=360x640")))
	if !strings.Contains(o.HTML, "map=7.25/40.05/70.8&amp;size=360x640") || !strings.Contains(o.ThumbnailURL, "size=360x640") {
		t.Errorf("oEmbed loses the size: %s, %s", o.HTML, o.ThumbnailURL)
	}
}

// frontierView is the view the map page fits the frontier to on a map of
// w×h CSS pixels: the extent's middle, at the zoom that leaves the fit
// margin around it (unsnapped).
func frontierView(t *testing.T, h http.Handler, w, hgt int) (zoom, lat, lon float64) {
	t.Helper()
	c := decodeBody[struct {
		Extent struct{ Spatial struct{ BBox [][4]float64 } }
	}](t, get(t, h, "/collections/frontier?f=json"))
	b := c.Extent.Spatial.BBox[0]
	y := func(lat float64) float64 { // Mercator y at zoom 0, in pixels
		s := math.Sin(lat * math.Pi / 180)
		return 256 * (0.5 - math.Log((1+s)/(1-s))/(4*math.Pi))
	}
	dx, dy := (b[2]-b[0])/360*256, y(b[1])-y(b[3])
	zoom = math.Log2(math.Min(float64(w-2*fitMarginPx)/dx, float64(hgt-2*fitMarginPx)/dy))
	mid := (y(b[1]) + y(b[3])) / 2
	lat = math.Atan(math.Sinh(math.Pi*(1-2*mid/256))) * 180 / math.Pi
	return math.Floor(zoom*4) / 4, lat, (b[0] + b[2]) / 2
}

// lineBox is the box of the pixels drawn in the frontier's colours above
// the caption band.
func lineBox(img image.Image, band int) image.Rectangle {
	var box image.Rectangle
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y-band; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			if c == staticmap.Contested || c == staticmap.Delimited {
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return box
}

// TestStaticPictureFitsTheArea: a view shared from a 1280×800 screen that
// holds the whole frontier, drawn as a 640×480 picture, still holds it
// whole (its line touches no edge); the same view without its size keeps
// the desktop's zoom and cuts the line at the picture's edges.
func TestStaticPictureFitsTheArea(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	z, lat, lon := frontierView(t, h, 1280, 800)
	view := fmt.Sprintf("datetime=2023-09-01&width=640&height=480&layers=frontier&map=%g/%.4f/%.4f", z, lat, lon)
	const band = 40 // the caption's band at the bottom, with the legend's swatches
	area := lineBox(decodePNG(t, get(t, h, "/static.png?"+view+"&size=1280x800")), band)
	if area.Empty() || area.Min.X <= 0 || area.Min.Y <= 0 || area.Max.X >= 640 || area.Max.Y >= 480-band {
		t.Errorf("with size=1280x800 the frontier is drawn in %v of 640×%d", area, 480-band)
	}
	if area.Dx() < 640/2 {
		t.Errorf("with size=1280x800 the frontier spans %d of 640 px", area.Dx())
	}
	centre := lineBox(decodePNG(t, get(t, h, "/static.png?"+view)), band)
	if centre.Min.X > 0 && centre.Max.X < 640 {
		t.Errorf("without size the frontier is drawn whole in %v: the test shows nothing", centre)
	}
}

// FuzzViewState: no query makes the permalink's parser panic, and a state
// it accepts, written back as a query, reads as the same state.
func FuzzViewState(f *testing.F) {
	for _, seed := range []string{
		"date=2023-09-01&map=7.25/40.05/70.8&size=1280x800&layers=frontier,clashes&sel=clashes:x&lang=ru",
		"map=8/40/71&size=360x640", "size=1280x800", "map=8/40/71&size=0x0", "map=NaN/1/2", "layers=,frontier,frontier", "",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		v, err := parseViewState(q)
		if err != nil {
			return
		}
		if b, ok := v.area(); ok && !(b.Min[0] <= b.Max[0] && b.Min[1] <= b.Max[1]) {
			t.Fatalf("%q: area %v", raw, b)
		}
		again, err := url.ParseQuery(strings.Join(v.query("date"), "&"))
		if err != nil {
			t.Fatalf("%q: written as %q: %v", raw, v.query("date"), err)
		}
		w, err := parseViewState(again)
		if err != nil || fmt.Sprint(w) != fmt.Sprint(v) {
			t.Fatalf("%q: read back as %+v (%v), want %+v", raw, w, err, v)
		}
	})
}
