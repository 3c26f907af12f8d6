package bot

import "context"

// KeywordRemovalStore keeps, per group, the starter phrases
// (core.StarterKeywords) that the group's therapists turned off. The starter list itself is code,
// not data: a phrase added to it in a later release is watched in every
// group that has not removed it.
type KeywordRemovalStore interface {
	// RemovedStarterKeywords returns the starter phrases the group turned off, sorted.
	RemovedStarterKeywords(ctx context.Context, groupID int64) ([]string, error)
	// RemoveStarterKeyword turns a starter phrase off for the group; EConflict
	// if it is off already, ENotFound if the group does not exist.
	RemoveStarterKeyword(ctx context.Context, groupID int64, keyword string) error
	// RestoreStarterKeywords turns the given starter phrases back on (all of
	// them when keywords is empty) and returns how many were off.
	RestoreStarterKeywords(ctx context.Context, groupID int64, keywords []string) (int, error)
}
