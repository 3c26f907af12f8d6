package core

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
)

// Progress-note formats. The practice chooses one (Config.NoteFormat); a
// therapist may ask for another with /review note … format:.
const (
	NoteDAP  = "dap"  // Data, Assessment, Plan
	NoteBIRP = "birp" // Behaviour, Intervention, Response, Plan
	NoteSOAP = "soap" // Subjective, Objective, Assessment, Plan
)

// NoteFormats lists the formats in the order /help shows them.
var NoteFormats = []string{NoteDAP, NoteBIRP, NoteSOAP}

// SessionPlan is what the core takes from the live session's plan: its
// goal, the intervention used and the therapist's own session notes (for
// progress notes), and what the therapist set for one member there: their
// homework, and the expected outcome level of their goal (goal attainment
// scaling), which homework-review and goal-review show the member.
type SessionPlan struct {
	Goal         string
	Intervention string
	Notes        []string // the therapist's own notes of the session(s), as written
	Homework     string   // the member's homework from the session; "" for none
	Expected     string   // the expected outcome level (0) of the member's goal; "" when not set
}

// SessionPlanSource gives the session plan of a group's live session(s) in
// a period, for one member's note. The session plan (goal, intervention,
// /session note) is built elsewhere; the lead connects it here with
// Config.SessionPlans. Nil, or a nil plan: the note says none was recorded.
type SessionPlanSource interface {
	SessionPlan(ctx context.Context, groupID int64, userID string, from, to time.Time) (*SessionPlan, error)
}

// ProgressNote is one member's note for a period, ready to check, complete
// and paste into a health record. It names no other member.
type ProgressNote struct {
	Format string
	Note   *MemberNote
	Plan   *SessionPlan
	Goals  []string // the member's goals and homework, one line each
	Sent   []string // titles of the exercises sent in the period, for the intervention
}

// ProgressNote builds userID's note for p in format ("" for the practice's).
func (b *Bot) ProgressNote(ctx context.Context, g *bot.Group, userID string, p Period, format string) (*ProgressNote, error) {
	if format == "" {
		format = b.noteFormat()
	}
	rp, err := b.BuildReport(ctx, g, p)
	if err != nil {
		return nil, err
	}
	mn, err := rp.MemberNote(userID)
	if err != nil {
		return nil, err
	}
	pn := &ProgressNote{Format: format, Note: mn}
	if src := b.cfg.SessionPlans; src != nil {
		if pn.Plan, err = src.SessionPlan(ctx, g.ID, userID, p.From, p.To); err != nil {
			return nil, err
		}
	}
	pn.Plan = scrubPlan(pn.Plan, rp, userID)
	pn.Goals = rp.goalLines(userID)
	seen := map[string]bool{}
	for _, r := range rp.Runs {
		if d := rp.defs[r.ID]; d != nil && !seen[d.Title] {
			seen[d.Title] = true
			pn.Sent = append(pn.Sent, d.Title)
		}
	}
	return pn, nil
}

func (b *Bot) noteFormat() string {
	for _, f := range NoteFormats {
		if strings.EqualFold(b.cfg.NoteFormat, f) {
			return f
		}
	}
	return NoteDAP
}

// scrubPlan replaces the names of the group's other members in the plan's
// texts with "another member": a note goes into one person's record, and
// the therapist's session notes may well name others.
func scrubPlan(p *SessionPlan, rp *Report, userID string) *SessionPlan {
	if p == nil {
		return nil
	}
	var res []*regexp.Regexp
	for _, m := range rp.Memberships {
		if m.UserID == userID || m.DisplayName == "" || m.DisplayName == rp.Name(userID) {
			continue
		}
		res = append(res, regexp.MustCompile(`(?i)(^|[^\pL\pN])`+regexp.QuoteMeta(m.DisplayName)+`($|[^\pL\pN])`))
	}
	scrub := func(s string) string {
		for _, re := range res {
			s = re.ReplaceAllString(s, "${1}another member${2}")
		}
		return s
	}
	out := &SessionPlan{Goal: scrub(p.Goal), Intervention: scrub(p.Intervention), Homework: scrub(p.Homework), Expected: scrub(p.Expected)}
	for _, n := range p.Notes {
		out.Notes = append(out.Notes, scrub(n))
	}
	return out
}

// goalLines are the member's answers to goal exercises in the period (the
// goals they set and how last week's went), one line per run, oldest first.
func (rp *Report) goalLines(userID string) []string {
	byRun := map[int64]map[string]exercises.Answer{}
	for _, a := range rp.Answers {
		if a.UserID == userID {
			if byRun[a.RunID] == nil {
				byRun[a.RunID] = map[string]exercises.Answer{}
			}
			byRun[a.RunID][a.StepID] = a.Answer
		}
	}
	var out []string
	for _, r := range rp.Runs {
		d := rp.defs[r.ID]
		got := byRun[r.ID]
		if d == nil || d.Kind != exercises.KindGoal || len(got) == 0 {
			continue
		}
		var parts []string
		for _, st := range d.AskSteps() {
			if a, ok := got[st.ID]; ok && !a.Skipped {
				a.Shared = false
				parts = append(parts, fmt.Sprintf("%s %s", noteLabel(st), noteAnswer(st, a)))
			}
		}
		out = append(out, fmt.Sprintf("%s, %s: %s", r.OpenedAt.In(rp.Group.Location()).Format("2 Jan"), d.Title, strings.Join(parts, "; ")))
	}
	return out
}

