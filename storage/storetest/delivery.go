package storetest

import (
	"context"
	"testing"
	"time"

	"groupwork/bot"
)

func testDeliveries(t *testing.T, db bot.Store) {
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		release bool
		id      string
		want    bool
	}{
		{"first claim", false, "ev-1", true},
		{"second claim", false, "ev-1", false},
		{"other id", false, "ev-2", true},
		{"release", true, "ev-1", false},
		{"claim after release", false, "ev-1", true},
		{"release unclaimed", true, "ev-9", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.release {
				if err := db.ReleaseDelivery(ctx, tc.id); err != nil {
					t.Fatal(err)
				}
				return
			}
			got, err := db.ClaimDelivery(ctx, tc.id, t0)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("ClaimDelivery(%s) = %v, want %v", tc.id, got, tc.want)
			}
		})
	}
}

// testPruneDeliveries: ids claimed before the cut-off are forgotten (a
// later claim of one is first again); newer ones stay claimed.
func testPruneDeliveries(t *testing.T, db bot.Store) {
	ctx := context.Background()
	old, recent := t0, t0.Add(8*24*time.Hour)
	for id, at := range map[string]time.Time{"old-1": old, "old-2": old, "recent": recent} {
		if _, err := db.ClaimDelivery(ctx, id, at); err != nil {
			t.Fatal(err)
		}
	}
	n, err := db.PruneDeliveries(ctx, recent.Add(-7*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("pruned %d deliveries, want 2", n)
	}
	for id, wantFirst := range map[string]bool{"old-1": true, "recent": false} {
		first, err := db.ClaimDelivery(ctx, id, recent)
		if err != nil {
			t.Fatal(err)
		}
		if first != wantFirst {
			t.Errorf("claim %s after prune = %v, want %v", id, first, wantFirst)
		}
	}
}
