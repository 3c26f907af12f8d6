package core_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/core"
	"groupwork/core/coretest"
)

// newParticipationGroup is a group (Europe/Berlin) whose members have
// accepted the consent notice, as a reviewScenario without any runs yet.
func newParticipationGroup(t *testing.T, members ...string) *reviewScenario {
	t.Helper()
	h := coretest.NewBot(t)
	h.Clock.Set(at(2, 8, 0))
	h.Do("Tess", `/group create "Tuesday group" Europe/Berlin`)
	for _, m := range members {
		h.Do("Tess", "/group add @"+m)
		h.Do(m, "/privacy accept")
	}
	g, err := h.Store.GroupByChannel(context.Background(), coretest.Platform, h.Channel)
	if err != nil {
		t.Fatal(err)
	}
	return &reviewScenario{h: h, g: g}
}

// exportDoc is the part of the JSON export these tests read, decoded
// without the bot's types so that the tests also build against older code.
type exportDoc struct {
	Participation []struct {
		Member     string
		Status     string
		JoinedLate bool `json:"joined_late"`
	}
	Attendance []struct {
		Member   string
		Minutes  *int
		Marked   bool
		MarkedBy string `json:"marked_by"`
		RollCall string `json:"roll_call"`
	}
	Answers []struct {
		Member   string
		Exercise string
		Answer   string
	}
	Summary []exportSum
	Totals  exportSum
}

type exportSum struct {
	Member       string
	Due          int
	OnTimeRate   *float64 `json:"on_time_rate"`
	LateRate     *float64 `json:"late_rate"`
	ResponseRate *float64 `json:"response_rate"`
}

func exportJSON(t *testing.T, h *coretest.Harness) exportDoc {
	t.Helper()
	var x exportDoc
	if err := json.Unmarshal(exportFile(t, h, "json"), &x); err != nil {
		t.Fatal(err)
	}
	return x
}

// zeroMinutes matches "0 min" and "0 minutes", not "60 min".
var zeroMinutes = regexp.MustCompile(`(^|[^0-9])0 min`)

// noteWithFile is /review member's text followed by its attached note.
func noteWithFile(t *testing.T, h *coretest.Harness, who string) string {
	t.Helper()
	rep := h.Do("Tess", "/review member @"+who)
	text := coretest.Text(rep)
	if rep.Message != nil {
		for _, b := range rep.Message.Blocks {
			if f, ok := b.(*bot.File); ok {
				text += "\n" + string(f.Data)
			}
		}
	}
	return text
}

func mustContain(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, text)
		}
	}
}

func mustNotContain(t *testing.T, what, text string, bad ...string) {
	t.Helper()
	for _, w := range bad {
		if strings.Contains(text, w) {
			t.Errorf("%s has %q:\n%s", what, w, text)
		}
	}
}

// exportFile runs /review export with format and returns the attached file.
func exportFile(t *testing.T, h *coretest.Harness, format string) []byte {
	t.Helper()
	rep := h.Do("Tess", "/review export "+format)
	if rep.Message == nil {
		t.Fatalf("export %s: no reply", format)
	}
	for _, b := range rep.Message.Blocks {
		if f, ok := b.(*bot.File); ok {
			return f.Data
		}
	}
	t.Fatalf("export %s: no file:\n%s", format, coretest.Text(rep))
	return nil
}

