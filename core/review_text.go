package core

import (
	"context"
	"fmt"
	"strings"
	"time"

	"groupwork/bot"
)

// MaxChatText is the length the chat summary of a review stays under;
// the rest goes into the attached full report.
const MaxChatText = 1800

// audit records that the invoker saw or exported the subjects' data.
func (b *Bot) audit(ctx context.Context, req *bot.Request, action string, subjects []string) error {
	return b.store.AddAudit(ctx, &bot.AuditRecord{GroupID: req.Group.ID, ActorID: req.Member.UserID, Action: action, Subjects: subjects, At: req.Now})
}

// requestPeriod reads the command's period option in the group's zone.
func requestPeriod(req *bot.Request) (Period, error) {
	s, _ := req.Cmd.String("period")
	return ParsePeriod(s, req.Group.Location(), req.Now)
}

// OperatorActor is the audit actor of reports made offline with
// "groupwork report" (no chat identity).
const OperatorActor = "operator"

// actorName names who did an audited action: their display name in the
// group, "the operator (groupwork report)" for offline reports.
func actorName(names map[string]string, id string) string {
	if n := names[id]; n != "" {
		return n
	}
	if id == OperatorActor {
		return "the operator (groupwork report)"
	}
	return id
}

// MemberIDs returns the ids of the report's member rows, for audit records.
func (rp *Report) MemberIDs() []string {
	out := make([]string, 0, len(rp.Members))
	for _, m := range rp.Members {
		out = append(out, m.UserID)
	}
	return out
}

func (b *Bot) reviewGroupReport(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	p, err := requestPeriod(req)
	if err != nil {
		return bot.Reply{}, err
	}
	rp, err := b.BuildReport(ctx, req.Group, p)
	if err != nil {
		return bot.Reply{}, err
	}
	if !req.Member.Role.Therapist() {
		// Observers and supervisors see aggregates only: no names, no answers.
		if err := b.audit(ctx, req, "review group (aggregates)", rp.MemberIDs()); err != nil {
			return bot.Reply{}, err
		}
		return bot.PrivateText(rp.AggregateText()), nil
	}
	if err := b.audit(ctx, req, "review group", rp.MemberIDs()); err != nil {
		return bot.Reply{}, err
	}
	msg := &bot.Message{Text: rp.ChatText()}
	msg.Blocks = append(msg.Blocks, &bot.File{Name: rp.fileName("review", "txt"), ContentType: "text/plain; charset=utf-8", Data: []byte(rp.FullText())})
	for _, img := range rp.Charts() {
		msg.Blocks = append(msg.Blocks, img)
	}
	return bot.Reply{Private: true, Message: msg}, nil
}

// fileName is "review-tuesday-group-2026-11-01-2026-11-30.txt".
func (rp *Report) fileName(kind, ext string) string {
	var sb strings.Builder
	for _, r := range strings.ToLower(rp.Group.Name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			sb.WriteRune(r)
		case sb.Len() > 0 && !strings.HasSuffix(sb.String(), "-"):
			sb.WriteByte('-')
		}
	}
	name := strings.Trim(sb.String(), "-")
	if name == "" || len(name) > 40 {
		name = fmt.Sprintf("group-%d", rp.Group.ID)
	}
	loc := rp.Group.Location()
	from := "start"
	if !rp.Period.From.IsZero() {
		from = rp.Period.From.In(loc).Format("2006-01-02")
	}
	to := rp.Period.To.Add(-time.Nanosecond).In(loc).Format("2006-01-02")
	return fmt.Sprintf("%s-%s-%s-%s.%s", kind, name, from, to, ext)
}

func (rp *Report) periodWords() string {
	if rp.Period.Words != "" {
		return rp.Period.Words
	}
	return "all time"
}

// header is the first lines of every rendering.
func (rp *Report) header() string {
	return fmt.Sprintf("**Review of %s** · %s\n%d exercise %s · %d live %s",
		rp.Group.Name, rp.periodWords(), len(rp.Runs), pluralWord(len(rp.Runs), "run", "runs"),
		len(rp.Sessions), pluralWord(len(rp.Sessions), "session", "sessions"))
}

