package core

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"groupwork/bot"
)

// Defaults of the escalation of unacknowledged safety alerts.
const (
	DefaultEscalateToBackup   = 30 * time.Minute
	DefaultEscalateToPractice = 2 * time.Hour
)

// AlertPreview is the first line of every safety alert sent by direct
// message. Phones show a message's first line in notifications, on a locked
// screen: it names no one and quotes nothing.
const AlertPreview = "groupwork: a safety alert needs you"

// Escalation says who is told about a safety alert that nobody has
// acknowledged, and when.
type Escalation struct {
	// BackupAfter is how long after an alert is raised the backup therapist
	// is told that it is still unacknowledged; DefaultEscalateToBackup when zero.
	BackupAfter time.Duration
	// PracticeAfter is how long after that the practice contact is told;
	// DefaultEscalateToPractice when zero.
	PracticeAfter time.Duration
	// PracticeContact is the platform user id of a clinician of the
	// practice (not necessarily in any group) who receives alerts nobody has
	// acknowledged, and alerts raised while every therapist of the group is
	// in quiet hours. "" for none.
	PracticeContact string
}

func (b *Bot) escalation() Escalation {
	e := b.cfg.Escalation
	if e.BackupAfter <= 0 {
		e.BackupAfter = DefaultEscalateToBackup
	}
	if e.PracticeAfter <= 0 {
		e.PracticeAfter = DefaultEscalateToPractice
	}
	return e
}

// noBackupWarning is the lead's private warning when only they receive
// safety alerts ("" when a backup is set).
func (b *Bot) noBackupWarning(ctx context.Context, g *bot.Group) string {
	to, err := b.alertRecipients(ctx, g)
	if err != nil || len(to) > 1 {
		return ""
	}
	w := "\n**No backup therapist:** safety alerts go to the lead only, so nobody else is told if the lead is away."
	if b.escalation().PracticeContact != "" {
		w += " Unacknowledged alerts go on to the practice contact."
	}
	return w + " Add a co-therapist with /group add @name co-therapist, then name them with /group backup @name."
}

// alertState is what an alert's notices say about its delivery so far.
type alertState struct {
	told    map[string]time.Time // user → last real notice
	steps   map[string]bool      // user+step → had that step
	held    map[string]time.Time // user → last held notice
	anyTold bool
}

func newAlertState(ns []*bot.AlertNotice) *alertState {
	s := &alertState{told: map[string]time.Time{}, steps: map[string]bool{}, held: map[string]time.Time{}}
	for _, n := range ns {
		if n.Step == bot.NoticeHeld {
			s.held[n.UserID] = n.At
			continue
		}
		s.told[n.UserID] = n.At
		s.steps[n.UserID+" "+n.Step] = true
		s.anyTold = true
	}
	return s
}

// delivery is one message the pass decided to send.
type delivery struct {
	userID string
	step   string
	again  bool // the person was told before
}

