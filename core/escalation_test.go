package core_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/core"
	"groupwork/core/coretest"
)

// escalate runs one scheduler pass after moving the fake clock on by d.
func escalate(t *testing.T, h *coretest.Harness, d time.Duration) {
	t.Helper()
	h.Clock.Advance(d)
	if err := h.Bot.Scheduler().Tick(t.Context()); err != nil {
		t.Fatalf("tick: %v", err)
	}
}

// raiseMoodAlert has Ana rate her mood 1: alert #1.
func raiseMoodAlert(h *coretest.Harness) {
	h.Do("Tess", "/exercise start mood-checkin")
	h.Press("Ana", "Start")
	h.Press("Ana", "1")
}

func wantIn(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, text)
		}
	}
}

// TestNoBackupIsWarned: a lead without a backup therapist is told so,
// privately, when the group is created, in /group info, in /alerts list,
// when the backup is removed, and in every alert that reaches only them.
func TestNoBackupIsWarned(t *testing.T) {
	h := coretest.NewBot(t)
	rep := h.Do("Tess", "/group create \"Tuesday group\" Europe/Berlin")
	wantIn(t, "group create", coretest.Text(rep), "No backup therapist", "/group backup @name")
	if !rep.Private {
		t.Error("the warning must be private to the therapist")
	}
	h.Do("Tess", "/group add @Ana")
	h.Do("Ana", "/privacy accept")
	wantIn(t, "group info", coretest.Text(h.Do("Tess", "/group info")), "No backup therapist")
	if text := coretest.Text(h.Do("Ana", "/group info")); strings.Contains(text, "backup") {
		t.Errorf("a member sees the therapists' warning: %s", text)
	}
	raiseMoodAlert(h)
	wantIn(t, "lead's alert", h.LastDM("Tess"), "Nobody else in the group receives this alert", "/group backup")
	wantIn(t, "alerts list", coretest.Text(h.Do("Tess", "/alerts list")), "No backup therapist")

	h.Do("Tess", "/group add @Cora co-therapist")
	h.Do("Tess", "/group backup @Cora")
	if text := coretest.Text(h.Do("Tess", "/group info")); strings.Contains(text, "No backup therapist") {
		t.Errorf("warned with a backup set: %s", text)
	}
	wantIn(t, "removing the backup", coretest.Text(h.Do("Tess", "/group remove @Cora")), "No backup therapist")
}

// TestAlertEscalatesUntilSomeoneAcknowledges: an unacknowledged alert goes
// to the lead and backup at once, to the backup again after backup_after,
// to the practice contact after a further practice_after; each step is
// recorded and shown in /alerts list; an acknowledgement stops it all.
func TestAlertEscalatesUntilSomeoneAcknowledges(t *testing.T) {
	h := safetyGroup(t, func(c *core.Config) {
		c.Escalation = core.Escalation{BackupAfter: 30 * time.Minute, PracticeAfter: 2 * time.Hour, PracticeContact: "u-petra"}
		c.AlertResendAfter = 4 * time.Hour
	})
	raiseMoodAlert(h)
	if len(h.DMs("Tess")) != 1 || len(h.DMs("Cora")) != 1 || len(h.DMs("Petra")) != 0 {
		t.Fatalf("first notice: Tess %d, Cora %d, Petra %d", len(h.DMs("Tess")), len(h.DMs("Cora")), len(h.DMs("Petra")))
	}
	wantIn(t, "lead's alert", h.LastDM("Tess"), "after 2 hours 30 minutes it goes to the practice contact")

	escalate(t, h, 29*time.Minute)
	if len(h.DMs("Cora")) != 1 {
		t.Fatalf("escalated before backup_after: %v", h.DMs("Cora"))
	}
	escalate(t, h, time.Minute)
	if len(h.DMs("Cora")) != 2 || len(h.DMs("Tess")) != 1 {
		t.Fatalf("after 30m: Cora %d, Tess %d", len(h.DMs("Cora")), len(h.DMs("Tess")))
	}
	wantIn(t, "backup's escalation", h.LastDM("Cora"), "as the backup therapist", "30 minutes")

	escalate(t, h, 119*time.Minute)
	if len(h.DMs("Petra")) != 0 {
		t.Fatalf("practice contact told too early")
	}
	escalate(t, h, time.Minute)
	petra := h.LastDM("Petra")
	wantIn(t, "practice contact's alert", petra, "Safety alert #1", "Tuesday group", "practice contact", "Tess (lead)", "Cora (co-therapist)", "/alerts ack 1")
	if !strings.HasPrefix(petra, core.AlertPreview+"\n") {
		t.Errorf("practice contact's alert starts %q", strings.SplitN(petra, "\n", 2)[0])
	}
	list := coretest.Text(h.Do("Tess", "/alerts list"))
	wantIn(t, "alerts list", list, "Tess Mon 2 Nov, 10:00 (told)", "Cora Mon 2 Nov, 10:30 (escalated to backup)", "the practice contact Mon 2 Nov, 12:30 (escalated to practice contact)")

	h.Do("Cora", `/alerts ack 1 "called Ana, safe"`)
	before := len(h.Adapter.Posts())
	escalate(t, h, 12*time.Hour)
	for _, p := range h.Adapter.Posts()[before:] {
		if strings.HasPrefix(p.Message.Key, "alert-") {
			t.Errorf("acknowledged alert sent to %s", p.To)
		}
	}
}

