package staticmap

import (
	"cmp"
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/planar"
	"github.com/paulmach/orb/simplify"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"

	"github.com/frontier-map/frontier/geo"
)

// The names a picture writes follow the map page's (web/ui/labels.js):
// the countries first, then the places of the selected event, then those
// of the events drawn, then the rest; each where it does not touch a name
// already placed, else not at all. A name that does not fit is left out,
// never piled on another.

// Label is a name the picture shows, with its box in pixels.
type Label struct {
	// Kind is "country", "place" or "enclave".
	Kind string
	// ID is the country's ISO 3166 code or the place's id.
	ID   string
	Text string
	Box  image.Rectangle
}

// Names says what the picture's labels read, in its language.
type Names interface {
	// Country names a country the data calls name (in English).
	Country(name string) string
	// Place names a gazetteer place; enclave says it is the Vorukh
	// enclave (or another the gazetteer calls one).
	Place(p geo.Place, enclave bool) string
	// Length writes the scale bar's length.
	Length(metres float64) string
}

// English names everything as the data does.
type English struct{}

func (English) Country(name string) string { return name }

func (English) Place(p geo.Place, enclave bool) string {
	if enclave {
		return p.Name + " (enclave)"
	}
	return p.Name
}

func (English) Length(m float64) string {
	if m < 1000 {
		return fmt.Sprintf("%g m", m)
	}
	return fmt.Sprintf("%g km", m/1000)
}

// isEnclave reports whether the gazetteer says p is an enclave or an
// exclave, as the page reads it.
func isEnclave(p geo.Place) bool {
	s := strings.ToLower(p.Admin + " " + p.Note)
	return strings.Contains(s, "enclave") || strings.Contains(s, "exclave")
}

// labelStyle is how one kind of name is written: the page's .map-label
// rules (map.css), in pixels at k = 1.
type labelStyle struct {
	font  fontStyle
	size  float64
	track float64 // letter spacing, in em
	upper bool
	color color.RGBA
}

var (
	countryStyle = labelStyle{regular, 13, 0.12, true, color.RGBA{0x4a, 0x4a, 0x4a, 0xff}}
	placeStyle   = labelStyle{bold, 12, 0, false, ink}
	enclaveStyle = labelStyle{boldOblique, 12, 0, false, ink}
)

// Spacing as the page keeps it (labels.js GAP and EDGE), at k = 1.
const (
	labelGap  = 3
	labelEdge = 4
)

// box is a rectangle in pixels, y down.
type box struct{ x, y, w, h float64 }

func (b box) rect() image.Rectangle {
	return image.Rect(int(math.Floor(b.x)), int(math.Floor(b.y)), int(math.Ceil(b.x+b.w)), int(math.Ceil(b.y+b.h)))
}

// placer keeps the boxes taken so far: the labels placed and what else
// the picture draws over the map (the locator, the scale bar), and the
// places' dots, which no other place's name may hide.
type placer struct {
	w, h, gap, edge float64
	taken           []box
	dots            map[string]box
}

// fits reports whether b is inside the map, clear of its edge, and clear
// of every box taken and of every dot but that of the place it names
// (own).
func (p *placer) fits(b box, own string) bool {
	if b.x < p.edge || b.y < p.edge || b.x+b.w > p.w-p.edge || b.y+b.h > p.h-p.edge {
		return false
	}
	near := func(t box) bool {
		return b.x < t.x+t.w+p.gap && t.x < b.x+b.w+p.gap && b.y < t.y+t.h+p.gap && t.y < b.y+b.h+p.gap
	}
	if slices.ContainsFunc(p.taken, near) {
		return false
	}
	for id, d := range p.dots {
		if id != own && near(d) {
			return false
		}
	}
	return true
}

// label is a name measured in its face, ready to place and draw.
type label struct {
	Label
	style labelStyle
	face  font.Face
	w, h  float64
}

func (c *canvas) newLabel(kind, id, text string, st labelStyle) (*label, error) {
	if st.upper {
		text = strings.ToUpper(text)
	}
	face, err := newFace(st.font, st.size*c.k)
	if err != nil {
		return nil, err
	}
	l := &label{Label: Label{Kind: kind, ID: id, Text: text}, style: st, face: face}
	l.w = tracked(face, text, st.track*st.size*c.k)
	l.h = math.Ceil(st.size * c.k * 1.2)
	return l, nil
}

