package core_test

import (
	"testing"
	"time"

	"groupwork/core/coretest"
	"groupwork/storage/sqlite/sqlitetest"
)

// TestForgetRetriesDeferredTruncation: a reader that holds the database
// while a member erases their data defers the WAL truncation; the next
// maintenance pass after the reader is gone truncates it, so the erased
// text is in neither the database file nor its -wal file (before, it stayed
// in the -wal file until the next daily purge).
func TestForgetRetriesDeferredTruncation(t *testing.T) {
	h := coretest.NewBot(t)
	h.Do("Tess", "/group create G")
	h.Do("Tess", "/group add @Ana")
	h.Do("Tess", "/exercise start session-reflection")
	h.Do("Ana", "/privacy accept")
	const canary = "canary-7d1f3 my brother's name"
	writeAnswer(t, h, "Ana", canary)
	if err := h.Bot.Maintain(t.Context()); err != nil { // today's purge is done
		t.Fatal(err)
	}
	if !onDisk(t, h, canary) {
		t.Fatal("the answer is not on disk before the erasure: the test proves nothing")
	}

	release := sqlitetest.HoldReader(t, h.Store.Path())
	h.Do("Ana", "/forgetme")
	h.Press("Ana", "Erase my data")
	if !onDisk(t, h, canary) {
		t.Log("truncated despite the reader; the retry is not exercised")
	}
	h.Clock.Advance(5 * time.Minute)
	if err := h.Bot.Maintain(t.Context()); err != nil { // reader still there: stays pending
		t.Fatal(err)
	}
	release()
	h.Clock.Advance(5 * time.Minute)
	if err := h.Bot.Maintain(t.Context()); err != nil {
		t.Fatal(err)
	}
	if onDisk(t, h, canary) {
		t.Error("the erased answer is still on disk one maintenance pass after the reader finished")
	}
}