// deliverAlert is the one place that decides who hears about an alert, and
// sends it. It is called when the alert is raised and on every maintenance
// pass until the alert is acknowledged; each call is idempotent within the
// resend interval. The rules, in order:
//   - the lead and the backup get it at once (step first);
//   - after BackupAfter the backup is told it is still unacknowledged;
//   - after a further PracticeAfter the practice contact gets it;
//   - anyone already told gets it again every resend interval;
//   - a therapist in quiet hours gets nothing (a held step is recorded) and
//     gets it when their quiet hours end;
//   - if nobody has been told at all, the practice contact gets it at once
//     (cover), or, without one, the lead despite quiet hours: never dropped.
func (b *Bot) deliverAlert(ctx context.Context, g *bot.Group, al *bot.SafetyAlert) error {
	dm, err := b.messenger(g)
	if err != nil {
		return err
	}
	to, err := b.alertRecipients(ctx, g)
	if err != nil {
		return err
	}
	ns, err := b.store.AlertNotices(ctx, al.ID)
	if err != nil {
		return err
	}
	qs, err := b.store.QuietHours(ctx, g.ID)
	if err != nil {
		return err
	}
	now := b.clock.Now()
	esc := b.escalation()
	st := newAlertState(ns)
	quiet := func(uid string) bool {
		for _, q := range qs {
			if q.UserID == uid && q.Contains(now, g.Location()) {
				return true
			}
		}
		return false
	}
	due := func(uid string) bool {
		last, ok := st.told[uid]
		return ok && !now.Before(last.Add(b.resendAfter()))
	}
	age := now.Sub(al.RaisedAt)
	var send []delivery
	var held []string
	var leads []string
	backup := ""
	for _, m := range to {
		if m.Role == bot.RoleLead {
			leads = append(leads, m.UserID)
		} else {
			backup = m.UserID
		}
	}
	for _, m := range to {
		step := ""
		switch {
		case m.UserID == backup && age >= esc.BackupAfter && !st.steps[m.UserID+" "+bot.NoticeBackup]:
			// Also when the backup hears of it first now (after quiet
			// hours): one message that says how long it has waited.
			step = bot.NoticeBackup
		case st.told[m.UserID].IsZero():
			step = bot.NoticeFirst
		case due(m.UserID):
			step = bot.NoticeResend
		}
		if step == "" {
			continue
		}
		if quiet(m.UserID) {
			if h, ok := st.held[m.UserID]; !ok || h.Before(st.told[m.UserID]) {
				held = append(held, m.UserID)
			}
			continue
		}
		send = append(send, delivery{m.UserID, step, !st.told[m.UserID].IsZero()})
	}
	if p := esc.PracticeContact; p != "" && !slices.ContainsFunc(to, func(m *bot.Membership) bool { return m.UserID == p }) {
		switch {
		case !st.steps[p+" "+bot.NoticePractice] && !st.steps[p+" "+bot.NoticeCover] && age >= esc.BackupAfter+esc.PracticeAfter:
			send = append(send, delivery{p, bot.NoticePractice, false})
		case due(p):
			send = append(send, delivery{p, bot.NoticeResend, true})
		}
	}
	if !st.anyTold && len(send) == 0 {
		// Everyone is quiet: whoever is on cover, and failing that the lead.
		if p := esc.PracticeContact; p != "" {
			send = append(send, delivery{p, bot.NoticeCover, false})
		} else {
			for _, l := range leads {
				send = append(send, delivery{l, bot.NoticeCover, false})
				held = slices.DeleteFunc(held, func(u string) bool { return u == l })
			}
		}
	}
	var errs []error
	if err := b.queueOffPlatform(ctx, g, al, send, now); err != nil {
		errs = append(errs, err)
	}
	for _, u := range held {
		if err := b.store.AddAlertNotice(ctx, &bot.AlertNotice{AlertID: al.ID, UserID: u, Step: bot.NoticeHeld, At: now}); err != nil {
			errs = append(errs, err)
		}
	}
	if len(send) == 0 {
		return errors.Join(errs...)
	}
	names, err := b.names(ctx, g.ID)
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	quietLeads := slices.ContainsFunc(leads, quiet)
	response := b.responseNote(ctx, g, al)
	sent, again := 0, false
	for _, d := range send {
		again = again || d.step != bot.NoticeFirst
		m := bot.Message{Text: b.alertText(g, al, names, d, to, quietLeads) + response, Key: fmt.Sprintf("alert-%d-%s-%s-%d", al.ID, d.userID, d.step, now.Unix())}
		if _, err := dm.DirectMessage(ctx, d.userID, m); err != nil {
			errs = append(errs, err)
			continue
		}
		if err := b.store.AddAlertNotice(ctx, &bot.AlertNotice{AlertID: al.ID, UserID: d.userID, Step: d.step, At: now}); err != nil {
			errs = append(errs, err)
		}
		sent++
	}
	if sent > 0 {
		if err := b.store.MarkAlertSent(ctx, al.ID, now); err != nil {
			errs = append(errs, err)
		}
		msg := "safety alert delivered"
		if again {
			msg = "safety alert sent again"
		}
		b.log.Info(msg, "group", g.ID, "alert", al.ID, "messages", sent)
	}
	return errors.Join(errs...)
}

