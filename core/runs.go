package core

import (
	"context"
	"errors"
	"fmt"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
)

// Custom id kinds for exercise interactions.
const (
	kindOpen     = "open"    // Ref=run: show me my next question
	kindAnswer   = "ans"     // Ref=run, Step, Value=scale value or choice index
	kindPick     = "pick"    // Ref=run, Step; Values carry choice indexes or a scale value
	kindText     = "text"    // Ref=run, Step: a submitted text form
	kindSkip     = "skip"    // Ref=run, Step
	kindShare    = "share"   // Ref=run, Step, Value=yes|no
	kindRedo     = "redo"    // Ref=run; Values carry the step id to answer again
	kindConsent  = "consent" // Ref=group, Step=run id or "", Value=accept|decline
	kindContinue = "cont"    // Ref=run, Step=the say step with Continue
)

// StartRun opens a run of an exercise in a group and posts its prompt into
// the group's channel. Members on leave are excused; members who join later
// are not due. It is OpenRun followed by PostPrompt.
func (b *Bot) StartRun(ctx context.Context, g *bot.Group, exerciseID, startedBy string) (*bot.Run, error) {
	run, err := b.OpenRun(ctx, g, exerciseID, startedBy)
	if err != nil {
		return nil, err
	}
	if _, err := b.PostPrompt(ctx, g, run); err != nil {
		return run, err
	}
	return run, nil
}

// OpenRun stores a new run of an exercise with the participation of every
// active member, without posting anything.
func (b *Bot) OpenRun(ctx context.Context, g *bot.Group, exerciseID, startedBy string) (*bot.Run, error) {
	def, ok := b.lib.Get(exerciseID)
	if !ok {
		return nil, bot.Errorf(bot.ENotFound, "There is no exercise %q. Type /exercise list to see them.", exerciseID)
	}
	if ended, err := b.groupEnded(ctx, g.ID); err != nil {
		return nil, err
	} else if ended {
		return nil, errGroupEnded(g)
	}
	if isRollCall(def) { // attendance: only before or during today's session
		why, err := b.rollCallRefusal(ctx, g, b.clock.Now())
		if err != nil {
			return nil, err
		}
		if why != "" {
			return nil, bot.Errorf(bot.EInvalid, "%s", why)
		}
	}
	run, parts, err := b.prepareRun(ctx, g, def, startedBy, b.clock.Now(), 0)
	if err != nil {
		return nil, err
	}
	if err := b.store.CreateRun(ctx, run, parts); err != nil {
		return nil, err
	}
	b.log.Info("run opened", "group", g.ID, "run", run.ID, "exercise", def.ID, "due", len(parts))
	return run, nil
}

// prepareRun builds a run opening at now (window 0: the exercise's own) and
// its initial participation: members on leave at now are excused.
func (b *Bot) prepareRun(ctx context.Context, g *bot.Group, def *exercises.Definition, startedBy string, now time.Time, window time.Duration) (*bot.Run, []*bot.Participation, error) {
	ms, err := b.store.Memberships(ctx, g.ID)
	if err != nil {
		return nil, nil, err
	}
	leaves, err := b.store.Leaves(ctx, g.ID)
	if err != nil {
		return nil, nil, err
	}
	if window <= 0 {
		window = def.Window
	}
	run := &bot.Run{
		GroupID: g.ID, ExerciseID: def.ID, Version: def.Version, Definition: def.Source,
		OpenedAt: now, ClosesAt: now.Add(window), StartedBy: startedBy,
	}
	var parts []*bot.Participation
	for _, m := range ms {
		if m.Role != bot.RoleMember || !m.Active(now) {
			continue
		}
		st := bot.StatusPending
		if onLeave(leaves, m.UserID, now) {
			st = bot.StatusExcused
		}
		parts = append(parts, &bot.Participation{UserID: m.UserID, Status: st, UpdatedAt: now})
	}
	return run, parts, nil
}

