package core_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3" // the bulk loader below writes SQL directly

	"groupwork/bot"
	"groupwork/core"
	"groupwork/core/coretest"
	"groupwork/exercises"
	"groupwork/storage/sqlite"
)

// The review benchmarks run on one database of 1,000 groups, each with 8
// members and a year of daily check-ins (365 runs, 2,920 participation rows
// and about 5,000 answers per group: 365,000 runs in all). Building it with
// direct SQL (recursive CTEs, a few seconds) happens once per benchmark
// version; the file is kept in os.TempDir and reused.
const (
	benchGroups  = 1000
	benchMembers = 8
	benchDays    = 365
	benchDBName  = "groupwork-bench-review-v3.db"
)

// answerTail completes a scale answer as encoding/json writes it.
var answerTail = strings.TrimPrefix(string(must(json.Marshal(exercises.Answer{Scale: 1}))), `{"Scale":1,`)

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

var benchStart = time.Date(2025, 11, 1, 8, 0, 0, 0, time.UTC)

func benchDB(b *testing.B) string {
	b.Helper()
	// Keyed by the schema too: branches with other migrations share os.TempDir.
	path := filepath.Join(os.TempDir(), strings.TrimSuffix(sqlite.SchemaVersion(), ".sql")+"-"+benchDBName)
	if _, err := os.Stat(path + ".ok"); err == nil {
		return path
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
	began := time.Now()
	store, err := sqlite.Open(context.Background(), path) // migrations
	if err != nil {
		b.Fatal(err)
	}
	store.Close()
	def, ok := exercises.Builtin().Get("mood-checkin")
	if !ok {
		b.Fatal("no mood-checkin")
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?_synchronous=OFF&_foreign_keys=off&_cache_size=-400000")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // the pragmas below hold for this one connection
	if _, err := db.Exec(`PRAGMA journal_mode=OFF`); err != nil {
		b.Fatal(err)
	}
	day := int64(24 * time.Hour)
	start := benchStart.UnixNano()
	// Statuses by a fixed hash of (run, member): mostly answered, some missed,
	// late, partial and excused, so every branch of the review is exercised.
	status := `CASE (r.id * 7 + m.i * 13) % 20 WHEN 0 THEN 'missed' WHEN 1 THEN 'missed' WHEN 2 THEN 'late' WHEN 3 THEN 'partial' WHEN 4 THEN 'excused' ELSE 'answered' END`
	stmts := []struct {
		q    string
		args []any
	}{
		{`CREATE TEMP TABLE seq (i INTEGER PRIMARY KEY)`, nil},
		{`WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < 1000) INSERT INTO seq SELECT i FROM s`, nil},
		{`INSERT INTO groups (id, name, platform, channel_id, time_zone, created_by, created_at)
			SELECT i, 'Group ' || i, 'bench', 'ch-' || i, 'Europe/Berlin', 'lead-' || i, ? FROM seq WHERE i BETWEEN 1 AND ?`, []any{start, benchGroups}},
		{`INSERT INTO memberships (group_id, user_id, display_name, role, joined_at)
			SELECT g.id, 'lead-' || g.id, 'Therapist', 'lead', ? FROM groups g`, []any{start}},
		{`INSERT INTO memberships (group_id, user_id, display_name, role, joined_at)
			SELECT g.id, 'm' || m.i || '-' || g.id, 'Member ' || m.i, 'member', ? FROM groups g JOIN seq m ON m.i BETWEEN 1 AND ?`, []any{start, benchMembers}},
		{`INSERT INTO runs (group_id, exercise_id, version, definition, opened_at, closes_at, closed_at, started_by)
			SELECT g.id, ?, ?, ?, ? + d.i * ?, ? + d.i * ? + ?, ? + d.i * ? + ?, 'schedule:1'
			FROM seq d JOIN groups g WHERE d.i < ? ORDER BY d.i, g.id`,
			[]any{def.ID, def.Version, def.Source, start, day, start, day, int64(def.Window), start, day, int64(def.Window), benchDays}},
		{`INSERT INTO participation (run_id, user_id, status, updated_at)
			SELECT r.id, 'm' || m.i || '-' || r.group_id, ` + status + `, r.opened_at + 3600000000000
			FROM runs r JOIN seq m ON m.i BETWEEN 1 AND ?`, []any{benchMembers}},
		{`INSERT INTO answers (run_id, user_id, step_id, value, answered_at, late)
			SELECT p.run_id, p.user_id, 'mood', '{"Scale":' || (1 + (p.run_id + length(p.user_id) * 3 + unicode(substr(p.user_id, 2, 1))) % 10) || ',' || ?, p.updated_at, p.status = 'late'
			FROM participation p WHERE p.status IN ('answered', 'late', 'partial')`, []any{answerTail}},
		{`INSERT INTO answers (run_id, user_id, step_id, value, answered_at, late)
			SELECT p.run_id, p.user_id, 'energy', '{"Scale":' || (1 + (p.run_id + unicode(substr(p.user_id, 2, 1))) % 5) || ',' || ?, p.updated_at, p.status = 'late'
			FROM participation p WHERE p.status IN ('answered', 'late')`, []any{answerTail}},
	}
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range stmts {
		if _, err := tx.Exec(s.q, s.args...); err != nil {
			b.Fatalf("%.60s: %v", s.q, err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{`ANALYZE`, `PRAGMA journal_mode=WAL`} {
		if _, err := db.Exec(q); err != nil {
			b.Fatal(err)
		}
	}
	if err := os.WriteFile(path+".ok", nil, 0o600); err != nil {
		b.Fatal(err)
	}
	b.Logf("built %s in %s", path, time.Since(began).Round(time.Millisecond))
	return path
}

// benchBot opens the shared database with a core whose clock stands just
// after the year of check-ins, and returns the group in the middle.
func benchBot(b *testing.B) (*core.Bot, *bot.Group) {
	b.Helper()
	path := benchDB(b)
	store, err := sqlite.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	clock := coretest.NewClock(benchStart.AddDate(1, 0, 1))
	bt, err := core.New(core.Config{Store: store, Library: exercises.Builtin(), Clock: clock})
	if err != nil {
		b.Fatal(err)
	}
	g, err := store.Group(context.Background(), benchGroups/2)
	if err != nil {
		b.Fatal(err)
	}
	return bt, g
}

// BenchmarkReviewGroupYearOf1000 is /review group's work for one group in a
// database of 1,000: the bulk reads, the numbers, the trends and the chat
// text (charts are measured apart).
func BenchmarkReviewGroupYearOf1000(b *testing.B) {
	bt, g := benchBot(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rp, err := bt.BuildReport(ctx, g, core.Period{})
		if err != nil {
			b.Fatal(err)
		}
		if len(rp.Runs) != benchDays || len(rp.Members) != benchMembers {
			b.Fatalf("%d runs, %d members", len(rp.Runs), len(rp.Members))
		}
		if text := rp.ChatText(); !strings.Contains(text, "Member 8") || len(text) > core.MaxChatText {
			b.Fatalf("text:\n%s", text)
		}
	}
}

// BenchmarkReviewGroupCommandYearOf1000 is the whole /review group command
// as a therapist runs it: routing, access checks, audit write, the report,
// the full-report file and three charts.
func BenchmarkReviewGroupCommandYearOf1000(b *testing.B) {
	bt, g := benchBot(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ev := &bot.Command{EventMeta: bot.EventMeta{User: bot.User{ID: "lead-" + fmt.Sprint(g.ID)}, Place: bot.Place{Platform: g.Platform, ChannelID: g.ChannelID}},
			Name: "review", Sub: "group"}
		rep := bt.Handle(ctx, ev)
		if rep.Message == nil || len(rep.Message.Blocks) != 4 {
			b.Fatalf("reply: %+v", rep)
		}
	}
}

// BenchmarkReviewExportCSVYearOf1000 is /review export csv for the same group.
func BenchmarkReviewExportCSVYearOf1000(b *testing.B) {
	bt, g := benchBot(b)
	ctx := context.Background()
	b.ResetTimer()
	var size int
	for i := 0; i < b.N; i++ {
		rp, err := bt.BuildReport(ctx, g, core.Period{})
		if err != nil {
			b.Fatal(err)
		}
		data, err := rp.Export().CSV()
		if err != nil {
			b.Fatal(err)
		}
		size = len(data)
	}
	b.ReportMetric(float64(size), "bytes/export")
}

// BenchmarkReviewMemberYearOf1000 is /review member's note for one member.
func BenchmarkReviewMemberYearOf1000(b *testing.B) {
	bt, g := benchBot(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rp, err := bt.BuildReport(ctx, g, core.Period{})
		if err != nil {
			b.Fatal(err)
		}
		n, err := rp.MemberNote(fmt.Sprintf("m3-%d", g.ID))
		if err != nil {
			b.Fatal(err)
		}
		_ = n.ChatText()
	}
}

// BenchmarkChartsYear renders the participation grid (8 × 365) and the
// year's mood chart (8 lines of ~300 points).
func BenchmarkChartsYear(b *testing.B) {
	bt, g := benchBot(b)
	rp, err := bt.BuildReport(context.Background(), g, core.Period{})
	if err != nil {
		b.Fatal(err)
	}
	qs := rp.Scales[:benchMembers]
	b.Run("grid", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := core.ParticipationGrid(rp.GroupReview); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("scale", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := core.ScaleChart(qs[0].Question, qs, rp.Name, time.UTC); err != nil {
				b.Fatal(err)
			}
		}
	})
}
