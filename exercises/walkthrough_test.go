package exercises

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestWalkthrough runs every built-in exercise from start to end with
// deterministic answers and compares the screens, score and alerts with
// testdata/walkthrough/ID.golden.
func TestWalkthrough(t *testing.T) {
	for _, d := range Builtin().List() {
		t.Run(d.ID, func(t *testing.T) {
			golden(t, filepath.Join("testdata", "walkthrough", d.ID+".golden"), walkthrough(t, d))
		})
	}
}

func walkthrough(t *testing.T, d *Definition) string {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "%s\nid %s, kind %s, answered by %s, window %s", d.Title, d.ID, d.Kind, d.AnsweredBy, formatDuration(d.Window))
	if d.Remind > 0 {
		fmt.Fprintf(&b, ", remind %s before close", formatDuration(d.Remind))
	}
	fmt.Fprintf(&b, ", late answers %s, results to group %s\ngoal: %s\n", d.LateAnswers, d.ResultsToGroup, d.Goal)
	if d.Footer != "" {
		fmt.Fprintf(&b, "footer: %s\n", d.Footer)
	}
	answers := map[string]Answer{}
	passed := ""
	for n := 1; ; n++ {
		if n > len(d.Steps)+1 {
			t.Fatal("Next does not advance")
		}
		sc := d.NextPast(answers, passed)
		if sc.Continue != nil {
			fmt.Fprintf(&b, "\n== screen %d (a pause)\n", n)
			writeSay(&b, sc.Say)
			fmt.Fprintf(&b, "> [%s]\n", sc.Continue.Continue)
			passed = sc.Continue.ID
			continue
		}
		if sc.Ask == nil {
			fmt.Fprintf(&b, "\n== done\n")
			writeSay(&b, sc.Say)
			break
		}
		fmt.Fprintf(&b, "\n== screen %d (question %d of %d)\n", n, sc.Index, sc.Total)
		writeSay(&b, sc.Say)
		s := sc.Ask
		fmt.Fprintf(&b, "ask [%s]: %s\n", s.ID, s.Text)
		fmt.Fprintf(&b, "  %s", describeAnswer(s))
		if s.Optional {
			b.WriteString(", optional")
		}
		fmt.Fprintf(&b, ", visible to %s\n", s.VisibleTo)
		a := walkAnswer(s, sc.Index)
		if err := d.Check(s.ID, a); err != nil {
			t.Fatalf("step %s: walkthrough answer %+v rejected: %v", s.ID, a, err)
		}
		fmt.Fprintf(&b, "> %s\n", showAnswer(s, a))
		if s.Explain != "" {
			fmt.Fprintf(&b, "explain: %s\n", s.Explain)
		}
		answers[s.ID] = a
	}
	fmt.Fprintf(&b, "\ncomplete: %v\n", d.Complete(answers))
	for _, s := range d.Score(answers) {
		fmt.Fprintf(&b, "score %s: %d of %d, %s\n", s.Step, s.Points, s.Max, s.Label)
	}
	for _, a := range d.Alerts(answers) {
		fmt.Fprintf(&b, "alert %s: %s\n", a.Step, a.Say)
	}
	return b.String()
}

func writeSay(b *strings.Builder, say []string) {
	for _, s := range say {
		fmt.Fprintf(b, "say: %s\n", strings.ReplaceAll(s, "\n", "\n     "))
	}
}

func describeAnswer(s *Step) string {
	switch s.Answer {
	case AnswerScale:
		out := fmt.Sprintf("scale %d (%s) to %d (%s)", s.Scale.Min, s.Scale.Low, s.Scale.Max, s.Scale.High)
		if s.Alert != nil {
			out += fmt.Sprintf(", alert when %s %d", s.Alert.Op, s.Alert.Value)
		}
		return out
	case AnswerChoose:
		out := "choose one of " + strings.Join(s.Choices, " | ")
		if s.Best != "" {
			out += ", best " + s.Best
		}
		return out
	case AnswerChooseMany:
		out := "choose any of " + strings.Join(s.Choices, " | ")
		if len(s.Correct) > 0 {
			out += ", correct " + strings.Join(s.Correct, " | ")
		}
		return out
	case AnswerSequence:
		out := "press in order from " + strings.Join(s.Choices, " | ") + ", order " + strings.Join(s.Order, " ")
		for _, a := range s.Also {
			out += ", or " + strings.Join(a, " ")
		}
		return out
	case AnswerText:
		out := fmt.Sprintf("text up to %d characters", s.MaxLen)
		if s.Long {
			out += ", long"
		}
		if len(s.Recall) > 0 {
			out += ", recall " + strings.Join(s.Recall, " ")
		}
		return out
	}
	return string(s.Answer)
}

// walkAnswer picks a deterministic answer that exercises scoring and alerts:
// the lowest rating, the best choice on even-numbered questions and the first
// choice otherwise, every correct item plus one wrong one, seven
// recalled words plus one intrusion, and skips optional free text.
func walkAnswer(s *Step, index int) Answer {
	switch s.Answer {
	case AnswerScale:
		return Answer{Scale: s.Scale.Min}
	case AnswerChoose:
		i := 0
		if s.Best != "" && index%2 == 0 {
			i = slices.Index(s.Choices, s.Best)
		}
		return Answer{Choices: []int{i}}
	case AnswerChooseMany:
		var picks []int
		wrong := -1
		for i, c := range s.Choices {
			if slices.Contains(s.Correct, c) {
				picks = append(picks, i)
			} else if wrong < 0 {
				wrong = i
			}
		}
		if wrong >= 0 {
			picks = append(picks, wrong)
		}
		return Answer{Choices: picks}
	case AnswerSequence: // the right order with its last two swapped
		var picks []int
		for _, o := range s.Order {
			picks = append(picks, slices.Index(s.Choices, o))
		}
		if n := len(picks); n >= 2 {
			picks[n-1], picks[n-2] = picks[n-2], picks[n-1]
		}
		return Answer{Choices: picks}
	case AnswerText:
		if s.Optional {
			return Answer{Skipped: true}
		}
		if len(s.Recall) > 0 {
			words := slices.Clone(s.Recall[:min(7, len(s.Recall))])
			words[0] += "s"
			return Answer{Text: strings.Join(words, ", ") + ", and a cat"}
		}
		return Answer{Text: "My answer to " + s.ID + "."}
	}
	return Answer{}
}

func showAnswer(s *Step, a Answer) string {
	if a.Skipped {
		return "(skipped)"
	}
	switch s.Answer {
	case AnswerScale:
		return fmt.Sprint(a.Scale)
	case AnswerChoose, AnswerChooseMany, AnswerSequence:
		var labels []string
		for _, i := range a.Choices {
			labels = append(labels, s.Choices[i])
		}
		return strings.Join(labels, " | ")
	}
	return a.Text
}
