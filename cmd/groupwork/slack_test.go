package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"groupwork/adapters/discord/discordtest"
	"groupwork/adapters/slack/slacktest"
)

func TestSlackManifestCommand(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "c.yaml")
	t.Setenv("SLACK_BOT_TOKEN", "xoxb-1")
	t.Setenv("SLACK_APP_TOKEN", "xapp-1")
	if err := os.WriteFile(cfg, []byte("slack:\n  bot_token: ${SLACK_BOT_TOKEN}\n  app_token: ${SLACK_APP_TOKEN}\n  team_ids: [T0123ABCD]\n  command: therapy\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"slack", "manifest", "-config", cfg}, nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var m map[string]any
	if err := json.Unmarshal(out.Bytes(), &m); err != nil {
		t.Fatalf("manifest is not JSON: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), `"/therapy"`) || !strings.Contains(out.String(), `"socket_mode_enabled": true`) {
		t.Errorf("manifest should use the configured command and Socket Mode:\n%s", out.String())
	}
	if strings.Contains(out.String(), "xoxb-1") {
		t.Errorf("the manifest contains the token")
	}
	out.Reset()
	if code := run(context.Background(), []string{"slack", "manifest", "-url", "http://insecure"}, nil, &out, &errb); code != 2 {
		t.Errorf("an http:// request URL should be refused, exit %d", code)
	}
}

// TestRunServesDiscordAndSlack starts `groupwork run` with both sections,
// as an operator would, against both in-repo fakes: one process serves a
// group on each platform.
func TestRunServesDiscordAndSlack(t *testing.T) {
	const dtoken = "Bot-token-SENTINEL-456"
	dfake := discordtest.New(t, dtoken)
	sfake := slacktest.New(t)
	ch := sfake.AddChannel("practice-group", true, slacktest.BotUserID)
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "config.yaml")
	cfg := fmt.Sprintf(`database: %s
log: {level: debug}
discord:
  token: ${TEST_DISCORD_TOKEN}
  application_id: "%s"
  guild_ids: ["%s"]
  base_url: %s
slack:
  bot_token: ${TEST_SLACK_BOT_TOKEN}
  app_token: ${TEST_SLACK_APP_TOKEN}
  team_ids: [%s]
  api_url: %s
`, filepath.Join(dir, "gw.db"), discordtest.AppID, discordtest.GuildID, dfake.URL(), slacktest.TeamID, sfake.APIURL())
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TEST_DISCORD_TOKEN", dtoken)
	t.Setenv("TEST_SLACK_BOT_TOKEN", sfake.BotToken())
	t.Setenv("TEST_SLACK_APP_TOKEN", sfake.AppToken())

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"run", "-config", cfgPath}, strings.NewReader(""), &stdout, &stderr) }()
	if !dfake.WaitReady(20 * time.Second) {
		t.Fatalf("the bot never connected to the fake Discord; log:\n%s", stderr.String())
	}
	sfake.WaitConnected(t, 1)

	tess := sfake.User("Tess")
	sex := sfake.SlashCommand(tess.ID, ch.ID, "/groupwork", `group create "Slack group"`)
	st := sex.Wait(t, "the reply to /groupwork group create", func(s slacktest.State) bool { return len(s.Followups) > 0 })
	if got := st.Followups[0].AllText(); !strings.Contains(got, "Group *Slack group* is set up") || !strings.Contains(got, "/groupwork group add") {
		t.Errorf("Slack reply: %q", got)
	}
	dex := dfake.Dispatch("Tess", 2, discordtest.GroupChannelID, map[string]any{
		"id": "1", "name": "group", "type": 1,
		"options": []any{map[string]any{"type": 1, "name": "create", "options": []any{
			map[string]any{"type": 3, "name": "name", "value": "Discord group"},
		}}},
	}, nil)
	var shown []string
	for _, m := range dex.Settled(t).Shown() {
		shown = append(shown, m.Content)
	}
	if !strings.Contains(strings.Join(shown, "\n"), "Group **Discord group** is set up") {
		t.Errorf("Discord reply: %q", shown)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("run exited %d on shutdown; stderr:\n%s", code, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("run did not stop after its context ended")
	}
	for _, secret := range []string{dtoken, sfake.BotToken(), sfake.AppToken()} {
		if strings.Contains(stderr.String(), secret) || strings.Contains(stdout.String(), secret) {
			t.Errorf("a token appears in the output")
		}
	}
	if v := sfake.Violations(); len(v) > 0 {
		t.Errorf("Slack's rules broken: %q", v)
	}
}
