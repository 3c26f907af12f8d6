package slack

import (
	"encoding/json"
	"fmt"
)

// Scope is one bot scope the app asks for, with why it needs it.
type Scope struct {
	Name, Why string
}

// Scopes are the bot scopes groupwork needs, the minimum for what it does.
var Scopes = []Scope{
	{"commands", "the one slash command (/groupwork …)"},
	{"chat:write", "post exercises, replies and ephemeral answers; update the bot's own messages"},
	{"groups:write", "create a group's private channel, invite its members and remove people who leave the group"},
	{"groups:read", "check that a channel a group is created in is private, and list who is in it (to tell the therapist who else can read it)"},
	{"groups:history", "look through the group channel's latest messages after a crash, so a prompt is never posted twice"},
	{"channels:read", "tell a public channel apart from a private one when a group is created in it (it is then refused)"},
	{"im:write", "open a direct message for safety alerts, reminders, digests and private attachments"},
	{"files:write", "share charts and exports (files.getUploadURLExternal / files.completeUploadExternal)"},
	{"users:read", "show names, not ids, when telling the therapist who else can read the channel"},
}

// Events are the bot events the app subscribes to: both only tell it that
// it has lost access, so that it stops and says so.
var Events = []string{"app_uninstalled", "tokens_revoked"}

// Manifest returns the Slack app manifest (JSON) for an app named name with
// the slash command /command: bot scopes, the slash command (escaping user
// mentions so they arrive as <@U…|name>), interactivity, and Socket Mode
// unless requestURL is given (HTTP mode: commands, interactivity and events
// all go to requestURL).
func Manifest(name, command, requestURL string) ([]byte, error) {
	if name == "" {
		name = "groupwork"
	}
	if command == "" {
		command = "groupwork"
	}
	scopes := make([]string, len(Scopes))
	for i, s := range Scopes {
		scopes[i] = s.Name
	}
	slash := map[string]any{
		"command":       "/" + command,
		"description":   "Therapy group exercises, check-ins and reviews",
		"usage_hint":    "help | group create \"Tuesday group\" | exercise start mood-checkin | review group",
		"should_escape": true,
	}
	interactivity := map[string]any{"is_enabled": true}
	events := map[string]any{"bot_events": Events}
	if requestURL != "" {
		slash["url"] = requestURL
		interactivity["request_url"] = requestURL
		events["request_url"] = requestURL
	}
	m := map[string]any{
		"_metadata": map[string]any{"major_version": 1, "minor_version": 1},
		"display_information": map[string]any{
			"name":        name,
			"description": "Structured exercises, check-ins and attendance for therapy groups, led by their therapist.",
		},
		"features": map[string]any{
			"bot_user":       map[string]any{"display_name": name, "always_online": true},
			"slash_commands": []any{slash},
			"app_home":       map[string]any{"messages_tab_enabled": true, "messages_tab_read_only_enabled": false, "home_tab_enabled": false},
		},
		"oauth_config": map[string]any{"scopes": map[string]any{"bot": scopes}},
		"settings": map[string]any{
			"interactivity":          interactivity,
			"event_subscriptions":    events,
			"socket_mode_enabled":    requestURL == "",
			"org_deploy_enabled":     false,
			"token_rotation_enabled": false,
		},
	}
	out, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("slack manifest: %w", err)
	}
	return append(out, '\n'), nil
}
