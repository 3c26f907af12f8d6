package core

import (
	"context"
	"fmt"
	"strings"
	"time"

	"groupwork/bot"
)

// Written answers "waiting to be read" are those a member wrote (free text,
// not skipped) after a therapist of the group last opened them: with
// /review member on that member, or in an export of the group's record
// (/review export, /group end), which shows every answer. /review group
// shows no written text, so it does not count. Reading is per group and
// per member, by any of the group's therapists: the record is the team's.

// readsWrittenAnswers reports whether an audited action showed a member's
// written answers to the actor.
func readsWrittenAnswers(action string) bool {
	return action == "review member" || strings.HasPrefix(action, "review export") || action == "group record exported"
}

// unreadWritten is one member's count of written answers not read yet.
type unreadWritten struct {
	Name  string
	Count int
}

// unreadWrittenAnswers counts, for every member of the group (past ones
// too: what they wrote still needs reading), the written answers saved
// after a therapist of the group last read that member's answers.
func (b *Bot) unreadWrittenAnswers(ctx context.Context, g *bot.Group) ([]unreadWritten, error) {
	ms, err := b.store.Memberships(ctx, g.ID)
	if err != nil {
		return nil, err
	}
	therapist := map[string]bool{}
	for _, m := range ms {
		if m.Role.Therapist() {
			therapist[m.UserID] = true
		}
	}
	var out []unreadWritten
	seen := map[string]bool{}
	for _, m := range ms {
		if m.Role != bot.RoleMember || seen[m.UserID] {
			continue
		}
		seen[m.UserID] = true
		audits, err := b.store.AuditAbout(ctx, g.ID, m.UserID)
		if err != nil {
			return nil, err
		}
		var lastRead time.Time
		for _, a := range audits { // newest first
			if therapist[a.ActorID] && readsWrittenAnswers(a.Action) {
				lastRead = a.At
				break
			}
		}
		answers, err := b.store.UserAnswers(ctx, g.ID, m.UserID)
		if err != nil {
			return nil, err
		}
		n := 0
		for _, a := range answers {
			if a.Answer.Text != "" && !a.Answer.Skipped && a.AnsweredAt.After(lastRead) {
				n++
			}
		}
		if n > 0 {
			out = append(out, unreadWritten{Name: displayName(ms, m.UserID), Count: n})
		}
	}
	return out, nil
}

// unreadWrittenLine is the digest's private line about written answers
// waiting to be read ("" when none): names and counts, never the text.
func (b *Bot) unreadWrittenLine(ctx context.Context, g *bot.Group) (string, error) {
	us, err := b.unreadWrittenAnswers(ctx, g)
	if err != nil || len(us) == 0 {
		return "", err
	}
	total := 0
	parts := make([]string, len(us))
	for i, u := range us {
		total += u.Count
		parts[i] = fmt.Sprintf("%s %d", u.Name, u.Count)
	}
	return fmt.Sprintf("Written answers waiting to be read: %d (%s). They count as read once a therapist opens /review member for that person.\n", total, strings.Join(parts, ", ")), nil
}