// A member who answered everything late must not have the same figure as
// one who answered on time: every review format says on time and late apart.
func TestOnTimeAndLateReportedApart(t *testing.T) {
	s := newParticipationGroup(t, "Ana", "Bo")
	for day := 2; day <= 6; day += 2 {
		r := s.start(at(day, 9, 0))
		s.h.Clock.Set(at(day, 10, 0))
		s.checkin("Ana", r, "6", "3")
		s.closeDue(at(day+1, 9, 0))
		s.h.Clock.Set(at(day+1, 12, 0))
		s.checkin("Bo", r, "6", "3") // after the close: late
	}
	s.h.Clock.Set(at(8, 9, 0))

	text := coretest.Text(s.h.Do("Tess", "/review group"))
	mustContain(t, "group review", text,
		"member     due ans late part miss exc n/d n/c on-time late%",
		"Ana          3   3    0    0    0   0   0   0    100%    0%",
		"Bo           3   0    3    0    0   0   0   0      0%  100%",
		"on time 50 %, late 50 %")

	note := coretest.Text(s.h.Do("Tess", "/review member @Bo"))
	mustContain(t, "Bo's note", note, "3 due — answered on time 0, late 3, partial 0, missed 0 (on time 0 %, late 100 %)")

	x := exportJSON(t, s.h)
	if len(x.Summary) != 2 {
		t.Fatalf("summary: %+v", x.Summary)
	}
	for _, sm := range x.Summary {
		wantOn, wantLate := 1.0, 0.0
		if sm.Member == "Bo" {
			wantOn, wantLate = 0, 1
		}
		if sm.Due != 3 || sm.OnTimeRate == nil || *sm.OnTimeRate != wantOn || sm.LateRate == nil || *sm.LateRate != wantLate || sm.ResponseRate == nil || *sm.ResponseRate != 1 {
			t.Errorf("JSON summary of %s: %+v", sm.Member, sm)
		}
	}
	if x.Totals.Due != 6 || x.Totals.OnTimeRate == nil || *x.Totals.OnTimeRate != 0.5 || x.Totals.LateRate == nil || *x.Totals.LateRate != 0.5 {
		t.Errorf("JSON totals: %+v", x.Totals)
	}

	data := exportFile(t, s.h, "csv")
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, c := range rows[0] {
		col[c] = i
	}
	found := 0
	for _, r := range rows[1:] {
		if r[col["record"]] == "summary" && r[col["member"]] == "Bo" {
			found++
			if r[col["on_time_rate"]] != "0" || r[col["late_rate"]] != "1" || r[col["answered_late"]] != "3" {
				t.Errorf("CSV summary of Bo: %q", r)
			}
		}
	}
	if found != 1 {
		t.Errorf("CSV has %d summary rows for Bo", found)
	}

	rp, err := s.h.Bot.BuildReport(context.Background(), s.g, core.Period{})
	if err != nil {
		t.Fatal(err)
	}
	page, err := rp.HTML()
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, "HTML", string(page), "<th>On time %</th><th>Late %</th>", "<td>Bo</td><td>3</td><td>0</td><td>3</td>", "<td>0%</td><td>100%</td>")
}

