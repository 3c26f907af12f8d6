package core

import (
	"context"
	"strconv"

	"groupwork/bot"
	"groupwork/exercises"
)

// A "pick all that apply" question (choose_many) is shown as a grid of large
// buttons rather than a long menu, which is hard to use on a phone and for
// people with motor or visual difficulties: each press toggles one word on
// or off (a tick shows it), and Done saves the picks. The picks so far live
// in the buttons themselves (each button's id carries the selection it
// leads to), so nothing is stored before Done, and nothing can half-save.

const (
	kindToggle     = "tg"  // Ref=run, Step, Value=the selection (hex bit mask) after this press
	kindToggleDone = "tgd" // Ref=run, Step, Value=the selection to save

	// maxGrid is the most choices a grid shows: with Done, 25 buttons, the
	// most a Discord message holds (5 rows of 5). More choices use a menu.
	maxGrid = 24
)

// gridFits reports whether st is shown as a toggle grid.
func gridFits(st *exercises.Step) bool {
	return st.Answer == exercises.AnswerChooseMany && len(st.Choices) <= maxGrid && !(st.Optional && len(st.Choices) == maxGrid)
}

// manyChoices is the answer block of a choose_many question: a grid with
// the picks in mask ticked, or a menu when there are too many choices.
func manyChoices(run int64, st *exercises.Step, mask uint32) (bot.Block, string) {
	if !gridFits(st) {
		return choiceSelect(run, st, 1, len(st.Choices)), "You can choose more than one."
	}
	cs := make([]bot.Choice, 0, len(st.Choices)+1)
	n := 0
	for i, c := range st.Choices {
		bit := uint32(1) << i
		label, style := c, "secondary"
		if mask&bit != 0 {
			label, style = "✓ "+c, "primary"
			n++
		}
		cs = append(cs, bot.Choice{ID: bot.CustomID{Kind: kindToggle, Ref: run, Step: st.ID, Value: strconv.FormatUint(uint64(mask^bit), 16)}.String(), Label: label, Style: style})
	}
	done := "Done: none picked"
	if n > 0 {
		done = "Done: " + strconv.Itoa(n) + " picked"
	}
	cs = append(cs, bot.Choice{ID: bot.CustomID{Kind: kindToggleDone, Ref: run, Step: st.ID, Value: strconv.FormatUint(uint64(mask), 16)}.String(), Label: done, Style: "success"})
	return &bot.Buttons{Choices: cs}, "Press every one that fits; press again to take it back. Then press Done."
}

// gridMask reads a selection from a custom id's value.
func gridMask(st *exercises.Step, v string) (uint32, error) {
	m, err := strconv.ParseUint(v, 16, 32)
	if err != nil || !gridFits(st) || m >= 1<<len(st.Choices) {
		return 0, bot.Errorf(bot.EInvalid, "That button is no longer in use.")
	}
	return uint32(m), nil
}

// gridStep finds the choose_many step a grid button names.
func gridStep(a *answerer, id bot.CustomID) (*exercises.Step, uint32, error) {
	st, ok := a.def.Step(id.Step)
	if !ok || st.Answer != exercises.AnswerChooseMany {
		return nil, 0, bot.Errorf(bot.EInvalid, "That question is not part of this exercise.")
	}
	m, err := gridMask(st, id.Value)
	return st, m, err
}

// actToggle shows the grid again with one pick changed.
func (b *Bot) actToggle(ctx context.Context, req *bot.Request, id bot.CustomID) (bot.Reply, error) {
	a, err := b.gate(ctx, req, id.Ref)
	if err != nil {
		return bot.Reply{}, err
	}
	st, mask, err := gridStep(a, id)
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
	a.grid = mask
	m := b.stepMessage(a, exercises.Screen{Ask: st, Index: idx, Total: total}, nil)
	return bot.Reply{Message: &m, Private: true, Update: true}, nil
}

// actToggleDone saves the grid's picks as the answer.
func (b *Bot) actToggleDone(ctx context.Context, req *bot.Request, id bot.CustomID) (bot.Reply, error) {
	a, err := b.gate(ctx, req, id.Ref)
	if err != nil {
		return bot.Reply{}, err
	}
	st, mask, err := gridStep(a, id)
	if err != nil {
		return bot.Reply{}, err
	}
	values := []string{}
	for i := range st.Choices {
		if mask&(1<<i) != 0 {
			values = append(values, strconv.Itoa(i))
		}
	}
	return b.answerValues(ctx, req, id, values)
}
