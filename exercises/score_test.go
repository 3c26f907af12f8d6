package exercises

import (
	"reflect"
	"testing"
)

func TestScore(t *testing.T) {
	d := MustParse(t, runnerDef)
	tests := []struct {
		name    string
		answers map[string]Answer
		want    []Score
	}{
		{"nothing answered", nil, nil},
		{"unscored only", map[string]Answer{"mood": {Scale: 4}}, nil},
		{"best chosen", map[string]Answer{"pick": {Choices: []int{1}}}, []Score{{"pick", 1, 1, "chose the best answer"}}},
		{"other chosen", map[string]Answer{"pick": {Choices: []int{0}}}, []Score{{"pick", 0, 1, "chose another answer"}}},
		{"skipped not scored", map[string]Answer{"pick": {Skipped: true}, "words": {Skipped: true}}, nil},
		{"all correct", map[string]Answer{"many": {Choices: []int{0, 2}}}, []Score{{"many", 2, 2, "found 2 of 2"}}},
		{"one wrong", map[string]Answer{"many": {Choices: []int{0, 1, 2}}}, []Score{{"many", 1, 2, "found 2 of 2, 1 wrong pick"}}},
		{"never below zero", map[string]Answer{"many": {Choices: []int{1, 3}}}, []Score{{"many", 0, 2, "found 0 of 2, 2 wrong picks"}}},
		{"none picked", map[string]Answer{"many": {}}, []Score{{"many", 0, 2, "found 0 of 2"}}},
		{"recall", map[string]Answer{"words": {Text: "Apples, river"}}, []Score{{"words", 2, 3, "recalled 2 of 3 words"}}},
		{"recall intrusion", map[string]Answer{"words": {Text: "apple and a cat"}}, []Score{{"words", 1, 3, "recalled 1 of 3 words, 1 word not on the list"}}},
		{"in step order", map[string]Answer{"words": {Text: "chair"}, "pick": {Choices: []int{1}}},
			[]Score{{"pick", 1, 1, "chose the best answer"}, {"words", 1, 3, "recalled 1 of 3 words"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := d.Score(tt.answers); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Score = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestAlerts(t *testing.T) {
	d := MustParse(t, runnerDef)
	tests := []struct {
		name    string
		answers map[string]Answer
		want    []TriggeredAlert
	}{
		{"none", nil, nil},
		{"low", map[string]Answer{"mood": {Scale: 2}}, []TriggeredAlert{{"mood", "low mood"}}},
		{"lowest", map[string]Answer{"mood": {Scale: 1}}, []TriggeredAlert{{"mood", "low mood"}}},
		{"fine", map[string]Answer{"mood": {Scale: 3}}, nil},
		{"skipped", map[string]Answer{"mood": {Skipped: true}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := d.Alerts(tt.answers); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Alerts = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestAlertMatches(t *testing.T) {
	tests := []struct {
		op   string
		v    int
		want bool
	}{
		{"<=", 2, true}, {"<=", 3, false}, {"<", 1, true}, {"<", 2, false},
		{">=", 2, true}, {">=", 1, false}, {">", 3, true}, {">", 2, false},
		{"==", 2, true}, {"==", 3, false}, {"!=", 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.op, func(t *testing.T) {
			if got := (Alert{Op: tt.op, Value: 2}).Matches(tt.v); got != tt.want {
				t.Errorf("%d %s 2 = %v, want %v", tt.v, tt.op, got, tt.want)
			}
		})
	}
}

func TestRecallMatches(t *testing.T) {
	list := []string{"apple", "chair", "river", "Box", "tomato", "glasses"}
	tests := []struct {
		name           string
		text           string
		hits, intruded []string
	}{
		{"empty", "", nil, nil},
		{"exact", "apple chair", []string{"apple", "chair"}, nil},
		{"case", "APPLE Chair", []string{"apple", "chair"}, nil},
		{"punctuation", "apple, chair; (river)!", []string{"apple", "chair", "river"}, nil},
		{"plural s", "apples rivers", []string{"apple", "river"}, nil},
		{"plural es", "boxes tomatoes", []string{"Box", "tomato"}, nil},
		{"list plural", "glass", []string{"glasses"}, nil},
		{"once each", "apple apple apples", []string{"apple"}, nil},
		{"list order", "river apple", []string{"apple", "river"}, nil},
		{"intrusions", "apple dog cat dog", []string{"apple"}, []string{"dog", "cat"}},
		{"fillers ignored", "I remember the apple and a chair", []string{"apple", "chair"}, nil},
		{"newlines", "apple\nchair\n", []string{"apple", "chair"}, nil},
		{"digits split", "apple1chair", []string{"apple", "chair"}, nil},
		{"no partial", "pineapple chairs", []string{"chair"}, []string{"pineapple"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, intr := RecallMatches(list, tt.text)
			if !reflect.DeepEqual(hits, tt.hits) || !reflect.DeepEqual(intr, tt.intruded) {
				t.Errorf("RecallMatches = %q, %q; want %q, %q", hits, intr, tt.hits, tt.intruded)
			}
		})
	}
}
