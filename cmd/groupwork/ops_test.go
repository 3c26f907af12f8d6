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

// opsRun is `groupwork run` with ops.listen on a free loopback port,
// against the fake Discord, on the database at db.
type opsRun struct {
	fake   *discordtest.Fake
	addr   string
	stderr *syncBuffer
	stop   func()
}

func startOpsRun(t *testing.T, db string) *opsRun {
	t.Helper()
	const token = "Bot-token-SENTINEL-456"
	fake := discordtest.New(t, token)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // groupwork opens it again at once
	cfgPath := filepath.Join(t.TempDir(), "config.yaml")
	cfg := fmt.Sprintf(`database: %s
ops: {listen: "%s"}
discord:
  token: ${TEST_DISCORD_TOKEN}
  application_id: "%s"
  guild_ids: ["%s"]
  base_url: %s
`, db, addr, discordtest.AppID, discordtest.GuildID, fake.URL())
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TEST_DISCORD_TOKEN", token)
	ctx, cancel := context.WithCancel(context.Background())
	stderr := &syncBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"run", "-config", cfgPath}, strings.NewReader(""), io.Discard, stderr)
	}()
	if !fake.WaitReady(20 * time.Second) {
		cancel()
		t.Fatalf("the bot never connected; log:\n%s", stderr.String())
	}
	r := &opsRun{fake: fake, addr: addr, stderr: stderr}
	r.stop = func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("run exited %d; stderr:\n%s", code, stderr.String())
			}
		case <-time.After(20 * time.Second):
			t.Fatal("run did not stop")
		}
		if strings.Contains(stderr.String(), token) {
			t.Error("the token appears in the log")
		}
	}
	return r
}

func (r *opsRun) get(path string) (int, string) {
	resp, err := http.Get("http://" + r.addr + path)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// readyz asks /readyz until its body holds want: the gateway's READY
// reached the fake, and the adapter marks itself connected as discordgo
// returns from Open, a moment later.
func (r *opsRun) readyz(t *testing.T, want string) (int, string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	code, body := r.get("/readyz")
	for !strings.Contains(body, want) && time.Now().Before(deadline) {
		runtime.Gosched()
		code, body = r.get("/readyz")
	}
	return code, body
}

// TestRunServesHealthAndMetrics: /healthz answers, /readyz says the store
// and Discord are ready, and /metrics counts the therapist's command
// without naming them, the group or anything typed.
func TestRunServesHealthAndMetrics(t *testing.T) {
	r := startOpsRun(t, filepath.Join(t.TempDir(), "gw.db"))
	defer r.stop()
	if code, body := r.readyz(t, "discord ok"); code != http.StatusOK || body != "discord ok\nstore ok\n" {
		t.Fatalf("/readyz = %d %q; log:\n%s", code, body, r.stderr.String())
	}
	if code, body := r.get("/healthz"); code != http.StatusOK || body != "ok\n" {
		t.Errorf("/healthz = %d %q", code, body)
	}
	r.fake.Dispatch("Tess", 2, discordtest.GroupChannelID, map[string]any{
		"id": "1", "name": "group", "type": 1,
		"options": []any{map[string]any{"type": 1, "name": "create", "options": []any{
			map[string]any{"type": 3, "name": "name", "value": "Operator group"},
		}}},
	}, nil).Settled(t)
	code, metrics := r.get("/metrics")
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
	for _, leak := range []string{"Operator group", "Tess", discordtest.GroupChannelID} {
		if strings.Contains(metrics, leak) {
			t.Errorf("/metrics carries %q", leak)
		}
	}
}

// TestReadyzWithoutTheDatabase: when the database cannot be opened,
// groupwork serves /crisis only; /readyz says the store is not ready (503)
// while Discord is connected, and /crisis is still counted.
func TestReadyzWithoutTheDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "gw.db")
	if err := os.WriteFile(db, []byte("not a database"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := startOpsRun(t, db)
	defer r.stop()
	code, body := r.readyz(t, "discord ok")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "discord ok\n") || !strings.Contains(body, "store not ready: the database could not be opened") {
		t.Fatalf("/readyz = %d %q", code, body)
	}
	if code, _ := r.get("/healthz"); code != http.StatusOK {
		t.Errorf("/healthz = %d while serving /crisis", code)
	}
	r.fake.Command("Ana", "crisis").Settled(t)
	_, metrics := r.get("/metrics")
	if !regexp.MustCompile(`(?m)^groupwork_events_total\{kind="command",outcome="ok",platform="discord"\} 1$`).MatchString(metrics) {
		t.Errorf("/crisis is not counted:\n%s", grepLines(metrics, "groupwork_events_total"))
	}
	if strings.Contains(metrics, "groupwork_open_alerts") {
		t.Error("open alerts reported without a database")
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
