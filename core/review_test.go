package core_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"image/png"
	"strings"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/core"
	"groupwork/core/coretest"
	"groupwork/exercises"
)

// reviewScenario is a seeded group (Europe/Berlin) over one week:
//
//	run 1 Mon 2 Nov 10:00  Ana answered (mood 6), Bo partial (mood 4), Cy missed
//	Bo on leave 4–5 Nov
//	run 2 Wed 4 Nov 10:00  Ana answered (mood 7), Bo excused, Cy late (mood 5)
//	session 1 Wed 4 Nov 18:00–19:30: Ana present 90 min (joined before the
//	    start: counted from the start), Bo excused, Cy late and left early (40 min)
//	Dee joins Thu 5 Nov
//	run 3 Fri 6 Nov 10:00  Ana answered (mood 8), Bo answered (mood 2: alert), Cy missed, Dee answered (mood 7)
//	session 2 Fri 6 Nov 18:00–19:00: Ana left early (25 min), Bo marked
//	    present, Cy absent, Dee present (60 min)
//
// Dee was not due for runs 1–2 and for session 1.
type reviewScenario struct {
	h    *coretest.Harness
	g    *bot.Group
	runs []*bot.Run
}

func at(day, hour, min int) time.Time {
	return time.Date(2026, 11, day, hour, min, 0, 0, time.UTC)
}

func (s *reviewScenario) answer(who string, run *bot.Run, step, value string) {
	s.h.TB.Helper()
	rep := s.h.Event(who, &bot.Action{EventMeta: s.h.Meta(who), CustomID: bot.CustomID{Kind: "ans", Ref: run.ID, Step: step, Value: value}.String()})
	if rep.Message == nil {
		s.h.TB.Fatalf("%s answering %s: no reply", who, step)
	}
}

func (s *reviewScenario) skip(who string, run *bot.Run, steps ...string) {
	for _, step := range steps {
		s.h.Event(who, &bot.Action{EventMeta: s.h.Meta(who), CustomID: bot.CustomID{Kind: "skip", Ref: run.ID, Step: step}.String()})
	}
}

func (s *reviewScenario) checkin(who string, run *bot.Run, mood, energy string) {
	s.answer(who, run, "mood", mood)
	s.answer(who, run, "energy", energy)
	s.skip(who, run, "strategy", "note")
}

func (s *reviewScenario) start(t time.Time) *bot.Run {
	s.h.TB.Helper()
	s.h.Clock.Set(t)
	run, err := s.h.Bot.StartRun(context.Background(), s.g, "mood-checkin", "u-tess")
	if err != nil {
		s.h.TB.Fatal(err)
	}
	s.runs = append(s.runs, run)
	return run
}

func (s *reviewScenario) closeDue(t time.Time) {
	s.h.TB.Helper()
	s.h.Clock.Set(t)
	if err := s.h.Bot.CloseDue(context.Background()); err != nil {
		s.h.TB.Fatal(err)
	}
}

func (s *reviewScenario) presence(who string, joined bool, t time.Time) {
	s.h.Event(who, &bot.Presence{EventMeta: bot.EventMeta{User: s.h.User(who), Place: bot.Place{Platform: coretest.Platform, ChannelID: "voice-1"}},
		VoiceChannelID: "voice-1", Joined: joined, At: t})
}

