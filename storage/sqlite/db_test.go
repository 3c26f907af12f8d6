package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mattn/go-sqlite3"

	"groupwork/bot"
	"groupwork/exercises"
)

// t0 is a fixed instant in a non-UTC zone with nanoseconds, so round trips
// show both the precision and the conversion to UTC.
var t0 = time.Date(2025, 3, 10, 9, 30, 0, 123456789, time.FixedZone("CET", 3600))

// MustOpen opens a store in a temporary file that is closed at cleanup.
func MustOpen(tb testing.TB) *DB {
	tb.Helper()
	db := mustOpenAt(tb, filepath.Join(tb.TempDir(), "groupwork.db"))
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("close: %v", err)
		}
	})
	return db
}

// mustOpenAt opens the store at path; the caller closes it.
func mustOpenAt(tb testing.TB, path string) *DB {
	tb.Helper()
	db, err := Open(context.Background(), path)
	if err != nil {
		tb.Fatalf("Open(%s): %v", path, err)
	}
	return db
}

// mustGroup creates a group bound to channel with lead "lead-1".
func mustGroup(tb testing.TB, db *DB, channel string) *bot.Group {
	tb.Helper()
	g := &bot.Group{Name: "Group " + channel, Platform: "discord", ChannelID: channel,
		TimeZone: "Europe/Berlin", CreatedBy: "lead-1", CreatedAt: t0}
	lead := &bot.Membership{UserID: "lead-1", DisplayName: "Dr Lee", Role: bot.RoleLead, JoinedAt: t0}
	if err := db.CreateGroup(context.Background(), g, lead); err != nil {
		tb.Fatalf("CreateGroup: %v", err)
	}
	return g
}

// mustRun opens a run in g with pending participation for users.
func mustRun(tb testing.TB, db *DB, g *bot.Group, opened time.Time, users ...string) *bot.Run {
	tb.Helper()
	r := &bot.Run{GroupID: g.ID, ExerciseID: "mood-check", Version: "1", Definition: []byte("id: mood-check\n"),
		OpenedAt: opened, ClosesAt: opened.Add(24 * time.Hour), StartedBy: "schedule:1"}
	var parts []*bot.Participation
	for _, u := range users {
		parts = append(parts, &bot.Participation{UserID: u, Status: bot.StatusPending, UpdatedAt: opened})
	}
	if err := db.CreateRun(context.Background(), r, parts); err != nil {
		tb.Fatalf("CreateRun: %v", err)
	}
	return r
}

func wantCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := bot.ErrorCode(err); got != code {
		tb.Fatalf("error code = %q, want %q (err: %v)", got, code, err)
	}
	if code != "" && code != bot.EInternal {
		if msg := bot.ErrorMessage(err); !strings.HasSuffix(msg, ".") {
			tb.Errorf("message %q is not a plain sentence", msg)
		}
	}
}

func TestOpen(t *testing.T) {
	t.Run("file is owner-only", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "gw.db")
		db := mustOpenAt(t, path)
		defer db.Close()
		// Make sure the WAL exists, then check every file SQLite made.
		mustGroup(t, db, "c1")
		for _, p := range []string{path, path + "-wal", path + "-shm"} {
			fi, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if mode := fi.Mode().Perm(); mode != 0o600 {
				t.Errorf("%s mode = %v, want 0600", filepath.Base(p), mode)
			}
		}
	})
	t.Run("path is absolute", func(t *testing.T) {
		dir := t.TempDir()
		t.Chdir(dir)
		db := mustOpenAt(t, "rel.db")
		defer db.Close()
		if want := filepath.Join(dir, "rel.db"); db.Path() != want {
			t.Errorf("Path() = %q, want %q", db.Path(), want)
		}
	})
	t.Run("odd characters in path", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "a dir?#%", "gw.db")
		if err := os.Mkdir(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		db := mustOpenAt(t, path)
		defer db.Close()
		mustGroup(t, db, "c1")
		if _, err := os.Stat(path); err != nil {
			t.Errorf("database not at %s: %v", path, err)
		}
	})
	t.Run("missing directory fails", func(t *testing.T) {
		_, err := Open(context.Background(), filepath.Join(t.TempDir(), "no", "such", "gw.db"))
		if err == nil {
			t.Fatal("Open succeeded")
		}
	})
}

