package core

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"groupwork/bot"
	"groupwork/exercises"
)

// gate loads the answer context of an action on run runID. When the member
// has not accepted the consent notice it fails with a *stopWith carrying the
// notice instead: nothing they submit is stored before they accept.
func (b *Bot) gate(ctx context.Context, req *bot.Request, runID int64) (*answerer, error) {
	a, err := b.answerContext(ctx, req, runID)
	if err != nil {
		return nil, err
	}
	rep, err := b.consentGate(ctx, a.group, a.member.UserID, runID)
	if err != nil {
		return nil, err
	}
	if rep != nil {
		return nil, &stopWith{reply: *rep}
	}
	a.footer = b.footerLine(ctx, a.group)
	if err := b.playAtLevel(ctx, a, req.Now); err != nil { // levels.go
		return nil, err
	}
	if err := b.loadLastAnswer(ctx, a); err != nil { // later.go
		return nil, err
	}
	if a.earlier, err = b.earlierAnswers(ctx, a); err != nil { // earlier.go
		return nil, err
	}
	return a, nil
}

// stopWith is an error that carries its reply: a handler that must answer
// with something other than what was asked (the consent notice instead of
// the next question) returns it like any error, and stopReplies answers
// with the reply. It is not a failure.
type stopWith struct{ reply bot.Reply }

func (e *stopWith) Error() string { return "stopped with a reply" }

// stopReplies is the innermost middleware: it turns a *stopWith into its
// reply, so the middleware around it sees a handled request, as if the
// handler had returned the reply itself (Dedupe keeps the claim, Log logs
// no error code).
func stopReplies(next bot.RequestHandler) bot.RequestHandler {
	return func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
		rep, err := next(ctx, req)
		if stop, ok := errors.AsType[*stopWith](err); ok {
			return stop.reply, nil
		}
		return rep, err
	}
}

func (b *Bot) actOpen(ctx context.Context, req *bot.Request, id bot.CustomID) (bot.Reply, error) {
	a, err := b.gate(ctx, req, id.Ref)
	if err != nil {
		return bot.Reply{}, err
	}
	answers, err := b.userAnswers(ctx, a.run.ID, a.member.UserID)
	if err != nil {
		return bot.Reply{}, err
	}
	return b.screenReply(a, answers, nil, false), nil
}

func (b *Bot) actAnswer(ctx context.Context, req *bot.Request, id bot.CustomID) (bot.Reply, error) {
	return b.answerValues(ctx, req, id, []string{id.Value})
}

func (b *Bot) actPick(ctx context.Context, req *bot.Request, id bot.CustomID) (bot.Reply, error) {
	ev, _ := req.Event.(*bot.Action)
	if ev == nil {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "That menu is no longer in use.")
	}
	return b.answerValues(ctx, req, id, ev.Values)
}

// answerValues stores a scale value or choice indexes given as strings.
func (b *Bot) answerValues(ctx context.Context, req *bot.Request, id bot.CustomID, values []string) (bot.Reply, error) {
	a, err := b.gate(ctx, req, id.Ref)
	if err != nil {
		return bot.Reply{}, err
	}
	st, ok := a.def.Step(id.Step)
	if !ok || st.Kind != exercises.StepAsk {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "That question is not part of this exercise.")
	}
	var ans exercises.Answer
	for _, v := range values {
		n, err := strconv.Atoi(v)
		if err != nil {
			return bot.Reply{}, bot.Errorf(bot.EInvalid, "That choice is not one of the options.")
		}
		if st.Answer == exercises.AnswerScale {
			ans.Scale = n
		} else {
			ans.Choices = append(ans.Choices, n)
		}
	}
	if st.Answer == exercises.AnswerScale && len(values) != 1 {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "Please choose one number.")
	}
	if st.Answer == exercises.AnswerText {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "That question needs a written answer.")
	}
	answers, err := b.save(ctx, a, st.ID, ans, req.Now)
	if err != nil {
		return bot.Reply{}, err
	}
	if a.def.AnsweredBy == exercises.AnsweredByGroup {
		return b.afterAnswer(a, bot.PrivateText(fmt.Sprintf("Thank you, %s. I noted: %s.", a.member.DisplayName, st.Choices[ans.Choices[0]]))), nil
	}
	var notes []string
	if st.Explain != "" {
		notes = append(notes, st.Explain)
	}
	return b.afterAnswer(a, b.screenReply(a, answers, notes, true)), nil
}

