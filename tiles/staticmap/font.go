package staticmap

import (
	"embed"
	"fmt"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
)

// The faces a picture writes with: DejaVu Sans, whose Cyrillic has the
// Kyrgyz and Tajik letters (ң ө ү, ғ қ ҳ ҷ ӣ ӯ) that the Go font lacks,
// embedded so that a picture renders the same on every machine, with no
// system font to find. fonts/LICENSE says where they come from; make
// fonts cuts them to the characters a picture needs.
//
//go:embed fonts/*.ttf
var fontFiles embed.FS

// fontStyle is one of the faces: the caption and the country names are
// Regular, the places' names Bold (the page's weight 600), the enclave's
// BoldOblique (the page's italic).
type fontStyle string

const (
	regular     fontStyle = "DejaVuSans"
	bold        fontStyle = "DejaVuSans-Bold"
	boldOblique fontStyle = "DejaVuSans-BoldOblique"
)

var fonts = map[fontStyle]func() (*opentype.Font, error){}

func init() {
	for _, s := range []fontStyle{regular, bold, boldOblique} {
		fonts[s] = sync.OnceValues(func() (*opentype.Font, error) {
			b, err := fontFiles.ReadFile("fonts/" + string(s) + ".ttf")
			if err != nil {
				return nil, err
			}
			return opentype.Parse(b)
		})
	}
}

// loadFont returns the parsed font of style s.
func loadFont(s fontStyle) (*opentype.Font, error) {
	load, ok := fonts[s]
	if !ok {
		return nil, fmt.Errorf("staticmap: no font %q", s)
	}
	f, err := load()
	if err != nil {
		return nil, fmt.Errorf("staticmap: font %s: %w", s, err)
	}
	return f, nil
}

// newFace is style s at size pixels.
func newFace(s fontStyle, size float64) (font.Face, error) {
	f, err := loadFont(s)
	if err != nil {
		return nil, err
	}
	return opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
}

// missing returns the runes of text that style s has no glyph for (that
// it would draw as its empty box, "tofu"); spaces and controls aside.
func missing(s fontStyle, text string) ([]rune, error) {
	f, err := loadFont(s)
	if err != nil {
		return nil, err
	}
	var buf sfnt.Buffer
	var out []rune
	for _, r := range text {
		if r <= ' ' {
			continue
		}
		i, err := f.GlyphIndex(&buf, r)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			out = append(out, r)
		}
	}
	return out, nil
}
