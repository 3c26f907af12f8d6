package core_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/core"
	"groupwork/core/coretest"
	"groupwork/exercises"
	"groupwork/storage/sqlite"
)

// The crash test runs the scheduler in a child process (this test binary
// again, with crashEnv set) against a real SQLite file, on a simulated clock
// that the child persists after each pass. The parent kills the child with
// SIGKILL over and over — at the Nth step the scheduler commits or sends
// (the child kills itself there), or after a random delay (anywhere,
// mid-transaction included) — and restarts it, until a child completes the
// two simulated weeks. The child's adapter appends one fsynced line per post to
// a log and implements bot.PostFinder by reading that log: this is the
// assumption the exactly-once guarantee rests on (the platform can tell
// whether a message with a key was posted; see bot.PostFinder).
const (
	crashEnv   = "GROUPWORK_CRASH_CHILD"
	crashDir   = "GROUPWORK_CRASH_DIR"
	crashKill  = "GROUPWORK_CRASH_KILL_AT"
	crashStep  = 30 * time.Minute
	crashZone  = "Europe/Berlin"
	crashStart = "2026-11-02T07:00:00+01:00"
	crashEnd   = "2026-11-16T07:00:00+01:00"
)

var crashRules = []struct {
	when           string
	window, remind time.Duration
}{
	{"daily 08:00", 2 * time.Hour, 0},
	{"weekdays 12:30", time.Hour, 30 * time.Minute},
	{"every wednesday 18:00", 3 * time.Hour, time.Hour},
}

