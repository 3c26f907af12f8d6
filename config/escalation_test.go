package config

import (
	"errors"
	"strings"
	"testing"
	"time"

	"groupwork/exercises"
)

func TestEscalationAndConsentPlaceholders(t *testing.T) {
	src := `consent:
  version: "7"
  notice: "In {group} answers are kept for {retention}."
safety:
  escalation: {backup_after: 45m, practice_after: 3h, practice_contact: "123456789012345678"}
`
	cfg, err := Parse("c.yaml", []byte(src), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	e := cfg.Safety.Escalation
	if e.BackupAfter != 45*time.Minute || e.PracticeAfter != 3*time.Hour || e.PracticeContact != "123456789012345678" || cfg.Consent.Version != "7" {
		t.Errorf("escalation: %+v, consent %+v", e, cfg.Consent)
	}
	cases := []struct{ name, src, want string }{
		{"backup too soon", "safety:\n  escalation: {backup_after: 1m}\n", `c.yaml:2:30: safety.escalation.backup_after is "1m"; use a duration from 5m to 24h`},
		{"practice not a duration", "safety:\n  escalation:\n    practice_after: later\n", `c.yaml:3:21: safety.escalation.practice_after is "later"`},
		{"contact with spaces", "safety:\n  escalation:\n    practice_contact: Dr Who\n", `c.yaml:3:23: safety.escalation.practice_contact is "Dr Who"`},
		{"unknown key", "safety:\n  escalation: {after: 2h}\n", `c.yaml:2:16: safety.escalation: unknown key "after"`},
		{"unknown placeholder", "consent:\n  notice: \"kept for {days}\"\n", `c.yaml:2:11: consent.notice uses {days}, which is not a placeholder`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("c.yaml", []byte(tc.src), env(nil))
			var ps exercises.Problems
			if !errors.As(err, &ps) || len(ps) != 1 || !strings.HasPrefix(ps[0].Error(), tc.want) {
				t.Fatalf("got %v\nwant %s…", err, tc.want)
			}
		})
	}
}
