package bot

import (
	"context"
	"errors"
	"sync"
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

// PartsPoster is implemented by adapters that split a long message into
// several platform messages. PostParts posts m as Post does and returns the
// ref of every message it became, in order. Without it, the core takes the
// one ref Post returns for the whole message.
type PartsPoster interface {
	PostParts(ctx context.Context, channelID string, m Message) ([]MessageRef, error)
}

// walState remembers an erasure or purge whose log truncation a reader
// deferred, so that Maintain retries it on every pass until it succeeds
// instead of leaving erased text in the log until the next daily purge.
type walState struct {
	mu      sync.Mutex
	pending bool
}

// truncationDeferred records that erased bytes may still be in the log.
func (b *Bot) truncationDeferred() {
	b.wal.mu.Lock()
	b.wal.pending = true
	b.wal.mu.Unlock()
}

// retryTruncation truncates the log when an earlier truncation was
// deferred. A reader still in the way leaves it pending for the next pass.
func (b *Bot) retryTruncation(ctx context.Context) error {
	b.wal.mu.Lock()
	defer b.wal.mu.Unlock()
	if !b.wal.pending {
		return nil
	}
	err := b.store.Checkpoint(ctx)
	switch {
	case errors.Is(err, ErrNotTruncated):
		b.log.Warn("WAL truncation still deferred by a reader; retrying on the next pass")
		return nil
	case err != nil:
		return err
	}
	b.wal.pending = false
	b.log.Info("deferred WAL truncation done: erased data is gone from the log")
	return nil
}
