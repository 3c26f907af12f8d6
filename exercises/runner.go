package exercises

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Answer is one member's answer to one ask step, as the core stores it.
type Answer struct {
	Scale   int    // AnswerScale: the rating
	Choices []int  // AnswerChoose (exactly one) and AnswerChooseMany (any number): indexes into Step.Choices
	Text    string // AnswerText
	Skipped bool   // the member skipped an optional step
	Shared  bool   // the member chose to share (visible_to member-chooses); set by the core
	// Alerted is set by the core when this answer, or an earlier version of
	// it, raised a safety alert: it is then never shown to the group.
	Alerted bool `json:",omitempty"`
}

// Check validates an answer to the step with the given id. The error is a
// plain, kind sentence a member can read; the core may show it as it is.
func (d *Definition) Check(stepID string, a Answer) error {
	s, ok := d.Step(stepID)
	if !ok || s.Kind != StepAsk {
		return errors.New("This question is not part of the exercise any more.")
	}
	if a.Skipped {
		if !s.Optional {
			return errors.New("This question needs an answer, please.")
		}
		return nil
	}
	switch s.Answer {
	case AnswerScale:
		if s.Scale == nil {
			return errors.New("This question cannot take an answer.")
		}
		if a.Scale < s.Scale.Min || a.Scale > s.Scale.Max {
			return fmt.Errorf("Please choose a number from %d to %d.", s.Scale.Min, s.Scale.Max)
		}
	case AnswerChoose:
		if len(a.Choices) != 1 || a.Choices[0] < 0 || a.Choices[0] >= len(s.Choices) {
			return errors.New("Please choose one answer.")
		}
	case AnswerChooseMany:
		seen := make(map[int]bool, len(a.Choices))
		for _, c := range a.Choices {
			if c < 0 || c >= len(s.Choices) {
				return errors.New("Please choose from the answers shown.")
			}
			if seen[c] {
				return errors.New("Please choose each answer only once.")
			}
			seen[c] = true
		}
	case AnswerSequence:
		if len(a.Choices) == 0 || len(a.Choices) > 2*maxSequence {
			return errors.New("Please press the buttons in order, then Done.")
		}
		for _, c := range a.Choices {
			if c < 0 || c >= len(s.Choices) {
				return errors.New("Please choose from the buttons shown.")
			}
		}
	case AnswerText:
		if strings.TrimSpace(a.Text) == "" {
			return errors.New("Please write an answer.")
		}
		if n := utf8.RuneCountInString(a.Text); n > s.MaxLen {
			return fmt.Errorf("Please keep your answer to %d characters or fewer. It has %d now.", s.MaxLen, n)
		}
	}
	return nil
}

// Screen is what to show a member next.
type Screen struct {
	Say   []string // texts of the say/wait/discuss/goaround steps before Ask (or after the last ask step)
	Ask   *Step    // the next ask step, nil when the member is done or at a Continue stop
	Index int      // 1-based position of Ask among the ask steps; 0 when Ask is nil
	Total int      // number of ask steps
	// Continue is a say step with a Continue label at which the screen
	// stops; the member moves on with NextPast. Nil otherwise.
	Continue *Step
}

// Next returns what to show a member who has given answers (keyed by step
// id; a skipped step counts as answered). It walks the steps in order: the
// texts after the last answered ask step accumulate into Say until the first
// ask step without an answer, which is returned as Ask. When every ask step
// has an answer, Ask is nil and Say holds the texts after the last ask step.
//
// A say step with Continue stops the walk there (Screen.Continue), unless
// an ask step after it already has an answer: then the member went past it.
func (d *Definition) Next(answers map[string]Answer) Screen {
	return d.NextPast(answers, "")
}

// NextPast is Next for a member who has just pressed the Continue button of
// the say step passed: that stop, and the ones before it, are gone through.
func (d *Definition) NextPast(answers map[string]Answer, passed string) Screen {
	sc := Screen{}
	for i := range d.Steps {
		if d.Steps[i].Kind == StepAsk {
			sc.Total++
		}
	}
	through := -1 // stops at or before this step index are passed
	for i := range d.Steps {
		if passed != "" && d.Steps[i].ID == passed {
			through = i
		}
	}
	idx := 0
	for i := range d.Steps {
		s := &d.Steps[i]
		if s.Kind == StepReveal {
			continue // only a live run reveals; a member alone has nothing to wait for
		}
		if s.Kind != StepAsk {
			sc.Say = append(sc.Say, s.Text)
			if s.Continue != "" {
				if i > through && !d.answeredAfter(answers, i) {
					sc.Continue = s
					return sc
				}
				sc.Say = nil // shown on the stop's own screen already
			}
			continue
		}
		idx++
		if _, done := answers[s.ID]; done {
			sc.Say = nil
			continue
		}
		sc.Ask, sc.Index = s, idx
		return sc
	}
	return sc
}

// answeredAfter reports whether any ask step after step i has an answer.
func (d *Definition) answeredAfter(answers map[string]Answer, i int) bool {
	for _, s := range d.Steps[i+1:] {
		if _, ok := answers[s.ID]; ok && s.Kind == StepAsk {
			return true
		}
	}
	return false
}

// Complete reports whether every required ask step has an answer that was
// not skipped. Optional steps may be missing or skipped.
func (d *Definition) Complete(answers map[string]Answer) bool {
	for i := range d.Steps {
		s := &d.Steps[i]
		if s.Kind != StepAsk || s.Optional {
			continue
		}
		if a, ok := answers[s.ID]; !ok || a.Skipped {
			return false
		}
	}
	return true
}
