package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"groupwork/adapters/discord/discordtest"
)

// TestRunServesHealthAndMetrics runs `groupwork run` with ops.listen set,
// against the fake Discord: /healthz answers, /readyz says the store and
// Discord are ready, and /metrics counts the therapist's command without
// naming them, the group or anything typed.
func TestRunServesHealthAndMetrics(t *testing.T) {
	const token = "Bot-token-SENTINEL-456"
	fake := discordtest.New(t, token)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // groupwork opens it again; nothing else takes a port in the meantime on this loopback
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "config.yaml")
	cfg := fmt.Sprintf(`database: %s
ops: {listen: "%s"}
discord:
  token: ${TEST_DISCORD_TOKEN}
  application_id: "%s"
  guild_ids: ["%s"]
  base_url: %s
`, filepath.Join(dir, "gw.db"), addr, discordtest.AppID, discordtest.GuildID, fake.URL())
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
		t.Fatalf("the bot never connected; log:\n%s", stderr.String())
	}
	get := func(path string) (int, string) {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	// The gateway's READY reached the fake; the adapter marks itself
	// connected as discordgo returns from Open, a moment later.
	deadline := time.Now().Add(20 * time.Second)
	code, body := get("/readyz")
	for code != http.StatusOK && time.Now().Before(deadline) {
		runtime.Gosched()
		code, body = get("/readyz")
	}
	if code != http.StatusOK || body != "discord ok\nstore ok\n" {
		t.Fatalf("/readyz = %d %q; log:\n%s", code, body, stderr.String())
	}
	if code, body := get("/healthz"); code != http.StatusOK || body != "ok\n" {
		t.Errorf("/healthz = %d %q", code, body)
	}
	fake.Dispatch("Tess", 2, discordtest.GroupChannelID, map[string]any{
		"id": "1", "name": "group", "type": 1,
		"options": []any{map[string]any{"type": 1, "name": "create", "options": []any{
			map[string]any{"type": 3, "name": "name", "value": "Operator group"},
		}}},
	}, nil).Settled(t)
	code, metrics := get("/metrics")
	if code != http.StatusOK {
		t.Fatalf("/metrics = %d", code)
	}
	if !regexp.MustCompile(`(?m)^groupwork_events_total\{kind="command",outcome="ok",platform="discord"\} 1$`).MatchString(metrics) {
		t.Errorf("the command is not counted:\n%s", grepLines(metrics, "groupwork_events_total"))
	}
	if !regexp.MustCompile(`(?m)^groupwork_ack_latency_seconds_count\{kind="command",platform="discord"\} 1$`).MatchString(metrics) {
		t.Errorf("no ack latency:\n%s", grepLines(metrics, "groupwork_ack_latency"))
	}
	for _, want := range []string{`groupwork_store_operation_seconds_count{op="CreateGroup"} 1`, "groupwork_open_alerts 0", "go_goroutines"} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	for _, leak := range []string{"Operator group", "Tess", discordtest.GroupChannelID, token} {
		if strings.Contains(metrics, leak) {
			t.Errorf("/metrics carries %q", leak)
		}
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("run exited %d; stderr:\n%s", code, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("run did not stop")
	}
}

func grepLines(text, prefix string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
