package exercises

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// publishedForm is an instrument as printed on its published form, typed in
// here independently of the YAML files, so that a change to a file that
// alters a word, an option, a score or a band edge fails this test.
type publishedForm struct {
	id, name, stem string
	items          []string
	options        []Response // in the order printed
	difficulty     string     // the unscored functional item, "" for none
	bandEdges      []int      // the lowest total of each band, after the first
	bandLabels     []string
	min, max       int
	multiplier     int
	reliable       int
	higherIs       string
}

var frequency = []Response{{"Not at all", 0}, {"Several days", 1}, {"More than half the days", 2}, {"Nearly every day", 3}}

var publishedForms = []publishedForm{
	{
		id: "phq-9", name: "PHQ-9",
		stem: "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
		items: []string{
			"Little interest or pleasure in doing things",
			"Feeling down, depressed, or hopeless",
			"Trouble falling or staying asleep, or sleeping too much",
			"Feeling tired or having little energy",
			"Poor appetite or overeating",
			"Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
			"Trouble concentrating on things, such as reading the newspaper or watching television",
			"Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual",
			"Thoughts that you would be better off dead or of hurting yourself in some way",
		},
		options:    frequency,
		difficulty: "If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?",
		bandEdges:  []int{5, 10, 15, 20}, // Kroenke et al. 2001
		bandLabels: []string{"none to minimal", "mild", "moderate", "moderately severe", "severe"},
		min:        0, max: 27, multiplier: 1, reliable: 6, higherIs: HigherWorse,
	},
	{
		id: "gad-7", name: "GAD-7",
		stem: "Over the last 2 weeks, how often have you been bothered by the following problems?",
		items: []string{
			"Feeling nervous, anxious, or on edge",
			"Not being able to stop or control worrying",
			"Worrying too much about different things",
			"Trouble relaxing",
			"Being so restless that it is hard to sit still",
			"Becoming easily annoyed or irritable",
			"Feeling afraid, as if something awful might happen",
		},
		options:    frequency,
		difficulty: "If you checked any problems, how difficult have they made it for you to do your work, take care of things at home, or get along with other people?",
		bandEdges:  []int{5, 10, 15}, // Spitzer et al. 2006
		bandLabels: []string{"minimal", "mild", "moderate", "severe"},
		min:        0, max: 21, multiplier: 1, reliable: 4, higherIs: HigherWorse,
	},
	{
		id: "who-5", name: "WHO-5",
		stem: "Please indicate for each of the five statements which is closest to how you have been feeling over the last two weeks.",
		items: []string{
			"I have felt cheerful and in good spirits",
			"I have felt calm and relaxed",
			"I have felt active and vigorous",
			"I woke up feeling fresh and rested",
			"My daily life has been filled with things that interest me",
		},
		options: []Response{{"All of the time", 5}, {"Most of the time", 4}, {"More than half of the time", 3},
			{"Less than half of the time", 2}, {"Some of the time", 1}, {"At no time", 0}},
		bandEdges:  []int{29, 50}, // ≤ 28 suggests depression, < 50 poor wellbeing (Topp et al. 2015)
		bandLabels: []string{"very low wellbeing: screen for depression", "poor wellbeing", "no sign of poor wellbeing"},
		min:        0, max: 100, multiplier: 4, reliable: 10, higherIs: HigherBetter,
	},
}

