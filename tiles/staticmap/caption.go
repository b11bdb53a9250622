package staticmap

import (
	"cmp"
	"image"
	"image/color"
	"math"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"

	"github.com/frontier-map/frontier/geo"
)

// Caption band: the size of its text, its first line's height and each
// further line's, in pixels at k = 1; at most captionLines lines.
const (
	captionSize  = 14
	captionFirst = 34
	captionNext  = 18
	captionLines = 4
	captionPad   = 10
)

// legendItems are the statuses the legend can name, from the right, with
// their names when the request gives none.
var legendItems = []struct {
	st    geo.Status
	label string
}{{geo.Delimited, "delimited"}, {geo.Contested, "contested"}}

// legendWidth is the width the legend takes on the caption's first line
// when it names the statuses in drawn (all of them when drawn is nil).
func legendWidth(face font.Face, names map[geo.Status]string, drawn map[geo.Status]bool, k float64) float64 {
	w := 0.0
	for _, it := range legendItems {
		if drawn != nil && !drawn[it.st] {
			continue
		}
		w += float64(font.MeasureString(face, cmp.Or(names[it.st], it.label)).Ceil()) + (6+30+14)*k
	}
	return w
}

// wrapCaption breaks text at spaces into lines that fit: the first beside
// the legend, the others the picture's whole width. A word wider than a
// line, or text past the last line, is cut with an ellipsis, so the
// caption never runs off the picture; a date is never cut in the middle
// unless a line cannot hold it at all.
func wrapCaption(face font.Face, text string, first, rest float64) []string {
	var lines []string
	room := first
	line := ""
	for _, word := range strings.Fields(text) {
		try := word
		if line != "" {
			try = line + " " + word
		}
		if line == "" || float64(font.MeasureString(face, try).Ceil()) <= room {
			line = try
			continue
		}
		lines = append(lines, line)
		line, room = word, rest
	}
	if line != "" {
		lines = append(lines, line)
	}
	if len(lines) > captionLines {
		lines = append(lines[:captionLines-1], strings.Join(lines[captionLines-1:], " "))
	}
	for i := range lines {
		room := rest
		if i == 0 {
			room = first
		}
		lines[i] = fit(face, lines[i], room)
	}
	return lines
}

// captionBand is the height of the caption band for text on a picture w
// pixels wide, and its lines (the legend's room taken as if every status
// were drawn: the band is sized before the map is).
func captionBand(text string, names map[geo.Status]string, w, k float64) (float64, []string) {
	face, err := newFace(regular, captionSize*k)
	if err != nil {
		return math.Round(captionFirst * k), nil // the embedded font always parses
	}
	defer face.Close()
	pad := captionPad * k
	lines := wrapCaption(face, text, w-2*pad-legendWidth(face, names, nil, k), w-2*pad)
	return math.Round((captionFirst + captionNext*float64(max(len(lines)-1, 0))) * k), lines
}

// caption writes lines in a white band of height band at the foot, and a
// legend of the statuses drawn on the right of the first: a picture
// shared without the page still says what the lines mean. A status not
// drawn is not in the legend, so the picture holds no colour of a status
// it does not show.
func (c *canvas) caption(lines []string, names map[geo.Status]string, band float64, drawn map[geo.Status]bool) {
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
	size := captionSize * c.k
	face, err := newFace(regular, size)
	if err != nil {
		return // the embedded font always parses; without it, no text
	}
	defer face.Close()
	baseline := top + int(captionFirst*c.k/2+size*0.35)
	pad := captionPad * c.k

	right := float64(b.Max.X) - pad
	for _, it := range legendItems {
		if !drawn[it.st] {
			continue
		}
		label := cmp.Or(names[it.st], it.label)
		right -= float64(font.MeasureString(face, label).Ceil())
		c.text(face, label, right, baseline, ink)
		style := frontierStyles[it.st]
		right -= 6 * c.k
		y := float64(baseline) - size*0.35
		stroke(c.z, []pt{{right - 30*c.k, y}, {right, y}}, style.width*c.k, scaled(style.dash, c.k))
		c.fill(style.color)
		right -= 30*c.k + 14*c.k
	}
	for i, line := range lines {
		c.text(face, line, pad, baseline+int(math.Round(float64(i)*captionNext*c.k)), ink)
	}
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
