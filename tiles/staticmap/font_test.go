package staticmap

import (
	"testing"

	"github.com/frontier-map/frontier/i18n"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
)

// TestKyrgyzAndTajikLetters: every face has a glyph (not its empty box)
// for each Kyrgyz and Tajik letter, which the Go font the pictures used
// to be written in has not; and the letters are drawn as wide as they
// are, not as a row of identical boxes.
func TestKyrgyzAndTajikLetters(t *testing.T) {
	const letters = "ҢңӨөҮүҚқҶҷҒғӢӣӮӯҲҳ"
	for _, s := range []fontStyle{regular, bold, boldOblique} {
		got, err := missing(s, letters+"Кыргызстан Тоҷикистон – · …")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) > 0 {
			t.Errorf("%s has no glyph for %q", s, string(got))
		}
	}
	// The check can fail: the Go font has none of them.
	gf, err := opentype.Parse(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	if i, _ := gf.GlyphIndex(&buf, 'ң'); i != 0 {
		t.Fatal("the Go font has ң: this test no longer shows the need for another font")
	}

	// Drawn: the letters' advances are their own, not the empty box's.
	face, err := newFace(bold, 24)
	if err != nil {
		t.Fatal(err)
	}
	defer face.Close()
	tofu, _ := face.GlyphAdvance('\uE000') // private use: not in the font
	widths := map[int]bool{}
	for _, r := range letters {
		a, ok := face.GlyphAdvance(r)
		if !ok {
			t.Errorf("no advance for %q", r)
		}
		widths[int(a)] = true
	}
	if len(widths) < 4 || widths[int(tofu)] && len(widths) == 1 {
		t.Errorf("the letters are drawn at %d widths: as the empty box", len(widths))
	}
}

// TestCatalogsHaveGlyphs: every letter of every message in the four
// catalogs (the caption, the legend, the names, the scale) is in the
// caption's face, so that no picture in any language shows an empty box.
func TestCatalogsHaveGlyphs(t *testing.T) {
	words := i18n.MustLoad()
	for _, code := range i18n.Codes {
		l, _ := words.Locale(code)
		for key, m := range l.Messages() {
			texts := []string{m.Text}
			for _, f := range m.Forms {
				texts = append(texts, f)
			}
			for _, s := range texts {
				if got, err := missing(regular, s); err != nil || len(got) > 0 {
					t.Errorf("%s %s: no glyph for %q (%v)", code, key, string(got), err)
				}
			}
		}
	}
}