// PostPrompt posts an opened run's prompt into the group's channel with
// Message.Key "run-<id>" (platforms that support it use the key to drop a
// repeated post) and records the message id on the run.
func (b *Bot) PostPrompt(ctx context.Context, g *bot.Group, run *bot.Run) (bot.MessageRef, error) {
	def, err := b.definition(run)
	if err != nil {
		return bot.MessageRef{}, err
	}
	a, err := b.adapter(g.Platform)
	if err != nil {
		return bot.MessageRef{}, err
	}
	ref, err := a.Post(ctx, g.ChannelID, b.promptMessage(ctx, g, run, def))
	if err != nil {
		return bot.MessageRef{}, fmt.Errorf("post prompt of run %d: %w", run.ID, err)
	}
	if err := b.store.SetRunMessage(ctx, run.ID, ref.MessageID); err != nil {
		return ref, err
	}
	run.MessageID = ref.MessageID
	return ref, nil
}

func onLeave(leaves []*bot.Leave, userID string, t time.Time) bool {
	for _, l := range leaves {
		if l.UserID == userID && !t.Before(l.From) && t.Before(l.To) {
			return true
		}
	}
	return false
}

// promptMessage is what the group channel sees when a run opens.
func (b *Bot) promptMessage(ctx context.Context, g *bot.Group, run *bot.Run, def *exercises.Definition) bot.Message {
	m := bot.Message{Key: fmt.Sprintf("run-%d", run.ID)}
	if def.AnsweredBy == exercises.AnsweredByGroup {
		ask := def.AskSteps()[0]
		m.Text = fmt.Sprintf("**%s**\n%s\nPress the button that fits. Only your therapists see who chose what.", def.Title, ask.Text)
		m.Blocks = []bot.Block{choiceButtons(run.ID, ask)}
	} else {
		m.Text = fmt.Sprintf("**%s**\n%s\nPress **Start** to answer privately: only your therapists see your answers unless you choose to share one. Open until %s.",
			def.Title, def.Goal, g.FormatTimeFrom(run.ClosesAt, run.OpenedAt))
		m.Blocks = []bot.Block{&bot.Buttons{Choices: []bot.Choice{{ID: bot.CustomID{Kind: kindOpen, Ref: run.ID}.String(), Label: "Start", Style: "primary"}}}}
	}
	if def.Footer != "" {
		m.Text += "\n_" + def.Footer + "_"
	}
	m.Text += b.footerLine(ctx, g)
	return m
}

// CloseRun closes a run: pending members become missed (no-consent when
// they had not accepted the consent notice), and the group sees
// the results the exercise allows (never below the small-group guard, never who
// did not answer).
func (b *Bot) CloseRun(ctx context.Context, run *bot.Run) error {
	if run.ClosedAt != nil {
		return nil
	}
	now := b.clock.Now()
	if err := b.markNoConsent(ctx, run, now); err != nil {
		return err
	}
	if err := b.store.CloseRun(ctx, run.ID, now); err != nil {
		return err
	}
	run.ClosedAt = &now
	b.log.Info("run closed", "group", run.GroupID, "run", run.ID)
	g, err := b.store.Group(ctx, run.GroupID)
	if err != nil {
		return err
	}
	def, err := b.definition(run)
	if err != nil {
		return err
	}
	// The scheduler finishes a scheduled run's fire later and posts its
	// results under the same claim: claimed here, they are posted once.
	if first, err := b.store.ClaimNotice(ctx, fmt.Sprintf("close-%d", run.ID), now); err != nil || !first {
		return err
	}
	if err := b.postResults(ctx, g, run, def); err != nil {
		return err
	}
	return b.engagementNotices(ctx, g, run, now) // engagement.go
}

// CloseDue closes every open run whose window has ended. It returns the
// first error after trying all of them.
func (b *Bot) CloseDue(ctx context.Context) error {
	runs, err := b.store.OpenRuns(ctx, 0)
	if err != nil {
		return err
	}
	now := b.clock.Now()
	var errs []error
	for _, r := range runs {
		if !now.Before(r.ClosesAt) {
			if err := b.CloseRun(ctx, r); err != nil {
				errs = append(errs, fmt.Errorf("close run %d: %w", r.ID, err))
			}
		}
	}
	return errors.Join(errs...)
}

