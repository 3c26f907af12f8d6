package core

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"groupwork/bot"
)

// remindAt returns when a run's non-responders get their nudge (zero: no
// reminder). A schedule's reminder overrides the exercise's.
func (s *Scheduler) remindAt(ctx context.Context, r *bot.Run) time.Time {
	remind := time.Duration(0)
	if f, err := s.store.FireOfRun(ctx, r.ID); err == nil {
		if sc, err := s.store.Schedule(ctx, f.ScheduleID); err == nil {
			remind = sc.Remind
		}
	}
	if remind <= 0 {
		def, err := s.b.definition(r)
		if err != nil {
			return time.Time{}
		}
		remind = def.Remind
	}
	if remind <= 0 || remind >= r.ClosesAt.Sub(r.OpenedAt) {
		return time.Time{}
	}
	return r.ClosesAt.Add(-remind)
}

// remindAndClose nudges non-responders of open runs once their reminder is
// due, and closes every open run whose window ended (manual ones too).
func (s *Scheduler) remindAndClose(ctx context.Context, now time.Time) error {
	runs, err := s.store.OpenRuns(ctx, 0)
	if err != nil {
		return err
	}
	var errs []error
	for _, r := range runs {
		if !now.Before(r.ClosesAt) {
			if err := s.closeRun(ctx, r, now); err != nil {
				errs = append(errs, fmt.Errorf("close run %d: %w", r.ID, err))
			}
			continue
		}
		if at := s.remindAt(ctx, r); !at.IsZero() && !now.Before(at) {
			if err := s.nudge(ctx, r, now); err != nil {
				errs = append(errs, fmt.Errorf("remind run %d: %w", r.ID, err))
			}
		}
		if err := s.sendLater(ctx, r, now); err != nil { // later.go
			errs = append(errs, fmt.Errorf("later part of run %d: %w", r.ID, err))
		}
	}
	return errors.Join(errs...)
}

// nudge sends each member who has not answered one private reminder. The
// notice is claimed before sending, so a restart never sends a second one
// (a crash between the claim and the send loses that nudge instead).
func (s *Scheduler) nudge(ctx context.Context, r *bot.Run, now time.Time) error {
	if ended, err := s.b.groupEnded(ctx, r.GroupID); err != nil || ended {
		return err // an ended group's members are not reminded
	}
	g, err := s.store.Group(ctx, r.GroupID)
	if err != nil {
		return err
	}
	dm, err := s.b.messenger(g)
	if errors.Is(err, errNoDM) {
		return nil // no private channel: nobody is reminded in public
	}
	if err != nil {
		return err
	}
	parts, err := s.store.Participation(ctx, r.ID)
	if err != nil {
		return err
	}
	def, err := s.b.definition(r)
	if err != nil {
		return err
	}
	leaves, err := s.store.Leaves(ctx, r.GroupID)
	if err != nil {
		return err
	}
	var errs []error
	for _, p := range parts {
		if p.Status != bot.StatusPending || onLeave(leaves, p.UserID, now) {
			continue
		}
		key := fmt.Sprintf("nudge-%d-%s", r.ID, p.UserID)
		first, err := s.store.ClaimNotice(ctx, key, now)
		if err != nil {
			return err
		}
		if !first {
			continue
		}
		s.step("nudge-claimed")
		m := bot.Message{Key: key, Text: withPreview(ReminderPreview, fmt.Sprintf("A gentle reminder from **%s**: _%s_ is open until %s. Press **Start** whenever you are ready; only your therapists see your answers.",
			g.Name, def.Title, g.FormatTimeFrom(r.ClosesAt, now))),
			Blocks: []bot.Block{&bot.Buttons{Choices: []bot.Choice{{ID: bot.CustomID{Kind: kindOpen, Ref: r.ID}.String(), Label: "Start", Style: "primary"}}}}}
		if _, err := dm.DirectMessage(ctx, p.UserID, m); err != nil {
			errs = append(errs, fmt.Errorf("nudge %s: %w", key, err))
			continue
		}
		s.b.log.Info("reminder sent", "group", g.ID, "run", r.ID)
		s.step("nudge-sent")
	}
	return errors.Join(errs...)
}

