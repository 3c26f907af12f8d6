package core

import (
	"context"
	"fmt"
	"strings"

	"groupwork/bot"
	"groupwork/exercises"
)

func (b *Bot) exerciseList(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	var sb strings.Builder
	sb.WriteString("**Exercises**\n")
	for _, d := range b.lib.List() {
		// One short line each: the list must fit one Discord message (2,000
		// characters) as the library grows. Members answer privately unless
		// the line says otherwise.
		who := ""
		if d.AnsweredBy == exercises.AnsweredByGroup {
			who = "; answered together"
		}
		fmt.Fprintf(&sb, "- `%s` — %s (%s; open %s%s)\n", d.ID, d.Title, d.Kind, bot.HumanDuration(d.Window), who)
		if d.Levelled() {
			fmt.Fprintf(&sb, "  %s\n", LevelsShort(d)) // commands_level.go
		}
	}
	sb.WriteString("Each member answers privately unless it says together. See one with /exercise preview <id>.")
	return bot.PrivateText(sb.String()), nil
}

func (b *Bot) exercisePreview(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	id, _ := req.Cmd.String("exercise")
	d, ok := b.lib.Get(id)
	if !ok {
		return bot.Reply{}, bot.Errorf(bot.ENotFound, "There is no exercise %q. Type /exercise list to see them.", id)
	}
	return bot.PrivateText(PreviewText(d)), nil
}

// PreviewText renders an exercise as a plain outline: what each step says or
// asks, how it is answered, and who sees the answer.
func PreviewText(d *exercises.Definition) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "**%s** (`%s`, version %s)\n%s\n", d.Title, d.ID, d.Version, d.Goal)
	fmt.Fprintf(&sb, "Open for %s", bot.HumanDuration(d.Window))
	if d.Remind > 0 {
		fmt.Fprintf(&sb, "; reminder %s before it closes", bot.HumanDuration(d.Remind))
	}
	sb.WriteString(".\n")
	if d.Levelled() { // commands_level.go: the questions below are level 1's
		fmt.Fprintf(&sb, "Levels: %s. The questions below are level 1's.\n", LevelsLine(d))
	}
	n := 0
	for _, st := range d.Steps {
		switch st.Kind {
		case exercises.StepAsk:
			n++
			fmt.Fprintf(&sb, "%d. %s — %s", n, st.Text, answerShape(&st))
			if st.Optional {
				sb.WriteString(", optional")
			}
			fmt.Fprintf(&sb, "; seen by %s\n", visibilityWords(st.VisibleTo))
		default:
			fmt.Fprintf(&sb, "   (%s) %s\n", st.Kind, shorten(strings.ReplaceAll(st.Text, "\n", " "), 160))
		}
	}
	return strings.TrimRight(sb.String(), "\n")
}

func answerShape(st *exercises.Step) string {
	switch st.Answer {
	case exercises.AnswerScale:
		return fmt.Sprintf("scale %d–%d", st.Scale.Min, st.Scale.Max)
	case exercises.AnswerChoose:
		return "choose one of: " + strings.Join(st.Choices, " / ")
	case exercises.AnswerChooseMany:
		return "choose any of: " + strings.Join(st.Choices, " / ")
	case exercises.AnswerSequence:
		return "press in order from: " + strings.Join(st.Choices, " / ")
	}
	return fmt.Sprintf("written answer (up to %d characters)", st.MaxLen)
}

func visibilityWords(v exercises.Visibility) string {
	switch v {
	case exercises.VisibleGroup:
		return "the group"
	case exercises.VisibleMemberChooses:
		return "therapists, and the group if the member shares it"
	}
	return "therapists only"
}

func (b *Bot) exerciseStart(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	id, _ := req.Cmd.String("exercise")
	if rep, open, err := b.askIfOpen(ctx, req.Group, id); err != nil || open {
		return rep, err
	}
	run, err := b.StartRun(ctx, req.Group, id, req.Member.UserID)
	if err != nil {
		return bot.Reply{}, err
	}
	d, _ := b.lib.Get(id)
	return bot.PrivateText(fmt.Sprintf("Started **%s** (run %d). It is open until %s.", d.Title, run.ID, req.Group.FormatTimeFrom(run.ClosesAt, req.Now))), nil
}

func (b *Bot) exerciseStop(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	id, _ := req.Cmd.String("exercise")
	runs, err := b.store.OpenRuns(ctx, req.Group.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	closed := 0
	for _, r := range runs {
		if (id != "" && r.ExerciseID != id) || isLiveRun(r) { // a live activity ends with /activity end or /poll end
			continue
		}
		if err := b.CloseRun(ctx, r); err != nil {
			return bot.Reply{}, err
		}
		closed++
	}
	if closed == 0 {
		return bot.PrivateText("There is no open exercise to close."), nil
	}
	return bot.PrivateText(fmt.Sprintf("Closed %d exercise(s). Members who had not answered are recorded as missed; late answers are still accepted where the exercise allows.", closed)), nil
}