func newReviewScenario(t *testing.T) *reviewScenario {
	t.Helper()
	h := coretest.NewBot(t)
	h.Clock.Set(at(2, 8, 0))
	h.Do("Tess", `/group create "Tuesday group" Europe/Berlin`)
	for _, m := range []string{"Ana", "Bo", "Cy"} {
		h.Do("Tess", "/group add @"+m)
		h.Do(m, "/privacy accept")
	}
	h.Do("Tess", "/group add @Olga role:observer")
	g, err := h.Store.GroupByChannel(context.Background(), coretest.Platform, h.Channel)
	if err != nil {
		t.Fatal(err)
	}
	s := &reviewScenario{h: h, g: g}

	r1 := s.start(at(2, 9, 0))
	h.Clock.Set(at(2, 10, 0))
	s.checkin("Ana", r1, "6", "3")
	s.answer("Bo", r1, "mood", "4") // energy is required: partial
	s.closeDue(at(3, 10, 0))

	h.Do("Tess", "/group leave @Bo 2026-11-04 2026-11-05")
	r2 := s.start(at(4, 9, 0))
	h.Clock.Set(at(4, 9, 30))
	s.checkin("Ana", r2, "7", "3")
	s.closeDue(at(5, 9, 30))
	h.Clock.Set(at(5, 10, 0))
	s.checkin("Cy", r2, "5", "2") // after the close: late

	// Session 1, Wed 4 Nov 18:00–19:30 Berlin (17:00–18:30 UTC).
	s.presence("Ana", true, at(4, 16, 55))
	h.Clock.Set(at(4, 17, 0))
	h.Do("Tess", "/session start")
	s.presence("Cy", true, at(4, 17, 20))
	s.presence("Cy", false, at(4, 18, 0))
	s.presence("Ana", false, at(4, 18, 30))
	h.Clock.Set(at(4, 18, 30))
	h.Do("Tess", "/session end")

	h.Clock.Set(at(5, 12, 0))
	h.Do("Tess", "/group add @Dee")
	h.Do("Dee", "/privacy accept")

	r3 := s.start(at(6, 9, 0))
	h.Clock.Set(at(6, 11, 0))
	s.checkin("Ana", r3, "8", "4")
	s.checkin("Bo", r3, "2", "2")
	s.checkin("Dee", r3, "7", "3")
	s.closeDue(at(7, 10, 0))

	// Session 2, Fri 6 Nov 18:00–19:00 Berlin.
	h.Clock.Set(at(6, 17, 0))
	h.Do("Tess", "/session start")
	s.presence("Dee", true, at(6, 16, 58))
	s.presence("Ana", true, at(6, 17, 5))
	s.presence("Ana", false, at(6, 17, 30))
	h.Clock.Set(at(6, 18, 0))
	h.Do("Tess", "/session end")
	h.Do("Tess", "/session mark @Bo present")
	h.Clock.Set(at(8, 9, 0))
	return s
}

