package core_test

import (
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/core"
	"groupwork/core/coretest"
)

// TestIntakeLimit: a person who floods gets a friendly private "slow down"
// once over the limit, without a write to the store; others are
// unaffected; the bucket refills with the clock; a platform's repeat of a
// refused event is silent; /crisis always answers.
func TestIntakeLimit(t *testing.T) {
	h := coretest.NewBot(t, coretest.WithIntake(core.IntakeLimit{Burst: 3, Every: time.Second}))
	h.Do("Tess", `/group create "G"`)
	h.Do("Tess", "/group add @Ana")
	h.Do("Tess", "/group info") // Tess has used her 3
	over := h.Do("Tess", "/group info")
	if !over.Private || coretest.Text(over) != core.SlowDownText {
		t.Fatalf("the fourth event at once: got %+v, want the private slow-down text", over)
	}
	if got := coretest.Text(h.Do("Ana", "/group info")); got == core.SlowDownText {
		t.Errorf("another person was limited too")
	}
	if got := coretest.Text(h.Do("Tess", "/crisis")); got == core.SlowDownText {
		t.Errorf("/crisis must always answer, got the slow-down text")
	}

	// a refused event's repeat is silent, and it left no delivery claim
	ev := &bot.Command{EventMeta: h.Meta("Tess"), Name: "group", Sub: "info"}
	if got := h.Event("Tess", ev); coretest.Text(got) != core.SlowDownText {
		t.Fatalf("still over the limit: got %q", coretest.Text(got))
	}
	if got := h.Event("Tess", ev); !got.Silent {
		t.Errorf("the repeat of a refused event: got %+v, want silence", got)
	}
	if first, err := h.Store.ClaimDelivery(t.Context(), ev.DeliveryID, h.Clock.Now()); err != nil || !first {
		t.Errorf("a refused event claimed its delivery id (first=%v, err=%v): a flood must cost no write", first, err)
	}

	h.Clock.Advance(time.Second)
	if got := coretest.Text(h.Do("Tess", "/group info")); got == core.SlowDownText {
		t.Errorf("after a second one more event is allowed, got the slow-down text")
	}
	if got := coretest.Text(h.Do("Tess", "/group info")); got != core.SlowDownText {
		t.Errorf("only one event refilled in a second, got %q", got)
	}
}

// TestIntakeDefaultIsGenerous: the default limit lets a person double-press
// through a whole check-in at once and refuses a flood.
func TestIntakeDefaultIsGenerous(t *testing.T) {
	h := coretest.NewBot(t, coretest.WithIntake(core.IntakeLimit{}))
	h.Do("Tess", `/group create "G"`)
	refused := 0
	for range 1000 {
		if coretest.Text(h.Do("Tess", "/group info")) == core.SlowDownText {
			refused++
		}
	}
	if want := 1000 - core.DefaultIntakeBurst + 1; refused != want {
		t.Errorf("a flood of 1000 at once: %d refused, want %d", refused, want)
	}
	if core.DefaultIntakeBurst < 10 {
		t.Errorf("a burst of %d is too tight for a person who double-presses", core.DefaultIntakeBurst)
	}
}
