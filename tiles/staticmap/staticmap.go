// Package staticmap draws a picture of Frontier's map in pure Go: the
// countries, the frontier by status (contested dashed and thick, delimited
// solid and thin, in the map page's colours) and the clashes and
// deployments up to an instant, with a caption and a legend of what it
// drew. It is what social networks, chat previews and print show of a
// view (og:image, the oEmbed thumbnail).
//
// It rasterises with golang.org/x/image/vector, which fills paths with
// anti-aliasing and nothing else; strokes and dashes are built here
// (stroke.go), which keeps the dependency to the Go project's own image
// module.
package staticmap

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/project"
	"golang.org/x/image/vector"

	"github.com/frontier-map/frontier/geo"
)

// Source is the data a picture is drawn from; data.Store satisfies it. The
// Filter's BBox selects, as for tiles.
type Source interface {
	Segments(ctx context.Context, f geo.Filter) ([]geo.Segment, error)
	Events(ctx context.Context, f geo.Filter) ([]geo.Event, error)
	Deployments(ctx context.Context, f geo.Filter) ([]geo.Deployment, error)
	Countries(ctx context.Context, f geo.Filter) ([]geo.Country, error)
	Places(ctx context.Context, f geo.Filter) ([]geo.Place, error)
}

// Layers says which of the map's layers a picture shows.
type Layers struct {
	Frontier, Clashes, Deployments, Places, Countries bool
}

// AllLayers shows everything, as the map page does by default.
var AllLayers = Layers{true, true, true, true, true}

// Request is one picture.
type Request struct {
	// Width and Height are the picture's size in pixels.
	Width, Height int
	// Center (lon/lat) and Zoom (Web Mercator with 256-pixel tiles, as
	// Leaflet counts it) place the view when Zoom > 0; otherwise the view
	// fits Fit with a margin.
	Center orb.Point
	Zoom   float64
	Fit    orb.Bound
	Layers Layers
	// AsOf is the instant drawn: each segment's status then, the clashes
	// started by then, the deployments claimed by then.
	AsOf time.Time
	// Caption is written in a band at the foot with the legend; none when
	// empty.
	Caption string
	// Legend names the statuses in the caption's legend, in the caption's
	// language; a status it lacks is named in English.
	Legend map[geo.Status]string
	// Names writes the labels and the scale in the picture's language;
	// nil is English.
	Names Names
	// Selected is the id of the clash or deployment the reader selected:
	// its places are named before the others.
	Selected string
}

// Picture is a drawing and what it shows, for tests and for whoever
// describes it (alt text).
type Picture struct {
	Image *image.RGBA
	// Labels are the names written, in the order placed.
	Labels []Label
	// Scale is the scale bar; zero when the picture has none.
	Scale ScaleBar
	// Locator is the inset's box; empty when the picture is too narrow
	// for one.
	Locator image.Rectangle
	// View is the map's area in lon/lat.
	View orb.Bound
	// Caption is the caption's lines as written.
	Caption []string
}

// ErrSize is a picture too small or too large to draw.
var ErrSize = fmt.Errorf("staticmap: picture size out of range (%d to %d pixels a side)", MinSide, MaxSide)

// The sides a picture may have: below MinSide nothing reads, above MaxSide
// one picture would hold tens of megabytes in memory.
const (
	MinSide = 16
	MaxSide = 4096
)

// Colours and line styles, the same as web/ui/border-layer.js and
// map.css, so that the picture and the page read alike.
var (
	Contested = color.RGBA{0xb3, 0x26, 0x1e, 0xff}
	Delimited = color.RGBA{0x1d, 0x3f, 0x73, 0xff}
	unknown   = color.RGBA{0x5c, 0x5c, 0x5c, 0xff}
	water     = color.RGBA{0xdb, 0xe4, 0xea, 0xff}
	casing    = color.RGBA{0xd9, 0xd9, 0xd9, 0xd9} // white at 85%, premultiplied
	border    = color.RGBA{0x8a, 0x8a, 0x8a, 0xff}
	ink       = color.RGBA{0x1b, 0x1b, 0x1b, 0xff}
	paper     = color.RGBA{0xff, 0xff, 0xff, 0xff}

	countryFill = map[string]color.RGBA{
		"KGZ": {0xf4, 0xef, 0xe4, 0xff},
		"TJK": {0xe9, 0xf0, 0xf2, 0xff},
		"UZB": {0xee, 0xee, 0xea, 0xff},
	}
	otherCountry = color.RGBA{0xef, 0xef, 0xef, 0xff}

	// Premultiplied: the page's rgba fills at 22% and 18%.
	clashFill      = premul(0xd9, 0x44, 0x2c, 0.22)
	clashLine      = color.RGBA{0x8e, 0x1b, 0x10, 0xff}
	deploymentFill = premul(0x6a, 0x51, 0xc9, 0.18)
	deploymentLine = color.RGBA{0x3b, 0x2a, 0x80, 0xff}
)

