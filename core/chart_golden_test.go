package core_test

import (
	"bytes"
	"flag"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/core"
)

var updateCharts = flag.Bool("update-charts", false, "rewrite the chart goldens in testdata/charts")

// chartMembers are names in Latin with diacritics, Polish, Greek and
// Cyrillic, one outside the font (李), and two people with one name.
var chartMembers = []struct{ id, name string }{
	{"zoe", "Zoë"}, {"lukasz", "Łukasz"}, {"sofia", "Σοφία"}, {"dmitry", "Дмитрий"}, {"li", "李"}, {"ana1", "Ana"},
}

func chartFixture() (*core.GroupReview, []*core.ScaleSeries) {
	g := &bot.Group{Name: "Zoë's Tuesday circle", TimeZone: "Europe/Berlin"}
	start := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)
	exercises := []string{"mood-checkin", "word-recall", "vignette-feelings", "mood-checkin", "strategy-share", "mood-checkin"}
	var runs []*bot.Run
	for i, ex := range exercises {
		runs = append(runs, &bot.Run{ID: int64(i + 1), ExerciseID: ex, OpenedAt: start.AddDate(0, 0, 7*i)})
	}
	statuses := []bot.Status{bot.StatusAnswered, bot.StatusLate, bot.StatusMissed, bot.StatusExcused, bot.StatusPartial, bot.StatusNotDue, bot.StatusNoConsent, bot.StatusPending}
	var members []*core.MemberReview
	var series []*core.ScaleSeries
	for m, who := range chartMembers {
		row := &core.MemberReview{UserID: who.id, Name: who.name}
		s := &core.ScaleSeries{UserID: who.id, Min: 1, Max: 10, Question: "How has your mood been?"}
		for i, r := range runs {
			row.Cells = append(row.Cells, statuses[(i+m)%len(statuses)])
			if r.ExerciseID == "mood-checkin" {
				// Everyone but Дмитрий says 6 in the first check-in: six markers on one spot.
				v := 6
				if i > 0 || who.id == "dmitry" {
					v = 3 + (i+m)%6
				}
				s.Points = append(s.Points, core.ScalePoint{RunID: r.ID, At: r.OpenedAt, Value: v})
			}
		}
		members = append(members, row)
		series = append(series, s)
	}
	return &core.GroupReview{Group: g, Runs: runs, Members: members}, series
}

// TestChartGolden renders the participation grid and a scale chart for
// members named Zoë, Łukasz, Σοφία and Дмитрий (and 李, whom the font
// cannot write) and compares them with the PNGs in testdata/charts
// (go test ./core -run TestChartGolden -update-charts rewrites them; look
// at them before committing).
func TestChartGolden(t *testing.T) {
	rv, series := chartFixture()
	names := map[string]string{}
	for _, m := range chartMembers {
		names[m.id] = m.name
	}
	grid, err := core.ParticipationGrid(rv)
	if err != nil {
		t.Fatal(err)
	}
	scale, err := core.ScaleChart("How has your mood been? — Zoë's Tuesday circle", series, func(id string) string { return names[id] }, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string][]byte{"grid-names.png": grid, "scale-names.png": scale} {
		path := filepath.Join("testdata", "charts", name)
		if *updateCharts {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update-charts)", err)
		}
		if !samePixels(t, want, got) {
			t.Errorf("%s differs from its golden: run with -update-charts and look at the new picture", name)
		}
	}
}

func samePixels(t *testing.T, a, b []byte) bool {
	t.Helper()
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if ia.Bounds() != ib.Bounds() {
		return false
	}
	for y := ia.Bounds().Min.Y; y < ia.Bounds().Max.Y; y++ {
		for x := ia.Bounds().Min.X; x < ia.Bounds().Max.X; x++ {
			if color.RGBAModel.Convert(ia.At(x, y)) != color.RGBAModel.Convert(ib.At(x, y)) {
				return false
			}
		}
	}
	return true
}

// TestNoMarkerHidesAMember: five members who answered the same values on
// the same days would draw one marker over another (the first and the
// fifth share the square); each colour must still show in the plot (above
// the legend).
func TestNoMarkerHidesAMember(t *testing.T) {
	at := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)
	var series []*core.ScaleSeries
	for _, id := range []string{"a", "b", "c", "d", "e"} {
		series = append(series, &core.ScaleSeries{UserID: id, Min: 1, Max: 10, Points: []core.ScalePoint{
			{RunID: 1, At: at, Value: 5}, {RunID: 2, At: at.AddDate(0, 0, 7), Value: 5}}})
	}
	data, err := core.ScaleChart("Mood", series, func(id string) string { return id }, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	plotBottom := 20 + 26 + 14 + 420 + 8 // chartPad + lineH + 14 + the plot, and a marker's half
	seen := map[color.RGBA]bool{}
	for y := 0; y < plotBottom; y++ {
		for x := 0; x < img.Bounds().Dx(); x++ {
			seen[color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)] = true
		}
	}
	// Okabe–Ito blue, vermillion, green, purple, orange: the series colours in order.
	for i, want := range []color.RGBA{{0, 114, 178, 255}, {213, 94, 0, 255}, {0, 158, 115, 255}, {204, 121, 167, 255}, {230, 159, 0, 255}} {
		if !seen[want] {
			t.Errorf("series %d (%v) is hidden in the plot", i, want)
		}
	}
}
