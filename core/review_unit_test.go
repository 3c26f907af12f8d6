package core_test

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/core"
)

func TestParsePeriod(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	now := time.Date(2026, 11, 25, 19, 0, 0, 0, time.UTC) // Wed 25 Nov, 20:00 in Berlin
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, berlin) }
	end := now.Add(time.Nanosecond)
	for _, tc := range []struct {
		in       string
		from, to time.Time
		words    string
	}{
		{"", time.Time{}, end, "all time"},
		{"all", time.Time{}, end, "all time"},
		{"since 2026-11-01", day(2026, 11, 1), end, "since 1 Nov 2026"},
		{"Since 1 Nov", day(2026, 11, 1), end, "since 1 Nov 2026"},
		{"since 30 Dec", day(2025, 12, 30), end, "since 30 Dec 2025"}, // no year: the most recent one
		{"2026-11-01..2026-11-30", day(2026, 11, 1), day(2026, 12, 1), "1 Nov 2026 – 30 Nov 2026"},
		{"1 Nov 2026 to 7 Nov 2026", day(2026, 11, 1), day(2026, 11, 8), "1 Nov 2026 – 7 Nov 2026"},
		{"last 30 days", day(2026, 10, 27), end, "since 27 Oct 2026"},
		{"last 1 day", day(2026, 11, 25), end, "since 25 Nov 2026"},
		{"last 2 weeks", day(2026, 11, 12), end, "since 12 Nov 2026"},
		{"this month", day(2026, 11, 1), end, "November 2026"},
		{"last month", day(2026, 10, 1), day(2026, 11, 1), "October 2026"},
		{"this week", day(2026, 11, 23), end, "since 23 Nov 2026"},
		{"last week", day(2026, 11, 16), day(2026, 11, 23), "16 Nov 2026 – 22 Nov 2026"},
		{"2026-11-03", day(2026, 11, 3), day(2026, 11, 4), "3 Nov 2026"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			p, err := core.ParsePeriod(tc.in, berlin, now)
			if err != nil {
				t.Fatal(err)
			}
			if !p.From.Equal(tc.from) || !p.To.Equal(tc.to) || p.Words != tc.words {
				t.Errorf("got [%v, %v) %q, want [%v, %v) %q", p.From, p.To, p.Words, tc.from, tc.to, tc.words)
			}
		})
	}
	for _, bad := range []string{"yesterday-ish", "since", "since 2027-01-01", "2026-11-30..2026-11-01", "last 0 days", "last 3 fortnights", "2026-13-01"} {
		t.Run("bad "+bad, func(t *testing.T) {
			_, err := core.ParsePeriod(bad, berlin, now)
			if bot.ErrorCode(err) != bot.EInvalid || !strings.Contains(bot.ErrorMessage(err), "2026-11-01") {
				t.Errorf("%q: %v", bad, err)
			}
		})
	}
}