// A member who has not accepted the consent notice could not be asked:
// their runs are "no consent", not missed, and not due. Accepting later and
// answering makes it an ordinary late answer.
func TestNoConsentIsNotMissed(t *testing.T) {
	s := newParticipationGroup(t, "Ana")
	s.h.Do("Tess", "/group add @Cy") // never accepts before the close
	r := s.start(at(2, 9, 0))
	s.h.Clock.Set(at(2, 10, 0))
	s.checkin("Ana", r, "6", "3")
	s.closeDue(at(3, 9, 0))

	parts, err := s.h.Store.Participation(context.Background(), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range parts {
		if p.UserID == "u-cy" && p.Status != "no-consent" {
			t.Errorf("Cy's status: %s, want no-consent", p.Status)
		}
	}
	text := coretest.Text(s.h.Do("Tess", "/review group"))
	mustContain(t, "group review", text, "Cy           0   0    0    0    0   0   0   1       —     —")
	note := coretest.Text(s.h.Do("Tess", "/review member @Cy"))
	mustContain(t, "Cy's note", note, "0 due", "Not due: no consent 1.", "before they accepted the consent notice")
	mustNotContain(t, "Cy's note", note, "missed 1")

	// Cy accepts on Wednesday and answers the closed run: late, and due.
	s.h.Clock.Set(at(4, 9, 0))
	s.h.Do("Cy", "/privacy accept")
	s.checkin("Cy", r, "5", "2")
	text = coretest.Text(s.h.Do("Tess", "/review group"))
	mustContain(t, "group review after accepting", text, "Cy           1   0    1    0    0   0   0   0      0%  100%")
}

// A roll call is attendance: it is refused once today's session has ended,
// and it never appears as an exercise run in participation.
func TestRollCallIsAttendance(t *testing.T) {
	s := newParticipationGroup(t, "Ana", "Bo")
	h := s.h
	h.Clock.Set(at(4, 16, 0))
	h.Do("Tess", "/exercise start roll-call")
	h.SeeChannel("Ana")
	h.Press("Ana", "I'm here")
	h.Clock.Set(at(4, 17, 0))
	h.Do("Tess", "/session start")
	h.Do("Tess", "/session mark @Ana present")
	h.Clock.Set(at(4, 18, 30))
	h.Do("Tess", "/session end")

	rep := h.Do("Tess", "/exercise start roll-call")
	mustContain(t, "late roll call", coretest.Text(rep), "Today's live session ended at 19:30", "/session mark")
	// Bo answers the earlier roll call after the session: refused, and
	// nothing appears beside his attendance.
	runs, err := h.Store.Runs(context.Background(), s.g.ID, time.Time{}, time.Time{})
	if err != nil || len(runs) == 0 {
		t.Fatalf("runs %v %v", runs, err)
	}
	rep = h.Event("Bo", &bot.Action{EventMeta: h.Meta("Bo"), CustomID: bot.CustomID{Kind: "ans", Ref: runs[0].ID, Step: "here", Value: "1"}.String()})
	mustContain(t, "Bo's roll call after the session", coretest.Text(rep), "Today's session has ended, so this roll call is closed")
	if n := len(posts(h, "group-channel", "run-")); n != 1 {
		t.Errorf("%d roll calls posted, want 1 (the one before the session)", n)
	}

	text := coretest.Text(h.Do("Tess", "/review group"))
	mustContain(t, "group review", text, "0 exercise runs · 1 live session", "Ana 1/1")
	mustNotContain(t, "group review", text, "roll-call")
	mustContain(t, "Ana's note", noteWithFile(t, h, "Ana"), "0 due", "roll call: I'm here")
	mustNotContain(t, "Bo's note", noteWithFile(t, h, "Bo"), "roll call:")
	x := exportJSON(t, h)
	if len(x.Participation) != 0 || len(x.Attendance) != 2 || x.Attendance[0].RollCall != "I'm here" {
		t.Errorf("export: participation %+v attendance %+v", x.Participation, x.Attendance)
	}
	if len(x.Answers) != 1 || x.Answers[0].Exercise != "roll-call" || x.Answers[0].Answer != "I'm here" {
		t.Errorf("export keeps the roll-call answer: %+v", x.Answers)
	}

	// With a weekly session on the calendar, a roll call after today's
	// session time is refused too.
	h.Do("Tess", "/group session friday 18:00 1h")
	h.Clock.Set(at(6, 18, 30)) // Fri 19:30 Berlin
	mustContain(t, "roll call after the calendar session", coretest.Text(h.Do("Tess", "/exercise start roll-call")), "Today's session ended at 19:00")
	h.Clock.Set(at(6, 15, 0)) // before it: fine
	mustContain(t, "roll call before the calendar session", coretest.Text(h.Do("Tess", "/exercise start roll-call")), "Started")
}

// Attendance a therapist marked by hand has no measured minutes: nothing
// may say "0 minutes".
func TestHandMarkedAttendanceHasNoMinutes(t *testing.T) {
	s := newParticipationGroup(t, "Ana", "Bo")
	h := s.h
	h.Clock.Set(at(4, 17, 0))
	h.Do("Tess", "/session start")
	s.presence("Ana", true, at(4, 17, 0))
	s.presence("Ana", false, at(4, 18, 0))
	h.Do("Tess", "/session mark @Bo present")
	h.Clock.Set(at(4, 18, 0))
	text := coretest.Text(h.Do("Tess", "/session end"))
	mustContain(t, "session end", text, "- Ana: present, 60 min", "- Bo: marked present by Tess\n")

	note := coretest.Text(h.Do("Tess", "/review member @Bo"))
	mustContain(t, "Bo's note", note, "Live sessions: attended 1 of 1 expected (present 1, late 0, left early 0, absent 0, excused 0).")
	if zeroMinutes.MatchString(noteWithFile(t, h, "Bo")) {
		t.Errorf("Bo's note says 0 minutes:\n%s", note)
	}

	rp, err := h.Bot.BuildReport(context.Background(), s.g, core.Period{})
	if err != nil {
		t.Fatal(err)
	}
	full := rp.FullText()
	mustContain(t, "full report", full, "- Bo: marked present by Tess", "- Bo: 1 of 1 expected; present 1, late 0, left early 0, absent 0, excused 0\n",
		"- Ana: 1 of 1 expected; present 1, late 0, left early 0, absent 0, excused 0; 60 minutes in voice (1 session timed)")
	if zeroMinutes.MatchString(full) {
		t.Errorf("full report says 0 minutes:\n%s", full)
	}

	x := exportJSON(t, h)
	for _, a := range x.Attendance {
		switch a.Member {
		case "Bo":
			if a.Minutes != nil || !a.Marked || a.MarkedBy != "Tess" {
				t.Errorf("Bo's attendance: %+v", a)
			}
		case "Ana":
			if a.Minutes == nil || *a.Minutes != 60 {
				t.Errorf("Ana's attendance: %+v", a)
			}
		}
	}
	page, err := rp.HTML()
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, "HTML", string(page), "<td>0</td><td>0</td><td>—</td>") // Bo: absent 0, excused 0, minutes —
}

