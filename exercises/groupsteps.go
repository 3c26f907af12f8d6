package exercises

// Group-paced steps: what an exercise does when a therapist runs it live in
// the session, with the whole group at the same step. Kept apart from the
// rest of the step parser so that other format additions merge cleanly.

// StepReveal, in a live run, shows the group the answers to the questions
// before it (aggregated, or those members chose to share, as the exercise's
// results_to_group says, under the small-group guard) once everyone present
// answered or the question's time is up. Members answering on their own
// never see it.
const StepReveal StepKind = "reveal"

// Group-paced lengths.
const (
	maxLiveMinutes = 60
	// DefaultWaitMinutes, DefaultDiscussMinutes and DefaultAskMinutes are the
	// live lengths of steps without minutes.
	DefaultWaitMinutes    = 1
	DefaultDiscussMinutes = 3
	DefaultAskMinutes     = 2
)

// LiveMinutes is how long the group spends on step s in a live run: its
// minutes, or the default of its kind (0 for say and reveal, which take no
// time of their own).
func (s *Step) LiveMinutes() int {
	if s.Minutes > 0 {
		return s.Minutes
	}
	switch s.Kind {
	case StepWait:
		return DefaultWaitMinutes
	case StepDiscuss, StepGoaround:
		return DefaultDiscussMinutes
	case StepAsk:
		return DefaultAskMinutes
	}
	return 0
}

// groupPaced reads minutes, which only wait, discuss and goaround steps take.
func (p *parser) groupPaced(s *Step, f fields, prefix string) {
	v := f.val["minutes"]
	if v == nil {
		return
	}
	switch s.Kind {
	case StepWait, StepDiscuss, StepGoaround:
	default:
		p.add(f.key["minutes"], "%sminutes can only be used on a wait, discuss or goaround step, not on a %s step", prefix, s.Kind)
		return
	}
	n, ok := p.integer(v, prefix, "minutes")
	if !ok {
		return
	}
	if n < 1 || n > maxLiveMinutes {
		p.add(v, "%sminutes must be from 1 to %d, not %d", prefix, maxLiveMinutes, n)
		return
	}
	s.Minutes = n
}