type lineStyle struct {
	color color.RGBA
	width float64
	dash  []float64
}

var frontierStyles = map[geo.Status]lineStyle{
	geo.Contested: {Contested, 4.5, []float64{9, 6}},
	geo.Delimited: {Delimited, 2.5, nil},
	"":            {unknown, 2, []float64{2, 4}},
}

func premul(r, g, b uint8, a float64) color.RGBA {
	m := func(v uint8) uint8 { return uint8(math.Round(float64(v) * a)) }
	return color.RGBA{m(r), m(g), m(b), uint8(math.Round(255 * a))}
}

// placeDot is the radius of a place's dot, as border-layer.js draws it.
const placeDot = 3

// Web Mercator: the world is 256·2^zoom pixels across 2πR metres.
const earthCircumference = 2 * math.Pi * 6378137

// canvas maps Web Mercator metres to the picture's pixels.
type canvas struct {
	img    *image.RGBA
	z      *vector.Rasterizer
	cx, cy float64 // the centre, in metres
	scale  float64 // pixels per metre
	w, h   float64 // the map's area (the picture less the caption band)
	k      float64 // line widths' multiplier: pictures for print are larger
}

func (c *canvas) px(p orb.Point) pt {
	m := project.WGS84.ToMercator(p)
	return pt{c.w/2 + (m[0]-c.cx)*c.scale, c.h/2 - (m[1]-c.cy)*c.scale}
}

func (c *canvas) line(ls orb.LineString) []pt {
	out := make([]pt, len(ls))
	for i, p := range ls {
		out[i] = c.px(p)
	}
	return out
}

// lonLatBound is the picture's map area in lon/lat, for the store's bbox.
func (c *canvas) lonLatBound() orb.Bound {
	min := project.Mercator.ToWGS84(orb.Point{c.cx - c.w/2/c.scale, c.cy - c.h/2/c.scale})
	max := project.Mercator.ToWGS84(orb.Point{c.cx + c.w/2/c.scale, c.cy + c.h/2/c.scale})
	return orb.Bound{Min: min, Max: max}
}

// fill paints what has been added to the rasteriser in col and starts a
// new path.
func (c *canvas) fill(col color.RGBA) {
	c.z.Draw(c.img, c.img.Bounds(), image.NewUniform(col), image.Point{})
	c.z.Reset(c.img.Bounds().Dx(), c.img.Bounds().Dy())
	c.z.DrawOp = draw.Over
}

// Draw draws the picture req asks for.
func Draw(ctx context.Context, src Source, req Request) (*image.RGBA, error) {
	p, err := Render(ctx, src, req)
	if err != nil {
		return nil, err
	}
	return p.Image, nil
}

