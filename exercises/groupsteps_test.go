package exercises

import (
	"strings"
	"testing"
)

func TestGroupPacedSteps(t *testing.T) {
	const head = "id: t\ntitle: T\nkind: sharing\ngoal: G\nresults_to_group: aggregate\nsteps:\n  - id: q\n    ask: Q?\n    choose: [a, b]\n"
	d, err := Parse("t.yaml", []byte(head+"  - id: w\n    wait: Think.\n    minutes: 2\n  - id: d\n    discuss: Talk.\n  - id: r\n    reveal: Here is what you said.\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		id   string
		kind StepKind
		live int
	}{{"q", StepAsk, DefaultAskMinutes}, {"w", StepWait, 2}, {"d", StepDiscuss, DefaultDiscussMinutes}, {"r", StepReveal, 0}} {
		st, ok := d.Step(c.id)
		if !ok || st.Kind != c.kind || st.LiveMinutes() != c.live {
			t.Errorf("step %s: %+v, live %d; want kind %s, live %d", c.id, st, st.LiveMinutes(), c.kind, c.live)
		}
	}
	// A member alone never meets the reveal: it is not among the texts shown
	// after their last answer.
	if sc := d.Next(map[string]Answer{"q": {Choices: []int{0}}}); len(sc.Say) != 2 || sc.Ask != nil {
		t.Errorf("end screen says %q, want the wait and discuss texts only", sc.Say)
	}
	for _, c := range []struct{ name, steps, want string }{
		{"minutes on ask", "    minutes: 2\n", `t.yaml:10:5: step "q": minutes can only be used on a wait, discuss or goaround step, not on a ask step`},
		{"minutes zero", "  - id: w\n    wait: x\n    minutes: 0\n", `step "w": minutes must be from 1 to 60, not 0`},
		{"minutes too many", "  - id: w\n    wait: x\n    minutes: 61\n", `minutes must be from 1 to 60, not 61`},
		{"minutes text", "  - id: w\n    wait: x\n    minutes: two\n", `step "w": minutes must be a whole number, not "two"`},
		{"minutes on reveal", "  - id: r\n    reveal: x\n    minutes: 1\n", `minutes can only be used on a wait, discuss or goaround step, not on a reveal step`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("t.yaml", []byte(head+c.steps))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want %q", err, c.want)
			}
		})
	}
}
