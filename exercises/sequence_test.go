package exercises

import (
	"strings"
	"testing"
)

const sequenceDef = `id: seq
title: Sequences
kind: memory
goal: Test sequences.
steps:
  - id: span
    ask: Press the numbers backwards.
    sequence: {buttons: ["1", "2", "3", "4", "5", "6", "7", "8", "9"], order: ["8", "1", "3"]}
  - id: tea
    ask: Put the steps in order.
    sequence:
      buttons: [Pour the water, Boil the water, Fill the kettle, Put a tea bag in the cup]
      order: [Fill the kettle, Boil the water, Put a tea bag in the cup, Pour the water]
      also: [[Put a tea bag in the cup, Fill the kettle, Boil the water, Pour the water]]
`

func TestSequenceScore(t *testing.T) {
	d := MustParse(t, sequenceDef)
	span, _ := d.Step("span")
	if !span.Scored() || len(span.Choices) != 9 {
		t.Fatalf("span = %+v", span)
	}
	tests := []struct {
		step  string
		picks []int
		pts   int
		label string
	}{
		{"span", []int{7, 0, 2}, 3, "all 3 in the right order"},
		{"span", []int{7, 2, 0}, 1, "1 of 3 in the right place"},
		{"span", []int{7}, 1, "1 of 3 in the right place"},          // stopped early
		{"span", []int{7, 0, 2, 4}, 3, "3 of 3 in the right place"}, // one too many: not "all in order"
		{"tea", []int{2, 1, 3, 0}, 4, "all 4 in the right order"},
		{"tea", []int{3, 2, 1, 0}, 4, "all 4 in the right order"}, // an acceptable variant
		{"tea", []int{0, 1, 2, 3}, 1, "1 of 4 in the right place"},
	}
	for _, tt := range tests {
		got := d.Score(map[string]Answer{tt.step: {Choices: tt.picks}})
		if len(got) != 1 || got[0].Points != tt.pts || got[0].Label != tt.label {
			t.Errorf("%s %v = %+v, want %d %q", tt.step, tt.picks, got, tt.pts, tt.label)
		}
	}
	if err := d.Check("span", Answer{}); err == nil {
		t.Error("an empty sequence is accepted")
	}
	if err := d.Check("span", Answer{Choices: []int{9}}); err == nil {
		t.Error("a button that does not exist is accepted")
	}
}

func TestSequenceParseProblems(t *testing.T) {
	head := "id: s\ntitle: S\nkind: memory\ngoal: G.\nsteps:\n  - id: q\n    ask: Q?\n"
	for _, tt := range []struct{ name, body, want string }{
		{"not a group", "    sequence: [a, b]\n", "sequence must be a group of fields"},
		{"no order", "    sequence: {buttons: [a, b]}\n", "order is missing"},
		{"order not in buttons", "    sequence: {buttons: [a, b], order: [a, c]}\n", `"c" is not one of the buttons`},
		{"variant length", "    sequence: {buttons: [a, b], order: [a, b], also: [[b]]}\n", "also 1 has 1 items, order has 2"},
		{"alert", "    sequence: {buttons: [a, b], order: [a]}\n    alert: {choice: a, say: x}\n", "alert can only be used with scale, choose or choose_many, not with sequence"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("t.yaml", []byte(head+tt.body))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("problems %v, want %q", err, tt.want)
			}
		})
	}
}