func TestSafeCell(t *testing.T) {
	for in, want := range map[string]string{
		"=1+2":                 "'=1+2",
		"+1":                   "'+1",
		"-1":                   "'-1",
		"@SUM(A1)":             "'@SUM(A1)",
		"\t=cmd":               "'\t=cmd",
		"\r=cmd":               "'\r=cmd",
		"  =HYPERLINK(\"x\")":  "'  =HYPERLINK(\"x\")",
		"＝1+2":                 "'＝1+2",
		"plain text":           "plain text",
		"2026-11-04T10:00:00Z": "2026-11-04T10:00:00Z",
		"":                     "",
		"a=b":                  "a=b",
	} {
		if got := core.SafeCell(in); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestChartSizes(t *testing.T) {
	g := &bot.Group{Name: "G", TimeZone: "Europe/Berlin"}
	var runs []*bot.Run
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	for i := 0; i < 365; i++ {
		runs = append(runs, &bot.Run{ID: int64(i + 1), OpenedAt: start.AddDate(0, 0, i)})
	}
	statuses := []bot.Status{bot.StatusAnswered, bot.StatusPartial, bot.StatusLate, bot.StatusExcused, bot.StatusMissed, bot.StatusNotDue, bot.StatusPending, ""}
	var members []*core.MemberReview
	var series []*core.ScaleSeries
	for m := 0; m < 8; m++ {
		row := &core.MemberReview{UserID: string(rune('a' + m)), Name: "Member " + string(rune('A'+m))}
		s := &core.ScaleSeries{UserID: row.UserID, Min: 1, Max: 10, Question: "Mood"}
		for i, r := range runs {
			row.Cells = append(row.Cells, statuses[(i+m)%len(statuses)])
			s.Points = append(s.Points, core.ScalePoint{RunID: r.ID, At: r.OpenedAt, Value: 1 + (i*7+m)%10})
		}
		members = append(members, row)
		series = append(series, s)
	}
	for _, tc := range []struct {
		name string
		runs int
	}{{"one run", 1}, {"ten runs", 10}, {"a year", 365}} {
		t.Run(tc.name, func(t *testing.T) {
			rv := &core.GroupReview{Group: g, Runs: runs[:tc.runs], Members: members}
			data, err := core.ParticipationGrid(rv)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if b := img.Bounds(); b.Dx() != 1000 || b.Dy() != core.GridHeight(8, tc.runs) || core.GridHeight(8, 365) != 490 {
				t.Errorf("grid %v, GridHeight(8, %d) = %d, GridHeight(8, 365) = %d", b, tc.runs, core.GridHeight(8, tc.runs), core.GridHeight(8, 365))
			}
			trimmed := make([]*core.ScaleSeries, len(series))
			for i, s := range series {
				c := *s
				c.Points = s.Points[:tc.runs]
				trimmed[i] = &c
			}
			data, err = core.ScaleChart("Mood over the year", trimmed, func(id string) string { return "Member " + strings.ToUpper(id) }, time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			img, err = png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if b := img.Bounds(); b.Dx() != 1000 || b.Dy() != core.ScaleChartHeight(8) || core.ScaleChartHeight(8) != 652 {
				t.Errorf("scale chart %v, ScaleChartHeight(8) = %d", b, core.ScaleChartHeight(8))
			}
		})
	}
}

// TestChartPaletteIsOkabeIto checks that answered and missed cells are
// drawn in the Okabe–Ito bluish green and vermillion.
func TestChartPaletteIsOkabeIto(t *testing.T) {
	g := &bot.Group{Name: "G", TimeZone: "UTC"}
	rv := &core.GroupReview{Group: g, Runs: []*bot.Run{{ID: 1, OpenedAt: time.Unix(0, 0)}, {ID: 2, OpenedAt: time.Unix(86400, 0)}},
		Members: []*core.MemberReview{{Name: "A", Cells: []bot.Status{bot.StatusAnswered, bot.StatusMissed}}}}
	data, err := core.ParticipationGrid(rv)
	if err != nil {
		t.Fatal(err)
	}
	img, _ := png.Decode(bytes.NewReader(data))
	seen := map[[3]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			seen[[3]uint32{r >> 8, g >> 8, bl >> 8}] = true
		}
	}
	for _, c := range [][3]uint32{{0, 158, 115}, {213, 94, 0}} {
		if !seen[c] {
			t.Errorf("colour %v not in the grid", c)
		}
	}
}

// FuzzParsePeriod checks that any text either parses to a non-empty span
// ending no later than just after now, or is refused with an example.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"", "all", "since 2026-11-01", "2026-11-01..2026-11-30", "last 30 days", "this month", "last week", "1 Nov to 3 Nov", "since 31 Feb", "last 99999 days", "2026-11-30..2026-11-01"} {
		f.Add(s)
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	now := time.Date(2026, 11, 25, 19, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		p, err := core.ParsePeriod(s, berlin, now)
		if err != nil {
			if bot.ErrorCode(err) != bot.EInvalid || !strings.Contains(bot.ErrorMessage(err), "2026-11-01") {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if !p.From.Before(p.To) || p.Words == "" {
			t.Fatalf("%q: [%v, %v) %q", s, p.From, p.To, p.Words)
		}
	})
}