// Scores of the built-in exercises have no norms: no red/yellow/green band
// on them, only the value.
func TestScoresHaveNoColourBands(t *testing.T) {
	s := newParticipationGroup(t, "Ana")
	h := s.h
	for _, ex := range []string{"word-recall", "vignette-feelings"} {
		h.Do("Tess", "/exercise start "+ex)
		h.SeeChannel("Ana")
		answerAll(t, h, "Ana", h.Press("Ana", "Start"), "apple chair")
	}
	text := noteWithFile(t, h, "Ana")
	mustContain(t, "Ana's note", text, "Score — Remember ten words:", "- score:")
	mustNotContain(t, "Ana's note", text, "red)", "yellow)", "green)", "; red", "; yellow", "; green", "latest red", "latest yellow", "latest green")
}

// A member added while a run is open may still answer it; the record then
// says they answered although they joined late. One who does not answer it
// stays not due, and after the close it is not theirs to answer.
func TestMemberAddedDuringOpenRunMayAnswer(t *testing.T) {
	s := newParticipationGroup(t, "Ana")
	h := s.h
	r := s.start(at(2, 9, 0))
	h.Clock.Set(at(2, 12, 0))
	h.Do("Tess", "/group add @Dee")
	h.Do("Dee", "/privacy accept")
	h.Do("Tess", "/group add @Eve")
	h.Do("Eve", "/privacy accept")
	h.SeeChannel("Dee")
	rep := h.Press("Dee", "Start")
	mustNotContain(t, "Dee's first screen", coretest.Text(rep), "not expected from you")
	s.checkin("Dee", r, "7", "3")
	s.checkin("Ana", r, "6", "3")
	s.closeDue(at(3, 9, 0))

	h.Clock.Set(at(3, 10, 0)) // closed: Eve, who joined after it opened, may not answer it now
	rep = h.Event("Eve", &bot.Action{EventMeta: h.Meta("Eve"), CustomID: bot.CustomID{Kind: "open", Ref: r.ID}.String()})
	mustContain(t, "Eve after the close", coretest.Text(rep), "not expected from you")

	text := coretest.Text(h.Do("Tess", "/review group"))
	mustContain(t, "group review", text,
		"Dee          1   1    0    0    0   0   0   0    100%    0%",
		"Eve          0   0    0    0    0   0   1   0       —     —")
	mustContain(t, "Dee's note", noteWithFile(t, h, "Dee"), "answered 1 run that had opened before (counted as due)", "Between-session check-in · answered (joined late)")

	x := exportJSON(t, h)
	for _, p := range x.Participation {
		if p.Member == "Dee" && (p.Status != "answered" || !p.JoinedLate) {
			t.Errorf("Dee's participation: %+v", p)
		}
		if p.Member == "Ana" && p.JoinedLate {
			t.Errorf("Ana's participation: %+v", p)
		}
	}
}

// A scheduled roll call that falls after today's session posts nothing.
func TestScheduledRollCallAfterSessionIsSkipped(t *testing.T) {
	h := schedGroup(t)
	mustDo(t, h, "Tess", "/group session wednesday 18:00 1h", "every Wednesday 18:00")
	mustDo(t, h, "Tess", `/schedule add roll-call "daily 20:00"`, "Schedule 1")
	tick(t, h, "2026-11-03 20:00") // Tuesday: no session today, posted
	tick(t, h, "2026-11-04 20:00") // Wednesday: the session ended at 19:00
	if n := len(posts(h, "group-channel", "run-")); n != 1 {
		t.Errorf("%d roll calls posted, want 1 (Tuesday only)\n%s", n, h.Transcript())
	}
}

// The therapist's digest of a closed run says who could not be asked
// because they have not accepted the consent notice, apart from who missed.
func TestDigestSaysNoConsentApart(t *testing.T) {
	h := schedGroup(t) // Ana and Bo accepted
	h.Do("Tess", "/group add @Cy")
	mustDo(t, h, "Tess", `/schedule add mood-checkin "daily 18:00" 2h`, "Schedule 1")
	tick(t, h, "2026-11-02 18:00")
	tick(t, h, "2026-11-02 20:00")
	digest := h.LastDM("Tess")
	mustContain(t, "digest", digest, "Not answered (2): Ana, Bo", "Not asked, consent notice not accepted (1): Cy")
}
