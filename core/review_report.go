package core

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
)

// ReviewAlert is a safety alert as reviews show it: the rule's words and
// what happened to it, never what the member wrote.
type ReviewAlert struct {
	UserID   string
	RunID    int64
	RaisedAt time.Time
	What     string // e.g. "low mood rating"
	AckedAt  *time.Time
	AckedBy  string // user id
	AckNote  string
}

// Open reports whether nobody has acknowledged the alert yet.
func (a *ReviewAlert) Open() bool { return a.AckedAt == nil }

// Engagement is how one exercise was taken up over a period.
type Engagement struct {
	ExerciseID string
	Title      string
	Runs       int
	Counts     Counts
}

// Report is a group review over a period with everything the therapist's
// views, exports and charts need. Build it with BuildReport; it only reads.
type Report struct {
	*GroupReview
	Period      Period
	GeneratedAt time.Time
	Sessions    []*SessionAttendance
	Alerts      []*ReviewAlert
	Engagement  []*Engagement // most engaged first
	Parts       []*bot.Participation
	Answers     []*bot.AnswerRecord
	Memberships []*bot.Membership
	// MinRespondents is the small-group guard for aggregates (measures.go).
	MinRespondents int

	defs       map[int64]*exercises.Definition   // by run id, roll calls included
	index      map[int64]int                     // run id → position in Runs
	allAnswers []*bot.AnswerRecord               // Answers with those to roll calls, for the export
	history    map[answerKey][]*bot.AnswerRecord // versions of changed answers (answer_history.go)
	levels     *levelReport                      // levelled exercises (review_levels.go)
}

// Name returns a member's display name (their id when none is known).
func (r *Report) Name(userID string) string { return displayName(r.Memberships, userID) }

// Def returns the frozen definition of one of the report's runs.
func (r *Report) Def(runID int64) *exercises.Definition { return r.defs[runID] }

// BuildReport computes the group's review for p with a few bulk reads, so
// that a year of daily check-ins stays fast. Its GroupReview has the same
// numbers as BuildGroupReview for the same period.
func (b *Bot) BuildReport(ctx context.Context, g *bot.Group, p Period) (*Report, error) {
	now := b.clock.Now()
	if p.To.IsZero() {
		p.To = now.Add(time.Nanosecond)
	}
	// The four reads are independent: run them at once on the store's
	// read pool, which halves the time of a year-long review.
	var (
		runs    []*bot.Run
		ms      []*bot.Membership
		parts   []*bot.Participation
		answers []*bot.AnswerRecord
		history []*bot.AnswerRecord
		errs    [5]error
		wg      sync.WaitGroup
	)
	wg.Add(5)
	go func() { defer wg.Done(); runs, errs[0] = b.reports.Runs(ctx, g.ID, p.From, p.To) }()
	go func() { defer wg.Done(); ms, errs[1] = b.reports.Memberships(ctx, g.ID) }()
	go func() { defer wg.Done(); parts, errs[2] = b.reports.GroupParticipation(ctx, g.ID, p.From, p.To) }()
	go func() { defer wg.Done(); answers, errs[3] = b.reports.GroupAnswers(ctx, g.ID, p.From, p.To) }()
	go func() { defer wg.Done(); history, errs[4] = b.reports.AnswerHistory(ctx, g.ID, "", p.From, p.To) }() // answer_history.go
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	var err error
	rp := &Report{
		GroupReview: &GroupReview{Group: g, From: p.From, To: p.To, Runs: runs, Totals: Counts{}},
		Period:      p, GeneratedAt: now, Parts: parts, Answers: answers, Memberships: ms,
		defs: map[int64]*exercises.Definition{}, index: map[int64]int{}, history: changes(history),
		MinRespondents: b.minRespondents(),
	}
	for _, run := range runs {
		if rp.defs[run.ID], err = b.definition(run); err != nil {
			return nil, err
		}
	}
	if rp.levels, err = b.buildLevels(ctx, g, rp); err != nil { // review_levels.go
		return nil, err
	}
	rp.dropRollCalls()
	for i, run := range rp.Runs {
		rp.index[run.ID] = i
	}
	rp.fillReview()
	if rp.Sessions, err = b.attendanceFor(ctx, g, p.From, p.To, ms, now); err != nil {
		return nil, err
	}
	if rp.Alerts, err = b.reviewAlerts(ctx, g, p); err != nil {
		return nil, err
	}
	rp.fillEngagement()
	return rp, nil
}