func TestReviewGroupMatchesScenario(t *testing.T) {
	s := newReviewScenario(t)
	rp, err := s.h.Bot.BuildReport(context.Background(), s.g, core.Period{})
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		due, ans, part, late, exc, miss, notDue int
		rate                                    string
		attended, expected, minutes             int
		att                                     map[bot.AttendanceStatus]int
	}
	want := map[string]row{
		"Ana": {3, 3, 0, 0, 0, 0, 0, "100%", 2, 2, 90 + 25, map[bot.AttendanceStatus]int{bot.AttendPresent: 1, bot.AttendLeftEarly: 1}},
		"Bo":  {2, 1, 1, 0, 1, 0, 0, "100%", 1, 1, 0, map[bot.AttendanceStatus]int{bot.AttendExcused: 1, bot.AttendPresent: 1}},
		"Cy":  {3, 0, 0, 1, 0, 2, 0, "33%", 1, 2, 40, map[bot.AttendanceStatus]int{bot.AttendLate: 1, bot.AttendAbsent: 1}},
		"Dee": {1, 1, 0, 0, 0, 0, 2, "100%", 1, 1, 60, map[bot.AttendanceStatus]int{bot.AttendPresent: 1}},
	}
	if len(rp.Members) != 4 || len(rp.Runs) != 3 || len(rp.Sessions) != 2 {
		t.Fatalf("members %d runs %d sessions %d", len(rp.Members), len(rp.Runs), len(rp.Sessions))
	}
	for _, m := range rp.Members {
		w := want[m.Name]
		c := m.Counts
		got := row{c.Due(), c[bot.StatusAnswered], c[bot.StatusPartial], c[bot.StatusLate], c[bot.StatusExcused], c[bot.StatusMissed], c[bot.StatusNotDue], rateOf(c.Rate()), 0, 0, 0, nil}
		a := rp.AttendanceOf(m.UserID)
		got.attended, got.expected, got.minutes, got.att = a.Attended(), a.Expected(), a.Minutes, a.Counts
		if fmt.Sprint(got) != fmt.Sprint(w) {
			t.Errorf("%s:\n got %v\nwant %v", m.Name, got, w)
		}
	}
	tot := rp.Totals
	if tot.Due() != 9 || tot.Responded() != 7 || tot[bot.StatusNotDue] != 2 || rateOf(tot.Rate()) != "78%" {
		t.Errorf("totals: due %d responded %d not-due %d rate %s", tot.Due(), tot.Responded(), tot[bot.StatusNotDue], rateOf(tot.Rate()))
	}
	// Cy was late and also left early; the status says late.
	for _, r := range rp.Sessions[0].Rows {
		if r.UserID == "u-cy" && (!r.Late || !r.LeftEarly || r.Status != bot.AttendLate) {
			t.Errorf("Cy in session 1: %+v", r)
		}
	}
	// Dee joined after session 1: not listed there.
	if n := len(rp.Sessions[0].Rows); n != 3 {
		t.Errorf("session 1 lists %d members, want 3", n)
	}
	// Same numbers as the per-run builder.
	old, err := s.h.Bot.BuildGroupReview(context.Background(), s.g, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range old.Members {
		if fmt.Sprint(m.Counts, m.Cells, m.LastActivity) != fmt.Sprint(rp.Members[i].Counts, rp.Members[i].Cells, rp.Members[i].LastActivity) {
			t.Errorf("%s: BuildReport and BuildGroupReview differ", m.Name)
		}
	}
	if len(old.Scales) != len(rp.Scales) {
		t.Errorf("scales: %d vs %d", len(old.Scales), len(rp.Scales))
	}

	rep := s.h.Do("Tess", "/review group")
	text := coretest.Text(rep)
	for _, w := range []string{
		"Ana          3   3    0    0    0   0   0   0    100%    0%     2/2",
		"Bo           2   1    0    1    0   1   0   0     50%    0%     1/1",
		"Cy           3   0    1    0    2   0   0   0      0%   33%     1/2", // all late or missed: never counted as on time
		"Dee          1   1    0    0    0   0   2   0    100%    0%     1/1",
		"group        9   5    1    1    2   1   2   0     56%   11%     5/6",
		"Live sessions: Ana 2/2 (1 left early; 115 min) · Bo 1/1 (1 excused) · Cy 1/2 (1 late, 1 absent; 40 min) · Dee 1/1 (60 min)",
		"- Ana: 6 → 7 → 8 (mean 7.0, up)",
		"- Bo: 4 → 2 (mean 3.0, down)",
		"- Cy: 5 (mean 5.0, one answer)",
		"**Open safety alerts:** Bo 1.",
		"Most engaged: mood-checkin on time 56 %, late 11 %, partial 11 % (3 runs)",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("review lacks %q:\n%s", w, text)
		}
	}
	if !rep.Private || len(text) > core.MaxChatText {
		t.Errorf("private %v, %d characters", rep.Private, len(text))
	}
	var files, images int
	for _, b := range rep.Message.Blocks {
		switch b := b.(type) {
		case *bot.File:
			files++
			full := string(b.Data)
			for _, w := range []string{"## Live sessions", "- Cy: late, left early, 40 min", "- Bo: marked present by Tess", "Mood rated 1 or 2", "· OPEN"} {
				if !strings.Contains(full, w) {
					t.Errorf("full report lacks %q:\n%s", w, full)
				}
			}
		case *bot.Image:
			images++
			img, err := png.Decode(bytes.NewReader(b.PNG))
			if err != nil {
				t.Fatalf("%s: %v", b.Name, err)
			}
			if img.Bounds().Dx() != core.ChartWidth || b.Alt == "" {
				t.Errorf("%s: width %d alt %q", b.Name, img.Bounds().Dx(), b.Alt)
			}
		}
	}
	if files != 1 || images != 3 { // grid, mood, energy
		t.Errorf("%d files, %d images", files, images)
	}
}

