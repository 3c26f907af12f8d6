package core

import (
	"bytes"
	"image/png"
	"os"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
)

// TestMeasureChart draws two members' PHQ-9 series and checks the picture
// is a PNG of the documented size; GROUPWORK_CHART_OUT=file writes it out
// for a look.
func TestMeasureChart(t *testing.T) {
	def, _ := exercises.Builtin().Get("phq-9")
	in := def.Instrument
	t0 := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	mk := func(user string, totals ...int) *MeasureSeries {
		s := &MeasureSeries{ExerciseID: "phq-9", UserID: user, Instrument: in}
		for i, tot := range totals {
			p := MeasurePoint{At: t0.Add(time.Duration(i) * 14 * 24 * time.Hour), Result: exercises.InstrumentScore{Complete: true, Total: tot}}
			if i > 0 {
				p.Change = in.ChangeBetween(totals[i-1], tot)
			}
			s.Points = append(s.Points, p)
		}
		return s
	}
	series := []*MeasureSeries{mk("a", 18, 11, 10), mk("b", 8, 14)}
	b, err := MeasureChart(in, series, func(id string) string { return "member " + id }, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if r := img.Bounds(); r.Dx() != ChartWidth || r.Dy() != MeasureChartHeight(2) {
		t.Errorf("size %v", r)
	}
	if out := os.Getenv("GROUPWORK_CHART_OUT"); out != "" {
		_ = os.WriteFile(out, b, 0o600)
	}
	imgs := measureCharts(series, func(string) string { return "x" }, time.UTC, "", 2)
	if len(imgs) != 1 || imgs[0].Name != "measure-phq-9.png" || imgs[0].Alt == "" {
		t.Errorf("charts = %+v", imgs)
	}
	var _ *bot.Image = imgs[0]
}
