package exercises

import (
	"fmt"
	"slices"
)

// Score is the result of one scored step.
type Score struct {
	Step   string
	Points int
	Max    int
	Label  string // plain words, e.g. "recalled 7 of 10 words"
}

// TriggeredAlert is a safety alert raised by an answer, for the therapist only.
type TriggeredAlert struct {
	Step string
	Say  string
}

// Score scores the answered scored steps, in step order. Skipped and
// unanswered steps are left out rather than scored 0: a member who chose not
// to do a task has no result, which is not the same as a poor one.
//
//   - choose with best: 1 point for the best answer, of 1.
//   - choose_many with correct: one point per correct choice picked, minus one
//     per wrong choice picked (never below 0), of len(correct). The label
//     reports both numbers, as cancellation tasks do.
//   - text with recall: one point per list word recalled, of len(recall),
//     by the fair-scoring rules of recall.go.
func (d *Definition) Score(answers map[string]Answer) []Score {
	var out []Score
	for i := range d.Steps {
		s := &d.Steps[i]
		a, ok := answers[s.ID]
		if !ok || a.Skipped || !s.Scored() {
			continue
		}
		switch s.Answer {
		case AnswerChoose:
			sc := Score{Step: s.ID, Max: 1, Label: "chose another answer"}
			if len(a.Choices) == 1 && a.Choices[0] >= 0 && a.Choices[0] < len(s.Choices) && s.Choices[a.Choices[0]] == s.Best {
				sc.Points, sc.Label = 1, "chose the best answer"
			}
			out = append(out, sc)
		case AnswerChooseMany:
			hits, wrong := 0, 0
			seen := map[int]bool{}
			for _, c := range a.Choices {
				if c < 0 || c >= len(s.Choices) || seen[c] {
					continue
				}
				seen[c] = true
				if slices.Contains(s.Correct, s.Choices[c]) {
					hits++
				} else {
					wrong++
				}
			}
			label := fmt.Sprintf("found %d of %d", hits, len(s.Correct))
			if wrong > 0 {
				label += fmt.Sprintf(", %d wrong %s", wrong, plural(wrong, "pick", "picks"))
			}
			out = append(out, Score{Step: s.ID, Points: max(0, hits-wrong), Max: len(s.Correct), Label: label})
		case AnswerSequence:
			out = append(out, scoreSequence(s, a))
		case AnswerText:
			r := Recall(s.Recall, a.Text)
			out = append(out, Score{Step: s.ID, Points: len(r.Hits), Max: len(s.Recall), Label: r.Label(len(s.Recall))})
		}
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Alerts returns the safety alerts raised by the answers, in step order.
func (d *Definition) Alerts(answers map[string]Answer) []TriggeredAlert {
	var out []TriggeredAlert
	for i := range d.Steps {
		s := &d.Steps[i]
		a, ok := answers[s.ID]
		if s.Alert == nil || !ok || a.Skipped {
			continue
		}
		hit := false
		switch s.Answer {
		case AnswerScale:
			hit = s.Alert.Matches(a.Scale)
		case AnswerChoose, AnswerChooseMany:
			for _, c := range a.Choices {
				hit = hit || (c >= 0 && c < len(s.Choices) && s.Choices[c] == s.Alert.Choice)
			}
		}
		if hit {
			out = append(out, TriggeredAlert{Step: s.ID, Say: s.Alert.Say})
		}
	}
	if d.Instrument != nil { // item alerts of a questionnaire (instrument_score.go)
		out = append(out, d.Instrument.alerts(answers)...)
	}
	return out
}
