package core

import (
	"context"
	"fmt"
	"strings"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
)

// MemberNote is one member's record over a report's period, shaped for a
// progress note: display name only, no platform ids.
type MemberNote struct {
	Report     *Report
	Row        *MemberReview
	Attendance MemberAttendance
	Scales     []*ScaleSeries
	Scores     []*ScoreSeries
	Shared     []SharedAnswer
	Alerts     []*ReviewAlert
	Measures   []*MeasureSeries // questionnaires (measures.go)
}

// ScoreSeries is one member's scores on one scored step over time.
type ScoreSeries struct {
	ExerciseID, Title, StepID string
	Question                  string // the step's question, when the exercise scores several
	Points                    []ScorePoint
}

// ScorePoint is one scored answer.
type ScorePoint struct {
	RunID       int64
	At          time.Time
	Points, Max int
	Label       string
}

// SharedAnswer is an answer the member chose to share with the group.
type SharedAnswer struct {
	At       time.Time
	Exercise string
	Question string
	Answer   string
}

// MemberNote collects userID's note from the report; ENotFound when they
// were never a member of the group.
func (rp *Report) MemberNote(userID string) (*MemberNote, error) {
	var row *MemberReview
	for _, m := range rp.Members {
		if m.UserID == userID {
			row = m
		}
	}
	if row == nil {
		return nil, bot.Errorf(bot.ENotFound, "That person is not a member of this group.")
	}
	n := &MemberNote{Report: rp, Row: row, Attendance: rp.AttendanceOf(userID)}
	for _, s := range rp.Scales {
		if s.UserID == userID {
			n.Scales = append(n.Scales, s)
		}
	}
	byRun := map[int64]map[string]exercises.Answer{}
	at := map[int64]time.Time{}
	var runOrder []int64
	for _, a := range rp.Answers {
		if a.UserID != userID {
			continue
		}
		if byRun[a.RunID] == nil {
			byRun[a.RunID] = map[string]exercises.Answer{}
			runOrder = append(runOrder, a.RunID)
		}
		byRun[a.RunID][a.StepID] = a.Answer
		if a.AnsweredAt.After(at[a.RunID]) {
			at[a.RunID] = a.AnsweredAt
		}
		def := rp.defFor(a.RunID, userID) // review_levels.go
		if st, ok := def.Step(a.StepID); ok && a.Answer.Shared && !a.Answer.Skipped {
			plain := a.Answer
			plain.Shared = false
			n.Shared = append(n.Shared, SharedAnswer{At: a.AnsweredAt, Exercise: def.Title, Question: st.Text, Answer: AnswerText(st, plain)})
		}
	}
	series := map[string]*ScoreSeries{}
	for _, runID := range runOrder {
		def := rp.defFor(runID, userID)
		if def.Levelled() {
			continue // levels differ in length: the training line reads them (review_levels.go)
		}
		scores := def.Score(byRun[runID])
		for _, sc := range scores {
			key := def.ID + "/" + sc.Step
			s, ok := series[key]
			if !ok {
				s = &ScoreSeries{ExerciseID: def.ID, Title: def.Title, StepID: sc.Step}
				if st, ok := def.Step(sc.Step); ok && scoredSteps(def) > 1 {
					s.Question = st.Text
				}
				series[key] = s
				n.Scores = append(n.Scores, s)
			}
			s.Points = append(s.Points, ScorePoint{RunID: runID, At: at[runID], Points: sc.Points, Max: sc.Max, Label: sc.Label})
		}
	}
	for _, a := range rp.Alerts {
		if a.UserID == userID {
			n.Alerts = append(n.Alerts, a)
		}
	}
	n.Measures = rp.measuresOf(userID)
	return n, nil
}

func scoredSteps(def *exercises.Definition) int {
	n := 0
	for i := range def.Steps {
		if def.Steps[i].Scored() {
			n++
		}
	}
	return n
}

// Summary renders "5 of 10 → 7 of 10 (change +2, 3 runs)". It draws no
// red/yellow/green band: the built-in exercises have no norms, so a band
// would be a judgement the numbers cannot support.
func (s *ScoreSeries) Summary() string {
	first, last := s.Points[0], s.Points[len(s.Points)-1]
	if len(s.Points) == 1 {
		return fmt.Sprintf("%d of %d (one run)", first.Points, first.Max)
	}
	return fmt.Sprintf("%d of %d → %d of %d (change %+d, %d runs)", first.Points, first.Max, last.Points, last.Max,
		last.Points-first.Points, len(s.Points))
}

// joinedLateRuns counts the runs the member answered although they opened
// before the member joined.
func (n *MemberNote) joinedLateRuns() int {
	k := 0
	for i, run := range n.Report.Runs {
		if n.Row.joinedLate(run, n.Row.Cells[i]) {
			k++
		}
	}
	return k
}

