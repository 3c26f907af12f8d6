package core

import (
	"context"
	"slices"
	"strings"
	"time"

	"groupwork/bot"
)

// refuseDuplicate refuses a schedule that would post the same exercise on
// the same rhythm as one the group already has: each fire would post the
// exercise twice. The refusal names the existing schedule. Two rules are the
// same when they read the same ("daily 08:00" and "every day 08:00") or post
// at the same next times.
func (b *Bot) refuseDuplicate(ctx context.Context, gc *groupCal, exerciseID string, w *When, now time.Time) error {
	ss, err := b.store.Schedules(ctx, gc.group.ID)
	if err != nil {
		return err
	}
	for _, sc := range ss {
		if sc.ExerciseID != exerciseID {
			continue
		}
		other, err := ParseWhen(sc.When)
		if err != nil {
			continue
		}
		if strings.EqualFold(other.Text, w.Text) || other.Describe() == w.Describe() || sameFires(gc, w, other, now) {
			return bot.Errorf(bot.EConflict, "Schedule %d already posts `%s` %s. Nothing was added. To change it, remove it with /schedule remove %d and add the new one.",
				sc.ID, exerciseID, other.Describe(), sc.ID)
		}
	}
	return nil
}

// sameFires reports whether two rules post at the same next few times.
func sameFires(gc *groupCal, a, b *When, now time.Time) bool {
	const n = 8
	next := func(w *When) []time.Time {
		var out []time.Time
		for t := now; len(out) < n; {
			t = gc.nextFire(w, t)
			if t.IsZero() {
				break
			}
			out = append(out, t)
		}
		return out
	}
	ta, tb := next(a), next(b)
	return len(ta) > 0 && slices.EqualFunc(ta, tb, time.Time.Equal)
}