// alertText is the direct message: a preview line that names no one, then
// who, which exercise, a reference and what to do. Never what the member
// wrote, nor which keyword matched.
func (b *Bot) alertText(g *bot.Group, al *bot.SafetyAlert, names map[string]string, d delivery, to []*bot.Membership, quietLeads bool) string {
	esc := b.escalation()
	var sb strings.Builder
	sb.WriteString(AlertPreview + "\n")
	why := ""
	waited := bot.HumanDuration(b.clock.Now().Sub(al.RaisedAt).Truncate(time.Minute))
	switch d.step {
	case bot.NoticeResend:
		why = " (not yet acknowledged: sent again)"
	case bot.NoticeBackup:
		why = fmt.Sprintf(" (not yet acknowledged after %s: sent to you as the backup therapist)", waited)
		if d.again {
			why = fmt.Sprintf(" (not yet acknowledged: sent again to you as the backup therapist, %s after it was raised)", waited)
		}
	case bot.NoticePractice:
		why = fmt.Sprintf(" (not acknowledged by the group's therapists within %s: sent to you as the practice contact)", waited)
	case bot.NoticeCover:
		why = " (sent to you because everyone else who receives it is in quiet hours)"
	}
	fmt.Fprintf(&sb, "**Safety alert #%d** in **%s**%s\n", al.ID, g.Name, why)
	fmt.Fprintf(&sb, "Member: %s\n", orWord(names[al.UserID], "a member"))
	fmt.Fprintf(&sb, "Exercise: %s (run %d, question %s), %s\n", al.ExerciseID, al.RunID, al.StepID, g.FormatTimeFrom(al.RaisedAt, b.clock.Now()))
	if al.Rule == bot.RuleKeyword {
		sb.WriteString("Why: a written answer matched one of this group's keywords.\n")
	} else {
		fmt.Fprintf(&sb, "Why: %s\n", al.Reason)
	}
	var therapists []string
	for _, m := range to {
		therapists = append(therapists, fmt.Sprintf("%s (%s)", names[m.UserID], m.Role))
	}
	isTherapist := slices.ContainsFunc(to, func(m *bot.Membership) bool { return m.UserID == d.userID })
	if !isTherapist {
		fmt.Fprintf(&sb, "Therapists of the group: %s. Please make sure one of them, or you, contacts the member. Only a therapist of the group can acknowledge it, with /alerts ack %d NOTE in the group's channel.\n",
			orWord(strings.Join(therapists, ", "), "none active"), al.ID)
		fmt.Fprintf(&sb, "Until then this is sent again every %s.", bot.HumanDuration(b.resendAfter()))
		return sb.String()
	}
	if quietLeads && d.step != bot.NoticeCover {
		sb.WriteString("The lead therapist is in quiet hours now: you are on cover.\n")
	}
	fmt.Fprintf(&sb, "Reference: alert %d. The answer is in /review member, in the group's channel. The member was shown crisis resources, told you are not available around the clock, and asked whether they would like you to contact them: you will be told their answer.\n", al.ID)
	if len(to) < 2 {
		sb.WriteString("Nobody else in the group receives this alert: it has no backup therapist. Name one with /group backup @co-therapist.\n")
	}
	fmt.Fprintf(&sb, "Acknowledge with /alerts ack %d NOTE; until then this is sent again every %s", al.ID, bot.HumanDuration(b.resendAfter()))
	if esc.PracticeContact != "" {
		fmt.Fprintf(&sb, ", and after %s it goes to the practice contact", bot.HumanDuration(esc.BackupAfter+esc.PracticeAfter))
	}
	sb.WriteString(".")
	return sb.String()
}

// alertDelivery renders an alert's notices for /alerts list: who was told
// when, and who was held back by quiet hours.
func (b *Bot) alertDelivery(ctx context.Context, g *bot.Group, al *bot.SafetyAlert, names map[string]string) string {
	ns, err := b.store.AlertNotices(ctx, al.ID)
	if err != nil || len(ns) == 0 {
		return ""
	}
	words := map[string]string{bot.NoticeFirst: "told", bot.NoticeResend: "sent again", bot.NoticeBackup: "escalated to backup",
		bot.NoticePractice: "escalated to practice contact", bot.NoticeCover: "on cover", bot.NoticeHeld: "held: quiet hours"}
	var parts []string
	for _, n := range ns {
		who := names[n.UserID]
		if who == "" {
			who = "the practice contact"
			if n.UserID != b.escalation().PracticeContact {
				who = "a former therapist"
			}
		}
		parts = append(parts, fmt.Sprintf("%s %s (%s)", who, g.FormatTimeFrom(n.At, b.clock.Now()), words[n.Step]))
	}
	return "\n  delivery: " + strings.Join(parts, "; ")
}