// table renders the per-member participation and attendance table.
func (rp *Report) table() string {
	var sb strings.Builder
	loc := rp.Group.Location()
	sb.WriteString("```\n")
	fmt.Fprintf(&sb, "%-10s %s %7s %6s\n", "member", countsHeader, "session", "last")
	for _, m := range rp.Members {
		last := "—"
		if !m.LastActivity.IsZero() {
			last = bot.DayFrom(m.LastActivity, rp.GeneratedAt, loc)
		}
		fmt.Fprintf(&sb, "%-10s %s %7s %6s\n", shorten(m.Name, 10), m.Counts.cells(), sessionCell(rp.AttendanceOf(m.UserID)), last)
	}
	fmt.Fprintf(&sb, "%-10s %s %7s\n", "group", rp.Totals.cells(), sessionCell(rp.AttendanceTotals()))
	sb.WriteString("```\n")
	return sb.String()
}

// sessionCell is "3/4": sessions attended of those expected.
func sessionCell(a MemberAttendance) string {
	if a.Sessions == 0 {
		return "—"
	}
	return fmt.Sprintf("%d/%d", a.Attended(), a.Expected())
}

func (rp *Report) legend(short bool) string {
	s := countsLegend + " Session = live sessions attended over those expected (excused ones are not)."
	if short {
		s = countsLegendShort + " Session = attended / expected."
	}
	if p := rp.Totals[bot.StatusPending]; p > 0 {
		s = fmt.Sprintf("%d answer(s) still open, not counted yet. ", p) + s
	}
	return s + "\n"
}

// scaleLines renders one line per scale question, short or long.
func (rp *Report) scaleLines(long bool) []string {
	var out []string
	last := ""
	var line strings.Builder
	flush := func() {
		if line.Len() > 0 {
			out = append(out, line.String())
			line.Reset()
		}
	}
	for _, s := range rp.Scales {
		if k := s.ExerciseID + "/" + s.StepID; k != last {
			flush()
			fmt.Fprintf(&line, "**%s** (%d–%d, %s)", shorten(s.Question, 60), s.Min, s.Max, s.ExerciseID)
			last = k
		}
		if long {
			fmt.Fprintf(&line, "\n- %s: %s", rp.Name(s.UserID), s.Summary())
		} else {
			fmt.Fprintf(&line, "\n- %s: %s", rp.Name(s.UserID), s.ShortTrend())
		}
	}
	flush()
	return out
}

// sessionsLine details each member's attendance in one line:
// "Live sessions: Ana 2/2 (1 left early; 115 min) · Cy 1/2 (1 late, 1 absent; 40 min)".
func (rp *Report) sessionsLine() string {
	if len(rp.Sessions) == 0 {
		return ""
	}
	var parts []string
	for _, m := range rp.Members {
		a := rp.AttendanceOf(m.UserID)
		if a.Sessions == 0 {
			continue
		}
		var detail []string
		for _, st := range attendanceOrder[1:] { // present is implied
			if n := a.Counts[st]; n > 0 {
				detail = append(detail, fmt.Sprintf("%d %s", n, attendanceWords(st)))
			}
		}
		d := strings.Join(detail, ", ")
		if a.Timed > 0 && a.Minutes > 0 {
			if d != "" {
				d += "; "
			}
			d += fmt.Sprintf("%d min", a.Minutes)
		}
		if d != "" {
			d = " (" + d + ")"
		}
		parts = append(parts, fmt.Sprintf("%s %s%s", m.Name, sessionCell(a), d))
	}
	return "Live sessions: " + strings.Join(parts, " · ")
}

func (rp *Report) alertLine() string {
	open := rp.OpenAlerts()
	if len(open) == 0 {
		return "No open safety alerts."
	}
	var parts []string
	for _, m := range rp.Members {
		if n := open[m.UserID]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", m.Name, n))
		}
	}
	return "**Open safety alerts:** " + strings.Join(parts, ", ") + ". Acknowledge them with /alerts ack."
}

func (rp *Report) engagementLine() string {
	if len(rp.Engagement) == 0 {
		return ""
	}
	var parts []string
	for i, e := range rp.Engagement {
		if i == 4 {
			break
		}
		parts = append(parts, fmt.Sprintf("%s %s (%d %s)", e.ExerciseID, e.Counts.RatesText(), e.Runs, pluralWord(e.Runs, "run", "runs")))
	}
	return "Most engaged: " + strings.Join(parts, " · ")
}

