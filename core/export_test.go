package core

import "context"

// ClaimDue runs only the claim phase of a pass (for benchmarks).
func (s *Scheduler) ClaimDue(ctx context.Context) error {
	cache := &calCache{s: s, groups: map[int64]*groupCal{}, rules: map[string]*When{}}
	return s.claimDue(ctx, s.b.clock.Now(), cache)
}
