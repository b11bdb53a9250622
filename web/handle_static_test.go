package web

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/frontier-map/frontier/geo"
	"github.com/frontier-map/frontier/i18n"
	"github.com/frontier-map/frontier/tiles/staticmap"
)

func decodePNG(tb testing.TB, rec *httptest.ResponseRecorder) image.Image {
	tb.Helper()
	wantStatus(tb, rec, http.StatusOK, "image/png")
	img, err := png.Decode(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		tb.Fatalf("not a PNG: %v", err)
	}
	return img
}

func hasColour(img image.Image, c color.RGBA) bool {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if color.RGBAModel.Convert(img.At(x, y)).(color.RGBA) == c {
				return true
			}
		}
	}
	return false
}

// TestStaticPNG (issue 6, point 3): /static.png decodes as a PNG of the size
// asked for, showing both statuses in the page's colours on 1 September
// 2023 and no contested colour on 1 April 2025.
func TestStaticPNG(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	for _, tc := range []struct {
		target               string
		w, h                 int
		contested, delimited bool
	}{
		{"/static.png?datetime=2023-09-01", 1200, 630, true, true},
		{"/static.png?datetime=2025-04-01", 1200, 630, false, true},
		{"/static.png?datetime=2023-09-01&width=640&height=480", 640, 480, true, true},
		{"/static.png?date=2023-09-01&width=300&height=300&layers=frontier", 300, 300, true, true},
		{"/static.png?datetime=2025-04-01&width=800&height=400&map=9/40.0/70.6", 800, 400, false, true},
		{"/static.png?datetime=2023-09-01&layers=countries,clashes", 1200, 630, false, false},
	} {
		t.Run(tc.target, func(t *testing.T) {
			img := decodePNG(t, get(t, h, tc.target))
			if got := img.Bounds().Size(); got != (image.Point{tc.w, tc.h}) {
				t.Fatalf("size %v, want %d×%d", got, tc.w, tc.h)
			}
			if got := hasColour(img, staticmap.Contested); got != tc.contested {
				t.Errorf("contested colour %v, want %v", got, tc.contested)
			}
			if got := hasColour(img, staticmap.Delimited); got != tc.delimited {
				t.Errorf("delimited colour %v, want %v", got, tc.delimited)
			}
		})
	}
	t.Run("cached and conditional", func(t *testing.T) {
		a := get(t, h, "/static.png?datetime=2023-09-01&width=200&height=100")
		// Another day in the same state, with the same caption day, is
		// the same picture.
		b := get(t, h, "/static.png?datetime=2023-09-01T12:00:00Z&width=200&height=100")
		etag := a.Header().Get("ETag")
		if etag == "" || etag != b.Header().Get("ETag") || !bytes.Equal(a.Body.Bytes(), b.Body.Bytes()) {
			t.Errorf("two instants of one day: ETags %q and %q", etag, b.Header().Get("ETag"))
		}
		wantStatus(t, get(t, h, "/static.png?datetime=2023-09-01&width=200&height=100", "If-None-Match: "+etag), http.StatusNotModified, "")
		if c := get(t, h, "/static.png?datetime=2025-04-01&width=200&height=100"); c.Header().Get("ETag") == etag {
			t.Error("another state has the same ETag")
		}
	})
	for _, bad := range []string{
		"/static.png?width=0", "/static.png?height=100000", "/static.png?width=abc",
		"/static.png?datetime=nope", "/static.png?map=30/0/0", "/static.png?layers=roads",
		"/static.png?date=2023-09-01&datetime=2023-09-01", "/static.png?size=9",
	} {
		wantStatus(t, get(t, h, bad), http.StatusBadRequest, "application/problem+json")
	}
}

// TestReportedCaption: the picture's caption carries the latest reported
// figure in short, with its claimant, beside the schematic line.
func TestReportedCaption(t *testing.T) {
	figs := loadDataset(t).Reported
	for _, tc := range []struct{ day, want string }{
		{"2019-06-01", ""},
		{"2024-01-01", " · reported 12 December 2023: over 90% agreed (Kamchybek Tashiev; +1 more)"},
		{"2025-04-01", " · reported 21 February 2025: the whole length agreed (Tashiev and Yatimov)"},
	} {
		d, _ := geo.ParseDate(tc.day)
		if got := reportedCaption(i18n.MustLoad().English(), figs, d.End()); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.day, got, tc.want)
		}
	}
}

// TestStaticPNGLanguages: /static.png?lang=ru names the countries and
// places in Russian (the catalog's country words, the gazetteer's
// Cyrillic spellings, the enclave marked in Russian) and writes the scale
// in км; ky in Kyrgyz. Each language is its own picture (ETag).
func TestStaticPNGLanguages(t *testing.T) {
	st := newTestStore(t)
	s := newTestServer(t, st).(*Server)
	labels := func(target string) map[string]bool {
		t.Helper()
		c := echo.New().NewContext(httptest.NewRequest(http.MethodGet, target, nil), httptest.NewRecorder())
		req, _, err := s.staticRequest(c)
		if err != nil {
			t.Fatal(err)
		}
		pic, err := staticmap.Render(t.Context(), st, req)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{"scale:" + pic.Scale.Text: true}
		for _, l := range pic.Labels {
			out[l.Text] = true
		}
		return out
	}
	const target = "/static.png?datetime=2023-09-01&width=1200&height=800"
	for _, tc := range []struct {
		lang string
		want []string
	}{
		{"en", []string{"KYRGYZSTAN", "TAJIKISTAN", "UZBEKISTAN", "Vorukh (enclave)", "Ovchi-Kalacha", "scale:50 km"}},
		{"ru", []string{"КЫРГЫЗСТАН", "ТАДЖИКИСТАН", "УЗБЕКИСТАН", "Ворух (анклав)", "Овчи-Калача", "Ходжаи-Аало", "scale:50 км"}},
		{"ky", []string{"КЫРГЫЗСТАН", "ТАЖИКСТАН", "ӨЗБЕКСТАН", "scale:50 км"}},
		{"tg", []string{"ҚИРҒИЗИСТОН", "ТОҶИКИСТОН", "ӮЗБЕКИСТОН"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			got := labels(target + "&lang=" + tc.lang)
			for _, w := range tc.want {
				if !got[w] {
					t.Errorf("no label %q in %v", w, got)
				}
			}
		})
	}
	en := get(t, s, target+"&lang=en")
	ru := get(t, s, target+"&lang=ru")
	decodePNG(t, ru)
	if en.Header().Get("ETag") == ru.Header().Get("ETag") || bytes.Equal(en.Body.Bytes(), ru.Body.Bytes()) {
		t.Error("the Russian picture is the English one")
	}
	if got := ru.Header().Get("Content-Language"); got != "ru" {
		t.Errorf("Content-Language %q, want ru", got)
	}
}
