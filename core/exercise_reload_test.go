package core_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"groupwork/core"
	"groupwork/core/coretest"
	"groupwork/exercises"
)

// practiceFile writes the practice's exercise "my-checkin" with title.
func practiceFile(t *testing.T, dir, title string) {
	t.Helper()
	src := "id: my-checkin\ntitle: " + title + "\nkind: checkin\ngoal: Notice how the week went.\nwindow: 24h\nsteps:\n  - id: mood\n    ask: How was your week?\n    scale: {min: 1, max: 5, low: hard, high: good}\n"
	if err := os.WriteFile(filepath.Join(dir, "my-checkin.yaml"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestExerciseReload: /exercise reload picks up new and changed files; a
// file that fails to parse keeps the version loaded before and the
// therapist is told why with file:line; the scheduler notices changes by
// itself and tells the lead of a problem once; a run keeps the version it
// opened with.
func TestExerciseReload(t *testing.T) {
	dir := t.TempDir()
	h := coretest.NewBot(t, func(c *core.Config) {
		c.Exercises = func() ([]*exercises.Definition, error) { return exercises.LoadDir(dir) }
	})
	h.Do("Tess", `/group create "Tuesday group" Europe/Berlin`)
	mustDo(t, h, "Tess", "/exercise reload", "nothing changed")
	practiceFile(t, dir, "My check-in")
	mustDo(t, h, "Ana", "/exercise reload", "Only this group's therapists")
	mustDo(t, h, "Tess", "/exercise reload", "New or changed: `my-checkin`")
	mustDo(t, h, "Tess", "/exercise preview my-checkin", "My check-in")
	mustDo(t, h, "Tess", "/exercise start my-checkin", "Started")

	practiceFile(t, dir, "My check-in, second version")
	mustDo(t, h, "Tess", "/exercise reload", "New or changed: `my-checkin`")
	if err := os.WriteFile(filepath.Join(dir, "my-checkin.yaml"), []byte("id: my-checkin\ntitle: Broken\nkind: checkin\nwindow: forever\nsteps: []\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	got := mustDo(t, h, "Tess", "/exercise reload", "These files have problems, so I keep using the version loaded before")
	if !strings.Contains(got, filepath.Join(dir, "my-checkin.yaml")+":") {
		t.Errorf("no file:line in\n%s", got)
	}
	mustDo(t, h, "Tess", "/exercise preview my-checkin", "My check-in, second version")
	runs, err := h.Store.OpenRuns(context.Background(), 1)
	if err != nil || len(runs) != 1 || !strings.Contains(string(runs[0].Definition), "title: My check-in\n") {
		t.Errorf("the open run lost its version: %v %v", runs, err)
	}

	// The scheduler's check: a problem is told to the lead once.
	for i := range 3 {
		h.Clock.Advance(2 * time.Minute)
		if err := h.Bot.Scheduler().Tick(context.Background()); err != nil {
			t.Fatalf("tick %d: %v", i, err)
		}
	}
	if n := len(posts(h, "dm:u-tess", "exercise-problems-")); n != 1 {
		t.Errorf("lead told %d times about the same problem, want 1", n)
	}
	practiceFile(t, dir, "My check-in, third version")
	h.Clock.Advance(2 * time.Minute)
	if err := h.Bot.Scheduler().Tick(context.Background()); err != nil {
		t.Fatal(err)
	}
	mustDo(t, h, "Tess", "/exercise preview my-checkin", "My check-in, third version")

	plain := coretest.NewBot(t)
	plain.Do("Tess", "/group create G")
	mustDo(t, plain, "Tess", "/exercise reload", "no folder of its own exercises")
}