// closeRun closes a run once: members on leave during its window are
// excused (not missed), those who had not accepted the consent notice are
// no-consent, other pending ones become missed, the group sees the
// results the exercise allows and the lead therapist gets a private digest.
// Every step is idempotent, so a restart may call it again.
func (s *Scheduler) closeRun(ctx context.Context, r *bot.Run, now time.Time) error {
	if r.ClosedAt == nil {
		if err := s.excuseOnLeave(ctx, r, now); err != nil {
			return err
		}
		if err := s.b.markNoConsent(ctx, r, now); err != nil {
			return err
		}
		if err := s.store.CloseRun(ctx, r.ID, now); err != nil {
			return err
		}
		r.ClosedAt = &now
		s.b.log.Info("run closed", "group", r.GroupID, "run", r.ID)
		s.step("closed")
	}
	g, err := s.store.Group(ctx, r.GroupID)
	if err != nil {
		return err
	}
	def, err := s.b.definition(r)
	if err != nil {
		return err
	}
	if first, err := s.store.ClaimNotice(ctx, fmt.Sprintf("close-%d", r.ID), now); err != nil {
		return err
	} else if first {
		if err := s.b.postResults(ctx, g, r, def); err != nil {
			return err
		}
	}
	if err := s.b.engagementNotices(ctx, g, r, now); err != nil { // engagement.go
		return err
	}
	if first, err := s.store.ClaimNotice(ctx, fmt.Sprintf("digest-%d", r.ID), now); err != nil || !first {
		return err
	}
	text, err := s.digest(ctx, g, r, def.Title)
	if err != nil {
		return err
	}
	if err := s.b.tellLead(ctx, g, bot.Message{Text: text, Key: fmt.Sprintf("digest-%d", r.ID)}); err != nil && !errors.Is(err, errNoDM) {
		return err
	}
	return nil
}

// excuseOnLeave turns pending members who were on leave at any time during
// the run's window, or whose group is paused now, into excused.
func (s *Scheduler) excuseOnLeave(ctx context.Context, r *bot.Run, now time.Time) error {
	parts, err := s.store.Participation(ctx, r.ID)
	if err != nil {
		return err
	}
	leaves, err := s.store.Leaves(ctx, r.GroupID)
	if err != nil {
		return err
	}
	cal, err := s.store.Calendar(ctx, r.GroupID)
	if err != nil {
		return err
	}
	g, err := s.store.Group(ctx, r.GroupID)
	if err != nil {
		return err
	}
	end := r.ClosesAt
	if now.Before(end) {
		end = now
	}
	for _, p := range parts {
		if p.Status != bot.StatusPending {
			continue
		}
		excused := cal.PausedOn(now.In(g.Location()).Format(time.DateOnly))
		for _, l := range leaves {
			if l.UserID == p.UserID && l.From.Before(end) && l.To.After(r.OpenedAt) {
				excused = true
			}
		}
		if excused {
			if err := s.store.SetParticipation(ctx, &bot.Participation{RunID: r.ID, UserID: p.UserID, Status: bot.StatusExcused, UpdatedAt: now}); err != nil {
				return err
			}
		}
	}
	return nil
}

// digest is the therapist's private summary of a closed run: names only.
func (s *Scheduler) digest(ctx context.Context, g *bot.Group, r *bot.Run, title string) (string, error) {
	parts, err := s.store.Participation(ctx, r.ID)
	if err != nil {
		return "", err
	}
	ms, err := s.store.Memberships(ctx, g.ID)
	if err != nil {
		return "", err
	}
	groups := map[bot.Status][]string{}
	for _, p := range parts {
		groups[p.Status] = append(groups[p.Status], displayName(ms, p.UserID))
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "**%s** in %s has closed (opened %s). Only you see this.\n", title, g.Name, g.FormatTimeFrom(r.OpenedAt, s.b.clock.Now()))
	for _, row := range []struct {
		st    bot.Status
		label string
	}{{bot.StatusAnswered, "Answered"}, {bot.StatusLate, "Answered late"}, {bot.StatusPartial, "Partly answered"},
		{bot.StatusMissed, "Not answered"}, {bot.StatusExcused, "Excused"}, {bot.StatusNoConsent, "Not asked, consent notice not accepted"}} {
		if names := groups[row.st]; len(names) > 0 {
			fmt.Fprintf(&sb, "%s (%d): %s\n", row.label, len(names), strings.Join(names, ", "))
		}
	}
	if len(parts) == 0 {
		sb.WriteString("Nobody was due.\n")
	}
	unread, err := s.b.unreadWrittenLine(ctx, g) // digest_unread.go
	if err != nil {
		return "", err
	}
	sb.WriteString(unread)
	sb.WriteString("More with /review group.")
	return sb.String(), nil
}

