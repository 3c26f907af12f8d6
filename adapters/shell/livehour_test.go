package shell_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"groupwork/adapters/shell"
	"groupwork/bot"
	"groupwork/core"
	"groupwork/exercises"
	"groupwork/storage/sqlite/sqlitetest"
)

var update = flag.Bool("update", false, "rewrite golden files")

// liveHour is a shell terminal wired to a real core and SQLite file on a
// manual clock, with the scheduler ticked by hand.
type liveHour struct {
	t     *testing.T
	ctx   context.Context
	a     *shell.Adapter
	b     *core.Bot
	clock *bot.ManualClock
	out   *bytes.Buffer
}

func newLiveHour(t *testing.T) *liveHour {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	clock := bot.NewManualClock(time.Date(2026, 11, 5, 17, 30, 0, 0, loc)) // a Thursday
	out := &bytes.Buffer{}
	a := shell.New(out, "group", shell.WithClock(clock))
	b, err := core.New(core.Config{Store: sqlitetest.Open(t), Library: exercises.Builtin(), Clock: clock, Intake: core.IntakeLimit{Burst: -1}})
	if err != nil {
		t.Fatal(err)
	}
	b.AddAdapter(a)
	a.SetHandler(b)
	a.SetCommands(b.Router())
	return &liveHour{t: t, ctx: t.Context(), a: a, b: b, clock: clock, out: out}
}

// do types a command and fails the test when the core refused it.
func (l *liveHour) do(who, line string) string {
	l.t.Helper()
	r := l.a.Do(l.ctx, who, line)
	if r.Err != nil {
		l.t.Fatalf("%s: %s: %v", who, line, r.Err)
	}
	return r.Text()
}

func (l *liveHour) press(who, label string) string {
	l.t.Helper()
	r := l.a.Press(l.ctx, who, label)
	if r.Err != nil {
		l.t.Fatalf("%s presses %s: %v", who, label, r.Err)
	}
	return r.Text()
}

// wait advances the clock by d and runs one scheduler pass.
func (l *liveHour) wait(d time.Duration) {
	l.t.Helper()
	l.clock.Advance(d)
	if err := l.b.Scheduler().Tick(l.ctx); err != nil {
		l.t.Fatal(err)
	}
}

// TestLiveHourTranscript plays a whole live hour on the shell adapter — plan,
// start, roll call, a go-around with one pass and one timeout, a timed
// activity with a reveal, a live poll, notes, and the end with the goal's
// status and the members' rating — and compares everything said and shown
// with testdata/live-hour.golden.
func TestLiveHourTranscript(t *testing.T) {
	l := newLiveHour(t)
	members := []string{"Ana", "Ben", "Cleo", "Dev", "Eli"}
	l.do("Tess", `/group create "Thursday group" Europe/Berlin`)
	for _, m := range members {
		l.do("Tess", "/group add @"+m)
		l.do(m, "/privacy accept")
	}
	l.a.Say("Before the session: the plan.")
	l.do("Tess", `/session plan goal:"Notice one early sign of stress" topic:"Stress at work" goaround:"One thing that went well this week" activity:early-signs`)

	l.a.Say("18:00 — the session starts; members see the topic and the first activity, Tess sees the plan.")
	l.wait(30 * time.Minute)
	l.do("Tess", "/session start")
	l.do("Tess", "/exercise start roll-call")
	for _, m := range members[:4] {
		l.press(m, "I'm here")
	}
	l.press("Eli", "Running late")

	l.a.Say("The go-around: Ana shares, Ben passes, Cleo's time runs out, Dev shares, Eli shares.")
	l.do("Tess", "/goaround One thing that went well this week minutes:2")
	l.press("Ben", "I'm done") // not his turn yet: told privately, nothing moves
	l.wait(time.Minute)
	l.press("Ana", "I'm done")
	l.press("Ben", "Pass")
	l.wait(2 * time.Minute) // Cleo's two minutes pass
	l.press("Dev", "I'm done")
	l.press("Eli", "I'm done")

	l.a.Say("The timed activity: a quiet minute counted down, a question everyone answers, the reveal, a discussion.")
	l.do("Tess", "/activity start early-signs")
	l.wait(30 * time.Second) // nothing to redraw yet: the countdown moves once a minute
	l.wait(20 * time.Second) // ten seconds left
	l.wait(10 * time.Second) // the minute is up: the question
	for i, m := range members {
		l.press(m, []string{"In my body", "In my thoughts", "In my body", "In what I did", "In my body"}[i])
	}
	l.do("Tess", "/activity next")
	l.wait(time.Minute)
	l.wait(time.Minute)
	l.wait(50 * time.Second)
	l.wait(10 * time.Second)

	l.a.Say("A live poll, revealed on command: only four answered, so the small-group guard keeps it private.")
	l.do("Tess", "/poll start mood-checkin energy")
	for i, m := range members[:4] {
		l.press(m, []string{"3", "4", "2", "4"}[i])
	}
	l.do("Tess", "/poll reveal")

	l.a.Say("Notes during the hour: private, one line per member; a second one replaces the first.")
	l.do("Tess", "/session note @Ben Quiet today, listened closely.")
	l.do("Tess", "/session note @Ben Passed in the go-around, spoke up in the discussion.")
	l.do("Tess", "/session note @Cleo Needed more time to answer.")

	l.a.Say("19:30 — the end: the goal was partly met; members may rate the session.")
	l.clock.Set(time.Date(2026, 11, 5, 19, 30, 0, 0, l.clock.Now().Location()))
	l.do("Tess", `/session end goal:partly rating:yes note:"Good energy; the go-around ran long."`)
	l.press("Ana", "4")
	l.a.Say("Ana answers the second question, privately.")
	l.press("Ana", "5")
	l.do("Tess", "/review member @Ben")
	// The go-around and the activity each posted one message and edited it.
	counts := map[string]int{}
	for _, p := range l.a.Posts() {
		first, _, _ := strings.Cut(p.Text, "\n")
		counts[first]++
	}
	for _, head := range []string{"**Go-around:** One thing that went well this week", "**Early signs of stress** · live", "**Live poll** · Between-session check-in"} {
		if counts[head] != 1 {
			t.Errorf("%d posts start with %q, want 1 (edited, not reposted)", counts[head], head)
		}
	}
	golden(t, "live-hour.golden", l.out.String())
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./adapters/shell -run %s -update)", err, t.Name())
	}
	if string(want) != got {
		wl, gl := strings.Split(string(want), "\n"), strings.Split(got, "\n")
		for i := 0; i < len(wl) || i < len(gl); i++ {
			var w, g string
			if i < len(wl) {
				w = wl[i]
			}
			if i < len(gl) {
				g = gl[i]
			}
			if w != g {
				t.Fatalf("transcript differs from %s at line %d:\nwant: %s\n got: %s", path, i+1, w, g)
			}
		}
	}
}
