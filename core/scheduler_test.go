package core_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/core"
	"groupwork/core/coretest"
)

// schedGroup creates a Berlin group led by Tess with members Ana and Bo.
// The harness clock starts on Monday 2 November 2026, 10:00 Berlin time.
func schedGroup(t *testing.T) *coretest.Harness {
	t.Helper()
	h := coretest.NewBot(t)
	h.Do("Tess", `/group create "Tuesday group" Europe/Berlin`)
	h.Do("Tess", "/group add @Ana")
	h.Do("Tess", "/group add @Bo")
	h.Do("Ana", "/privacy accept")
	h.Do("Bo", "/privacy accept")
	return h
}

func mustDo(t *testing.T, h *coretest.Harness, user, line, want string) string {
	t.Helper()
	text := coretest.Text(h.Do(user, line))
	if !strings.Contains(text, want) {
		t.Fatalf("%s: %q\ngot:\n%s", user, line, text)
	}
	return text
}

// tick moves the clock to the Berlin wall time and runs one pass.
func tick(t *testing.T, h *coretest.Harness, wall string) {
	t.Helper()
	loc := mustZone(t, "Europe/Berlin")
	at, err := time.ParseInLocation("2006-01-02 15:04", wall, loc)
	if err != nil {
		t.Fatal(err)
	}
	h.Clock.Set(at)
	if err := h.Bot.Scheduler().Tick(context.Background()); err != nil {
		t.Fatalf("tick at %s: %v", wall, err)
	}
}

// posts returns the texts sent to a destination ("group-channel" or
// "dm:u-tess") whose key starts with prefix.
func posts(h *coretest.Harness, to, prefix string) []string {
	var out []string
	for _, p := range h.Adapter.Posts() {
		if p.To == to && strings.HasPrefix(p.Message.Key, prefix) {
			text, _ := bot.Render(&p.Message)
			out = append(out, text)
		}
	}
	return out
}

func TestScheduleAddListNext(t *testing.T) {
	h := schedGroup(t)
	mustDo(t, h, "Tess", `/schedule add mood-checkin "every wednesday 18:00" 24h 4h`,
		"Schedule 1: **Between-session check-in** will be posted every Wednesday at 18:00 (Europe/Berlin time), open for 24 hours, with a private reminder 4 hours before it closes to those who have not answered.\nFirst post: Wed 4 Nov, 18:00.")
	mustDo(t, h, "Tess", `/schedule add mood-checkin "every funday 18:00"`, `I don't know the day "funday"`)
	mustDo(t, h, "Tess", `/schedule add mood-checkin "24h before session"`, "no session time is set yet")
	mustDo(t, h, "Ana", `/schedule add mood-checkin "daily 08:00"`, "Only this group's therapists")
	mustDo(t, h, "Tess", `/group holiday add "2026-11-18"`, "No scheduled exercises on 2026-11-18")
	got := coretest.Text(h.Do("Ana", "/schedule next timezone:America/New_York"))
	want := "**Next posts in Tuesday group** (Europe/Berlin), and in America/New_York\n" +
		"1. Wed 4 Nov 2026, 18:00 CET — Wed 4 Nov, 12:00 EST · `mood-checkin` (schedule 1)\n" +
		"2. Wed 11 Nov 2026, 18:00 CET — Wed 11 Nov, 12:00 EST · `mood-checkin` (schedule 1)\n" +
		"3. Wed 18 Nov 2026, 18:00 CET — Wed 18 Nov, 12:00 EST · `mood-checkin` (schedule 1) (holiday: will be skipped)\n" +
		"4. Wed 25 Nov 2026, 18:00 CET — Wed 25 Nov, 12:00 EST · `mood-checkin` (schedule 1)\n" +
		"5. Wed 2 Dec 2026, 18:00 CET — Wed 2 Dec, 12:00 EST · `mood-checkin` (schedule 1)"
	if got != want {
		t.Errorf("schedule next:\n%s\nwant:\n%s", got, want)
	}
	list := mustDo(t, h, "Ana", "/schedule list", "1. Between-session check-in (`mood-checkin`) — every Wednesday at 18:00 · next Wed 4 Nov, 18:00")
	if !strings.Contains(list, "Holidays: 2026-11-18.") {
		t.Errorf("list: %s", list)
	}
	mustDo(t, h, "Tess", "/schedule remove 7", "That schedule does not exist")
	mustDo(t, h, "Tess", "/schedule remove 1", "Schedule 1 (`mood-checkin`, every wednesday 18:00) is stopped.")
	mustDo(t, h, "Ana", "/schedule next", "Nothing is scheduled.")
}

