package core

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"time"

	"golang.org/x/image/font"

	"groupwork/bot"
)

// Charts are drawn with image/draw and the Go font (chart_font.go), large
// enough to stay readable on a phone, and pull in no chart library (go-chart and gonum
// would be heavier and gain nothing for two simple pictures). Colours are
// the Okabe–Ito palette, safe for colour-blind readers; every colour has a
// letter or a marker shape beside it so that colour is never the only cue.

// ChartWidth is the width of every chart in pixels.
const ChartWidth = 1000

// Okabe–Ito colours.
var (
	oiBlack      = color.RGBA{0, 0, 0, 255}
	oiOrange     = color.RGBA{230, 159, 0, 255}
	oiSkyBlue    = color.RGBA{86, 180, 233, 255}
	oiGreen      = color.RGBA{0, 158, 115, 255}
	oiYellow     = color.RGBA{240, 228, 66, 255}
	oiBlue       = color.RGBA{0, 114, 178, 255}
	oiVermillion = color.RGBA{213, 94, 0, 255}
	oiPurple     = color.RGBA{204, 121, 167, 255}

	chartWhite = color.RGBA{255, 255, 255, 255}
	chartGrey  = color.RGBA{200, 200, 200, 255}
	chartLight = color.RGBA{238, 238, 238, 255}
	chartText  = color.RGBA{34, 34, 34, 255}
)

// seriesColours orders the palette for lines: strongest contrast on white first.
var seriesColours = []color.RGBA{oiBlue, oiVermillion, oiGreen, oiPurple, oiOrange, oiSkyBlue, oiBlack, oiYellow}

// statusStyle is the colour and letter of a participation status.
func statusStyle(s bot.Status) (color.RGBA, string) {
	switch s {
	case bot.StatusAnswered:
		return oiGreen, "A"
	case bot.StatusPartial:
		return oiSkyBlue, "P"
	case bot.StatusLate:
		return oiOrange, "L"
	case bot.StatusExcused:
		return chartGrey, "E"
	case bot.StatusMissed:
		return oiVermillion, "M"
	case bot.StatusNotDue:
		return chartLight, "n"
	case bot.StatusNoConsent:
		return chartLight, "C" // not due either; the letter tells them apart
	case bot.StatusPending:
		return oiYellow, "?"
	}
	return chartWhite, ""
}

// statusInk is the letter colour on a status cell: white on the dark
// green and vermillion, near-black on the light colours (contrast ≥ 3:1).
func statusInk(s bot.Status) color.RGBA {
	if s == bot.StatusAnswered || s == bot.StatusMissed {
		return chartWhite
	}
	return chartText
}

const (
	lineH      = 26
	chartPad   = 20
	gridRowH   = 34
	legendRowH = 34
)

// chartPalette is every colour the charts use: drawing into a paletted
// image keeps the PNGs small and fast to encode (one byte per pixel).
var chartPalette = color.Palette{chartWhite, chartText, chartGrey, chartLight, oiBlack, oiOrange, oiSkyBlue, oiGreen, oiYellow, oiBlue, oiVermillion, oiPurple}

type canvas struct {
	*image.Paletted
	face font.Face
}

func newCanvas(w, h int) canvas {
	return canvas{image.NewPaletted(image.Rect(0, 0, w, h), chartPalette), newChartFace()} // index 0 is white
}

// rect fills r (clipped to the canvas) with col, which must be in chartPalette.
func (c canvas) rect(r image.Rectangle, col color.Color) {
	r = r.Intersect(c.Rect)
	if r.Empty() {
		return
	}
	idx := uint8(c.Palette.Index(col))
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := c.Pix[c.PixOffset(r.Min.X, y):c.PixOffset(r.Max.X, y)]
		for i := range row {
			row[i] = idx
		}
	}
}