func rateOf(r float64) string {
	if r < 0 {
		return "—"
	}
	return fmt.Sprintf("%d%%", int(r*100+0.5))
}

func TestReviewGroupPeriod(t *testing.T) {
	s := newReviewScenario(t)
	text := coretest.Text(s.h.Do("Tess", `/review group period:"2026-11-04..2026-11-05"`))
	for _, w := range []string{
		"4 Nov 2026 – 5 Nov 2026", "1 exercise run · 1 live session",
		"Ana          1   1    0    0    0   0   0   0    100%    0%     1/1",
		"Bo           0   0    0    0    0   1   0   0       —     —     0/0",
		"Cy           1   0    1    0    0   0   0   0      0%  100%     1/1",
		"Dee          0   0    0    0    0   0   1   0       —     —       —",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("lacks %q:\n%s", w, text)
		}
	}
	for _, bad := range []string{"last week please", "2026-11-30..2026-11-01", "since 2027-01-01"} {
		text := coretest.Text(s.h.Do("Tess", `/review group period:"`+bad+`"`))
		if !strings.Contains(text, "like") {
			t.Errorf("%q: %s", bad, text)
		}
	}
}

func TestReviewMemberNote(t *testing.T) {
	s := newReviewScenario(t)
	text := coretest.Text(s.h.Do("Tess", "/review member @Bo"))
	for _, w := range []string{
		"**Progress note — Bo** · Tuesday group · all time",
		"Live sessions: attended 1 of 1 expected (present 1, late 0, left early 0, absent 0, excused 1).", // marked by hand: no minutes
		"Between-session exercises: 2 due — answered on time 1, late 0, partial 1, missed 0 (on time 50 %, late 0 %, partial 50 %). Not due: excused 1.",
		"(1–10): first 4, last 2, mean 3.0, down (2 answers).",
		"Safety alerts: 1.",
		"Mood rated 1 or 2 in the check-in. — the answer that raised it: 2 of 10 — not yet acknowledged",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("note lacks %q:\n%s", w, text)
		}
	}
	if strings.Contains(text, "u-bo") {
		t.Errorf("the note carries a platform id:\n%s", text)
	}
	// Acknowledge the alert: the note says by whom and when.
	alerts, err := s.h.Store.Alerts(context.Background(), s.g.ID, true)
	if err != nil || len(alerts) != 1 {
		t.Fatalf("alerts %v %v", alerts, err)
	}
	s.h.Do("Tess", fmt.Sprintf(`/alerts ack %d "called Bo, safe"`, alerts[0].ID))
	text = coretest.Text(s.h.Do("Tess", "/review member @Bo"))
	if !strings.Contains(text, "acknowledged by Tess") || !strings.Contains(text, "called Bo, safe") {
		t.Errorf("acknowledgement missing:\n%s", text)
	}
	if strings.Contains(coretest.Text(s.h.Do("Tess", "/review group")), "Open safety alerts") {
		t.Error("an acknowledged alert is still listed as open")
	}

	// Dee joined mid-way: the note says so.
	text = coretest.Text(s.h.Do("Tess", "/review member @Dee"))
	if !strings.Contains(text, "before they joined 2") || !strings.Contains(text, "Joined the group 5 Nov 2026") {
		t.Errorf("Dee's note:\n%s", text)
	}
}

