package storetest

import (
	"context"
	"fmt"
	"testing"

	"groupwork/bot"
)

// testForgetDropsNoticeKeys: the one-off notice keys that name a member
// (engagement "missed-<run>-<user>" and "deteriorated-<run>-<user>") are
// deleted when the member is erased, so that no platform id of theirs
// stays behind; other members' keys stay.
func testForgetDropsNoticeKeys(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c-notices")
	r := mustRun(t, db, g, t0, "ann", "bob")
	for _, k := range []string{"missed-%d-ann", "deteriorated-%d-ann", "missed-%d-bob"} {
		if ok, err := db.ClaimNotice(ctx, fmt.Sprintf(k, r.ID), t0); err != nil || !ok {
			t.Fatalf("claim %s: %v %v", k, ok, err)
		}
	}
	if _, err := db.Forget(ctx, g.ID, "ann", "erased-1", true, t0); err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]bool{"missed-%d-ann": true, "deteriorated-%d-ann": true, "missed-%d-bob": false} {
		if ok, err := db.ClaimNotice(ctx, fmt.Sprintf(k, r.ID), t0); err != nil || ok != want {
			t.Errorf("claim %s after forget = %v, %v; want %v (a key that names ann is gone)", k, ok, err, want)
		}
	}
}