// answerer is everything known about a member acting on a run.
type answerer struct {
	run    *bot.Run
	def    *exercises.Definition
	group  *bot.Group
	member *bot.Membership
	late   bool
	footer string // the group's safety footer (safety.go)
	// alerted is the question whose answer just raised a safety alert
	// (set by save): the member's next screen is the alert screen.
	alerted string
	due     int           // how many members the run expects answers from (small-group guard)
	version int64         // set by save: the version of what was said (answer_history.go)
	level   *attemptState // a levelled exercise's attempt (levels.go); nil otherwise
	grid    uint32        // the picks so far on a toggle grid (toggle_grid.go)
	seq     string        // the presses so far on a sequence question (sequence.go)
	// lastAnswer is when the member last answered, for a later step (later.go).
	lastAnswer time.Time
	// extendedUntil is the member's own closing time, when they asked for
	// more time (more_window.go); zero otherwise.
	extendedUntil time.Time
	// earlier holds the member's own earlier answers that the exercise's
	// texts show ({earlier goal-set.goal}); set by gate (earlier.go).
	earlier  map[exercises.EarlierRef]string
	assigned map[string]string // what the therapist set: {assigned homework} (earlier.go)
}

// answerContext loads and checks a member acting on a run: the run exists,
// the member is in its group and was due (or excused), the window allows it.
// Consent is checked separately, because its refusal is a screen, not an error.
func (b *Bot) answerContext(ctx context.Context, req *bot.Request, runID int64) (*answerer, error) {
	run, err := b.store.Run(ctx, runID)
	if err != nil {
		if bot.ErrorCode(err) == bot.ENotFound {
			return nil, bot.Errorf(bot.ENotFound, "This exercise is no longer available.")
		}
		return nil, err
	}
	g, err := b.store.Group(ctx, run.GroupID)
	if err != nil {
		return nil, err
	}
	meta := req.Event.Meta()
	if meta.Place.Platform != g.Platform {
		return nil, bot.Errorf(bot.ENotFound, "This exercise is no longer available.")
	}
	m, err := b.store.Membership(ctx, g.ID, meta.User.ID)
	if err != nil {
		if bot.ErrorCode(err) == bot.ENotFound {
			return nil, bot.Errorf(bot.EForbidden, "This exercise is for the members of %s.", g.Name)
		}
		return nil, err
	}
	if m.Role != bot.RoleMember {
		return nil, bot.Errorf(bot.EInvalid, "Exercises are answered by members. To see what members see, use /exercise preview %s.", run.ExerciseID)
	}
	parts, err := b.store.Participation(ctx, run.ID)
	if err != nil {
		return nil, err
	}
	due := false
	for _, p := range parts {
		if p.UserID == m.UserID {
			due = true
		}
	}
	// A member added while the run is open may still answer it: it is not
	// expected from them (not due), but an answer is recorded like any
	// other and the review says they joined late. Once it has closed it
	// stays not due.
	if !due && (!run.Open(req.Now) || !m.JoinedAt.After(run.OpenedAt)) {
		return nil, bot.Errorf(bot.EInvalid, "This exercise started before you joined the group, so it is not expected from you. You will get the next one.")
	}
	def, err := b.definition(run)
	if err != nil {
		return nil, err
	}
	if isRollCall(def) { // attendance: once today's session has ended, the roll call has too
		if why, err := b.rollCallRefusal(ctx, g, req.Now); err != nil {
			return nil, err
		} else if why != "" {
			return nil, bot.Errorf(bot.EInvalid, "Today's session has ended, so this roll call is closed. Thank you for looking.")
		}
	}
	a := &answerer{run: run, def: def, group: g, member: m, late: !run.Open(req.Now), due: len(parts)}
	if err := b.loadExtension(ctx, a, req.Now); err != nil { // more_window.go: "I need more time"
		return nil, err
	}
	if a.late && def.LateAnswers == exercises.LateRefuse {
		return nil, bot.Errorf(bot.EInvalid, "This exercise closed on %s, so answers can no longer be added. Thank you for looking.", g.FormatTimeFrom(closedAt(run), req.Now))
	}
	return a, nil
}

