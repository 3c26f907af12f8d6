package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
)

// TestAnswerVersionsExactAndSealed: text versions round-trip byte for byte,
// and with a key no version's text reaches the file in the clear.
func TestAnswerVersionsExactAndSealed(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	k, err := NewKeyring(testKey(1))
	if err != nil {
		t.Fatal(err)
	}
	db.UseKeys(k)
	g := mustGroup(t, db, "c1")
	r := mustRun(t, db, g, t0, "ann")
	first := "VERSION-ONE\t@everyone 👩\u200d👩\u200d👧 <@123> \u202eevil"
	for i, text := range []string{first, "VERSION-TWO"} {
		rec := &bot.AnswerRecord{RunID: r.ID, UserID: "ann", StepID: "note", Answer: exercises.Answer{Text: text}, AnsweredAt: t0.Add(time.Duration(i) * time.Minute)}
		if err := db.SaveAnswer(ctx, rec, bot.StatusAnswered); err != nil {
			t.Fatal(err)
		}
	}
	db.Checkpoint(ctx)
	if fileHas(t, db, "VERSION-ONE") || fileHas(t, db, "VERSION-TWO") {
		t.Error("a version's text is on disk in the clear")
	}
	hist, err := db.AnswerHistory(ctx, g.ID, "ann", time.Time{}, time.Time{})
	if err != nil || len(hist) != 2 || hist[0].Answer.Text != first || hist[1].Answer.Text != "VERSION-TWO" {
		t.Fatalf("history %+v, %v", hist, err)
	}
}

// TestEraseTakesHistory: /forgetme and a retention purge delete every
// version of an answer, and the bytes leave the file and the WAL; an
// alert keeps its row but loses the link to the erased answer.
func TestEraseTakesHistory(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	g := mustGroup(t, db, "c1")
	old := mustRun(t, db, g, t0, "ann", "bob")
	recent := mustRun(t, db, g, t0.Add(100*24*time.Hour), "ann", "bob")
	for _, r := range []*bot.Run{old, recent} {
		for _, u := range []string{"ann", "bob"} {
			for i, text := range []string{"CANARY-FIRST-" + u, "CANARY-SECOND-" + u} {
				rec := &bot.AnswerRecord{RunID: r.ID, UserID: u, StepID: "note", Answer: exercises.Answer{Text: text}, AnsweredAt: r.OpenedAt.Add(time.Duration(i) * time.Minute)}
				if err := db.SaveAnswer(ctx, rec, bot.StatusAnswered); err != nil {
					t.Fatal(err)
				}
				if i == 0 && u == "ann" && r == recent {
					al := &bot.SafetyAlert{GroupID: g.ID, UserID: u, RunID: r.ID, StepID: "note", Rule: bot.RuleKeyword, RaisedAt: rec.AnsweredAt, AnswerVersion: rec.Version}
					if ok, err := db.RaiseAlert(ctx, al); err != nil || !ok {
						t.Fatal(err)
					}
				}
			}
		}
	}
	count := func() int {
		var n int
		if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM answer_versions`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(); n != 8 {
		t.Fatalf("%d versions, want 8", n)
	}
	if _, err := db.Purge(ctx, g.ID, t0.Add(50*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 4 {
		t.Errorf("after purge %d versions, want the recent run's 4", n)
	}
	als, _ := db.Alerts(ctx, g.ID, true)
	if len(als) != 1 || als[0].AnswerVersion == 0 {
		t.Fatalf("alert before forget: %+v", als)
	}
	if _, err := db.Forget(ctx, g.ID, "ann", "anon-1", true, t0.Add(101*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 2 {
		t.Errorf("after forget %d versions, want bob's 2", n)
	}
	for _, canary := range []string{"CANARY-FIRST-ann", "CANARY-SECOND-ann"} {
		if fileHas(t, db, canary) {
			t.Errorf("%s is still on disk after /forgetme", canary)
		}
	}
	if fileHas(t, db, "CANARY-FIRST-bob") == false {
		t.Error("bob's history should be kept")
	}
	als, _ = db.Alerts(ctx, g.ID, true)
	if len(als) != 1 || als[0].AnswerVersion != 0 || als[0].UserID != "anon-1" {
		t.Errorf("alert after forget: %+v", als)
	}
}

// TestMigrationKeepsEarlierAnswers: answers stored before 0009 become
// their first version, without the share flag, sealed text included.
func TestMigrationKeepsEarlierAnswers(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	raw, err := sql.Open("sqlite3", "file:"+path+"?_foreign_keys=1")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.ExecContext(ctx, `CREATE TABLE schema_migrations (version TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"0001_init.sql", "0002_schedules.sql", "0003_safety.sql", "0004_attendance.sql", "0005_consent_history.sql"} {
		src, err := migrations.ReadFile("migrations/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.ExecContext(ctx, string(src)); err != nil {
			t.Fatal(name, err)
		}
		if _, err := raw.ExecContext(ctx, `INSERT INTO schema_migrations VALUES (?, 0)`, name); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := raw.ExecContext(ctx, `INSERT INTO groups (id, name, platform, channel_id, time_zone, created_by, created_at) VALUES (1, 'g', 'discord', 'c', 'UTC', 'l', 0);
		INSERT INTO runs (id, group_id, exercise_id, definition, opened_at, closes_at) VALUES (1, 1, 'x', '', 0, 10);
		INSERT INTO answers (run_id, user_id, step_id, value, answered_at) VALUES (1, 'ann', 'mood', '{"Scale":3,"Choices":null,"Text":"","Skipped":false,"Shared":true}', 5)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	db := mustOpenAt(t, path) // applies 0009 and any later migration
	defer db.Close()
	var value string
	var at int64
	if err := db.read.QueryRowContext(ctx, `SELECT value, answered_at FROM answer_versions WHERE run_id = 1 AND user_id = 'ann'`).Scan(&value, &at); err != nil {
		t.Fatal(err)
	}
	if at != 5 || !strings.Contains(value, `"Scale":3`) || !strings.Contains(value, `"Shared":false`) {
		t.Errorf("first version %s at %d", value, at)
	}
	rec := &bot.AnswerRecord{RunID: 1, UserID: "ann", StepID: "mood", Answer: exercises.Answer{Scale: 3, Shared: false}, AnsweredAt: time.Unix(0, 99)}
	if err := db.SaveAnswer(ctx, rec, bot.StatusAnswered); err != nil || rec.AnsweredAt.UnixNano() != 5 {
		t.Errorf("un-sharing a migrated answer: %v, time %v", err, rec.AnsweredAt)
	}
}
