package exercises

import (
	"errors"
	"strings"
	"testing"
	"time"
)

const head = "id: t\ntitle: T\nkind: checkin\ngoal: G\n"

const askStep = "steps:\n  - id: q\n    ask: Q?\n    choose: [a, b]\n"

func TestParseValid(t *testing.T) {
	src := `id: mood-checkin
title: Between-session check-in
kind: checkin
goal: Notice mood changes.
answered_by: each-member
window: 2d
remind: 4h before close
late_answers: refuse
results_to_group: aggregate
footer: A footer.
steps:
  - id: intro
    say: Hello.
  - id: mood
    ask: Mood?
    scale: {min: 1, max: 10, low: very low, high: very good}
    alert: {when: "<= 2", say: low mood}
  - id: strategy
    ask: Strategy?
    choose: [Took a break, Asked for help]
    best: Asked for help
    explain: Because.
    optional: true
  - id: animals
    ask: Animals?
    choose_many: [cat, table, horse]
    correct: [cat, horse]
  - id: note
    ask: Note?
    text: {max: 300, long: true}
    visible_to: member-chooses
    recall: [apple, chair]
  - id: plain
    ask: Plain?
    text:
  - id: talk
    discuss: Talk.
  - id: around
    goaround: Go around.
  - id: pause
    wait: Wait.
`
	d, err := Parse("mood.yaml", []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if d.ID != "mood-checkin" || d.Title != "Between-session check-in" || d.Kind != "checkin" || d.Goal != "Notice mood changes." {
		t.Errorf("header = %q %q %q %q", d.ID, d.Title, d.Kind, d.Goal)
	}
	if d.Window != 48*time.Hour || d.Remind != 4*time.Hour || d.LateAnswers != LateRefuse || d.ResultsToGroup != ResultsAggregate || d.Footer != "A footer." {
		t.Errorf("settings = %v %v %q %q %q", d.Window, d.Remind, d.LateAnswers, d.ResultsToGroup, d.Footer)
	}
	if d.File != "mood.yaml" || string(d.Source) != src || len(d.Version) != 12 {
		t.Errorf("file/source/version = %q %d %q", d.File, len(d.Source), d.Version)
	}
	if len(d.Steps) != 9 || len(d.AskSteps()) != 5 || !d.Scored() {
		t.Fatalf("steps = %d asks = %d scored = %v", len(d.Steps), len(d.AskSteps()), d.Scored())
	}
	mood, _ := d.Step("mood")
	if mood.Kind != StepAsk || mood.Answer != AnswerScale || *mood.Scale != (Scale{1, 10, "very low", "very good"}) ||
		*mood.Alert != (Alert{Op: "<=", Value: 2, Say: "low mood"}) || mood.VisibleTo != VisibleTherapist || mood.Line != 14 {
		t.Errorf("mood = %+v", mood)
	}
	st, _ := d.Step("strategy")
	if st.Answer != AnswerChoose || st.Best != "Asked for help" || st.Explain != "Because." || !st.Optional || !st.Scored() {
		t.Errorf("strategy = %+v", st)
	}
	an, _ := d.Step("animals")
	if an.Answer != AnswerChooseMany || strings.Join(an.Correct, ",") != "cat,horse" {
		t.Errorf("animals = %+v", an)
	}
	note, _ := d.Step("note")
	if note.Answer != AnswerText || note.MaxLen != 300 || !note.Long || note.VisibleTo != VisibleMemberChooses || len(note.Recall) != 2 {
		t.Errorf("note = %+v", note)
	}
	plain, _ := d.Step("plain")
	if plain.MaxLen != 500 || plain.Long || plain.Scored() {
		t.Errorf("plain = %+v", plain)
	}
	for id, kind := range map[string]StepKind{"intro": StepSay, "talk": StepDiscuss, "around": StepGoaround, "pause": StepWait} {
		s, ok := d.Step(id)
		if !ok || s.Kind != kind || s.Answer != "" || s.VisibleTo != "" {
			t.Errorf("step %s = %+v", id, s)
		}
	}
	if _, ok := d.Step("nope"); ok {
		t.Error("Step(nope) found")
	}
}

func TestParseDefaults(t *testing.T) {
	d, err := Parse("t.yaml", []byte(head+askStep))
	if err != nil {
		t.Fatal(err)
	}
	if d.AnsweredBy != AnsweredByEachMember || d.Window != 24*time.Hour || d.Remind != 0 || d.LateAnswers != LateAccept || d.ResultsToGroup != ResultsNone || d.Scored() {
		t.Errorf("defaults = %+v", d)
	}
}

func TestParseDurations(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"90m", 90 * time.Minute}, {"36h", 36 * time.Hour}, {"2d", 48 * time.Hour}, {"1d12h", 36 * time.Hour}, {"14d", 14 * 24 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := Parse("t.yaml", []byte(head+"window: "+tt.in+"\n"+askStep))
			if err != nil {
				t.Fatal(err)
			}
			if d.Window != tt.want {
				t.Errorf("window = %v, want %v", d.Window, tt.want)
			}
		})
	}
}