func TestScheduledRunPostsOnceRemindsAndDigests(t *testing.T) {
	h := schedGroup(t)
	mustDo(t, h, "Tess", `/schedule add mood-checkin "every wednesday 18:00" 24h 4h`, "Schedule 1")
	for _, at := range []string{"2026-11-04 17:59", "2026-11-04 18:00", "2026-11-04 18:00", "2026-11-04 18:30"} {
		tick(t, h, at)
	}
	if n := len(posts(h, "group-channel", "run-")); n != 1 {
		t.Fatalf("%d prompts, want 1\n%s", n, h.Transcript())
	}
	// Ana answers; Bo does not and gets one nudge at 14:00 the next day.
	h.SeeChannel("Ana")
	h.Press("Ana", "Start")
	h.Press("Ana", "7")
	h.Press("Ana", "4")
	h.Press("Ana", "Skip this question")
	h.Press("Ana", "Skip this question")
	for _, at := range []string{"2026-11-05 13:59", "2026-11-05 14:00", "2026-11-05 15:00"} {
		tick(t, h, at)
	}
	if n := len(posts(h, "dm:u-bo", "nudge-")); n != 1 {
		t.Errorf("Bo got %d nudges, want 1\n%s", n, h.Transcript())
	}
	if n := len(posts(h, "dm:u-ana", "nudge-")); n != 0 {
		t.Errorf("Ana answered but got %d nudges", n)
	}
	tick(t, h, "2026-11-05 18:00")
	tick(t, h, "2026-11-05 18:05")
	closeMsgs := posts(h, "group-channel", "close-")
	if len(closeMsgs) != 1 || strings.Contains(closeMsgs[0], "Bo") {
		t.Errorf("channel close messages: %q", closeMsgs)
	}
	digest := posts(h, "dm:u-tess", "digest-")
	if len(digest) != 1 || !strings.Contains(digest[0], "Answered (1): Ana") || !strings.Contains(digest[0], "Not answered (1): Bo") {
		t.Errorf("digest: %q", digest)
	}
}

func TestWeekLongOutage(t *testing.T) {
	t.Run("within grace the last one is posted late", func(t *testing.T) {
		h := schedGroup(t)
		mustDo(t, h, "Tess", `/schedule add mood-checkin "daily 08:00"`, "First post: Tue 3 Nov, 08:00")
		tick(t, h, "2026-11-09 08:40") // down from Monday 10:00 until the next Monday
		if n := len(posts(h, "group-channel", "run-")); n != 1 {
			t.Fatalf("%d prompts, want 1 (today's, late)\n%s", n, h.Transcript())
		}
		tick(t, h, "2026-11-09 08:45")
		if n := len(posts(h, "group-channel", "run-")); n != 1 {
			t.Fatalf("posted again after a second pass")
		}
		dms := posts(h, "dm:u-tess", "skipped-")
		if len(dms) != 1 || !strings.Contains(dms[0], "6 planned exercises for **Tuesday group** came more than 1 hour late") ||
			!strings.Contains(dms[0], "- `mood-checkin`, Tue 3 Nov, 08:00 (schedule 1)") {
			t.Errorf("therapist was told:\n%q", dms)
		}
	})
	t.Run("beyond grace all are skipped and told once", func(t *testing.T) {
		h := schedGroup(t)
		mustDo(t, h, "Tess", `/schedule add mood-checkin "daily 08:00"`, "Schedule 1")
		tick(t, h, "2026-11-09 10:00")
		tick(t, h, "2026-11-09 10:05")
		if n := len(posts(h, "group-channel", "run-")); n != 0 {
			t.Fatalf("%d prompts, want none", n)
		}
		dms := posts(h, "dm:u-tess", "skipped-")
		if len(dms) != 1 || !strings.Contains(dms[0], "7 planned exercises") {
			t.Errorf("therapist was told: %q", dms)
		}
		tick(t, h, "2026-11-10 08:00")
		if n := len(posts(h, "group-channel", "run-")); n != 1 {
			t.Errorf("the next day's post: %d", n)
		}
	})
}