// actText handles a submitted text form, and also a press of the form's own
// id as a button (adapters that cannot keep forms across a restart send
// that): the reply then opens the form.
func (b *Bot) actText(ctx context.Context, req *bot.Request, id bot.CustomID) (bot.Reply, error) {
	a, err := b.gate(ctx, req, id.Ref)
	if err != nil {
		return bot.Reply{}, err
	}
	st, ok := a.def.Step(id.Step)
	if !ok || st.Answer != exercises.AnswerText {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "That question is not part of this exercise.")
	}
	ev, _ := req.Event.(*bot.Submit)
	if err := b.checkUnlocked(ctx, a, st); err != nil {
		return bot.Reply{}, err
	}
	if ev == nil {
		f := textForm(a, st)
		return bot.Reply{Form: &f}, nil
	}
	// Stored exactly as written (text.go); a blank answer says nothing.
	text := ev.Fields["answer"]
	if why := bot.CheckMemberText(text); why != "" {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "%s", why)
	}
	ans := exercises.Answer{Text: text}
	if bot.Blank(text) && st.Optional {
		ans = exercises.Answer{Skipped: true}
	}
	answers, err := b.save(ctx, a, st.ID, ans, req.Now)
	if err != nil {
		return bot.Reply{}, err
	}
	if a.alerted != "" {
		// a screen of its own, about the member; never a question about sharing
		return b.alertScreen(a), nil
	}
	if shareable(a.def, st) && !ans.Skipped && !answers[st.ID].Alerted && !a.late {
		return b.shareQuestion(a, st), nil
	}
	return b.screenReply(a, answers, nil, true), nil
}

func (b *Bot) actSkip(ctx context.Context, req *bot.Request, id bot.CustomID) (bot.Reply, error) {
	a, err := b.gate(ctx, req, id.Ref)
	if err != nil {
		return bot.Reply{}, err
	}
	answers, err := b.save(ctx, a, id.Step, exercises.Answer{Skipped: true}, req.Now)
	if err != nil {
		return bot.Reply{}, err
	}
	return b.afterAnswer(a, b.screenReply(a, answers, nil, true)), nil
}

func (b *Bot) actShare(ctx context.Context, req *bot.Request, id bot.CustomID) (bot.Reply, error) {
	a, err := b.gate(ctx, req, id.Ref)
	if err != nil {
		return bot.Reply{}, err
	}
	// A forged or stale button must not publish anything: only questions
	// that let the member choose can be shared.
	if st, _ := a.def.Step(id.Step); !shareable(a.def, st) {
		return bot.Reply{}, bot.Errorf(bot.EForbidden, "Answers to this question are for your therapists only, so they cannot be shared with the group.")
	}
	if id.Value != "yes" && id.Value != "no" {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "That button is no longer in use.")
	}
	answers, err := b.userAnswers(ctx, a.run.ID, a.member.UserID)
	if err != nil {
		return bot.Reply{}, err
	}
	ans, ok := answers[id.Step]
	if !ok || ans.Skipped {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "There is no answer to share for that question yet.")
	}
	if id.Value == "yes" {
		alerted, err := b.alertedSteps(ctx, a.group.ID, a.run.ID)
		if err != nil {
			return bot.Reply{}, err
		}
		if a.late {
			return b.screenReply(a, answers, []string{"This exercise has closed and the group has seen its results, so this answer stays between you and your therapists."}, true), nil
		}
		if ans.Alerted || alerted[[2]string{a.member.UserID, id.Step}] {
			return b.screenReply(a, answers, []string{"This answer stays between you and your therapists: an answer that may mean you need support is never shown to the group."}, true), nil
		}
	}
	ans.Shared = id.Value == "yes"
	if answers, err = b.saveShared(ctx, a, id.Step, ans, req); err != nil {
		return bot.Reply{}, err
	}
	note := "Kept private: only your therapists will see it."
	if ans.Shared {
		note = fmt.Sprintf("Thank you for sharing. When the exercise closes, the group will see it with your name, if at least %d people have answered by then.", b.minRespondents()) + b.tooSmall(a)
	}
	return b.screenReply(a, answers, []string{note}, true), nil
}

