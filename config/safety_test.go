package config

import (
	"errors"
	"strings"
	"testing"
	"time"

	"groupwork/exercises"
)

func TestSafetyDefaultsAndExample(t *testing.T) {
	cfg, err := Parse("c.yaml", []byte("database: x.db\n"), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Safety.ResendAfter != 2*time.Hour || cfg.RetentionDays != 365 || !cfg.ForgetKeepsCounts || cfg.DataKey != "" || len(cfg.Crisis) != 0 {
		t.Errorf("safety defaults: %+v", cfg)
	}
	key := "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=" // 32 bytes
	src := `crisis:
  US:
    - {name: 988 Lifeline, contact: "988", how: call or text}
    - {name: Emergency, contact: "911"}
  de:
    - {name: Notruf, contact: "112"}
safety: {resend_after: 90m, footer: "Not monitored around the clock.", min_respondents: 4}
retention_days: 30
forget_keeps_counts: false
data_key: ${K}
old_data_keys: ["${OLD}"]
`
	cfg, err = Parse("c.yaml", []byte(src), env(map[string]string{"K": key, "OLD": key}))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Crisis) != 2 || cfg.Crisis[0].Code != "US" || len(cfg.Crisis[0].Resources) != 2 || cfg.Crisis[0].Resources[0].How != "call or text" || cfg.Crisis[1].Code != "de" {
		t.Errorf("crisis: %+v", cfg.Crisis)
	}
	if cfg.Safety.ResendAfter != 90*time.Minute || cfg.Safety.MinRespondents != 4 || cfg.Safety.Footer != "Not monitored around the clock." || cfg.RetentionDays != 30 || cfg.ForgetKeepsCounts || cfg.DataKey != key || len(cfg.OldDataKeys) != 1 {
		t.Errorf("safety: %+v", cfg)
	}
}

func TestSafetyProblems(t *testing.T) {
	secret := "bm90LTMyLWJ5dGVz" // "not-32-bytes"
	cases := []struct {
		name string
		src  string
		env  map[string]string
		want []string
	}{
		{"crisis not a map", "crisis: [a]\n", nil, []string{"c.yaml:1:9: crisis must be a set of regions"}},
		{"bad region", "crisis:\n  United States: [{name: a, contact: b}]\n", nil, []string{`c.yaml:2:3: crisis: "United States" is not a country or locale code`}},
		{"twice", "crisis:\n  US: [{name: a, contact: b}]\n  us: [{name: a, contact: b}]\n", nil, []string{`c.yaml:3:3: crisis: the region "us" is given twice`}},
		{"empty list", "crisis:\n  US: []\n", nil, []string{"c.yaml:2:7: crisis.US must be a list of resources"}},
		{"no contact", "crisis:\n  US:\n    - {name: a}\n", nil, []string{"c.yaml:3:7: crisis.US entry 1 needs a name and a contact"}},
		{"unknown resource key", "crisis:\n  US:\n    - {name: a, contact: b, phone: c}\n", nil, []string{`c.yaml:3:29: crisis.US entry 1: unknown key "phone"`}},
		{"resend too short", "safety: {resend_after: 1m}\n", nil, []string{`c.yaml:1:24: safety.resend_after is "1m"`}},
		{"min respondents below three", "safety:\n  min_respondents: 2\n", nil, []string{`c.yaml:2:20: safety.min_respondents is "2"; use a whole number from 3 to 100`}},
		{"min respondents not a number", "safety: {min_respondents: five}\n", nil, []string{`c.yaml:1:27: safety.min_respondents is "five"`}},
		{"resend not a duration", "safety:\n  resend_after: soon\n", nil, []string{`c.yaml:2:17: safety.resend_after is "soon"`}},
		{"footer too long", "safety:\n  footer: " + strings.Repeat("x", 301) + "\n", nil, []string{"c.yaml:2:11: safety.footer has 301 characters"}},
		{"unknown safety key", "safety: {resend: 2h}\n", nil, []string{`c.yaml:1:10: safety: unknown key "resend"`}},
		{"retention words", "retention_days: a year\n", nil, []string{`c.yaml:1:17: retention_days is "a year"`}},
		{"retention too short", "retention_days: 1\n", nil, []string{`c.yaml:1:17: retention_days is "1"`}},
		{"forget not bool", "forget_keeps_counts: maybe\n", nil, []string{`c.yaml:1:22: forget_keeps_counts is "maybe"`}},
		{"literal key", "data_key: " + secret + "\n", nil, []string{"c.yaml:1:11: data_key must come from an environment variable"}},
		{"unset key", "data_key: ${K}\n", nil, []string{"c.yaml:1:11: data_key uses the environment variable K, which is not set"}},
		{"short key", "data_key: ${K}\n", map[string]string{"K": secret}, []string{"c.yaml:1:11: data_key must be base64 of 32 random bytes"}},
		{"old keys not a list", "old_data_keys: ${K}\n", map[string]string{"K": secret}, []string{"c.yaml:1:16: old_data_keys must be a list"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("c.yaml", []byte(tc.src), env(tc.env))
			var ps exercises.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("want Problems, got %v", err)
			}
			if len(ps) != len(tc.want) {
				t.Fatalf("want %d problems, got %d:\n%v", len(tc.want), len(ps), err)
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(ps[i].Error(), w) {
					t.Errorf("problem %d:\n got %s\nwant %s…", i, ps[i].Error(), w)
				}
			}
			// A key's value never appears in a message.
			if strings.Contains(err.Error(), secret) {
				t.Errorf("problem shows the key: %v", err)
			}
		})
	}
}
