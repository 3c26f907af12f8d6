package core_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/core"
	"groupwork/core/coretest"
	"groupwork/exercises"
)

// levelLib is a small levelled exercise: level 2 has two alternate forms,
// level 3 a time limit.
const levelLib = `id: lv-test
title: Three words
kind: memory
goal: Test levels.
family: lv
progression: {over: 2, up: 80%, down: 50%}
steps:
  - id: show
    say: Cup, lamp, door
    continue: I have read them
  - id: recall
    ask: Write the words.
    text: {}
    recall: [cup, lamp, door]
levels:
  - name: Three words
  - name: Other three
    forms:
      - show: {say: "Bed, key, pen"}
        recall: {recall: [bed, key, pen]}
      - show: {say: "Map, hat, jar"}
        recall: {recall: [map, hat, jar]}
  - name: Four words, quickly
    time_limit: 1m
    steps:
      show: {say: "Oak, bus, fig, cow"}
      recall: {recall: [oak, bus, fig, cow]}
`

func levelHarness(t *testing.T) *coretest.Harness {
	t.Helper()
	d, err := exercises.Parse("lv-test.yaml", []byte(levelLib))
	if err != nil {
		t.Fatal(err)
	}
	lib := exercises.Builtin()
	if err := lib.Add(d); err != nil {
		t.Fatal(err)
	}
	h := coretest.NewBot(t, coretest.WithLibrary(lib))
	h.Do("Tess", "/group create \"Tuesday group\" Europe/Berlin")
	h.Do("Tess", "/group add @Ana")
	h.Do("Ana", "/privacy accept")
	return h
}

// playLevel runs lv-test once for Ana: the list she is shown, and the end
// screen after she writes text. took is how long she takes over it.
func playLevel(t *testing.T, h *coretest.Harness, text string, took time.Duration) (list, done string) {
	t.Helper()
	h.Do("Tess", "/exercise start lv-test")
	h.SeeChannel("Ana")
	list = coretest.Text(h.Press("Ana", "Start"))
	h.Press("Ana", "I have read them")
	h.Clock.Advance(took)
	done = coretest.Text(h.Fill("Ana", "Write my answer", text))
	h.Do("Tess", "/exercise stop")
	h.Clock.Advance(7 * 24 * time.Hour)
	return list, done
}

func wantNotIn(t *testing.T, what, text string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if strings.Contains(text, s) {
			t.Fatalf("%s has %q:\n%s", what, s, text)
		}
	}
}

func TestLevelUpThenDown(t *testing.T) {
	h := levelHarness(t)
	list, done := playLevel(t, h, "cup, lamp, door", time.Minute)
	wantIn(t, "first list", list, "Cup, lamp, door")
	wantIn(t, "first end", done, "You practised at level 1 of 3.")
	wantNotIn(t, "first end", done, "recalled", "next time") // raw scores hidden by default; one try is not enough to move
	_, done = playLevel(t, h, "cup lamp dor", time.Minute)   // 100% again, a slip forgiven
	wantIn(t, "second end", done, "next time it will be a little harder: level 2 of 3")

	// Level 2 gives the alternate forms in turn, never the level-1 list.
	list, _ = playLevel(t, h, "sorry, I forgot", time.Minute)
	wantIn(t, "level 2 first list", list, "Bed, key, pen")
	list, done = playLevel(t, h, "map", time.Minute) // 0% then 33%: below 50% over the last two
	wantIn(t, "level 2 second list", list, "Map, hat, jar")
	wantIn(t, "level 2 end", done, "Next time it will be a little easier: level 1 of 3")
	list, _ = playLevel(t, h, "cup", time.Minute)
	wantIn(t, "back at level 1", list, "Cup, lamp, door")

	rep := coretest.Text(h.Do("Tess", "/review member @Ana"))
	wantIn(t, "member review", rep, "Training — Three words: level 1 of 3 (levels played: 1 → 2 → 1)", "5 tries",
		"last change: 16% over the last 2 tries (below 50%)")
	wantNotIn(t, "member review", rep, "Score — Three words") // levels differ in length: no raw score series

	// The full report and its HTML page show the training section.
	g, err := h.Store.GroupByChannel(t.Context(), coretest.Platform, h.Channel)
	if err != nil {
		t.Fatal(err)
	}
	rp, err := h.Bot.BuildReport(t.Context(), g, core.Period{})
	if err != nil {
		t.Fatal(err)
	}
	wantIn(t, "full report", rp.FullText(), "## Cognitive training", "- Ana — Three words: level 1 of 3",
		"Training — Three words: fewer than 5 members practised, so no group figures are shown.")
	page, err := rp.HTML()
	if err != nil {
		t.Fatal(err)
	}
	wantIn(t, "HTML report", string(page), "<h2>Cognitive training</h2>", "<li>Ana — Three words: level 1 of 3", "Level over time in Three words")
	var chart *bot.Image
	for _, c := range rp.Charts() {
		if c.Name == "levels-lv.png" {
			chart = c
		}
	}
	if chart == nil || len(chart.PNG) < 100 {
		t.Fatalf("no level chart among the report's charts")
	}
}

