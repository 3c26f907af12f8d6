package sqlite

import (
	"bytes"
	"context"
	"encoding/base64"
	"os"
	"strings"
	"testing"

	"groupwork/bot"
	"groupwork/exercises"
)

func testKey(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }

func fileHas(t *testing.T, db *DB, needle string) bool {
	t.Helper()
	found := false
	for _, suffix := range []string{"", "-wal"} {
		data, err := os.ReadFile(db.Path() + suffix)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		found = found || bytes.Contains(data, []byte(needle))
	}
	return found
}

// TestSealedAnswers: with a key, answer text is stored only as AES-GCM
// ciphertext with its key id (the plaintext never reaches the file or the
// WAL), reads return the text, a store without the key refuses to read it,
// and rotate-key re-seals everything — including text written before a
// key was set — with the new key.
func TestSealedAnswers(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/g.db"
	db := mustOpenAt(t, path)
	defer func() { db.Close() }()
	g := mustGroup(t, db, "c1")
	r := mustRun(t, db, g, t0, "ann", "bob")
	save := func(user, text string) {
		t.Helper()
		rec := &bot.AnswerRecord{RunID: r.ID, UserID: user, StepID: "note", Answer: exercises.Answer{Text: text, Shared: true}, AnsweredAt: t0}
		if err := db.SaveAnswer(ctx, rec, bot.StatusAnswered); err != nil {
			t.Fatal(err)
		}
	}
	save("bob", "PLAIN-before-encryption")
	k1, err := NewKeyring(testKey(1))
	if err != nil {
		t.Fatal(err)
	}
	db.UseKeys(k1)
	save("ann", "SEALED-secret-answer")
	if err := db.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	if fileHas(t, db, "SEALED-secret-answer") {
		t.Fatal("sealed text is on disk in the clear")
	}
	got, err := db.Answers(ctx, r.ID, "")
	if err != nil || len(got) != 2 {
		t.Fatalf("answers: %v %v", got, err)
	}
	for _, a := range got {
		if (a.UserID == "ann" && a.Answer.Text != "SEALED-secret-answer") || (a.UserID == "bob" && a.Answer.Text != "PLAIN-before-encryption") || !a.Answer.Shared {
			t.Errorf("read back %+v", a.Answer)
		}
	}
	var keyID string
	if err := db.read.QueryRowContext(ctx, `SELECT key_id FROM answers WHERE user_id = 'ann'`).Scan(&keyID); err != nil || keyID != KeyID(testKey(1)) {
		t.Errorf("key id %q, %v", keyID, err)
	}
	// Without the key the text cannot be read, and the error does not show it.
	db.UseKeys(nil)
	if _, err := db.Answers(ctx, r.ID, ""); err == nil || !strings.Contains(err.Error(), "not loaded") {
		t.Errorf("read without key: %v", err)
	}
	// Rotate to key 2: old text re-sealed, plain text sealed, WAL truncated.
	k2, err := NewKeyring(testKey(2), testKey(1))
	if err != nil {
		t.Fatal(err)
	}
	db.UseKeys(k2)
	n, err := db.RotateKey(ctx)
	if err != nil || n != 4 { // two answers and their two versions (answer_versions)
		t.Fatalf("rotate: %d, %v", n, err)
	}
	if fileHas(t, db, "PLAIN-before-encryption") {
		t.Error("plain text left on disk after rotate-key")
	}
	if n, err := db.RotateKey(ctx); err != nil || n != 0 {
		t.Errorf("second rotate: %d, %v", n, err)
	}
	only2, _ := NewKeyring(testKey(2))
	db.UseKeys(only2)
	got, err = db.Answers(ctx, r.ID, "")
	if err != nil || len(got) != 2 {
		t.Fatalf("answers with the new key only: %v", err)
	}
	// Alert notes are sealed too.
	al := &bot.SafetyAlert{GroupID: g.ID, UserID: "ann", RunID: r.ID, StepID: "note", Rule: bot.RuleKeyword, RaisedAt: t0}
	if ok, err := db.RaiseAlert(ctx, al); err != nil || !ok {
		t.Fatal(err)
	}
	if err := db.AckAlert(ctx, g.ID, al.ID, "lead-1", "NOTE-sealed-too", t0); err != nil {
		t.Fatal(err)
	}
	db.Checkpoint(ctx)
	if fileHas(t, db, "NOTE-sealed-too") {
		t.Error("alert note on disk in the clear")
	}
	if a, err := db.Alert(ctx, g.ID, al.ID); err != nil || a.Note != "NOTE-sealed-too" {
		t.Errorf("note read back %+v, %v", a, err)
	}
	// Therapists' session notes are sealed too, and rotate with the key.
	s := &bot.LiveSession{GroupID: g.ID, StartedAt: t0}
	if err := db.StartSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	if err := db.AddSessionNote(ctx, &bot.SessionNote{GroupID: g.ID, SessionID: s.ID, UserID: "ann", Text: "SESSION-NOTE-sealed", At: t0}); err != nil {
		t.Fatal(err)
	}
	db.Checkpoint(ctx)
	if fileHas(t, db, "SESSION-NOTE-sealed") {
		t.Error("session note on disk in the clear")
	}
	if ns, err := db.SessionNotes(ctx, g.ID, "ann"); err != nil || len(ns) != 1 || ns[0].Text != "SESSION-NOTE-sealed" {
		t.Errorf("session note read back %+v, %v", ns, err)
	}
	k3, _ := NewKeyring(testKey(3), testKey(2))
	db.UseKeys(k3)
	if n, err := db.RotateKey(ctx); err != nil || n < 1 {
		t.Errorf("rotate with a session note: %d, %v", n, err)
	}
	only3, _ := NewKeyring(testKey(3))
	db.UseKeys(only3)
	if ns, err := db.SessionNotes(ctx, g.ID, "ann"); err != nil || len(ns) != 1 || ns[0].Text != "SESSION-NOTE-sealed" {
		t.Errorf("session note after rotation %+v, %v", ns, err)
	}
	// A row moved to another user (tampering) does not authenticate.
	if _, err := db.write.ExecContext(ctx, `UPDATE answers SET user_id = 'eve' WHERE user_id = 'ann'`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Answers(ctx, r.ID, "eve"); err == nil || !strings.Contains(err.Error(), "does not authenticate") {
		t.Errorf("moved ciphertext: %v", err)
	}
}

func TestKeys(t *testing.T) {
	for _, tc := range []struct{ in, err string }{
		{base64.StdEncoding.EncodeToString(testKey(7)), ""},
		{"not base64!", "not valid base64"},
		{base64.StdEncoding.EncodeToString([]byte("short")), "must be 32 bytes"},
	} {
		k, err := ParseKey(tc.in)
		if tc.err == "" && (err != nil || len(k) != 32) {
			t.Errorf("ParseKey(%q): %v", tc.in, err)
		}
		if tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err) || strings.Contains(err.Error(), tc.in)) {
			t.Errorf("ParseKey(%q) error %v", tc.in, err)
		}
	}
	if KeyID(testKey(1)) == KeyID(testKey(2)) || len(KeyID(testKey(1))) != 12 || strings.Contains(KeyID(testKey(1)), "0101") {
		t.Errorf("key ids %s %s", KeyID(testKey(1)), KeyID(testKey(2)))
	}
	if _, err := NewKeyring([]byte("short")); err == nil {
		t.Error("short key accepted")
	}
}

// FuzzOpenSealed: opening arbitrary bytes never panics and never succeeds
// unless they are a real sealing of the same row.
func FuzzOpenSealed(f *testing.F) {
	k, _ := NewKeyring(testKey(3))
	_, sealed, _ := k.seal("hello", "aad")
	f.Add(sealed, "aad")
	f.Add([]byte{}, "")
	f.Add(bytes.Repeat([]byte{0}, 40), "aad")
	f.Fuzz(func(t *testing.T, b []byte, aad string) {
		text, err := k.open(k.Current(), b, aad)
		// Only a real sealing (of "hello" for row "aad", from the seed) opens;
		// each fuzz worker seals its own seed, so compare the meaning, not bytes.
		if err == nil && !(aad == "aad" && text == "hello") {
			t.Fatalf("forged ciphertext opened: %q", text)
		}
	})
}