// fold maps the few runes the chart font may lack to ASCII look-alikes
// (chart_font.go); letters it lacks are not folded but fall back by name.
var fold = func() map[rune]string {
	m := map[rune]string{'·': "-", '–': "-", '—': "-", '‘': "'", '’': "'", '“': "\"", '”': "\"", '…': "...", '→': "->", 'ß': "ss", 'æ': "ae", 'Æ': "AE", 'ø': "o", 'Ø': "O", 'œ': "oe", 'Œ': "OE"}
	for base, variants := range map[string]string{
		"a": "àáâãäåāă", "A": "ÀÁÂÃÄÅĀĂ", "c": "çćč", "C": "ÇĆČ", "e": "èéêëēėęě", "E": "ÈÉÊËĒĖĘĚ",
		"i": "ìíîïī", "I": "ÌÍÎÏĪ", "n": "ñń", "N": "ÑŃ", "o": "òóôõöō", "O": "ÒÓÔÕÖŌ", "u": "ùúûüū", "U": "ÙÚÛÜŪ",
		"y": "ýÿ", "Y": "Ý", "s": "śš", "S": "ŚŠ", "z": "źżž", "Z": "ŹŻŽ", "l": "ł", "L": "Ł", "g": "ğ", "G": "Ğ",
	} {
		for _, r := range variants {
			m[r] = base
		}
	}
	return m
}()

// line draws a 3-pixel-wide line (Bresenham with a square brush).
func (c canvas) line(x0, y0, x1, y1 int, col color.Color) {
	dx, dy := abs(x1-x0), -abs(y1-y0)
	sx, sy := 1, 1
	if x0 > x1 {
		sx = -1
	}
	if y0 > y1 {
		sy = -1
	}
	e := dx + dy
	for {
		c.rect(image.Rect(x0-1, y0-1, x0+2, y0+2), col)
		if x0 == x1 && y0 == y1 {
			return
		}
		if e2 := 2 * e; e2 >= dy {
			e += dy
			x0 += sx
		} else {
			e += dx
			y0 += sy
		}
	}
}

// marker draws one of four shapes centred on (x, y).
func (c canvas) marker(x, y, shape int, col color.Color) {
	const r = 5
	switch shape % 4 {
	case 0: // square
		c.rect(image.Rect(x-r, y-r, x+r+1, y+r+1), col)
	case 1: // diamond
		for i := -r - 1; i <= r+1; i++ {
			w := r + 1 - abs(i)
			c.rect(image.Rect(x-w, y+i, x+w+1, y+i+1), col)
		}
	case 2: // triangle
		for i := 0; i <= 2*r; i++ {
			w := i / 2
			c.rect(image.Rect(x-w, y-r+i, x+w+1, y-r+i+1), col)
		}
	default: // cross
		c.line(x-r, y-r, x+r, y+r, col)
		c.line(x-r, y+r, x+r, y-r, col)
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func encodePNG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encode chart: %w", err)
	}
	return buf.Bytes(), nil
}

// GridKeyMax is the most runs a participation grid numbers one by one,
// with a key naming each column's exercise and date; with more, the
// columns are marked by month.
const GridKeyMax = 30

const (
	gridHeadH = 22 // the row of column numbers above the grid
	keyRowH   = 24 // one line of the column key
	keyCols   = 3
)

// GridHeight is the height of a participation grid with members rows and
// runs columns.
func GridHeight(members, runs int) int {
	h := chartPad + lineH + 14 + gridHeadH + members*gridRowH + 8
	if runs <= GridKeyMax {
		h += ((max(runs, 1) + keyCols - 1) / keyCols) * keyRowH
	} else {
		h += lineH
	}
	return h + 14 + 2*legendRowH + chartPad
}