// ChatText is the therapist's summary, under MaxChatText characters; the
// full report carries the rest.
func (rp *Report) ChatText() string {
	var sb strings.Builder
	sb.WriteString(rp.header() + "\n")
	if len(rp.Members) == 0 {
		sb.WriteString("This group has no members yet.")
		return sb.String()
	}
	sb.WriteString(rp.table())
	sb.WriteString(rp.legend(true))
	if line := rp.sessionsLine(); line != "" {
		sb.WriteString(line + "\n")
	}
	measures := rp.measureChatLine() // questionnaires (measures.go): room kept for it
	tail := []string{measures, rp.alertLine(), rp.engagementLine(), "Full report and charts attached."}
	tailLen := 0
	for _, t := range tail {
		tailLen += len(t) + 1
	}
	scales := rp.scaleLines(false)
	for i, s := range scales {
		if sb.Len()+len(s)+tailLen+60 > MaxChatText {
			fmt.Fprintf(&sb, "\n… %d more scale %s in the full report.\n", len(scales)-i, pluralWord(len(scales)-i, "question", "questions"))
			break
		}
		sb.WriteString("\n" + s + "\n")
	}
	for _, l := range rp.groupLevelLines() { // review_levels.go: after the scales, when there is room
		if sb.Len()+len(l)+tailLen+60 > MaxChatText {
			sb.WriteString("\nCognitive training: in the full report.\n")
			break
		}
		sb.WriteString("\n" + l + "\n")
	}
	sb.WriteString("\n")
	for _, t := range tail {
		if t != "" {
			sb.WriteString(t + "\n")
		}
	}
	text := strings.TrimRight(sb.String(), "\n")
	if len(text) > MaxChatText {
		// The table first, then the lines that fit; the legend and the
		// sections go to the full report.
		sb.Reset()
		sb.WriteString(rp.header() + "\n" + rp.table())
		for _, t := range append([]string{"Full report, legend and charts attached.", rp.sessionsLine()}, tail[:len(tail)-1]...) {
			if t != "" && sb.Len()+len(t)+1 <= MaxChatText {
				sb.WriteString(t + "\n")
			}
		}
		text = strings.TrimRight(sb.String(), "\n")
	}
	if len(text) > MaxChatText { // very many members: the table alone is too long
		text = rp.header() + "\nThis group is too large to show here: see the attached full report."
	}
	return text
}

// AggregateText is what observers see: group totals only, no names, no answers.
func (rp *Report) AggregateText() string {
	var sb strings.Builder
	sb.WriteString(rp.header() + "\n")
	t := rp.Totals
	fmt.Fprintf(&sb, "Members: %d. Runs due: %d · answered on time %d · late %d · partial %d · missed %d (%s). Not due: excused %d · not due %d · no consent %d.\n",
		len(rp.Members), t.Due(), t[bot.StatusAnswered], t[bot.StatusLate], t[bot.StatusPartial], t[bot.StatusMissed], t.RatesText(), t[bot.StatusExcused], t[bot.StatusNotDue], t[bot.StatusNoConsent])
	if len(rp.Sessions) > 0 {
		a := rp.AttendanceTotals()
		fmt.Fprintf(&sb, "Live-session attendance: %d of %d expected (present %d, late %d, left early %d, absent %d, excused %d).\n",
			a.Attended(), a.Expected(), a.Counts[bot.AttendPresent], a.Counts[bot.AttendLate], a.Counts[bot.AttendLeftEarly], a.Counts[bot.AttendAbsent], a.Counts[bot.AttendExcused])
	}
	if e := rp.engagementLine(); e != "" {
		sb.WriteString(e + "\n")
	}
	for _, l := range rp.groupLevelLines() { // review_levels.go
		sb.WriteString(l + "\n")
	}
	for _, a := range rp.MeasureAggregates(rp.MinRespondents) { // only above the small-group guard
		sb.WriteString(a.Text() + "\n")
	}
	sb.WriteString("As an observer you see group totals only; individual records and answers are for the group's therapists.")
	return sb.String()
}

