package staticmap

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/project"
	"golang.org/x/image/vector"

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
	if !c.holds(b, pad) {
		return ScaleBar{}, box{} // a picture too small for one
	}
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
	in, l := c.within(b)
	in.rect(l, premul(0xff, 0xff, 0xff, 0.85))
	t := 2 * c.k
	// The bracket as one shape: one pass of the rasteriser.
	polygon(in.z, []pt{{l.x, l.y}, {l.x + t, l.y}, {l.x + t, l.y + l.h - t}, {l.x + l.w - t, l.y + l.h - t}, {l.x + l.w - t, l.y},
		{l.x + l.w, l.y}, {l.x + l.w, l.y + l.h}, {l.x, l.y + l.h}})
	in.fill(scaleInk)
	face, err := newFace(regular, 11*c.k)
	if err != nil {
		return
	}
	defer face.Close()
	c.trackedText(face, fit(face, s.Text, b.w-2*t-4*c.k), b.x+t+3*c.k, b.y+b.h-t-3*c.k, 0, color.RGBA{0x33, 0x33, 0x33, 0xff})
}

// holds reports whether b lies in the map area at least margin from its
// edges.
func (c *canvas) holds(b box, margin float64) bool {
	return b.x >= margin && b.y >= margin && b.x+b.w <= c.w-margin && b.y+b.h <= c.h-margin
}

// within is a canvas for the part b of c's picture, and b in its
// coordinates (from b's corner): its rasteriser is b's size, so that a
// fill there costs b's pixels rather than the whole picture's. Text is
// still written through c, in the picture's coordinates.
func (c *canvas) within(b box) (*canvas, box) {
	r := b.rect().Intersect(c.img.Bounds())
	z := vector.NewRasterizer(max(r.Dx(), 1), max(r.Dy(), 1))
	z.DrawOp = draw.Over
	sub := &canvas{img: c.img.SubImage(r).(*image.RGBA), z: z, k: c.k, w: float64(r.Dx()), h: float64(r.Dy())}
	return sub, box{b.x - float64(r.Min.X), b.y - float64(r.Min.Y), b.w, b.h}
}

// rect fills b in col.
func (c *canvas) rect(b box, col color.RGBA) {
	polygon(c.z, []pt{{b.x, b.y}, {b.x + b.w, b.y}, {b.x + b.w, b.y + b.h}, {b.x, b.y + b.h}})
	c.fill(col)
}
