package core_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"groupwork/core"
	"groupwork/core/coretest"
)

// fakeChannel is an off-platform channel that records what it sends and
// fails the first fail attempts.
type fakeChannel struct {
	name  string
	reach map[string]bool
	mu    sync.Mutex
	fail  int
	err   error // what a failure returns; a 451 when nil
	tries []time.Time
	sent  []string // user: subject / text
	clock *coretest.Clock
}

func (c *fakeChannel) Name() string               { return c.name }
func (c *fakeChannel) Reaches(userID string) bool { return c.reach[userID] }
func (c *fakeChannel) Send(ctx context.Context, userID, subject, text string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tries = append(c.tries, c.clock.Now())
	if c.fail > 0 {
		c.fail--
		if c.err != nil {
			return c.err
		}
		return errors.New("451 try again later")
	}
	c.sent = append(c.sent, userID+": "+subject+" / "+text)
	return nil
}

// outboxGroup: Tess leads "Zoë's Tuesday circle", Cora is the backup,
// Ana has consented; Tess is reached by e-mail.
func outboxGroup(t *testing.T, fail int) (*coretest.Harness, *fakeChannel) {
	t.Helper()
	ch := &fakeChannel{name: "email", reach: map[string]bool{"u-tess": true}, fail: fail}
	h := coretest.NewBot(t, func(c *core.Config) { c.AlertChannels = []core.AlertChannel{ch} })
	ch.clock = h.Clock
	h.Do("Tess", `/group create "Zoë's Tuesday circle" Europe/Berlin`)
	h.Do("Tess", "/group add @Ana")
	h.Do("Tess", "/group add @Cora co-therapist")
	h.Do("Tess", "/group backup @Cora")
	h.Do("Ana", "/privacy accept")
	return h, ch
}

// TestAlertReachesTherapistByEmail: a safety alert goes out by e-mail as
// well as by direct message, with nothing in it but that an alert needs
// the therapist and its number; repeats of a step are not sent twice.
func TestAlertReachesTherapistByEmail(t *testing.T) {
	h, ch := outboxGroup(t, 0)
	raiseMoodAlert(h)
	if len(ch.sent) != 0 {
		t.Fatal("sent before the scheduler's pass: the member's request must not wait on a mail server")
	}
	escalate(t, h, 0)
	escalate(t, h, time.Minute)
	if len(ch.sent) != 1 {
		t.Fatalf("sent %d notices, want 1: %q", len(ch.sent), ch.sent)
	}
	got := ch.sent[0]
	wantIn(t, "the e-mail", got, "u-tess: groupwork: a safety alert needs you", "A safety alert in one of your groups needs you (alert #1)", "/alerts ack 1")
	for _, leak := range []string{"Ana", "Zoë", "Tuesday", "mood", "Cora", "u-ana"} {
		if strings.Contains(got, leak) {
			t.Errorf("the e-mail carries %q: %s", leak, got)
		}
	}
	if dm := h.LastDM("Tess"); !strings.Contains(dm, "Safety alert #1") {
		t.Errorf("the direct message still goes: %q", dm)
	}
}

// TestAlertEmailRetriesThenTellsTheBackup: a failing mail server is tried
// 6 times with growing waits; then the backup therapist is told by direct
// message that the alert did not reach the lead — once.
func TestAlertEmailRetriesThenTellsTheBackup(t *testing.T) {
	h, ch := outboxGroup(t, 100)
	raiseMoodAlert(h)
	start := h.Clock.Now()
	for range 40 { // 40 minutes, one pass a minute
		escalate(t, h, time.Minute)
	}
	var waits []time.Duration
	for _, at := range ch.tries {
		waits = append(waits, at.Sub(start))
	}
	want := []time.Duration{1, 2, 4, 8, 16, 32} // minutes after the alert: at once, then 1, 2, 4, 8, 16 minutes apart
	if len(waits) != len(want) {
		t.Fatalf("tried at %v, want 6 tries", waits)
	}
	for i := range want {
		if waits[i] != want[i]*time.Minute {
			t.Errorf("try %d at %v, want %v", i+1, waits[i], want[i]*time.Minute)
		}
	}
	var told []string
	for _, dm := range h.DMs("Cora") {
		if strings.Contains(dm, "could not reach a therapist") {
			told = append(told, dm)
		}
	}
	if len(told) != 1 {
		t.Fatalf("the backup was told %d times, want once: %q", len(told), h.DMs("Cora"))
	}
	wantIn(t, "the backup's message", told[0], "The e-mail about safety alert #1 could not be delivered to Tess after 6 tries", "/alerts list")
	if strings.Contains(told[0], "Ana") {
		t.Errorf("the failure report names the member: %s", told[0])
	}
}

