package staticmap

import (
	"image"
	"image/color"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/project"

	orbgeo "github.com/paulmach/orb/geo"
)

// ScaleBar is the picture's metric scale: a bar Box.Dx() pixels long
// standing for Metres on the ground at the latitude of the map's middle,
// as Leaflet's scale control measures it on the page.
type ScaleBar struct {
	Metres float64
	Text   string
	Box    image.Rectangle
}

// The page's scale control: at most 120 pixels, in the map's bottom left
// corner (cartography.js), its line grey (Leaflet's #777).
const scaleMaxWidth = 120

var scaleInk = color.RGBA{0x77, 0x77, 0x77, 0xff}

// lonLat is the point at pixel p of the map.
func (c *canvas) lonLat(p pt) orb.Point {
	return project.Mercator.ToWGS84(orb.Point{c.cx + (p.x-c.w/2)/c.scale, c.cy - (p.y-c.h/2)/c.scale})
}

// scaleFor measures the ground along scaleMaxWidth pixels across the
// middle of the map and rounds it down to 1, 2, 3 or 5 times a power of
// ten, as Leaflet does; the bar is as long as that length is.
func (c *canvas) scaleFor(names Names) (ScaleBar, box) {
	maxW := scaleMaxWidth * c.k
	ground := orbgeo.DistanceHaversine(c.lonLat(pt{0, c.h / 2}), c.lonLat(pt{maxW, c.h / 2}))
	if ground <= 0 || math.IsNaN(ground) {
		return ScaleBar{}, box{}
	}
	m := roundDown(ground)
	w := math.Round(maxW * m / ground)
	h := math.Round(11 * c.k * 1.5)
	pad := 10 * c.k
	b := box{pad, c.h - pad - h, w, h}
	return ScaleBar{Metres: m, Text: names.Length(m), Box: b.rect()}, b
}

// roundDown is Leaflet's L.Control.Scale _getRoundNum.
func roundDown(v float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(v)))
	d := v / p
	switch {
	case d >= 10:
		d = 10
	case d >= 5:
		d = 5
	case d >= 3:
		d = 3
	case d >= 2:
		d = 2
	default:
		d = 1
	}
	return p * d
}

// drawScale draws the bar as Leaflet's .leaflet-control-scale-line: a
// bracket open at the top, its length written inside, on white at 85%
// (map.css).
func (c *canvas) drawScale(s ScaleBar, b box) {
	if s.Metres == 0 {
		return
	}
	c.rect(b, premul(0xff, 0xff, 0xff, 0.85))
	t := 2 * c.k
	c.rect(box{b.x, b.y, t, b.h}, scaleInk)
	c.rect(box{b.x + b.w - t, b.y, t, b.h}, scaleInk)
	c.rect(box{b.x, b.y + b.h - t, b.w, t}, scaleInk)
	face, err := newFace(regular, 11*c.k)
	if err != nil {
		return
	}
	defer face.Close()
	c.trackedText(face, fit(face, s.Text, b.w-2*t-4*c.k), b.x+t+3*c.k, b.y+b.h-t-3*c.k, 0, color.RGBA{0x33, 0x33, 0x33, 0xff})
}

// rect fills b in col.
func (c *canvas) rect(b box, col color.RGBA) {
	polygon(c.z, []pt{{b.x, b.y}, {b.x + b.w, b.y}, {b.x + b.w, b.y + b.h}, {b.x, b.y + b.h}})
	c.fill(col)
}
