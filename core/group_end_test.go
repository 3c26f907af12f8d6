package core_test

import (
	"strings"
	"testing"
	"time"

	"groupwork/core/coretest"
)

// TestGroupEndAsksFirstThenNothingIsPosted: /group end asks the lead to
// confirm; once ended, nothing more reaches the group: /exercise start and
// /session start are refused, the schedule posts nothing, the open run gets
// no reminder and no results post (the lead still gets the digest).
func TestGroupEndAsksFirstThenNothingIsPosted(t *testing.T) {
	h := coretest.NewBot(t)
	h.Do("Tess", "/group create G")
	h.Do("Tess", "/group add @Ana")
	h.Do("Ana", "/privacy accept")
	mustDo(t, h, "Tess", `/schedule add mood-checkin "daily 18:00"`, "Schedule 1")
	h.Do("Tess", "/exercise start session-reflection")

	mustDo(t, h, "Tess", "/group end", "End G?")
	if text := coretest.Text(h.Press("Tess", "Keep it running")); !strings.Contains(text, "keeps running") {
		t.Fatalf("keep: %s", text)
	}
	mustDo(t, h, "Tess", "/exercise start mood-checkin", "Started")
	mustDo(t, h, "Tess", "/group end", "End G?")
	if text := coretest.Text(h.Press("Tess", "End the group")); !strings.Contains(text, "G** has ended") {
		t.Fatalf("end: %s", text)
	}
	before := len(h.PostsTo(h.Channel))
	mustDo(t, h, "Tess", "/exercise start mood-checkin", "G has ended, so nothing more is posted")
	mustDo(t, h, "Tess", "/session start", "G has ended")
	mustDo(t, h, "Tess", `/schedule add word-recall "daily 20:00"`, "G has ended")
	for _, hours := range []int{9, 24, 48, 72} { // today's 18:00 fire, reminders, closes
		h.Clock.Set(coretest.Start.Add(time.Duration(hours) * time.Hour))
		if err := h.Bot.Scheduler().Tick(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if after := h.PostsTo(h.Channel); len(after) != before {
		t.Errorf("the ended group was posted to:\n%s", strings.Join(after[before:], "\n---\n"))
	}
	if dms := posts(h, "dm:u-ana", "nudge-"); len(dms) != 0 {
		t.Errorf("a member of the ended group was reminded: %q", dms)
	}
	if digests := posts(h, "dm:u-tess", "digest-"); len(digests) == 0 {
		t.Error("the lead got no private digest of the runs that closed")
	}
}