// dropRollCalls leaves roll-call runs, their participation and answers out
// of the report: a roll call is attendance (its answer is shown beside the
// member's attendance of the session), not exercise participation. The
// export still lists every answer (allAnswers): nothing a member said is
// left out of the record.
func (rp *Report) dropRollCalls() {
	rp.allAnswers = rp.Answers
	skip := map[int64]bool{}
	runs := rp.Runs[:0:0]
	for _, run := range rp.Runs {
		if isRollCall(rp.defs[run.ID]) || isLiveRun(run) { // live runs are part of the session (live_activity.go)
			skip[run.ID] = true
			continue
		}
		runs = append(runs, run)
	}
	if len(skip) == 0 {
		return
	}
	rp.Runs = runs
	parts := rp.Parts[:0:0]
	for _, p := range rp.Parts {
		if !skip[p.RunID] {
			parts = append(parts, p)
		}
	}
	rp.Parts = parts
	answers := rp.Answers[:0:0]
	for _, a := range rp.Answers {
		if !skip[a.RunID] {
			answers = append(answers, a)
		}
	}
	rp.Answers = answers
}

// fillReview computes the GroupReview part with the rules of
// BuildGroupReview: member rows by first join, not-due for runs opened
// before a member joined, "" for runs when they were not a member.
func (rp *Report) fillReview() {
	rv := rp.GroupReview
	rows := map[string]*MemberReview{}
	for _, m := range rp.Memberships {
		if m.Role != bot.RoleMember {
			continue
		}
		if row, ok := rows[m.UserID]; ok {
			row.LeftAt = m.LeftAt
			continue
		}
		row := &MemberReview{UserID: m.UserID, Name: m.DisplayName, JoinedAt: m.JoinedAt, LeftAt: m.LeftAt, Counts: Counts{}}
		rows[m.UserID] = row
		rv.Members = append(rv.Members, row)
	}
	// Participation as a runs × members table, answers grouped by run with
	// one backing array: a year of daily runs needs no per-run maps.
	nm := len(rv.Members)
	col := make(map[string]int, nm)
	for j, row := range rv.Members {
		col[row.UserID] = j
		row.Cells = make([]bot.Status, 0, len(rv.Runs))
	}
	table := make([]*bot.Participation, len(rv.Runs)*nm)
	for _, p := range rp.Parts {
		i, ok := rp.index[p.RunID]
		j, member := col[p.UserID]
		if ok && member {
			table[i*nm+j] = p
		}
	}
	counts := make([]int, len(rv.Runs)+1)
	for _, a := range rp.Answers {
		if i, ok := rp.index[a.RunID]; ok {
			counts[i+1]++
		}
	}
	for i := 1; i < len(counts); i++ {
		counts[i] += counts[i-1] // counts[i] is now where run i's answers start
	}
	byRunAnswers := make([]*bot.AnswerRecord, counts[len(counts)-1])
	fill := append([]int(nil), counts...)
	for _, a := range rp.Answers {
		if i, ok := rp.index[a.RunID]; ok {
			byRunAnswers[fill[i]] = a
			fill[i]++
		}
	}
	series := map[string]*ScaleSeries{}
	for i, run := range rv.Runs {
		for j, row := range rv.Members {
			st := bot.StatusNotDue
			if p := table[i*nm+j]; p != nil {
				st = p.Status
				if st.Responded() && p.UpdatedAt.After(row.LastActivity) {
					row.LastActivity = p.UpdatedAt
				}
			} else if !row.JoinedAt.After(run.OpenedAt) {
				st = ""
			}
			row.Cells = append(row.Cells, st)
			if st != "" {
				row.Counts[st]++
				rv.Totals[st]++
			}
		}
		def := rp.defs[run.ID]
		for si, st := range def.AskSteps() {
			if st.Answer != exercises.AnswerScale {
				continue
			}
			for _, a := range byRunAnswers[counts[i]:counts[i+1]] {
				if a.StepID != st.ID || a.Answer.Skipped {
					continue
				}
				key := run.ExerciseID + "/" + st.ID + "/" + a.UserID
				s, ok := series[key]
				if !ok {
					s = &ScaleSeries{ExerciseID: run.ExerciseID, StepID: st.ID, StepIndex: si, Question: st.Text, Min: st.Scale.Min, Max: st.Scale.Max, UserID: a.UserID}
					series[key] = s
					rv.Scales = append(rv.Scales, s)
				}
				s.Points = append(s.Points, ScalePoint{RunID: run.ID, At: a.AnsweredAt, Value: a.Answer.Scale})
			}
		}
	}
	sort.SliceStable(rv.Scales, func(i, j int) bool {
		a, b := rv.Scales[i], rv.Scales[j]
		if a.ExerciseID != b.ExerciseID {
			return a.ExerciseID < b.ExerciseID
		}
		if a.StepIndex != b.StepIndex {
			return a.StepIndex < b.StepIndex
		}
		return memberIndex(rv.Members, a.UserID) < memberIndex(rv.Members, b.UserID)
	})
}

