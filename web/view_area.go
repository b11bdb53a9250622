package web

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/project"
)

// A shared view carries the area it showed, not only its centre and zoom
// (issue 13, finding 4): a link made on a 1280 px screen must still show
// the western stretch in a 640 px article column, and a phone's link must
// not open at the phone's zoom on a desktop. The permalink keeps
// map=zoom/lat/lon for older readers and adds size=WxH, the map's size in
// CSS pixels; the page, the embed (web/ui/view.js) and /static.png fit the
// area so described to the screen or picture that opens it.

const (
	// fitMarginPx is the margin, in CSS pixels, the page and the embed keep
	// around what they fit (FIT_MARGIN in web/ui/view.js). The area is the
	// view less this margin, so that a link opened on a screen of the size
	// it was made on shows the same view, and on another keeps the margin.
	fitMarginPx = 16
	// minViewSide and maxViewSide bound a size= side: a map narrower than
	// a button, or wider than any screen at CSS pixels, is not a view.
	minViewSide = 16
	maxViewSide = 8192
	// mercatorWorld is the width of the Web Mercator world in metres.
	mercatorWorld = 2 * math.Pi * 6378137
)

// parseSize reads size=WxH, whole CSS pixels.
func parseSize(s string) (w, h int, err error) {
	ws, hs, ok := strings.Cut(s, "x")
	if ok {
		w, err = strconv.Atoi(ws)
		if err == nil {
			h, err = strconv.Atoi(hs)
		}
	}
	if !ok || err != nil || w < minViewSide || h < minViewSide || w > maxViewSide || h > maxViewSide || strings.ContainsAny(s, "+-") {
		return 0, 0, &ParamError{Param: "size", Detail: fmt.Sprintf("want WxH, the map's width and height in whole pixels from %d to %d, as the permalink writes it", minViewSide, maxViewSide)}
	}
	return w, h, nil
}

// area is the part of the world the view showed: W×H pixels less the fit
// margin, around Lat/Lon at Zoom (256-pixel tiles, as Leaflet counts it),
// in lon/lat. ok is false for a view without map= and size=.
func (v viewState) area() (b orb.Bound, ok bool) {
	if v.Map == "" || v.Size == "" {
		return orb.Bound{}, false
	}
	c := project.WGS84.ToMercator(orb.Point{v.Lon, v.Lat})
	perPx := mercatorWorld / (256 * math.Exp2(v.Zoom))
	hw := math.Max(float64(v.W)/2-fitMarginPx, 1) * perPx
	hh := math.Max(float64(v.H)/2-fitMarginPx, 1) * perPx
	lo := project.Mercator.ToWGS84(orb.Point{c[0] - hw, c[1] - hh})
	hi := project.Mercator.ToWGS84(orb.Point{c[0] + hw, c[1] + hh})
	// A view wider than the world (zoom 0 on a wide screen) is the world.
	return orb.Bound{
		Min: orb.Point{math.Max(lo[0], -180), math.Max(lo[1], -85.06)},
		Max: orb.Point{math.Min(hi[0], 180), math.Min(hi[1], 85.06)},
	}, true
}
