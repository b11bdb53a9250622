package staticmap

import (
	"image"
	"image/color"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"

	"github.com/frontier-map/frontier/geo"
)

// caption writes text in a white band of height band at the foot, and a
// legend of the statuses drawn on its right: a picture shared without the
// page still says what the lines mean. A status not drawn is not in the
// legend, so the picture holds no colour of a status it does not show.
func (c *canvas) caption(text string, names map[geo.Status]string, band float64, drawn map[geo.Status]bool) {
	b := c.img.Bounds()
	top := b.Max.Y - int(band)
	for y := top; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c.img.SetRGBA(x, y, paper)
		}
	}
	for x := b.Min.X; x < b.Max.X; x++ {
		c.img.SetRGBA(x, top, border)
	}
	size := 14 * c.k
	face, err := newFace(regular, size)
	if err != nil {
		return // the embedded font always parses; without it, no text
	}
	defer face.Close()
	baseline := top + int(band/2+size*0.35)
	pad := 10 * c.k

	// The legend first, from the right, so that the caption is cut (with
	// an ellipsis) rather than the legend.
	right := float64(b.Max.X) - pad
	items := []struct {
		st    geo.Status
		label string
	}{{geo.Delimited, "delimited"}, {geo.Contested, "contested"}}
	for _, it := range items {
		if !drawn[it.st] {
			continue
		}
		if n := names[it.st]; n != "" {
			it.label = n
		}
		w := float64(font.MeasureString(face, it.label).Ceil())
		right -= w
		c.text(face, it.label, right, baseline, ink)
		style := frontierStyles[it.st]
		right -= 6 * c.k
		y := float64(baseline) - size*0.35
		stroke(c.z, []pt{{right - 30*c.k, y}, {right, y}}, style.width*c.k, scaled(style.dash, c.k))
		c.fill(style.color)
		right -= 30*c.k + 14*c.k
	}
	room := right - pad
	if room < size {
		return
	}
	c.text(face, fit(face, text, room), pad, baseline, ink)
}

func (c *canvas) text(face font.Face, s string, x float64, baseline int, col color.RGBA) {
	d := font.Drawer{Dst: c.img, Src: image.NewUniform(col), Face: face,
		Dot: fixed.Point26_6{X: fixed.Int26_6(math.Round(x * 64)), Y: fixed.I(baseline)}}
	d.DrawString(s)
}

// fit cuts s at a rune with an ellipsis so that it is at most room pixels
// wide.
func fit(face font.Face, s string, room float64) string {
	if float64(font.MeasureString(face, s).Ceil()) <= room {
		return s
	}
	r := []rune(s)
	for len(r) > 0 {
		r = r[:len(r)-1]
		t := string(r) + "…"
		if float64(font.MeasureString(face, t).Ceil()) <= room {
			return t
		}
	}
	return ""
}