func TestReviewAccess(t *testing.T) {
	s := newReviewScenario(t)
	// Observers: aggregates only — no names, no answers, no files, no charts.
	rep := s.h.Do("Olga", "/review group")
	text := coretest.Text(rep)
	if !strings.Contains(text, "Runs due: 9 · answered on time 5 · late 1 · partial 1 · missed 2 (on time 56 %, late 11 %, partial 11 %)") || !strings.Contains(text, "group totals only") {
		t.Errorf("observer review:\n%s", text)
	}
	for _, name := range []string{"Ana", "Bo", "Cy", "Dee"} {
		if strings.Contains(text, name) {
			t.Errorf("observer sees %s:\n%s", name, text)
		}
	}
	if len(rep.Message.Blocks) != 0 {
		t.Errorf("observer gets %d attachments", len(rep.Message.Blocks))
	}
	for _, who := range []string{"Olga", "Ana", "Stranger"} {
		for _, cmd := range []string{"/review member @Ana", "/review export", "/review export json", "/session start", "/session mark @Ana present"} {
			rep := s.h.Do(who, cmd)
			if !strings.HasPrefix(coretest.Text(rep), "Only") || len(rep.Message.Blocks) != 0 {
				t.Errorf("%s %s: %s", who, cmd, coretest.Text(rep))
			}
		}
	}
	if text := coretest.Text(s.h.Do("Ana", "/review group")); !strings.HasPrefix(text, "Only") {
		t.Errorf("member sees: %s", text)
	}
}

