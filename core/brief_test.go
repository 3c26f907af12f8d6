package core_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"groupwork/core/coretest"
)

// TestPreSessionBrief: the demo group's lead gets one private brief two
// hours before the weekly session, per member: questionnaires with bands and
// reliable change, open alerts, exercises missed in a row, written answers
// waiting, the goal due; a second pass sends no second copy; /review brief
// shows the same on demand and is refused to members.
func TestPreSessionBrief(t *testing.T) {
	h := demoMember(t)
	h.Do("Tess", "/group session wednesday 18:00") // now Mon 16 Nov; next session Wed 18 Nov 18:00
	h.Do("Tess", "/exercise start goal-set")       // this week's goal, due at the session
	h.Press("Ana", "Start")
	h.Fill("Ana", "Write my answer", "Call my sister")
	h.Press("Ana", "3")
	h.Fill("Ana", "Write my answer", "Sunday afternoon")
	h.Press("Ana", "Once this week")
	h.Fill("Ana", "Write my answer", "We will have talked")
	h.Clock.Advance(2*24*time.Hour + 3*time.Hour + 30*time.Minute) // Wed 16:30, within two hours of the session
	if err := h.Bot.Scheduler().Tick(t.Context()); err != nil {
		t.Fatal(err)
	}
	var brief string
	for _, dm := range h.DMs("Tess") {
		if strings.Contains(dm, "Before the session") {
			if brief != "" {
				t.Fatal("two briefs")
			}
			brief = dm
		}
	}
	for _, want := range []string{"groupwork: an update for you", "Tuesday group · Wed 18 Nov, 18:00", "**Ana**", "PHQ-9: 8 (mild), reliable improvement (-7", "Goal due: “Call my sister”, “Sunday afternoon”, Once this week.", "**Bo**", "Missed the last"} {
		if !strings.Contains(brief, want) {
			t.Errorf("brief lacks %q:\n%s", want, brief)
		}
	}
	if err := h.Bot.Scheduler().Tick(t.Context()); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, dm := range h.DMs("Tess") {
		if strings.Contains(dm, "Before the session") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d briefs after a second pass", n)
	}
	for _, p := range h.PostsTo("group-channel") {
		if strings.Contains(p, "Before the session") || strings.Contains(p, "Missed the last") {
			t.Errorf("the group saw the brief: %s", p)
		}
	}
	if text := coretest.Text(h.Do("Ana", "/review brief")); strings.Contains(text, "Before the session") {
		t.Errorf("a member got the brief: %s", text)
	}
	h.Do("Tess", "/review brief")
	golden(t, filepath.Join("transcripts", "pre-session-brief.golden"), h.Transcript())
}

// TestMissedInARowNotice: a member who misses two exercises in a row is
// named to the lead privately, once; the group and the member are not told.
func TestMissedInARowNotice(t *testing.T) {
	h := safetyGroup(t)
	for i := range 3 {
		h.Do("Tess", "/exercise start mood-checkin")
		h.Press("Ana", "Start")
		h.Press("Ana", "7")
		h.Clock.Advance(25 * time.Hour) // the check-in closes after 24h
		if err := h.Bot.Scheduler().Tick(t.Context()); err != nil {
			t.Fatal(err)
		}
		var notices []string
		for _, dm := range h.DMs("Tess") {
			if strings.Contains(dm, "has not answered the last") {
				notices = append(notices, dm)
			}
		}
		want := 0
		if i >= 1 {
			want = 1 // at the second miss in a row, and not again at the third
		}
		if len(notices) != want {
			t.Fatalf("after %d runs: %d notices: %v", i+1, len(notices), notices)
		}
		if want == 1 && (!strings.Contains(notices[0], "Bo has not answered the last 2 exercises") || strings.Contains(notices[0], "Ana has")) {
			t.Errorf("notice: %s", notices[0])
		}
	}
	for _, p := range h.PostsTo("group-channel") {
		if strings.Contains(p, "has not answered") {
			t.Errorf("the group was told: %s", p)
		}
	}
	if len(h.DMs("Bo")) != 0 {
		t.Errorf("Bo was told: %v", h.DMs("Bo"))
	}
}
