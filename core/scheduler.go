package core

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"groupwork/bot"
)

// DefaultGracePeriod is how late a missed fire may still be posted after
// downtime when Config.GracePeriod is zero.
const DefaultGracePeriod = 60 * time.Minute

// Scheduler fires schedules on the bot's clock, reminds, and closes runs.
// Each fire is recorded under its (schedule, scheduled-for) key before
// anything is posted, and advances claimed → opened → posting → posted →
// done (or skipped) in committed steps, so that a restart at any point
// resumes it: a prompt is neither lost nor, given a PostFinder or a
// platform that honours Message.Key, posted twice. One Scheduler should run
// per database. Tick and Run are not meant to run concurrently.
type Scheduler struct {
	b     *Bot
	store schedulerStore // its own reads and writes; see stores.go
	grace time.Duration
	wake  chan struct{}
	step  func(step string)
	batch int
}

func newScheduler(b *Bot) *Scheduler {
	grace := b.cfg.GracePeriod
	if grace == 0 {
		grace = DefaultGracePeriod
	}
	step := b.cfg.SchedulerStep
	if step == nil {
		step = func(string) {}
	}
	return &Scheduler{b: b, store: b.store, grace: max(grace, 0), wake: make(chan struct{}, 1), step: step, batch: 500}
}

// Scheduler returns the bot's scheduler.
func (b *Bot) Scheduler() *Scheduler { return b.sched }

// Wake makes a waiting Run look again now (after a schedule or calendar changed).
func (s *Scheduler) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// maxWait bounds one wait of Run, so that date-based changes (a pause that
// ends, an end date) are noticed without a wake-up.
const maxWait = 5 * time.Minute

// Run calls Tick whenever something is due until ctx ends; it returns nil
// then. Errors of a pass are logged and retried.
func (s *Scheduler) Run(ctx context.Context) error {
	for {
		err := s.Tick(ctx)
		if ctx.Err() != nil {
			return nil
		}
		wait := s.untilNext(ctx)
		if err != nil {
			s.b.log.Error("scheduler pass failed", "err", err)
			wait = min(wait, time.Minute)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-s.after(wait):
		case <-s.wake:
		}
	}
}

func (s *Scheduler) after(d time.Duration) <-chan time.Time {
	if wc, ok := s.b.clock.(bot.WaitClock); ok {
		return wc.After(d)
	}
	return time.After(d)
}

// untilNext returns how long until something is due, at most maxWait.
func (s *Scheduler) untilNext(ctx context.Context) time.Duration {
	now := s.b.clock.Now()
	next := now.Add(maxWait)
	if t, ok, err := s.store.NextScheduleAt(ctx); err == nil && ok && t.Before(next) {
		next = t
	}
	if t := s.b.nextLiveAt(ctx); !t.IsZero() && t.Before(next) {
		next = t
	}
	if t, ok := s.nextReminderAt(ctx, now); ok && t.Before(next) {
		next = t
	}
	if runs, err := s.store.OpenRuns(ctx, 0); err == nil {
		for _, r := range runs {
			for _, t := range []time.Time{r.ClosesAt, s.remindAt(ctx, r)} {
				if !t.IsZero() && t.After(now) && t.Before(next) {
					next = t
				}
			}
		}
	}
	next = s.b.nextOutboxAt(ctx, next) // an off-platform retry (alert_outbox.go)
	return max(next.Sub(now), 0)
}