// Render draws the picture req asks for and says what it drew.
func Render(ctx context.Context, src Source, req Request) (*Picture, error) {
	if req.Width < MinSide || req.Width > MaxSide || req.Height < MinSide || req.Height > MaxSide {
		return nil, ErrSize
	}
	img := image.NewRGBA(image.Rect(0, 0, req.Width, req.Height))
	draw.Draw(img, img.Bounds(), image.NewUniform(water), image.Point{}, draw.Src)
	c := &canvas{img: img, z: vector.NewRasterizer(req.Width, req.Height), w: float64(req.Width), h: float64(req.Height)}
	c.z.DrawOp = draw.Over
	c.k = min(max(math.Min(c.w, c.h)/500, 1), 3)
	band := 0.0
	var caption []string
	if req.Caption != "" && req.Height >= 120 && req.Width >= 200 {
		band, caption = captionBand(req.Caption, req.Legend, c.w, c.k)
		c.h -= band
	}
	if req.Zoom > 0 {
		m := project.WGS84.ToMercator(req.Center)
		c.cx, c.cy = m[0], m[1]
		c.scale = 256 * math.Exp2(req.Zoom) / earthCircumference
	} else {
		fit := req.Fit
		if fit.IsEmpty() && fit.Min == (orb.Point{}) {
			// Nothing to fit: the Batken region.
			fit = orb.Bound{Min: orb.Point{67.3, 38.8}, Max: orb.Point{75.2, 41.2}}
		}
		lo, hi := project.WGS84.ToMercator(fit.Min), project.WGS84.ToMercator(fit.Max)
		c.cx, c.cy = (lo[0]+hi[0])/2, (lo[1]+hi[1])/2
		margin := 0.06
		dx, dy := math.Max(hi[0]-lo[0], 1), math.Max(hi[1]-lo[1], 1)
		c.scale = math.Min(c.w*(1-2*margin)/dx, c.h*(1-2*margin)/dy)
	}
	asOf := req.AsOf
	bbox := c.lonLatBound()
	names := req.Names
	if names == nil {
		names = English{}
	}
	pic := &Picture{Image: img, View: bbox, Caption: caption}
	inBox := geo.Filter{BBox: &bbox}
	upTo := geo.Filter{BBox: &bbox, Time: &geo.Interval{OpenStart: true, End: asOf}}

	var cs []geo.Country
	if req.Layers.Countries {
		var err error
		cs, err = src.Countries(ctx, inBox)
		if err != nil {
			return nil, fmt.Errorf("staticmap: countries: %w", err)
		}
		c.drawCountries(cs, c.px, countryFill, otherCountry, c.k, border)
	}

	drawn := map[geo.Status]bool{}
	if req.Layers.Frontier {
		segs, err := src.Segments(ctx, inBox)
		if err != nil {
			return nil, fmt.Errorf("staticmap: frontier: %w", err)
		}
		byStatus := map[geo.Status][][]pt{}
		for _, s := range segs {
			if len(s.Line) < 2 {
				continue
			}
			var st geo.Status
			if p, err := s.At(asOf); err == nil {
				st = p.Status
			}
			if _, ok := frontierStyles[st]; !ok {
				st = ""
			}
			byStatus[st] = append(byStatus[st], c.line(s.Line))
		}
		// Delimited under contested: where they meet, the dispute shows.
		for _, st := range []geo.Status{"", geo.Delimited, geo.Contested} {
			lines := byStatus[st]
			if len(lines) == 0 {
				continue
			}
			style := frontierStyles[st]
			for _, l := range lines {
				stroke(c.z, l, (style.width+2)*c.k, nil)
			}
			c.fill(casing)
			for _, l := range lines {
				stroke(c.z, l, style.width*c.k, scaled(style.dash, c.k))
			}
			c.fill(style.color)
			drawn[st] = true
		}
	}

	// The places of the selected clash or deployment, and of the clashes
	// drawn, are named first.
	var selected, shown []placeRef
	if req.Layers.Deployments {
		deps, err := src.Deployments(ctx, upTo)
		if err != nil {
			return nil, fmt.Errorf("staticmap: deployments: %w", err)
		}
		var areas []area
		for _, d := range deps {
			if d.ID == req.Selected {
				selected = append(selected, refOf(d.Place, nil, nil))
			}
			if _, ok := d.StatusAt(asOf); !ok || d.Location == nil {
				continue
			}
			areas = append(areas, area{*d.Location, d.GeoPrecision})
		}
		c.areas(areas, deploymentFill, deploymentLine, []float64{6, 4})
	}
	if req.Layers.Clashes {
		evs, err := src.Events(ctx, upTo)
		if err != nil {
			return nil, fmt.Errorf("staticmap: clashes: %w", err)
		}
		var areas []area
		for _, e := range evs {
			if e.Location == nil || e.DateStart.IsZero() || e.DateStart.Time().After(asOf) {
				continue
			}
			ref := refOf(e.Place, e.Spellings, e.AreaOf)
			if e.ID == req.Selected {
				selected = append(selected, ref)
			}
			shown = append(shown, ref)
			areas = append(areas, area{*e.Location, e.GeoPrecision})
		}
		c.areas(areas, clashFill, clashLine, nil)
	}
	var ps []geo.Place
	if req.Layers.Places {
		var err error
		ps, err = src.Places(ctx, inBox)
		if err != nil {
			return nil, fmt.Errorf("staticmap: places: %w", err)
		}
		for _, p := range ps {
			disc(c.z, c.px(p.Location), placeDot*c.k)
		}
		c.fill(color.RGBA{0x22, 0x22, 0x22, 0xff})
	}

	// The scale bar and the locator are placed first, so that no name
	// goes under them.
	pl := &placer{w: c.w, h: c.h, gap: labelGap * c.k, edge: labelEdge * c.k}
	scale, scaleBox := c.scaleFor(names)
	if scale.Metres > 0 {
		pl.taken = append(pl.taken, scaleBox)
	}
	locBox := c.locatorBox()
	if locBox.w > 0 {
		pl.taken = append(pl.taken, locBox)
	}
	countryNames, err := c.countryLabels(pl, cs, names)
	if err != nil {
		return nil, err
	}
	placeNames, err := c.placeLabels(pl, byInterest(ps, selected, shown), names)
	if err != nil {
		return nil, err
	}
	pic.Labels = append(countryNames, placeNames...)
	c.drawScale(scale, scaleBox)
	pic.Scale = scale
	if locBox.w > 0 {
		all, err := src.Countries(ctx, geo.Filter{})
		if err != nil {
			return nil, fmt.Errorf("staticmap: locator: %w", err)
		}
		c.drawLocator(locBox, all, bbox)
		pic.Locator = locBox.rect()
	}
	if band > 0 {
		c.caption(caption, req.Legend, band, drawn)
	}
	return pic, nil
}

