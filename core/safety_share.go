package core

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
)

// Custom id kinds of the screen a member sees after an answer of theirs
// raised a safety alert.
const (
	kindAlertReply = "safe"     // Ref=run, Step=the question, Value=contact|ok
	kindAlertNext  = "safenext" // Ref=run: back to the exercise
)

// alertCrisisText is the group's crisis text on the screens after an alert.
// It is the one place those screens take it from, so that region-aware
// resources reach them.
func (b *Bot) alertCrisisText(g *bot.Group) string {
	return b.GroupCrisisText(g)
}

// alertPreviewLine opens every direct message about an alert, so that a
// phone's notification preview names no one.
const alertPreviewLine = AlertPreview

const alertNextSteps = "**What happens next:** your therapists will see that you may need support. " +
	"They are not available around the clock, so they may not read it straight away."

// alertScreen is the member's next screen after an answer raised an alert:
// a screen of its own, about them. It never asks about sharing: an answer
// that raised an alert is never shown to the group.
func (b *Bot) alertScreen(a *answerer) bot.Reply {
	var sb strings.Builder
	fmt.Fprintf(&sb, "**%s**\n\n", a.def.Title)
	sb.WriteString("Thank you for telling us how you are.\n\n")
	sb.WriteString(alertNextSteps + "\n")
	sb.WriteString("This answer stays between you and your therapists: the group will not see it.\n\n")
	sb.WriteString(b.alertCrisisText(a.group) + "\n\n")
	sb.WriteString("Would you like your therapists to contact you?")
	ref := func(v bot.AlertResponse) string {
		return bot.CustomID{Kind: kindAlertReply, Ref: a.run.ID, Step: a.alerted, Value: string(v)}.String()
	}
	m := bot.Message{Text: sb.String(), Blocks: []bot.Block{&bot.Buttons{Choices: []bot.Choice{
		{ID: ref(bot.ResponseContact), Label: "Please contact me", Style: "primary"},
		{ID: ref(bot.ResponseOK), Label: "I'm OK for now", Style: "secondary"},
	}}}}
	return bot.Reply{Message: &m, Private: true, Update: true}
}

// afterAnswer is the reply to a saved answer: the alert screen when the
// answer raised an alert, rep otherwise.
func (b *Bot) afterAnswer(a *answerer, rep bot.Reply) bot.Reply {
	if a.alerted != "" {
		return b.alertScreen(a)
	}
	return rep
}

// actAlertReply records "please contact me" or "I'm OK for now" against the
// alerts the member's answer raised, tells the therapists, and thanks the
// member. It works whatever the state of the run (closed, late answers
// refused): only the member the alert is about may press it.
func (b *Bot) actAlertReply(ctx context.Context, req *bot.Request, id bot.CustomID) (bot.Reply, error) {
	resp := bot.AlertResponse(id.Value)
	if resp != bot.ResponseContact && resp != bot.ResponseOK {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "That button is no longer in use.")
	}
	run, err := b.store.Run(ctx, id.Ref)
	if err != nil {
		if bot.ErrorCode(err) == bot.ENotFound {
			return bot.Reply{}, bot.Errorf(bot.ENotFound, "That button is no longer in use.")
		}
		return bot.Reply{}, err
	}
	g, err := b.store.Group(ctx, run.GroupID)
	if err != nil {
		return bot.Reply{}, err
	}
	meta := req.Event.Meta()
	if meta.Place.Platform != g.Platform {
		return bot.Reply{}, bot.Errorf(bot.ENotFound, "That button is no longer in use.")
	}
	als, err := b.store.AlertsAbout(ctx, g.ID, meta.User.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	var open, mine []*bot.SafetyAlert
	for _, al := range als { // newest first
		if al.RunID != run.ID || al.StepID != id.Step {
			continue
		}
		mine = append(mine, al)
		if al.Open() {
			open = append(open, al)
		}
	}
	if len(mine) == 0 {
		return b.alertNotStored(ctx, run, g, meta.User.ID, id.Step)
	}
	if len(open) == 0 {
		open = mine[:1] // acknowledged already: the answer still belongs with it
	}
	for _, al := range open {
		if err := b.store.AddAlertResponse(ctx, al.ID, resp, req.Now); err != nil {
			return bot.Reply{}, err
		}
		b.log.Info("safety alert response", "group", g.ID, "alert", al.ID, "response", string(resp))
		if err := b.sendAlertResponse(ctx, g, al, resp); err != nil {
			// /alerts list and the member's review show it regardless
			b.log.Error("send safety alert response", "group", g.ID, "alert", al.ID, "err", err)
		}
	}
	def, err := b.definition(run)
	if err != nil {
		return bot.Reply{}, err
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "**%s**\n\n", def.Title)
	if resp == bot.ResponseContact {
		sb.WriteString("Thank you. Your therapists will see that you would like them to contact you. " +
			"They are not available around the clock, so it may take a while. If you need help before then, use the numbers below.\n\n")
	} else {
		sb.WriteString("Thank you for letting us know. Your therapists will still see your answer. " +
			"If things change, you can type /crisis at any time to see where to get help.\n\n")
	}
	sb.WriteString(b.alertCrisisText(g))
	m := bot.Message{Text: sb.String()}
	if def.AnsweredBy != exercises.AnsweredByGroup {
		m.Blocks = []bot.Block{&bot.Buttons{Choices: []bot.Choice{{ID: bot.CustomID{Kind: kindAlertNext, Ref: run.ID}.String(), Label: "Continue", Style: "primary"}}}}
	}
	return bot.Reply{Message: &m, Private: true, Update: true}, nil
}