// TestPragmas checks that the DSN settings hold on several connections of
// both pools at the same time, so none of them came from a one-off PRAGMA.
func TestPragmas(t *testing.T) {
	db := MustOpen(t)
	ctx := context.Background()
	want := []struct{ pragma, value string }{
		{"journal_mode", "wal"},
		{"synchronous", "2"}, // FULL
		{"busy_timeout", "5000"},
		{"foreign_keys", "1"},
		{"secure_delete", "1"},
	}
	conns := map[string]*sql.Conn{}
	for _, name := range []string{"read-1", "read-2", "read-3"} {
		c, err := db.read.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns[name] = c
	}
	c, err := db.write.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	conns["write"] = c

	for name, c := range conns {
		for _, w := range want {
			t.Run(name+"/"+w.pragma, func(t *testing.T) {
				var got string
				if err := c.QueryRowContext(ctx, "PRAGMA "+w.pragma).Scan(&got); err != nil {
					t.Fatal(err)
				}
				if got != w.value {
					t.Errorf("PRAGMA %s = %q, want %q", w.pragma, got, w.value)
				}
			})
		}
	}
}

// TestImmediateTx shows that a write transaction takes the write lock when it
// begins (not at its first write): another connection that does not wait
// cannot begin a write while it is open.
func TestImmediateTx(t *testing.T) {
	db := MustOpen(t)
	ctx := context.Background()
	tx, err := db.beginWrite(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()

	other, err := sql.Open("sqlite3", "file:"+db.Path()+"?_busy_timeout=0&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	otx, err := other.BeginTx(ctx, nil)
	if err == nil {
		otx.Rollback()
		t.Fatal("second BEGIN IMMEDIATE succeeded while a write transaction was open")
	}
	var se sqlite3.Error
	if !errors.As(err, &se) || se.Code != sqlite3.ErrBusy {
		t.Fatalf("second BEGIN: %v, want SQLITE_BUSY", err)
	}
}

func TestMigrations(t *testing.T) {
	ctx := context.Background()
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil || len(names) == 0 {
		t.Fatalf("no embedded migrations: %v", err)
	}
	applied := func(t *testing.T, db *DB) map[string]int64 {
		t.Helper()
		rows, err := db.read.QueryContext(ctx, `SELECT version, applied_at FROM schema_migrations`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		m := map[string]int64{}
		for rows.Next() {
			var v string
			var at int64
			if err := rows.Scan(&v, &at); err != nil {
				t.Fatal(err)
			}
			m[v] = at
		}
		return m
	}
	path := filepath.Join(t.TempDir(), "gw.db")

	db := mustOpenAt(t, path)
	first := applied(t, db)
	if len(first) != len(names) {
		t.Fatalf("applied %v, want one row per file %v", first, names)
	}
	mustGroup(t, db, "c1")
	db.Close()

	t.Run("reopen applies nothing", func(t *testing.T) {
		db := mustOpenAt(t, path)
		defer db.Close()
		if again := applied(t, db); !maps.Equal(first, again) {
			t.Errorf("after reopen %v, want %v", again, first)
		}
		if gs, err := db.Groups(ctx); err != nil || len(gs) != 1 {
			t.Errorf("Groups after reopen = %d, %v; want the 1 group kept", len(gs), err)
		}
	})
	t.Run("migrate twice", func(t *testing.T) {
		db := mustOpenAt(t, path)
		defer db.Close()
		if err := db.migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if again := applied(t, db); !maps.Equal(first, again) {
			t.Errorf("after second migrate %v, want %v", again, first)
		}
	})
	t.Run("concurrent first opens", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "new.db")
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Go(func() {
				db, err := Open(ctx, path)
				if err == nil {
					err = db.Close()
				}
				errs[i] = err
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("open %d: %v", i, err)
			}
		}
	})
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	g := mustGroup(t, db, "c1")
	r := mustRun(t, db, g, t0, "u1")
	if err := db.SaveAnswer(ctx, &bot.AnswerRecord{RunID: r.ID, UserID: "u1", StepID: "mood",
		Answer: exercises.Answer{Scale: 4}, AnsweredAt: t0}, bot.StatusAnswered); err != nil {
		t.Fatal(err)
	}

	t.Run("copy opens", func(t *testing.T) {
		dst := filepath.Join(t.TempDir(), "backup.db")
		if err := db.Backup(ctx, dst); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(dst)
		if err != nil {
			t.Fatal(err)
		}
		if mode := fi.Mode().Perm(); mode != 0o600 {
			t.Errorf("backup mode = %v, want 0600", mode)
		}
		cp := mustOpenAt(t, dst)
		defer cp.Close()
		got, err := cp.GroupByChannel(ctx, "discord", "c1")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != g.ID {
			t.Errorf("group id in copy = %d, want %d", got.ID, g.ID)
		}
		as, err := cp.Answers(ctx, r.ID, "")
		if err != nil || len(as) != 1 || as[0].Answer.Scale != 4 {
			t.Errorf("answers in copy = %v, %v", as, err)
		}
	})
	t.Run("existing destination", func(t *testing.T) {
		dst := filepath.Join(t.TempDir(), "taken.db")
		if err := os.WriteFile(dst, []byte("keep me"), 0o600); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.Backup(ctx, dst), bot.EConflict)
		if b, _ := os.ReadFile(dst); string(b) != "keep me" {
			t.Errorf("existing file changed to %q", b)
		}
	})
	t.Run("missing directory", func(t *testing.T) {
		err := db.Backup(ctx, filepath.Join(t.TempDir(), "no", "b.db"))
		wantCode(t, err, bot.EInternal)
	})
}

