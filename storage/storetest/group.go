package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"groupwork/bot"
)

func testGroups(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c1")
	if g.ID == 0 {
		t.Fatal("CreateGroup did not set ID")
	}

	t.Run("create", func(t *testing.T) {
		for _, tc := range []struct {
			name     string
			platform string
			channel  string
			lead     *bot.Membership
			code     string
		}{
			{"same channel other platform", "slack", "c1", nil, ""},
			{"duplicate channel", "discord", "c1", nil, bot.EConflict},
			{"invalid lead role", "discord", "c2", &bot.Membership{UserID: "x", Role: "boss"}, bot.EInvalid},
			{"lead already left", "discord", "c3", &bot.Membership{UserID: "x", Role: bot.RoleLead, LeftAt: &t0}, bot.EInvalid},
		} {
			t.Run(tc.name, func(t *testing.T) {
				g := &bot.Group{Name: tc.name, Platform: tc.platform, ChannelID: tc.channel, CreatedAt: t0}
				wantCode(t, db.CreateGroup(ctx, g, tc.lead), tc.code)
			})
		}
		t.Run("failed create leaves nothing", func(t *testing.T) {
			if _, err := db.GroupByChannel(ctx, "discord", "c2"); bot.ErrorCode(err) != bot.ENotFound {
				t.Errorf("group of rolled-back CreateGroup: err = %v, want not found", err)
			}
		})
	})

	t.Run("lookups", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			get  func() (*bot.Group, error)
			code string
		}{
			{"by id", func() (*bot.Group, error) { return db.Group(ctx, g.ID) }, ""},
			{"by channel", func() (*bot.Group, error) { return db.GroupByChannel(ctx, "discord", "c1") }, ""},
			{"absent id", func() (*bot.Group, error) { return db.Group(ctx, 9999) }, bot.ENotFound},
			{"absent channel", func() (*bot.Group, error) { return db.GroupByChannel(ctx, "discord", "zz") }, bot.ENotFound},
			{"channel on other platform", func() (*bot.Group, error) { return db.GroupByChannel(ctx, "shell", "c1") }, bot.ENotFound},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, err := tc.get()
				wantCode(t, err, tc.code)
				if err != nil {
					return
				}
				if *got != (bot.Group{ID: g.ID, Name: g.Name, Platform: g.Platform, ChannelID: g.ChannelID,
					TimeZone: g.TimeZone, CreatedBy: g.CreatedBy, CreatedAt: got.CreatedAt}) || !got.CreatedAt.Equal(g.CreatedAt) {
					t.Errorf("got %+v, want %+v", got, g)
				}
			})
		}
	})

	t.Run("list", func(t *testing.T) {
		gs, err := db.Groups(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(gs) != 2 || gs[0].ID != g.ID || gs[1].Platform != "slack" {
			t.Errorf("Groups = %+v, want c1 on discord then c1 on slack", gs)
		}
	})

	t.Run("lead membership", func(t *testing.T) {
		m, err := db.Membership(ctx, g.ID, "lead-1")
		if err != nil {
			t.Fatal(err)
		}
		if m.Role != bot.RoleLead || m.GroupID != g.ID || m.DisplayName != "Dr Lee" || !m.JoinedAt.Equal(t0) || m.LeftAt != nil {
			t.Errorf("lead membership = %+v", m)
		}
	})
}

