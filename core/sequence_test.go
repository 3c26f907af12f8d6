package core_test

import (
	"strings"
	"testing"

	"groupwork/bot"
	"groupwork/core/coretest"
	"groupwork/exercises"
)

// TestSequenceButtons: a number span is answered by pressing buttons in
// order; the screen shows the presses so far, Undo takes one back, nothing
// is saved before Done, and Done saves the order pressed, scored by place.
func TestSequenceButtons(t *testing.T) {
	def, _ := exercises.Builtin().Get("number-span")
	st, _ := def.AtLevel(1, 0).Step("forward")
	h := setup(t)
	h.Do("Tess", "/exercise start number-span")
	wantIn(t, "the row", coretest.Text(h.Press("Ana", "Start")), strings.Join(st.Order, "   "))
	h.Press("Ana", "I have read them")
	h.Press("Ana", st.Order[0])
	h.Press("Ana", "9")
	rep := coretest.Text(h.Press("Ana", "Undo"))
	wantIn(t, "after undo", rep, "So far: **"+st.Order[0]+"**")
	for _, d := range st.Order[1:] {
		h.Press("Ana", d)
	}
	if recs, _ := h.Store.Answers(t.Context(), 1, h.User("Ana").ID); len(recs) != 0 {
		t.Fatalf("saved before Done: %+v", recs)
	}
	h.Press("Ana", "Done")
	recs, err := h.Store.Answers(t.Context(), 1, h.User("Ana").ID)
	if err != nil || len(recs) != 1 {
		t.Fatalf("saved: %+v, %v", recs, err)
	}
	got := def.AtLevel(1, 0).Score(map[string]exercises.Answer{"forward": recs[0].Answer})
	if len(got) != 1 || got[0].Points != len(st.Order) {
		t.Fatalf("score = %+v", got)
	}
	for _, v := range []string{"zz", "0123456789abcdefghijklmnop"} { // a button that does not exist; too many presses
		ev := &bot.Action{EventMeta: h.Meta("Ana"), CustomID: bot.CustomID{Kind: "sq", Ref: 1, Step: "backward", Value: v}.String()}
		if got := coretest.Text(h.Event("Ana", ev)); !strings.Contains(got, "no longer in use") {
			t.Errorf("forged %q: %q", v, got)
		}
	}
}