// TestQuietHoursSendAlertsToCoverThenToTheTherapist: during the lead's
// quiet hours (in the group's time zone) an alert goes to the backup, is
// recorded as held for the lead, and reaches the lead when the quiet
// hours end.
func TestQuietHoursSendAlertsToCoverThenToTheTherapist(t *testing.T) {
	h := safetyGroup(t) // Europe/Berlin; the clock is at 10:00 there
	text := coretest.Text(h.Do("Tess", "/group quiethours 09:30-12:00"))
	wantIn(t, "quiet hours", text, "09:30-12:00", "Europe/Berlin", "On cover: Cora")
	raiseMoodAlert(h)
	if n := len(h.DMs("Tess")); n != 0 {
		t.Fatalf("the lead was sent %d messages in quiet hours", n)
	}
	wantIn(t, "backup's alert", h.LastDM("Cora"), "Safety alert #1", "The lead therapist is in quiet hours now: you are on cover")
	wantIn(t, "alerts list", coretest.Text(h.Do("Cora", "/alerts list")), "Tess Mon 2 Nov, 10:00 (held: quiet hours)")
	escalate(t, h, time.Hour) // 11:00: still quiet
	if n := len(h.DMs("Tess")); n != 0 {
		t.Fatalf("the lead was sent %d messages in quiet hours", n)
	}
	escalate(t, h, time.Hour) // 12:00: quiet hours over
	wantIn(t, "lead's alert after quiet hours", h.LastDM("Tess"), "Safety alert #1", "Member: Ana")
	if text := coretest.Text(h.Do("Tess", "/group quiethours off")); !strings.Contains(text, "no quiet hours") {
		t.Errorf("quiet hours off: %s", text)
	}
	if text := coretest.Text(h.Do("Tess", "/group quiethours soon")); !strings.Contains(text, "22:00-07:00") {
		t.Errorf("bad quiet hours: %s", text)
	}
	if text := coretest.Text(h.Do("Ana", "/group quiethours 22:00-07:00")); !strings.HasPrefix(text, "Only ") {
		t.Errorf("a member set quiet hours: %s", text)
	}
}

// TestAlertIsNeverHeldBackFromEveryone: when everyone who receives alerts
// is in quiet hours, the practice contact gets it at once; without one the
// lead gets it anyway.
func TestAlertIsNeverHeldBackFromEveryone(t *testing.T) {
	for _, tc := range []struct {
		name     string
		practice string
		want     string
	}{
		{"to the practice contact", "u-petra", "Petra"},
		{"to the lead without a practice contact", "", "Tess"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := safetyGroup(t, func(c *core.Config) { c.Escalation.PracticeContact = tc.practice })
			h.Do("Tess", "/group quiethours 22:00-11:00")
			h.Do("Cora", "/group quiethours 08:00-18:00")
			raiseMoodAlert(h)
			dm := h.LastDM(tc.want)
			wantIn(t, tc.want+"'s alert", dm, "Safety alert #1", "everyone else who receives it is in quiet hours")
			if n := len(h.DMs("Cora")); n != 0 {
				t.Errorf("Cora got %d messages in quiet hours", n)
			}
			if tc.want != "Tess" && len(h.DMs("Tess")) != 0 {
				t.Errorf("Tess got a message in quiet hours")
			}
			wantIn(t, "alerts list", coretest.Text(h.Do("Tess", "/alerts list")), "(on cover)")
		})
	}
}