// Text renders the note, ready to paste into a progress note.
func (n *MemberNote) Text() string {
	rp, row, c := n.Report, n.Row, n.Row.Counts
	g := rp.Group
	loc := g.Location()
	var sb strings.Builder
	fmt.Fprintf(&sb, "**Progress note — %s** · %s · %s\n", row.Name, g.Name, rp.periodWords())
	a := n.Attendance
	if a.Sessions == 0 {
		sb.WriteString("Live sessions: none recorded in this period.\n")
	} else {
		fmt.Fprintf(&sb, "Live sessions: attended %d of %d expected (present %d, late %d, left early %d, absent %d, excused %d)%s.\n",
			a.Attended(), a.Expected(), a.Counts[bot.AttendPresent], a.Counts[bot.AttendLate], a.Counts[bot.AttendLeftEarly], a.Counts[bot.AttendAbsent], a.Counts[bot.AttendExcused], a.minutesWords())
	}
	fmt.Fprintf(&sb, "Between-session exercises: %d due — answered on time %d, late %d, partial %d, missed %d (%s).",
		c.Due(), c[bot.StatusAnswered], c[bot.StatusLate], c[bot.StatusPartial], c[bot.StatusMissed], c.RatesText())
	var notDue []string
	for _, x := range []struct {
		st   bot.Status
		word string
	}{{bot.StatusExcused, "excused"}, {bot.StatusNotDue, "before they joined"}, {bot.StatusNoConsent, "no consent"}} {
		if c[x.st] > 0 {
			notDue = append(notDue, fmt.Sprintf("%s %d", x.word, c[x.st]))
		}
	}
	if len(notDue) > 0 {
		fmt.Fprintf(&sb, " Not due: %s.", strings.Join(notDue, ", "))
	}
	if late := n.joinedLateRuns(); c[bot.StatusNotDue] > 0 || late > 0 {
		fmt.Fprintf(&sb, " Joined the group %s", row.JoinedAt.In(loc).Format("2 Jan 2006"))
		if late > 0 {
			fmt.Fprintf(&sb, " and answered %d %s that had opened before (counted as due)", late, pluralWord(late, "run", "runs"))
		}
		sb.WriteString(".")
	}
	if c[bot.StatusNoConsent] > 0 {
		sb.WriteString(" No consent: runs that closed before they accepted the consent notice.")
	}
	if !row.LastActivity.IsZero() {
		fmt.Fprintf(&sb, " Last activity %s.", row.LastActivity.In(loc).Format("2 Jan 2006"))
	}
	sb.WriteString("\n")
	for _, s := range n.Scales {
		fmt.Fprintf(&sb, "Scale — %s (%d–%d): %s.\n", shorten(s.Question, 60), s.Min, s.Max, s.Summary())
	}
	for _, s := range n.Scores {
		if s.Question != "" {
			fmt.Fprintf(&sb, "Score — %s, %s: %s.\n", s.Title, shorten(s.Question, 40), s.Summary())
		} else {
			fmt.Fprintf(&sb, "Score — %s: %s.\n", s.Title, s.Summary())
		}
	}
	for _, l := range rp.memberLevelLines(row.UserID) { // review_levels.go
		sb.WriteString(l + "\n")
	}
	for _, s := range n.Measures {
		fmt.Fprintf(&sb, "Questionnaire — %s\n", s.Summary(loc))
	}
	if len(n.Shared) > 0 {
		sb.WriteString("Shared with the group:\n")
		for _, s := range n.Shared {
			fmt.Fprintf(&sb, "- %s, %s: %s\n", bot.DayFrom(s.At, rp.GeneratedAt, loc), shorten(s.Question, 50), s.Answer)
		}
	}
	switch {
	case len(n.Alerts) == 0:
		sb.WriteString("Safety alerts: none.\n")
	default:
		fmt.Fprintf(&sb, "Safety alerts: %d.\n", len(n.Alerts))
		for _, al := range n.Alerts {
			fmt.Fprintf(&sb, "- %s: %s", g.FormatTimeFrom(al.RaisedAt, rp.GeneratedAt), al.What)
			switch {
			case al.AckedAt != nil:
				fmt.Fprintf(&sb, " — acknowledged by %s, %s", rp.Name(al.AckedBy), g.FormatTimeFrom(*al.AckedAt, rp.GeneratedAt))
				if al.AckNote != "" {
					fmt.Fprintf(&sb, " (%s)", al.AckNote)
				}
			default:
				sb.WriteString(" — not yet acknowledged")
			}
			sb.WriteString("\n")
		}
	}
	return strings.TrimRight(sb.String(), "\n")
}

// Detail renders every run of the period with the member's status, answers
// and scores, for the attached file.
func (n *MemberNote) Detail() string {
	rp := n.Report
	var sb strings.Builder
	sb.WriteString(n.Text() + "\n\n## Runs\n")
	answers := n.answersByRun()
	for i := range rp.Runs {
		sb.WriteString(n.runBlock(i, answers))
	}
	for _, sa := range rp.Sessions {
		for _, r := range sa.Rows {
			if r.UserID == n.Row.UserID {
				fmt.Fprintf(&sb, "\nLive session %s: %s", rp.Group.FormatTimeFrom(sa.Session.StartedAt, rp.GeneratedAt), attendanceLine(r, rp.Name))
				if r.RollCall != "" {
					fmt.Fprintf(&sb, " · roll call: %s", r.RollCall)
				}
			}
		}
	}
	return strings.TrimRight(sb.String(), "\n") + "\n"
}

