package core

import (
	"context"
	"fmt"
	"strings"
	"time"

	"groupwork/bot"
)

// The session plan (issue 12): what the next live session is for, set
// beforehand; shown to therapists privately and to members as a topic and
// a first activity at /session start; its outcome recorded at /session end.

// maxPlanText bounds each written field of a plan.
const maxPlanText = 300

// sessionPlan sets (or replaces) the plan of the group's next session.
func (b *Bot) sessionPlan(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	g := req.Group
	p := &bot.SessionPlan{GroupID: g.ID, SetBy: req.Member.UserID, SetAt: req.Now}
	p.Goal, _ = req.Cmd.String("goal")
	p.Topic, _ = req.Cmd.String("topic")
	p.GoAround, _ = req.Cmd.String("goaround")
	p.Activity, _ = req.Cmd.String("activity")
	ex, _ := req.Cmd.String("exercises")
	for f, v := range map[string]string{"goal": p.Goal, "topic": p.Topic, "goaround": p.GoAround} {
		if len([]rune(v)) > maxPlanText {
			return bot.Reply{}, bot.Errorf(bot.EInvalid, "The %s is too long (at most %d characters).", f, maxPlanText)
		}
	}
	p.Goal, p.Topic, p.GoAround = strings.TrimSpace(p.Goal), strings.TrimSpace(p.Topic), strings.TrimSpace(p.GoAround)
	if p.Goal == "" {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "A plan needs a goal, in plain words: /session plan goal:\"Notice one early sign of stress\" topic:Stress.")
	}
	for _, id := range strings.FieldsFunc(ex, func(r rune) bool { return r == ',' || r == ' ' }) {
		if _, ok := b.lib.Get(id); !ok {
			return bot.Reply{}, bot.Errorf(bot.ENotFound, "There is no exercise %q. Type /exercise list to see them.", id)
		}
		p.Exercises = append(p.Exercises, id)
	}
	if p.Activity = strings.TrimSpace(p.Activity); p.Activity != "" {
		if _, ok := b.lib.Get(p.Activity); !ok {
			return bot.Reply{}, bot.Errorf(bot.ENotFound, "There is no exercise %q for the timed activity. Type /exercise list to see them.", p.Activity)
		}
	}
	if err := b.store.SetSessionPlan(ctx, p); err != nil {
		return bot.Reply{}, err
	}
	return bot.PrivateText("The plan for the next session is saved. It is shown to you when you type /session start; members then see the topic and the first activity.\n\n" + planText(p)), nil
}

// planText renders a plan for the therapists.
func planText(p *bot.SessionPlan) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "**Plan** — goal: %s", p.Goal)
	if p.Topic != "" {
		fmt.Fprintf(&sb, "\n- Topic: %s", p.Topic)
	}
	for i, a := range planActivities(p) {
		fmt.Fprintf(&sb, "\n- %d. %s", i+1, a)
	}
	return sb.String()
}

// planActivities lists the plan's activities in the order they are run:
// the go-around, the exercises, then the timed activity.
func planActivities(p *bot.SessionPlan) []string {
	var out []string
	if p.GoAround != "" {
		out = append(out, fmt.Sprintf("Go-around: %s (/goaround %s)", p.GoAround, p.GoAround))
	}
	for _, id := range p.Exercises {
		out = append(out, fmt.Sprintf("Exercise %s (/activity start %s)", id, id))
	}
	if p.Activity != "" {
		out = append(out, fmt.Sprintf("Timed activity %s (/activity start %s)", p.Activity, p.Activity))
	}
	return out
}

// planAtStart attaches the next-session plan to s and returns the lines
// members see in the channel and the therapist's private plan ("" each
// without a plan).
func (b *Bot) planAtStart(ctx context.Context, g *bot.Group, s *bot.LiveSession) (members, therapist string, err error) {
	if err := b.store.AttachSessionPlan(ctx, g.ID, s.ID); err != nil {
		return "", "", err
	}
	p, err := b.store.SessionPlan(ctx, g.ID, s.ID)
	if bot.ErrorCode(err) == bot.ENotFound {
		return "", "", nil
	} else if err != nil {
		return "", "", err
	}
	var sb strings.Builder
	if p.Topic != "" {
		fmt.Fprintf(&sb, "\nToday's topic: **%s**", p.Topic)
	}
	switch {
	case p.GoAround != "":
		fmt.Fprintf(&sb, "\nWe begin with a go-around: %s", p.GoAround)
	case len(p.Exercises) > 0:
		if d, ok := b.lib.Get(p.Exercises[0]); ok {
			fmt.Fprintf(&sb, "\nWe begin with: %s", d.Title)
		}
	case p.Activity != "":
		if d, ok := b.lib.Get(p.Activity); ok {
			fmt.Fprintf(&sb, "\nWe begin with: %s", d.Title)
		}
	}
	return sb.String(), "\n\n" + planText(p), nil
}

