package core

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
)

// The review of levelled exercises: per member per family, the level over
// time, accuracy and time of each try, the trend, tries per week, and the
// challenge band of the latest tries, the way cognitive-training software
// reports them. A band is only drawn where the exercise's own progression
// thresholds give it a meaning (never pass or fail), and only over as
// many tries as the rule itself reads.

// levelReport holds the report's attempts and levels.
type levelReport struct {
	byRun    map[attemptKey]*bot.Attempt
	Families []*FamilyProgress // by member name, then family
	minGroup int               // the small-group guard
}

type attemptKey struct {
	run  int64
	user string
}

// FamilyProgress is one member's practice in one exercise family.
type FamilyProgress struct {
	UserID, Family, Title string
	Level, Top            int       // current level, of Top
	Locked                bool      // a therapist locked it
	Reason                string    // why it last changed
	ChangedAt             time.Time // when it last changed; zero when never
	Tries                 []Try     // finished tries in the period, oldest first
	Band                  exercises.Band
	BandOver              int // how many tries the band reads; 0 when there are too few yet
	prog                  exercises.Progression
	waits                 bool // the exercise waits between parts: its time taken is not a measure
}

// Try is one finished attempt.
type Try struct {
	At          time.Time
	Level       int
	Points, Max int
	Took        time.Duration
	OverTime    bool
	Extra       bool // the member asked for more time (more_time.go)
}

// defFor returns the definition a member played run runID with: its level
// and alternate form for a levelled exercise, the run's own otherwise.
func (rp *Report) defFor(runID int64, userID string) *exercises.Definition {
	def := rp.defs[runID]
	if def == nil || !def.Levelled() || rp.levels == nil {
		return def
	}
	if a := rp.levels.byRun[attemptKey{runID, userID}]; a != nil {
		return def.AtLevel(a.Level, a.Form)
	}
	return def
}

// buildLevels reads the group's attempts and levels for the report's runs.
func (b *Bot) buildLevels(ctx context.Context, g *bot.Group, rp *Report) (*levelReport, error) {
	lr := &levelReport{byRun: map[attemptKey]*bot.Attempt{}, minGroup: b.minRespondents()}
	levelled := false
	for _, d := range rp.defs {
		levelled = levelled || d.Levelled()
	}
	if !levelled {
		return lr, nil
	}
	atts, err := b.reports.Attempts(ctx, g.ID, "", "")
	if err != nil {
		return nil, err
	}
	mls, err := b.reports.MemberLevels(ctx, g.ID, "")
	if err != nil {
		return nil, err
	}
	byFamily := map[attemptKey]*FamilyProgress{} // user, family (run 0)
	key := func(user, family string) attemptKey { return attemptKey{user: user + "\x00" + family} }
	for _, a := range atts {
		def := rp.defs[a.RunID]
		if def == nil || !def.Levelled() {
			continue // a run outside the period
		}
		lr.byRun[attemptKey{a.RunID, a.UserID}] = a
		fp := byFamily[key(a.UserID, a.Family)]
		if fp == nil {
			fp = &FamilyProgress{UserID: a.UserID, Family: a.Family, Level: 1}
			byFamily[key(a.UserID, a.Family)] = fp
			lr.Families = append(lr.Families, fp)
		}
		fp.Title, fp.Top, fp.prog, fp.waits = def.Title, len(def.Levels), def.Progression, def.HasLater()
		if a.FinishedAt != nil && a.Max > 0 {
			t := Try{At: *a.FinishedAt, Level: a.Level, Points: a.Points, Max: a.Max, Took: a.FinishedAt.Sub(a.StartedAt)}
			t.OverTime, t.Extra = b.result(def, a).OverTime, a.Extra > 0
			fp.Tries = append(fp.Tries, t)
		}
	}
	since := map[*FamilyProgress]time.Time{} // zero: never changed
	for _, ml := range mls {
		if fp := byFamily[key(ml.UserID, ml.Family)]; fp != nil {
			fp.Level, fp.Locked, fp.Reason, fp.ChangedAt = ml.Level, ml.Locked, ml.Reason, ml.UpdatedAt
			since[fp] = ml.UpdatedAt
		}
	}
	for _, fp := range lr.Families {
		fp.band(since[fp])
	}
	slices.SortStableFunc(lr.Families, func(x, y *FamilyProgress) int {
		if c := strings.Compare(rp.Name(x.UserID), rp.Name(y.UserID)); c != 0 {
			return c
		}
		return strings.Compare(x.Family, y.Family)
	})
	return lr, nil
}