// alertNotStored answers a press on the alert screen when no alert about
// the presser exists for that question. When their answer carries the
// alert flag, raising the alert failed (it is logged): the member is told
// plainly that their therapists could not be told, and shown the
// resources, rather than being refused. Anyone else is refused.
func (b *Bot) alertNotStored(ctx context.Context, run *bot.Run, g *bot.Group, userID, stepID string) (bot.Reply, error) {
	recs, err := b.store.Answers(ctx, run.ID, userID)
	if err != nil {
		return bot.Reply{}, err
	}
	for _, r := range recs {
		if r.StepID == stepID && r.Answer.Alerted {
			b.log.Error("alert screen answered but no alert stored", "group", g.ID, "run", run.ID)
			return bot.PrivateText("We could not pass this on to your therapists just now. Please tell them directly when you can. " +
				"If you need help now, use the numbers below.\n\n" + b.alertCrisisText(g)), nil
		}
	}
	return bot.Reply{}, bot.Errorf(bot.EForbidden, "That button is not yours.")
}

// actAlertNext takes the member back to the exercise after the alert screen.
func (b *Bot) actAlertNext(ctx context.Context, req *bot.Request, id bot.CustomID) (bot.Reply, error) {
	a, err := b.gate(ctx, req, id.Ref)
	if err != nil {
		return bot.Reply{}, err
	}
	answers, err := b.userAnswers(ctx, a.run.ID, a.member.UserID)
	if err != nil {
		return bot.Reply{}, err
	}
	return b.screenReply(a, answers, nil, true), nil
}

