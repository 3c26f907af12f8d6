package core

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
)

// Counts tallies participation statuses.
type Counts map[bot.Status]int

// Due is the number of runs that were expected (excused, not-due and
// no-consent excluded).
func (c Counts) Due() int {
	n := 0
	for s, v := range c {
		if s.Due() && s != bot.StatusPending {
			n += v
		}
	}
	return n
}

// Responded is the number of due runs with at least one answer.
func (c Counts) Responded() int {
	return c[bot.StatusAnswered] + c[bot.StatusPartial] + c[bot.StatusLate]
}

// Rate is the response rate Responded/Due (on time, late or partial), or -1
// when nothing was due. Open runs still waiting for an answer (pending) are
// not counted yet. Reviews show OnTimeRate and LateRate beside it, so that
// answering late is never hidden in one figure.
func (c Counts) Rate() float64 {
	if c.Due() == 0 {
		return -1
	}
	return float64(c.Responded()) / float64(c.Due())
}

// MemberReview is one member's row of a group review.
type MemberReview struct {
	UserID       string
	Name         string
	JoinedAt     time.Time
	LeftAt       *time.Time
	Counts       Counts
	Cells        []bot.Status // one per run of the review, in order
	LastActivity time.Time
}

// ScalePoint is one scale answer.
type ScalePoint struct {
	RunID int64
	At    time.Time
	Value int
}

// ScaleSeries is one member's answers to one scale question over time.
type ScaleSeries struct {
	ExerciseID string
	StepID     string
	StepIndex  int // position of the question in its exercise
	Question   string
	Min, Max   int
	UserID     string
	Points     []ScalePoint
}

// GroupReview is the participation record of a group over a period.
type GroupReview struct {
	Group   *bot.Group
	From    time.Time
	To      time.Time
	Runs    []*bot.Run
	Members []*MemberReview
	Totals  Counts
	Scales  []*ScaleSeries
}

// BuildGroupReview computes the review of a group for runs opened in
// [from, to) (zero to means now). It only reads.
func (b *Bot) BuildGroupReview(ctx context.Context, g *bot.Group, from, to time.Time) (*GroupReview, error) {
	if to.IsZero() {
		to = b.clock.Now().Add(time.Nanosecond)
	}
	all, err := b.reports.Runs(ctx, g.ID, from, to)
	if err != nil {
		return nil, err
	}
	var runs []*bot.Run
	for _, run := range all { // roll calls are attendance, not exercises; live runs are part of the session
		def, err := b.definition(run)
		if err != nil {
			return nil, err
		}
		if !isRollCall(def) && !isLiveRun(run) {
			runs = append(runs, run)
		}
	}
	ms, err := b.reports.Memberships(ctx, g.ID)
	if err != nil {
		return nil, err
	}
	rv := &GroupReview{Group: g, From: from, To: to, Runs: runs, Totals: Counts{}}
	rows := map[string]*MemberReview{}
	for _, m := range ms {
		if m.Role != bot.RoleMember {
			continue
		}
		if row, ok := rows[m.UserID]; ok { // rejoined: keep the first join
			row.LeftAt = m.LeftAt
			continue
		}
		row := &MemberReview{UserID: m.UserID, Name: m.DisplayName, JoinedAt: m.JoinedAt, LeftAt: m.LeftAt, Counts: Counts{}}
		rows[m.UserID] = row
		rv.Members = append(rv.Members, row)
	}
	series := map[string]*ScaleSeries{}
	for _, run := range runs {
		parts, err := b.reports.Participation(ctx, run.ID)
		if err != nil {
			return nil, err
		}
		byUser := map[string]*bot.Participation{}
		for _, p := range parts {
			byUser[p.UserID] = p
		}
		for _, row := range rv.Members {
			st := bot.StatusNotDue
			if p, ok := byUser[row.UserID]; ok {
				st = p.Status
				if st.Responded() && p.UpdatedAt.After(row.LastActivity) {
					row.LastActivity = p.UpdatedAt
				}
			} else if !row.JoinedAt.After(run.OpenedAt) {
				st = "" // not in the group as a member then (left before, or another role)
			}
			row.Cells = append(row.Cells, st)
			if st != "" {
				row.Counts[st]++
				rv.Totals[st]++
			}
		}
		if err := b.collectScales(ctx, run, series, &rv.Scales); err != nil {
			return nil, err
		}
	}
	return rv, nil
}