func TestInstrumentsMatchPublishedForms(t *testing.T) {
	lib := Builtin()
	for _, pf := range publishedForms {
		t.Run(pf.id, func(t *testing.T) {
			d, ok := lib.Get(pf.id)
			if !ok || d.Instrument == nil {
				t.Fatalf("%s is not a built-in instrument", pf.id)
			}
			in := d.Instrument
			if in.Name != pf.name || !in.Validated || in.Stem != pf.stem || in.HigherIs != pf.higherIs || in.ReliableChange != pf.reliable {
				t.Errorf("header = %q validated=%v stem=%q higher=%s rc=%d", in.Name, in.Validated, in.Stem, in.HigherIs, in.ReliableChange)
			}
			if !strings.Contains(in.Stem, in.Recall) || in.Recall == "" {
				t.Errorf("recall %q not in stem", in.Recall)
			}
			var scored []Item
			var unscored []Item
			for _, it := range in.Items {
				if it.Scored {
					scored = append(scored, it)
				} else {
					unscored = append(unscored, it)
				}
			}
			if len(scored) != len(pf.items) {
				t.Fatalf("%d scored items, the published form has %d", len(scored), len(pf.items))
			}
			for i, it := range scored {
				if it.Text != pf.items[i] {
					t.Errorf("item %d = %q\n  published: %q", i+1, it.Text, pf.items[i])
				}
				if len(it.Responses) != len(pf.options) {
					t.Errorf("item %d has %d options, want %d", i+1, len(it.Responses), len(pf.options))
					continue
				}
				for j, r := range it.Responses {
					if r != pf.options[j] {
						t.Errorf("item %d option %d = %+v, published %+v", i+1, j+1, r, pf.options[j])
					}
				}
				// Every item is asked with the stem, so the recall period is on every screen.
				st, ok := d.Step(it.ID)
				if !ok || st.Text != pf.stem+"\n\n"+pf.items[i] || st.Answer != AnswerChoose || st.VisibleTo != VisibleTherapist || st.Optional {
					t.Errorf("item %d step = %+v", i+1, st)
				}
			}
			switch {
			case pf.difficulty == "" && len(unscored) > 0:
				t.Errorf("unexpected unscored items %v", unscored)
			case pf.difficulty != "":
				want := []string{"Not difficult at all", "Somewhat difficult", "Very difficult", "Extremely difficult"}
				if len(unscored) != 1 || unscored[0].Text != pf.difficulty || len(unscored[0].Responses) != 4 {
					t.Fatalf("difficulty item = %+v", unscored)
				}
				for j, r := range unscored[0].Responses {
					if r.Text != want[j] {
						t.Errorf("difficulty option %d = %q, want %q", j+1, r.Text, want[j])
					}
				}
			}
			if lo, hi := in.Range(); lo != pf.min || hi != pf.max || in.Multiplier != pf.multiplier {
				t.Errorf("range %d..%d ×%d, want %d..%d ×%d", lo, hi, in.Multiplier, pf.min, pf.max, pf.multiplier)
			}
			// Every band edge: the last total of a band and the first of the next.
			if len(in.Bands) != len(pf.bandLabels) {
				t.Fatalf("%d bands, want %d", len(in.Bands), len(pf.bandLabels))
			}
			for i, b := range in.Bands {
				if b.Label != pf.bandLabels[i] {
					t.Errorf("band %d label %q, want %q", i+1, b.Label, pf.bandLabels[i])
				}
			}
			for i, edge := range pf.bandEdges {
				if got := in.Band(edge - 1); got == nil || got.Label != pf.bandLabels[i] {
					t.Errorf("total %d is in band %v, want %q", edge-1, got, pf.bandLabels[i])
				}
				if got := in.Band(edge); got == nil || got.Label != pf.bandLabels[i+1] {
					t.Errorf("total %d is in band %v, want %q", edge, got, pf.bandLabels[i+1])
				}
			}
			if in.Band(pf.min) == nil || in.Band(pf.max) == nil || in.Band(pf.min-1) != nil || in.Band(pf.max+1) != nil {
				t.Errorf("bands do not cover exactly %d..%d", pf.min, pf.max)
			}
			if in.Attribution == "" || in.Source == "" || in.Licence == "" {
				t.Error("attribution, source or licence missing")
			}
		})
	}
}

