package main

import (
	"fmt"
	"slices"
	"strings"

	"groupwork/bot"
	"groupwork/exercises"
)

// The demo's part on levels (issue 13): three word-learning practices,
// compressed into one morning, in which Ana moves up a level and Cleo,
// started too high, moves down; then the review shows it.

// learner is how well a member does in the demo's word-learning: how many
// list words they recall in each try, and how many right and wrong words
// they pick in the recognition grid.
type learner struct {
	name                string
	recall1, recall2    int
	rightPicks, wrongOn int
}

func (d *demo) levelsDemo() {
	def, ok := exercises.Builtin().Get("word-learning")
	if !ok {
		d.check(fmt.Errorf("demo: the word-learning exercise is missing"))
		return
	}
	d.say("Friday 20 November. To show levels without weeks of waiting, the demo compresses three word-learning practices into one afternoon. Tess starts Cleo at level 3, where she practised in an earlier group; the others start at level 1.")
	d.until(20, 12, 15)
	d.do(therapist, "/level set @Cleo word-learning 3")
	learners := []learner{
		{ana, 5, 5, 5, 0},  // everything: 100 %, up after three tries
		{ben, 3, 4, 4, 1},  // about two thirds: in range
		{cleo, 2, 3, 3, 2}, // nine words is too many for now: down after three tries
		{fay, 4, 4, 4, 0},  // exactly 80 %: stays (the rule says above 80 %)
		{gus, 2, 3, 4, 1},  // in range
	}
	levels := map[string]int{ana: 1, ben: 1, cleo: 3, fay: 1, gus: 1}
	for try := range 3 {
		start := 15 + 35*try // minutes after 12:00 (after the PHQ-9 of 11:30)
		d.say("Word-learning practice %d of 3: two learning tries now, the delayed recall and the grid half an hour later.", try+1)
		d.until(20, 12+start/60, start%60)
		d.start("word-learning")
		for _, l := range learners {
			d.learnWords(def.AtLevel(levels[l.name], try), l)
		}
		d.until(20, 12+(start+31)/60, (start+31)%60) // the scheduler sends each of them the last part privately
		for _, l := range learners {
			d.recallLater(def.AtLevel(levels[l.name], try), l)
		}
		d.do(therapist, "/exercise stop word-learning")
		d.expect(bot.StatusAnswered, ana, ben, cleo, fay, gus)
		d.expect(bot.StatusMissed, dev, eli)
	}
	d.say("Tess looks at everyone's levels: Ana moved up to level 2, Cleo down to level 2.")
	d.do(therapist, "/level show")
	d.do(therapist, "/review member @Ana")
}

// learnWords plays the learning tries of a word-learning run as l, at the
// level and form the member is given (the demo knows the list, as the
// member would see it).
func (d *demo) learnWords(at *exercises.Definition, l learner) {
	s, _ := at.Step("recall1")
	list := s.Recall
	d.press(l.name, "Start")
	d.press(l.name, "I have read them")
	d.fill(l.name, "Write my answer", strings.Join(list[:min(l.recall1, len(list))], ", ")+", I can't remember the rest")
	d.press(l.name, "I have read them")
	d.fill(l.name, "Write my answer", strings.Join(list[:min(l.recall2, len(list))], " "))
}

// recallLater plays the delayed recall and the recognition grid as l.
func (d *demo) recallLater(at *exercises.Definition, l learner) {
	step := func(id string) *exercises.Step {
		s, _ := at.Step(id)
		return s
	}
	d.press(l.name, "I am ready")
	recall := step("recall3").Recall
	d.fill(l.name, "Write my answer", strings.Join(recall[:min(l.recall2, len(recall))], ", "))
	grid := step("recognise")
	picks := slices.Clone(grid.Correct[:min(l.rightPicks, len(grid.Correct))])
	wrong := 0
	for _, c := range grid.Choices {
		if wrong < l.wrongOn && !slices.Contains(grid.Correct, c) {
			picks = append(picks, c)
			wrong++
		}
	}
	for _, p := range picks { // a grid of large buttons: each press ticks one
		d.press(l.name, p)
	}
	d.press(l.name, fmt.Sprintf("Done: %d picked", len(picks)))
}