func TestReviewAuditVisibleInMyData(t *testing.T) {
	s := newReviewScenario(t)
	s.h.Clock.Set(at(9, 9, 0))
	s.h.Do("Tess", "/review group")
	s.h.Do("Tess", "/review member @Ana")
	s.h.Do("Tess", "/review export csv")
	s.h.Do("Olga", "/review group")
	if err := s.h.Store.AddAudit(context.Background(), &bot.AuditRecord{GroupID: s.g.ID, ActorID: core.OperatorActor, Action: "report html", Subjects: []string{"u-ana"}, At: at(9, 9, 0)}); err != nil {
		t.Fatal(err)
	}
	rep := s.h.Do("Ana", "/mydata")
	text := coretest.Text(rep)
	for _, w := range []string{"Tess, Mon 9 Nov, 10:00 (review group)", "(review member)", "(review export csv)", "Olga, Mon 9 Nov, 10:00 (review group (aggregates))", "(session attendance)",
		"the operator (groupwork report), Mon 9 Nov, 10:00 (report html)"} {
		if !strings.Contains(text, w) {
			t.Errorf("mydata lacks %q:\n%s", w, text)
		}
	}
	// Bo's mydata shows the group reviews but not Ana's member review.
	if text := coretest.Text(s.h.Do("Bo", "/mydata")); strings.Contains(text, "review member") {
		t.Errorf("Bo sees Ana's member review in his log:\n%s", text)
	}
	// The member's own export is JSON with their answers and the access log.
	var exp core.MyDataExport
	for _, b := range rep.Message.Blocks {
		if f, ok := b.(*bot.File); ok {
			if err := json.Unmarshal(f.Data, &exp); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(exp.Answers) != 12 || len(exp.Access) < 5 {
		t.Errorf("export: %d answers, %d access rows", len(exp.Answers), len(exp.Access))
	}
}

func TestReviewExport(t *testing.T) {
	s := newReviewScenario(t)
	// A hostile note from Ana in a fourth run.
	r4 := s.start(at(8, 9, 0))
	s.answer("Ana", r4, "mood", "5")
	s.answer("Ana", r4, "energy", "3")
	s.skip("Ana", r4, "strategy")
	s.h.Clock.Set(at(8, 10, 0))
	if err := s.h.Store.SaveAnswer(context.Background(), &bot.AnswerRecord{RunID: r4.ID, UserID: "u-ana", StepID: "note",
		Answer: noteAnswer(`=HYPERLINK("http://evil.example","x")`), AnsweredAt: at(8, 10, 0)}, bot.StatusAnswered); err != nil {
		t.Fatal(err)
	}

	rep := s.h.Do("Tess", "/review export csv")
	f := fileOf(t, rep)
	if !strings.HasSuffix(f.Name, ".csv") || !strings.HasPrefix(string(f.Data), "\uFEFF") {
		t.Fatalf("file %q", f.Name)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(f.Data, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != strings.Join(core.CSVColumns, ",") {
		t.Errorf("header %v", rows[0])
	}
	kinds := map[string]int{}
	for _, r := range rows[1:] {
		kinds[r[0]]++
		for _, cell := range r {
			if c := strings.TrimLeft(cell, " "); c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				t.Errorf("unsafe cell %q", cell)
			}
		}
		if r[0] == "answer" && r[2] == fmt.Sprint(r4.ID) && r[7] == "note" && r[9] != `'=HYPERLINK("http://evil.example","x")` {
			t.Errorf("note cell %q", r[9])
		}
	}
	// Every member and run (Dee's runs before she joined as not-due), every member due at a session.
	if kinds["participation"] != 16 || kinds["attendance"] != 7 {
		t.Errorf("rows: %v", kinds)
	}
	if strings.Contains(string(f.Data), "u-ana") {
		t.Error("the export carries platform ids")
	}

	rep = s.h.Do("Tess", `/review export json period:"since 2026-11-06"`)
	var x core.Export
	if err := json.Unmarshal(fileOf(t, rep).Data, &x); err != nil {
		t.Fatal(err)
	}
	if x.Schema != core.ExportSchema || len(x.Participation) != 8 || len(x.Attendance) != 4 || x.TimeZone != "Europe/Berlin" {
		t.Errorf("json: schema %q, %d participation, %d attendance", x.Schema, len(x.Participation), len(x.Attendance))
	}
}

func noteAnswer(s string) exercises.Answer { return exercises.Answer{Text: s} }

func fileOf(t *testing.T, rep bot.Reply) *bot.File {
	t.Helper()
	if rep.Message == nil {
		t.Fatal("no message")
	}
	for _, b := range rep.Message.Blocks {
		if f, ok := b.(*bot.File); ok {
			return f
		}
	}
	t.Fatalf("no file in %q", coretest.Text(rep))
	return nil
}

// TestReviewTranscript keeps a readable record of the review commands on
// the seeded scenario in testdata/transcripts/review.golden.
func TestReviewTranscript(t *testing.T) {
	s := newReviewScenario(t)
	h := s.h
	h.Note("the therapist reviews the week; the observer sees totals only")
	h.Do("Tess", "/review group")
	h.Do("Tess", `/review group period:"2026-11-04..2026-11-05"`)
	h.Do("Olga", "/review group")
	h.Do("Tess", "/review member @Cy")
	h.Do("Tess", "/review member @Dee period:\"this week\"")
	h.Do("Tess", "/review export json")
	h.Do("Tess", `/review group period:"next tuesday"`)
	h.Do("Ana", "/mydata")
	golden(t, "transcripts/review.golden", h.Transcript())
}

// TestReviewTypedPeriods: on text platforms the period is the rest of the
// line, as the issue writes it (/review group since 2026-11-01).
func TestReviewTypedPeriods(t *testing.T) {
	s := newReviewScenario(t)
	for line, want := range map[string]string{
		"/review group since 2026-11-04":            "**Review of Tuesday group** · since 4 Nov 2026",
		"/review group last 30 days":                "**Review of Tuesday group** · since 10 Oct 2026",
		"/review group 2026-11-04..2026-11-05":      "**Review of Tuesday group** · 4 Nov 2026 – 5 Nov 2026",
		"/review member @Cy since 2026-11-04":       "**Progress note — Cy** · Tuesday group · since 4 Nov 2026",
		"/review export json this month":            "Export of **Tuesday group** · November 2026",
		`/review group period:"since 2026-11-04"`:   "**Review of Tuesday group** · since 4 Nov 2026",
		"/review group since 2026-11-04 format:csv": `I could not read "2026-11-04 format:csv" as a day.`,
	} {
		if got := coretest.Text(s.h.Do("Tess", line)); !strings.HasPrefix(got, want) {
			t.Errorf("%s:\n got %.120q\nwant %q", line, got, want)
		}
	}
}
