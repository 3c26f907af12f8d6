package exercises

import "time"

// Visibility says who may see a member's answer to an ask step.
type Visibility string

// Visibilities. The zero value is never stored in a parsed Step: ask steps
// default to VisibleTherapist.
const (
	VisibleTherapist     Visibility = "therapist"
	VisibleMemberChooses Visibility = "member-chooses"
	VisibleGroup         Visibility = "group"
)

// StepKind is what a step does.
type StepKind string

// Step kinds.
const (
	StepSay      StepKind = "say"      // post text to the member
	StepAsk      StepKind = "ask"      // ask a question and store the answer
	StepDiscuss  StepKind = "discuss"  // open a discussion; no answer is stored
	StepGoaround StepKind = "goaround" // live-session go-around; no answer is stored by the runner
	StepWait     StepKind = "wait"     // group-paced pause; text only
	StepLater    StepKind = "later"    // the rest comes privately After later (later.go)
)

// AnswerKind is the kind of answer an ask step takes.
type AnswerKind string

// Answer kinds.
const (
	AnswerScale      AnswerKind = "scale"
	AnswerChoose     AnswerKind = "choose"
	AnswerChooseMany AnswerKind = "choose-many"
	AnswerText       AnswerKind = "text"
)

// Values of Definition.AnsweredBy, LateAnswers and ResultsToGroup.
const (
	AnsweredByEachMember = "each-member"
	AnsweredByGroup      = "group"

	LateAccept = "accept"
	LateRefuse = "refuse"

	ResultsNone          = "none"
	ResultsAggregate     = "aggregate"
	ResultsSharedAnswers = "shared-answers"
)

// Scale is a 1..N style rating. Min < Max and Max-Min <= 10.
type Scale struct {
	Min, Max  int
	Low, High string // optional labels for Min and Max
}

// Alert is a safety rule on an ask step, private to the therapist (Say).
// On a scale step it fires when the rating compares to Value with Op (one of
// <=, <, >=, >, ==); on a choose or choose_many step, when the member picks
// Choice.
type Alert struct {
	Op     string
	Value  int
	Choice string // choose and choose_many steps only
	Say    string
}

// Matches reports whether rating v triggers the alert.
func (a Alert) Matches(v int) bool {
	switch a.Op {
	case "<=":
		return v <= a.Value
	case "<":
		return v < a.Value
	case ">=":
		return v >= a.Value
	case ">":
		return v > a.Value
	case "==":
		return v == a.Value
	}
	return false
}

// Step is one step of an exercise. Fields that do not apply to the step's
// Kind and Answer are zero.
type Step struct {
	ID   string
	Kind StepKind
	Text string // the say/ask/discuss/goaround/wait text

	Answer  AnswerKind // "" unless Kind == StepAsk
	Scale   *Scale     // AnswerScale
	Choices []string   // AnswerChoose and AnswerChooseMany
	Best    string     // AnswerChoose: the best choice, makes the step scored
	Explain string     // AnswerChoose: shown to the member after they answer
	Correct []string   // AnswerChooseMany: the correct choices, makes the step scored
	MaxLen  int        // AnswerText: maximum length in characters (runes)
	Long    bool       // AnswerText: multi-line form field
	Recall  []string   // AnswerText: words to recall, makes the step scored
	Order   []string   // AnswerSequence: the right order of Choices (the buttons), makes the step scored
	Also    [][]string // AnswerSequence: other acceptable orders

	Optional  bool
	VisibleTo Visibility // VisibleTherapist unless the file says otherwise; "" unless Kind == StepAsk
	Alert     *Alert     // AnswerScale, AnswerChoose and AnswerChooseMany

	// Continue, on a say step, makes the member's screen stop after this
	// text with a button of this label (e.g. "I have read them"), so that
	// the next question comes on a screen of its own. Empty: no stop.
	Continue string
	// After, on a later step, is how long after the member's last answer
	// the rest of the exercise is sent to them (later.go).
	After time.Duration

	// Minutes, on a wait, discuss or goaround step, is how long the group
	// spends on it when the exercise runs live (0: the default, see
	// LiveMinutes). It has no effect when members answer on their own.
	Minutes int

	Line int // source line of the step
}

// Scored reports whether answers to the step get points.
func (s *Step) Scored() bool {
	switch s.Answer {
	case AnswerChoose:
		return s.Best != ""
	case AnswerChooseMany:
		return len(s.Correct) > 0
	case AnswerText:
		return len(s.Recall) > 0
	case AnswerSequence:
		return len(s.Order) > 0
	}
	return false
}

// Definition is a loaded, valid exercise. It is immutable once returned by
// Parse: callers must not modify it or the slices it holds, so it can be
// shared between goroutines and runs.
type Definition struct {
	ID, Title, Kind, Goal string
	AnsweredBy            string        // AnsweredByEachMember or AnsweredByGroup
	Window                time.Duration // how long a run stays open
	Remind                time.Duration // 0 = none; the nudge is sent this long before close
	LateAnswers           string        // LateAccept or LateRefuse
	ResultsToGroup        string        // ResultsNone, ResultsAggregate or ResultsSharedAnswers
	Footer                string
	Steps                 []Step
	Version               string      // first 12 hex chars of sha256(Source)
	Source                []byte      // the exact bytes loaded (frozen with each run)
	File                  string      // path or "builtin:<name>.yaml"
	Instrument            *Instrument // a sum-scored questionnaire (instrument.go); nil for other exercises

	// Levels (levels.go): empty for an exercise without levels. Level is
	// the level a copy made by AtLevel is at, 0 otherwise.
	Family      string
	Levels      []Level
	Progression Progression
	Level       int

	idLine, idCol int // where the id was written, for duplicate-id problems
}

// Step returns the step with the given id.
func (d *Definition) Step(id string) (*Step, bool) {
	for i := range d.Steps {
		if d.Steps[i].ID == id {
			return &d.Steps[i], true
		}
	}
	return nil, false
}

// AskSteps returns the ask steps in order.
func (d *Definition) AskSteps() []*Step {
	var out []*Step
	for i := range d.Steps {
		if d.Steps[i].Kind == StepAsk {
			out = append(out, &d.Steps[i])
		}
	}
	return out
}

// Scored reports whether any step is scored.
func (d *Definition) Scored() bool {
	for i := range d.Steps {
		if d.Steps[i].Scored() {
			return true
		}
	}
	return false
}