// Tick does one pass at the clock's now: it records due fires, advances
// every unfinished fire (posting prompts), sends due reminders, closes runs
// whose window ended, tells therapists what they need to know, re-sends
// unacknowledged safety alerts and purges expired data daily. It is safe
// to call again after any failure; it returns the errors of the pass joined.
func (s *Scheduler) Tick(ctx context.Context) error {
	now := s.b.clock.Now()
	var errs []error
	cache := &calCache{s: s, groups: map[int64]*groupCal{}, rules: map[string]*When{}}
	if err := s.claimDue(ctx, now, cache); err != nil {
		errs = append(errs, err)
	}
	fires, err := s.store.UnfinishedFires(ctx)
	if err != nil {
		errs = append(errs, err)
	}
	for _, f := range fires {
		if err := s.advance(ctx, f, now); err != nil {
			errs = append(errs, fmt.Errorf("fire %d: %w", f.ID, err))
		}
	}
	if err := s.remindAndClose(ctx, now); err != nil {
		errs = append(errs, err)
	}
	if err := s.b.tickLive(ctx, now); err != nil { // live_activity.go: go-around turns, countdowns
		errs = append(errs, err)
	}
	if err := s.watchExercises(ctx, now); err != nil {
		errs = append(errs, err)
	}
	if err := s.remindSessions(ctx, now, cache); err != nil {
		errs = append(errs, err)
	}
	if err := s.reportSkips(ctx, cache); err != nil {
		errs = append(errs, err)
	}
	if err := s.reportEnded(ctx, now); err != nil {
		errs = append(errs, err)
	}
	if err := s.b.sendBriefs(ctx, now); err != nil { // brief.go: the lead's pre-session brief
		errs = append(errs, err)
	}
	// Safety and retention ride on the same loop: unacknowledged alerts are
	// re-sent when due, and expired answers are purged once a day.
	if err := s.b.Maintain(ctx); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// groupCal is what deciding a fire needs about its group.
type groupCal struct {
	group    *bot.Group
	loc      *time.Location
	cal      *bot.Calendar
	holidays []string
	plan     *sessionPlan // nil without a weekly session
}

// calCache loads each group's calendar and parses each rule once per pass.
type calCache struct {
	s      *Scheduler
	groups map[int64]*groupCal
	rules  map[string]*When
}

func (c *calCache) group(ctx context.Context, id int64) (*groupCal, error) {
	if gc, ok := c.groups[id]; ok {
		return gc, nil
	}
	gc, err := c.s.b.loadCal(ctx, id)
	if err != nil {
		return nil, err
	}
	c.groups[id] = gc
	return gc, nil
}

func (c *calCache) rule(text string) (*When, error) {
	if w, ok := c.rules[text]; ok {
		return w, nil
	}
	w, err := ParseWhen(text)
	if err != nil {
		return nil, err
	}
	c.rules[text] = w
	return w, nil
}

func (b *Bot) loadCal(ctx context.Context, groupID int64) (*groupCal, error) {
	g, err := b.store.Group(ctx, groupID)
	if err != nil {
		return nil, err
	}
	cal, err := b.store.Calendar(ctx, groupID)
	if err != nil {
		return nil, err
	}
	hs, err := b.store.Holidays(ctx, groupID)
	if err != nil {
		return nil, err
	}
	changes, err := b.store.SessionChanges(ctx, groupID)
	if err != nil {
		return nil, err
	}
	return &groupCal{group: g, loc: g.Location(), cal: cal, holidays: hs, plan: newSessionPlan(cal.Session, changes)}, nil
}

// nextFire returns the schedule's first fire strictly after t within the
// group's dates, or zero when there is none (the end date passed, or a
// session rule without a session).
func (gc *groupCal) nextFire(w *When, t time.Time) time.Time {
	if gc.cal.StartDate != "" {
		if start, err := time.ParseInLocation(time.DateOnly, gc.cal.StartDate, gc.loc); err == nil && t.Before(start) {
			t = start.Add(-time.Nanosecond)
		}
	}
	next := w.nextIn(t, gc.loc, gc.plan)
	if next.IsZero() || (gc.cal.EndDate != "" && next.In(gc.loc).Format(time.DateOnly) > gc.cal.EndDate) {
		return time.Time{}
	}
	return next
}

// skipReason says why a fire at t should not be posted at now, or "".
func (s *Scheduler) skipReason(gc *groupCal, exerciseID string, t, now time.Time) string {
	day := t.In(gc.loc).Format(time.DateOnly)
	switch {
	case gc.cal.PausedOn(day):
		return bot.SkipPaused
	case slices.Contains(gc.holidays, day):
		return bot.SkipHoliday
	case now.Sub(t) > s.grace:
		return bot.SkipOffline
	}
	if _, ok := s.b.lib.Get(exerciseID); !ok {
		return bot.SkipNoExercise
	}
	return ""
}

// maxCatchUp bounds the fires one schedule records in one pass.
const maxCatchUp = 1000

// claimDue records every fire due at now, in batches of one transaction.
func (s *Scheduler) claimDue(ctx context.Context, now time.Time, cache *calCache) error {
	var errs []error
	for range 200 {
		due, err := s.store.DueSchedules(ctx, now, s.batch)
		if err != nil {
			return errors.Join(append(errs, err)...)
		}
		var claims []bot.FireClaim
		for _, sc := range due {
			cs, err := s.claimsFor(ctx, sc, now, cache)
			if err != nil {
				errs = append(errs, fmt.Errorf("schedule %d: %w", sc.ID, err))
				continue
			}
			claims = append(claims, cs...)
		}
		if len(claims) > 0 {
			fires, err := s.store.ClaimFires(ctx, claims, now)
			if err != nil {
				return errors.Join(append(errs, err)...)
			}
			s.step("claimed")
			s.b.log.Debug("fires claimed", "count", len(fires))
		}
		if len(due) < s.batch || len(claims) == 0 {
			break
		}
	}
	return errors.Join(errs...)
}

// claimsFor computes the fires of one due schedule up to now.
func (s *Scheduler) claimsFor(ctx context.Context, sc *bot.Schedule, now time.Time, cache *calCache) ([]bot.FireClaim, error) {
	gc, err := cache.group(ctx, sc.GroupID)
	if err != nil {
		return nil, err
	}
	w, err := cache.rule(sc.When)
	if err != nil {
		return nil, err
	}
	var out []bot.FireClaim
	for at := sc.NextAt; !at.IsZero() && !at.After(now) && len(out) < maxCatchUp; {
		next := gc.nextFire(w, at)
		c := bot.FireClaim{ScheduleID: sc.ID, ScheduledFor: at, State: bot.FireClaimed, Next: next}
		if r := s.skipReason(gc, sc.ExerciseID, at, now); r != "" {
			c.State, c.Reason = bot.FireSkipped, r
		}
		out = append(out, c)
		at = next
	}
	return out, nil
}

// advance moves one fire through its remaining steps. A fire found in
// posting was possibly posted by an earlier attempt: a PostFinder is asked
// before posting again.
func (s *Scheduler) advance(ctx context.Context, f *bot.Fire, now time.Time) error {
	maybePosted := true
	for {
		switch f.State {
		case bot.FireClaimed:
			sc, err := s.store.Schedule(ctx, f.ScheduleID)
			if err != nil {
				return err
			}
			g, err := s.store.Group(ctx, f.GroupID)
			if err != nil {
				return err
			}
			def, ok := s.b.lib.Get(sc.ExerciseID)
			if !ok {
				return s.store.AdvanceFire(ctx, f.ID, bot.FireClaimed, bot.FireSkipped, "", now)
			}
			if ended, err := s.b.groupEnded(ctx, g.ID); err != nil {
				return err
			} else if ended { // the end date is today: later fires today stop here
				s.b.log.Info("fire skipped: the group has ended", "group", g.ID, "fire", f.ID)
				return s.store.AdvanceFire(ctx, f.ID, bot.FireClaimed, bot.FireSkipped, "", now)
			}
			if isRollCall(def) { // a roll call after today's session is not attendance (participation.go)
				why, err := s.b.rollCallRefusal(ctx, g, now)
				if err != nil {
					return err
				}
				if why != "" {
					return s.store.AdvanceFire(ctx, f.ID, bot.FireClaimed, bot.FireSkipped, "", now)
				}
			}
			run, parts, err := s.b.prepareRun(ctx, g, def, fmt.Sprintf("schedule:%d", sc.ID), now, sc.Window)
			if err != nil {
				return err
			}
			if err := s.store.OpenFire(ctx, f.ID, run, parts, now); err != nil {
				return err
			}
			s.b.log.Info("run opened", "group", g.ID, "run", run.ID, "schedule", sc.ID, "fire", f.ID, "due", len(parts))
			f.State, f.RunID = bot.FireOpened, run.ID
			s.step("opened")
		case bot.FireOpened:
			if err := s.store.AdvanceFire(ctx, f.ID, bot.FireOpened, bot.FirePosting, "", now); err != nil {
				return err
			}
			f.State, maybePosted = bot.FirePosting, false
			s.step("posting")
		case bot.FirePosting:
			msgID, err := s.postPrompt(ctx, f, maybePosted)
			if err != nil {
				return err
			}
			if err := s.store.AdvanceFire(ctx, f.ID, bot.FirePosting, bot.FirePosted, msgID, now); err != nil {
				return err
			}
			f.State, f.MessageID = bot.FirePosted, msgID
			s.step("posted")
			if s.b.cfg.SchedulerPosted != nil {
				s.b.cfg.SchedulerPosted(f.ScheduledFor, s.b.clock.Now())
			}
		case bot.FirePosted:
			run, err := s.store.Run(ctx, f.RunID)
			if err != nil {
				return err
			}
			if run.ClosedAt == nil && now.Before(run.ClosesAt) {
				return nil
			}
			if err := s.closeRun(ctx, run, now); err != nil {
				return err
			}
			if err := s.store.AdvanceFire(ctx, f.ID, bot.FirePosted, bot.FireDone, "", now); err != nil {
				return err
			}
			f.State = bot.FireDone
			s.step("done")
		default:
			return nil
		}
	}
}

// postPrompt posts the prompt of the fire's run, unless a PostFinder says an
// earlier attempt already did.
func (s *Scheduler) postPrompt(ctx context.Context, f *bot.Fire, maybePosted bool) (string, error) {
	run, err := s.store.Run(ctx, f.RunID)
	if err != nil {
		return "", err
	}
	g, a, err := s.b.groupAdapter(ctx, run.GroupID)
	if err != nil {
		return "", err
	}
	def, err := s.b.definition(run)
	if err != nil {
		return "", err
	}
	msg := s.b.promptMessage(ctx, g, run, def)
	if pf, ok := a.(bot.PostFinder); ok && maybePosted {
		ref, found, err := pf.FindPost(ctx, g.ChannelID, msg)
		if err != nil {
			return "", fmt.Errorf("find prompt of run %d: %w", run.ID, err)
		}
		if found {
			s.b.log.Info("prompt found already posted", "run", run.ID, "fire", f.ID)
			return ref.MessageID, nil
		}
	}
	ref, err := a.Post(ctx, g.ChannelID, msg)
	if err != nil {
		return "", fmt.Errorf("post prompt of run %d: %w", run.ID, err)
	}
	s.step("sent")
	return ref.MessageID, nil
}