// sendAlertResponse tells the alert's recipients what the member chose. It
// names the member as the alert does, never what they wrote.
func (b *Bot) sendAlertResponse(ctx context.Context, g *bot.Group, al *bot.SafetyAlert, resp bot.AlertResponse) error {
	dm, err := b.messenger(g)
	if err != nil {
		return err
	}
	to, err := b.alertRecipients(ctx, g)
	if err != nil {
		return err
	}
	names, err := b.names(ctx, g.ID)
	if err != nil {
		return err
	}
	who := orWord(names[al.UserID], "The member")
	// The first line is what a notification preview shows: it names no one.
	text := alertPreviewLine + "\n"
	if resp == bot.ResponseContact {
		text += fmt.Sprintf("**Safety alert #%d** in **%s**: %s asked you to contact them.", al.ID, g.Name, who)
	} else {
		text += fmt.Sprintf("**Safety alert #%d** in **%s**: %s said they are OK for now. This does not close the alert.", al.ID, g.Name, who)
	}
	if al.Open() {
		text += fmt.Sprintf("\nAcknowledge with /alerts ack %d NOTE when you have looked.", al.ID)
	}
	m := bot.Message{Text: text, Key: fmt.Sprintf("alert-%d-reply-%s", al.ID, resp)}
	var errs []error
	for _, t := range to {
		if _, err := dm.DirectMessage(ctx, t.UserID, m); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// responseWords is the member's latest response to an alert, for therapists
// ("" when none).
func responseWords(g *bot.Group, r bot.AlertResponseRecord, ok bool, now time.Time) string {
	if !ok {
		return ""
	}
	return fmt.Sprintf(" · member %s (%s)", r.Response.Words(), g.FormatTimeFrom(r.At, now))
}

// responseNote is the line a re-sent alert carries when the member has
// answered the alert screen ("" otherwise, or when it cannot be read).
func (b *Bot) responseNote(ctx context.Context, g *bot.Group, al *bot.SafetyAlert) string {
	resps, err := b.store.AlertResponses(ctx, g.ID)
	if err != nil {
		b.log.Error("alert responses", "group", g.ID, "alert", al.ID, "err", err)
		return ""
	}
	r, ok := resps[al.ID]
	if !ok {
		return ""
	}
	return fmt.Sprintf("\nThe member %s (%s).", r.Response.Words(), g.FormatTimeFrom(r.At, b.clock.Now()))
}

// alertedSteps returns the (member, question) pairs of a run whose answers
// raised a safety alert, from the alerts themselves: answers stored before
// answers carried their own flag are covered too.
func (b *Bot) alertedSteps(ctx context.Context, groupID, runID int64) (map[[2]string]bool, error) {
	als, err := b.store.Alerts(ctx, groupID, false)
	if err != nil {
		return nil, err
	}
	out := map[[2]string]bool{}
	for _, al := range als {
		if al.RunID == runID {
			out[[2]string{al.UserID, al.StepID}] = true
		}
	}
	return out, nil
}

// shareable reports whether the member may choose to show their answer to
// step st of the exercise to the group: the question lets them choose, the
// exercise shows results at all, and it is not answered together.
func shareable(def *exercises.Definition, st *exercises.Step) bool {
	return st != nil && st.Kind == exercises.StepAsk && st.VisibleTo == exercises.VisibleMemberChooses &&
		def.AnsweredBy != exercises.AnsweredByGroup && showsResults(def)
}

// showsResults reports whether the group sees anything of a run at its close.
func showsResults(def *exercises.Definition) bool {
	return def.ResultsToGroup != "" && def.ResultsToGroup != exercises.ResultsNone
}

// minRespondents is the small-group guard: results shown to the group need
// at least this many members who answered. Never below MinRespondentsFloor.
func (b *Bot) minRespondents() int {
	n := b.cfg.MinRespondents
	if n == 0 {
		n = DefaultMinRespondents
	}
	return max(n, MinRespondentsFloor)
}

// Small-group guard defaults.
const (
	DefaultMinRespondents = 5
	MinRespondentsFloor   = 3
)

// tooSmall is the sentence added when fewer members can answer the run
// than the guard needs ("" otherwise).
func (b *Bot) tooSmall(a *answerer) string {
	n := b.minRespondents()
	if a.due >= n {
		return ""
	}
	return fmt.Sprintf(" Right now only %d people in this group can answer it, so the group may not see it.", a.due)
}

// groupSeesLine says, on the member's last screen, what the group will see
// of their answers.
func (b *Bot) groupSeesLine(a *answerer, answers map[string]exercises.Answer) string {
	if a.def.AnsweredBy == exercises.AnsweredByGroup || a.late {
		return "" // after the close the group has seen the results already
	}
	shared := false
	for _, ans := range answers {
		shared = shared || (ans.Shared && !ans.Skipped && !ans.Alerted)
	}
	n := b.minRespondents()
	switch mode := a.def.ResultsToGroup; {
	case !showsResults(a.def):
		return "Only your therapists see your answers."
	case shared && mode == exercises.ResultsAggregate:
		return fmt.Sprintf("If at least %d people answer, the group will see totals without names, and the answer you chose to share, with your name.", n)
	case shared:
		return fmt.Sprintf("If at least %d people answer, the group will see the answer you chose to share, with your name.", n)
	case mode == exercises.ResultsAggregate:
		return fmt.Sprintf("If at least %d people answer, the group will see totals, without names.", n)
	}
	return "Only your therapists see your answers."
}
