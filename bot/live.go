package bot

import (
	"context"
	"time"
)

// GoalStatus is whether a session's goal was met, as the therapist judged.
type GoalStatus string

// Goal statuses; "" means not recorded.
const (
	GoalMet    GoalStatus = "yes"
	GoalPartly GoalStatus = "partly"
	GoalNotMet GoalStatus = "no"
)

// SessionPlan is a live session's plan and, once it ended, its outcome.
// SessionID 0 is the group's next session, not yet started.
type SessionPlan struct {
	GroupID, SessionID int64
	Goal, Topic        string
	Exercises          []string // exercise ids to run live, in order
	GoAround           string   // a go-around prompt
	Activity           string   // the exercise id of the timed activity
	SetBy              string
	SetAt              time.Time
	GoalMet            GoalStatus // "" until the session ended
	Note               string     // the group note written at the end
}

// TurnOutcome is how one member's go-around turn ended; "" while waiting.
type TurnOutcome string

// Turn outcomes. Passing is a choice, never a failure.
const (
	TurnSpoke   TurnOutcome = "spoke"
	TurnPassed  TurnOutcome = "passed"
	TurnTimeout TurnOutcome = "timeout"
	TurnSkipped TurnOutcome = "skipped"
)

// GoAroundTurn is one member's place in a go-around. It holds no content.
type GoAroundTurn struct {
	UserID  string
	Outcome TurnOutcome
	At      time.Time
}

// GoAround invites members to speak one at a time. Pos is the current
// turn; TurnEnds is zero while paused (Left keeps what remained) or ended.
type GoAround struct {
	ID, GroupID, SessionID int64
	Prompt                 string
	Each                   time.Duration
	Turns                  []GoAroundTurn
	Pos                    int
	TurnEnds               time.Time
	Left                   time.Duration
	Paused                 bool
	Ref                    MessageRef // the one message edited as it moves
	StartedBy              string
	StartedAt              time.Time
	EndedAt                *time.Time
}

// LiveActivity is an exercise run live in the channel, step by step, or a
// live poll (one question). Its answers belong to run RunID.
type LiveActivity struct {
	ID, GroupID, SessionID, RunID int64
	Poll                          bool
	Step                          int       // index of the current step
	StepEnds                      time.Time // zero: waits for the therapist
	NextEdit                      time.Time // when the countdown is next edited
	Ref                           MessageRef
	EndedAt                       *time.Time
}

// SessionNote is a therapist's private one-line observation of a member in
// a session. A newer note for the same member and session replaces it; the
// old one keeps its text with ReplacedAt set.
type SessionNote struct {
	ID, GroupID, SessionID int64
	UserID, Author, Text   string
	At                     time.Time
	ReplacedAt             *time.Time
}

// SessionRating is a member's optional end-of-session rating, 1–5 each.
type SessionRating struct {
	SessionID          int64
	UserID             string
	Helpful, Connected int // 0: not given
	At                 time.Time
}

// LiveHourStore keeps what happens in the live hour beyond attendance.
type LiveHourStore interface {
	// SetSessionPlan upserts the plan of (GroupID, SessionID).
	SetSessionPlan(ctx context.Context, p *SessionPlan) error
	// SessionPlan returns one plan; ENotFound when there is none.
	SessionPlan(ctx context.Context, groupID, sessionID int64) (*SessionPlan, error)
	// AttachSessionPlan makes the group's next-session plan the plan of
	// sessionID (no error when there is none).
	AttachSessionPlan(ctx context.Context, groupID, sessionID int64) error
	// SessionPlans returns the plans of the group's sessions started in [from, to).
	SessionPlans(ctx context.Context, groupID int64, from, to time.Time) ([]*SessionPlan, error)
	// SaveGoAround stores g with its turns (ID set when 0).
	SaveGoAround(ctx context.Context, g *GoAround) error
	// GoArounds returns go-arounds started in [from, to) of a group, or
	// those not ended (of every group when groupID is 0) when active.
	GoArounds(ctx context.Context, groupID int64, from, to time.Time, active bool) ([]*GoAround, error)
	// SaveLiveActivity stores a (ID set when 0).
	SaveLiveActivity(ctx context.Context, a *LiveActivity) error
	// ActiveLiveActivities returns activities not ended (all groups when 0).
	ActiveLiveActivities(ctx context.Context, groupID int64) ([]*LiveActivity, error)
	// AddSessionNote stores n and marks the note it replaces, in one transaction.
	AddSessionNote(ctx context.Context, n *SessionNote) error
	// SessionNotes returns the group's notes (of one member when userID is
	// not ""), replaced ones included, oldest first.
	SessionNotes(ctx context.Context, groupID int64, userID string) ([]*SessionNote, error)
	// SetSessionRating upserts a member's rating of a session.
	SetSessionRating(ctx context.Context, r *SessionRating) error
	// SessionRatings returns the ratings of the group's sessions started in [from, to).
	SessionRatings(ctx context.Context, groupID int64, from, to time.Time) ([]*SessionRating, error)
}