// answerAll answers every scored item with the response worth score points
// (nearest below when no option is worth exactly that).
func answerAll(in *Instrument, pick func(i int) int) map[string]Answer {
	out := map[string]Answer{}
	n := 0
	for _, it := range in.Items {
		if !it.Scored {
			out[it.ID] = Answer{Choices: []int{0}}
			continue
		}
		want := pick(n)
		n++
		for j, r := range it.Responses {
			if r.Score == want {
				out[it.ID] = Answer{Choices: []int{j}}
			}
		}
	}
	return out
}

func TestInstrumentScore(t *testing.T) {
	lib := Builtin()
	phq, _ := lib.Get("phq-9")
	who, _ := lib.Get("who-5")

	// PHQ-9 items 1..9 scored 0,1,2,3,0,1,2,3,0 → 12, moderate.
	ans := answerAll(phq.Instrument, func(i int) int { return i % 4 })
	r := phq.Instrument.Score(ans)
	if !r.Complete || r.Total != 12 || r.Band != "moderate" || r.Label() != "12 of 27, moderate" {
		t.Errorf("PHQ-9 = %+v %q", r, r.Label())
	}
	// The difficulty item adds nothing, whatever the answer.
	ans["difficulty"] = Answer{Choices: []int{3}}
	if r2 := phq.Instrument.Score(ans); r2.Total != 12 {
		t.Errorf("difficulty counted: %d", r2.Total)
	}
	// A missing or skipped item leaves no total.
	delete(ans, "q4")
	if r := phq.Instrument.Score(ans); r.Complete || r.Total != 0 || r.Label() != "incomplete (8 of 9 items)" {
		t.Errorf("incomplete = %+v %q", r, r.Label())
	}
	ans["q4"] = Answer{Skipped: true}
	if r := phq.Instrument.Score(ans); r.Complete {
		t.Errorf("skipped item scored: %+v", r)
	}

	// WHO-5: the raw sum times 4. All "More than half of the time" = 15 × 4 = 60.
	w := who.Instrument.Score(answerAll(who.Instrument, func(int) int { return 3 }))
	if w.Raw != 15 || w.Total != 60 || w.Band != "no sign of poor wellbeing" {
		t.Errorf("WHO-5 = %+v", w)
	}
	// Raw 7 × 4 = 28: the depression screen's edge (≤ 28).
	w = who.Instrument.Score(answerAll(who.Instrument, func(i int) int { return []int{2, 2, 1, 1, 1}[i] }))
	if w.Total != 28 || w.Band != "very low wellbeing: screen for depression" {
		t.Errorf("WHO-5 raw 7 = %+v", w)
	}
}

func TestReliableChange(t *testing.T) {
	lib := Builtin()
	phq, _ := lib.Get("phq-9")
	who, _ := lib.Get("who-5")
	cases := []struct {
		in            *Instrument
		before, after int
		want          Change
	}{
		{phq.Instrument, 18, 12, Improved},                        // 6 points down: reliable
		{phq.Instrument, 18, 13, NoReliableChange},                // 5 points: within error
		{phq.Instrument, 8, 14, Deteriorated},                     // 6 points up
		{phq.Instrument, 8, 8, NoReliableChange},                  // none
		{who.Instrument, 40, 52, Improved},                        // higher is better on the WHO-5
		{who.Instrument, 60, 48, Deteriorated},                    // 12 points down
		{who.Instrument, 60, 52, NoReliableChange},                // 8 points
		{who.Instrument, 60, 50, Deteriorated},                    // exactly 10
		{&Instrument{ReliableChange: 0}, 0, 20, NoReliableChange}, // no threshold, no claim
	}
	for _, c := range cases {
		if got := c.in.ChangeBetween(c.before, c.after); got != c.want {
			t.Errorf("%s %d→%d = %s, want %s", c.in.Name, c.before, c.after, got, c.want)
		}
	}
}