// tellLead sends the group's lead therapist a private message. Without a
// DirectMessenger it sends nothing and returns errNoDM.
func (b *Bot) tellLead(ctx context.Context, g *bot.Group, m bot.Message) error {
	dm, err := b.messenger(g)
	if err != nil {
		return err
	}
	ms, err := b.store.Memberships(ctx, g.ID)
	if err != nil {
		return err
	}
	now := b.clock.Now()
	m.Text = withPreview(UpdatePreview, m.Text)
	for _, mb := range ms {
		if mb.Role == bot.RoleLead && mb.Active(now) {
			_, err := dm.DirectMessage(ctx, mb.UserID, m)
			return err
		}
	}
	return nil
}

var errNoDM = errors.New("adapter cannot send direct messages")

// reportSkips tells each lead therapist, privately, about fires skipped
// because the bot was offline beyond the grace period. Fires are marked
// reported before the message goes out (at most once). Without a
// DirectMessenger they stay unreported and /schedule list shows them.
func (s *Scheduler) reportSkips(ctx context.Context, cache *calCache) error {
	fires, err := s.store.SkippedFires(ctx, 0, bot.SkipOffline, true)
	if err != nil || len(fires) == 0 {
		return err
	}
	byGroup := map[int64][]*bot.Fire{}
	var order []int64
	for _, f := range fires {
		if _, ok := byGroup[f.GroupID]; !ok {
			order = append(order, f.GroupID)
		}
		byGroup[f.GroupID] = append(byGroup[f.GroupID], f)
	}
	var errs []error
	for _, gid := range order {
		gc, err := cache.group(ctx, gid)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if _, err := s.b.messenger(gc.group); errors.Is(err, errNoDM) {
			continue // the report goes to the lead privately, or not at all
		} else if err != nil {
			errs = append(errs, err)
			continue
		}
		fs := byGroup[gid]
		text, err := s.b.skipReport(ctx, gc.group, fs, s.grace)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids := make([]int64, len(fs))
		for i, f := range fs {
			ids[i] = f.ID
		}
		if err := s.store.MarkReported(ctx, ids); err != nil {
			errs = append(errs, err)
			continue
		}
		if err := s.b.tellLead(ctx, gc.group, bot.Message{Text: text, Key: fmt.Sprintf("skipped-%d", fs[0].ID)}); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// skipReport explains skipped fires to the therapist in plain words.
func (b *Bot) skipReport(ctx context.Context, g *bot.Group, fs []*bot.Fire, grace time.Duration) (string, error) {
	var sb strings.Builder
	fmt.Fprintf(&sb, "While I was offline, %s for **%s** came more than %s late, so I did not post %s:\n",
		countWords(len(fs), "planned exercise", "planned exercises"), g.Name, bot.HumanDuration(grace), map[bool]string{true: "it", false: "them"}[len(fs) == 1])
	for _, f := range fs {
		ex := "an exercise"
		if sc, err := b.store.Schedule(ctx, f.ScheduleID); err == nil {
			ex = "`" + sc.ExerciseID + "`"
		} else if bot.ErrorCode(err) != bot.ENotFound {
			return "", err
		}
		fmt.Fprintf(&sb, "- %s, %s (schedule %d)\n", ex, g.FormatTimeFrom(f.ScheduledFor, b.clock.Now()), f.ScheduleID)
	}
	sb.WriteString("Nobody is counted as missing for these. To post one now, use /exercise start.")
	return sb.String(), nil
}

func countWords(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// reportEnded tells the lead therapist, once, that the group's end date has
// passed and its schedules stopped.
func (s *Scheduler) reportEnded(ctx context.Context, now time.Time) error {
	cals, err := s.store.EndingCalendars(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, c := range cals {
		g, err := s.store.Group(ctx, c.GroupID)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if now.In(g.Location()).Format(time.DateOnly) <= c.EndDate {
			continue
		}
		c.EndNotified = true
		if err := s.store.SetCalendar(ctx, c); err != nil {
			errs = append(errs, err)
			continue
		}
		end, _ := time.Parse(time.DateOnly, c.EndDate)
		text := fmt.Sprintf("**%s** reached its end date (%s), so its schedules have stopped and nothing more will be posted. Thank you for running it. To continue, set a later end date with /group dates.",
			g.Name, end.Format("Mon 2 Jan 2006"))
		if err := s.b.tellLead(ctx, g, bot.Message{Text: text, Key: fmt.Sprintf("ended-%d", g.ID)}); err != nil && !errors.Is(err, errNoDM) {
			errs = append(errs, err)
		}
		s.b.log.Info("group end date passed", "group", g.ID)
	}
	return errors.Join(errs...)
}
