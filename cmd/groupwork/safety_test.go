package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
	"groupwork/storage/sqlite"
	"groupwork/storage/sqlite/sqlitetest"
)

// TestPurgeAndRotateKeyCommands runs `groupwork purge` and `groupwork
// rotate-key` against a database with an old answer, a sealed answer and a
// key change; nothing secret reaches stdout or stderr.
func TestPurgeAndRotateKeyCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "g.db")
	k1 := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{1}, 32))
	k2 := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{2}, 32))

	db, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	ring, _ := sqlite.NewKeyring(bytes.Repeat([]byte{1}, 32))
	db.UseKeys(ring)
	g := &bot.Group{Name: "G", Platform: "test", ChannelID: "c", TimeZone: "UTC", CreatedAt: time.Now()}
	if err := db.CreateGroup(ctx, g, &bot.Membership{UserID: "lead", Role: bot.RoleLead, JoinedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	for i, opened := range []time.Time{time.Now().Add(-400 * 24 * time.Hour), time.Now().Add(-time.Hour)} {
		r := &bot.Run{GroupID: g.ID, ExerciseID: "x", Definition: []byte("x"), OpenedAt: opened, ClosesAt: opened.Add(time.Hour)}
		if err := db.CreateRun(ctx, r, []*bot.Participation{{UserID: "ann", Status: bot.StatusPending, UpdatedAt: opened}}); err != nil {
			t.Fatal(err)
		}
		rec := &bot.AnswerRecord{RunID: r.ID, UserID: "ann", StepID: "s", Answer: exercises.Answer{Text: []string{"OLD-ANSWER", "NEW-ANSWER"}[i]}, AnsweredAt: opened}
		if err := db.SaveAnswer(ctx, rec, bot.StatusAnswered); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	cfg := filepath.Join(dir, "c.yaml")
	write := func(extra string) {
		src := "database: " + dbPath + "\nretention_days: 365\ndata_key: ${GW_KEY}\n" + extra
		if err := os.WriteFile(cfg, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("")
	t.Setenv("GW_KEY", k1)
	var out, errb bytes.Buffer
	if code := run(ctx, []string{"purge", "-config", cfg}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("purge exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "Purge done") {
		t.Errorf("purge output: %s", out.String())
	}
	// Rotate to k2 with k1 as the old key.
	write("old_data_keys: [\"${GW_OLD}\"]\n")
	t.Setenv("GW_KEY", k2)
	t.Setenv("GW_OLD", k1)
	out.Reset()
	if code := run(ctx, []string{"rotate-key", "-config", cfg}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("rotate-key exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "Re-encrypted 2 text(s)") { // the answer and its one version (answer_versions)
		t.Errorf("rotate output: %s", out.String())
	}
	for _, s := range []string{k1, k2, "NEW-ANSWER", "OLD-ANSWER"} {
		if strings.Contains(out.String()+errb.String(), s) {
			t.Errorf("output shows %q", s)
		}
	}
	db, err = sqlite.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	only2, _ := sqlite.NewKeyring(bytes.Repeat([]byte{2}, 32))
	db.UseKeys(only2)
	as, err := db.UserAnswers(ctx, g.ID, "ann")
	if err != nil || len(as) != 1 || as[0].Answer.Text != "NEW-ANSWER" {
		t.Fatalf("after purge and rotate: %+v, %v", as, err)
	}
	// rotate-key without a data key is refused.
	if err := os.WriteFile(cfg, []byte("database: "+dbPath+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	errb.Reset()
	if code := run(ctx, []string{"rotate-key", "-config", cfg}, strings.NewReader(""), &out, &errb); code != 1 || !strings.Contains(errb.String(), "needs data_key") {
		t.Errorf("rotate without key: %d %s", code, errb.String())
	}
}

// TestPurgeCommandSaysWhenTruncationWaits: with another program reading the
// database, `groupwork purge` deletes the data but says plainly that the
// deleted text is still in the -wal file, and fails; run again after the
// reader is done, it succeeds and the text is gone from both files.
func TestPurgeCommandSaysWhenTruncationWaits(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "g.db")
	db, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	g := &bot.Group{Name: "G", Platform: "test", ChannelID: "c", TimeZone: "UTC", CreatedAt: time.Now()}
	if err := db.CreateGroup(ctx, g, &bot.Membership{UserID: "lead", Role: bot.RoleLead, JoinedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	opened := time.Now().Add(-400 * 24 * time.Hour)
	r := &bot.Run{GroupID: g.ID, ExerciseID: "x", Definition: []byte("x"), OpenedAt: opened, ClosesAt: opened.Add(time.Hour)}
	if err := db.CreateRun(ctx, r, []*bot.Participation{{UserID: "ann", Status: bot.StatusPending, UpdatedAt: opened}}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveAnswer(ctx, &bot.AnswerRecord{RunID: r.ID, UserID: "ann", StepID: "s", Answer: exercises.Answer{Text: "CANARY-OLD-ANSWER"}, AnsweredAt: opened}, bot.StatusAnswered); err != nil {
		t.Fatal(err)
	}
	if err := db.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	db.Close()
	cfg := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(cfg, []byte("database: "+dbPath+"\nretention_days: 365\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	onDisk := func() bool {
		for _, suffix := range []string{"", "-wal"} {
			data, _ := os.ReadFile(dbPath + suffix)
			if bytes.Contains(data, []byte("CANARY-OLD-ANSWER")) {
				return true
			}
		}
		return false
	}

	release := sqlitetest.HoldReader(t, dbPath)
	var out, errb bytes.Buffer
	if code := run(ctx, []string{"purge", "-config", cfg}, nil, &out, &errb); code != 1 || !strings.Contains(errb.String(), "still in its write-ahead log") {
		t.Errorf("purge with a reader: exit %d\nstdout: %s\nstderr: %s", code, out.String(), errb.String())
	}
	if strings.Contains(out.String(), "truncated") {
		t.Errorf("purge claimed a truncation it did not make: %s", out.String())
	}
	release()
	out.Reset()
	errb.Reset()
	if code := run(ctx, []string{"purge", "-config", cfg}, nil, &out, &errb); code != 0 {
		t.Fatalf("purge after the reader: exit %d: %s", code, errb.String())
	}
	if onDisk() {
		t.Error("the purged answer is still on disk")
	}
}