// ParticipationGrid draws members × runs coloured by status, ChartWidth
// wide and GridHeight(len(rv.Members), len(rv.Runs)) high. Runs are
// columns in time order; with many runs a column is a few pixels wide, and
// letters are drawn in cells wide enough to hold them. Up to GridKeyMax
// columns are numbered and a key below names each one's exercise and
// date; beyond that, the first column of each month is marked.
func ParticipationGrid(rv *GroupReview) ([]byte, error) {
	n := len(rv.Members)
	c := newCanvas(ChartWidth, GridHeight(n, len(rv.Runs)))
	loc := rv.Group.Location()
	title := fmt.Sprintf("Participation · %s · %d %s", rv.Group.Name, len(rv.Runs), pluralWord(len(rv.Runs), "run", "runs"))
	c.text(chartPad, chartPad, c.fitWidth(title, ChartWidth-2*chartPad), chartText)
	labelW := 150
	left := chartPad + labelW + 10
	plotW := ChartWidth - left - chartPad
	cols := max(len(rv.Runs), 1)
	cellW := float64(plotW) / float64(cols)
	colX := func(j int) (int, int) { return left + int(float64(j)*cellW), left + int(float64(j+1)*cellW) }
	head := chartPad + lineH + 14
	top := head + gridHeadH
	if len(rv.Runs) <= GridKeyMax {
		for j := range rv.Runs {
			x0, x1 := colX(j)
			num := itoa(j + 1)
			if w := c.textWidth(num); w <= x1-x0 {
				c.text(x0+(x1-x0-w)/2, head-4, num, chartText)
			}
		}
	}
	letterW := c.textWidth("M")
	for i, m := range rv.Members {
		y := top + i*gridRowH
		c.text(chartPad, y+(gridRowH-lineH)/2, c.fitWidth(chartName(m.Name, i+1), labelW), chartText)
		for j := range rv.Runs {
			x0, x1 := colX(j)
			col, letter := statusStyle(m.Cells[j])
			r := image.Rect(x0, y+2, x1, y+gridRowH-2)
			if x1-x0 >= 4 {
				r.Max.X-- // a white gap between columns when they are wide enough
			}
			c.rect(r, col)
			if x1-x0 >= letterW+4 {
				c.text(x0+(x1-x0-c.textWidth(letter))/2, y+(gridRowH-lineH)/2, letter, statusInk(m.Cells[j]))
			}
		}
	}
	y := top + n*gridRowH + 8
	if len(rv.Runs) <= GridKeyMax {
		// The key: "3 · mood-checkin · 4 Mar 2026", in columns.
		colW := (ChartWidth - 2*chartPad) / keyCols
		rows := (len(rv.Runs) + keyCols - 1) / keyCols
		for j, r := range rv.Runs {
			x := chartPad + (j/max(rows, 1))*colW
			yy := y + (j%max(rows, 1))*keyRowH
			label := fmt.Sprintf("%d · %s · %s", j+1, r.ExerciseID, r.OpenedAt.In(loc).Format("2 Jan 2006"))
			c.text(x, yy-1, c.fitWidth(label, colW-12), chartText)
		}
		y += max(rows, 1) * keyRowH
	} else {
		// Mark the first column of each month, where a label fits.
		end := 0
		for j, r := range rv.Runs {
			at := r.OpenedAt.In(loc)
			if j > 0 && at.Month() == rv.Runs[j-1].OpenedAt.In(loc).Month() {
				continue
			}
			x0, _ := colX(j)
			c.rect(image.Rect(x0, y-6, x0+2, y+2), chartText)
			label := at.Format("Jan 2006")
			if x0 >= end && x0+c.textWidth(label) <= ChartWidth-chartPad {
				c.text(x0+4, y, label, chartText)
				end = x0 + c.textWidth(label) + 12
			}
		}
		y += lineH
	}
	// Legend: colour, letter and word for each status.
	y += 14
	x := chartPad
	for i, st := range []bot.Status{bot.StatusAnswered, bot.StatusPartial, bot.StatusLate, bot.StatusExcused, bot.StatusMissed, bot.StatusNotDue, bot.StatusNoConsent, bot.StatusPending} {
		if i == 4 {
			x, y = chartPad, y+legendRowH
		}
		col, letter := statusStyle(st)
		c.rect(image.Rect(x, y, x+lineH+6, y+lineH+4), col)
		c.text(x+3+(lineH-c.textWidth(letter))/2, y+2, letter, statusInk(st))
		word := string(st)
		if st == bot.StatusPending {
			word = "open"
		}
		c.text(x+lineH+14, y+2, word, chartText)
		x += lineH + 14 + c.textWidth(word) + 40
	}
	return encodePNG(c.Paletted)
}