func TestOutageWithoutDirectMessagesIsListed(t *testing.T) {
	h := schedGroup(t)
	h.Bot.AddAdapter(noDM{h.Adapter})
	mustDo(t, h, "Tess", `/schedule add mood-checkin "daily 08:00"`, "Schedule 1")
	tick(t, h, "2026-11-04 12:00")
	mustDo(t, h, "Tess", "/schedule list", "While I was offline, 2 planned exercises")
	if text := coretest.Text(h.Do("Tess", "/schedule list")); strings.Contains(text, "While I was offline") {
		t.Errorf("reported twice: %s", text)
	}
}

// noDM hides the fake adapter's DirectMessage.
type noDM struct{ *coretest.Adapter }

func (a noDM) DirectMessage() {}

func TestHolidayPauseLeaveAndLateJoin(t *testing.T) {
	h := schedGroup(t)
	mustDo(t, h, "Tess", `/schedule add mood-checkin "daily 18:00" 2h`, "Schedule 1")
	mustDo(t, h, "Tess", `/group holiday add "3 Nov"`, "2026-11-03")
	mustDo(t, h, "Tess", "/group leave @Bo 2026-11-05 2026-11-05", "Bo is on leave from Thu 5 Nov 2026 to Thu 5 Nov 2026")
	tick(t, h, "2026-11-02 18:00") // Monday: posted
	tick(t, h, "2026-11-02 20:00")
	tick(t, h, "2026-11-03 18:00") // holiday: skipped
	mustDo(t, h, "Tess", "/group pause until:2026-11-05", "paused until Thu 5 Nov 2026")
	tick(t, h, "2026-11-04 18:00") // paused: skipped
	h.Do("Tess", "/group add @Cy") // joins on Wednesday
	tick(t, h, "2026-11-05 18:00") // pause over; Bo on leave
	tick(t, h, "2026-11-05 20:00")
	if n := len(posts(h, "group-channel", "run-")); n != 2 {
		t.Fatalf("%d prompts, want 2 (Monday, Thursday)\n%s", n, h.Transcript())
	}
	ctx := context.Background()
	g, err := h.Store.GroupByChannel(ctx, coretest.Platform, h.Channel)
	if err != nil {
		t.Fatal(err)
	}
	for reason, want := range map[string]int{bot.SkipHoliday: 1, bot.SkipPaused: 1} {
		fs, err := h.Store.SkippedFires(ctx, g.ID, reason, false)
		if err != nil || len(fs) != want {
			t.Errorf("%s: %d skipped fires (%v), want %d", reason, len(fs), err, want)
		}
	}
	runs, err := h.Store.Runs(ctx, g.ID, time.Time{}, time.Time{})
	if err != nil || len(runs) != 2 {
		t.Fatalf("runs: %v %d", err, len(runs))
	}
	status := func(run *bot.Run) map[string]bot.Status {
		ps, err := h.Store.Participation(ctx, run.ID)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]bot.Status{}
		for _, p := range ps {
			m[p.UserID] = p.Status
		}
		return m
	}
	if got := status(runs[0]); got["u-cy"] != "" || got["u-bo"] != bot.StatusMissed {
		t.Errorf("Monday: %v (Cy not due: joined later)", got)
	}
	if got := status(runs[1]); got["u-bo"] != bot.StatusExcused || got["u-cy"] != bot.StatusNoConsent || got["u-ana"] != bot.StatusMissed { // Cy never accepted the consent notice: not asked, not missed
		t.Errorf("Thursday: %v", got)
	}
}

