package exercises

import "testing"

// MustParse parses src or fails the test.
func MustParse(tb testing.TB, src string) *Definition {
	tb.Helper()
	d, err := Parse("test.yaml", []byte(src))
	if err != nil {
		tb.Fatalf("Parse: %v", err)
	}
	return d
}

// runnerDef has one step of every kind, for the runner tests.
const runnerDef = `id: runner
title: Runner
kind: memory
goal: Test the runner.
steps:
  - id: hello
    say: Hello.
  - id: mood
    ask: Mood?
    scale: {min: 1, max: 10}
    alert: {when: "<= 2", say: low mood}
  - id: between
    wait: Breathe.
  - id: story
    discuss: Talk.
  - id: pick
    ask: Pick one.
    choose: [a, b, c]
    best: b
    optional: true
  - id: many
    ask: Pick fruit.
    choose_many: [apple, chair, pear, car]
    correct: [apple, pear]
  - id: words
    ask: Words?
    text: {max: 20}
    recall: [apple, chair, river]
    optional: true
  - id: bye
    say: Bye.
  - id: round
    goaround: Round.
`