// FullText is the complete report as plain text (markdown-ish), for the
// attached file and the offline report.
func (rp *Report) FullText() string {
	var sb strings.Builder
	loc := rp.Group.Location()
	sb.WriteString(rp.header() + "\n")
	fmt.Fprintf(&sb, "Generated %s (%s). Confidential clinical record.\n\n", rp.GeneratedAt.In(loc).Format("Mon 2 Jan 2006 15:04"), rp.Group.TimeZone)
	sb.WriteString("## Participation\n")
	sb.WriteString(strings.ReplaceAll(rp.table(), "```\n", ""))
	sb.WriteString(rp.legend(false))

	sb.WriteString("\n## Live sessions\n")
	if len(rp.Sessions) == 0 {
		sb.WriteString("No live sessions in this period.\n")
	}
	for _, sa := range rp.Sessions {
		sb.WriteString(sa.Text(rp.Group, rp.Memberships, rp.GeneratedAt) + "\n\n")
	}
	for _, m := range rp.Members {
		a := rp.AttendanceOf(m.UserID)
		if a.Sessions > 0 {
			fmt.Fprintf(&sb, "- %s: %d of %d expected; present %d, late %d, left early %d, absent %d, excused %d%s\n", m.Name,
				a.Attended(), a.Expected(), a.Counts[bot.AttendPresent], a.Counts[bot.AttendLate], a.Counts[bot.AttendLeftEarly], a.Counts[bot.AttendAbsent], a.Counts[bot.AttendExcused], a.minutesWords())
		}
	}

	sb.WriteString("\n## Scales\n")
	if len(rp.Scales) == 0 {
		sb.WriteString("No scale answers in this period.\n")
	}
	for _, s := range rp.scaleLines(true) {
		sb.WriteString(s + "\n\n")
	}

	if ms := rp.measureLines(); len(ms) > 0 { // questionnaires (measures.go)
		sb.WriteString("## Questionnaires\n")
		for _, m := range ms {
			sb.WriteString("- " + m + "\n")
		}
		sb.WriteString("\n")
	}
	sb.WriteString("## Safety alerts\n")
	if len(rp.Alerts) == 0 {
		sb.WriteString("None in this period.\n")
	}
	for _, a := range rp.Alerts {
		fmt.Fprintf(&sb, "- %s · %s · %s", rp.Group.FormatTimeFrom(a.RaisedAt, rp.GeneratedAt), rp.Name(a.UserID), a.What)
		switch {
		case a.AckedAt != nil:
			fmt.Fprintf(&sb, " · acknowledged by %s, %s", rp.Name(a.AckedBy), rp.Group.FormatTimeFrom(*a.AckedAt, rp.GeneratedAt))
			if a.AckNote != "" {
				fmt.Fprintf(&sb, " (%s)", a.AckNote)
			}
		default:
			sb.WriteString(" · OPEN")
		}
		sb.WriteString("\n")
	}

	if lines := rp.trainingLines(); len(lines) > 0 { // review_levels.go
		sb.WriteString("\n## Cognitive training\n")
		for _, l := range lines {
			sb.WriteString("- " + l + "\n")
		}
	}

	sb.WriteString("\n## Exercises\n")
	for _, e := range rp.Engagement {
		fmt.Fprintf(&sb, "- %s (%s): %d %s, %d due, %d answered on time, %d late, %d partial; %s\n", e.Title, e.ExerciseID, e.Runs, pluralWord(e.Runs, "run", "runs"), e.Counts.Due(), e.Counts[bot.StatusAnswered], e.Counts[bot.StatusLate], e.Counts[bot.StatusPartial], e.Counts.RatesText())
	}

	sb.WriteString("\n## Runs\n")
	sb.WriteString("A answered on time · L answered late · P partial · M missed · E excused · n not due · C no consent · ? still open · blank not a member then\n")
	for i, run := range rp.Runs {
		fmt.Fprintf(&sb, "%s  %-22s ", run.OpenedAt.In(loc).Format("2006-01-02 15:04"), shorten(run.ExerciseID, 22))
		for _, m := range rp.Members {
			sb.WriteString(statusLetter(m.Cells[i]))
		}
		sb.WriteString("\n")
	}
	if len(rp.Members) > 0 {
		sb.WriteString("Columns: ")
		for i, m := range rp.Members {
			if i > 0 {
				sb.WriteString(", ")
			}
			fmt.Fprintf(&sb, "%d %s", i+1, m.Name)
		}
		sb.WriteString("\n")
	}
	return sb.String()
}

func statusLetter(s bot.Status) string {
	switch s {
	case bot.StatusAnswered:
		return "A"
	case bot.StatusPartial:
		return "P"
	case bot.StatusLate:
		return "L"
	case bot.StatusExcused:
		return "E"
	case bot.StatusMissed:
		return "M"
	case bot.StatusNotDue:
		return "n"
	case bot.StatusNoConsent:
		return "C"
	case bot.StatusPending:
		return "?"
	}
	return " "
}
