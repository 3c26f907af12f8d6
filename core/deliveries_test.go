package core_test

import (
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/core"
	"groupwork/core/coretest"
)

// TestDeliveriesPruned: the daily maintenance pass forgets delivery ids
// older than DeliveryRetention and keeps newer ones.
func TestDeliveriesPruned(t *testing.T) {
	h := coretest.NewBot(t)
	ctx := t.Context()
	if err := h.Bot.Maintain(ctx); err != nil { // today's pass is done
		t.Fatal(err)
	}
	h.Do("Tess", `/group create "G"`)
	oldID := "d1" // the harness numbers deliveries d1, d2, …
	h.Clock.Advance(core.DeliveryRetention - time.Hour)
	recent := &bot.Command{EventMeta: h.Meta("Tess"), Name: "group", Sub: "info"}
	h.Event("Tess", recent)
	h.Clock.Advance(2 * time.Hour) // d1 is now past the window, recent is not
	if err := h.Bot.Maintain(ctx); err != nil {
		t.Fatal(err)
	}
	if first, err := h.Store.ClaimDelivery(ctx, recent.DeliveryID, h.Clock.Now()); err != nil || first {
		t.Errorf("a delivery id within the window was pruned (first=%v, err=%v)", first, err)
	}
	first, err := h.Store.ClaimDelivery(ctx, oldID, h.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if !first {
		t.Errorf("the delivery id older than %v was not pruned", core.DeliveryRetention)
	}
}