func testMemberships(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c1")
	other := mustGroup(t, db, "c2")
	t1, t2, t3 := t0.Add(time.Hour), t0.Add(2*time.Hour), t0.Add(3*time.Hour)

	add := func(groupID int64, user string, at time.Time) error {
		return db.AddMember(ctx, &bot.Membership{GroupID: groupID, UserID: user, DisplayName: user,
			Role: bot.RoleMember, JoinedAt: at})
	}
	if err := add(g.ID, "ann", t1); err != nil {
		t.Fatal(err)
	}
	if err := add(other.ID, "ann", t1); err != nil {
		t.Fatal(err)
	}

	t.Run("add", func(t *testing.T) {
		for _, tc := range []struct {
			name    string
			groupID int64
			user    string
			code    string
		}{
			{"duplicate active", g.ID, "ann", bot.EConflict},
			{"unknown group", 9999, "bob", bot.ENotFound},
			{"new member", g.ID, "bob", ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				wantCode(t, add(tc.groupID, tc.user, t2), tc.code)
			})
		}
		t.Run("invalid role", func(t *testing.T) {
			err := db.AddMember(ctx, &bot.Membership{GroupID: g.ID, UserID: "cy", Role: "admin", JoinedAt: t2})
			wantCode(t, err, bot.EInvalid)
		})
	})

	t.Run("set role", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			user string
			role bot.Role
			code string
		}{
			{"to co-therapist", "bob", bot.RoleCoTherapist, ""},
			{"unknown role", "bob", "owner", bot.EInvalid},
			{"not a member", "zed", bot.RoleObserver, bot.ENotFound},
		} {
			t.Run(tc.name, func(t *testing.T) {
				wantCode(t, db.SetRole(ctx, g.ID, tc.user, tc.role), tc.code)
			})
		}
		m, err := db.Membership(ctx, g.ID, "bob")
		if err != nil || m.Role != bot.RoleCoTherapist {
			t.Errorf("bob = %+v, %v; want co-therapist", m, err)
		}
	})

	t.Run("end and rejoin", func(t *testing.T) {
		if err := db.EndMembership(ctx, g.ID, "ann", t2); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.EndMembership(ctx, g.ID, "ann", t2), bot.ENotFound)
		_, err := db.Membership(ctx, g.ID, "ann")
		wantCode(t, err, bot.ENotFound)
		wantCode(t, db.SetRole(ctx, g.ID, "ann", bot.RoleObserver), bot.ENotFound)

		if err := add(g.ID, "ann", t3); err != nil {
			t.Fatalf("re-adding after leaving: %v", err)
		}
		m, err := db.Membership(ctx, g.ID, "ann")
		if err != nil || !m.JoinedAt.Equal(t3) || m.LeftAt != nil {
			t.Errorf("active membership after rejoin = %+v, %v", m, err)
		}
		if m, err := db.Membership(ctx, other.ID, "ann"); err != nil || m.LeftAt != nil {
			t.Errorf("membership in the other group = %+v, %v; want untouched", m, err)
		}
	})

	t.Run("history", func(t *testing.T) {
		ms, err := db.Memberships(ctx, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		type row struct {
			user  string
			left  bool
			joinH int
		}
		var got []row
		for _, m := range ms {
			got = append(got, row{m.UserID, m.LeftAt != nil, int(m.JoinedAt.Sub(t0).Hours())})
		}
		want := []row{{"lead-1", false, 0}, {"ann", true, 1}, {"bob", false, 2}, {"ann", false, 3}}
		if !slices.Equal(got, want) {
			t.Errorf("Memberships = %v, want %v", got, want)
		}
		if !ms[1].LeftAt.Equal(t2) {
			t.Errorf("LeftAt = %v, want %v", ms[1].LeftAt, t2)
		}
		if ms, err := db.Memberships(ctx, 9999); err != nil || len(ms) != 0 {
			t.Errorf("Memberships of unknown group = %v, %v; want none", ms, err)
		}
	})

	t.Run("of user", func(t *testing.T) {
		slack := &bot.Group{Name: "s", Platform: "slack", ChannelID: "C9", CreatedAt: t0}
		if err := db.CreateGroup(ctx, slack, &bot.Membership{UserID: "ann", Role: bot.RoleLead, JoinedAt: t0}); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name, platform, user string
			want                 []int64
		}{
			{"discord, left one group and rejoined", "discord", "ann", []int64{other.ID, g.ID}},
			{"slack only", "slack", "ann", []int64{slack.ID}},
			{"nobody", "discord", "zed", nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				ms, err := db.MembershipsOfUser(ctx, tc.platform, tc.user)
				if err != nil {
					t.Fatal(err)
				}
				var got []int64
				for _, m := range ms {
					if m.LeftAt != nil || m.UserID != tc.user {
						t.Errorf("inactive or foreign membership returned: %+v", m)
					}
					got = append(got, m.GroupID)
				}
				if !slices.Equal(got, tc.want) {
					t.Errorf("groups = %v, want %v", got, tc.want)
				}
			})
		}
	})
}
