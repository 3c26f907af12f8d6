package core

import (
	"fmt"
	"image"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
)

// MeasureChartHeight is the height of a questionnaire chart with n series.
func MeasureChartHeight(n int) int {
	legendRows := (n + 2) / 3
	return chartPad + lineH + 14 + 420 + 10 + lineH + 14 + (legendRows+1)*legendRowH + chartPad
}

// MeasureChart draws the results of one instrument over time, one line and
// marker shape per series, over the instrument's published bands: bands
// alternate light grey and white and are named at the right, so that the
// band never depends on colour. A point that is a reliable change from the
// one before carries a letter: I (improvement) or D (deterioration).
// Incomplete questionnaires have no total and are not drawn.
func MeasureChart(in *exercises.Instrument, series []*MeasureSeries, names func(userID string) string, loc *time.Location) ([]byte, error) {
	c := newCanvas(ChartWidth, MeasureChartHeight(len(series)))
	c.text(chartPad, chartPad, c.fitWidth(in.Name+" over time", ChartWidth-2*chartPad), chartText)
	lo, hi := in.Range()
	var t0, t1 time.Time
	for _, s := range series {
		for _, p := range s.Points {
			if !p.Result.Complete {
				continue
			}
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
	left := chartPad + 3*charW + 10
	labelW := 26 * charW // room for band names at the right
	right := ChartWidth - chartPad - labelW
	plotH := 420
	bottom := top + plotH
	span := max(hi-lo, 1)
	yOf := func(v int) int { return bottom - (v-lo)*plotH/span }
	xOf := func(t time.Time) int {
		return left + int(float64(right-left)*float64(t.Sub(t0))/float64(t1.Sub(t0)))
	}
	for i, b := range in.Bands {
		yTop, yBot := yOf(min(b.Max+1, hi)), yOf(b.Min) // a band runs up to where the next one starts
		if i%2 == 0 {
			c.rect(image.Rect(left, yTop, right+1, yBot+1), chartLight)
		}
		c.text(right+8, (yTop+yBot)/2-lineH/2, c.fitWidth(b.Label, labelW-charW), chartText)
		label := fmt.Sprint(b.Min)
		c.text(left-10-c.textWidth(label), yBot-lineH/2, label, chartText)
	}
	label := fmt.Sprint(hi)
	c.text(left-10-c.textWidth(label), yOf(hi)-lineH/2, label, chartText)
	c.rect(image.Rect(left, top, left+1, bottom+1), chartGrey)
	c.rect(image.Rect(left, bottom, right+1, bottom+1), chartGrey)
	for i, s := range series {
		col := seriesColours[i%len(seriesColours)]
		var prev *MeasurePoint
		for j := range s.Points {
			p := &s.Points[j]
			if !p.Result.Complete {
				continue
			}
			x, y := xOf(p.At), yOf(p.Result.Total)
			if prev != nil {
				c.line(xOf(prev.At), yOf(prev.Result.Total), x, y, col)
			}
			c.marker(x, y, i, col)
			switch p.Change {
			case exercises.Improved:
				c.text(x+8, y-lineH, "I", chartText)
			case exercises.Deteriorated:
				c.text(x+8, y-lineH, "D", chartText)
			}
			prev = p
		}
	}
	y := bottom + 10
	first, last := bot.FirstDay(t0, t1, loc), t1.In(loc).Format("2 Jan 2006")
	c.text(left, y, first, chartText)
	c.text(right-c.textWidth(last), y, last, chartText)
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
	y += ((len(series) + 2) / 3) * legendRowH
	c.text(chartPad, y, c.fitWidth(fmt.Sprintf("I / D: reliable improvement / deterioration (change of %d or more)", in.ReliableChange), ChartWidth-2*chartPad), chartText)
	return encodePNG(c.Paletted)
}

// measureCharts returns one chart per instrument for the given members'
// series (at most max charts). A chart that fails to render is left out:
// the text says everything too.
func measureCharts(series []*MeasureSeries, names func(string) string, loc *time.Location, who string, limit int) []*bot.Image {
	var out []*bot.Image
	var order []string
	byKey := map[string][]*MeasureSeries{}
	for _, s := range series {
		if s.Latest() == nil {
			continue
		}
		key := s.ExerciseID + "@" + s.Instrument.Fingerprint()
		if _, ok := byKey[key]; !ok {
			order = append(order, key)
		}
		byKey[key] = append(byKey[key], s)
	}
	for _, key := range order {
		if len(out) == limit {
			break
		}
		ss := byKey[key]
		png, err := MeasureChart(ss[0].Instrument, ss, names, loc)
		if err != nil {
			continue
		}
		out = append(out, &bot.Image{Name: fmt.Sprintf("measure-%s%s.png", ss[0].ExerciseID, who), PNG: png,
			Alt: fmt.Sprintf("%s totals over time with the published bands, %d %s", ss[0].Instrument.Name, len(ss), pluralWord(len(ss), "member", "members"))})
	}
	return out
}

// measureChartsAll is the report's questionnaire charts: every member's
// series, one chart per instrument (the first two).
func (rp *Report) measureChartsAll() []*bot.Image {
	var all []*MeasureSeries
	for _, m := range rp.Members {
		all = append(all, rp.measuresOf(m.UserID)...)
	}
	return measureCharts(all, rp.Name, rp.Group.Location(), "", 2)
}

// MeasureCharts is the member's questionnaire charts, one per instrument.
func (n *MemberNote) MeasureCharts() []*bot.Image {
	return measureCharts(n.Measures, n.Report.Name, n.Report.Group.Location(), "-"+fileSafe(n.Row.Name), 3)
}

// charW is about one character of the chart font (chart_font.go), for
// room kept beside the plot; text itself is measured with textWidth.
const charW = chartFontSize / 2
