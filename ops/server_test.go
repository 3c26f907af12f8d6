package ops_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"groupwork/ops"
)

func get(t *testing.T, srv *httptest.Server, path string) (int, string) {
	t.Helper()
	resp, err := srv.Client().Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestHealthAndReadiness(t *testing.T) {
	slackUp := false
	checks := map[string]ops.Check{
		"store":   func(context.Context) error { return nil },
		"discord": func(context.Context) error { return nil },
		"slack": func(context.Context) error {
			if !slackUp {
				return errors.New("not connected")
			}
			return nil
		},
	}
	srv := httptest.NewServer(ops.NewServer(ops.NewMetrics(), checks, nil).Handler())
	defer srv.Close()

	if code, body := get(t, srv, "/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz = %d %q", code, body)
	}
	code, body := get(t, srv, "/readyz")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "slack not ready: not connected") || !strings.Contains(body, "store ok") {
		t.Errorf("/readyz with slack down = %d %q", code, body)
	}
	slackUp = true
	if code, body := get(t, srv, "/readyz"); code != 200 || body != "discord ok\nslack ok\nstore ok\n" {
		t.Errorf("/readyz with all up = %d %q", code, body)
	}
	if code, _ := get(t, srv, "/debug/pprof/"); code != http.StatusNotFound {
		t.Errorf("an unknown path answered %d", code)
	}
	resp, err := srv.Client().Post(srv.URL+"/healthz", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /healthz = %d, want 405", resp.StatusCode)
	}
}

func TestListenIsLoopbackUnlessPublic(t *testing.T) {
	for _, addr := range []string{"127.0.0.1:0", "[::1]:0", "localhost:0", ":0"} {
		l, err := ops.Listen(addr, false)
		if err != nil {
			if strings.HasPrefix(addr, "[::1]") {
				continue // no IPv6 loopback on this machine
			}
			t.Errorf("Listen(%q) = %v", addr, err)
			continue
		}
		host := l.Addr().String()
		if !strings.HasPrefix(host, "127.0.0.1:") && !strings.HasPrefix(host, "[::1]:") {
			t.Errorf("Listen(%q) listens on %s, not loopback", addr, host)
		}
		l.Close()
	}
	for _, addr := range []string{"0.0.0.0:9090", "192.0.2.7:9090", "example.org:9090"} {
		if _, err := ops.Listen(addr, false); !errors.Is(err, ops.ErrNotLoopback) {
			t.Errorf("Listen(%q) = %v, want ErrNotLoopback", addr, err)
		}
	}
}
