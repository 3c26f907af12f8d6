package main

import (
	"os"
	"strings"
	"testing"
	"time"

	"groupwork/config"
	"groupwork/core"
)

// TestExampleConsentIsTheBuiltinNotice: config.example.yaml shows the
// built-in notice and version exactly, so what the operator reads is what
// members see without a consent section; its escalation keys parse.
func TestExampleConsentIsTheBuiltinNotice(t *testing.T) {
	src, err := os.ReadFile("../../config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse("config.example.yaml", src, func(k string) (string, bool) { return "x", true })
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(cfg.Consent.Notice) != core.DefaultConsentNotice || cfg.Consent.Version != core.DefaultConsentVersion {
		t.Errorf("example notice (version %s):\n%s\nbuilt-in (version %s):\n%s", cfg.Consent.Version, cfg.Consent.Notice, core.DefaultConsentVersion, core.DefaultConsentNotice)
	}
	if e := cfg.Safety.Escalation; e.BackupAfter != 30*time.Minute || e.PracticeAfter != 2*time.Hour || e.PracticeContact == "" {
		t.Errorf("example escalation: %+v", e)
	}
}