func scaled(d []float64, k float64) []float64 {
	out := make([]float64, len(d))
	for i, v := range d {
		out[i] = v * k
	}
	return out
}

// drawCountries fills each country of cs in its colour in fills (other
// when it has none) and outlines them all in edge, width pixels wide,
// placing a point with at.
func (c *canvas) drawCountries(cs []geo.Country, at func(orb.Point) pt, fills map[string]color.RGBA, other color.RGBA, width float64, edge color.RGBA) {
	// One fill per colour: each is a pass over every pixel.
	byColour := map[color.RGBA][]geo.Country{}
	var order []color.RGBA
	for _, ct := range cs {
		col, ok := fills[ct.ISO3]
		if !ok {
			col = other
		}
		if _, seen := byColour[col]; !seen {
			order = append(order, col)
		}
		byColour[col] = append(byColour[col], ct)
	}
	for _, col := range order {
		for _, ct := range byColour[col] {
			for _, poly := range ct.Geometry {
				for _, ring := range poly {
					ps := ringPts(ring, at)
					if len(ps) < 3 {
						continue
					}
					c.z.MoveTo(float32(ps[0].x), float32(ps[0].y))
					for _, q := range ps[1:] {
						c.z.LineTo(float32(q.x), float32(q.y))
					}
					c.z.ClosePath()
				}
			}
		}
		c.fill(col)
	}
	for _, ct := range cs {
		for _, poly := range ct.Geometry {
			for _, ring := range poly {
				if ps := ringPts(ring, at); len(ps) > 1 {
					stroke(c.z, append(ps, ps[0]), width, nil)
				}
			}
		}
	}
	c.fill(edge)
}

// ringPts places ring's points with at, leaving out a vertex within half
// a pixel of the last kept, which adds nothing to the picture.
func ringPts(ring orb.Ring, at func(orb.Point) pt) []pt {
	out := make([]pt, 0, len(ring))
	for _, p := range ring {
		q := at(p)
		if n := len(out); n > 0 && math.Abs(q.x-out[n-1].x)+math.Abs(q.y-out[n-1].y) < 0.5 {
			continue
		}
		out = append(out, q)
	}
	return out
}

// area is a located clash or deployment.
type area struct {
	at        orb.Point
	precision geo.GeoPrecision
}

// areas draws each as the page does: an area as wide as the location is
// uncertain, or a small circle where the source states the coordinates.
func (c *canvas) areas(as []area, fill, line color.RGBA, dash []float64) {
	if len(as) == 0 {
		return
	}
	type circle struct {
		at pt
		r  float64
	}
	cs := make([]circle, len(as))
	for i, a := range as {
		r := 6 * c.k
		if u := a.precision.UncertaintyM(); a.precision != geo.ExactPlace && u > 0 {
			// A metre on the ground is 1/cos(lat) metres in Web Mercator.
			r = math.Max(u/math.Cos(a.at[1]*math.Pi/180)*c.scale, 2*c.k)
		}
		cs[i] = circle{c.px(a.at), r}
	}
	for _, ci := range cs {
		disc(c.z, ci.at, ci.r)
	}
	c.fill(fill)
	for _, ci := range cs {
		stroke(c.z, ring(ci.at, ci.r), 2*c.k, scaled(dash, c.k))
	}
	c.fill(line)
}

// ring is a closed polyline around a circle, for its outline.
func ring(ctr pt, r float64) []pt {
	n := min(max(int(r), 16), 256)
	out := make([]pt, n+1)
	for i := range out {
		a := 2 * math.Pi * float64(i) / float64(n)
		out[i] = pt{ctr.x + r*math.Cos(a), ctr.y + r*math.Sin(a)}
	}
	return out
}