// ScaleChartHeight is the height of a scale chart with n series.
func ScaleChartHeight(n int) int {
	legendRows := (n + 2) / 3
	return chartPad + lineH + 14 + 420 + 10 + lineH + 14 + legendRows*legendRowH + chartPad
}

// markerGap is how far apart markers that would fall on one spot are
// drawn, side by side, so that no member's marker hides another's.
const markerGap = 12

// dodge returns, for each series and point, a horizontal offset that
// spreads markers sharing a position (same run, same value) side by side,
// in series order, centred on the true position.
func dodge(series []*ScaleSeries, at func(p ScalePoint) image.Point) [][]int {
	type spot struct{ x, y int }
	groups := map[spot][][2]int{} // spot → (series, point) in series order
	var order []spot
	out := make([][]int, len(series))
	for i, s := range series {
		out[i] = make([]int, len(s.Points))
		for j, p := range s.Points {
			pt := at(p)
			k := spot{pt.X / markerGap, pt.Y} // markers closer than a gap collide too
			if groups[k] == nil {
				order = append(order, k)
			}
			groups[k] = append(groups[k], [2]int{i, j})
		}
	}
	for _, k := range order {
		g := groups[k]
		for n, ij := range g {
			out[ij[0]][ij[1]] = (2*n - (len(g) - 1)) * markerGap / 2
		}
	}
	return out
}

// ScaleChart draws one scale question's answers over time, one line and
// marker shape per series, ChartWidth wide and ScaleChartHeight(len(series))
// high. names labels each series by its UserID. Markers that would cover
// each other (members who gave the same value in the same run) are drawn
// side by side.
func ScaleChart(title string, series []*ScaleSeries, names func(userID string) string, loc *time.Location) ([]byte, error) {
	c := newCanvas(ChartWidth, ScaleChartHeight(len(series)))
	c.text(chartPad, chartPad, c.fitWidth(title, ChartWidth-2*chartPad), chartText)
	if len(series) == 0 {
		return encodePNG(c.Paletted)
	}
	lo, hi := series[0].Min, series[0].Max
	var t0, t1 time.Time
	for _, s := range series {
		for _, p := range s.Points {
			if t0.IsZero() || p.At.Before(t0) {
				t0 = p.At
			}
			if p.At.After(t1) {
				t1 = p.At
			}
		}
	}
	if !t1.After(t0) {
		t1 = t0.Add(24 * time.Hour)
	}
	top := chartPad + lineH + 14
	left := chartPad + c.textWidth(fmt.Sprint(hi)) + 14
	right := ChartWidth - chartPad - 10 - markerGap*4 // room for markers spread at the last run
	plotH := 420
	bottom := top + plotH
	span := max(hi-lo, 1)
	yOf := func(v int) int { return bottom - (v-lo)*plotH/span }
	xOf := func(t time.Time) int {
		return left + markerGap*4 + int(float64(right-left-markerGap*4)*float64(t.Sub(t0))/float64(t1.Sub(t0)))
	}
	step := 1
	if span > 10 {
		step = (span + 9) / 10
	}
	for v := lo; v <= hi; v += step {
		y := yOf(v)
		c.rect(image.Rect(left, y, right+markerGap*4+1, y+1), chartLight)
		label := fmt.Sprint(v)
		c.text(left-8-c.textWidth(label), y-lineH/2, label, chartText)
	}
	c.rect(image.Rect(left, top, left+1, bottom+1), chartGrey)
	c.rect(image.Rect(left, bottom, right+markerGap*4+1, bottom+1), chartGrey)
	for i, s := range series {
		col := seriesColours[i%len(seriesColours)]
		for j, p := range s.Points {
			if j > 0 {
				q := s.Points[j-1]
				c.line(xOf(q.At), yOf(q.Value), xOf(p.At), yOf(p.Value), col)
			}
		}
	}
	if total := countPoints(series); total <= 60*len(series) && total > 0 {
		off := dodge(series, func(p ScalePoint) image.Point { return image.Point{xOf(p.At), yOf(p.Value)} })
		for i, s := range series {
			col := seriesColours[i%len(seriesColours)]
			if len(s.Points) > 60 {
				continue
			}
			for j, p := range s.Points {
				c.marker(xOf(p.At)+off[i][j], yOf(p.Value), i, col)
			}
		}
	}
	y := bottom + 10
	first, last := bot.FirstDay(t0, t1, loc), t1.In(loc).Format("2 Jan 2006")
	c.text(xOf(t0), y, first, chartText)
	c.text(right+markerGap*4-c.textWidth(last), y, last, chartText)
	y += lineH + 14
	colW := (ChartWidth - 2*chartPad) / 3
	for i, s := range series {
		x := chartPad + (i%3)*colW
		yy := y + (i/3)*legendRowH
		col := seriesColours[i%len(seriesColours)]
		c.line(x, yy+lineH/2, x+30, yy+lineH/2, col)
		c.marker(x+15, yy+lineH/2, i, col)
		c.text(x+40, yy, c.fitWidth(chartName(names(s.UserID), i+1), colW-50), chartText)
	}
	return encodePNG(c.Paletted)
}

