package core

import (
	"context"
	"errors"
	"fmt"
	"time"

	"groupwork/bot"
)

// AlertChannel reaches a therapist outside the chat platform (e-mail, a
// webhook), for safety alerts, so that closed direct messages or a
// therapist who is offline do not leave an alert unseen. It is given only
// content-free text: that an alert needs them, and its number.
type AlertChannel interface {
	// Name is stored with each notice: "email" or "webhook".
	Name() string
	// Reaches reports whether the channel has an address for userID.
	Reaches(userID string) bool
	// Send delivers one notice; an error means it was not delivered and
	// will be retried, unless it has a method Permanent() bool that says
	// true (an address refused, a login rejected): then the notice is given
	// up at once, so the backup hears sooner.
	Send(ctx context.Context, userID, subject, text string) error
}

// permanent reports whether a channel's error says a retry cannot help.
func permanent(err error) bool {
	var p interface{ Permanent() bool }
	return errors.As(err, &p) && p.Permanent()
}

// Off-platform retries: an attempt at once, then after 1, 2, 4, 8 and 16
// minutes (the scheduler's loop looks at least every 5), then the notice
// is given up and the failure is reported to another therapist.
const (
	OutboxAttempts = 6
	outboxFirst    = time.Minute
	// outboxBudget bounds the sending in one pass of the scheduler.
	outboxBudget = 20 * time.Second
)

// The states of a bot.Outbound.
const (
	outboundPending = "pending"
	outboundSent    = "sent"
	outboundFailed  = "failed"  // given up after the last retry
	outboundDropped = "dropped" // the alert was acknowledged or erased before it went out
)

// outboxBackoff is the wait after the n-th failed attempt.
func outboxBackoff(n int) time.Duration {
	return min(outboxFirst<<(n-1), time.Hour)
}

// queueOffPlatform queues a notice on every channel that reaches each
// person the alert was just sent to by direct message (whether or not
// that message got through), and wakes the scheduler to send them.
func (b *Bot) queueOffPlatform(ctx context.Context, g *bot.Group, al *bot.SafetyAlert, send []delivery, now time.Time) error {
	var errs []error
	queued := false
	for _, d := range send {
		// A step other than a resend happens once per alert and person, but
		// is offered again on every pass while their direct messages fail:
		// dated at the alert, the repeats are ignored by the outbox.
		at := al.RaisedAt
		if d.step == bot.NoticeResend {
			at = now
		}
		for _, ch := range b.cfg.AlertChannels {
			if !ch.Reaches(d.userID) {
				continue
			}
			o := &bot.Outbound{AlertID: al.ID, GroupID: g.ID, UserID: d.userID, Channel: ch.Name(), Step: d.step, At: at, NextAt: now}
			if err := b.store.QueueOutbound(ctx, o); err != nil {
				errs = append(errs, fmt.Errorf("queue %s notice: %w", ch.Name(), err))
				continue
			}
			queued = true
		}
	}
	if queued && b.sched != nil {
		b.sched.Wake()
	}
	return errors.Join(errs...)
}

// offPlatformText is the whole notice: it names no member, no group and
// nothing anyone wrote, because e-mail and webhooks leave the practice's
// control.
func offPlatformText(o *bot.Outbound) (subject, text string) {
	subject = "groupwork: a safety alert needs you"
	state := "needs you"
	if o.Step != bot.NoticeFirst && o.Step != bot.NoticeCover {
		state = "is not acknowledged yet and needs you"
	}
	text = fmt.Sprintf("A safety alert in one of your groups %s (alert #%d).\n\n"+
		"Open groupwork and type /alerts list in the group's channel to see it; acknowledge it there with /alerts ack %d NOTE.\n\n"+
		"This message says nothing more on purpose: what members write stays in groupwork.\n", state, o.AlertID, o.AlertID)
	return subject, text
}

// FlushAlertChannels sends the off-platform notices that are due, retries
// failed ones with backoff, drops those whose alert was acknowledged or
// erased meanwhile, and reports each notice given up to another therapist
// by direct message. The scheduler's loop calls it (through Maintain);
// tests call it with the manual clock. Passes do not overlap.
func (b *Bot) FlushAlertChannels(ctx context.Context) error {
	if len(b.cfg.AlertChannels) == 0 {
		return nil
	}
	b.outboxMu.Lock()
	defer b.outboxMu.Unlock()
	now := b.clock.Now()
	os, err := b.store.PendingOutbound(ctx, now)
	if err != nil {
		return fmt.Errorf("alert outbox: %w", err)
	}
	// Sending shares the scheduler's pass: a mail server that hangs must
	// not hold scheduled prompts back for long. What the budget leaves
	// untried waits for the next pass, without counting as a try.
	sendCtx, cancel := context.WithTimeout(ctx, outboxBudget)
	defer cancel()
	var errs []error
	for _, o := range os {
		if sendCtx.Err() != nil && o.State != outboundFailed {
			continue
		}
		if err := b.flushOne(ctx, sendCtx, o, now); err != nil {
			errs = append(errs, fmt.Errorf("alert %d %s notice %d: %w", o.AlertID, o.Channel, o.ID, err))
		}
	}
	return errors.Join(errs...)
}

