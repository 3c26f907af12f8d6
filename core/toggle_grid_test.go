package core_test

import (
	"strings"
	"testing"

	"groupwork/bot"
	"groupwork/core/coretest"
	"groupwork/exercises"
)

// TestToggleGrid: a pick-all question is a grid of buttons; presses toggle
// picks on and off without saving anything; Done saves exactly the ticked
// ones, once; a forged selection is refused.
func TestToggleGrid(t *testing.T) {
	d, err := exercises.Parse("grid.yaml", []byte(`id: grid-test
title: Sorting words
kind: attention
goal: Test the grid.
steps:
  - id: fruit
    ask: Pick every fruit in this list.
    choose_many: [Apple, Hammer, Banana, Chair, Pear, Sock, Grape, Spoon, Orange, Bus, Cup, Pencil]
    correct: [Apple, Banana, Pear, Grape, Orange]
  - id: animals
    ask: Pick every animal in this list.
    choose_many: [Horse, Table, Cat, Lamp]
    correct: [Horse, Cat]
`))
	if err != nil {
		t.Fatal(err)
	}
	lib := exercises.Builtin()
	if err := lib.Add(d); err != nil {
		t.Fatal(err)
	}
	h := coretest.NewBot(t, coretest.WithLibrary(lib))
	h.Do("Tess", "/group create \"Tuesday group\" Europe/Berlin")
	h.Do("Tess", "/group add @Ana")
	h.Do("Tess", "/group add @Bo")
	h.Do("Ana", "/privacy accept")
	h.Do("Bo", "/privacy accept")
	h.Do("Tess", "/exercise start grid-test")
	h.Press("Ana", "Start")
	h.Press("Ana", "Apple")
	h.Press("Ana", "Banana")
	h.Press("Ana", "Hammer")
	rep := coretest.Text(h.Press("Ana", "✓ Hammer")) // taken back
	wantIn(t, "grid", rep, "✓ Apple", "✓ Banana", "[2] Hammer", "Done: 2 picked")
	if recs, err := h.Store.Answers(t.Context(), 1, h.User("Ana").ID); err != nil || len(recs) != 0 {
		t.Fatalf("toggling saved something: %+v, %v", recs, err)
	}
	h.Press("Ana", "Done: 2 picked")
	recs, err := h.Store.Answers(t.Context(), 1, h.User("Ana").ID)
	if err != nil || len(recs) != 1 || len(recs[0].Answer.Choices) != 2 || recs[0].Answer.Choices[0] != 0 || recs[0].Answer.Choices[1] != 2 {
		t.Fatalf("saved: %+v, %v", recs, err)
	}
	// The scored answer is locked: an old grid button cannot change it.
	for _, v := range []string{"1", "3ff"} {
		ev := &bot.Action{EventMeta: h.Meta("Ana"), CustomID: bot.CustomID{Kind: "tgd", Ref: 1, Step: "fruit", Value: v}.String()}
		if got := coretest.Text(h.Event("Ana", ev)); !strings.Contains(got, "cannot be changed") {
			t.Errorf("Done again with %s: %q", v, got)
		}
	}
	// A selection beyond the choices is refused before anything else.
	ev := &bot.Action{EventMeta: h.Meta("Ana"), CustomID: bot.CustomID{Kind: "tg", Ref: 1, Step: "animals", Value: "ffff"}.String()}
	if got := coretest.Text(h.Event("Ana", ev)); !strings.Contains(got, "no longer in use") {
		t.Errorf("forged selection: %q", got)
	}
	// Bo cannot press Ana's grid into her answer: his press is his own.
	ev = &bot.Action{EventMeta: h.Meta("Bo"), CustomID: bot.CustomID{Kind: "tgd", Ref: 1, Step: "animals", Value: "1"}.String()}
	h.Event("Bo", ev)
	if recs, _ := h.Store.Answers(t.Context(), 1, h.User("Ana").ID); len(recs) != 1 {
		t.Errorf("another member's press changed Ana's answers: %+v", recs)
	}
}
