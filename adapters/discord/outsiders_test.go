package discord_test

import (
	"log/slog"
	"strings"
	"testing"

	"groupwork/adapters/adaptertest"
	"groupwork/adapters/discord"
	"groupwork/adapters/discord/discordtest"
)

// TestOutsidersNamesOnlyWhoCanRead: the privacy warning of an adopted
// channel names the roles whose members can read it, computed as Discord
// does (base permissions of @everyone and the role, Administrator, then the
// @everyone overwrite, then the role's overwrite), and never the bot's own
// managed role.
func TestOutsidersNamesOnlyWhoCanRead(t *testing.T) {
	t.Parallel()
	f := discordtest.New(t, token)
	a, err := discord.New(discord.Config{Token: token, BaseURL: f.URL()}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	const (
		view = discordtest.PermViewChannel
		mods = "100000000000000011"
	)
	staff := f.AddRole("Staff", 0)          // cannot view channels server-wide
	guests := f.AddRole("Guests", view)     // can, server-wide
	auditors := f.AddRole("Auditors", view) // can, server-wide
	everyoneDeny := discordtest.Overwrite{ID: discordtest.GuildID, Type: 0, Deny: view}
	botMember := discordtest.Overwrite{ID: discordtest.BotID, Type: 1, Allow: discordtest.PermDefault}
	cases := []struct {
		name string
		ows  []discordtest.Overwrite
		want []string
	}{
		{"private: @everyone denied", []discordtest.Overwrite{everyoneDeny, botMember},
			[]string{"role @Admins (administrator)", "server owner Server Owner"}},
		{"private, a role allowed back in", []discordtest.Overwrite{everyoneDeny, botMember, {ID: staff, Type: 0, Allow: view}},
			[]string{"role @Admins (administrator)", "role @Staff", "server owner Server Owner"}},
		{"private, the bot's role allowed in", []discordtest.Overwrite{everyoneDeny, {ID: discordtest.BotRoleID, Type: 0, Allow: discordtest.PermDefault}},
			[]string{"role @Admins (administrator)", "server owner Server Owner"}},
		{"private, an administrator role denied", []discordtest.Overwrite{everyoneDeny, {ID: "100000000000000010", Type: 0, Deny: view}},
			[]string{"role @Admins (administrator)", "server owner Server Owner"}},
		{"public", nil,
			[]string{"role @Admins (administrator)", "role @Auditors", "role @Guests", "role @Moderators", "role @Staff", "role @everyone", "server owner Server Owner"}},
		{"public, two roles denied", []discordtest.Overwrite{{ID: mods, Type: 0, Deny: view}, {ID: guests, Type: 0, Deny: view}},
			[]string{"role @Admins (administrator)", "role @Auditors", "role @Staff", "role @everyone", "server owner Server Owner"}},
		{"@everyone denied by role overwrite", []discordtest.Overwrite{everyoneDeny, {ID: auditors, Type: 0, Deny: view}, {ID: mods, Type: 0, Allow: view}},
			[]string{"role @Admins (administrator)", "role @Moderators", "server owner Server Owner"}},
	}
	ana := f.User("Ana")
	for _, tc := range cases {
		f.SetOverwrites(discordtest.GroupChannelID, tc.ows...)
		out, err := a.Outsiders(t.Context(), discordtest.GroupChannelID, []string{ana.ID})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if strings.Join(out, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s:\n got  %q\n want %q", tc.name, out, tc.want)
		}
	}
}

// TestAdoptedChannelPrivacyWarning: a therapist who sets up a group in the
// fake's private channel is warned about the administrators and the owner,
// not about roles that cannot read it nor about the bot itself.
func TestAdoptedChannelPrivacyWarning(t *testing.T) {
	d := newDriver(t, adaptertest.Options{})
	s := d.Do(t, "Tess", `/group create "Warned group"`)
	if !strings.Contains(s.Text, "Privacy warning") || !strings.Contains(s.Text, "role @Admins (administrator)") || !strings.Contains(s.Text, "server owner Server Owner") {
		t.Fatalf("no warning about the administrators and the owner:\n%s", s.Text)
	}
	for _, never := range []string{"@Moderators", "@groupwork", "@everyone"} {
		if strings.Contains(s.Text, never) {
			t.Errorf("the warning names %s, who cannot read the channel or is the bot:\n%s", never, s.Text)
		}
	}
}