// saveShared stores the member's share decision without touching anything else.
func (b *Bot) saveShared(ctx context.Context, a *answerer, stepID string, ans exercises.Answer, req *bot.Request) (map[string]exercises.Answer, error) {
	answers, err := b.userAnswers(ctx, a.run.ID, a.member.UserID)
	if err != nil {
		return nil, err
	}
	answers[stepID] = ans
	status, err := b.statusAfter(ctx, a, answers)
	if err != nil {
		return nil, err
	}
	rec := &bot.AnswerRecord{RunID: a.run.ID, UserID: a.member.UserID, StepID: stepID, Answer: ans, AnsweredAt: req.Now, Late: a.late}
	return answers, b.store.SaveAnswer(ctx, rec, status)
}

func (b *Bot) actRedo(ctx context.Context, req *bot.Request, id bot.CustomID) (bot.Reply, error) {
	ev, _ := req.Event.(*bot.Action)
	if ev == nil || len(ev.Values) != 1 {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "Please choose one question to change.")
	}
	a, err := b.gate(ctx, req, id.Ref)
	if err != nil {
		return bot.Reply{}, err
	}
	st, ok := a.def.Step(ev.Values[0])
	if !ok || st.Kind != exercises.StepAsk {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "That question is not part of this exercise.")
	}
	if err := b.checkUnlocked(ctx, a, st); err != nil {
		return bot.Reply{}, err
	}
	total := len(a.def.AskSteps())
	idx := 0
	for i, s := range a.def.AskSteps() {
		if s.ID == st.ID {
			idx = i + 1
		}
	}
	m := b.stepMessage(a, exercises.Screen{Ask: st, Index: idx, Total: total}, []string{"You can change your answer to this question."})
	return bot.Reply{Message: &m, Private: true, Update: true}, nil
}

// screenReply shows the member's next question, or the end of the exercise.
func (b *Bot) screenReply(a *answerer, answers map[string]exercises.Answer, notes []string, update bool) bot.Reply {
	return b.showScreen(a, answers, a.def.Next(answers), notes, update)
}

// showScreen renders a screen: a stop with a Continue button, the next
// question, or the end of the exercise.
func (b *Bot) showScreen(a *answerer, answers map[string]exercises.Answer, sc exercises.Screen, notes []string, update bool) bot.Reply {
	sc.Say = a.fillEarlier(sc.Say) // the member's own earlier answers (earlier.go)
	var m bot.Message
	switch {
	case sc.Continue != nil && sc.Continue.Kind == exercises.StepLater:
		m = b.laterMessage(a, sc, notes) // later.go
	case sc.Continue != nil:
		m = continueMessage(a, sc, notes)
	case sc.Ask == nil:
		m = b.doneMessage(a, answers, append(notes, sc.Say...))
	default:
		m = b.stepMessage(a, sc, notes)
	}
	if sc.Ask != nil || sc.Continue != nil {
		m = withMoreTime(a, m)     // more_time.go
		m = b.withMoreWindow(a, m) // more_window.go
	}
	return bot.Reply{Message: &m, Private: true, Update: update}
}

// continueMessage shows texts that need a moment on their own (a list of
// words to remember) with one button to go on.
func continueMessage(a *answerer, sc exercises.Screen, notes []string) bot.Message {
	var sb strings.Builder
	fmt.Fprintf(&sb, "**%s**\n", a.def.Title)
	for _, n := range notes {
		sb.WriteString("\n" + n + "\n")
	}
	for _, s := range sc.Say {
		sb.WriteString("\n" + s + "\n")
	}
	if a.def.Footer != "" {
		sb.WriteString("_" + a.def.Footer + "_\n")
	}
	return bot.Message{Text: strings.TrimRight(sb.String(), "\n"), Blocks: []bot.Block{&bot.Buttons{Choices: []bot.Choice{
		{ID: bot.CustomID{Kind: kindContinue, Ref: a.run.ID, Step: sc.Continue.ID}.String(), Label: sc.Continue.Continue, Style: "primary"},
	}}}}
}