func TestMain(m *testing.M) {
	if os.Getenv(crashEnv) != "" {
		if err := crashChild(os.Getenv(crashDir)); err != nil {
			fmt.Fprintln(os.Stderr, "crash child:", err)
			os.Exit(3)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// logAdapter posts by appending "<to> <key>" lines to an fsynced file.
type logAdapter struct {
	mu   sync.Mutex
	path string
}

var (
	_ bot.Adapter         = (*logAdapter)(nil)
	_ bot.DirectMessenger = (*logAdapter)(nil)
	_ bot.PostFinder      = (*logAdapter)(nil)
)

func (a *logAdapter) Platform() string                             { return coretest.Platform }
func (a *logAdapter) Run(ctx context.Context, _ bot.Handler) error { <-ctx.Done(); return nil }

func (a *logAdapter) Post(ctx context.Context, channelID string, m bot.Message) (bot.MessageRef, error) {
	return a.append(channelID, m.Key)
}

func (a *logAdapter) DirectMessage(ctx context.Context, userID string, m bot.Message) (bot.MessageRef, error) {
	return a.append("dm:"+userID, m.Key)
}

func (a *logAdapter) append(to, key string) (bot.MessageRef, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	f, err := os.OpenFile(a.path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return bot.MessageRef{}, err
	}
	defer f.Close()
	if _, err := f.WriteString(to + " " + key + "\n"); err != nil { // one write(2): all or nothing
		return bot.MessageRef{}, err
	}
	if err := f.Sync(); err != nil {
		return bot.MessageRef{}, err
	}
	return bot.MessageRef{ChannelID: to, MessageID: "m-" + key}, nil
}

func (a *logAdapter) FindPost(ctx context.Context, channelID string, m bot.Message) (bot.MessageRef, bool, error) {
	key := m.Key
	lines, err := readLog(a.path)
	if err != nil {
		return bot.MessageRef{}, false, err
	}
	for _, l := range lines {
		if l == channelID+" "+key {
			return bot.MessageRef{ChannelID: channelID, MessageID: "m-" + key}, true, nil
		}
	}
	return bot.MessageRef{}, false, nil
}

func readLog(path string) ([]string, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out, sc.Err()
}

func crashBot(db *sqlite.DB, clock *coretest.Clock, dir string, step func(string)) (*core.Bot, error) {
	b, err := core.New(core.Config{Store: db, Library: exercises.Builtin(), Clock: clock, SchedulerStep: step})
	if err != nil {
		return nil, err
	}
	b.AddAdapter(&logAdapter{path: filepath.Join(dir, "posted.log")})
	return b, nil
}

// crashChild resumes the simulated week from the persisted clock.
func crashChild(dir string) error {
	ctx := context.Background()
	killAt, _ := strconv.Atoi(os.Getenv(crashKill))
	db, err := sqlite.Open(ctx, filepath.Join(dir, "groupwork.db"))
	if err != nil {
		return err
	}
	now, _ := time.Parse(time.RFC3339, crashStart)
	if raw, err := os.ReadFile(filepath.Join(dir, "clock")); err == nil {
		if now, err = time.Parse(time.RFC3339Nano, strings.TrimSpace(string(raw))); err != nil {
			return err
		}
	}
	end, _ := time.Parse(time.RFC3339, crashEnd)
	clock := coretest.NewClock(now)
	steps := 0
	b, err := crashBot(db, clock, dir, func(step string) {
		steps++
		if steps == killAt {
			fmt.Fprintf(os.Stderr, "kill after %s\n", step)
			_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {} // never returns
		}
	})
	if err != nil {
		return err
	}
	for ; !clock.Now().After(end); clock.Advance(crashStep) {
		if err := b.Scheduler().Tick(ctx); err != nil {
			return err
		}
		if err := writeFileSync(filepath.Join(dir, "clock"), clock.Now().Add(crashStep).Format(time.RFC3339Nano)); err != nil {
			return err
		}
	}
	return db.Close()
}

func writeFileSync(path, data string) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func crashSetup(t *testing.T, dir string) int {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(dir, "groupwork.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start, _ := time.Parse(time.RFC3339, crashStart)
	end, _ := time.Parse(time.RFC3339, crashEnd)
	g := &bot.Group{Name: "G", Platform: coretest.Platform, ChannelID: "group-channel", TimeZone: crashZone, CreatedBy: "u-tess", CreatedAt: start}
	if err := db.CreateGroup(ctx, g, &bot.Membership{UserID: "u-tess", DisplayName: "Tess", Role: bot.RoleLead, JoinedAt: start}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"ana", "bo", "cy"} {
		if err := db.AddMember(ctx, &bot.Membership{GroupID: g.ID, UserID: "u-" + u, DisplayName: u, Role: bot.RoleMember, JoinedAt: start}); err != nil {
			t.Fatal(err)
		}
	}
	expected := 0
	for _, r := range crashRules {
		times, err := core.PreviewSchedule(r.when, crashZone, 1000, start, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, at := range times {
			if !at.After(end) {
				expected++
			}
		}
		if err := db.AddSchedule(ctx, &bot.Schedule{GroupID: g.ID, ExerciseID: "mood-checkin", When: r.when, Window: r.window, Remind: r.remind,
			CreatedAt: start, NextAt: times[0]}); err != nil {
			t.Fatal(err)
		}
	}
	return expected
}

func TestSchedulerCrashRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test: skipped with -short")
	}
	dir := t.TempDir()
	expected := crashSetup(t, dir)
	rng := rand.New(rand.NewPCG(1, 2))
	var stepKills, timedKills, runs int
	at := map[string]int{}
	began := time.Now()
	for finished := false; !finished; runs++ {
		if runs > 2000 || time.Since(began) > 90*time.Second {
			t.Fatalf("no completion after %d runs", runs)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), crashEnv+"=1", crashDir+"="+dir)
		timed := runs%4 == 3 // every fourth run is killed by the parent after a random delay
		if !timed {
			cmd.Env = append(cmd.Env, crashKill+"="+strconv.Itoa(1+rng.IntN(3)))
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if timed {
			go func(p *os.Process, d time.Duration) {
				time.Sleep(d) // the parent's kill timer; the child runs on its own simulated clock
				_ = p.Signal(syscall.SIGKILL)
			}(cmd.Process, time.Duration(5+rng.IntN(40))*time.Millisecond)
		}
		err := cmd.Wait()
		var ee *exec.ExitError
		switch {
		case err == nil:
			finished = true
		case errors.As(err, &ee) && ee.Sys().(syscall.WaitStatus).Signaled():
			if timed {
				timedKills++
			} else {
				stepKills++
				at[strings.TrimSpace(strings.TrimPrefix(stderr.String(), "kill after "))]++
			}
		default:
			t.Fatalf("child failed: %v\n%s", err, stderr.String())
		}
	}
	lines, err := readLog(filepath.Join(dir, "posted.log"))
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	prompts := 0
	for _, l := range lines {
		count[l]++
		if strings.Contains(l, " run-") {
			prompts++
		}
	}
	for l, n := range count {
		if n > 1 {
			t.Errorf("posted %d times: %s", n, l)
		}
	}
	if prompts != expected {
		t.Errorf("%d distinct prompts in the log, want %d", prompts, expected)
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(dir, "groupwork.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	left, err := db.UnfinishedFires(ctx)
	if err != nil || len(left) != 0 {
		t.Errorf("unfinished fires: %d %v", len(left), err)
	}
	t.Logf("crash test: %d child runs, %d kills at scheduler steps %v, %d kills after random delays, %d prompts exactly once (of %d due), %d log lines, %s",
		runs, stepKills, at, timedKills, prompts, expected, len(lines), time.Since(began).Round(time.Millisecond))
	if stepKills+timedKills < 50 {
		t.Errorf("only %d kills", stepKills+timedKills)
	}
}
