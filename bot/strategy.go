package bot

import (
	"context"
	"time"
)

// Strategy is a coping strategy a member shared on their group's board.
type Strategy struct {
	ID, GroupID int64
	AuthorID    string // "" once the author erased their data (kept only with KeepAnon)
	Text        string
	Topic       string
	Source      string // "command", or "run:<id>" for a strategy-sharing exercise
	// KeepAnon: the author agreed, when sharing, that the board keeps it
	// without their name after /forgetme.
	KeepAnon  bool
	Pinned    bool
	Proposed  string // a therapist's new wording awaiting the author's yes
	CreatedAt time.Time
	// Read only: how many people said "I'll try this" (or "this helped"),
	// how many said "this helped", and whether userID of Strategies did.
	Tried, Helped     int
	MeTried, MeHelped bool
}

// StrategyStore keeps each group's strategy board. Every write is one
// transaction; an absent strategy is ENotFound.
type StrategyStore interface {
	// AddStrategy stores s and sets its ID; EConflict if the author already
	// has a strategy from the same run.
	AddStrategy(ctx context.Context, s *Strategy) error
	Strategy(ctx context.Context, id int64) (*Strategy, error)
	// Strategies returns the group's board with counts, as seen by userID.
	Strategies(ctx context.Context, groupID int64, userID string) ([]*Strategy, error)
	// UpdateStrategy stores Text, Topic, KeepAnon, Pinned and Proposed.
	UpdateStrategy(ctx context.Context, s *Strategy) error
	// RemoveStrategy deletes a strategy and its marks.
	RemoveStrategy(ctx context.Context, id int64) error
	// MarkStrategy records userID's "I'll try this" (helped false) or
	// "this helped"; marking again changes nothing.
	MarkStrategy(ctx context.Context, id int64, userID string, helped bool, at time.Time) error
}
