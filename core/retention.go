package core

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"groupwork/bot"
)

// kindEndExport is the "download the group's record" button of /group end:
// Ref = group id.
const kindEndExport = "endexp"

// cutoff returns the instant before which a group's answers are purged at
// now: the retention period back from now, or everything once an ended
// group's retention period has passed since it ended.
func (b *Bot) cutoff(s *bot.GroupSettings, now time.Time) time.Time {
	keep := time.Duration(b.retentionDays(s)) * 24 * time.Hour
	if s.EndedAt != nil && !s.EndedAt.Add(keep).After(now) {
		return now.Add(time.Nanosecond)
	}
	return now.Add(-keep)
}

// Purge deletes, in every group, the answers, participation detail and
// acknowledged alerts of runs older than the group's retention period (all
// of them once an ended group's period has passed). The store zeroes the
// deleted bytes and truncates the WAL. It writes an audit record per group
// that lost data, logs only counts, and returns the errors joined after
// trying every group. Safe to call at any time; the scheduler calls it daily.
func (b *Bot) Purge(ctx context.Context) error {
	groups, err := b.erasure.Groups(ctx)
	if err != nil {
		return err
	}
	now := b.clock.Now()
	var errs []error
	for _, g := range groups {
		s, err := b.erasure.GroupSettings(ctx, g.ID)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		cutoff := b.cutoff(s, now)
		c, err := b.erasure.Purge(ctx, g.ID, cutoff)
		if errors.Is(err, bot.ErrNotTruncated) {
			b.log.Warn("retention purge: WAL truncation deferred", "group", g.ID)
			b.truncationDeferred() // retried on every Maintain until it succeeds
		} else if err != nil {
			errs = append(errs, fmt.Errorf("purge group %d: %w", g.ID, err))
			continue
		}
		// Shared answers in the channel's results posts expire with the answers.
		if left, err := b.expireResultPosts(ctx, g, cutoff); err != nil {
			errs = append(errs, fmt.Errorf("expire results posts of group %d: %w", g.ID, err))
		} else if left > 0 {
			note := bot.Message{Text: fmt.Sprintf("%s in the channel of **%s** %s older than the group's retention period and may quote members; I cannot edit posts on this platform. Please delete %s by hand.",
				upperFirst(countWords(left, "results post", "results posts")), g.Name, oneMany(left, "is", "are"), oneMany(left, "it", "them"))}
			if err := b.tellLead(ctx, g, note); err != nil && !errors.Is(err, errNoDM) {
				errs = append(errs, err)
			}
		}
		if c.Answers+c.Participation+c.Alerts == 0 {
			continue
		}
		b.log.Info("retention purge", "group", g.ID, "answers", c.Answers, "participation", c.Participation, "alerts", c.Alerts)
		if err := b.erasure.AddAudit(ctx, &bot.AuditRecord{GroupID: g.ID, ActorID: systemActor, Action: fmt.Sprintf("retention purge: %d answers deleted after %d days", c.Answers, b.retentionDays(s)), At: now}); err != nil {
			errs = append(errs, err)
		}
	}
	b.safety.mu.Lock()
	b.safety.lastPurge = now
	b.safety.mu.Unlock()
	return errors.Join(errs...)
}

// Maintain is the periodic safety work: it retries a log truncation that a
// reader deferred (so erased text leaves the disk within one pass of the
// reader finishing), re-sends unacknowledged alerts and purges expired data
// once a day. The scheduler's loop (or any loop)
// calls it every few minutes.
func (b *Bot) Maintain(ctx context.Context) error {
	err := errors.Join(b.retryTruncation(ctx), b.ResendAlerts(ctx), b.FlushAlertChannels(ctx))
	b.safety.mu.Lock()
	due := b.clock.Now().Sub(b.safety.lastPurge) >= 24*time.Hour
	b.safety.mu.Unlock()
	if due {
		err = errors.Join(err, b.Purge(ctx), b.pruneDeliveries(ctx))
	}
	return err
}