// reviewAlerts returns the group's safety alerts raised in the period,
// and those still open from before it, oldest first.
func (b *Bot) reviewAlerts(ctx context.Context, g *bot.Group, p Period) ([]*ReviewAlert, error) {
	all, err := b.reports.Alerts(ctx, g.ID, false)
	if err != nil {
		return nil, err
	}
	var out []*ReviewAlert
	for i := len(all) - 1; i >= 0; i-- { // the store lists newest first
		a := all[i]
		in := !a.RaisedAt.Before(p.From) && a.RaisedAt.Before(p.To)
		if !in && !(a.Open() && a.RaisedAt.Before(p.From)) {
			continue
		}
		out = append(out, &ReviewAlert{UserID: a.UserID, RunID: a.RunID, RaisedAt: a.RaisedAt, What: b.alertWhat(ctx, g, a), AckedAt: a.AckedAt, AckedBy: a.AckedBy, AckNote: a.Note})
	}
	return out, nil
}

func (rp *Report) fillEngagement() {
	byEx := map[string]*Engagement{}
	for i, run := range rp.Runs {
		e, ok := byEx[run.ExerciseID]
		if !ok {
			e = &Engagement{ExerciseID: run.ExerciseID, Title: rp.defs[run.ID].Title, Counts: Counts{}}
			byEx[run.ExerciseID] = e
			rp.Engagement = append(rp.Engagement, e)
		}
		e.Runs++
		for _, m := range rp.Members {
			if st := m.Cells[i]; st != "" {
				e.Counts[st]++
			}
		}
	}
	sort.SliceStable(rp.Engagement, func(i, j int) bool {
		return rp.Engagement[i].Counts.Rate() > rp.Engagement[j].Counts.Rate()
	})
}

// MemberAttendance totals one member's live-session attendance.
type MemberAttendance struct {
	Sessions int // sessions the member was due at
	Counts   map[bot.AttendanceStatus]int
	Minutes  int // minutes in voice over the Timed sessions
	Timed    int // sessions whose minutes voice presence measured
}

// minutesCell is the minutes for a table cell: "—" when no session was
// timed by voice presence (hand-marked attendance has no minutes).
func (a MemberAttendance) minutesCell() string {
	if a.Timed == 0 {
		return "—"
	}
	return fmt.Sprint(a.Minutes)
}

// minutesWords is "; 115 minutes in voice (2 sessions timed)", or "" when
// no session was timed.
func (a MemberAttendance) minutesWords() string {
	if a.Timed == 0 {
		return ""
	}
	return fmt.Sprintf("; %d minutes in voice (%d %s timed)", a.Minutes, a.Timed, pluralWord(a.Timed, "session", "sessions"))
}