// actContinue moves a member past a Continue stop.
func (b *Bot) actContinue(ctx context.Context, req *bot.Request, id bot.CustomID) (bot.Reply, error) {
	a, err := b.gate(ctx, req, id.Ref)
	if err != nil {
		return bot.Reply{}, err
	}
	st, ok := a.def.Step(id.Step)
	if !ok || st.Continue == "" {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "That button is no longer in use.")
	}
	if err := b.laterNotYet(a, st); err != nil { // later.go
		return bot.Reply{}, err
	}
	answers, err := b.userAnswers(ctx, a.run.ID, a.member.UserID)
	if err != nil {
		return bot.Reply{}, err
	}
	return b.showScreen(a, answers, a.def.NextPast(answers, id.Step), nil, true), nil
}

// stepMessage renders one question: the texts before it, the question, how
// to answer, and who will see the answer.
func (b *Bot) stepMessage(a *answerer, sc exercises.Screen, notes []string) bot.Message {
	st := sc.Ask
	run := a.run.ID
	var sb strings.Builder
	fmt.Fprintf(&sb, "**%s** · question %d of %d\n", a.def.Title, sc.Index, sc.Total)
	for _, n := range notes {
		sb.WriteString("\n" + n + "\n")
	}
	for _, s := range sc.Say {
		sb.WriteString("\n" + s + "\n")
	}
	sb.WriteString("\n" + boldLines(st.Text) + "\n") // text_bold.go: a question may have several lines
	var blocks []bot.Block
	switch st.Answer {
	case exercises.AnswerScale:
		if st.Scale.Low != "" || st.Scale.High != "" {
			fmt.Fprintf(&sb, "%d = %s, %d = %s\n", st.Scale.Min, st.Scale.Low, st.Scale.Max, st.Scale.High)
		}
		var cs []bot.Choice
		for v := st.Scale.Min; v <= st.Scale.Max; v++ {
			cs = append(cs, bot.Choice{ID: bot.CustomID{Kind: kindAnswer, Ref: run, Step: st.ID, Value: strconv.Itoa(v)}.String(), Label: strconv.Itoa(v)})
		}
		blocks = append(blocks, &bot.Buttons{Choices: cs})
	case exercises.AnswerChoose:
		if len(st.Choices) <= 5 {
			blocks = append(blocks, choiceButtons(run, st))
		} else {
			blocks = append(blocks, choiceSelect(run, st, 1, 1))
		}
	case exercises.AnswerChooseMany:
		block, how := manyChoices(run, st, a.grid) // toggle_grid.go
		sb.WriteString(how + "\n")
		blocks = append(blocks, block)
	case exercises.AnswerSequence:
		block, how := seqBlocks(run, st, a.seq) // sequence.go
		sb.WriteString(how + "\n")
		blocks = append(blocks, block)
	case exercises.AnswerText:
		blocks = append(blocks, &bot.FormButton{Label: "Write my answer", Form: textForm(a, st)})
	}
	switch {
	case st.VisibleTo == exercises.VisibleGroup && showsResults(a.def):
		fmt.Fprintf(&sb, "_The group will see this answer with your name, if at least %d people answer._\n", b.minRespondents())
	case shareable(a.def, st):
		sb.WriteString("_You will choose whether the group sees this answer._\n")
	default:
		sb.WriteString("_Only your therapists will see this answer._\n")
	}
	if st.Optional {
		blocks = append(blocks, &bot.Buttons{Choices: []bot.Choice{{ID: bot.CustomID{Kind: kindSkip, Ref: run, Step: st.ID}.String(), Label: "Skip this question", Style: "secondary"}}})
	}
	if a.late {
		sb.WriteString("_This exercise has closed; your answer will be saved as late._\n")
	}
	if a.def.Footer != "" {
		sb.WriteString("_" + a.def.Footer + "_\n")
	}
	footer := a.footer
	if st.Answer == exercises.AnswerText {
		footer = textQuestionFooter(footer) // safety_text_footer.go
	}
	sb.WriteString(strings.TrimPrefix(footer, "\n"))
	return bot.Message{Text: strings.TrimRight(sb.String(), "\n"), Blocks: blocks}
}

