package config

import (
	"strings"
	"testing"
	"time"
)

func TestMeasures(t *testing.T) {
	cfg, err := Parse("c.yaml", []byte("measures:\n  note_format: soap\n  brief_before: 90m\n  missed_in_a_row: 3\n"), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if m := cfg.Measures; m.NoteFormat != "soap" || m.BriefBefore != 90*time.Minute || m.MissedInARow != 3 {
		t.Errorf("measures = %+v", m)
	}
	cfg, err = Parse("c.yaml", []byte("measures:\n  brief_before: off\n  missed_in_a_row: off\n"), env(nil))
	if err != nil || cfg.Measures.BriefBefore >= 0 || cfg.Measures.MissedInARow >= 0 {
		t.Errorf("off: %+v %v", cfg.Measures, err)
	}
	_, err = Parse("c.yaml", []byte("measures:\n  note_format: narrative\n  brief_before: 5m\n  missed_in_a_row: 0\n"), env(nil))
	for _, want := range []string{"c.yaml:2:16", "measures.brief_before is \"5m\"", "measures.missed_in_a_row is \"0\""} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, want %q", err, want)
		}
	}
}
