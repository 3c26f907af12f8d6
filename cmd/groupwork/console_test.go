package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// TestConsoleReopensDatabase (issue 10, item 5): a console started again
// on the same database answers its first commands. Before, the shell
// numbered deliveries shell-1… on every start, so the store took them for
// repeats of the last run's and /help printed nothing.
func TestConsoleReopensDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	session := func(lines ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		in := strings.NewReader(strings.Join(append(lines, "/quit"), "\n") + "\n")
		if code := run(t.Context(), []string{"console", "-db", db}, in, &stdout, &stderr); code != 0 {
			t.Fatalf("console: exit %d: %s", code, stderr.String())
		}
		return stdout.String()
	}
	session(`/group create "G"`, "/group add @Ana", "/help")
	out := session("/help", "/group info")
	if strings.Contains(out, "(nothing happens)") {
		t.Errorf("a reopened console ignored a command:\n%s", out)
	}
	for _, want := range []string{"/crisis", "Members (1)"} {
		if !strings.Contains(out, want) {
			t.Errorf("the reopened console's output lacks %q:\n%s", want, out)
		}
	}
}