// noteLabel names a question in a note by its step id ("goal", "when",
// "confidence"): short, and the exercise file says what each one asks.
func noteLabel(st *exercises.Step) string {
	return strings.NewReplacer("-", " ", "_", " ").Replace(st.ID) + ":"
}

// noteAnswer is an answer in a note; a rating on a scale that goes below
// zero (goal attainment, -2..+2) keeps its sign and range.
func noteAnswer(st *exercises.Step, a exercises.Answer) string {
	if st.Answer == exercises.AnswerScale && st.Scale != nil && st.Scale.Min < 0 {
		return fmt.Sprintf("%+d (of %d to %+d)", a.Scale, st.Scale.Min, st.Scale.Max)
	}
	return AnswerText(st, a)
}

// Text renders the note as plain text in its format.
func (pn *ProgressNote) Text() string {
	n := pn.Note
	rp := n.Report
	loc := rp.Group.Location()
	var sb strings.Builder
	title := map[string]string{NoteDAP: "DAP", NoteBIRP: "BIRP", NoteSOAP: "SOAP"}[pn.Format]
	fmt.Fprintf(&sb, "PROGRESS NOTE (%s): %s\n", title, n.Row.Name)
	fmt.Fprintf(&sb, "Group: %s · Period: %s · Drafted by groupwork from the group's record on %s. Check and complete before filing.\n",
		rp.Group.Name, rp.periodWords(), rp.GeneratedAt.In(loc).Format("2 Jan 2006"))
	section := func(name string, lines ...string) {
		fmt.Fprintf(&sb, "\n%s\n", name)
		for _, l := range lines {
			if l != "" {
				sb.WriteString(l + "\n")
			}
		}
	}
	plan := "Plan: [for the therapist to complete]"
	switch pn.Format {
	case NoteBIRP:
		section("BEHAVIOUR", pn.attendance(), pn.participation(), pn.measures("Questionnaires (self-report)"), pn.goals(), pn.alerts())
		section("INTERVENTION", pn.sessionGoal(), pn.intervention(), pn.sent())
		section("RESPONSE", pn.changes(), pn.therapistNotes(), "Response: [for the therapist to complete]")
		section("PLAN", plan)
	case NoteSOAP:
		section("SUBJECTIVE", pn.goals(), pn.measures("Questionnaires (self-report)"))
		section("OBJECTIVE", pn.attendance(), pn.participation(), pn.alerts())
		section("ASSESSMENT", pn.sessionGoal(), pn.intervention(), pn.changes(), pn.therapistNotes(), "Assessment: [for the therapist to complete]")
		section("PLAN", plan)
	default:
		section("DATA", pn.sessionGoal(), pn.intervention(), pn.attendance(), pn.participation(), pn.measures("Questionnaires"), pn.goals(), pn.alerts())
		section("ASSESSMENT", pn.changes(), pn.therapistNotes(), "Assessment: [for the therapist to complete]")
		section("PLAN", plan)
	}
	return strings.TrimRight(sb.String(), "\n") + "\n"
}

func (pn *ProgressNote) sessionGoal() string {
	if pn.Plan == nil || pn.Plan.Goal == "" {
		return "Session goal: none recorded in a session plan for this period."
	}
	return "Session goal: " + pn.Plan.Goal
}

func (pn *ProgressNote) intervention() string {
	if pn.Plan == nil || pn.Plan.Intervention == "" {
		return "Intervention: none recorded in a session plan for this period."
	}
	return "Intervention: " + pn.Plan.Intervention
}

func (pn *ProgressNote) sent() string {
	if len(pn.Sent) == 0 {
		return "Between-session exercises sent: none."
	}
	return "Between-session exercises sent: " + strings.Join(pn.Sent, ", ") + "."
}

func (pn *ProgressNote) therapistNotes() string {
	if pn.Plan == nil || len(pn.Plan.Notes) == 0 {
		return "Therapist's session notes: none recorded."
	}
	return "Therapist's session notes: " + strings.Join(pn.Plan.Notes, " / ")
}

