package exercises

import (
	"strings"
	"testing"
)

func TestEarlierRefs(t *testing.T) {
	lib := Builtin()
	if probs := lib.CheckEarlier(); len(probs) > 0 {
		t.Fatalf("built-in references: %v", probs)
	}
	gr := lib.mustGet(t, "goal-review")
	refs := gr.EarlierRefs()
	want := "goal-set.goal goal-set.when goal-set.often goal-set.know"
	var got []string
	for _, r := range refs {
		got = append(got, r.String())
	}
	if strings.Join(got, " ") != want {
		t.Errorf("refs = %v, want %s", got, want)
	}
	text := FillEarlier("Goal: {earlier goal-set.goal}; when: {earlier goal-set.when}.", func(r EarlierRef) (string, bool) {
		if r.Step == "goal" {
			return QuoteEarlier("Walk\n to the  shop"), true
		}
		return "", false
	}, "(none)")
	if text != "Goal: “Walk to the shop”; when: (none)." {
		t.Errorf("filled = %q", text)
	}

	// A reference to an exercise or a question the library lacks.
	bad, err := Parse("x.yaml", []byte("id: x\ntitle: X\nkind: goal\ngoal: G.\nsteps:\n  - id: a\n    say: \"Was: {earlier goal-set.nope} and {earlier nowhere.goal}\"\n  - id: b\n    ask: B?\n    text: {}\n"))
	if err != nil {
		t.Fatal(err)
	}
	l, _ := NewLibrary(append(lib.List(), bad)...)
	probs := l.CheckEarlier()
	if len(probs) != 2 || !strings.Contains(probs.Error(), `goal-set has no question "nope"`) || !strings.Contains(probs.Error(), `there is no exercise "nowhere"`) {
		t.Errorf("problems = %v", probs)
	}
}

func TestEarlierProblems(t *testing.T) {
	head := "id: x\ntitle: X\nkind: goal\ngoal: G.\nsteps:\n"
	for _, c := range []struct{ src, want string }{
		{head + "  - id: a\n    ask: \"Your goal was {earlier goal-set.goal}?\"\n    text: {}\n", `{earlier goal-set.goal} can only be used in a say step`},
		{head + "  - id: s\n    say: \"Goal: {earlier goal-set}\"\n  - id: a\n    ask: A?\n    text: {}\n", `must be written like {earlier goal-set.goal}`},
		{head + "  - id: s\n    say: \"Goal: {earlier Goal_Set.goal}\"\n  - id: a\n    ask: A?\n    text: {}\n", `does not name an exercise id and a step id`},
	} {
		_, err := Parse("x.yaml", []byte(c.src))
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "x.yaml:") {
			t.Errorf("err = %v, want %q", err, c.want)
		}
	}
}

func TestAssigned(t *testing.T) {
	hw := Builtin().mustGet(t, "homework-review")
	if got := hw.AssignedRefs(); len(got) != 1 || got[0] != AssignedHomework {
		t.Errorf("refs = %v", got)
	}
	text := "Goal: mine\nExpected: {assigned expected}\nHomework: {assigned homework}\nEnd"
	got := FillAssigned(text, func(name string) (string, bool) {
		if name == AssignedHomework {
			return "“Walk”", true
		}
		return "", false
	})
	if got != "Goal: mine\nHomework: “Walk”\nEnd" {
		t.Errorf("filled = %q", got)
	}
	head := "id: x\ntitle: X\nkind: goal\ngoal: G.\nsteps:\n"
	for _, c := range []struct{ src, want string }{
		{head + "  - id: s\n    say: \"Do {assigned chores}\"\n  - id: a\n    ask: A?\n    text: {}\n", `must be {assigned homework} or {assigned expected}`},
		{head + "  - id: a\n    ask: \"Did you do {assigned homework}?\"\n    text: {}\n", `can only be used in a say step`},
	} {
		if _, err := Parse("x.yaml", []byte(c.src)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("err = %v, want %q", err, c.want)
		}
	}
}
