package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"groupwork/config"
	"groupwork/core"
)

// TestLocalToolsUseDocumentedDefaults: console (and demo, through the same
// openLocal) without -config run on config.Defaults(), whose values are the
// documented ones: /forgetme keeps anonymous counts, as the README says.
func TestLocalToolsUseDocumentedDefaults(t *testing.T) {
	d := botConfig(config.Defaults(), nil, nil, nil, nil)
	if !d.ForgetKeepsCounts || d.RetentionDays != 365 || d.DefaultTimeZone != "UTC" || d.AlertResendAfter != core.DefaultAlertResend {
		t.Errorf("defaults differ from the documented ones: %+v", d)
	}
	out := console(t, "")
	if !strings.Contains(out, "Your therapist keeps only anonymous counts") {
		t.Errorf("console without -config does not keep counts (documented default: forget_keeps_counts true):\n%s", out)
	}
}

// TestLocalToolsTakeConfig: console -config uses the file's settings (here
// its consent text and forget_keeps_counts) but not its database.
func TestLocalToolsTakeConfig(t *testing.T) {
	dir := t.TempDir()
	cfgFile := filepath.Join(dir, "config.yaml")
	prod := filepath.Join(dir, "practice.db")
	src := "database: " + prod + "\nforget_keeps_counts: false\nconsent:\n  version: \"7\"\n  notice: \"Our own consent words: kept 30 days.\"\n"
	if err := os.WriteFile(cfgFile, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	out := console(t, cfgFile, "/as Ana", "/privacy")
	if !strings.Contains(out, "Nothing is kept that could name you.") {
		t.Errorf("console -config ignored forget_keeps_counts: false:\n%s", out)
	}
	if !strings.Contains(out, "Our own consent words") {
		t.Errorf("console -config ignored the consent text:\n%s", out)
	}
	if _, err := os.Stat(prod); !os.IsNotExist(err) {
		t.Errorf("console -config opened the configuration's database: %v", err)
	}
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"demo", "-config", filepath.Join(dir, "missing.yaml")}, nil, &stdout, &stderr); code != 1 {
		t.Errorf("demo with a missing config: exit %d, %s", code, stderr.String())
	}
}

// console runs the console on a fresh database as Tess, who creates a
// group and adds Ana; Ana then asks to erase her data; then more lines.
func console(t *testing.T, cfgFile string, more ...string) string {
	t.Helper()
	args := []string{"console", "-db", filepath.Join(t.TempDir(), "c.db")}
	if cfgFile != "" {
		args = append(args, "-config", cfgFile)
	}
	lines := append([]string{`/group create "G"`, "/group add @Ana", "/as Ana", "/forgetme"}, more...)
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), args, strings.NewReader(strings.Join(lines, "\n")+"\n"), &stdout, &stderr); code != 0 {
		t.Fatalf("console: exit %d: %s", code, stderr.String())
	}
	return stdout.String()
}

// TestDefaultsAreTheREADMEs: the defaults console and demo run on are the
// ones the README's configuration table documents.
func TestDefaultsAreTheREADMEs(t *testing.T) {
	src, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]string{} // first key of a row → its first default
	for _, line := range strings.Split(string(src), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 4 || !strings.HasPrefix(strings.TrimSpace(cells[1]), "`") {
			continue
		}
		key := strings.Trim(strings.Split(strings.TrimSpace(cells[1]), ",")[0], "` ")
		documented[key] = strings.Trim(strings.Split(strings.TrimSpace(cells[2]), ",")[0], "` ")
	}
	d := botConfig(config.Defaults(), nil, nil, nil, nil)
	for key, got := range map[string]string{
		"time_zone":           d.DefaultTimeZone,
		"retention_days":      fmt.Sprint(d.RetentionDays),
		"forget_keeps_counts": fmt.Sprint(d.ForgetKeepsCounts),
		"scheduler.grace":     fmt.Sprint(d.GracePeriod.Minutes()) + "m",
		"safety.resend_after": fmt.Sprint(d.AlertResendAfter.Hours()) + "h",
		"intake.burst":        fmt.Sprint(d.Intake.Burst),
	} {
		want, ok := documented[key]
		if !ok {
			t.Errorf("the README documents no default for %s", key)
		} else if got != want {
			t.Errorf("%s: console and demo use %s, the README documents %s", key, got, want)
		}
	}
}