func closedAt(r *bot.Run) time.Time {
	if r.ClosedAt != nil && r.ClosedAt.Before(r.ClosesAt) {
		return *r.ClosedAt
	}
	return r.ClosesAt
}

// consented reports whether the member accepted the consent notice in use
// now (an earlier version's acceptance does not count).
func (b *Bot) consented(ctx context.Context, groupID int64, userID string) (bool, error) {
	c, err := b.store.Consent(ctx, groupID, userID)
	if err != nil {
		return false, err
	}
	return b.consentCurrent(ctx, c), nil
}

// userAnswers returns the member's answers to a run by step id.
func (b *Bot) userAnswers(ctx context.Context, runID int64, userID string) (map[string]exercises.Answer, error) {
	recs, err := b.store.Answers(ctx, runID, userID)
	if err != nil {
		return nil, err
	}
	out := make(map[string]exercises.Answer, len(recs))
	for _, r := range recs {
		out[r.StepID] = r.Answer
	}
	return out, nil
}

// save checks and stores one answer and the member's new status, and returns
// all their answers to the run.
func (b *Bot) save(ctx context.Context, a *answerer, stepID string, ans exercises.Answer, now time.Time) (map[string]exercises.Answer, error) {
	answers, err := b.userAnswers(ctx, a.run.ID, a.member.UserID)
	if err != nil {
		return nil, err
	}
	if st, _ := a.def.Step(stepID); st != nil && locked(st, answers) { // answer_lock.go
		return nil, errLocked
	}
	if err := a.def.Check(stepID, ans); err != nil {
		return nil, &bot.Error{Code: bot.EInvalid, Msg: err.Error()}
	}
	prev, had := answers[stepID]
	// A decision to share covers what was said: a changed answer is a new
	// version, kept private until the member chooses again (fails closed).
	if had && prev.Shared && bot.SameSaid(prev, ans) {
		ans.Shared = true
	}
	if st, _ := a.def.Step(stepID); st != nil && st.VisibleTo == exercises.VisibleGroup {
		ans.Shared = true
	}
	// Safety fails closed: an answer that raised an alert, and every later
	// version of it, is never shown to the group. The flag is stored with
	// the answer itself, so it holds even if raising the alert fails.
	matches := b.safetyMatches(ctx, a, stepID, ans)
	if len(matches) > 0 || (had && prev.Alerted) {
		ans.Alerted, ans.Shared = true, false
	}
	wasComplete := measureComplete(a.def, answers) // measures_notice.go
	answers[stepID] = ans
	status, err := b.statusAfter(ctx, a, answers)
	if err != nil {
		return nil, err
	}
	rec := &bot.AnswerRecord{RunID: a.run.ID, UserID: a.member.UserID, StepID: stepID, Answer: ans, AnsweredAt: now, Late: a.late}
	if err := b.store.SaveAnswer(ctx, rec, status); err != nil {
		return nil, err
	}
	a.version = rec.Version                                        // the version an alert names (answer_history.go)
	a.lastAnswer = now                                             // a later step waits from here (later.go)
	if err := b.finishLevelled(ctx, a, answers, now); err != nil { // levels.go
		return nil, err
	}
	if len(matches) > 0 {
		b.raiseAlerts(ctx, a, stepID, matches)
		a.alerted = stepID
	}
	if !wasComplete && measureComplete(a.def, answers) {
		b.afterMeasure(ctx, a, answers)
	}
	return answers, nil
}

// statusAfter decides a member's status once answers are in: complete on
// time is answered, complete after close is late (an on-time answer edited
// later stays answered), anything less is partial.
func (b *Bot) statusAfter(ctx context.Context, a *answerer, answers map[string]exercises.Answer) (bot.Status, error) {
	if !a.def.Complete(answers) {
		return bot.StatusPartial, nil
	}
	if !a.late {
		return bot.StatusAnswered, nil
	}
	parts, err := b.store.Participation(ctx, a.run.ID)
	if err != nil {
		return "", err
	}
	for _, p := range parts {
		if p.UserID == a.member.UserID && p.Status == bot.StatusAnswered {
			return bot.StatusAnswered, nil
		}
	}
	return bot.StatusLate, nil
}
