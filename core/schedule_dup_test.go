package core_test

import (
	"testing"

	"groupwork/core/coretest"
)

// TestDuplicateScheduleRefused: the same exercise on the same rhythm is
// refused with the existing schedule named, however the rule is written;
// another exercise, or another time, is fine.
func TestDuplicateScheduleRefused(t *testing.T) {
	h := coretest.NewBot(t)
	h.Do("Tess", "/group create G")
	mustDo(t, h, "Tess", `/schedule add mood-checkin "every wednesday 18:00"`, "Schedule 1")
	mustDo(t, h, "Tess", `/schedule add mood-checkin "every wednesday 18:00"`, "Schedule 1 already posts `mood-checkin`")
	mustDo(t, h, "Tess", `/schedule add mood-checkin "Every Wednesday 18:00" 12h`, "Schedule 1 already posts")
	mustDo(t, h, "Tess", `/schedule add mood-checkin "wednesdays 18:00"`, "Schedule 1 already posts")
	mustDo(t, h, "Tess", `/schedule add mood-checkin "every wednesday 19:00"`, "Schedule 2")
	mustDo(t, h, "Tess", `/schedule add session-reflection "every wednesday 18:00"`, "Schedule 3")
	h.Do("Tess", "/schedule remove 1")
	mustDo(t, h, "Tess", `/schedule add mood-checkin "every wednesday 18:00"`, "Schedule 4")
}
