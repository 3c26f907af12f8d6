package core_test

import (
	"strings"
	"testing"
)

// TestSessionReminder: off by default; once on, each member gets one
// private reminder before each session, in their own zone when they set
// one; a moved session is reminded at its new time and says so; a
// cancelled session and a member on leave get none; /forgetme erases the
// member's zone.
func TestSessionReminder(t *testing.T) {
	h := schedGroup(t) // Monday 2 Nov 2026, Berlin
	mustDo(t, h, "Tess", "/group session wednesday 18:00", "every Wednesday 18:00")
	mustDo(t, h, "Tess", "/session remind", "Members get no reminder before sessions")
	tick(t, h, "2026-11-04 17:00")
	if n := len(posts(h, "dm:u-ana", "session-remind-")); n != 0 {
		t.Fatalf("reminded while off: %d", n)
	}
	mustDo(t, h, "Ana", "/session remind 2h", "Only this group's therapists")
	mustDo(t, h, "Tess", "/session remind 5m", "from 10 minutes to 3 days")
	mustDo(t, h, "Tess", "/session remind 2h", "a private reminder 2 hours before each session")
	h.Do("Tess", "/group add @Cy")
	mustDo(t, h, "Cy", "/myzone Europe/Paris", "Before anything you answer can be saved")
	if z, _ := h.Store.MemberZones(t.Context(), 1); z["u-cy"] != "" {
		t.Errorf("a zone was stored before consent: %v", z)
	}
	mustDo(t, h, "Ana", "/myzone Mars/Olympus", "not a time zone I know")
	mustDo(t, h, "Ana", "/myzone America/New_York", "Your time zone here is now America/New_York")
	mustDo(t, h, "Ana", "/myzone", "Your time zone here is America/New_York")
	mustDo(t, h, "Tess", "/session move 2026-11-19 19:00 of:2026-11-18", "moved to **Thu 19 Nov, 19:00**")
	mustDo(t, h, "Tess", "/session cancel 2026-11-25", "no session")
	mustDo(t, h, "Tess", "/group leave @Bo 2026-12-02 2026-12-02", "Bo is on leave")

	for _, at := range []string{"2026-11-11 15:59", "2026-11-11 16:00", "2026-11-11 16:30",
		"2026-11-18 16:00", "2026-11-19 17:00", "2026-11-25 16:00", "2026-12-02 16:00"} {
		tick(t, h, at)
	}
	ana, bo := posts(h, "dm:u-ana", "session-remind-"), posts(h, "dm:u-bo", "session-remind-")
	if len(ana) != 3 || len(bo) != 2 {
		t.Fatalf("reminders: Ana %d, Bo %d\n%s", len(ana), len(bo), h.Transcript())
	}
	if !strings.Contains(ana[0], "**Tuesday group** meets on Wednesday 11 November at 12:00 your time (America/New_York).") {
		t.Errorf("Ana's reminder: %s", ana[0])
	}
	if !strings.Contains(bo[0], "meets on Wednesday 11 November at 18:00 (Europe/Berlin time).") {
		t.Errorf("Bo's reminder: %s", bo[0])
	}
	if !strings.Contains(bo[1], "Thursday 19 November at 19:00") || !strings.Contains(bo[1], "moved from Wednesday 18 November") {
		t.Errorf("moved session reminder: %s", bo[1])
	}
	mustDo(t, h, "Tess", "/session remind off", "Session reminders are off")
	tick(t, h, "2026-12-09 16:00")
	if n := len(posts(h, "dm:u-ana", "session-remind-")); n != 3 {
		t.Errorf("reminded after off: %d", n)
	}

	h.Do("Ana", "/forgetme")
	h.Press("Ana", "Erase my data")
	if z, err := h.Store.MemberZones(t.Context(), 1); err != nil || len(z) != 0 {
		t.Errorf("zones after /forgetme: %v %v", z, err)
	}
}