func (a *MemberAttendance) add(r Attendance) {
	a.Sessions++
	a.Counts[r.Status]++
	if r.Timed {
		a.Timed++
		a.Minutes += r.Minutes
	}
}

// Attended is the number of sessions attended at all (present, late or left early).
func (a MemberAttendance) Attended() int {
	return a.Counts[bot.AttendPresent] + a.Counts[bot.AttendLate] + a.Counts[bot.AttendLeftEarly]
}

// Expected is the number of sessions expected (excused ones are not).
func (a MemberAttendance) Expected() int { return a.Sessions - a.Counts[bot.AttendExcused] }

// AttendanceOf totals a member's attendance over the report's sessions.
func (rp *Report) AttendanceOf(userID string) MemberAttendance {
	ma := MemberAttendance{Counts: map[bot.AttendanceStatus]int{}}
	for _, sa := range rp.Sessions {
		for _, r := range sa.Rows {
			if r.UserID == userID {
				ma.add(r)
			}
		}
	}
	return ma
}

// AttendanceTotals totals attendance over every member and session.
func (rp *Report) AttendanceTotals() MemberAttendance {
	ma := MemberAttendance{Counts: map[bot.AttendanceStatus]int{}}
	for _, sa := range rp.Sessions {
		for _, r := range sa.Rows {
			ma.add(r)
		}
	}
	return ma
}

// OpenAlerts returns the number of open alerts per member.
func (rp *Report) OpenAlerts() map[string]int {
	out := map[string]int{}
	for _, a := range rp.Alerts {
		if a.Open() {
			out[a.UserID]++
		}
	}
	return out
}

// Summary renders "first 6, last 8, mean 7.0, up (5 answers)". The
// direction compares the last value with the first when there are fewer
// than six answers, and otherwise the mean of the last third with the mean
// of the first third, so that one unusual day does not decide it; a change
// under half a point is "steady".
func (s *ScaleSeries) Summary() string {
	n := len(s.Points)
	if n == 0 {
		return "no answers"
	}
	first, last := s.Points[0].Value, s.Points[n-1].Value
	if n == 1 {
		return fmt.Sprintf("%d (one answer)", first)
	}
	return fmt.Sprintf("first %d, last %d, mean %.1f, %s (%d %s)", first, last, s.Mean(), s.Direction(), n, pluralWord(n, "answer", "answers"))
}

// ShortTrend renders "6 → 7 → 8 (mean 7.0, up)" for up to five answers and
// "6 → … → 8 (mean 7.0, up, 30 answers)" for more.
func (s *ScaleSeries) ShortTrend() string {
	n := len(s.Points)
	if n <= 5 {
		vals := make([]string, n)
		for i, p := range s.Points {
			vals[i] = fmt.Sprint(p.Value)
		}
		return fmt.Sprintf("%s (mean %.1f, %s)", strings.Join(vals, " → "), s.Mean(), s.Direction())
	}
	return fmt.Sprintf("%d → … → %d (mean %.1f, %s, %d answers)", s.Points[0].Value, s.Points[n-1].Value, s.Mean(), s.Direction(), n)
}

// Mean is the mean of the series' values.
func (s *ScaleSeries) Mean() float64 {
	if len(s.Points) == 0 {
		return 0
	}
	sum := 0
	for _, p := range s.Points {
		sum += p.Value
	}
	return float64(sum) / float64(len(s.Points))
}

// Direction is "up", "down", "steady" or "one answer"; see Summary.
func (s *ScaleSeries) Direction() string {
	n := len(s.Points)
	if n < 2 {
		return "one answer"
	}
	var d float64
	if n < 6 {
		d = float64(s.Points[n-1].Value - s.Points[0].Value)
	} else {
		k := n / 3
		var a, b int
		for i := 0; i < k; i++ {
			a += s.Points[i].Value
			b += s.Points[n-1-i].Value
		}
		d = float64(b-a) / float64(k)
	}
	switch {
	case d >= 0.5:
		return "up"
	case d <= -0.5:
		return "down"
	}
	return "steady"
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