func (b *Bot) collectScales(ctx context.Context, run *bot.Run, series map[string]*ScaleSeries, out *[]*ScaleSeries) error {
	def, err := b.definition(run)
	if err != nil {
		return err
	}
	var scales []*exercises.Step
	var index []int
	for i, st := range def.AskSteps() {
		if st.Answer == exercises.AnswerScale {
			scales = append(scales, st)
			index = append(index, i)
		}
	}
	if len(scales) == 0 {
		return nil
	}
	answers, err := b.reports.Answers(ctx, run.ID, "")
	if err != nil {
		return err
	}
	for si, st := range scales {
		for _, a := range answers {
			if a.StepID != st.ID || a.Answer.Skipped {
				continue
			}
			key := run.ExerciseID + "/" + st.ID + "/" + a.UserID
			s, ok := series[key]
			if !ok {
				s = &ScaleSeries{ExerciseID: run.ExerciseID, StepID: st.ID, StepIndex: index[si], Question: st.Text, Min: st.Scale.Min, Max: st.Scale.Max, UserID: a.UserID}
				series[key] = s
				*out = append(*out, s)
			}
			s.Points = append(s.Points, ScalePoint{RunID: run.ID, At: a.AnsweredAt, Value: a.Answer.Scale})
		}
	}
	return nil
}

// Text renders the review as a compact table that fits a chat message.
func (rv *GroupReview) Text() string {
	var sb strings.Builder
	loc := rv.Group.Location()
	fmt.Fprintf(&sb, "**Review of %s** — %d exercise run(s)", rv.Group.Name, len(rv.Runs))
	if len(rv.Runs) > 0 {
		fmt.Fprintf(&sb, " from %s to %s", bot.FirstDay(rv.Runs[0].OpenedAt, rv.Runs[len(rv.Runs)-1].OpenedAt, loc), rv.Runs[len(rv.Runs)-1].OpenedAt.In(loc).Format("2 Jan 2006"))
	}
	sb.WriteString("\n```\n")
	fmt.Fprintf(&sb, "%-12s %s\n", "member", countsHeader)
	for _, m := range rv.Members {
		fmt.Fprintf(&sb, "%-12s %s\n", shorten(m.Name, 12), m.Counts.cells())
	}
	t := rv.Totals
	fmt.Fprintf(&sb, "%-12s %s\n", "group", t.cells())
	sb.WriteString("```\n")
	if t[bot.StatusPending] > 0 {
		fmt.Fprintf(&sb, "%d answer(s) still open, not counted yet. ", t[bot.StatusPending])
	}
	sb.WriteString(countsLegend + "\n")
	if len(rv.Scales) > 0 {
		names := map[string]string{}
		for _, m := range rv.Members {
			names[m.UserID] = m.Name
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
		last := ""
		for _, s := range rv.Scales {
			if k := s.ExerciseID + "/" + s.StepID; k != last {
				fmt.Fprintf(&sb, "\n**%s** (%d–%d, %s)\n", s.Question, s.Min, s.Max, s.ExerciseID)
				last = k
			}
			fmt.Fprintf(&sb, "- %s: %s\n", names[s.UserID], s.Trend())
		}
	}
	return strings.TrimRight(sb.String(), "\n")
}

func memberIndex(ms []*MemberReview, id string) int {
	for i, m := range ms {
		if m.UserID == id {
			return i
		}
	}
	return len(ms)
}

// Trend renders "6 → 7 → 8 (mean 7.0, up)".
func (s *ScaleSeries) Trend() string {
	vals := make([]string, len(s.Points))
	sum := 0
	for i, p := range s.Points {
		vals[i] = fmt.Sprint(p.Value)
		sum += p.Value
	}
	mean := float64(sum) / float64(len(s.Points))
	dir := "steady"
	first, last := s.Points[0].Value, s.Points[len(s.Points)-1].Value
	switch {
	case len(s.Points) < 2:
		dir = "one answer"
	case last > first:
		dir = "up"
	case last < first:
		dir = "down"
	}
	return fmt.Sprintf("%s (mean %.1f, %s)", strings.Join(vals, " → "), mean, dir)
}

func rateText(r float64) string {
	if r < 0 {
		return "—"
	}
	return fmt.Sprintf("%d%%", int(math.Round(r*100)))
}

// AnswerText renders a stored answer for a therapist.
func AnswerText(st *exercises.Step, a exercises.Answer) string {
	if a.Skipped {
		return "(skipped)"
	}
	var s string
	switch st.Answer {
	case exercises.AnswerScale:
		s = fmt.Sprintf("%d of %d", a.Scale, st.Scale.Max)
	case exercises.AnswerChoose, exercises.AnswerChooseMany, exercises.AnswerSequence:
		var labels []string
		for _, i := range a.Choices {
			if i >= 0 && i < len(st.Choices) {
				labels = append(labels, st.Choices[i])
			}
		}
		sep := ", "
		if st.Answer == exercises.AnswerSequence {
			sep = " → "
		}
		s = strings.Join(labels, sep)
	default:
		s = "“" + a.Text + "”"
	}
	if a.Shared {
		s += " (shared with the group)"
	}
	return s
}
