package exercises

import (
	"fmt"
	"time"
)

// Band says how much an exercise challenged a member, as cognitive-training
// software shows it inside a level system: never pass or fail. Too easy
// means time to move up, too hard means time to move down.
type Band string

// Bands.
const (
	BandInRange Band = "in range"
	BandTooEasy Band = "too easy"
	BandTooHard Band = "too hard"
)

// Result is one finished attempt at a level, as progression reads it.
type Result struct {
	Points, Max int
	OverTime    bool // it took longer than the level's time limit
}

// Percent is the accuracy of results taken together (points over
// points possible), rounded down; 0 when nothing was possible.
func Percent(rs ...Result) int {
	pts, of := 0, 0
	for _, r := range rs {
		pts += max(r.Points, 0)
		of += max(r.Max, 0)
	}
	if of == 0 {
		return 0
	}
	return min(100, pts*100/of)
}

// Band returns the challenge band of an accuracy in percent: above Up is
// too easy, below Down too hard, anything between in range.
func (p Progression) Band(pct int) Band {
	switch {
	case pct > p.Up:
		return BandTooEasy
	case pct < p.Down:
		return BandTooHard
	}
	return BandInRange
}

// Next applies the rule to a member at level of top levels. recent holds
// their finished attempts at this level since it last changed, oldest
// first. Nothing changes until there are Over of them; then, over the last
// Over:
//
//   - accuracy above Up, with every attempt in time: one level up;
//   - accuracy below Down, or every attempt over time: one level down;
//   - otherwise the level stays.
//
// It returns the next level and, when it changes, why, in plain words.
func (p Progression) Next(level, top int, recent []Result) (int, string) {
	if len(recent) < p.Over || p.Over < 1 {
		return level, ""
	}
	last := recent[len(recent)-p.Over:]
	pct := Percent(last...)
	over := 0
	for _, r := range last {
		if r.OverTime {
			over++
		}
	}
	switch {
	case pct > p.Up && over == 0 && level < top:
		return level + 1, fmt.Sprintf("%d%% over the last %d %s (above %d%%)", pct, p.Over, plural(p.Over, "try", "tries"), p.Up)
	case pct < p.Down && level > 1:
		return level - 1, fmt.Sprintf("%d%% over the last %d %s (below %d%%)", pct, p.Over, plural(p.Over, "try", "tries"), p.Down)
	case over == len(last) && level > 1:
		return level - 1, fmt.Sprintf("the last %d %s took longer than the time limit", p.Over, plural(p.Over, "try", "tries"))
	}
	return level, ""
}

// FormSeen is when a member was last given one alternate form.
type FormSeen struct {
	Form int
	At   time.Time
}

// RotationWindow is how long a member should not see the same alternate
// form again.
const RotationWindow = 6 * 7 * 24 * time.Hour

// PickForm chooses which of n alternate forms to give a member now, from
// when they were given each before: a form never given first (the lowest
// numbered), else the one given longest ago. So no form comes back within
// window unless the member was given more than n forms within it, and
// then the longest-unseen one does. It returns 0 when n < 1.
func PickForm(n int, seen []FormSeen) int {
	if n < 1 {
		return 0
	}
	last := make([]time.Time, n)
	given := make([]bool, n)
	for _, s := range seen {
		if s.Form < 0 || s.Form >= n {
			continue // a form the file no longer has
		}
		if !given[s.Form] || s.At.After(last[s.Form]) {
			last[s.Form], given[s.Form] = s.At, true
		}
	}
	best := -1
	for f := range n {
		if !given[f] {
			return f
		}
		if best < 0 || last[f].Before(last[best]) {
			best = f
		}
	}
	return best
}