// tracked is the width of s in face with track pixels between letters.
func tracked(face font.Face, s string, track float64) float64 {
	if track == 0 {
		return fixedF(font.MeasureString(face, s))
	}
	w, n := 0.0, 0
	for _, r := range s {
		a, _ := face.GlyphAdvance(r)
		w += fixedF(a)
		n++
	}
	return w + track*float64(max(n-1, 0))
}

func fixedF(v fixed.Int26_6) float64 { return float64(v) / 64 }

// draw writes l in its box with a white halo (the page's text-shadow), so
// that it reads over lines and fills.
func (c *canvas) drawLabel(l *label, b box) {
	m := l.face.Metrics()
	asc, desc := fixedF(m.Ascent), fixedF(m.Descent)
	baseline := b.y + (b.h-(asc+desc))/2 + asc
	track := l.style.track * l.style.size * c.k
	r := 1.6 * c.k
	for i := range 12 {
		a := float64(i) * math.Pi / 6
		c.trackedText(l.face, l.Text, b.x+r*math.Cos(a), baseline+r*math.Sin(a), track, paper)
	}
	c.trackedText(l.face, l.Text, b.x, baseline, track, l.style.color)
	l.Box = b.rect()
}

func (c *canvas) trackedText(face font.Face, s string, x, baseline, track float64, col color.RGBA) {
	d := font.Drawer{Dst: c.img, Src: image.NewUniform(col), Face: face}
	d.Dot = fixed.Point26_6{X: fixed.Int26_6(math.Round(x * 64)), Y: fixed.Int26_6(math.Round(baseline * 64))}
	if track == 0 {
		d.DrawString(s)
		return
	}
	for _, r := range s {
		d.DrawString(string(r))
		d.Dot.X += fixed.Int26_6(math.Round(track * 64))
	}
}

// countryLabels places each country's name at the pole of inaccessibility
// of the largest part of it in view (where the name has the most room),
// or, when another name is there, at the nearest point of a grid over the
// view that is inside that part and free. The country with the most of
// the view goes first; one with less than the page's two grid cells of
// sixteen by twelve is not named.
func (c *canvas) countryLabels(p *placer, cs []geo.Country, names Names) ([]Label, error) {
	type part struct {
		ct   geo.Country
		poly orb.Polygon
		area float64
	}
	view := orb.Bound{Max: orb.Point{c.w, c.h}}
	var parts []part
	for _, ct := range cs {
		var best part
		for _, poly := range ct.Geometry {
			px := make(orb.Polygon, 0, len(poly))
			for _, ring := range poly {
				r := make(orb.Ring, len(ring))
				for i, q := range ring {
					v := c.px(q)
					r[i] = orb.Point{v.x, v.y}
				}
				px = append(px, r)
			}
			px = clip.Polygon(view, px)
			if len(px) == 0 {
				continue
			}
			if a := planar.Area(px); a > best.area {
				best = part{ct, px, a}
			}
		}
		if best.area >= 2*c.w*c.h/(16*12) {
			parts = append(parts, best)
		}
	}
	slices.SortStableFunc(parts, func(a, b part) int { return cmp.Compare(b.area, a.area) })
	var out []Label
	for _, pt := range parts {
		name := names.Country(pt.ct.Name)
		if name == "" {
			continue
		}
		l, err := c.newLabel("country", pt.ct.ISO3, name, countryStyle)
		if err != nil {
			return nil, err
		}
		poly := simplify.DouglasPeucker(0.5).Polygon(pt.poly.Clone())
		pole, _ := poleOf(poly, 1)
		spots := []orb.Point{pole}
		var grid []orb.Point
		for i := range 16 {
			for j := range 12 {
				g := orb.Point{(float64(i) + 0.5) * c.w / 16, (float64(j) + 0.5) * c.h / 12}
				if planar.PolygonContains(poly, g) {
					grid = append(grid, g)
				}
			}
		}
		slices.SortStableFunc(grid, func(a, b orb.Point) int {
			return cmp.Compare(planar.DistanceSquared(a, pole), planar.DistanceSquared(b, pole))
		})
		var boxes []box
		for _, s := range append(spots, grid...) {
			boxes = append(boxes, box{s[0] - l.w/2, s[1] - l.h/2, l.w, l.h})
		}
		if c.put(p, l, boxes, "") {
			out = append(out, l.Label)
		}
	}
	return out, nil
}

