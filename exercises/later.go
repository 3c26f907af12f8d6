package exercises

import (
	"time"

	"go.yaml.in/yaml/v3"
)

// A later step splits an exercise in two parts in time, as verbal-learning
// tasks do with their delayed recall: the member's screen stops at it, and
// After the member's last answer the rest is sent to them privately, with a
// button to go on. Until then the button is not offered.
//
//	- id: wait
//	  later: In about half an hour I will ask you once more for the words.
//	  after: 30m                # 10m to 2d; 20m-30m or 1d for a delayed recall
//	  continue: I am ready      # optional; the button's label
//
// The runner treats it as a Continue stop (NextPast); the core decides when
// the stop opens.

const (
	minAfter        = 10 * time.Minute
	maxAfter        = 2 * 24 * time.Hour
	defaultLaterBtn = "I am ready"
)

// laterFields reads the fields of a later step (after, continue) and
// refuses after on other steps.
func (p *parser) laterFields(s *Step, f fields, prefix string) {
	v := f.val["after"]
	if s.Kind != StepLater {
		if v != nil {
			p.add(f.key["after"], "%safter can only be used on a later step, not on a %s step", prefix, s.Kind)
		}
		return
	}
	s.Continue = defaultLaterBtn
	if c := f.val["continue"]; c != nil {
		s.Continue, _ = p.text(c, prefix, "continue", maxContinue)
	}
	if v == nil {
		p.add(f.node, "%sa later step needs after: how long after the member's last answer the rest comes (like 30m or 1d)", prefix)
		return
	}
	s.After = p.after(v, prefix)
}

func (p *parser) after(v *yaml.Node, prefix string) time.Duration {
	str, ok := p.text(v, prefix, "after", 20)
	if !ok {
		return 0
	}
	d, err := parseDuration(str)
	switch {
	case err != nil:
		p.add(v, "%safter %q is not a length of time; write it like 30m or 1d", prefix, str)
	case d < minAfter || d > maxAfter:
		p.add(v, "%safter %s must be from 10m to 2d", prefix, str)
	default:
		return d
	}
	return 0
}

// checkLater applies the exercise-wide rules of later steps: a question
// before and after each, the wait within the window, no time limits, and
// members each on their own.
func (p *parser) checkLater(d *Definition, f fields) {
	asksBefore := 0
	for i := range d.Steps {
		s := &d.Steps[i]
		if s.Kind == StepAsk {
			asksBefore++
		}
		if s.Kind != StepLater {
			continue
		}
		n := p.stepNode(f, i)
		if asksBefore == 0 || !d.hasAskAfter(i) {
			p.add(n, "step %q: a later step needs a question before it and one after it", s.ID)
		}
		if s.After > 0 && s.After >= d.Window {
			p.add(n, "step %q: after (%s) must be shorter than the window (%s), or the exercise closes before the rest is sent", s.ID, formatDuration(s.After), formatDuration(d.Window))
		}
		if d.AnsweredBy == AnsweredByGroup {
			p.add(n, "step %q: a group exercise cannot wait for a later part", s.ID)
		}
	}
}

// HasLater reports whether the exercise has a later step.
func (d *Definition) HasLater() bool {
	for i := range d.Steps {
		if d.Steps[i].Kind == StepLater {
			return true
		}
	}
	return false
}

func (d *Definition) hasAskAfter(i int) bool {
	for _, s := range d.Steps[i+1:] {
		if s.Kind == StepAsk {
			return true
		}
	}
	return false
}

// stepNode returns the node of step i, for positions.
func (p *parser) stepNode(f fields, i int) *yaml.Node {
	if v := f.val["steps"]; v != nil && v.Kind == yaml.SequenceNode && i < len(v.Content) {
		return v.Content[i]
	}
	return f.node
}
