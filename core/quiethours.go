package core

import (
	"context"
	"fmt"
	"strings"
	"time"

	"groupwork/bot"
)

// Quiet hours: each therapist, per group, in the group's time zone (the
// time the group's schedule and alerts are shown in). deliverAlert holds
// alerts for a therapist in quiet hours and sends them to whoever is on
// cover; see its doc comment.

// ParseQuietHours reads "22:00-07:00".
func ParseQuietHours(s string) (from, to int, err error) {
	bad := bot.Errorf(bot.EInvalid, "Write quiet hours as two times of day, like 22:00-07:00, or \"off\".")
	a, b, ok := strings.Cut(strings.ReplaceAll(strings.TrimSpace(s), " ", ""), "-")
	if !ok {
		return 0, 0, bad
	}
	parse := func(x string) (int, bool) {
		t, err := time.Parse("15:04", x)
		if err != nil {
			return 0, false
		}
		return t.Hour()*60 + t.Minute(), true
	}
	from, ok1 := parse(a)
	to, ok2 := parse(b)
	if !ok1 || !ok2 {
		return 0, 0, bad
	}
	if from == to {
		return 0, 0, bot.Errorf(bot.EInvalid, "Quiet hours must start and end at different times.")
	}
	return from, to, nil
}

func (b *Bot) groupQuietHours(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	g, me := req.Group, req.Member.UserID
	raw, _ := req.Cmd.String("hours")
	qs, err := b.store.QuietHours(ctx, g.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	var mine *bot.QuietHours
	for _, q := range qs {
		if q.UserID == me {
			mine = q
		}
	}
	switch strings.ToLower(strings.TrimSpace(raw)) {
	case "":
		if mine == nil {
			return bot.PrivateText("You have no quiet hours in " + g.Name + ": safety alerts reach you at any time. Set some with /group quiethours 22:00-07:00."), nil
		}
		return bot.PrivateText(fmt.Sprintf("Your quiet hours in %s: %s (%s).%s", g.Name, mine.String(), g.TimeZone, b.coverWords(ctx, g, me))), nil
	case "off", "none":
		if err := b.store.ClearQuietHours(ctx, g.ID, me); err != nil {
			return bot.Reply{}, err
		}
		return bot.PrivateText("You have no quiet hours in " + g.Name + " now: safety alerts reach you at any time."), nil
	}
	from, to, err := ParseQuietHours(raw)
	if err != nil {
		return bot.Reply{}, err
	}
	q := &bot.QuietHours{GroupID: g.ID, UserID: me, From: from, To: to}
	if err := b.store.SetQuietHours(ctx, q); err != nil {
		return bot.Reply{}, err
	}
	return bot.PrivateText(fmt.Sprintf("Your quiet hours in %s are %s, in the group's time zone (%s). During them, safety alerts go to whoever is on cover, and to you when they end.%s",
		g.Name, q.String(), g.TimeZone, b.coverWords(ctx, g, me))), nil
}

// coverWords says who receives alerts while userID is quiet.
func (b *Bot) coverWords(ctx context.Context, g *bot.Group, userID string) string {
	to, err := b.alertRecipients(ctx, g)
	if err != nil {
		return ""
	}
	names, err := b.names(ctx, g.ID)
	if err != nil {
		return ""
	}
	var others []string
	for _, m := range to {
		if m.UserID != userID {
			others = append(others, names[m.UserID])
		}
	}
	if b.escalation().PracticeContact != "" {
		others = append(others, "the practice contact")
	}
	if len(others) == 0 {
		return " Nobody is on cover: this group has no backup therapist and no practice contact is configured, so alerts still come to you during your quiet hours. An alert is never held back when nobody else would get it."
	}
	return " On cover: " + strings.Join(others, ", then ") + "."
}
