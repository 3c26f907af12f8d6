package bot

import (
	"context"
	"time"
)

// LevelStore keeps each member's level per exercise family, and their
// attempts at levelled exercises.
type LevelStore interface {
	// MemberLevels returns the group's levels (of one user unless userID is
	// ""), by user and family. A member without a row is at level 1.
	MemberLevels(ctx context.Context, groupID int64, userID string) ([]*MemberLevel, error)
	// SetMemberLevel stores l, replacing the member's level in its family.
	SetMemberLevel(ctx context.Context, l *MemberLevel) error
	// StartAttempt stores a unless the (run, user) has one, and returns the
	// stored one: the first start fixes the level and form.
	StartAttempt(ctx context.Context, a *Attempt) (*Attempt, error)
	// FinishAttempt scores a started attempt once (later calls change
	// nothing); ExtendAttempt adds time to it ("I need more time").
	FinishAttempt(ctx context.Context, runID int64, userID string, points, max int, at time.Time) error
	ExtendAttempt(ctx context.Context, runID int64, userID string, extra time.Duration) error
	// Attempts returns the group's attempts (of one user and one family unless "") by start.
	Attempts(ctx context.Context, groupID int64, userID, family string) ([]*Attempt, error)
	// ShowScores reports whether members see their raw scores (default no); SetShowScores sets it.
	ShowScores(ctx context.Context, groupID int64) (bool, error)
	SetShowScores(ctx context.Context, groupID int64, show bool) error
	// ExtendWindow lets a member answer a run until until, once (EConflict
	// after); WindowExtensions returns a run's extensions by user.
	ExtendWindow(ctx context.Context, runID int64, userID string, until time.Time) error
	WindowExtensions(ctx context.Context, runID int64) (map[string]time.Time, error)
}

// MemberLevel is a member's level in a family; a therapist's lock stops progression.
type MemberLevel struct {
	GroupID               int64
	UserID, Family, SetBy string // SetBy: the therapist, "" for progression
	Level                 int
	Locked                bool
	Reason                string
	UpdatedAt             time.Time
}

// Attempt is one member's try at a levelled run; FinishedAt is nil until scored.
type Attempt struct {
	RunID          int64
	UserID, Family string
	Level, Form    int // Form is 0-based
	StartedAt      time.Time
	FinishedAt     *time.Time
	Points, Max    int
	Extra          time.Duration // time added with "I need more time"
}
