package core

import (
	"context"
	"strconv"
	"strings"

	"groupwork/bot"
	"groupwork/exercises"
)

// A sequence question (exercises/sequence.go) is answered with large
// buttons pressed in order: each press adds one to the sequence shown above
// them, Undo takes the last one back, Done saves it. As in the toggle grid,
// the sequence so far lives in the buttons' ids (one base-36 digit per
// press), so nothing is stored before Done.

const (
	kindSeq     = "sq"  // Ref=run, Step, Value=the sequence after this press
	kindSeqDone = "sqd" // Ref=run, Step, Value=the sequence to save

	maxSeqPresses = 24
)

// seqBlocks renders a sequence question with presses so far, and the line
// that shows them.
func seqBlocks(run int64, st *exercises.Step, so string) (bot.Block, string) {
	cs := make([]bot.Choice, 0, len(st.Choices)+2)
	used := !repeats(st.Order) // each button is pressed once: a pressed one leaves the row
	if len(so) < maxSeqPresses {
		for i, c := range st.Choices {
			if used && strings.ContainsRune(so, rune(strconv.FormatInt(int64(i), 36)[0])) {
				continue
			}
			cs = append(cs, bot.Choice{ID: bot.CustomID{Kind: kindSeq, Ref: run, Step: st.ID, Value: so + strconv.FormatInt(int64(i), 36)}.String(), Label: c, Style: "secondary"})
		}
	}
	if so != "" {
		cs = append(cs,
			bot.Choice{ID: bot.CustomID{Kind: kindSeq, Ref: run, Step: st.ID, Value: so[:len(so)-1]}.String(), Label: "Undo", Style: "secondary"},
			bot.Choice{ID: bot.CustomID{Kind: kindSeqDone, Ref: run, Step: st.ID, Value: so}.String(), Label: "Done", Style: "success"})
	}
	line := "Press the buttons in order. Undo takes the last one back."
	if so != "" {
		labels, _ := seqLabels(st, so)
		line = "So far: **" + strings.Join(labels, " → ") + "**. Press the next one, or Done."
	}
	return &bot.Buttons{Choices: cs}, line
}

// seqLabels decodes a sequence value into button labels and indexes.
func seqLabels(st *exercises.Step, v string) ([]string, []int) {
	var labels []string
	var idx []int
	for _, r := range v {
		i, err := strconv.ParseInt(string(r), 36, 8)
		if err != nil || int(i) >= len(st.Choices) {
			return nil, nil
		}
		labels = append(labels, st.Choices[i])
		idx = append(idx, int(i))
	}
	return labels, idx
}

// seqStep checks a sequence button: its step and its value.
func seqStep(a *answerer, id bot.CustomID) (*exercises.Step, []int, error) {
	st, ok := a.def.Step(id.Step)
	if !ok || st.Answer != exercises.AnswerSequence {
		return nil, nil, bot.Errorf(bot.EInvalid, "That question is not part of this exercise.")
	}
	_, idx := seqLabels(st, id.Value)
	if len(id.Value) > maxSeqPresses || (id.Value != "" && idx == nil) {
		return nil, nil, bot.Errorf(bot.EInvalid, "That button is no longer in use.")
	}
	return st, idx, nil
}

// actSeq shows the question again with one more press (or one undone).
func (b *Bot) actSeq(ctx context.Context, req *bot.Request, id bot.CustomID) (bot.Reply, error) {
	a, err := b.gate(ctx, req, id.Ref)
	if err != nil {
		return bot.Reply{}, err
	}
	st, _, err := seqStep(a, id)
	if err != nil {
		return bot.Reply{}, err
	}
	if err := b.checkUnlocked(ctx, a, st); err != nil {
		return bot.Reply{}, err
	}
	idx, total := 0, 0
	for i, s := range a.def.AskSteps() {
		total++
		if s.ID == st.ID {
			idx = i + 1
		}
	}
	a.seq = id.Value
	m := b.stepMessage(a, exercises.Screen{Ask: st, Index: idx, Total: total}, nil)
	return bot.Reply{Message: &m, Private: true, Update: true}, nil
}

// actSeqDone saves the sequence as the answer.
func (b *Bot) actSeqDone(ctx context.Context, req *bot.Request, id bot.CustomID) (bot.Reply, error) {
	a, err := b.gate(ctx, req, id.Ref)
	if err != nil {
		return bot.Reply{}, err
	}
	_, idx, err := seqStep(a, id)
	if err != nil {
		return bot.Reply{}, err
	}
	values := make([]string, len(idx))
	for i, v := range idx {
		values[i] = strconv.Itoa(v)
	}
	return b.answerValues(ctx, req, id, values)
}

// repeats reports whether an order uses a button twice.
func repeats(order []string) bool {
	seen := map[string]bool{}
	for _, o := range order {
		if seen[o] {
			return true
		}
		seen[o] = true
	}
	return false
}