func TestSessionRelativeScheduleFollowsSessionChange(t *testing.T) {
	h := schedGroup(t)
	mustDo(t, h, "Tess", "/group session wednesday 18:00", "every Wednesday 18:00 (1 hour 30 minutes)")
	mustDo(t, h, "Tess", `/schedule add mood-checkin "24h before session"`, "First post: Tue 3 Nov, 18:00")
	mustDo(t, h, "Tess", `/schedule add mood-checkin "2h after session"`, "First post: Wed 4 Nov, 21:30")
	text := mustDo(t, h, "Tess", "/group session thursday 10:00 1h", "Schedules that count from the session follow it")
	for _, want := range []string{"- schedule 1 (`mood-checkin`): next Wed 4 Nov, 10:00", "- schedule 2 (`mood-checkin`): next Thu 5 Nov, 13:00"} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in:\n%s", want, text)
		}
	}
	tick(t, h, "2026-11-03 18:00") // the old time: nothing
	tick(t, h, "2026-11-04 10:00")
	if n := len(posts(h, "group-channel", "run-")); n != 1 {
		t.Errorf("%d prompts, want 1", n)
	}
}

func TestEndDateStopsSchedulesAndTellsOnce(t *testing.T) {
	h := schedGroup(t)
	mustDo(t, h, "Tess", "/group dates 2026-11-02 2026-11-04", "runs from 2026-11-02 to 2026-11-04")
	mustDo(t, h, "Tess", `/schedule add mood-checkin "daily 18:00" 2h`, "Schedule 1")
	for d := 2; d <= 7; d++ {
		tick(t, h, "2026-11-0"+string(rune('0'+d))+" 18:00")
		tick(t, h, "2026-11-0"+string(rune('0'+d))+" 20:00")
	}
	if n := len(posts(h, "group-channel", "run-")); n != 3 {
		t.Errorf("%d prompts, want 3", n)
	}
	ended := posts(h, "dm:u-tess", "ended-")
	if len(ended) != 1 || !strings.Contains(ended[0], "reached its end date (Wed 4 Nov 2026)") {
		t.Errorf("end notices: %q", ended)
	}
	mustDo(t, h, "Ana", "/schedule list", "no further posts")
}