// TestParseRules checks that each rule produces its problem at its position.
func TestParseRules(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"unknown top field", head + "titel: x\n" + askStep, `t.yaml:5:1: unknown field "titel"`},
		{"did you mean", "id: t\ntitel: T\nkind: checkin\ngoal: G\n" + askStep, `t.yaml:2:1: unknown field "titel" (did you mean title?)`},
		{"unknown step field", head + askStep + "    colour: red\n", `t.yaml:9:5: step "q": unknown field "colour"`},
		{"duplicate key", head + "title: U\n" + askStep, "t.yaml:5:1: title is set twice (first on line 2); keep one"},
		{"missing id", "title: T\nkind: checkin\ngoal: G\n" + askStep, "t.yaml:1:1: id is missing"},
		{"missing steps", head, "t.yaml:1:1: steps is missing"},
		{"bad id", "id: Mood\ntitle: T\nkind: checkin\ngoal: G\n" + askStep, `t.yaml:1:5: id "Mood" may only use`},
		{"title too long", "id: t\ntitle: " + strings.Repeat("x", 81) + "\nkind: checkin\ngoal: G\n" + askStep, "t.yaml:2:8: title is too long (81 characters; the limit is 80)"},
		{"text too long", head + "steps:\n  - id: s\n    say: " + strings.Repeat("x", 1501) + "\n" + strings.TrimPrefix(askStep, "steps:\n"), "say is too long (1501 characters; the limit is 1500)"},
		{"empty text", head + "footer: '  '\n" + askStep, "t.yaml:5:9: footer is empty"},
		{"bad kind", strings.Replace(head, "checkin", "chekin", 1) + askStep, `t.yaml:3:7: kind "chekin" is not allowed; use one of: checkin, goal`},
		{"bad answered_by", head + "answered_by: all\n" + askStep, `answered_by "all" is not allowed; use one of: each-member, group`},
		{"bad late_answers", head + "late_answers: maybe\n" + askStep, `late_answers "maybe" is not allowed; use one of: accept, refuse`},
		{"bad results_to_group", head + "results_to_group: all\n" + askStep, `results_to_group "all" is not allowed; use one of: none, aggregate, shared-answers`},
		{"bad visible_to", head + askStep + "    visible_to: everyone\n", `visible_to "everyone" is not allowed`},
		{"bad duration", head + "window: 3 weeks\n" + askStep, `t.yaml:5:9: window "3 weeks" is not a length of time`},
		{"window too long", head + "window: 15d\n" + askStep, "window 15d must be more than 0 and at most 14d"},
		{"window zero", head + "window: 0h\n" + askStep, "window 0h must be more than 0"},
		{"remind format", head + "remind: 4h\n" + askStep, `remind "4h" must look like "4h before close"`},
		{"remind too long", head + "window: 2h\nremind: 3h before close\n" + askStep, "remind (3h before close) must be shorter than the window (2h)"},
		{"wrong type list for map", head + "steps:\n  - id: q\n    ask: Q?\n    scale: [1, 10]\n", `step "q": scale must be a group of fields like {min: 1, max: 10}, not a list`},
		{"wrong type string for int", head + "steps:\n  - id: q\n    ask: Q?\n    scale: {min: one, max: 10}\n", `step "q": scale min must be a whole number, not "one"`},
		{"wrong type bool", head + askStep + "    optional: sometimes\n", `optional must be true or false, not "sometimes"`},
		{"steps not a list", head + "steps: hello\n", `steps must be a list of steps`},
		{"steps empty", head + "steps: []\n", "steps is empty"},
		{"step not a map", head + "steps:\n  - hello\n", `step 1 must be a group of fields`},
		{"duplicate step id", head + askStep + "  - id: q\n    say: x\n", `t.yaml:9:9: step 2: id "q" is already used by the step on line 6`},
		{"bad step id", head + "steps:\n  - id: Q 1\n    ask: Q?\n    choose: [a, b]\n", `step 1: id "Q 1" may only use`},
		{"step with two kinds", head + askStep + "    say: hi\n", `step "q": a step does one thing, but this one has both ask and say`},
		{"step with no kind", head + askStep + "  - id: x\n", `step "x": a step needs one of: say, ask, discuss, goaround, wait, reveal or later`},
		{"ask with no answer", head + "steps:\n  - id: q\n    ask: Q?\n", `t.yaml:7:5: step "q": an ask step needs one answer type`},
		{"ask with two answers", head + askStep + "    text: {}\n", `step "q": an ask step takes one answer type, but this one has both choose and text`},
		{"answer on say", head + askStep + "  - id: s\n    say: hi\n    optional: true\n", `step "s": optional can only be used on an ask step, not on a say step`},
		{"scale min>=max", head + "steps:\n  - id: q\n    ask: Q?\n    scale: {min: 10, max: 5}\n", `t.yaml:8:5: step "q": scale min (10) must be smaller than max (5)`},
		{"scale too wide", head + "steps:\n  - id: q\n    ask: Q?\n    scale: {min: 0, max: 11}\n", `scale from 0 to 11 is too wide`},
		{"empty choices", head + "steps:\n  - id: q\n    ask: Q?\n    choose: []\n", `step "q": choose has no choices; it needs at least 2`},
		{"one choice", head + "steps:\n  - id: q\n    ask: Q?\n    choose: [a]\n", `choose needs at least 2 choices, not 1`},
		{"empty choice", head + "steps:\n  - id: q\n    ask: Q?\n    choose: [a, '']\n", `choice 2 is empty`},
		{"duplicate choice", head + "steps:\n  - id: q\n    ask: Q?\n    choose: [a, b, A]\n", `t.yaml:8:20: step "q": choice "A" appears twice`},
		{"best not in choices", head + askStep + "    best: c\n", `t.yaml:9:11: step "q": best "c" is not one of the choices`},
		{"best on choose_many", head + "steps:\n  - id: q\n    ask: Q?\n    choose_many: [a, b]\n    best: a\n", `best can only be used with choose, not with choose_many`},
		{"correct not subset", head + "steps:\n  - id: q\n    ask: Q?\n    choose_many: [a, b]\n    correct: [a, z]\n", `correct "z" is not one of the choices`},
		{"correct on choose", head + askStep + "    correct: [a]\n", `correct can only be used with choose_many, not with choose`},
		{"recall on scale", head + "steps:\n  - id: q\n    ask: Q?\n    scale: {min: 1, max: 5}\n    recall: [a]\n", `recall can only be used with text, not with scale`},
		{"recall phrase", head + "steps:\n  - id: q\n    ask: Q?\n    text: {}\n    recall: [ice cream]\n", `recall word "ice cream" must be a single word`},
		{"alert when on choose", head + askStep + "    alert: {when: '<= 2', say: x}\n", `alert when is for scale steps; on a choose step name the choice`},
		{"alert choice not a choice", head + askStep + "    alert: {choice: Maybe, say: x}\n", `alert choice "Maybe" is not one of the choices`},
		{"alert choice on scale", head + "steps:\n  - id: q\n    ask: Q?\n    scale: {min: 1, max: 5}\n    alert: {when: '<= 1', choice: x, say: x}\n", `alert choice can only be used on a choose or choose_many step`},
		{"alert on text", head + "steps:\n  - id: q\n    ask: Q?\n    text: {}\n    alert: {when: '<= 1', say: x}\n", `alert can only be used with scale, choose or choose_many, not with text`},
		{"alert bad operator", head + "steps:\n  - id: q\n    ask: Q?\n    scale: {min: 1, max: 5}\n    alert: {when: '=< 2', say: x}\n", `alert when "=< 2" must be a comparison`},
		{"alert never", head + "steps:\n  - id: q\n    ask: Q?\n    scale: {min: 1, max: 5}\n    alert: {when: '> 5', say: x}\n", `can never happen on a scale from 1 to 5`},
		{"alert always", head + "steps:\n  - id: q\n    ask: Q?\n    scale: {min: 1, max: 5}\n    alert: {when: '>= 1', say: x}\n", `would trigger for every answer`},
		{"text max", head + "steps:\n  - id: q\n    ask: Q?\n    text: {max: 5000}\n", `text max (5000) must be from 1 to 4000`},
		{"no ask step", head + "steps:\n  - id: s\n    say: hi\n", `t.yaml:5:1: the exercise has no ask step`},
		{"group two asks", head + "answered_by: group\n" + askStep + "  - id: r\n    ask: R?\n    choose: [a, b]\n", `a group exercise (answered_by: group) must have exactly one ask step`},
		{"group scale", head + "answered_by: group\nsteps:\n  - id: q\n    ask: Q?\n    scale: {min: 1, max: 5}\n", `must use choose`},
		{"empty file", "", "t.yaml: the file is empty"},
		{"comments only", "# nothing\n", "t.yaml: the file is empty"},
		{"multi document", head + askStep + "---\n" + head, "t.yaml:9:1: the file holds more than one YAML document"},
		{"syntax error", head + "steps:\n  - id: q\n    ask: Q: what?\n", "t.yaml:7: this is not valid YAML: mapping values are not allowed"},
		{"syntax error line 1", "a: b: c\n", "t.yaml:1: this is not valid YAML"},
		{"parser error line", "id: t\nsteps: [a, b\ntitle: x\n", "t.yaml:2: this is not valid YAML: did not find expected ',' or ']'"},
		{"tab", "id: t\n\ttitle: x\n", "t.yaml:2: this is not valid YAML: found a tab character"},
		{"alias", head + "footer: &f hi\ntitle2: *f\n" + askStep, "aliases (*f) are not supported"},
		{"root list", "- a\n- b\n", "an exercise file must be a set of fields"},
		{"too many steps", head + "steps:\n" + strings.Repeat("  - say: x\n", 26), "too many steps (26); the limit is 25"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse("t.yaml", []byte(tt.src))
			if err == nil {
				t.Fatalf("Parse succeeded with %+v, want problem %q", d, tt.want)
			}
			if d != nil {
				t.Errorf("Parse returned a definition with an error")
			}
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("error is %T, want Problems", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("problems:\n%v\nwant one containing:\n%s", err, tt.want)
			}
		})
	}
}

