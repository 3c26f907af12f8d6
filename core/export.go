package core

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
)

// ExportSchema names the version of the export format (docs/EXPORT.md).
const ExportSchema = "groupwork.export/2"

// Export is the stable JSON form of a group's record over a period. People
// are named by their display name in the group, never by platform id.
type Export struct {
	Schema        string                `json:"schema"`
	Group         string                `json:"group"`
	TimeZone      string                `json:"time_zone"`
	From          string                `json:"from,omitempty"` // RFC 3339; absent: from the start
	To            string                `json:"to"`
	GeneratedAt   string                `json:"generated_at"`
	Members       []ExportMember        `json:"members"`
	Participation []ExportParticipation `json:"participation"`
	Answers       []ExportAnswer        `json:"answers"`
	Attendance    []ExportAttendance    `json:"attendance"`
	// Sessions are the period's live sessions that had a plan or an
	// outcome (live_plan.go); added within schema /2 (a new key).
	Sessions []ExportSession `json:"sessions,omitempty"`
	Measures []ExportMeasure `json:"measures"` // questionnaire results (measures_export.go)
	// Summary is each member's participation counts and rates; Totals the
	// group's. Rates are over runs due (docs/EXPORT.md), null when none was.
	Summary []ExportSummary `json:"summary"`
	Totals  ExportSummary   `json:"totals"`
}

// ExportSummary is one member's (or the group's) participation counts and
// rates over the period.
type ExportSummary struct {
	Member       string   `json:"member,omitempty"`
	Due          int      `json:"due"`
	OnTime       int      `json:"answered_on_time"`
	Late         int      `json:"answered_late"`
	Partial      int      `json:"partial"`
	Missed       int      `json:"missed"`
	Excused      int      `json:"excused"`
	NotDue       int      `json:"not_due"`
	NoConsent    int      `json:"no_consent"`
	JoinedLate   int      `json:"answered_before_joining"`
	OnTimeRate   *float64 `json:"on_time_rate"`
	LateRate     *float64 `json:"late_rate"`
	ResponseRate *float64 `json:"response_rate"`
}

func exportSummary(name string, c Counts, joinedLate int) ExportSummary {
	rate := func(r float64) *float64 {
		if r < 0 {
			return nil
		}
		r = math.Round(r*10000) / 10000
		return &r
	}
	return ExportSummary{Member: name, Due: c.Due(), OnTime: c[bot.StatusAnswered], Late: c[bot.StatusLate], Partial: c[bot.StatusPartial], Missed: c[bot.StatusMissed],
		Excused: c[bot.StatusExcused], NotDue: c[bot.StatusNotDue], NoConsent: c[bot.StatusNoConsent], JoinedLate: joinedLate,
		OnTimeRate: rate(c.OnTimeRate()), LateRate: rate(c.LateRate()), ResponseRate: rate(c.Rate())}
}

// ExportMember is one member of the group.
type ExportMember struct {
	Member   string `json:"member"`
	JoinedAt string `json:"joined_at"`
	LeftAt   string `json:"left_at,omitempty"`
}

// ExportParticipation is one member's status for one run.
type ExportParticipation struct {
	Member   string     `json:"member"`
	Run      int64      `json:"run"`
	Exercise string     `json:"exercise"`
	Opened   string     `json:"opened"`
	Closes   string     `json:"closes"`
	Status   bot.Status `json:"status"`
	// JoinedLate says the run opened before the member joined and they
	// answered it anyway (it then counts as due).
	JoinedLate bool `json:"joined_late,omitempty"`
}

// ExportAnswer is one stored answer.
type ExportAnswer struct {
	Member     string `json:"member"`
	Run        int64  `json:"run"`
	Exercise   string `json:"exercise"`
	Step       string `json:"step"`
	Question   string `json:"question"`
	Answer     string `json:"answer"`          // the rating, the chosen labels joined by "; ", or the text
	Scale      *int   `json:"scale,omitempty"` // scale answers only
	Skipped    bool   `json:"skipped"`
	AnsweredAt string `json:"answered_at"`
	Late       bool   `json:"late"`
	Shared     bool   `json:"shared"`
	// Changes says how a changed answer changed ("changed from 1 to 8 at
	// …"); Versions holds every version of what was said, oldest first,
	// the current one last. Both are absent for an answer never changed.
	Changes  string          `json:"changes,omitempty"`
	Versions []ExportVersion `json:"versions,omitempty"`
}

