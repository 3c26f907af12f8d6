package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"groupwork/adapters/discord/discordtest"
)

// syncBuffer is a bytes.Buffer safe for the log writer and the test reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestRunAgainstFakeDiscord starts `groupwork run -config FILE` as an
// operator would, with the Discord base URL pointed at the in-repo fake and
// the token from the environment, then has a therapist create a group.
func TestRunAgainstFakeDiscord(t *testing.T) {
	const token = "Bot-token-SENTINEL-123"
	fake := discordtest.New(t, token)
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "config.yaml")
	cfg := fmt.Sprintf(`database: %s
log: {level: debug}
discord:
  token: ${TEST_DISCORD_TOKEN}
  application_id: "%s"
  guild_ids: ["%s"]
  base_url: %s
`, filepath.Join(dir, "gw.db"), discordtest.AppID, discordtest.GuildID, fake.URL())
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TEST_DISCORD_TOKEN", token)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"run", "-config", cfgPath}, strings.NewReader(""), &stdout, &stderr) }()

	if !fake.WaitReady(20 * time.Second) {
		t.Fatalf("the bot never connected to the fake gateway; log:\n%s", stderr.String())
	}
	// The adapter registers the command tree before it opens the gateway.
	if n := len(fake.Commands(discordtest.GuildID)); n == 0 {
		t.Fatalf("no commands registered in the guild")
	}
	ex := fake.Dispatch("Tess", 2, discordtest.GroupChannelID, map[string]any{
		"id": "1", "name": "group", "type": 1,
		"options": []any{map[string]any{"type": 1, "name": "create", "options": []any{
			map[string]any{"type": 3, "name": "name", "value": "Operator group"},
		}}},
	}, nil)
	st := ex.Settled(t)
	var shown []string
	for _, m := range st.Shown() {
		shown = append(shown, m.Content)
	}
	if !strings.Contains(strings.Join(shown, "\n"), "Group **Operator group** is set up") {
		t.Fatalf("reply to /group create: %q", shown)
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
	if strings.Contains(stderr.String(), token) || strings.Contains(stdout.String(), token) {
		t.Errorf("the token appears in the output")
	}
	if v := fake.Violations(); len(v) > 0 {
		t.Errorf("the fake saw protocol violations: %q", v)
	}
}

func TestRunRefusesBadToken(t *testing.T) {
	fake := discordtest.New(t, "the-right-token")
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "config.yaml")
	cfg := fmt.Sprintf("database: %s\ndiscord:\n  token: ${TEST_DISCORD_TOKEN}\n  application_id: \"%s\"\n  base_url: %s\n",
		filepath.Join(dir, "gw.db"), discordtest.AppID, fake.URL())
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TEST_DISCORD_TOKEN", "a-wrong-token-SENTINEL")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"run", "-config", cfgPath}, strings.NewReader(""), &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "DISCORD_TOKEN") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr.String())
	}
	if strings.Contains(stderr.String(), "SENTINEL") {
		t.Errorf("the token appears in the error")
	}
}

func TestDiscordInvite(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"discord", "invite", "-app", "123456789012345678"}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "client_id=123456789012345678") || !strings.Contains(stdout.String(), "applications.commands") {
		t.Errorf("invite output: %s", stdout.String())
	}
}
