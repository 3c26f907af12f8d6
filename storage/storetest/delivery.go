package storetest

import (
	"context"
	"groupwork/bot"
	"testing"
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
