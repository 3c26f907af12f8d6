package exercises

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

const levelledDef = `id: lv-words
title: Levelled words
kind: memory
goal: Test levels.
family: word-memory
progression: {over: 2, up: 75%, down: 40}
steps:
  - id: words
    say: Apple, chair
    continue: I have read them
  - id: recall
    ask: Write the words.
    text: {}
    recall: [apple, chair]
levels:
  - name: Two words
  - name: Three words
    time_limit: 2m
    steps:
      words: {say: "Cup, spoon, lamp"}
      recall: {recall: [cup, spoon, lamp]}
    forms:
      - {}
      - words: {say: "Door, key, bed"}
        recall: {recall: [door, key, bed]}
`

func TestLevelsParse(t *testing.T) {
	d := MustParse(t, levelledDef)
	if !d.Levelled() || len(d.Levels) != 2 || d.FamilyID() != "word-memory" {
		t.Fatalf("levels = %+v, family %q", d.Levels, d.FamilyID())
	}
	if want := (Progression{Over: 2, Up: 75, Down: 40}); d.Progression != want {
		t.Errorf("progression = %+v, want %+v", d.Progression, want)
	}
	if d.Forms(1) != 1 || d.Forms(2) != 2 || d.Forms(3) != 0 {
		t.Errorf("forms = %d, %d, %d", d.Forms(1), d.Forms(2), d.Forms(3))
	}
	if d.Levels[1].TimeLimit != 2*time.Minute || d.Levels[1].Name != "Three words" {
		t.Errorf("level 2 = %+v", d.Levels[1])
	}
	tests := []struct {
		level, form int
		say         string
		recall      []string
	}{
		{1, 0, "Apple, chair", []string{"apple", "chair"}},
		{0, 5, "Apple, chair", []string{"apple", "chair"}},           // clamped up to level 1
		{2, 0, "Cup, spoon, lamp", []string{"cup", "spoon", "lamp"}}, // the level's change ({} form)
		{2, 1, "Door, key, bed", []string{"door", "key", "bed"}},     // the form's change over it
		{2, 3, "Door, key, bed", []string{"door", "key", "bed"}},     // forms rotate
		{9, -1, "Door, key, bed", []string{"door", "key", "bed"}},    // clamped down, form wraps
	}
	for _, tt := range tests {
		at := d.AtLevel(tt.level, tt.form)
		if at.Steps[0].Text != tt.say || !reflect.DeepEqual(at.Steps[1].Recall, tt.recall) {
			t.Errorf("AtLevel(%d, %d) = %q %q, want %q %q", tt.level, tt.form, at.Steps[0].Text, at.Steps[1].Recall, tt.say, tt.recall)
		}
		if at.Steps[1].Text != "Write the words." || at.Steps[0].Continue != "I have read them" {
			t.Errorf("AtLevel(%d, %d) lost an unchanged field: %+v", tt.level, tt.form, at.Steps)
		}
	}
	if d.Steps[0].Text != "Apple, chair" || d.Level != 0 || d.AtLevel(2, 0).Level != 2 {
		t.Error("AtLevel changed the definition it was called on, or did not say its level")
	}
	plain := MustParse(t, runnerDef)
	if plain.AtLevel(3, 1) != plain || plain.Levelled() || plain.FamilyID() != "runner" {
		t.Error("an exercise without levels must play as it is")
	}
}

func TestProgressionDefaults(t *testing.T) {
	src := levelledDef[:len("id: lv-words\n")] + "title: T\nkind: memory\ngoal: G.\n" + levelledDef[len(`id: lv-words
title: Levelled words
kind: memory
goal: Test levels.
family: word-memory
progression: {over: 2, up: 75%, down: 40}
`):]
	d := MustParse(t, src)
	if want := (Progression{Over: 3, Up: 80, Down: 50}); d.Progression != want {
		t.Errorf("default progression = %+v, want %+v", d.Progression, want)
	}
}

