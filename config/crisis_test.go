package config

import (
	"errors"
	"os"
	"strings"
	"testing"

	"groupwork/exercises"
)

// TestCrisisLongFormAndRegion: a region may be written in the long form
// (name, emergency number, resources) to correct or extend the built-in
// table, the short list form still works, and safety.region names the
// practice's default country.
func TestCrisisLongFormAndRegion(t *testing.T) {
	src := `crisis:
  XK: {name: Kosovo, emergency: "112"}
  DE:
    resources:
      - {name: Praxis-Krisendienst, contact: "030 1234", how: weekdays 8-18}
  US:
    - {name: 988 Lifeline, contact: "988"}
safety: {region: de}
`
	cfg, err := Parse("c.yaml", []byte(src), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Crisis) != 3 {
		t.Fatalf("crisis: %+v", cfg.Crisis)
	}
	if xk := cfg.Crisis[0]; xk.Code != "XK" || xk.Name != "Kosovo" || xk.Emergency != "112" || len(xk.Resources) != 0 {
		t.Errorf("XK: %+v", xk)
	}
	if de := cfg.Crisis[1]; de.Code != "DE" || len(de.Resources) != 1 || de.Resources[0].How != "weekdays 8-18" || de.Emergency != "" {
		t.Errorf("DE: %+v", de)
	}
	if us := cfg.Crisis[2]; len(us.Resources) != 1 {
		t.Errorf("US: %+v", us)
	}
	if cfg.Safety.Region != "DE" {
		t.Errorf("safety.region = %q", cfg.Safety.Region)
	}
}

func TestCrisisProblems(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string
	}{
		{"region not a country", "safety: {region: Germany}\n", []string{`c.yaml:1:18: safety.region is "Germany"`}},
		{"emergency words", "crisis:\n  DE: {emergency: call the police}\n", []string{`c.yaml:2:19: crisis.DE.emergency is "call the police"`}},
		{"long form empty", "crisis:\n  DE: {}\n", []string{"c.yaml:2:7: crisis.DE sets nothing"}},
		{"long form unknown key", "crisis:\n  DE: {number: \"112\"}\n", []string{`c.yaml:2:8: crisis.DE: unknown key "number"`, "c.yaml:2:7: crisis.DE sets nothing"}},
		{"long form resources empty", "crisis:\n  DE: {resources: []}\n", []string{"c.yaml:2:19: crisis.DE.resources must be a list of resources"}},
		{"long form resource without contact", "crisis:\n  DE:\n    resources:\n      - {name: a}\n", []string{"c.yaml:4:9: crisis.DE.resources entry 1 needs a name and a contact"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("c.yaml", []byte(tc.src), env(nil))
			var ps exercises.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("want Problems, got %v", err)
			}
			if len(ps) != len(tc.want) {
				t.Fatalf("want %d problems, got %d:\n%v", len(tc.want), len(ps), err)
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(ps[i].Error(), w) {
					t.Errorf("problem %d: %q, want prefix %q", i, ps[i].Error(), w)
				}
			}
		})
	}
}

// TestExampleNamesNoCountrysNumbers: the example configuration, which
// practices copy, names no country's crisis or emergency numbers in its
// practice-wide footer (a group may be anywhere): it uses {emergency}.
func TestExampleNamesNoCountrysNumbers(t *testing.T) {
	src, err := os.ReadFile("../config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := Parse("config.example.yaml", src, env(map[string]string{"DISCORD_TOKEN": "tok"}))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"988", "911", "999", "112", "116 123"} {
		if strings.Contains(cfg.Safety.Footer, n) {
			t.Errorf("the example footer names %s: %q", n, cfg.Safety.Footer)
		}
	}
	if !strings.Contains(cfg.Safety.Footer, "{emergency}") {
		t.Errorf("the example footer should use {emergency}: %q", cfg.Safety.Footer)
	}
}
