package exercises

import (
	"reflect"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	d := MustParse(t, runnerDef)
	tests := []struct {
		name, step string
		a          Answer
		want       string // "" = valid
	}{
		{"scale ok", "mood", Answer{Scale: 1}, ""},
		{"scale max ok", "mood", Answer{Scale: 10}, ""},
		{"scale low", "mood", Answer{Scale: 0}, "Please choose a number from 1 to 10."},
		{"scale high", "mood", Answer{Scale: 11}, "Please choose a number from 1 to 10."},
		{"required skip", "mood", Answer{Skipped: true}, "This question needs an answer, please."},
		{"optional skip", "pick", Answer{Skipped: true}, ""},
		{"choose ok", "pick", Answer{Choices: []int{2}}, ""},
		{"choose none", "pick", Answer{}, "Please choose one answer."},
		{"choose two", "pick", Answer{Choices: []int{0, 1}}, "Please choose one answer."},
		{"choose out of range", "pick", Answer{Choices: []int{3}}, "Please choose one answer."},
		{"choose negative", "pick", Answer{Choices: []int{-1}}, "Please choose one answer."},
		{"many none", "many", Answer{}, ""},
		{"many ok", "many", Answer{Choices: []int{0, 2, 3}}, ""},
		{"many out of range", "many", Answer{Choices: []int{4}}, "Please choose from the answers shown."},
		{"many twice", "many", Answer{Choices: []int{1, 1}}, "Please choose each answer only once."},
		{"text ok", "words", Answer{Text: "apple"}, ""},
		{"text blank", "words", Answer{Text: "  \n"}, "Please write an answer."},
		{"text at limit", "words", Answer{Text: strings.Repeat("é", 20)}, ""},
		{"text too long", "words", Answer{Text: strings.Repeat("é", 21)}, "Please keep your answer to 20 characters or fewer. It has 21 now."},
		{"unknown step", "nope", Answer{}, "This question is not part of the exercise any more."},
		{"say step", "hello", Answer{}, "This question is not part of the exercise any more."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := d.Check(tt.step, tt.a)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("Check = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNext(t *testing.T) {
	d := MustParse(t, runnerDef)
	tests := []struct {
		name    string
		answers map[string]Answer
		say     []string
		ask     string
		index   int
	}{
		{"start", nil, []string{"Hello."}, "mood", 1},
		{"after mood", map[string]Answer{"mood": {Scale: 5}}, []string{"Breathe.", "Talk."}, "pick", 2},
		{"skipped counts", map[string]Answer{"mood": {Scale: 5}, "pick": {Skipped: true}}, nil, "many", 3},
		{"out of order", map[string]Answer{"pick": {Choices: []int{1}}}, []string{"Hello."}, "mood", 1},
		{"gap", map[string]Answer{"mood": {Scale: 5}, "many": {}}, []string{"Breathe.", "Talk."}, "pick", 2},
		{"last", map[string]Answer{"mood": {}, "pick": {}, "many": {}}, nil, "words", 4},
		{"done", map[string]Answer{"mood": {}, "pick": {}, "many": {}, "words": {}}, []string{"Bye.", "Round."}, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := d.Next(tt.answers)
			if !reflect.DeepEqual(s.Say, tt.say) {
				t.Errorf("Say = %q, want %q", s.Say, tt.say)
			}
			ask := ""
			if s.Ask != nil {
				ask = s.Ask.ID
			}
			if ask != tt.ask || s.Index != tt.index || s.Total != 4 {
				t.Errorf("Ask, Index, Total = %q, %d, %d; want %q, %d, 4", ask, s.Index, s.Total, tt.ask, tt.index)
			}
		})
	}
}

func TestComplete(t *testing.T) {
	d := MustParse(t, runnerDef)
	tests := []struct {
		name    string
		answers map[string]Answer
		want    bool
	}{
		{"nothing", nil, false},
		{"required only", map[string]Answer{"mood": {Scale: 3}, "many": {}}, true},
		{"optional skipped", map[string]Answer{"mood": {Scale: 3}, "many": {}, "pick": {Skipped: true}, "words": {Skipped: true}}, true},
		{"required missing", map[string]Answer{"mood": {Scale: 3}, "pick": {Choices: []int{0}}}, false},
		{"required skipped", map[string]Answer{"mood": {Skipped: true}, "many": {}}, false},
		{"all", map[string]Answer{"mood": {Scale: 3}, "many": {}, "pick": {Choices: []int{0}}, "words": {Text: "x"}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := d.Complete(tt.answers); got != tt.want {
				t.Errorf("Complete = %v, want %v", got, tt.want)
			}
		})
	}
}
