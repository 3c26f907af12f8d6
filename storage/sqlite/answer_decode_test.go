package sqlite

import (
	"encoding/json"
	"reflect"
	"testing"

	"groupwork/exercises"
)

func TestDecodeAnswerMatchesJSON(t *testing.T) {
	for _, a := range []exercises.Answer{{}, {Scale: 1}, {Scale: 10}, {Scale: -2}, {Scale: 123456}, {Scale: 3, Shared: true}, {Scale: 3, Skipped: true}, {Text: "x"}, {Choices: []int{0}}} {
		js, _ := json.Marshal(a)
		var fast, slow exercises.Answer
		if err := decodeAnswer(string(js), &fast); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(js, &slow); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Errorf("%s: fast %+v, json %+v", js, fast, slow)
		}
	}
	for _, bad := range []string{`{"Scale":`, `{"Scale":x` + scaleAnswerTail, `not json`} {
		var a exercises.Answer
		if err := decodeAnswer(bad, &a); err == nil {
			t.Errorf("%q decoded", bad)
		}
	}
}
