package bot

import (
	"context"
	"slices"
	"time"

	"groupwork/exercises"
)

// AnswerHistoryStore keeps every version of what a member said. SaveAnswer
// adds a version whenever the answer differs from the current one (its
// rating, choices, text or skip); a share decision, or the same answer
// given again, is not a new version and keeps the time of what was said.
// Erasing or purging an answer erases its versions too.
type AnswerHistoryStore interface {
	// AnswerHistory returns every version of the answers that were changed
	// at least once, to the group's runs opened in [from, to) (zero times:
	// unbounded), of one member when userID is not "", ordered by run,
	// member, step and then oldest version first. Versions hold what was
	// said: Answer.Shared is always false; Version is set.
	AnswerHistory(ctx context.Context, groupID int64, userID string, from, to time.Time) ([]*AnswerRecord, error)
	// AnswerVersion returns one version of an answer; ENotFound when it was erased.
	AnswerVersion(ctx context.Context, id int64) (*AnswerRecord, error)
}

// SameSaid reports whether two answers say the same thing, leaving aside
// the member's share decision.
func SameSaid(a, b exercises.Answer) bool {
	return a.Skipped == b.Skipped && a.Scale == b.Scale && a.Text == b.Text && slices.Equal(a.Choices, b.Choices)
}