// goalWords are the answers /session end accepts for goal.
var goalWords = []string{string(bot.GoalMet), string(bot.GoalPartly), string(bot.GoalNotMet)}

// planAtEnd records the session's outcome (the goal status and a group
// note) and returns the lines for the therapist's end-of-session summary.
func (b *Bot) planAtEnd(ctx context.Context, req *bot.Request, s *bot.LiveSession) (string, error) {
	goal, _ := req.Cmd.String("goal")
	note, _ := req.Cmd.String("note")
	note = strings.TrimSpace(note)
	if len([]rune(note)) > 1000 {
		return "", bot.Errorf(bot.EInvalid, "The group note is too long (at most 1000 characters).")
	}
	p, err := b.store.SessionPlan(ctx, s.GroupID, s.ID)
	if bot.ErrorCode(err) == bot.ENotFound {
		p, err = &bot.SessionPlan{GroupID: s.GroupID, SessionID: s.ID, SetBy: req.Member.UserID, SetAt: req.Now}, nil
	}
	if err != nil {
		return "", err
	}
	if goal != "" {
		p.GoalMet = bot.GoalStatus(goal)
	}
	if note != "" {
		p.Note = note
	}
	if goal != "" || note != "" {
		if err := b.store.SetSessionPlan(ctx, p); err != nil {
			return "", err
		}
	}
	if p.Goal != "" && p.GoalMet == "" {
		return "\nRecord whether the goal was met with /session outcome goal:yes|partly|no [note].", nil
	}
	return "", nil
}

// planOutcomeText renders a session's plan and outcome under its attendance.
func planOutcomeText(p *bot.SessionPlan) string {
	var sb strings.Builder
	if p.Goal != "" {
		fmt.Fprintf(&sb, "\nGoal: %s — %s.", p.Goal, goalStatusWords(p.GoalMet))
	} else if p.GoalMet != "" {
		fmt.Fprintf(&sb, "\nGoal: %s.", goalStatusWords(p.GoalMet))
	}
	if p.Topic != "" {
		fmt.Fprintf(&sb, " Topic: %s.", p.Topic)
	}
	if p.Note != "" {
		fmt.Fprintf(&sb, "\nGroup note: %s", p.Note)
	}
	return sb.String()
}

// sessionOutcome records the goal status and note of the last session after it ended.
func (b *Bot) sessionOutcome(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	s, err := b.currentOrLastSession(ctx, req.Group.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	goal, _ := req.Cmd.String("goal")
	note, _ := req.Cmd.String("note")
	if goal == "" && strings.TrimSpace(note) == "" {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "Say whether the goal was met, a note, or both: /session outcome goal:partly Good energy today.")
	}
	if _, err := b.planAtEnd(ctx, req, s); err != nil {
		return bot.Reply{}, err
	}
	p, err := b.store.SessionPlan(ctx, s.GroupID, s.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.PrivateText(fmt.Sprintf("Saved for the session of %s.%s", req.Group.FormatTimeFrom(s.StartedAt, req.Now), planOutcomeText(p))), nil
}

func goalStatusWords(s bot.GoalStatus) string {
	switch s {
	case bot.GoalMet:
		return "met"
	case bot.GoalPartly:
		return "partly met"
	case bot.GoalNotMet:
		return "not met"
	}
	return "not recorded"
}

// currentOrLastSession returns the group's open session, or else its latest.
func (b *Bot) currentOrLastSession(ctx context.Context, groupID int64) (*bot.LiveSession, error) {
	s, err := b.store.OpenSession(ctx, groupID)
	if bot.ErrorCode(err) != bot.ENotFound {
		return s, err
	}
	all, err := b.store.LiveSessions(ctx, groupID, time.Time{}, time.Time{})
	if err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, bot.Errorf(bot.ENotFound, "There is no live session yet. Start one with /session start.")
	}
	return all[len(all)-1], nil
}
