package staticmap

import (
	"image/color"
	"math"

	"github.com/paulmach/orb"

	"github.com/frontier-map/frontier/geo"
)

// The locator inset, as the page draws it (web/ui/locator.js and
// map.css): the bundled countries in a 150 by 100 box in the top right
// corner, with the frame of the view, on pictures 600 pixels wide and up,
// below which it would cover the map it locates.
const (
	locatorW        = 150
	locatorH        = 100
	locatorMinWidth = 600
)

var (
	locatorFill = map[string]color.RGBA{
		"KGZ": {0xf4, 0xef, 0xe4, 0xff},
		"TJK": {0xe3, 0xec, 0xef, 0xff},
		"UZB": {0xee, 0xee, 0xea, 0xff},
	}
	locatorOther  = color.RGBA{0xef, 0xec, 0xe4, 0xff}
	locatorStroke = color.RGBA{0x77, 0x77, 0x77, 0xff}
	// The frame is ink, not the page's red: on this map red says
	// "contested", and a picture shows no status it does not draw.
	frameFill = premul(0x1b, 0x1b, 0x1b, 0.12)
)

// locatorBox is where the inset goes, or an empty box for a picture too
// narrow or too low for one.
func (c *canvas) locatorBox() box {
	if c.w < locatorMinWidth {
		return box{}
	}
	w, h, m := locatorW*c.k, locatorH*c.k, 10*c.k
	b := box{c.w - m - w, m, w, h}
	// A picture wide but not tall enough has none either: the inset
	// would cover the map from top to bottom.
	if !c.holds(box{b.x, b.y, b.w, 2 * b.h}, m) {
		return box{}
	}
	return b
}

// drawLocator draws the countries cs fitted into b (equirectangular,
// squeezed by the cosine of the middle latitude: at this size Mercator
// and the truth differ by less than a pixel) and the frame of view on
// top, at least six pixels a side so that a view zoomed far in still
// shows.
func (c *canvas) drawLocator(b box, cs []geo.Country, view orb.Bound) {
	if len(cs) == 0 {
		return
	}
	c, b = c.within(b)
	c.rect(b, premul(0xff, 0xff, 0xff, 0.92))
	stroke(c.z, []pt{{b.x, b.y}, {b.x + b.w, b.y}, {b.x + b.w, b.y + b.h}, {b.x, b.y + b.h}, {b.x, b.y}}, c.k, nil)
	c.fill(border)

	all := orb.Bound{Min: orb.Point{180, 90}, Max: orb.Point{-180, -90}}
	for _, ct := range cs {
		all = all.Union(ct.Geometry.Bound())
	}
	k := math.Cos((all.Min[1] + all.Max[1]) / 2 * math.Pi / 180)
	pad := 8 * c.k
	s := math.Min((b.w-2*pad)/((all.Max[0]-all.Min[0])*k), (b.h-2*pad)/(all.Max[1]-all.Min[1]))
	ox := b.x + (b.w-(all.Max[0]-all.Min[0])*k*s)/2
	oy := b.y + (b.h-(all.Max[1]-all.Min[1])*s)/2
	at := func(p orb.Point) pt { return pt{ox + (p[0]-all.Min[0])*k*s, oy + (all.Max[1]-p[1])*s} }
	c.drawCountries(cs, at, locatorFill, locatorOther, 0.6*c.k, locatorStroke)

	lo, hi := at(view.Min), at(view.Max)
	cx, cy := (lo.x+hi.x)/2, (lo.y+hi.y)/2
	fw, fh := math.Max(6*c.k, hi.x-lo.x), math.Max(6*c.k, lo.y-hi.y)
	// Clipped to the inset, as the page's SVG clips it.
	x0, y0 := math.Max(cx-fw/2, b.x), math.Max(cy-fh/2, b.y)
	x1, y1 := math.Min(cx+fw/2, b.x+b.w), math.Min(cy+fh/2, b.y+b.h)
	if x1 <= x0 || y1 <= y0 {
		return
	}
	f := box{x0, y0, x1 - x0, y1 - y0}
	c.rect(f, frameFill)
	stroke(c.z, []pt{{f.x, f.y}, {f.x + f.w, f.y}, {f.x + f.w, f.y + f.h}, {f.x, f.y + f.h}, {f.x, f.y}}, 1.5*c.k, nil)
	c.fill(ink)
}