// DeliveryRetention is how long a claimed delivery id is remembered. It
// must outlast every platform's redelivery horizon, or a late repeat would
// be handled twice: Discord answers an interaction only within 15 minutes
// and replays missed gateway events only on a resume, within minutes;
// Slack retries an event three times within about an hour. A week is
// far past all of them and keeps the table to a week of events.
const DeliveryRetention = 7 * 24 * time.Hour

// pruneDeliveries forgets delivery ids older than DeliveryRetention.
func (b *Bot) pruneDeliveries(ctx context.Context) error {
	n, err := b.store.PruneDeliveries(ctx, b.clock.Now().Add(-DeliveryRetention))
	if err != nil {
		return fmt.Errorf("prune deliveries: %w", err)
	}
	if n > 0 {
		b.log.Info("deliveries pruned", "count", n)
	}
	return nil
}

// GroupRecord is the JSON file /group end offers: every run with each
// member's status and answers.
type GroupRecord struct {
	Group string            `json:"group"`
	Runs  []GroupRecordRun  `json:"runs"`
	Names map[string]string `json:"members"`
}

// GroupRecordRun is one run of a GroupRecord.
type GroupRecordRun struct {
	Exercise string                       `json:"exercise"`
	OpenedAt time.Time                    `json:"opened_at"`
	Status   map[string]bot.Status        `json:"status"`
	Answers  map[string]map[string]string `json:"answers"` // user id → question → answer
}

// actEndExport sends the ended group's record to a therapist of the group.
// Buttons carry no authority: the presser's role is checked here.
func (b *Bot) actEndExport(ctx context.Context, req *bot.Request, id bot.CustomID) (bot.Reply, error) {
	g, err := b.store.Group(ctx, id.Ref)
	if err != nil {
		return bot.Reply{}, err
	}
	meta := req.Event.Meta()
	m, err := b.store.Membership(ctx, g.ID, meta.User.ID)
	if g.Platform != meta.Place.Platform || bot.ErrorCode(err) == bot.ENotFound || (err == nil && !m.Role.Therapist()) {
		return bot.Reply{}, bot.Errorf(bot.EForbidden, "Only this group's therapists can download its record.")
	}
	if err != nil {
		return bot.Reply{}, err
	}
	names, err := b.names(ctx, g.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	runs, err := b.store.Runs(ctx, g.ID, time.Time{}, time.Time{})
	if err != nil {
		return bot.Reply{}, err
	}
	rec := GroupRecord{Group: g.Name, Names: names, Runs: []GroupRecordRun{}}
	for _, run := range runs {
		def, err := b.definition(run)
		if err != nil {
			return bot.Reply{}, err
		}
		rr := GroupRecordRun{Exercise: def.Title, OpenedAt: run.OpenedAt, Status: map[string]bot.Status{}, Answers: map[string]map[string]string{}}
		parts, err := b.store.Participation(ctx, run.ID)
		if err != nil {
			return bot.Reply{}, err
		}
		for _, p := range parts {
			rr.Status[p.UserID] = p.Status
		}
		answers, err := b.store.Answers(ctx, run.ID, "")
		if err != nil {
			return bot.Reply{}, err
		}
		for _, a := range answers {
			st, ok := def.Step(a.StepID)
			if !ok {
				continue
			}
			if rr.Answers[a.UserID] == nil {
				rr.Answers[a.UserID] = map[string]string{}
			}
			rr.Answers[a.UserID][st.Text] = AnswerText(st, a.Answer)
		}
		rec.Runs = append(rec.Runs, rr)
	}
	var subjects []string
	for uid := range names {
		subjects = append(subjects, uid)
	}
	if err := b.store.AddAudit(ctx, &bot.AuditRecord{GroupID: g.ID, ActorID: meta.User.ID, Action: "group record exported", Subjects: subjects, At: req.Now}); err != nil {
		return bot.Reply{}, err
	}
	data, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return bot.Reply{}, fmt.Errorf("encode group record: %w", err)
	}
	name := "group-" + strconv.FormatInt(g.ID, 10) + "-record.json"
	return bot.Reply{Private: true, Message: &bot.Message{Text: "The record of " + g.Name + ". It holds clinical information: keep it with your notes, not in chat.",
		Blocks: []bot.Block{&bot.File{Name: name, ContentType: "application/json", Data: data}}}}, nil
}