// ExportVersion is one version of a changed answer.
type ExportVersion struct {
	Answer     string `json:"answer"`
	Scale      *int   `json:"scale,omitempty"`
	Skipped    bool   `json:"skipped"`
	AnsweredAt string `json:"answered_at"`
	Late       bool   `json:"late"`
}

// ExportAttendance is one member's attendance of one live session.
type ExportAttendance struct {
	Member       string               `json:"member"`
	Session      int64                `json:"session"`
	SessionStart string               `json:"session_start"`
	SessionEnd   string               `json:"session_end,omitempty"`
	Status       bot.AttendanceStatus `json:"status"`
	Minutes      *int                 `json:"minutes"` // null when voice presence did not time the session (e.g. marked by hand)
	Marked       bool                 `json:"marked"`
	MarkedBy     string               `json:"marked_by,omitempty"` // the therapist's display name
	RollCall     string               `json:"roll_call,omitempty"`
	// GoAround is how the member's go-around turn ended (shared, passed,
	// timeout, skipped); nothing said is recorded.
	GoAround string `json:"go_around,omitempty"`
	// ByGoAround: present only because they took part in the go-around.
	ByGoAround bool `json:"present_by_go_around,omitempty"`
}

// ExportSession is a live session's plan and outcome.
type ExportSession struct {
	Session      int64    `json:"session"`
	SessionStart string   `json:"session_start"`
	Goal         string   `json:"goal,omitempty"`
	Topic        string   `json:"topic,omitempty"`
	GoAround     string   `json:"go_around_prompt,omitempty"`
	Exercises    []string `json:"exercises,omitempty"`
	Activity     string   `json:"activity,omitempty"`
	GoalMet      string   `json:"goal_met,omitempty"` // yes, partly, no
	Note         string   `json:"note,omitempty"`
}

