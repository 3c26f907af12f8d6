package bot

import (
	"context"
	"time"
)

// WALStore is implemented by stores that keep a write-ahead log in which
// erased text can outlive its deletion.
type WALStore interface {
	// Checkpoint copies the log into the database and truncates it to zero
	// bytes. It returns (wrapped) ErrNotTruncated when a reader kept it from
	// truncating; calling it again later is safe.
	Checkpoint(ctx context.Context) error
}

// ResultPostStore records where each run's results were posted, so that an
// erasure can take a member's shared answers out of the channel.
type ResultPostStore interface {
	// SetResultPost records p, replacing an earlier record of its run.
	// ENotFound if the run does not exist.
	SetResultPost(ctx context.Context, p *ResultPost) error
	// ResultPosts returns the recorded results posts of a group's runs, oldest first.
	ResultPosts(ctx context.Context, groupID int64) ([]*ResultPost, error)
	// DeleteResultPost forgets the record of a run's results post (no error if there is none).
	DeleteResultPost(ctx context.Context, runID int64) error
}

// ResultPost is where a run's results were posted.
type ResultPost struct {
	RunID int64
	Ref   MessageRef // the last (or only) message
	// Earlier holds the messages before Ref when the platform split a long
	// post into several (see PartsPoster), in order.
	Earlier  []MessageRef
	PostedAt time.Time
}