func TestLevelLockedAndReset(t *testing.T) {
	h := levelHarness(t)
	h.Do("Tess", "/level lock @Ana lv-test 2")
	for i, want := range []string{"Bed, key, pen", "Map, hat, jar", "Bed, key, pen"} { // the forms in turn
		list, done := playLevel(t, h, "bed key pen map hat jar", time.Minute)
		if !strings.Contains(list, want) {
			t.Fatalf("locked list %d lacks %q:\n%s", i+1, want, list)
		}
		wantIn(t, "locked end", done, "level 2 of 3")
		wantNotIn(t, "locked end", done, "next time")
	}
	show := coretest.Text(h.Do("Tess", "/level show"))
	wantIn(t, "level show", show, "Ana · Three words: level 2 of 3 (locked) · locked at 2 by Tess")

	h.Do("Tess", "/level reset @Ana lv")
	_, done := playLevel(t, h, "cup lamp door", time.Minute)
	wantIn(t, "after reset", done, "level 1 of 3")
	wantNotIn(t, "after reset", done, "next time") // the tries before the reset do not count
	_, done = playLevel(t, h, "cup lamp door", time.Minute)
	wantIn(t, "after reset, second", done, "level 2 of 3")

	h.Do("Tess", "/level unlock @Ana lv")
	if got := coretest.Text(h.Do("Ana", "/level show")); !strings.Contains(got, "Three words: level 2 of 3") || strings.Contains(got, "Tess") {
		t.Fatalf("member's own levels:\n%s", got)
	}
}

func TestLevelTimeLimitAndScores(t *testing.T) {
	h := levelHarness(t)
	h.Do("Tess", "/level set @Ana lv 3")
	h.Do("Tess", "/level scores show:yes")
	_, done := playLevel(t, h, "oak bus fig cow", 2*time.Minute)
	wantIn(t, "scores shown", done, "level 3 of 3", "recalled 4 of 4 words")
	_, done = playLevel(t, h, "oak bus fig cow", 3*time.Minute)
	wantIn(t, "over time twice", done, "a little easier: level 2 of 3")
	rep := coretest.Text(h.Do("Tess", "/review member @Ana"))
	wantIn(t, "review", rep, "(2 over the time limit)", "last change: the last 2 tries took longer than the time limit")
}

func TestLevelCommandsRefuse(t *testing.T) {
	h := levelHarness(t)
	for _, c := range []struct{ who, line, want string }{
		{"Ana", "/level set @Ana lv 3", "therapist"},
		{"Tess", "/level set @Ana lv 4", "levels 1 to 3"},
		{"Tess", "/level set @Ana word-recall 1", "no exercise with levels"},
		{"Tess", "/level set @Tess lv 1", "not a member"},
		{"Ana", "/level show @Tess", "your own levels"},
	} {
		got := coretest.Text(h.Do(c.who, c.line))
		if !strings.Contains(got, c.want) {
			t.Errorf("%s %q = %q, want it to say %q", c.who, c.line, got, c.want)
		}
	}
}

// TestLevelTranscripts plays each built-in levelled exercise at its first
// level and at its third, for the golden transcripts.
func TestLevelTranscripts(t *testing.T) {
	for _, def := range exercises.Builtin().List() {
		if !def.Levelled() {
			continue
		}
		for _, level := range []string{"1", "3"} {
			t.Run(def.ID+"-level"+level, func(t *testing.T) {
				h := setup(t)
				h.Do("Tess", "/level set @Ana "+def.ID+" "+level)
				h.Do("Tess", "/exercise start "+def.ID)
				h.SeeChannel("Ana")
				rep := answerAll(t, h, "Ana", h.Press("Ana", "Start"), "apple, chiar, rivr, I can't remember any more, sorry")
				if def.HasLater() { // the delayed part comes privately half an hour later
					wantIn(t, "the wait", coretest.Text(rep), "I will send you a private message at")
					h.Clock.Advance(5 * time.Hour) // the longest wait of the built-in levels is 4h
					if err := h.Bot.Scheduler().Tick(t.Context()); err != nil {
						t.Fatal(err)
					}
					answerAll(t, h, "Ana", h.Press("Ana", "I am ready"), "apple, chiar, rivr, I can't remember any more, sorry")
				}
				h.Do("Tess", "/exercise stop")
				h.Do("Tess", "/review member @Ana")
				golden(t, filepath.Join("transcripts", "levels", def.ID+"-level"+level+".golden"), h.Transcript())
			})
		}
	}
}

