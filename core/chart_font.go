package core

import (
	"image"
	"image/color"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Chart text is drawn with Go Regular (golang.org/x/image/font/gofont, the
// Bigelow & Holmes Go fonts, BSD licence), which covers the WGL4 set:
// Latin with its accents, Greek and Cyrillic. So Zoë, Łukasz, Σοφία and
// Дмитрий are written as they are. A name in a script it lacks (李) is
// shown by its initials where those are covered, else as "member N": never
// as "?", which would hide who a row is.

// chartFontSize is the text size in pixels: 17 px Go Regular is about as
// tall as the earlier 7×13 bitmap font scaled 2×, and as readable on a phone.
const chartFontSize = 17

var chartFont = sync.OnceValue(func() *sfnt.Font {
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		panic("core: the embedded Go font does not parse: " + err.Error()) // a broken dependency, caught by every chart test
	}
	return f
})

// newChartFace returns a face for one canvas: faces keep buffers and are
// not safe for concurrent use, while the parsed font is.
func newChartFace() font.Face {
	face, err := opentype.NewFace(chartFont(), &opentype.FaceOptions{Size: chartFontSize, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		panic("core: chart font face: " + err.Error())
	}
	return face
}

// covered reports whether the chart font has a glyph for r.
func covered(r rune) bool {
	if r == ' ' {
		return true
	}
	i, err := chartFont().GlyphIndex(nil, r)
	return err == nil && i != 0
}

// fontText keeps the runes the font covers, folding the few it lacks to
// their ASCII look-alikes, and drops the rest (an emoji in a title).
func fontText(s string) string {
	var sb strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r):
		case covered(r):
			sb.WriteRune(r)
		case fold[r] != "":
			sb.WriteString(fold[r])
		}
	}
	return sb.String()
}

// chartName is how a person is labelled in a chart: their name when the
// font covers it; else the initials it covers ("A." for "李 Anna"); else
// "member n", n being their row or series number. Never "?".
func chartName(name string, n int) string {
	if strings.TrimSpace(name) != "" && strings.IndexFunc(name, func(r rune) bool { return !covered(r) && !unicode.IsSpace(r) }) < 0 {
		return name
	}
	var initials []string
	for _, w := range strings.Fields(name) {
		r := []rune(w)[0]
		if covered(r) && unicode.IsLetter(r) {
			initials = append(initials, string(r)+".")
		}
	}
	if len(initials) > 0 {
		return strings.Join(initials, " ")
	}
	return "member " + itoa(n)
}

func itoa(n int) string {
	if n < 0 {
		return "-" + itoa(-n)
	}
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// textWidth is the width of s in pixels.
func (c canvas) textWidth(s string) int {
	return font.MeasureString(c.face, fontText(s)).Ceil()
}

// fitWidth cuts s with "…" to at most px pixels wide.
func (c canvas) fitWidth(s string, px int) string {
	s = fontText(s)
	if c.textWidth(s) <= px {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && c.textWidth(string(r)+"…") > px {
		r = r[:len(r)-1]
	}
	if len(r) == 0 {
		return ""
	}
	return strings.TrimSpace(string(r)) + "…"
}

// text draws s with its top-left corner at (x, y). The glyphs are
// thresholded onto the palette (no anti-aliasing): crisp at this size, and
// the PNGs stay paletted and small.
func (c canvas) text(x, y int, s string, col color.Color) {
	s = fontText(s)
	if s == "" {
		return
	}
	w := c.textWidth(s) + 2
	m := c.face.Metrics()
	h := (m.Ascent + m.Descent).Ceil() + 1
	mask := image.NewAlpha(image.Rect(0, 0, w, h))
	d := font.Drawer{Dst: mask, Src: image.Opaque, Face: c.face, Dot: fixed.Point26_6{X: 0, Y: m.Ascent}}
	d.DrawString(s)
	top := y + (lineH-h)/2 // centred in the line the layout reserves
	idx := uint8(c.Palette.Index(col))
	for my := 0; my < h; my++ {
		for mx := 0; mx < w; mx++ {
			if mask.AlphaAt(mx, my).A > 110 {
				px, py := x+mx, top+my
				if (image.Point{px, py}).In(c.Rect) {
					c.Pix[c.PixOffset(px, py)] = idx
				}
			}
		}
	}
}