func TestParseReportsEveryProblem(t *testing.T) {
	src := "id: Bad Id\nkind: chekin\ngoal: G\nwindow: 20d\nsteps:\n  - id: a\n    ask: Q?\n    scale: {min: 5, max: 1}\n  - id: a\n    ask: Q?\n    choose: [x, x]\n"
	_, err := Parse("t.yaml", []byte(src))
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("err = %v", err)
	}
	want := []string{"title is missing", `id "Bad Id"`, `kind "chekin"`, "window 20d", "scale min (5)", `id "a" is already used`, `choice "x" appears twice`}
	if len(ps) != len(want) {
		t.Errorf("got %d problems, want %d:\n%v", len(ps), len(want), err)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("missing problem %q in:\n%v", w, err)
		}
	}
	for i := 1; i < len(ps); i++ {
		if ps[i].Line < ps[i-1].Line {
			t.Errorf("problems not sorted by line:\n%v", err)
		}
	}
}

func TestProblemError(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{"f.yaml", 3, 5, "bad"}, "f.yaml:3:5: bad"},
		{Problem{"f.yaml", 3, 0, "bad"}, "f.yaml:3: bad"},
		{Problem{"f.yaml", 0, 0, "bad"}, "f.yaml: bad"},
	}
	for _, tt := range tests {
		if got := tt.p.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
	ps := Problems{tests[0].p, tests[2].p}
	if got := ps.Error(); got != "f.yaml:3:5: bad\nf.yaml: bad" {
		t.Errorf("Problems.Error() = %q", got)
	}
}