func TestSchedulerDSTFiresOnce(t *testing.T) {
	for _, tc := range []struct{ tz, when, from, to, want string }{
		{"America/New_York", "30 1 * * *", "2026-10-31T12:00:00Z", "2026-11-02T12:00:00Z", "2026-11-01T05:30:00Z 2026-11-02T06:30:00Z"},
		{"America/New_York", "daily 02:30", "2026-03-07T12:00:00Z", "2026-03-09T12:00:00Z", "2026-03-08T07:00:00Z 2026-03-09T06:30:00Z"},
		{"Europe/Berlin", "daily 02:30", "2026-10-24T12:00:00Z", "2026-10-26T12:00:00Z", "2026-10-25T00:30:00Z 2026-10-26T01:30:00Z"},
		{"Australia/Sydney", "daily 02:30", "2026-10-03T00:00:00Z", "2026-10-05T00:00:00Z", "2026-10-03T16:00:00Z 2026-10-04T15:30:00Z"},
	} {
		t.Run(tc.tz+" "+tc.when, func(t *testing.T) {
			h := coretest.NewBot(t)
			from, _ := time.Parse(time.RFC3339, tc.from)
			to, _ := time.Parse(time.RFC3339, tc.to)
			h.Clock.Set(from)
			h.Do("Tess", `/group create G `+tc.tz)
			mustDo(t, h, "Tess", `/schedule add mood-checkin "`+tc.when+`" 30m`, "Schedule 1")
			for now := from; !now.After(to); now = now.Add(10 * time.Minute) {
				h.Clock.Set(now)
				if err := h.Bot.Scheduler().Tick(context.Background()); err != nil {
					t.Fatal(err)
				}
			}
			var got []string
			runs, _ := h.Store.OpenRuns(context.Background(), 0)
			_ = runs
			g, _ := h.Store.GroupByChannel(context.Background(), coretest.Platform, h.Channel)
			rs, _ := h.Store.Runs(context.Background(), g.ID, time.Time{}, time.Time{})
			for _, r := range rs {
				got = append(got, r.OpenedAt.UTC().Format(time.RFC3339))
			}
			if strings.Join(got, " ") != tc.want {
				t.Errorf("opened at %v, want %s", got, tc.want)
			}
		})
	}
}

func TestSchedulerRunLoopOnFakeClock(t *testing.T) {
	// The step hook runs inside the scheduler, so it can read the fake
	// clock at the moment of the post itself.
	var h *coretest.Harness
	postedAt := make(chan time.Time, 1)
	h = coretest.NewBot(t, func(c *core.Config) {
		c.SchedulerStep = func(s string) {
			if s == "posted" {
				select {
				case postedAt <- h.Clock.Now():
				default:
				}
			}
		}
	})
	h.Do("Tess", `/group create G Europe/Berlin`)
	mustDo(t, h, "Tess", `/schedule add mood-checkin "daily 18:00"`, "Schedule 1")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- h.Bot.Scheduler().Run(ctx) }()
	deadline := time.After(10 * time.Second)
	// Let fake time pass: whenever the loop waits, jump to the moment it
	// waits for, until it posts. It must post exactly at 18:00.
	var at time.Time
	for posted := false; !posted; {
		h.Clock.AdvanceToNextWaiter()
		select {
		case at = <-postedAt:
			posted = true
		case <-deadline:
			t.Fatalf("no post; clock at %s", h.Clock.Now())
		default:
		}
	}
	if got := at.In(mustZone(t, "Europe/Berlin")).Format("15:04"); got != "18:00" {
		t.Errorf("loop posted at %s, want 18:00", got)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// postOnly is the harness's adapter with none of the optional capabilities.
type postOnly struct{ bot.Adapter }

// TestNoDirectMessagesNoReminders: on a platform whose adapter cannot send
// direct messages, the scheduler still posts and closes the exercise, and
// reminds nobody in public instead of failing.
func TestNoDirectMessagesNoReminders(t *testing.T) {
	h := schedGroup(t)
	h.Bot.AddAdapter(postOnly{h.Adapter})
	mustDo(t, h, "Tess", `/schedule add mood-checkin "every wednesday 18:00" 24h 4h`, "Schedule 1")
	for _, at := range []string{"2026-11-04 18:00", "2026-11-05 14:00", "2026-11-05 18:05"} {
		tick(t, h, at)
	}
	if n := len(posts(h, "group-channel", "run-")); n != 1 {
		t.Errorf("%d prompts, want 1\n%s", n, h.Transcript())
	}
	if n := len(posts(h, "group-channel", "close-")); n != 1 {
		t.Errorf("%d results posts, want 1\n%s", n, h.Transcript())
	}
	for _, p := range h.Adapter.Posts() {
		if strings.HasPrefix(p.To, "dm:") || p.Message.Key != "" && strings.HasPrefix(p.Message.Key, "nudge-") {
			t.Errorf("sent %q to %s without direct messages", p.Message.Key, p.To)
		}
	}
}