// band sets the challenge band from the last tries at the current level
// since it changed, when there are as many as the progression rule reads.
func (fp *FamilyProgress) band(since time.Time) {
	var at []exercises.Result
	for _, t := range fp.Tries {
		if t.Level == fp.Level && !t.At.Before(since) {
			at = append(at, exercises.Result{Points: t.Points, Max: t.Max, OverTime: t.OverTime})
		}
	}
	if fp.prog.Over < 1 || len(at) < fp.prog.Over {
		fp.BandOver, fp.Band = 0, ""
		return
	}
	fp.BandOver = fp.prog.Over
	fp.Band = fp.prog.Band(exercises.Percent(at[len(at)-fp.prog.Over:]...))
}

// PerWeek is the number of finished tries per week, counted from the
// first try to the end of the period (at least one week), so that a member
// who started late is not shown as practising less than they do.
func (fp *FamilyProgress) PerWeek(to time.Time) float64 {
	if len(fp.Tries) == 0 {
		return 0
	}
	weeks := max(to.Sub(fp.Tries[0].At).Hours()/(24*7), 1)
	return float64(len(fp.Tries)) / weeks
}

// Line is the family's review in one line: "Remember words: level 3 of 6
// (up from 2) · 4 tries, 1.0 a week · accuracy 60% → 90% · median time
// 2m10s · challenge: in range (last 3 tries)".
func (fp *FamilyProgress) Line(to time.Time) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s: level %d of %d", fp.Title, fp.Level, fp.Top)
	if fp.Locked {
		sb.WriteString(" (locked by a therapist)")
	}
	if len(fp.Tries) == 0 {
		sb.WriteString(" · no finished tries in this period")
		return sb.String()
	}
	first, last := fp.Tries[0], fp.Tries[len(fp.Tries)-1]
	levels := []string{}
	for i, t := range fp.Tries {
		if i == 0 || t.Level != fp.Tries[i-1].Level {
			levels = append(levels, fmt.Sprint(t.Level))
		}
	}
	if len(levels) > 1 {
		fmt.Fprintf(&sb, " (levels played: %s)", strings.Join(levels, " → "))
	}
	fmt.Fprintf(&sb, " · %d %s, %.1f a week", len(fp.Tries), pluralWord(len(fp.Tries), "try", "tries"), fp.PerWeek(to))
	pct := func(t Try) int { return exercises.Percent(exercises.Result{Points: t.Points, Max: t.Max}) }
	if len(fp.Tries) == 1 {
		fmt.Fprintf(&sb, " · accuracy %d%% at level %d", pct(first), first.Level)
	} else {
		fmt.Fprintf(&sb, " · accuracy %d%% (level %d) → %d%% (level %d)", pct(first), first.Level, pct(last), last.Level)
	}
	if fp.waits {
		sb.WriteString(" · time not measured (the exercise waits between its parts)")
	} else {
		fmt.Fprintf(&sb, " · median time %s", medianTook(fp.Tries).Round(time.Second))
		if over := countOver(fp.Tries); over > 0 {
			fmt.Fprintf(&sb, " (%d over the time limit)", over)
		}
		if n := countExtra(fp.Tries); n > 0 {
			fmt.Fprintf(&sb, " (more time asked for in %d)", n)
		}
	}
	if fp.BandOver > 0 {
		fmt.Fprintf(&sb, " · challenge: %s (last %d %s)", fp.Band, fp.BandOver, pluralWord(fp.BandOver, "try", "tries"))
	} else {
		sb.WriteString(" · challenge: too few tries at this level yet")
	}
	if fp.Reason != "" {
		fmt.Fprintf(&sb, " · last change: %s", fp.Reason)
	}
	return sb.String()
}

func medianTook(ts []Try) time.Duration {
	d := make([]time.Duration, len(ts))
	for i, t := range ts {
		d[i] = t.Took
	}
	slices.Sort(d)
	if len(d)%2 == 1 {
		return d[len(d)/2]
	}
	return (d[len(d)/2-1] + d[len(d)/2]) / 2
}

func countExtra(ts []Try) int {
	n := 0
	for _, t := range ts {
		if t.Extra {
			n++
		}
	}
	return n
}

func countOver(ts []Try) int {
	n := 0
	for _, t := range ts {
		if t.OverTime {
			n++
		}
	}
	return n
}