func TestPHQ9Item9Alert(t *testing.T) {
	phq, _ := Builtin().Get("phq-9")
	for j, r := range phq.Instrument.Items[8].Responses {
		als := phq.Alerts(map[string]Answer{"q9": {Choices: []int{j}}})
		if (len(als) == 1) != (r.Score > 0) {
			t.Errorf("q9 %q raised %v", r.Text, als)
		}
		if len(als) == 1 && (als[0].Step != "q9" || !strings.Contains(als[0].Say, "item 9")) {
			t.Errorf("alert = %+v", als[0])
		}
	}
	// No other item raises an alert, whatever its answer.
	for _, it := range phq.Instrument.Items {
		if it.ID == "q9" {
			continue
		}
		if als := phq.Alerts(map[string]Answer{it.ID: {Choices: []int{3}}}); len(als) != 0 {
			t.Errorf("%s raised %v", it.ID, als)
		}
	}
	if als := phq.Alerts(map[string]Answer{"q9": {Skipped: true}}); len(als) != 0 {
		t.Errorf("skipped q9 raised %v", als)
	}
}

func writeFile(t *testing.T, dir, name, src string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestValidatedCannotBeEdited(t *testing.T) {
	src := string(Builtin().mustGet(t, "phq-9").Source)
	dir := t.TempDir()

	// An exact copy loads, even with its own intro and window.
	exact := strings.Replace(src, "window: 3d", "window: 5d", 1)
	if _, err := LoadFile(writeFile(t, dir, "exact.yaml", exact)); err != nil {
		t.Errorf("exact copy refused: %v", err)
	}

	changed := strings.Replace(src, "Poor appetite or overeating", "Poor appetite", 1)
	for _, c := range []struct{ name, src, want string }{
		{"changed-wording.yaml", changed, `id "phq-9" belongs to the validated PHQ-9`},
		{"changed-band.yaml", strings.Replace(src, "{min: 5, max: 9, label: mild}", "{min: 5, max: 9, label: light}", 1), `validated PHQ-9`},
		{"new-id-same-name.yaml", strings.Replace(changed, "id: phq-9", "id: my-phq", 1), `name "PHQ-9" belongs to the validated PHQ-9`},
		{"unvalidated-same-id.yaml", strings.Replace(changed, "validated: true", "validated: false", 1), `id "phq-9" belongs`},
		{"spelt-otherwise.yaml", strings.NewReplacer("id: phq-9", "id: my-phq", "name: PHQ-9", "name: phq 9").Replace(changed), `name "phq 9" belongs`},
	} {
		_, err := LoadFile(writeFile(t, dir, c.name, c.src))
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "new id and a new name") {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
		}
		if err != nil && !strings.Contains(err.Error(), c.name+":") {
			t.Errorf("%s: the problem does not name the file: %v", c.name, err)
		}
	}

	// A changed copy with a new id and a new name, without the label, loads.
	renamed := strings.NewReplacer("id: phq-9", "id: phq-adapted", "name: PHQ-9", "name: Mood questions (adapted from the PHQ-9)", "validated: true", "validated: false").Replace(changed)
	d, err := LoadFile(writeFile(t, dir, "renamed.yaml", renamed))
	if err != nil || d.Instrument.Validated {
		t.Errorf("renamed copy: %v %+v", err, d)
	}
	// Parse alone (frozen runs) does not apply the rule: history must load.
	if _, err := Parse("run:phq-9", []byte(changed)); err != nil {
		t.Errorf("Parse refused a frozen definition: %v", err)
	}
}

func (l *Library) mustGet(t *testing.T, id string) *Definition {
	t.Helper()
	d, ok := l.Get(id)
	if !ok {
		t.Fatalf("no %s", id)
	}
	return d
}