func (n *MemberNote) answersByRun() map[int64][]*bot.AnswerRecord {
	answers := map[int64][]*bot.AnswerRecord{}
	for _, a := range n.Report.Answers {
		if a.UserID == n.Row.UserID {
			answers[a.RunID] = append(answers[a.RunID], a)
		}
	}
	return answers
}

// runBlock renders the member's status, answers and scores for run i of
// the report ("" when they were not a member then, or not due).
func (n *MemberNote) runBlock(i int, answers map[int64][]*bot.AnswerRecord) string {
	rp := n.Report
	run := rp.Runs[i]
	st := n.Row.Cells[i]
	if st == "" || st == bot.StatusNotDue {
		return ""
	}
	var sb strings.Builder
	def := rp.defFor(run.ID, n.Row.UserID)
	status := string(st)
	if n.Row.joinedLate(run, st) {
		status += " (joined late)"
	}
	fmt.Fprintf(&sb, "\n%s · %s · %s\n", run.OpenedAt.In(rp.Group.Location()).Format("Mon 2 Jan 2006 15:04"), def.Title, status)
	got := map[string]exercises.Answer{}
	for _, a := range answers[run.ID] {
		got[a.StepID] = a.Answer
	}
	for _, stp := range def.AskSteps() {
		if a, ok := got[stp.ID]; ok {
			fmt.Fprintf(&sb, "- %s: %s%s\n", shorten(questionText(def, stp), 60), AnswerText(stp, a), rp.changeNote(run.ID, n.Row.UserID, stp))
		}
	}
	for _, s := range def.Score(got) {
		fmt.Fprintf(&sb, "- score: %s\n", s.Label) // no colour band: the exercises have no norms
	}
	if in := def.Instrument; in != nil { // a questionnaire's total and published band (measures.go)
		fmt.Fprintf(&sb, "- %s total: %s\n", in.Name, in.Score(got).Label())
	}
	return sb.String()
}

// ChatText is the note followed by the latest runs' answers that fit in
// MaxChatText; the attached Detail has every run.
func (n *MemberNote) ChatText() string {
	text := n.Text()
	if len(text) > MaxChatText {
		return text[:strings.LastIndex(text[:MaxChatText-60], "\n")] + "\n… the rest is in the attached note."
	}
	answers := n.answersByRun()
	var blocks []string
	used := len(text) + 80
	for i := len(n.Report.Runs) - 1; i >= 0; i-- {
		if len(answers[n.Report.Runs[i].ID]) == 0 {
			continue // missed runs are in the counts above
		}
		b := n.runBlock(i, answers)
		if b == "" {
			continue
		}
		if used+len(b) > MaxChatText {
			break
		}
		used += len(b)
		blocks = append([]string{b}, blocks...)
	}
	if len(blocks) == 0 {
		return text
	}
	return text + "\n\n__Latest answers__" + strings.TrimRight(strings.Join(blocks, ""), "\n")
}

func (b *Bot) reviewMemberNote(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	uid, _ := req.Cmd.UserOpt("member")
	p, err := requestPeriod(req)
	if err != nil {
		return bot.Reply{}, err
	}
	rp, err := b.BuildReport(ctx, req.Group, p)
	if err != nil {
		return bot.Reply{}, err
	}
	note, err := rp.MemberNote(uid)
	if err != nil {
		return bot.Reply{}, err
	}
	if err := b.audit(ctx, req, "review member", []string{uid}); err != nil {
		return bot.Reply{}, err
	}
	msg := &bot.Message{Text: note.ChatText(), Blocks: []bot.Block{&bot.File{Name: rp.fileName("note-"+fileSafe(note.Row.Name), "txt"), ContentType: "text/plain; charset=utf-8", Data: []byte(note.Detail())}}}
	if img := note.Chart(); img != nil {
		msg.Blocks = append(msg.Blocks, img)
	}
	if lines, err := b.memberLiveLines(ctx, req.Group, uid, p.From, p.To, req.Now); err != nil { // live_notes.go
		return bot.Reply{}, err
	} else if lines != "" {
		msg.Text += "\n" + lines
	}
	for _, img := range note.MeasureCharts() { // questionnaires (measures_chart.go)
		msg.Blocks = append(msg.Blocks, img)
	}
	if lines, err := b.AlertLines(ctx, req.Group, uid); err != nil { // safety alerts and acknowledgements (safety.go)
		return bot.Reply{}, err
	} else if lines != "" {
		msg.Text += "\n" + lines
	}
	return bot.Reply{Private: true, Message: msg}, nil
}

// fileSafe keeps letters and digits of s for a file name.
func fileSafe(s string) string {
	var sb strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			sb.WriteRune(r)
		}
	}
	if sb.Len() == 0 {
		return "member"
	}
	return shorten(sb.String(), 20)
}
