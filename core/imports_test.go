package core_test

import (
	"os/exec"
	"strings"
	"testing"
)

// goList runs go list with a template over pkgs and returns its output fields.
func goList(t *testing.T, format string, pkgs ...string) []string {
	t.Helper()
	args := append([]string{"list", "-f", format}, pkgs...)
	out, err := exec.Command("go", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("go list %s: %v\n%s", strings.Join(pkgs, " "), err, out)
	}
	return strings.Fields(string(out))
}

// TestCoreImportsNoPlatformOrDriver keeps the dependency direction of
// DESIGN.md: the engine imports the contract, the exercise format and a few
// pure libraries, never a platform SDK, a database driver or the packages
// that wrap them. It checks the full transitive import graph.
func TestCoreImportsNoPlatformOrDriver(t *testing.T) {
	// The libraries the engine may use besides the standard library. A new
	// one is added here on purpose, never by accident.
	// golang.org/x/text/encoding and golang.org/x/sys/cpu come with
	// x/image's font parser and rasteriser (the chart font, chart_font.go).
	allowed := []string{"groupwork/bot", "groupwork/exercises", "go.yaml.in/yaml/v3", "github.com/robfig/cron/v3", "golang.org/x/image", "golang.org/x/time/rate",
		"golang.org/x/text/encoding", "golang.org/x/text/transform", "golang.org/x/sys/cpu"}
	deps := goList(t, "{{if not .Standard}}{{.ImportPath}}{{end}}", "-deps", "groupwork/core")
	if len(deps) < 3 {
		t.Fatalf("go list returned too little to be a real dependency list: %q", deps)
	}
	for _, d := range deps {
		ok := d == "groupwork/core"
		for _, a := range allowed {
			ok = ok || d == a || strings.HasPrefix(d, a+"/")
		}
		if !ok {
			t.Errorf("core depends on %s; the engine may use only %s and the standard library", d, strings.Join(allowed, ", "))
		}
	}
	for _, d := range goList(t, "{{range .Deps}}{{.}} {{end}}", "groupwork/core") {
		for _, std := range []string{"database/sql", "net/http"} {
			if d == std || strings.HasPrefix(d, std+"/") {
				t.Errorf("core depends on %s", d)
			}
		}
	}
}

// TestNoAdapterOrStorageImportsCore keeps the engine out of the platforms
// and the stores: they implement the contract in bot and never reach into
// core, so a new adapter or store is written against bot alone. Their tests
// may wire a core (tests are wiring rooms); their code may not.
func TestNoAdapterOrStorageImportsCore(t *testing.T) {
	lines := goList(t, "{{.ImportPath}}:{{range .Deps}}{{.}},{{end}}", "groupwork/adapters/...", "groupwork/storage/...")
	if len(lines) < 2 {
		t.Fatalf("go list found too few adapter and storage packages: %q", lines)
	}
	for _, l := range lines {
		pkg, deps, _ := strings.Cut(l, ":")
		for d := range strings.SplitSeq(deps, ",") {
			if d == "groupwork/core" || strings.HasPrefix(d, "groupwork/core/") {
				t.Errorf("%s depends on %s", pkg, d)
			}
		}
	}
}