// TestEveryDirectMessageHasANeutralFirstLine: reminders, digests, skip
// reports and safety alerts all start with a line that names no one and
// quotes nothing (phones show it on a locked screen).
func TestEveryDirectMessageHasANeutralFirstLine(t *testing.T) {
	h := safetyGroup(t)
	h.Do("Tess", "/exercise start mood-checkin")
	h.Press("Ana", "Start")
	h.Press("Ana", "1")
	escalate(t, h, 21*time.Hour) // the reminder to Bo
	escalate(t, h, 4*time.Hour)  // the run closes: the digest
	dms := 0
	for _, p := range h.Adapter.Posts() {
		if !strings.HasPrefix(p.To, "dm:") {
			continue
		}
		dms++
		text, _ := bot.Render(&p.Message)
		first, _, _ := strings.Cut(text, "\n")
		if !slices.Contains(core.DMPreviews, first) {
			t.Errorf("direct message to %s starts %q", p.To, first)
		}
		for _, name := range []string{"Ana", "Bo", "Tess", "Cora", "Tuesday"} {
			if strings.Contains(first, name) {
				t.Errorf("preview line names %s: %q", name, first)
			}
		}
	}
	keys := map[string]bool{}
	for _, p := range h.Adapter.Posts() {
		if strings.HasPrefix(p.To, "dm:") {
			keys[strings.SplitN(p.Message.Key, "-", 2)[0]] = true
		}
	}
	for _, k := range []string{"alert", "nudge", "digest"} {
		if !keys[k] {
			t.Errorf("no %s direct message was exercised (got %v)", k, keys)
		}
	}
}

func TestQuietHoursContains(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		hours string
		at    string // Berlin wall time
		quiet bool
	}{
		{"22:00-07:00", "23:30", true},
		{"22:00-07:00", "06:59", true},
		{"22:00-07:00", "07:00", false},
		{"22:00-07:00", "21:59", false},
		{"13:00-14:30", "14:00", true},
		{"13:00-14:30", "14:30", false},
	} {
		t.Run(tc.hours+" at "+tc.at, func(t *testing.T) {
			from, to, err := core.ParseQuietHours(tc.hours)
			if err != nil {
				t.Fatal(err)
			}
			at, _ := time.ParseInLocation("2006-01-02 15:04", "2026-11-02 "+tc.at, berlin)
			q := bot.QuietHours{From: from, To: to}
			if got := q.Contains(at.UTC(), berlin); got != tc.quiet {
				t.Errorf("quiet = %v, want %v", got, tc.quiet)
			}
		})
	}
	for _, bad := range []string{"22:00", "25:00-07:00", "07:00-07:00", "late"} {
		if _, _, err := core.ParseQuietHours(bad); bot.ErrorCode(err) != bot.EInvalid {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

// TestBackupInQuietHoursGetsOneMessageAfterwards: a backup in quiet hours
// is recorded as held once, and when the quiet hours end after backup_after
// they get one message saying how long the alert has waited.
func TestBackupInQuietHoursGetsOneMessageAfterwards(t *testing.T) {
	h := safetyGroup(t) // the clock is at 10:00 in Berlin
	h.Do("Cora", "/group quiethours 09:00-11:00")
	raiseMoodAlert(h)
	if len(h.DMs("Tess")) != 1 || len(h.DMs("Cora")) != 0 {
		t.Fatalf("at once: Tess %d, Cora %d", len(h.DMs("Tess")), len(h.DMs("Cora")))
	}
	escalate(t, h, 30*time.Minute)
	escalate(t, h, 30*time.Minute) // 11:00
	escalate(t, h, 5*time.Minute)
	if dms := h.DMs("Cora"); len(dms) != 1 || !strings.Contains(dms[0], "not yet acknowledged after 1 hour: sent to you as the backup therapist") {
		t.Fatalf("Cora after her quiet hours: %q", dms)
	}
	if list := coretest.Text(h.Do("Tess", "/alerts list")); strings.Count(list, "held: quiet hours") != 1 {
		t.Errorf("held recorded more than once:\n%s", list)
	}
}
