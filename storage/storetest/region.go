package storetest

import (
	"context"
	"testing"

	"groupwork/bot"
)

// testGroupRegion: a group keeps the region it was created with, every
// read returns it, SetGroupRegion changes or clears it, an unknown group is
// not found, and the schema refuses anything but two upper-case letters.
func testGroupRegion(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := &bot.Group{Name: "G", Platform: "discord", ChannelID: "c1", TimeZone: "Europe/Berlin", Region: "DE", CreatedAt: t0}
	if err := db.CreateGroup(ctx, g, &bot.Membership{UserID: "tess", Role: bot.RoleLead, JoinedAt: t0}); err != nil {
		t.Fatal(err)
	}
	read := func() string {
		t.Helper()
		byID, err := db.Group(ctx, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		byChannel, err := db.GroupByChannel(ctx, "discord", "c1")
		if err != nil {
			t.Fatal(err)
		}
		all, err := db.Groups(ctx)
		if err != nil || len(all) != 1 {
			t.Fatalf("groups: %v %v", all, err)
		}
		if byID.Region != byChannel.Region || byID.Region != all[0].Region {
			t.Fatalf("reads disagree: %q %q %q", byID.Region, byChannel.Region, all[0].Region)
		}
		return byID.Region
	}
	if r := read(); r != "DE" {
		t.Errorf("created with DE, read %q", r)
	}
	if err := db.SetGroupRegion(ctx, g.ID, "GB"); err != nil {
		t.Fatal(err)
	}
	if r := read(); r != "GB" {
		t.Errorf("set GB, read %q", r)
	}
	if err := db.SetGroupRegion(ctx, g.ID, ""); err != nil {
		t.Fatal(err)
	}
	if r := read(); r != "" {
		t.Errorf("cleared, read %q", r)
	}
	wantCode(t, db.SetGroupRegion(ctx, g.ID+99, "DE"), bot.ENotFound)
	for _, bad := range []string{"de", "DEU", "D"} {
		if err := db.SetGroupRegion(ctx, g.ID, bad); err == nil {
			t.Errorf("region %q accepted", bad)
		}
	}
}
