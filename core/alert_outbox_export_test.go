package core

import (
	"context"
	"time"
)

// UntilNext opens the scheduler's wait to the external tests.
func UntilNext(s *Scheduler, ctx context.Context) time.Duration { return s.untilNext(ctx) }
