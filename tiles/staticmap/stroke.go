package staticmap

import (
	"math"

	"golang.org/x/image/vector"
)

// pt is a point in pixels, y down.
type pt struct{ x, y float64 }

// x/image/vector fills paths by accumulated signed area, clamped to one:
// two overlapping shapes of the same orientation fill once, two of
// opposite orientation cancel. A stroke is built from many small shapes
// (a quadrilateral per segment, a disc per join), so every one of them is
// added with the same orientation, whatever the direction of the line.

// polygon adds one closed shape to z, reversed if needed so that its
// signed area is positive.
func polygon(z *vector.Rasterizer, ps []pt) {
	if len(ps) < 3 {
		return
	}
	area := 0.0
	for i := range ps {
		j := (i + 1) % len(ps)
		area += ps[i].x*ps[j].y - ps[j].x*ps[i].y
	}
	z.MoveTo(float32(ps[0].x), float32(ps[0].y))
	if area >= 0 {
		for _, p := range ps[1:] {
			z.LineTo(float32(p.x), float32(p.y))
		}
	} else {
		for i := len(ps) - 1; i > 0; i-- {
			z.LineTo(float32(ps[i].x), float32(ps[i].y))
		}
	}
	z.ClosePath()
}

// disc adds a circle of radius r around c as a polygon fine enough that
// its edge is within a tenth of a pixel of the circle.
func disc(z *vector.Rasterizer, c pt, r float64) {
	if r <= 0 {
		return
	}
	n := int(math.Ceil(math.Pi / math.Acos(max(1-0.1/r, -1))))
	n = min(max(n, 8), 256)
	ps := make([]pt, n)
	for i := range ps {
		a := 2 * math.Pi * float64(i) / float64(n)
		ps[i] = pt{c.x + r*math.Cos(a), c.y + r*math.Sin(a)}
	}
	polygon(z, ps)
}

// stroke adds the outline of line drawn width pixels wide with round
// joins and butt ends, dashed by dash (on, off, on, off… lengths in
// pixels) when dash is not empty.
func stroke(z *vector.Rasterizer, line []pt, width float64, dash []float64) {
	if len(line) < 2 || width <= 0 {
		return
	}
	if len(dash) == 0 {
		solid(z, line, width)
		return
	}
	for _, piece := range dashes(line, dash) {
		solid(z, piece, width)
	}
}

func solid(z *vector.Rasterizer, line []pt, width float64) {
	h := width / 2
	for i := 1; i < len(line); i++ {
		a, b := line[i-1], line[i]
		dx, dy := b.x-a.x, b.y-a.y
		l := math.Hypot(dx, dy)
		if l == 0 {
			continue
		}
		nx, ny := -dy/l*h, dx/l*h
		polygon(z, []pt{{a.x + nx, a.y + ny}, {b.x + nx, b.y + ny}, {b.x - nx, b.y - ny}, {a.x - nx, a.y - ny}})
		if i < len(line)-1 && h > 0.75 {
			// A join thinner than a pixel and a half is invisible.
			disc(z, b, h)
		}
	}
}

// dashes cuts line into its "on" pieces, the pattern running on across
// vertices as a canvas's setLineDash does.
func dashes(line []pt, dash []float64) [][]pt {
	total := 0.0
	for _, d := range dash {
		total += d
	}
	if total <= 0 {
		return [][]pt{line}
	}
	var out [][]pt
	i, left, on := 0, dash[0], true
	var cur []pt
	if on {
		cur = []pt{line[0]}
	}
	for s := 1; s < len(line); s++ {
		a, b := line[s-1], line[s]
		seg := math.Hypot(b.x-a.x, b.y-a.y)
		pos := 0.0
		for seg-pos > left {
			pos += left
			t := pos / seg
			p := pt{a.x + (b.x-a.x)*t, a.y + (b.y-a.y)*t}
			if on {
				out = append(out, append(cur, p))
				cur = nil
			} else {
				cur = []pt{p}
			}
			on = !on
			i = (i + 1) % len(dash)
			left = dash[i]
		}
		left -= seg - pos
		if on {
			cur = append(cur, b)
		}
	}
	if on && len(cur) > 1 {
		out = append(out, cur)
	}
	return out
}
