package bot_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestCoreImportsNoPlatformOrDriver keeps the dependency direction of
// DESIGN.md: the core and the exercise format import no platform SDK, no
// database driver, and none of the packages that depend on them. It checks
// the full transitive import graph, not just the direct imports.
func TestCoreImportsNoPlatformOrDriver(t *testing.T) {
	forbidden := []string{
		"github.com/bwmarrin/discordgo", "github.com/slack-go/slack", "github.com/mattn/go-sqlite3",
		"github.com/gorilla/websocket", "database/sql", "net/http",
		"groupwork/adapters", "groupwork/storage", "groupwork/cmd", "groupwork/config",
	}
	for _, pkg := range []string{"groupwork/bot", "groupwork/exercises"} {
		out, err := exec.Command("go", "list", "-deps", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", pkg, err, out)
		}
		deps := strings.Fields(string(out))
		if len(deps) < 10 {
			t.Fatalf("go list returned too little to be a real dependency list: %q", deps)
		}
		for _, d := range deps {
			for _, f := range forbidden {
				if d == f || strings.HasPrefix(d, f+"/") {
					t.Errorf("%s depends on %s", pkg, d)
				}
			}
		}
	}
}
