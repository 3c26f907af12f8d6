package core

import (
	"strings"
	"testing"

	"groupwork/bot"
	"groupwork/exercises"
)

// FuzzButtonValues: the values a toggle grid or a sequence button carries
// come back from the platform and can be forged. Whatever they hold, the
// readers refuse them with a plain sentence or return picks that exist.
func FuzzButtonValues(f *testing.F) {
	for _, s := range []string{"", "0", "5", "fff", "ffffff", "-1", "0x3", "012", "zz", "9", "01234567890123456789abcd", "0123456789abcdefghijklmnopq", "é"} {
		f.Add(s)
	}
	grid := &exercises.Step{ID: "g", Kind: exercises.StepAsk, Answer: exercises.AnswerChooseMany, Choices: []string{"a", "b", "c", "d", "e"}}
	seq := &exercises.Step{ID: "s", Kind: exercises.StepAsk, Answer: exercises.AnswerSequence, Choices: []string{"1", "2", "3"}, Order: []string{"2", "1"}}
	def := &exercises.Definition{Steps: []exercises.Step{*grid, *seq}}
	a := &answerer{def: def}
	f.Fuzz(func(t *testing.T, v string) {
		if m, err := gridMask(grid, v); err == nil {
			if m >= 1<<len(grid.Choices) {
				t.Fatalf("mask %x has picks beyond the %d choices", m, len(grid.Choices))
			}
		} else if msg := bot.ErrorMessage(err); msg == "" || !strings.HasSuffix(msg, ".") {
			t.Fatalf("refusal is not a sentence: %v", err)
		}
		_, idx, err := seqStep(a, bot.CustomID{Step: "s", Value: v})
		if err != nil {
			if bot.ErrorCode(err) != bot.EInvalid {
				t.Fatalf("refusal is not EInvalid: %v", err)
			}
			return
		}
		if len(idx) > maxSeqPresses {
			t.Fatalf("%d presses", len(idx))
		}
		for _, i := range idx {
			if i < 0 || i >= len(seq.Choices) {
				t.Fatalf("press %d is not a button", i)
			}
		}
	})
}
