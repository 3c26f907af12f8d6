package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"groupwork/adapters/discord/discordtest"
)

// TestRunWithoutItsDatabase: when the database cannot be opened (here: the
// file is not a database), `groupwork run` does not exit. It logs the
// failure for the operator, connects to Discord, answers /crisis (in the
// group channel and in a DM, from the built-in table and configuration),
// and tells everyone else that the service is unavailable.
func TestRunWithoutItsDatabase(t *testing.T) {
	const token = "Bot-token-SENTINEL-456"
	fake := discordtest.New(t, token)
	dir := t.TempDir()
	db := filepath.Join(dir, "gw.db")
	if err := os.WriteFile(db, []byte("this is not a database, it is a note about one"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfgPath := filepath.Join(dir, "config.yaml")
	cfg := fmt.Sprintf(`database: %s
safety: {region: GB}
discord:
  token: ${TEST_DISCORD_TOKEN}
  application_id: "%s"
  guild_ids: ["%s"]
  base_url: %s
`, db, discordtest.AppID, discordtest.GuildID, fake.URL())
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TEST_DISCORD_TOKEN", token)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"run", "-config", cfgPath}, strings.NewReader(""), &stdout, &stderr) }()
	ready := make(chan bool, 1)
	go func() { ready <- fake.WaitReady(20 * time.Second) }()
	select {
	case code := <-done:
		t.Fatalf("run exited %d instead of serving /crisis; stderr:\n%s", code, stderr.String())
	case ok := <-ready:
		if !ok {
			t.Fatalf("the bot never connected; log:\n%s", stderr.String())
		}
	}
	shown := func(ex *discordtest.Exchange) string {
		var out []string
		for _, m := range ex.Settled(t).Shown() {
			if !m.Ephemeral() {
				t.Errorf("reply is not private: %q", m.Content)
			}
			out = append(out, m.Content)
		}
		return strings.Join(out, "\n")
	}
	text := shown(fake.Command("Ana", "crisis"))
	for _, want := range []string{"If you need help right now", "call your local emergency number", "Numbers for United Kingdom:", "116 123"} {
		if !strings.Contains(text, want) {
			t.Errorf("/crisis in the group channel lacks %q:\n%s", want, text)
		}
	}
	text = shown(fake.Command("Tess", "group", map[string]any{"type": 1, "name": "create", "options": []any{
		map[string]any{"type": 3, "name": "name", "value": "Operator group"}}}))
	if !strings.Contains(text, "groupwork is not available right now") || !strings.Contains(text, "nothing was saved") {
		t.Errorf("/group create while the database is down: %q", text)
	}
	if !strings.Contains(stderr.String(), "the database cannot be opened") || !strings.Contains(stderr.String(), "gw.db") {
		t.Errorf("the operator's log does not say the database cannot be opened:\n%s", stderr.String())
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
	if strings.Contains(stderr.String(), token) {
		t.Errorf("the token appears in the log")
	}
	if v := fake.Violations(); len(v) > 0 {
		t.Errorf("protocol violations: %q", v)
	}
}