func TestTimes(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	g := mustGroup(t, db, "c1")
	got, err := db.Group(ctx, g.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.CreatedAt.Equal(t0) || got.CreatedAt.Location() != time.UTC {
		t.Errorf("CreatedAt = %v, want %v in UTC", got.CreatedAt, t0)
	}

	for _, tc := range []struct {
		name string
		at   time.Time
		code string
	}{
		{"zero", time.Time{}, ""},
		{"far past", time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC), bot.EInvalid},
		{"far future", time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC), bot.EInvalid},
		{"before 1970", time.Date(1969, 7, 20, 20, 17, 0, 1, time.UTC), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := &bot.Group{Name: tc.name, Platform: "slack", ChannelID: tc.name, CreatedAt: tc.at}
			err := db.CreateGroup(ctx, g, nil)
			wantCode(t, err, tc.code)
			if err != nil {
				return
			}
			got, err := db.Group(ctx, g.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !got.CreatedAt.Equal(tc.at) || got.CreatedAt.IsZero() != tc.at.IsZero() {
				t.Errorf("CreatedAt = %v, want %v", got.CreatedAt, tc.at)
			}
		})
	}
}

// TestConcurrentWriters runs many writers on one store, and on two stores
// sharing a file (as two processes would), and expects no error: writers of
// one store queue for its connection, and busy_timeout with BEGIN IMMEDIATE
// covers the other store.
func TestConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "gw.db")
	a := mustOpenAt(t, path)
	defer a.Close()
	b := mustOpenAt(t, path)
	defer b.Close()
	g := mustGroup(t, a, "c1")
	r := mustRun(t, a, g, t0)

	const writers, each = 8, 50
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		db := a
		if w%2 == 1 {
			db = b
		}
		wg.Go(func() {
			user := fmt.Sprintf("u%d", w)
			for i := range each {
				err := db.SaveAnswer(ctx, &bot.AnswerRecord{RunID: r.ID, UserID: user, StepID: fmt.Sprintf("s%02d", i),
					Answer: exercises.Answer{Scale: i}, AnsweredAt: t0.Add(time.Duration(i) * time.Second)},
					bot.StatusPartial)
				if err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	as, err := a.Answers(ctx, r.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != writers*each {
		t.Errorf("%d answers stored, want %d", len(as), writers*each)
	}
	ps, err := b.Participation(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != writers {
		t.Errorf("%d participation rows, want %d", len(ps), writers)
	}
}
