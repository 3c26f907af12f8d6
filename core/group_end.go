package core

import (
	"context"
	"fmt"
	"time"

	"groupwork/bot"
)

// kindGroupEnd is the confirmation of /group end: Ref = group id, Value = yes|no.
const kindGroupEnd = "gend"

// groupEnd asks the lead to confirm before ending the group: ending stops
// every schedule and starts the countdown to deleting the group's record,
// so one mistyped command must not do it. On an ended group it shows when
// it ended and offers the record again.
func (b *Bot) groupEnd(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	g := req.Group
	s, err := b.settings(ctx, g.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	if s.EndedAt != nil {
		return b.endedReply(g, s), nil
	}
	days := b.retentionDays(s)
	m := bot.Message{
		Text: fmt.Sprintf("**End %s?**\nNothing more will be posted to the group: no scheduled or new exercises, no reminders, no results. After %d days (the retention period) every answer and participation detail is deleted for good. This cannot be undone.", g.Name, days),
		Blocks: []bot.Block{&bot.Buttons{Choices: []bot.Choice{
			{ID: bot.CustomID{Kind: kindGroupEnd, Ref: g.ID, Value: "yes"}.String(), Label: "End the group", Style: "danger"},
			{ID: bot.CustomID{Kind: kindGroupEnd, Ref: g.ID, Value: "no"}.String(), Label: "Keep it running", Style: "secondary"},
		}}},
	}
	return bot.Reply{Message: &m, Private: true}, nil
}

// actGroupEnd ends the group once its lead confirms. Buttons carry no
// authority: the presser's role is checked here.
func (b *Bot) actGroupEnd(ctx context.Context, req *bot.Request, id bot.CustomID) (bot.Reply, error) {
	g, err := b.store.Group(ctx, id.Ref)
	if err != nil {
		return bot.Reply{}, err
	}
	meta := req.Event.Meta()
	m, err := b.store.Membership(ctx, g.ID, meta.User.ID)
	if g.Platform != meta.Place.Platform || bot.ErrorCode(err) == bot.ENotFound || (err == nil && m.Role != bot.RoleLead) {
		return bot.Reply{}, bot.Errorf(bot.EForbidden, "Only this group's lead therapist can end it.")
	}
	if err != nil {
		return bot.Reply{}, err
	}
	if id.Value != "yes" {
		return bot.Reply{Message: &bot.Message{Text: g.Name + " keeps running. Nothing was changed."}, Private: true, Update: true}, nil
	}
	s, err := b.settings(ctx, g.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	if s.EndedAt == nil {
		now := req.Now
		s.EndedAt, s.EndedBy = &now, m.UserID
		if err := b.store.SetGroupSettings(ctx, s); err != nil {
			return bot.Reply{}, err
		}
		// No scheduled exercise after today; the ended check stops today's.
		cal, err := b.store.Calendar(ctx, g.ID)
		if err != nil {
			return bot.Reply{}, err
		}
		today := now.In(g.Location()).Format(time.DateOnly)
		if cal.EndDate == "" || cal.EndDate > today {
			cal.EndDate = today
			if err := b.store.SetCalendar(ctx, cal); err != nil {
				return bot.Reply{}, err
			}
		}
		b.log.Info("group ended", "group", g.ID)
	}
	rep := b.endedReply(g, s)
	rep.Update = true
	return rep, nil
}

// endedReply tells a therapist that the group has ended, when its record is
// deleted, and offers the record for their notes.
func (b *Bot) endedReply(g *bot.Group, s *bot.GroupSettings) bot.Reply {
	days := b.retentionDays(s)
	purgeOn := s.EndedAt.Add(time.Duration(days) * 24 * time.Hour)
	text := fmt.Sprintf("**%s** has ended (%s). Nothing more is posted to the group.\nDownload its record now if you need it for your notes: on %s (after the retention period of %d days) every answer and participation detail is deleted for good.",
		g.Name, g.FormatTimeFrom(*s.EndedAt, b.clock.Now()), g.FormatTimeFrom(purgeOn, b.clock.Now()), days)
	m := bot.Message{Text: text, Blocks: []bot.Block{&bot.Buttons{Choices: []bot.Choice{
		{ID: bot.CustomID{Kind: kindEndExport, Ref: g.ID}.String(), Label: "Download the group's record", Style: "primary"},
	}}}}
	return bot.Reply{Message: &m, Private: true}
}

// groupEnded reports whether the group was ended with /group end. Every path
// that posts to a group (new and scheduled runs, reminders, results, live
// sessions) checks it, so an ended group hears nothing more.
func (b *Bot) groupEnded(ctx context.Context, groupID int64) (bool, error) {
	s, err := b.settings(ctx, groupID)
	if err != nil {
		return false, err
	}
	return s.EndedAt != nil, nil
}

// errGroupEnded is the refusal of anything that would post to an ended group.
func errGroupEnded(g *bot.Group) error {
	return bot.Errorf(bot.EInvalid, "%s has ended, so nothing more is posted to it. Its record stays available with /group end until the retention period passes.", g.Name)
}