// textForm is the form that collects a written answer.
func textForm(a *answerer, st *exercises.Step) bot.Form {
	return bot.Form{
		CustomID: bot.CustomID{Kind: kindText, Ref: a.run.ID, Step: st.ID}.String(),
		Title:    a.def.Title,
		Fields:   []bot.Field{{ID: "answer", Label: "Your answer", Long: st.Long, Required: !st.Optional, MaxLen: st.MaxLen}},
	}
}

func choiceButtons(run int64, st *exercises.Step) *bot.Buttons {
	cs := make([]bot.Choice, len(st.Choices))
	for i, c := range st.Choices {
		cs[i] = bot.Choice{ID: bot.CustomID{Kind: kindAnswer, Ref: run, Step: st.ID, Value: strconv.Itoa(i)}.String(), Label: c}
	}
	return &bot.Buttons{Choices: cs}
}

func choiceSelect(run int64, st *exercises.Step, min, max int) *bot.Select {
	cs := make([]bot.Choice, len(st.Choices))
	for i, c := range st.Choices {
		cs[i] = bot.Choice{ID: strconv.Itoa(i), Label: c}
	}
	return &bot.Select{CustomID: bot.CustomID{Kind: kindPick, Ref: run, Step: st.ID}.String(), Placeholder: "Choose…", Choices: cs, Min: min, Max: max}
}

// doneMessage thanks the member, shows any scores kindly, and offers to
// change an answer while the window is open.
func (b *Bot) doneMessage(a *answerer, answers map[string]exercises.Answer, notes []string) bot.Message {
	var sb strings.Builder
	fmt.Fprintf(&sb, "**%s**\n", a.def.Title)
	for _, n := range notes {
		sb.WriteString("\n" + n + "\n")
	}
	if a.late {
		fmt.Fprintf(&sb, "\nThank you, %s. Your answers are saved (after the exercise closed, so they are marked late).\n", a.member.DisplayName)
	} else {
		fmt.Fprintf(&sb, "\nThank you, %s. Your answers are saved.\n", a.member.DisplayName)
	}
	b.writeScores(&sb, a, answers) // levels.go
	if line := b.groupSeesLine(a, answers); line != "" {
		sb.WriteString(line + "\n")
	}
	m := bot.Message{}
	if !a.late {
		var cs []bot.Choice
		for _, st := range a.def.AskSteps() {
			if !locked(st, answers) { // answer_lock.go
				cs = append(cs, bot.Choice{ID: st.ID, Label: shorten(itemLabel(a.def, st), 80)}) // measures.go
			}
		}
		if note := lockedNote(a.def, answers); note != "" {
			sb.WriteString(note + "\n")
		}
		if len(cs) > 0 {
			fmt.Fprintf(&sb, "You can change an answer until %s.", a.group.FormatTimeFrom(a.run.ClosesAt, b.clock.Now()))
			m.Blocks = []bot.Block{&bot.Select{CustomID: bot.CustomID{Kind: kindRedo, Ref: a.run.ID}.String(), Placeholder: "Change an answer…", Choices: cs, Min: 1, Max: 1}}
		}
	}
	m.Text = strings.TrimRight(sb.String(), "\n")
	return m
}

func (b *Bot) shareQuestion(a *answerer, st *exercises.Step) bot.Reply {
	yes := bot.CustomID{Kind: kindShare, Ref: a.run.ID, Step: st.ID, Value: "yes"}.String()
	no := bot.CustomID{Kind: kindShare, Ref: a.run.ID, Step: st.ID, Value: "no"}.String()
	m := bot.Message{
		Text: fmt.Sprintf("Saved. Would you like the group to see this answer? They would see it with your name when the exercise closes, "+
			"but only if at least %d people have answered by then: this keeps a small group private.%s You can say no: your therapists will still see it.", b.minRespondents(), b.tooSmall(a)),
		Blocks: []bot.Block{&bot.Buttons{Choices: []bot.Choice{
			{ID: yes, Label: "Share with the group", Style: "primary"},
			{ID: no, Label: "Keep it private", Style: "secondary"},
		}}},
	}
	return bot.Reply{Message: &m, Private: true, Update: true}
}

// shorten cuts s to at most n runes, ending with an ellipsis when cut.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
