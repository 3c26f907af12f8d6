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

// Later steps (exercises/later.go): a delayed recall comes After the
// member's last answer before it. Until then the member's screen says when
// it will come and offers no button; at that time the scheduler sends them,
// privately, a message with the button, once (the notice is claimed first).
// Only members who reached the stop are sent anything, so a delayed recall
// goes to those who did the learning tries.

// loadLastAnswer sets a.lastAnswer for an exercise with a later step.
func (b *Bot) loadLastAnswer(ctx context.Context, a *answerer) error {
	if !a.def.HasLater() {
		return nil
	}
	recs, err := b.store.Answers(ctx, a.run.ID, a.member.UserID)
	if err != nil {
		return err
	}
	for _, r := range recs {
		if r.AnsweredAt.After(a.lastAnswer) {
			a.lastAnswer = r.AnsweredAt
		}
	}
	return nil
}

// laterDue is when the later step st opens for the member.
func laterDue(a *answerer, st *exercises.Step) time.Time { return a.lastAnswer.Add(st.After) }

// laterMessage is the screen at a later stop: when it opens, and the button
// once it has.
func (b *Bot) laterMessage(a *answerer, sc exercises.Screen, notes []string) bot.Message {
	var sb strings.Builder
	fmt.Fprintf(&sb, "**%s**\n", a.def.Title)
	for _, n := range notes {
		sb.WriteString("\n" + n + "\n")
	}
	st := sc.Continue
	due := laterDue(a, st)
	now := b.clock.Now()
	if now.Before(due) {
		for _, s := range sc.Say {
			sb.WriteString("\n" + s + "\n")
		}
		fmt.Fprintf(&sb, "\nI will send you a private message %s. You can also come back to this exercise then. Thank you for waiting.", laterWhen(a.group, due, now))
		return bot.Message{Text: sb.String()}
	}
	sb.WriteString("\nIt is time for the last part. Take your time.")
	return bot.Message{Text: sb.String(), Blocks: []bot.Block{&bot.Buttons{Choices: []bot.Choice{
		{ID: bot.CustomID{Kind: kindContinue, Ref: a.run.ID, Step: st.ID}.String(), Label: st.Continue, Style: "primary"},
	}}}}
}

// laterWhen says when, in the group's time zone: "at 10:35" today, else
// "on Tue 3 Nov at 10:35".
func laterWhen(g *bot.Group, t, now time.Time) string {
	loc := g.Location()
	lt, ln := t.In(loc), now.In(loc)
	if lt.YearDay() == ln.YearDay() && lt.Year() == ln.Year() {
		return "at " + lt.Format("15:04")
	}
	return "on " + lt.Format("Mon 2 Jan") + " at " + lt.Format("15:04")
}

// errNotYet refuses a later stop's button pressed before its time (an old
// or forged button).
func (b *Bot) laterNotYet(a *answerer, st *exercises.Step) error {
	if st.Kind != exercises.StepLater {
		return nil
	}
	if due := laterDue(a, st); b.clock.Now().Before(due) {
		return bot.Errorf(bot.EInvalid, "It is not time for the last part yet. I will send you a private message %s.", laterWhen(a.group, due, b.clock.Now()))
	}
	return nil
}

// sendLater sends each member whose later part of run r is due the
// message with its button, once.
func (s *Scheduler) sendLater(ctx context.Context, r *bot.Run, now time.Time) error {
	def, err := s.b.definition(r)
	if err != nil || !def.HasLater() {
		return err
	}
	if ended, err := s.b.groupEnded(ctx, r.GroupID); err != nil || ended {
		return err
	}
	parts, err := s.store.Participation(ctx, r.ID)
	if err != nil {
		return err
	}
	var g *bot.Group
	var dm bot.DirectMessenger
	var errs []error
	for _, p := range parts {
		if p.Status != bot.StatusPartial {
			continue // only those part-way through can be at the stop
		}
		recs, err := s.store.Answers(ctx, r.ID, p.UserID)
		if err != nil {
			return err
		}
		answers := map[string]exercises.Answer{}
		var last time.Time
		for _, rec := range recs {
			answers[rec.StepID] = rec.Answer
			if rec.AnsweredAt.After(last) {
				last = rec.AnsweredAt
			}
		}
		sc := def.Next(answers)
		if sc.Continue == nil || sc.Continue.Kind != exercises.StepLater || now.Before(last.Add(sc.Continue.After)) {
			continue
		}
		key := fmt.Sprintf("later-%d-%s-%s", r.ID, p.UserID, sc.Continue.ID)
		if g == nil {
			if g, err = s.store.Group(ctx, r.GroupID); err != nil {
				return err
			}
			if dm, err = s.b.messenger(g); errors.Is(err, errNoDM) {
				return nil // no private channel: nothing is sent in public
			} else if err != nil {
				return err
			}
		}
		first, err := s.store.ClaimNotice(ctx, key, now)
		if err != nil {
			return err
		}
		if !first {
			continue
		}
		m := bot.Message{Key: key, Text: fmt.Sprintf("**%s** (%s): it is time for the last part. Take your time; only your therapists see your answers.", def.Title, g.Name),
			Blocks: []bot.Block{&bot.Buttons{Choices: []bot.Choice{{ID: bot.CustomID{Kind: kindContinue, Ref: r.ID, Step: sc.Continue.ID}.String(), Label: sc.Continue.Continue, Style: "primary"}}}}}
		if _, err := dm.DirectMessage(ctx, p.UserID, m); err != nil {
			errs = append(errs, fmt.Errorf("later %s: %w", key, err))
			continue
		}
		s.b.log.Info("later part sent", "group", g.ID, "run", r.ID)
	}
	return errors.Join(errs...)
}