// put writes l in the first of boxes that fits, if one does, and closes
// its face.
func (c *canvas) put(p *placer, l *label, boxes []box, own string) bool {
	defer l.face.Close()
	for _, b := range boxes {
		if p.fits(b, own) {
			p.taken = append(p.taken, b)
			c.drawLabel(l, b)
			return true
		}
	}
	return false
}

// placeSlots are where a place's name may sit beside its dot, in order of
// preference (right, left, above, below), as the box's offset from the
// point, at k = 1 (labels.js placeSlots).
var placeSlots = []func(w, h, k float64) (float64, float64){
	func(w, h, k float64) (float64, float64) { return 8 * k, -h / 2 },
	func(w, h, k float64) (float64, float64) { return -8*k - w, -h / 2 },
	func(w, h, k float64) (float64, float64) { return -w / 2, -h - 6*k },
	func(w, h, k float64) (float64, float64) { return -w / 2, 6 * k },
}

// placeLabels names the places in order (the caller puts first those the
// reader is looking at), each in the first slot beside its dot that is
// free.
func (c *canvas) placeLabels(p *placer, ps []geo.Place, names Names) ([]Label, error) {
	p.dots = make(map[string]box, len(ps))
	r := placeDot * c.k
	for _, pl := range ps {
		at := c.px(pl.Location)
		p.dots[pl.ID] = box{at.x - r, at.y - r, 2 * r, 2 * r}
	}
	var out []Label
	for _, pl := range ps {
		enclave := isEnclave(pl)
		kind, st := "place", placeStyle
		if enclave {
			kind, st = "enclave", enclaveStyle
		}
		l, err := c.newLabel(kind, pl.ID, names.Place(pl, enclave), st)
		if err != nil {
			return nil, err
		}
		at := c.px(pl.Location)
		boxes := make([]box, len(placeSlots))
		for i, slot := range placeSlots {
			dx, dy := slot(l.w, l.h, c.k)
			boxes[i] = box{at.x + dx, at.y + dy, l.w, l.h}
		}
		if c.put(p, l, boxes, pl.ID) {
			out = append(out, l.Label)
		}
	}
	return out, nil
}

// byInterest orders the places: those of the selected event or
// deployment, then those of the events drawn, then the rest, each group
// in the gazetteer's order.
func byInterest(ps []geo.Place, selected, drawn []placeRef) []geo.Place {
	rank := func(p geo.Place) int {
		switch {
		case slices.ContainsFunc(selected, func(r placeRef) bool { return r.covers(p) }):
			return 0
		case slices.ContainsFunc(drawn, func(r placeRef) bool { return r.covers(p) }):
			return 1
		}
		return 2
	}
	out := slices.Clone(ps)
	slices.SortStableFunc(out, func(a, b geo.Place) int { return cmp.Compare(rank(a), rank(b)) })
	return out
}

// placeRef is how an event or a deployment names its places: in its
// own words ("Khojai Alo border post", "Batken (airport surroundings)"),
// which name a place when they hold one of the gazetteer's spellings of
// it, and, for an area, by the gazetteer ids in AreaOf.
type placeRef struct {
	text string // folded
	ids  []string
}

func refOf(place string, spellings, ids []string) placeRef {
	return placeRef{text: fold(strings.Join(append([]string{place}, spellings...), "|")), ids: ids}
}

func (r placeRef) covers(p geo.Place) bool {
	if slices.Contains(r.ids, p.ID) {
		return true
	}
	for _, n := range append([]string{p.Name}, p.Spellings...) {
		if k := fold(n); len(k) >= 3 && strings.Contains(r.text, k) {
			return true
		}
	}
	return false
}

// fold is a name without case, spaces or hyphens: "Khojai Alo" and
// "khojai-alo" are one name. A bar stays, so that no name is found
// across two spellings.
func fold(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '|' {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}