// Export turns the report into the export form.
func (rp *Report) Export() *Export {
	loc := rp.Group.Location()
	ts := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(loc).Format(time.RFC3339)
	}
	x := &Export{Schema: ExportSchema, Group: rp.Group.Name, TimeZone: rp.Group.TimeZone, From: ts(rp.Period.From), To: ts(rp.Period.To),
		GeneratedAt: ts(rp.GeneratedAt), Members: []ExportMember{}, Participation: []ExportParticipation{}, Answers: []ExportAnswer{}, Attendance: []ExportAttendance{},
		Summary: []ExportSummary{}}
	for _, m := range rp.Members {
		em := ExportMember{Member: m.Name, JoinedAt: ts(m.JoinedAt)}
		if m.LeftAt != nil {
			em.LeftAt = ts(*m.LeftAt)
		}
		x.Members = append(x.Members, em)
	}
	for i, run := range rp.Runs {
		for _, m := range rp.Members {
			if st := m.Cells[i]; st != "" {
				x.Participation = append(x.Participation, ExportParticipation{Member: m.Name, Run: run.ID, Exercise: run.ExerciseID, Opened: ts(run.OpenedAt), Closes: ts(run.ClosesAt), Status: st,
					JoinedLate: m.joinedLate(run, st)})
			}
		}
	}
	total := 0
	for _, m := range rp.Members {
		late := 0
		for i, run := range rp.Runs {
			if m.joinedLate(run, m.Cells[i]) {
				late++
			}
		}
		total += late
		x.Summary = append(x.Summary, exportSummary(m.Name, m.Counts, late))
	}
	x.Totals = exportSummary("", rp.Totals, total)
	for _, a := range rp.allAnswers { // roll-call answers too: they are the member's words
		def := rp.defFor(a.RunID, a.UserID) // the level and form they played (review_levels.go)
		st, ok := def.Step(a.StepID)
		if !ok {
			continue
		}
		ea := ExportAnswer{Member: rp.Name(a.UserID), Run: a.RunID, Exercise: def.ID, Step: a.StepID, Question: st.Text,
			Answer: plainAnswer(st, a.Answer), Skipped: a.Answer.Skipped, AnsweredAt: ts(a.AnsweredAt), Late: a.Late, Shared: a.Answer.Shared}
		if st.Answer == exercises.AnswerScale && !a.Answer.Skipped {
			v := a.Answer.Scale
			ea.Scale = &v
		}
		rp.exportChanges(&ea, a, st, ts)
		x.Answers = append(x.Answers, ea)
	}
	x.Measures = rp.exportMeasures(ts) // measures_export.go
	for _, sa := range rp.Sessions {
		if p := sa.Plan; p != nil {
			x.Sessions = append(x.Sessions, ExportSession{Session: sa.Session.ID, SessionStart: ts(sa.Session.StartedAt), Goal: p.Goal, Topic: p.Topic,
				GoAround: p.GoAround, Exercises: p.Exercises, Activity: p.Activity, GoalMet: string(p.GoalMet), Note: p.Note})
		}
		end := ""
		if sa.Session.EndedAt != nil {
			end = ts(*sa.Session.EndedAt)
		}
		for _, r := range sa.Rows {
			ea := ExportAttendance{Member: rp.Name(r.UserID), Session: sa.Session.ID, SessionStart: ts(sa.Session.StartedAt),
				SessionEnd: end, Status: r.Status, Marked: r.Marked, RollCall: r.RollCall, GoAround: string(r.GoAround), ByGoAround: r.ByGoAround}
			if r.Timed {
				m := r.Minutes
				ea.Minutes = &m
			}
			if r.Marked && r.MarkedBy != "" {
				ea.MarkedBy = rp.Name(r.MarkedBy)
			}
			x.Attendance = append(x.Attendance, ea)
		}
	}
	return x
}

// plainAnswer renders an answer for a data file: no quotes, no decoration.
func plainAnswer(st *exercises.Step, a exercises.Answer) string {
	if a.Skipped {
		return ""
	}
	switch st.Answer {
	case exercises.AnswerScale:
		return strconv.Itoa(a.Scale)
	case exercises.AnswerChoose, exercises.AnswerChooseMany, exercises.AnswerSequence:
		var labels []string
		for _, i := range a.Choices {
			if i >= 0 && i < len(st.Choices) {
				labels = append(labels, st.Choices[i])
			}
		}
		return strings.Join(labels, "; ")
	}
	return a.Text
}

// JSON encodes the export, indented.
func (x *Export) JSON() ([]byte, error) {
	data, err := json.MarshalIndent(x, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode export: %w", err)
	}
	return append(data, '\n'), nil
}

// CSVColumns are the export's CSV columns, documented in docs/EXPORT.md.
var CSVColumns = []string{"record", "member", "run", "exercise", "opened", "closes", "status", "step", "question", "answer",
	"answered_at", "late", "shared", "session", "session_start", "session_end", "minutes", "marked", "roll_call",
	"marked_by", "joined_late", "due", "answered_on_time", "answered_late", "partial", "missed", "excused", "not_due", "no_consent",
	"on_time_rate", "late_rate", "response_rate", "changes"}

