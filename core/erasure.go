package core

import (
	"context"
	"errors"
	"sync"

	"groupwork/bot"
)

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
	err := b.erasure.Checkpoint(ctx)
	switch {
	case errors.Is(err, bot.ErrNotTruncated):
		b.log.Warn("WAL truncation still deferred by a reader; retrying on the next pass")
		return nil
	case err != nil:
		return err
	}
	b.wal.pending = false
	b.log.Info("deferred WAL truncation done: erased data is gone from the log")
	return nil
}
