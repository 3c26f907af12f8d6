package exercises

import (
	"strings"
	"testing"
)

const continueSrc = `id: cont
title: Continue stops
kind: memory
goal: Remember words.
steps:
  - id: intro
    say: Hello.
  - id: words
    say: Apple, chair, river
    continue: I have read them
  - id: q1
    ask: Which season comes after winter?
    choose: [Spring, Summer]
  - id: q2
    ask: Write the words.
    text: {max: 100}
`

func TestContinueStops(t *testing.T) {
	d, err := Parse("cont.yaml", []byte(continueSrc))
	if err != nil {
		t.Fatal(err)
	}
	sc := d.Next(map[string]Answer{})
	if sc.Continue == nil || sc.Continue.ID != "words" || sc.Ask != nil || strings.Join(sc.Say, "|") != "Hello.|Apple, chair, river" {
		t.Fatalf("first screen: %+v", sc)
	}
	sc = d.NextPast(map[string]Answer{}, "words")
	if sc.Continue != nil || sc.Ask == nil || sc.Ask.ID != "q1" || len(sc.Say) != 0 || sc.Index != 1 {
		t.Fatalf("after continue: %+v", sc)
	}
	// Once a question after the stop is answered, the stop is behind the member.
	sc = d.Next(map[string]Answer{"q1": {Choices: []int{0}}})
	if sc.Continue != nil || sc.Ask == nil || sc.Ask.ID != "q2" {
		t.Fatalf("after answering past the stop: %+v", sc)
	}
}

func TestContinueRules(t *testing.T) {
	cases := map[string]string{
		"on an ask step": strings.Replace(continueSrc, "    choose: [Spring, Summer]\n", "    choose: [Spring, Summer]\n    continue: Next\n", 1),
		"too long":       strings.Replace(continueSrc, "I have read them", strings.Repeat("x", 41), 1),
		"empty":          strings.Replace(continueSrc, "continue: I have read them", `continue: ""`, 1),
	}
	wants := map[string]string{
		"on an ask step": `continue can only be used on a say step, not on a ask step`,
		"too long":       "continue",
		"empty":          "continue",
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Parse("cont.yaml", []byte(src))
			if err == nil || !strings.Contains(err.Error(), wants[name]) {
				t.Fatalf("got %v, want a problem about %q", err, wants[name])
			}
		})
	}
}