func TestProgressionNext(t *testing.T) {
	p := Progression{Over: 3, Up: 80, Down: 50}
	r := func(pts int) Result { return Result{Points: pts, Max: 10} }
	slow := func(pts int) Result { return Result{Points: pts, Max: 10, OverTime: true} }
	tests := []struct {
		name    string
		level   int
		recent  []Result
		want    int
		wantWhy bool
	}{
		{"too few attempts", 2, []Result{r(10), r(10)}, 2, false},
		{"up above 80", 2, []Result{r(9), r(9), r(8)}, 3, true},
		{"exactly 80 stays", 2, []Result{r(8), r(8), r(8)}, 2, false},
		{"only the last three count", 2, []Result{r(0), r(9), r(9), r(9)}, 3, true},
		{"down below 50", 2, []Result{r(4), r(5), r(4)}, 1, true},
		{"exactly 50 stays", 2, []Result{r(5), r(5), r(5)}, 2, false},
		{"in range stays", 3, []Result{r(6), r(7), r(7)}, 3, false},
		{"top level stays", 6, []Result{r(10), r(10), r(10)}, 6, false},
		{"level 1 stays", 1, []Result{r(0), r(0), r(0)}, 1, false},
		{"over time never goes up", 2, []Result{r(10), slow(10), r(10)}, 2, false},
		{"all over time goes down", 2, []Result{slow(7), slow(7), slow(7)}, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, why := p.Next(tt.level, 6, tt.recent)
			if got != tt.want || (why != "") != tt.wantWhy {
				t.Errorf("Next = %d %q, want %d (reason %v)", got, why, tt.want, tt.wantWhy)
			}
		})
	}
}

func TestBand(t *testing.T) {
	p := Progression{Over: 3, Up: 80, Down: 50}
	for pct, want := range map[int]Band{100: BandTooEasy, 81: BandTooEasy, 80: BandInRange, 50: BandInRange, 49: BandTooHard, 0: BandTooHard} {
		if got := p.Band(pct); got != want {
			t.Errorf("Band(%d) = %q, want %q", pct, got, want)
		}
	}
	if Percent() != 0 || Percent(Result{Points: 7, Max: 10}, Result{Points: 2, Max: 5}) != 60 {
		t.Error("Percent pools points over points possible")
	}
}

// TestPickFormNeverRepeatsWithinWindow is the rotation property: whatever
// the dates of a member's attempts, a form given again was given more than
// RotationWindow before, unless more than n forms were given within the
// window (then no choice could avoid a repeat, and the longest-unseen form
// comes back).
func TestPickFormNeverRepeatsWithinWindow(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 42))
	start := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	for trial := range 2000 {
		n := 1 + rng.IntN(8)
		now := start
		var seen []FormSeen
		for range 40 {
			// Gaps from an hour to three weeks, weighted toward a week.
			now = now.Add(time.Hour + time.Duration(rng.Int64N(int64(21*24*time.Hour))))
			f := PickForm(n, seen)
			if f < 0 || f >= n {
				t.Fatalf("trial %d: form %d of %d", trial, f, n)
			}
			inWindow := map[int]bool{}
			for _, s := range seen {
				if now.Sub(s.At) < RotationWindow {
					inWindow[s.Form] = true
				}
			}
			if inWindow[f] && len(inWindow) < n {
				t.Fatalf("trial %d: form %d repeated within the window although %d of %d forms were free", trial, f, n-len(inWindow), n)
			}
			for _, s := range seen { // the longest-unseen form when all are taken
				if inWindow[f] && s.Form != f && lastSeen(seen, s.Form).Before(lastSeen(seen, f)) {
					t.Fatalf("trial %d: gave form %d while form %d was unseen for longer", trial, f, s.Form)
				}
			}
			seen = append(seen, FormSeen{Form: f, At: now})
		}
	}
	if PickForm(0, nil) != 0 || PickForm(3, []FormSeen{{Form: 7, At: start}}) != 0 {
		t.Error("no forms, or a form the file no longer has, must not break the choice")
	}
}

func lastSeen(seen []FormSeen, f int) time.Time {
	var t time.Time
	for _, s := range seen {
		if s.Form == f && s.At.After(t) {
			t = s.At
		}
	}
	return t
}
