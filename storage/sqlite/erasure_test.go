package sqlite_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
	"groupwork/storage/sqlite/sqlitetest"
)

// TestForgetErasesEveryVersionAndRetriesTruncation: a member who changed a
// written answer has two versions of it; Forget deletes both, and while a
// reader holds the database the truncation is deferred (ErrNotTruncated),
// not waited for; once the reader is gone Checkpoint removes the bytes from
// the database and its -wal file.
func TestForgetErasesEveryVersionAndRetriesTruncation(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	g := &bot.Group{Name: "G", Platform: "test", ChannelID: "c1", TimeZone: "UTC", CreatedAt: t0}
	if err := db.CreateGroup(ctx, g, &bot.Membership{UserID: "lead", Role: bot.RoleLead, JoinedAt: t0}); err != nil {
		t.Fatal(err)
	}
	if err := db.AddMember(ctx, &bot.Membership{GroupID: g.ID, UserID: "ann", DisplayName: "Ann", Role: bot.RoleMember, JoinedAt: t0}); err != nil {
		t.Fatal(err)
	}
	r := &bot.Run{GroupID: g.ID, ExerciseID: "x", Definition: []byte("x"), OpenedAt: t0, ClosesAt: t0.Add(24 * time.Hour)}
	if err := db.CreateRun(ctx, r, []*bot.Participation{{UserID: "ann", Status: bot.StatusPending, UpdatedAt: t0}}); err != nil {
		t.Fatal(err)
	}
	for i, text := range []string{"FIRST-VERSION-canary", "SECOND-VERSION-canary"} {
		rec := &bot.AnswerRecord{RunID: r.ID, UserID: "ann", StepID: "note", Answer: exercises.Answer{Text: text}, AnsweredAt: t0.Add(time.Duration(i) * time.Minute)}
		if err := db.SaveAnswer(ctx, rec, bot.StatusAnswered); err != nil {
			t.Fatal(err)
		}
	}
	onDisk := func() []string {
		var found []string
		for _, suffix := range []string{"", "-wal"} {
			data, _ := os.ReadFile(db.Path() + suffix)
			for _, needle := range []string{"FIRST-VERSION-canary", "SECOND-VERSION-canary"} {
				if bytes.Contains(data, []byte(needle)) {
					found = append(found, needle+" in groupwork.db"+suffix)
				}
			}
		}
		return found
	}
	if len(onDisk()) == 0 {
		t.Fatal("the answers are not on disk before the erasure: the test proves nothing")
	}
	release := sqlitetest.HoldReader(t, db.Path())
	if _, err := db.Forget(ctx, g.ID, "ann", "anon-1", true, t0.Add(time.Hour)); !errors.Is(err, bot.ErrNotTruncated) {
		t.Fatalf("Forget with a reader: %v, want ErrNotTruncated", err)
	}
	release()
	if err := db.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	if found := onDisk(); len(found) > 0 {
		t.Errorf("after the erasure: %q", found)
	}
}