func countPoints(series []*ScaleSeries) int {
	n := 0
	for _, s := range series {
		n += len(s.Points)
	}
	return n
}

// Charts returns the therapist's charts for the report: the participation
// grid and a trend chart for each of the first two scale questions. A chart
// that fails to render is left out (the text says everything too).
func (rp *Report) Charts() []*bot.Image {
	var out []*bot.Image
	if len(rp.Members) == 0 || len(rp.Runs) == 0 {
		return nil
	}
	if png, err := ParticipationGrid(rp.GroupReview); err == nil {
		out = append(out, &bot.Image{Name: "participation.png", PNG: png,
			Alt: fmt.Sprintf("Participation grid: %d %s by %d %s, coloured by status", len(rp.Members), pluralWord(len(rp.Members), "member", "members"), len(rp.Runs), pluralWord(len(rp.Runs), "run", "runs"))})
	}
	out = append(out, rp.measureChartsAll()...) // questionnaires (measures_chart.go)
	for i, q := range rp.scaleQuestions() {
		if i == 2 {
			break
		}
		png, err := ScaleChart(q[0].Question, q, rp.Name, rp.Group.Location())
		if err == nil {
			out = append(out, &bot.Image{Name: fmt.Sprintf("scale-%s-%s.png", q[0].ExerciseID, q[0].StepID), PNG: png,
				Alt: fmt.Sprintf("%s, per member over time", q[0].Question)})
		}
	}
	return append(out, rp.levelCharts()...) // review_levels.go
}

// scaleQuestions groups the report's scale series by question, in order.
func (rp *Report) scaleQuestions() [][]*ScaleSeries {
	var out [][]*ScaleSeries
	last := ""
	for _, s := range rp.Scales {
		if k := s.ExerciseID + "/" + s.StepID; k != last {
			out = append(out, nil)
			last = k
		}
		out[len(out)-1] = append(out[len(out)-1], s)
	}
	return out
}

// Chart returns the member's first scale question as a chart, or nil.
func (n *MemberNote) Chart() *bot.Image {
	if len(n.Scales) == 0 {
		return nil
	}
	s := n.Scales[0]
	png, err := ScaleChart(s.Question+" — "+n.Row.Name, []*ScaleSeries{s}, n.Report.Name, n.Report.Group.Location())
	if err != nil {
		return nil
	}
	return &bot.Image{Name: "scale.png", PNG: png, Alt: fmt.Sprintf("%s over time for %s", s.Question, n.Row.Name)}
}
