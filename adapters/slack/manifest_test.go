package slack

import (
	"encoding/json"
	"testing"
)

// TestManifest checks the keys Slack's manifest schema requires, and what
// groupwork needs from it.
func TestManifest(t *testing.T) {
	for _, mode := range []struct{ name, url string }{{"socket", ""}, {"http", "https://gw.example.org/slack"}} {
		t.Run(mode.name, func(t *testing.T) {
			raw, err := Manifest("", "gw", mode.url)
			if err != nil {
				t.Fatal(err)
			}
			var m struct {
				Metadata struct {
					Major int `json:"major_version"`
				} `json:"_metadata"`
				Display struct {
					Name string `json:"name"`
				} `json:"display_information"`
				Features struct {
					BotUser struct {
						DisplayName string `json:"display_name"`
					} `json:"bot_user"`
					Slash []struct {
						Command, Description, URL string
						ShouldEscape              bool `json:"should_escape"`
					} `json:"slash_commands"`
				} `json:"features"`
				OAuth struct {
					Scopes struct {
						Bot []string `json:"bot"`
					} `json:"scopes"`
				} `json:"oauth_config"`
				Settings struct {
					Interactivity struct {
						Enabled    bool   `json:"is_enabled"`
						RequestURL string `json:"request_url"`
					} `json:"interactivity"`
					Events struct {
						BotEvents  []string `json:"bot_events"`
						RequestURL string   `json:"request_url"`
					} `json:"event_subscriptions"`
					SocketMode *bool `json:"socket_mode_enabled"`
				} `json:"settings"`
			}
			if err := json.Unmarshal(raw, &m); err != nil {
				t.Fatalf("not JSON: %v", err)
			}
			if m.Metadata.Major != 1 || m.Display.Name == "" || len(m.Display.Name) > 35 || m.Features.BotUser.DisplayName == "" {
				t.Errorf("required display keys: %+v", m)
			}
			if len(m.Features.Slash) != 1 || m.Features.Slash[0].Command != "/gw" || m.Features.Slash[0].Description == "" || !m.Features.Slash[0].ShouldEscape {
				t.Errorf("one escaping slash command /gw: %+v", m.Features.Slash)
			}
			if !m.Settings.Interactivity.Enabled || m.Settings.SocketMode == nil || *m.Settings.SocketMode != (mode.url == "") {
				t.Errorf("interactivity / socket mode: %+v", m.Settings)
			}
			if mode.url != "" && (m.Features.Slash[0].URL != mode.url || m.Settings.Interactivity.RequestURL != mode.url || m.Settings.Events.RequestURL != mode.url) {
				t.Errorf("HTTP mode needs request URLs: %+v", m)
			}
			if len(m.Settings.Events.BotEvents) == 0 {
				t.Errorf("no events")
			}
			want := map[string]bool{}
			for _, s := range Scopes {
				if s.Why == "" {
					t.Errorf("scope %s is not justified", s.Name)
				}
				want[s.Name] = true
			}
			for _, s := range m.OAuth.Scopes.Bot {
				if !want[s] {
					t.Errorf("scope %s in the manifest but not justified", s)
				}
				delete(want, s)
			}
			if len(want) > 0 || !containsStr(m.OAuth.Scopes.Bot, "commands") || !containsStr(m.OAuth.Scopes.Bot, "chat:write") {
				t.Errorf("scopes: %v", m.OAuth.Scopes.Bot)
			}
			for _, broad := range []string{"channels:history", "chat:write.public", "users:read.email", "admin", "groups:write.invites"} {
				if containsStr(m.OAuth.Scopes.Bot, broad) {
					t.Errorf("scope %s is more than groupwork needs", broad)
				}
			}
		})
	}
}

func containsStr(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