// TestAcknowledgedAlertIsNotEmailed: an alert acknowledged before its
// e-mail went out is not e-mailed.
func TestAcknowledgedAlertIsNotEmailed(t *testing.T) {
	h, ch := outboxGroup(t, 1)
	raiseMoodAlert(h)
	escalate(t, h, 0) // the first try fails
	if rep := h.Do("Tess", `/alerts ack 1 "called her, she is safe"`); !strings.Contains(coretest.Text(rep), "cknowledged") {
		t.Fatalf("ack: %s", coretest.Text(rep))
	}
	for range 5 {
		escalate(t, h, 10*time.Minute)
	}
	if len(ch.tries) != 1 || len(ch.sent) != 0 {
		t.Errorf("tries %d, sent %q: want one failed try and nothing after the acknowledgement", len(ch.tries), ch.sent)
	}
	for _, dm := range h.DMs("Cora") {
		if strings.Contains(dm, "could not reach") {
			t.Errorf("a dropped notice was reported as a failure: %s", dm)
		}
	}
}

// TestSchedulerWakesForAlertRetry: after a failed try the scheduler's loop
// waits only until the retry is due (1 minute), not its usual 5.
func TestSchedulerWakesForAlertRetry(t *testing.T) {
	h, ch := outboxGroup(t, 1)
	raiseMoodAlert(h)
	escalate(t, h, 0)
	if len(ch.tries) != 1 {
		t.Fatalf("%d tries", len(ch.tries))
	}
	if d := core.UntilNext(h.Bot.Scheduler(), t.Context()); d != time.Minute {
		t.Errorf("the loop waits %v, want 1m (the retry)", d)
	}
	escalate(t, h, time.Minute)
	if len(ch.sent) != 1 {
		t.Errorf("the retry did not send: %d tries, %q", len(ch.tries), ch.sent)
	}
}

// permanentErr is a failure a retry cannot mend.
type permanentErr struct{}

func (permanentErr) Error() string   { return "550 no such mailbox" }
func (permanentErr) Permanent() bool { return true }

// TestPermanentFailureIsReportedAtOnce: an address the server refuses is
// not retried for half an hour: the backup is told at the first failure.
func TestPermanentFailureIsReportedAtOnce(t *testing.T) {
	h, ch := outboxGroup(t, 100)
	ch.err = permanentErr{}
	raiseMoodAlert(h)
	escalate(t, h, 0)
	wantIn(t, "the backup's messages", strings.Join(h.DMs("Cora"), "\n"), "The e-mail about safety alert #1 could not be delivered to Tess after 1 try.")
	escalate(t, h, time.Hour)
	if len(ch.tries) != 1 {
		t.Errorf("tried %d times, want once", len(ch.tries))
	}
	if n := strings.Count(strings.Join(h.DMs("Cora"), "\n"), "could not reach a therapist"); n != 1 {
		t.Errorf("Cora was told %d times, want once", n)
	}
}

// blockingChannel's Send waits until its context ends: a mail server that hangs.
type blockingChannel struct {
	reach map[string]bool
	mu    sync.Mutex
	tried []string
}

func (c *blockingChannel) Name() string               { return "email" }
func (c *blockingChannel) Reaches(userID string) bool { return c.reach[userID] }
func (c *blockingChannel) Send(ctx context.Context, userID, subject, text string) error {
	c.mu.Lock()
	c.tried = append(c.tried, userID)
	c.mu.Unlock()
	<-ctx.Done()
	return ctx.Err()
}

// TestHangingMailServerDoesNotHoldThePass: when sending runs out of time,
// the notice being sent counts one failed try (and is recorded although
// the pass's context has ended), and the ones not yet tried wait for the
// next pass without counting a try.
func TestHangingMailServerDoesNotHoldThePass(t *testing.T) {
	ch := &blockingChannel{reach: map[string]bool{"u-tess": true, "u-cora": true}}
	h := coretest.NewBot(t, func(c *core.Config) { c.AlertChannels = []core.AlertChannel{ch} })
	h.Do("Tess", `/group create "Circle" Europe/Berlin`)
	h.Do("Tess", "/group add @Ana")
	h.Do("Tess", "/group add @Cora co-therapist")
	h.Do("Tess", "/group backup @Cora")
	h.Do("Ana", "/privacy accept")
	raiseMoodAlert(h)
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if err := h.Bot.FlushAlertChannels(ctx); err != nil {
		t.Fatalf("flush: %v", err)
	}
	if len(ch.tried) != 1 {
		t.Fatalf("tried %q, want one notice tried before the time ran out", ch.tried)
	}
	os, err := h.Store.PendingOutbound(t.Context(), h.Clock.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	attempts := map[string]int{}
	for _, o := range os {
		attempts[o.UserID] = o.Attempts
	}
	tried, other := ch.tried[0], "u-cora"
	if tried == "u-cora" {
		other = "u-tess"
	}
	if len(os) != 2 || attempts[tried] != 1 || attempts[other] != 0 {
		t.Errorf("after the pass: %d pending, attempts %v; want the tried one at 1 and the other at 0", len(os), attempts)
	}
}