// CSV encodes the export as one table: participation rows, then answer
// rows, then attendance rows, told apart by the record column. Every cell
// is neutralised against spreadsheet formula injection (SafeCell).
func (x *Export) CSV() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF") // a BOM so that spreadsheets read UTF-8
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	write := func(cells ...string) {
		for len(cells) < len(CSVColumns) { // columns that do not apply to a record stay empty
			cells = append(cells, "")
		}
		for i := range cells {
			cells[i] = SafeCell(cells[i])
		}
		_ = w.Write(cells) // errors are reported by w.Error below
	}
	write(CSVColumns...)
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	none := make([]string, 13) // the summary columns, empty on other records
	for _, p := range x.Participation {
		write(append([]string{"participation", p.Member, strconv.FormatInt(p.Run, 10), p.Exercise, p.Opened, p.Closes, string(p.Status), "", "", "", "", "", "", "", "", "", "", "", "",
			"", yes(p.JoinedLate)}, none[2:]...)...)
	}
	for _, a := range x.Answers {
		status := "answered"
		if a.Skipped {
			status = "skipped"
		}
		write(append([]string{"answer", a.Member, strconv.FormatInt(a.Run, 10), a.Exercise, "", "", status, a.Step, a.Question, a.Answer, a.AnsweredAt, yes(a.Late), yes(a.Shared), "", "", "", "", "", ""}, append(none, a.Changes)...)...)
	}
	for _, t := range x.Attendance {
		minutes := ""
		if t.Minutes != nil {
			minutes = strconv.Itoa(*t.Minutes)
		}
		write(append([]string{"attendance", t.Member, "", "", "", "", string(t.Status), "", "", "", "", "", "", strconv.FormatInt(t.Session, 10), t.SessionStart, t.SessionEnd, minutes, yes(t.Marked), t.RollCall,
			t.MarkedBy}, none[1:]...)...)
	}
	summary := func(record string, s ExportSummary) {
		rate := func(r *float64) string {
			if r == nil {
				return ""
			}
			return strconv.FormatFloat(*r, 'f', -1, 64)
		}
		n := strconv.Itoa
		write(record, s.Member, "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
			"", n(s.JoinedLate), n(s.Due), n(s.OnTime), n(s.Late), n(s.Partial), n(s.Missed), n(s.Excused), n(s.NotDue), n(s.NoConsent),
			rate(s.OnTimeRate), rate(s.LateRate), rate(s.ResponseRate))
	}
	for _, s := range x.Summary {
		summary("summary", s)
	}
	summary("totals", x.Totals)
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("encode export: %w", err)
	}
	return buf.Bytes(), nil
}

// SafeCell neutralises a cell a spreadsheet would run as a formula: one
// that begins with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe, which spreadsheets show as text (OWASP's advice). Leading
// spaces do not hide a formula character.
func SafeCell(s string) string {
	t := strings.TrimLeft(s, " ")
	if t == "" {
		return s
	}
	switch t[0] {
	case '=', '+', '-', '@', '\t', '\r', '\n':
		return "'" + s
	}
	// Full-width variants that some spreadsheets also accept as formula starts.
	for _, p := range []string{"＝", "＋", "－", "＠"} {
		if strings.HasPrefix(t, p) {
			return "'" + s
		}
	}
	return s
}

func (b *Bot) reviewExport(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	format, _ := req.Cmd.String("format")
	if format == "" {
		format = "csv"
	}
	p, err := requestPeriod(req)
	if err != nil {
		return bot.Reply{}, err
	}
	rp, err := b.BuildReport(ctx, req.Group, p)
	if err != nil {
		return bot.Reply{}, err
	}
	x := rp.Export()
	var f *bot.File
	switch format {
	case "json":
		data, err := x.JSON()
		if err != nil {
			return bot.Reply{}, err
		}
		f = &bot.File{Name: rp.fileName("export", "json"), ContentType: "application/json", Data: data}
	default:
		data, err := x.CSV()
		if err != nil {
			return bot.Reply{}, err
		}
		f = &bot.File{Name: rp.fileName("export", "csv"), ContentType: "text/csv; charset=utf-8", Data: data}
	}
	if err := b.audit(ctx, req, "review export "+format, rp.MemberIDs()); err != nil {
		return bot.Reply{}, err
	}
	text := fmt.Sprintf("Export of **%s** · %s: %d participation rows, %d answers, %d attendance rows. People are named by display name only. "+
		"This file holds clinical information: keep it where your practice keeps records.", rp.Group.Name, rp.periodWords(), len(x.Participation), len(x.Answers), len(x.Attendance))
	return bot.Reply{Private: true, Message: &bot.Message{Text: text, Blocks: []bot.Block{f}}}, nil
}