func TestInstrumentProblems(t *testing.T) {
	head := "id: my-scale\ntitle: My scale\nkind: measure\ngoal: Test.\n"
	resp := "  responses:\n    - {text: No, score: 0}\n    - {text: Yes, score: 1}\n"
	tail := "  attribution: Ours.\n  source: Ours.\n  licence: Ours.\n"
	cases := []struct{ name, src, want string }{
		{"gap in bands", head + "instrument:\n  name: S\n  recall: the last week\n  stem: Over the last week?\n" + resp +
			"  items:\n    - {id: a, text: A}\n    - {id: b, text: B}\n  bands:\n    - {min: 0, max: 0, label: low}\n    - {min: 2, max: 2, label: high}\n  reliable_change: 1\n" + tail,
			"band 2 (2 to 2) must start at 1"},
		{"bands short", head + "instrument:\n  name: S\n  recall: the last week\n  stem: Over the last week?\n" + resp +
			"  items:\n    - {id: a, text: A}\n  bands:\n    - {min: 0, max: 0, label: low}\n  reliable_change: 1\n" + tail,
			"the last band ends at 0, but the total can reach 1"},
		{"stem without recall", head + "instrument:\n  name: S\n  recall: the last week\n  stem: How are you?\n" + resp +
			"  items:\n    - {id: a, text: A}\n  bands:\n    - {min: 0, max: 1, label: all}\n  reliable_change: 1\n" + tail,
			`stem must name the recall period "the last week"`},
		{"alert never fires", head + "instrument:\n  name: S\n  recall: the last week\n  stem: Over the last week?\n" + resp +
			"  items:\n    - {id: a, text: A}\n  bands:\n    - {min: 0, max: 1, label: all}\n  reliable_change: 1\n  alerts:\n    - {item: a, when: \"> 5\", say: x}\n" + tail,
			`would fire for no answer or for every answer`},
		{"shared with group", head + "results_to_group: aggregate\ninstrument:\n  name: S\n  recall: the last week\n  stem: Over the last week?\n" + resp +
			"  items:\n    - {id: a, text: A}\n  bands:\n    - {min: 0, max: 1, label: all}\n  reliable_change: 1\n" + tail,
			"for the therapists only"},
		{"reliable change too wide", head + "instrument:\n  name: S\n  recall: the last week\n  stem: Over the last week?\n" + resp +
			"  items:\n    - {id: a, text: A}\n  bands:\n    - {min: 0, max: 1, label: all}\n  reliable_change: 3\n" + tail,
			"reliable_change (3) must be from 1 to 1"},
		{"measure without instrument", head + "steps:\n  - id: a\n    ask: A?\n    text: {}\n", "kind: measure needs an instrument"},
		{"missing licence", head + "instrument:\n  name: S\n  recall: the last week\n  stem: Over the last week?\n" + resp +
			"  items:\n    - {id: a, text: A}\n  bands:\n    - {min: 0, max: 1, label: all}\n  reliable_change: 1\n  attribution: a\n  source: b\n",
			"instrument: licence is missing"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("x.yaml", []byte(c.src))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v\nwant %q", err, c.want)
			}
			if err != nil && !strings.Contains(err.Error(), "x.yaml:") {
				t.Errorf("no position: %v", err)
			}
		})
	}
	// A valid instrument of a practice's own, with a subscale.
	ok := head + "instrument:\n  name: S\n  recall: the last week\n  stem: Over the last week?\n" + resp +
		"  items:\n    - {id: a, text: A}\n    - {id: b, text: B}\n  subscales:\n    - {name: first, items: [a]}\n  bands:\n    - {min: 0, max: 1, label: low}\n    - {min: 2, max: 2, label: high}\n  reliable_change: 2\n" + tail
	d, err := Parse("x.yaml", []byte(ok))
	if err != nil {
		t.Fatal(err)
	}
	r := d.Instrument.Score(map[string]Answer{"a": {Choices: []int{1}}, "b": {Choices: []int{1}}})
	if r.Total != 2 || r.Band != "high" || len(r.Subscales) != 1 || r.Subscales[0].Total != 1 {
		t.Errorf("result = %+v", r)
	}
}
