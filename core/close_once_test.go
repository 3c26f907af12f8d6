package core_test

import "testing"

// TestStopScheduledRunPostsResultsOnce: stopping a scheduled exercise by
// hand posted its results, and the scheduler, finishing the fire, posted
// them a second time.
func TestStopScheduledRunPostsResultsOnce(t *testing.T) {
	h := schedGroup(t)
	mustDo(t, h, "Tess", `/schedule add mood-checkin "every wednesday 18:00" 24h`, "Schedule 1")
	tick(t, h, "2026-11-04 18:00")
	mustDo(t, h, "Tess", "/exercise stop", "")
	tick(t, h, "2026-11-04 18:05")
	tick(t, h, "2026-11-05 18:05")
	if n := len(posts(h, "group-channel", "close-")); n != 1 {
		t.Errorf("results posted %d times, want 1", n)
	}
}
