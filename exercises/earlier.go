package exercises

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// A say step can show the member their own earlier answer to a step of
// another exercise (or an earlier run of this one), written in its text as
//
//	{earlier goal-set.goal}
//
// goal-review uses it so that a member in a memory group sees the goal they
// set, not "last time, you set a goal". The core fills it in per member with
// their latest answer from an earlier run in the same group; the answer is
// theirs, so it is shown to them only, on their private screen.
var earlierRe = regexp.MustCompile(`\{earlier\s+([^.{}\s]+)\.([^{}\s]+)\}`)

// earlierLooseRe finds anything that looks like an attempt at a reference,
// so that a misspelt one is reported rather than shown to members as is.
var earlierLooseRe = regexp.MustCompile(`\{earlier\b[^}]*\}?`)

// EarlierRef names a step of an exercise whose earlier answer a text shows.
type EarlierRef struct {
	Exercise, Step string
}

// String is the reference as written: "goal-set.goal".
func (r EarlierRef) String() string { return r.Exercise + "." + r.Step }

// EarlierRefs returns the references in the exercise's say steps, in order,
// each once.
func (d *Definition) EarlierRefs() []EarlierRef {
	var out []EarlierRef
	seen := map[EarlierRef]bool{}
	for _, s := range d.Steps {
		for _, m := range earlierRe.FindAllStringSubmatch(s.Text, -1) {
			r := EarlierRef{m[1], m[2]}
			if !seen[r] {
				seen[r] = true
				out = append(out, r)
			}
		}
	}
	return out
}

// FillEarlier replaces each reference in text with what answer returns for
// it; when it returns false, with none (the member has no earlier answer).
func FillEarlier(text string, answer func(EarlierRef) (string, bool), none string) string {
	return earlierRe.ReplaceAllStringFunc(text, func(m string) string {
		sm := earlierRe.FindStringSubmatch(m)
		if s, ok := answer(EarlierRef{sm[1], sm[2]}); ok {
			return s
		}
		return none
	})
}

// checkEarlier reports references outside say steps and malformed ones.
func (p *parser) checkEarlier(d *Definition) {
	for _, s := range d.Steps {
		if d.Instrument != nil && s.Line == d.Instrument.line {
			continue // items are the published wording; they hold no references
		}
		for _, loose := range earlierLooseRe.FindAllString(s.Text, -1) {
			m := earlierRe.FindStringSubmatch(loose)
			pr := Problem{File: p.file, Line: s.Line}
			switch {
			case s.Kind != StepSay:
				pr.Msg = fmt.Sprintf("step %q: %s can only be used in a say step", s.ID, loose)
			case m == nil || m[0] != loose:
				pr.Msg = fmt.Sprintf("step %q: %q must be written like {earlier goal-set.goal}: an exercise id, a dot and a step id", s.ID, loose)
			case !idRe.MatchString(m[1]) || !stepIDRe.MatchString(m[2]):
				pr.Msg = fmt.Sprintf("step %q: %s does not name an exercise id and a step id", s.ID, loose)
			default:
				continue
			}
			p.probs = append(p.probs, pr)
		}
	}
}

// CheckEarlier reports references to exercises or steps that the library
// does not have, or to steps that take no answer. groupwork validate and
// the built-in tests run it over the whole library.
func (l *Library) CheckEarlier() Problems {
	var probs Problems
	for _, d := range l.List() {
		for _, r := range d.EarlierRefs() {
			src, ok := l.Get(r.Exercise)
			if !ok {
				probs = append(probs, Problem{File: d.File, Msg: fmt.Sprintf("{earlier %s}: there is no exercise %q", r, r.Exercise)})
				continue
			}
			st, ok := src.Step(r.Step)
			if !ok || st.Kind != StepAsk {
				probs = append(probs, Problem{File: d.File, Msg: fmt.Sprintf("{earlier %s}: %s has no question %q", r, r.Exercise, r.Step)})
			}
		}
	}
	return probs
}

// trimAnswer keeps an earlier answer shown inside a text to one paragraph.
func trimAnswer(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// QuoteEarlier is how an earlier written answer appears in a text: in
// quotes, on one line.
func QuoteEarlier(s string) string { return "“" + trimAnswer(s) + "”" }

// A say step can also show what the therapist set for the member at the
// last session: {assigned homework} (their homework) or {assigned expected}
// (the expected outcome level of their goal, for goal attainment scaling).
// The core takes them from the session plan. A line whose value the
// therapist did not set is left out, so an optional one leaves no gap.
var (
	assignedRe      = regexp.MustCompile(`\{assigned (homework|expected)\}`)
	assignedLooseRe = regexp.MustCompile(`\{assigned\b[^}]*\}?`)
)

// Values of an {assigned …} reference.
const (
	AssignedHomework = "homework"
	AssignedExpected = "expected"
)

// AssignedRefs returns the {assigned …} names in the exercise's say steps,
// each once.
func (d *Definition) AssignedRefs() []string {
	var out []string
	for _, s := range d.Steps {
		for _, m := range assignedRe.FindAllStringSubmatch(s.Text, -1) {
			if !slices.Contains(out, m[1]) {
				out = append(out, m[1])
			}
		}
	}
	return out
}

// FillAssigned replaces each {assigned …} in text with what value returns;
// a line holding one it has no value for is left out.
func FillAssigned(text string, value func(name string) (string, bool)) string {
	if !assignedRe.MatchString(text) {
		return text
	}
	var keep []string
	for _, line := range strings.Split(text, "\n") {
		missing := false
		line = assignedRe.ReplaceAllStringFunc(line, func(m string) string {
			v, ok := value(assignedRe.FindStringSubmatch(m)[1])
			if !ok {
				missing = true
			}
			return v
		})
		if !missing {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "\n")
}

// checkAssigned reports {assigned …} outside say steps or with an unknown name.
func (p *parser) checkAssigned(d *Definition) {
	for _, s := range d.Steps {
		if d.Instrument != nil && s.Line == d.Instrument.line {
			continue
		}
		for _, loose := range assignedLooseRe.FindAllString(s.Text, -1) {
			pr := Problem{File: p.file, Line: s.Line}
			switch {
			case s.Kind != StepSay:
				pr.Msg = fmt.Sprintf("step %q: %s can only be used in a say step", s.ID, loose)
			case assignedRe.FindString(loose) != loose:
				pr.Msg = fmt.Sprintf("step %q: %q must be {assigned homework} or {assigned expected}", s.ID, loose)
			default:
				continue
			}
			p.probs = append(p.probs, pr)
		}
	}
}