// memberLevelLines is the cognitive-training part of a member's note.
func (rp *Report) memberLevelLines(userID string) []string {
	if rp.levels == nil {
		return nil
	}
	var out []string
	for _, fp := range rp.levels.Families {
		if fp.UserID == userID {
			out = append(out, "Training — "+fp.Line(rp.periodEnd())+".")
		}
	}
	return out
}

// groupLevelLines is the group's view: per family, how many members play
// at each level and how many tries they finished, with no names. Below the
// small-group guard it says only that there are too few to show.
func (rp *Report) groupLevelLines() []string {
	if rp.levels == nil || len(rp.levels.Families) == 0 {
		return nil
	}
	minRespondents := rp.levels.minGroup
	type agg struct {
		title   string
		top     int
		members int
		tries   int
		at      map[int]int
	}
	var order []string
	fams := map[string]*agg{}
	for _, fp := range rp.levels.Families {
		a := fams[fp.Family]
		if a == nil {
			a = &agg{title: fp.Title, top: fp.Top, at: map[int]int{}}
			fams[fp.Family] = a
			order = append(order, fp.Family)
		}
		a.members++
		a.tries += len(fp.Tries)
		a.at[fp.Level]++
	}
	slices.Sort(order)
	var out []string
	for _, f := range order {
		a := fams[f]
		if a.members < minRespondents {
			out = append(out, fmt.Sprintf("Training — %s: fewer than %d members practised, so no group figures are shown.", a.title, minRespondents))
			continue
		}
		var lv []string
		for l := 1; l <= a.top; l++ {
			if a.at[l] > 0 {
				lv = append(lv, fmt.Sprintf("level %d: %d", l, a.at[l]))
			}
		}
		out = append(out, fmt.Sprintf("Training — %s: %d members, %d tries; now at %s.", a.title, a.members, a.tries, strings.Join(lv, ", ")))
	}
	return out
}

// trainingLines is the therapist's report section: every member's line,
// named, then the group's figures.
func (rp *Report) trainingLines() []string {
	if rp.levels == nil {
		return nil
	}
	var out []string
	for _, fp := range rp.levels.Families {
		out = append(out, rp.Name(fp.UserID)+" — "+fp.Line(rp.periodEnd()))
	}
	return append(out, rp.groupLevelLines()...)
}

// periodEnd is the end of the report's period, or when it was made if that
// is earlier.
func (rp *Report) periodEnd() time.Time {
	if rp.To.IsZero() || rp.To.After(rp.GeneratedAt) {
		return rp.GeneratedAt
	}
	return rp.To
}

// levelCharts draws, for the first two levelled families of the report,
// each member's level at every finished try: level over time, as the
// review lists it.
func (rp *Report) levelCharts() []*bot.Image {
	if rp.levels == nil {
		return nil
	}
	var order []string
	byFamily := map[string][]*ScaleSeries{}
	titles := map[string]string{}
	for _, fp := range rp.levels.Families {
		if len(fp.Tries) == 0 {
			continue
		}
		if _, ok := byFamily[fp.Family]; !ok {
			order = append(order, fp.Family)
			titles[fp.Family] = fp.Title
		}
		s := &ScaleSeries{ExerciseID: fp.Family, Question: "Level over time — " + fp.Title, Min: 1, Max: max(fp.Top, 2), UserID: fp.UserID}
		for _, t := range fp.Tries {
			s.Points = append(s.Points, ScalePoint{At: t.At, Value: t.Level})
		}
		// A change after the last try (a move up or down, or a therapist's
		// setting) is where the member is now: the line ends there.
		if last := fp.Tries[len(fp.Tries)-1]; fp.Level != last.Level && !fp.ChangedAt.Before(last.At) && !fp.ChangedAt.After(rp.periodEnd()) {
			s.Points = append(s.Points, ScalePoint{At: fp.ChangedAt, Value: fp.Level})
		}
		byFamily[fp.Family] = append(byFamily[fp.Family], s)
	}
	var out []*bot.Image
	for i, f := range order {
		if i == 2 {
			break
		}
		series := byFamily[f]
		png, err := ScaleChart(series[0].Question, series, rp.Name, rp.Group.Location())
		if err == nil {
			out = append(out, &bot.Image{Name: "levels-" + f + ".png", PNG: png,
				Alt: fmt.Sprintf("Level over time in %s, per member (1 = easiest, %d = hardest)", titles[f], series[0].Max)})
		}
	}
	return out
}
