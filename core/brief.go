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

// DefaultBriefBefore is when the lead gets the pre-session brief: two hours
// before the session, time to read it and to reach a member first if a
// line in it calls for that.
const DefaultBriefBefore = 2 * time.Hour

// goalStep is the id of the question whose answer, in an exercise of kind
// goal, is the goal a member set; the brief lists it as due (goal-set).
const goalStep = "goal"

func (b *Bot) briefBefore() time.Duration {
	if b.cfg.BriefBefore == 0 {
		return DefaultBriefBefore
	}
	return b.cfg.BriefBefore
}

// nextSession returns the start of the group's first weekly session
// strictly after t, or the zero time when the group has no session.
func nextSession(gc *groupCal, t time.Time) time.Time {
	// A rule of one minute before the session, asked from a minute
	// earlier: its fire plus the minute is the first start after t.
	w, err := ParseWhen("1m before session")
	if err != nil {
		return time.Time{}
	}
	f := gc.nextFire(w, t.Add(-time.Minute))
	if f.IsZero() {
		return f
	}
	return f.Add(time.Minute)
}

// sendBriefs sends each group's lead the brief of the group's next session
// once, when the session is at most BriefBefore away. A brief missed while
// the bot was down is still sent if the session has not started. Paused and
// ended groups get none. The scheduler's pass calls it.
func (b *Bot) sendBriefs(ctx context.Context, now time.Time) error {
	before := b.briefBefore()
	if before < 0 {
		return nil
	}
	groups, err := b.store.Groups(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, g := range groups {
		if err := b.sendBrief(ctx, g, now, before); err != nil {
			errs = append(errs, fmt.Errorf("brief of group %d: %w", g.ID, err))
		}
	}
	return errors.Join(errs...)
}

func (b *Bot) sendBrief(ctx context.Context, g *bot.Group, now time.Time, before time.Duration) error {
	gc, err := b.loadCal(ctx, g.ID)
	if err != nil {
		return err
	}
	if gc.cal.Session == nil || gc.cal.PausedOn(now.In(gc.loc).Format(time.DateOnly)) {
		return nil
	}
	sess := nextSession(gc, now)
	if sess.IsZero() || sess.Sub(now) > before {
		return nil
	}
	if ended, err := b.groupEnded(ctx, g.ID); err != nil || ended {
		return err
	}
	key := fmt.Sprintf("brief-%d-%d", g.ID, sess.Unix())
	if first, err := b.store.ClaimNotice(ctx, key, now); err != nil || !first {
		return err
	}
	text, err := b.PreSessionBrief(ctx, g, sess)
	if err != nil {
		return err
	}
	if err := b.tellLead(ctx, g, bot.Message{Text: text, Key: key}); err != nil && !errors.Is(err, errNoDM) {
		return err
	}
	return nil
}

// PreSessionBrief is the lead's private brief before the session starting
// at sess: for each member, what changed since the session a week before
// (questionnaires with bands and reliable change, open safety alerts,
// exercises missed in a row, written answers waiting to be read) and the
// goal they set that is due. Names are the group's own display names; it
// quotes nothing a member wrote except their own goal.
func (b *Bot) PreSessionBrief(ctx context.Context, g *bot.Group, sess time.Time) (string, error) {
	now := b.clock.Now()
	loc := g.Location()
	since := sess.AddDate(0, 0, -7)
	ms, err := b.store.Memberships(ctx, g.ID)
	if err != nil {
		return "", err
	}
	alerts, err := b.store.Alerts(ctx, g.ID, true)
	if err != nil {
		return "", err
	}
	streak, _, err := b.missedStreaks(ctx, g, now)
	if err != nil {
		return "", err
	}
	unread, err := b.unreadWrittenAnswers(ctx, g)
	if err != nil {
		return "", err
	}
	unreadBy := map[string]int{}
	for _, u := range unread {
		unreadBy[u.Name] = u.Count
	}
	// A year of runs, so that the first result after since still has the
	// one before it to compare with.
	runs, err := b.reports.Runs(ctx, g.ID, since.AddDate(-1, 0, 0), now.Add(time.Nanosecond))
	if err != nil {
		return "", err
	}
	answers, err := b.reports.GroupAnswers(ctx, g.ID, since.AddDate(-1, 0, 0), now.Add(time.Nanosecond))
	if err != nil {
		return "", err
	}
	var ras []runAnswers
	for _, r := range runs {
		d, err := b.definition(r)
		if err != nil {
			return "", err
		}
		ras = append(ras, runAnswers{run: r, def: d})
	}

	var sb strings.Builder
	fmt.Fprintf(&sb, "**Before the session** · %s · %s\n", g.Name, sess.In(loc).Format("Mon 2 Jan, 15:04"))
	fmt.Fprintf(&sb, "What changed since %s. Only you see this.\n", since.In(loc).Format("Mon 2 Jan"))
	nOpen, nUnread := 0, 0
	for _, m := range ms {
		if m.Role != bot.RoleMember || !m.Active(now) {
			continue
		}
		var lines []string
		for _, s := range measureSeries(append([]runAnswers(nil), ras...), answers, m.UserID) {
			for _, p := range s.Points {
				if p.Result.Complete && !p.At.Before(since) {
					lines = append(lines, briefMeasure(s.Instrument, p))
				}
			}
		}
		for _, al := range alerts {
			if al.UserID == m.UserID {
				nOpen++
				lines = append(lines, fmt.Sprintf("Open safety alert #%d, raised %s: acknowledge it with /alerts ack %d.", al.ID, g.FormatTimeFrom(al.RaisedAt, now), al.ID))
			}
		}
		if n := streak[m.UserID]; n > 0 {
			lines = append(lines, fmt.Sprintf("Missed the last %d %s in a row.", n, pluralWord(n, "exercise", "exercises")))
		}
		if n := unreadBy[displayName(ms, m.UserID)]; n > 0 {
			nUnread += n
			lines = append(lines, fmt.Sprintf("%d written %s waiting to be read (/review member).", n, pluralWord(n, "answer", "answers")))
		}
		if goal := goalDue(ras, answers, m.UserID, since); goal != "" {
			lines = append(lines, "Goal due: "+goal)
		}
		if hw, err := b.homeworkDue(ctx, g, m.UserID, since, sess); err != nil {
			return "", err
		} else if hw != "" {
			lines = append(lines, "Homework due: "+hw)
		}
		fmt.Fprintf(&sb, "\n**%s**\n", m.DisplayName)
		if len(lines) == 0 {
			sb.WriteString("- Nothing new.\n")
		}
		for _, l := range lines {
			sb.WriteString("- " + l + "\n")
		}
	}
	fmt.Fprintf(&sb, "\nOpen safety alerts: %d · written answers waiting: %d. More with /review group, and a member's note with /review note @name.", nOpen, nUnread)
	return sb.String(), nil
}

func briefMeasure(in *exercises.Instrument, p MeasurePoint) string {
	w := fmt.Sprintf("%s: %d (%s)", in.Name, p.Result.Total, p.Result.Band)
	switch p.Change {
	case exercises.Improved:
		w += fmt.Sprintf(", reliable improvement (%+d since the one before)", p.Delta)
	case exercises.Deteriorated:
		w += fmt.Sprintf(", **reliable deterioration** (%+d since the one before)", p.Delta)
	case exercises.NoReliableChange:
		w += fmt.Sprintf(", no reliable change (%+d)", p.Delta)
	}
	return w + "."
}

// goalDue is the goal the member set most recently since the session
// before (the answer to a goal exercise's "goal" question), with when and
// how often when they said; "" when they set none.
func goalDue(runs []runAnswers, answers []*bot.AnswerRecord, userID string, since time.Time) string {
	for i := len(runs) - 1; i >= 0; i-- {
		ra := runs[i]
		if ra.def.Kind != exercises.KindGoal || ra.run.OpenedAt.Before(since.AddDate(0, 0, -7)) {
			continue
		}
		st, ok := ra.def.Step(goalStep)
		if !ok || st.Answer != exercises.AnswerText {
			continue
		}
		got := map[string]exercises.Answer{}
		for _, a := range answers {
			if a.RunID == ra.run.ID && a.UserID == userID && !a.Answer.Skipped {
				got[a.StepID] = a.Answer
			}
		}
		g, ok := got[goalStep]
		if !ok {
			continue
		}
		out := exercises.QuoteEarlier(g.Text)
		for _, id := range []string{"when", "often"} {
			if s, ok := ra.def.Step(id); ok {
				if a, ok := got[id]; ok {
					a.Shared = false
					out += ", " + AnswerText(s, a)
				}
			}
		}
		return out + "."
	}
	return ""
}

// reviewBrief answers /review brief: the brief of the next session now.
func (b *Bot) reviewBrief(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	gc, err := b.loadCal(ctx, req.Group.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	if gc.cal.Session == nil {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "This group has no weekly session yet: set one with /group session, like /group session wednesday 18:00.")
	}
	text, err := b.PreSessionBrief(ctx, req.Group, nextSession(gc, req.Now))
	if err != nil {
		return bot.Reply{}, err
	}
	if err := b.audit(ctx, req, "review brief", nil); err != nil {
		return bot.Reply{}, err
	}
	return bot.PrivateText(text), nil
}

// homeworkDue is the homework the therapist set for the member at the
// session before (from the session plan), or "" without a plan or homework.
func (b *Bot) homeworkDue(ctx context.Context, g *bot.Group, userID string, since, sess time.Time) (string, error) {
	if b.cfg.SessionPlans == nil {
		return "", nil
	}
	p, err := b.cfg.SessionPlans.SessionPlan(ctx, g.ID, userID, since, sess)
	if err != nil || p == nil || p.Homework == "" {
		return "", err
	}
	return exercises.QuoteEarlier(p.Homework) + ".", nil
}
