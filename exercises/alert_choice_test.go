package exercises

import "testing"

// TestChoiceAlerts: an alert on a choose or choose_many step fires when the
// named choice is among those picked, and never for a skipped step.
func TestChoiceAlerts(t *testing.T) {
	src := `id: safe
title: Safety check
kind: checkin
goal: Check in.
steps:
  - id: safe
    ask: How safe do you feel right now?
    choose: [Safe, Not sure, Not safe]
    alert: {choice: Not safe, say: member chose not safe}
  - id: feel
    ask: Which of these fit today?
    choose_many: [Calm, Hopeless, Tired]
    alert: {choice: Hopeless, say: member picked hopeless}
    optional: true
`
	d, err := Parse("safe.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		answers map[string]Answer
		want    []string
	}{
		{"safe", map[string]Answer{"safe": {Choices: []int{0}}}, nil},
		{"not sure", map[string]Answer{"safe": {Choices: []int{1}}}, nil},
		{"not safe", map[string]Answer{"safe": {Choices: []int{2}}}, []string{"safe"}},
		{"many without", map[string]Answer{"feel": {Choices: []int{0, 2}}}, nil},
		{"many with", map[string]Answer{"feel": {Choices: []int{0, 1}}}, []string{"feel"}},
		{"both", map[string]Answer{"safe": {Choices: []int{2}}, "feel": {Choices: []int{1}}}, []string{"safe", "feel"}},
		{"skipped", map[string]Answer{"feel": {Skipped: true, Choices: []int{1}}}, nil},
		{"out of range", map[string]Answer{"safe": {Choices: []int{7, -1}}}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := d.Alerts(tc.answers)
			if len(got) != len(tc.want) {
				t.Fatalf("alerts = %+v, want steps %v", got, tc.want)
			}
			for i, w := range tc.want {
				if got[i].Step != w {
					t.Errorf("alert %d on %s, want %s", i, got[i].Step, w)
				}
			}
		})
	}
}