// TestMoreTime: on a timed level the member is told the limit and may ask
// for more time twice, half the limit each time; a try within the extended
// limit is not over time, so progression reads it as in time.
func TestMoreTime(t *testing.T) {
	h := levelHarness(t)
	h.Do("Tess", "/level set @Ana lv 3") // time limit 1m
	h.Do("Tess", "/exercise start lv-test")
	h.SeeChannel("Ana")
	rep := coretest.Text(h.Press("Ana", "Start"))
	wantIn(t, "timed screen", rep, "Take up to 60 seconds for this task.", "I need more time")
	rep = coretest.Text(h.Press("Ana", "I need more time"))
	wantIn(t, "after one", rep, "You have 30 seconds more.", "Take up to 90 seconds for this task, with the extra time you asked for.", "Oak, bus, fig, cow")
	rep = coretest.Text(h.Press("Ana", "I need more time"))
	wantIn(t, "after two", rep, "Take up to 2 minutes for this task")
	wantNotIn(t, "after two", rep, "I need more time") // no more to give
	h.Press("Ana", "I have read them")
	h.Clock.Advance(110 * time.Second) // over the limit, within the extended one
	h.Fill("Ana", "Write my answer", "oak bus fig cow")
	h.Do("Tess", "/exercise stop")
	h.Clock.Advance(7 * 24 * time.Hour)
	_, _ = playLevel(t, h, "oak bus fig cow", 50*time.Second)
	rep = coretest.Text(h.Do("Tess", "/review member @Ana"))
	wantNotIn(t, "review", rep, "over the time limit")
	wantIn(t, "review", rep, "Training — Three words: level 3 of 3", "(more time asked for in 1)")
}

// TestMyDataShowsTheItemsGiven: /mydata shows a levelled answer with the
// items of the level and form the member played, and their levels.
func TestMyDataShowsTheItemsGiven(t *testing.T) {
	h := levelHarness(t)
	h.Do("Tess", "/level lock @Ana lv 2")
	playLevel(t, h, "bed key pen", time.Minute) // level 2, form 1
	rep := h.Do("Ana", "/mydata")
	var data string
	for _, bl := range rep.Message.Blocks {
		if f, ok := bl.(*bot.File); ok {
			data = string(f.Data)
		}
	}
	wantIn(t, "my data", data, `"family": "lv"`, `"level": 2`, `"locked": true`)
	if !strings.Contains(data, "Write the words.") {
		t.Fatalf("no answer in my data:\n%s", data)
	}
}

// TestReviewShowsTheItemsGiven: at level 3 the feelings offered are other
// words than at level 1; /mydata and the therapist's note show the word
// the member picked, not the level-1 word in its place.
func TestReviewShowsTheItemsGiven(t *testing.T) {
	h := setup(t)
	h.Do("Tess", "/level set @Ana vignette-feelings 3")
	h.Do("Tess", "/exercise start vignette-feelings")
	h.Press("Ana", "Start")
	h.Press("Ana", "I have read it")
	h.Press("Ana", "Worried")
	h.Press("Ana", "Done: 1 picked")
	var data string
	for _, bl := range h.Do("Ana", "/mydata").Message.Blocks {
		if f, ok := bl.(*bot.File); ok {
			data = string(f.Data)
		}
	}
	wantIn(t, "my data", data, `"answer": "Worried"`, `"question": "How might Amir feel? Pick any that could fit."`)
	wantNotIn(t, "my data", data, "Annoyed")
	note := coretest.Text(h.Do("Tess", "/review member @Ana"))
	wantIn(t, "note", note, "How might Amir feel? Pick any that could fit.: Worried")
}

// TestRotationThroughTheEngine: weekly word-learning at a locked level 1
// gives Ana each of the level's six lists once before any comes back, and
// never the same list within six weeks.
func TestRotationThroughTheEngine(t *testing.T) {
	h := setup(t)
	h.Do("Tess", "/level lock @Ana word-learning 1")
	seen := map[string]time.Time{}
	for week := range 13 {
		h.Do("Tess", "/exercise start word-learning")
		h.SeeChannel("Ana")
		screen := coretest.Text(h.Press("Ana", "Start"))
		lines := strings.Split(screen, "\n")
		list := strings.Join(lines[len(lines)-6:len(lines)-1], " ") // the five words above the button
		if last, ok := seen[list]; ok && h.Clock.Now().Sub(last) < exercises.RotationWindow {
			t.Fatalf("week %d: list %q again after %s", week+1, list, h.Clock.Now().Sub(last))
		}
		if week < 6 && len(seen) != week {
			t.Fatalf("week %d: a list came back before all six were given", week+1)
		}
		seen[list] = h.Clock.Now()
		h.Do("Tess", "/exercise stop")
		h.Clock.Advance(7 * 24 * time.Hour)
	}
	if len(seen) != 6 {
		t.Fatalf("%d different lists in 13 weeks, want 6", len(seen))
	}
}

// TestExerciseListShowsLevels: the chat's exercise list names each
// family's levels in a few words and stays within one Discord message.
func TestExerciseListShowsLevels(t *testing.T) {
	h := setup(t)
	rep := coretest.Text(h.Do("Ana", "/exercise list"))
	wantIn(t, "list", rep, "4 levels, from Five words to Twelve words", "5 levels, from 3 numbers to 7 numbers")
	if len(rep) > 2000 {
		t.Errorf("the list has %d characters; a Discord message holds 2000", len(rep))
	}
}