func (pn *ProgressNote) attendance() string {
	a := pn.Note.Attendance
	if a.Sessions == 0 {
		return "Attendance: no live sessions recorded in this period."
	}
	return fmt.Sprintf("Attendance: attended %d of %d expected live sessions (present %d, late %d, left early %d, absent %d, excused %d)%s.",
		a.Attended(), a.Expected(), a.Counts[bot.AttendPresent], a.Counts[bot.AttendLate], a.Counts[bot.AttendLeftEarly], a.Counts[bot.AttendAbsent], a.Counts[bot.AttendExcused], a.minutesWords())
}

func (pn *ProgressNote) participation() string {
	c := pn.Note.Row.Counts
	return fmt.Sprintf("Participation: %d between-session exercises due; answered on time %d, late %d, partial %d, missed %d (%s).",
		c.Due(), c[bot.StatusAnswered], c[bot.StatusLate], c[bot.StatusPartial], c[bot.StatusMissed], c.RatesText())
}

func (pn *ProgressNote) measures(label string) string {
	if len(pn.Note.Measures) == 0 {
		return label + ": none in this period."
	}
	var lines []string
	for _, s := range pn.Note.Measures {
		lines = append(lines, "- "+s.Summary(pn.Note.Report.Group.Location()))
	}
	return label + ":\n" + strings.Join(lines, "\n")
}

// changes states the reliable changes, which is all the numbers support;
// what they mean is the therapist's assessment.
func (pn *ProgressNote) changes() string {
	var lines []string
	for _, s := range pn.Note.Measures {
		l := s.Latest()
		if l == nil {
			continue
		}
		ch, d := s.Overall()
		if s.First() == l {
			lines = append(lines, fmt.Sprintf("- %s: one result in this period, %d (%s); no change to assess.", s.Instrument.Name, l.Result.Total, l.Result.Band))
			continue
		}
		lines = append(lines, fmt.Sprintf("- %s: %d (%s) to %d (%s), %+d: %s (threshold %d).", s.Instrument.Name,
			s.First().Result.Total, s.First().Result.Band, l.Result.Total, l.Result.Band, d, ch, s.Instrument.ReliableChange))
	}
	if len(lines) == 0 {
		return ""
	}
	return "Change on questionnaires:\n" + strings.Join(lines, "\n")
}

func (pn *ProgressNote) goals() string {
	var set []string
	if pn.Plan != nil && pn.Plan.Homework != "" {
		set = append(set, "Homework set: "+pn.Plan.Homework)
	}
	if pn.Plan != nil && pn.Plan.Expected != "" {
		set = append(set, "Expected outcome level of the goal (0 on -2..+2): "+pn.Plan.Expected)
	}
	if len(pn.Goals) == 0 {
		return strings.Join(append(set, "Goals and homework: none recorded in this period."), "\n")
	}
	return strings.Join(append(set, "Goals and homework (the member's own words):\n- "+strings.Join(pn.Goals, "\n- ")), "\n")
}

func (pn *ProgressNote) alerts() string {
	als := pn.Note.Alerts
	if len(als) == 0 {
		return "Safety alerts: none."
	}
	rp := pn.Note.Report
	var lines []string
	for _, al := range als {
		l := fmt.Sprintf("- %s: %s", rp.Group.FormatTimeFrom(al.RaisedAt, rp.GeneratedAt), al.What)
		if al.AckedAt != nil {
			l += fmt.Sprintf("; acknowledged %s", rp.Group.FormatTimeFrom(*al.AckedAt, rp.GeneratedAt))
			if al.AckNote != "" {
				l += " (" + al.AckNote + ")"
			}
		} else {
			l += "; not yet acknowledged"
		}
		lines = append(lines, l)
	}
	return fmt.Sprintf("Safety alerts: %d.\n%s", len(als), strings.Join(lines, "\n"))
}

// reviewNote answers /review note: the note in the chat, ready to copy, and
// as a file to download.
func (b *Bot) reviewNote(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	uid, _ := req.Cmd.UserOpt("member")
	format, _ := req.Cmd.String("format")
	p, err := requestPeriod(req)
	if err != nil {
		return bot.Reply{}, err
	}
	pn, err := b.ProgressNote(ctx, req.Group, uid, p, strings.ToLower(format))
	if err != nil {
		return bot.Reply{}, err
	}
	if err := b.audit(ctx, req, "review member", []string{uid}); err != nil { // it shows what the member wrote
		return bot.Reply{}, err
	}
	text := pn.Text()
	chat := "```\n" + text + "```"
	if len(chat) > MaxChatText { // the whole note is in the file; show what fits
		const more = "… the rest is in the attached file, ready to paste.\n```"
		cut := strings.LastIndex(chat[:MaxChatText-len(more)], "\n")
		chat = chat[:cut+1] + more
	}
	name := pn.Note.Report.fileName("note-"+pn.Format+"-"+fileSafe(pn.Note.Row.Name), "txt")
	msg := &bot.Message{Text: chat, Blocks: []bot.Block{&bot.File{Name: name, ContentType: "text/plain; charset=utf-8", Data: []byte(text)}}}
	return bot.Reply{Private: true, Message: msg}, nil
}