// flushOne moves one notice on; sendCtx bounds the channel's Send, ctx
// the store's writes (which must happen whatever the send took).
func (b *Bot) flushOne(ctx, sendCtx context.Context, o *bot.Outbound, now time.Time) error {
	if o.State == outboundFailed {
		return b.reportUndelivered(ctx, o)
	}
	al, err := b.store.Alert(ctx, o.GroupID, o.AlertID)
	if bot.ErrorCode(err) == bot.ENotFound || (err == nil && !al.Open()) {
		o.State = outboundDropped // acknowledged (or erased) before it went out: nothing to say
		return b.store.UpdateOutbound(ctx, o)
	}
	if err != nil {
		return err
	}
	var ch AlertChannel
	for _, c := range b.cfg.AlertChannels {
		if c.Name() == o.Channel && c.Reaches(o.UserID) {
			ch = c
		}
	}
	if ch == nil { // its address was removed from the configuration: nothing to retry
		o.State = outboundFailed
		b.log.Error("safety alert notice given up: the channel no longer reaches this person", "group", o.GroupID, "alert", o.AlertID, "channel", o.Channel)
		if err := b.store.UpdateOutbound(ctx, o); err != nil {
			return err
		}
		return b.reportUndelivered(ctx, o)
	}
	subject, text := offPlatformText(o)
	sendErr := ch.Send(sendCtx, o.UserID, subject, text)
	ctx = context.WithoutCancel(ctx) // what was sent is recorded, even as the process stops
	o.Attempts++
	switch {
	case sendErr == nil:
		o.State = outboundSent
		b.log.Info("safety alert notice sent off-platform", "group", o.GroupID, "alert", o.AlertID, "channel", o.Channel, "attempt", o.Attempts)
	case o.Attempts >= OutboxAttempts || permanent(sendErr):
		o.State = outboundFailed
		b.log.Error("safety alert notice given up", "group", o.GroupID, "alert", o.AlertID, "channel", o.Channel, "attempts", o.Attempts, "err", sendErr)
	default:
		o.NextAt = now.Add(outboxBackoff(o.Attempts))
		b.log.Warn("safety alert notice failed; will retry", "group", o.GroupID, "alert", o.AlertID, "channel", o.Channel, "attempt", o.Attempts, "retry_in", outboxBackoff(o.Attempts), "err", sendErr)
	}
	if err := b.store.UpdateOutbound(ctx, o); err != nil {
		return err
	}
	if o.State == outboundFailed {
		return b.reportUndelivered(ctx, o)
	}
	return nil
}

// reportUndelivered tells another therapist, by direct message, that a
// notice could not reach its therapist: the group's backup, else its lead,
// else the practice contact — and when the one it failed for is the only
// person left, that person, so it is never told to nobody. Until a direct
// message gets through, it is tried again on every pass.
func (b *Bot) reportUndelivered(ctx context.Context, o *bot.Outbound) error {
	g, err := b.store.Group(ctx, o.GroupID)
	if err != nil {
		return err
	}
	dm, err := b.messenger(g)
	if err != nil {
		return err
	}
	to, err := b.alertRecipients(ctx, g)
	if err != nil {
		return err
	}
	s, err := b.settings(ctx, g.ID)
	if err != nil {
		return err
	}
	target := ""
	for _, pick := range []func(m *bot.Membership) bool{
		func(m *bot.Membership) bool { return m.UserID == s.BackupUserID },
		func(m *bot.Membership) bool { return m.Role == bot.RoleLead },
	} {
		for _, m := range to {
			if target == "" && m.UserID != o.UserID && pick(m) {
				target = m.UserID
			}
		}
	}
	if p := b.escalation().PracticeContact; target == "" && p != "" && p != o.UserID {
		target = p
	}
	if target == "" {
		target = o.UserID
	}
	names, err := b.names(ctx, g.ID)
	if err != nil {
		return err
	}
	who := orWord(names[o.UserID], "the practice contact")
	if target == o.UserID {
		who = "you"
	}
	what := map[string]string{"email": "The e-mail", "webhook": "The webhook notice"}[o.Channel]
	if what == "" {
		what = "The notice"
	}
	tries := "."
	if o.Attempts > 0 {
		tries = fmt.Sprintf(" after %d %s.", o.Attempts, pluralWord(o.Attempts, "try", "tries"))
	}
	text := fmt.Sprintf("%s\n**An alert could not reach a therapist.** %s about safety alert #%d could not be delivered to %s%s "+
		"Please make sure the alert is seen: /alerts list in the group's channel shows it.", AlertPreview, what, o.AlertID, who, tries)
	m := bot.Message{Text: text, Key: fmt.Sprintf("outbox-failed-%d", o.ID)}
	if _, err := dm.DirectMessage(ctx, target, m); err != nil {
		return fmt.Errorf("report undelivered notice: %w", err)
	}
	o.Reported = true
	b.log.Warn("undelivered safety alert notice reported", "group", g.ID, "alert", o.AlertID, "channel", o.Channel, "to", target)
	return b.store.UpdateOutbound(ctx, o)
}

// nextOutboxAt is when the next off-platform retry is due, if before
// limit (else limit), so the scheduler's loop wakes for it.
func (b *Bot) nextOutboxAt(ctx context.Context, limit time.Time) time.Time {
	if len(b.cfg.AlertChannels) == 0 {
		return limit
	}
	os, err := b.store.PendingOutbound(ctx, limit)
	if err != nil {
		return limit
	}
	for _, o := range os {
		if o.State == outboundPending && o.NextAt.Before(limit) {
			limit = o.NextAt
		}
	}
	return limit
}
