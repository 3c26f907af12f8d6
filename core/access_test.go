package core_test

import (
	"strings"
	"testing"

	"groupwork/bot"
	"groupwork/core/coretest"
)

// TestAccessMatrix checks who may run each command. A refusal is private,
// names the role needed and carries none of the group's data.
func TestAccessMatrix(t *testing.T) {
	h := setup(t)
	h.Do("Tess", "/group add @Cora co-therapist")
	h.Do("Tess", "/group add @Olga observer")
	h.Admin("Root")
	h.Do("Tess", "/exercise start mood-checkin")
	h.Press("Ana", "Start")
	h.Press("Ana", "3")

	type row struct {
		line    string
		allowed []string
	}
	everyone := []string{"Tess", "Cora", "Olga", "Ana", "Root", "Stranger"}
	rows := []row{
		{"/review group", []string{"Tess", "Cora", "Olga"}},
		{"/review member @Ana", []string{"Tess", "Cora"}},
		{"/group add @Newcomer", []string{"Tess", "Cora"}},
		{"/group info", []string{"Tess", "Cora", "Olga", "Ana"}},
		{"/exercise start roll-call", []string{"Tess", "Cora"}},
		{"/exercise list", everyone},
		{"/help", everyone},
	}
	for _, r := range rows {
		for _, who := range everyone {
			t.Run(r.line+" by "+who, func(t *testing.T) {
				rep := h.Do(who, r.line)
				text := coretest.Text(rep)
				refused := strings.HasPrefix(text, "Only ") || strings.Contains(text, "This channel has no group")
				want := contains(r.allowed, who)
				if refused == want {
					t.Fatalf("allowed=%v but got: %s", want, text)
				}
				if refused {
					if !rep.Private {
						t.Errorf("refusal must be private")
					}
					if strings.Contains(text, "Ana") || strings.Contains(text, "3 of 10") {
						t.Errorf("refusal leaks data: %s", text)
					}
				}
			})
		}
	}
	// Removing the newcomer again must not be possible for a member either.
	if text := coretest.Text(h.Do("Ana", "/group remove @Bo")); !strings.HasPrefix(text, "Only ") {
		t.Errorf("member removed someone: %s", text)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestRedeliveredEventHasNoSecondEffect delivers the same command and the
// same button press twice with one delivery id each.
func TestRedeliveredEventHasNoSecondEffect(t *testing.T) {
	h := setup(t)
	start := &bot.Command{EventMeta: h.Meta("Tess"), Name: "exercise", Sub: "start",
		Options: map[string]bot.Option{"exercise": {Name: "exercise", Type: bot.OptString, Value: "roll-call"}}}
	before := len(h.Adapter.Posts())
	h.Event("Tess", start)
	if rep := h.Event("Tess", start); !rep.Empty() {
		t.Errorf("redelivered command replied: %+v", rep)
	}
	if n := len(h.Adapter.Posts()) - before; n != 1 {
		t.Fatalf("redelivered start posted %d prompts, want 1", n)
	}
	h.Press("Ana", "I'm here")
	press := &bot.Action{EventMeta: h.Meta("Ana"), CustomID: bot.CustomID{Kind: "ans", Ref: 1, Step: "here", Value: "1"}.String()}
	first := h.Event("Ana", press)
	if !strings.Contains(coretest.Text(first), "Running late") {
		t.Fatalf("first delivery: %s", coretest.Text(first))
	}
	// The same delivery again, now carrying a different choice (as a forged
	// replay would): ignored entirely.
	replay := *press
	replay.CustomID = bot.CustomID{Kind: "ans", Ref: 1, Step: "here", Value: "2"}.String()
	if rep := h.Event("Ana", &replay); !rep.Empty() {
		t.Errorf("replayed action replied: %+v", rep)
	}
	recs, err := h.Store.Answers(t.Context(), 1, "u-ana")
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || len(recs[0].Answer.Choices) != 1 || recs[0].Answer.Choices[0] != 1 {
		t.Errorf("stored answers after replay: %+v", recs)
	}
}

// TestConsentGateStoresNothing: a member who has not accepted sees the
// notice and nothing they press is stored; after declining, still nothing.
func TestConsentGateStoresNothing(t *testing.T) {
	h := coretest.NewBot(t)
	h.Do("Tess", "/group create G")
	h.Do("Tess", "/group add @Fay")
	h.Do("Tess", "/exercise start mood-checkin")
	gate := h.Press("Fay", "Start")
	if !gate.Private || !strings.Contains(coretest.Text(gate), "Nothing has been saved yet") {
		t.Fatalf("gate: %s", coretest.Text(gate))
	}
	// A forged answer straight to a question is gated too.
	forged := &bot.Action{EventMeta: h.Meta("Fay"), CustomID: bot.CustomID{Kind: "ans", Ref: 1, Step: "mood", Value: "2"}.String()}
	if text := coretest.Text(h.Event("Fay", forged)); !strings.Contains(text, "Nothing has been saved yet") {
		t.Errorf("forged answer was not gated: %s", text)
	}
	h.Press("Fay", "Not now")
	recs, err := h.Store.Answers(t.Context(), 1, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 0 {
		t.Errorf("answers stored without consent: %+v", recs)
	}
	h.Press("Fay", "Start")
	h.Press("Fay", "I accept")
	if rep := h.Press("Fay", "5"); !strings.Contains(coretest.Text(rep), "energy") {
		t.Errorf("after accepting: %s", coretest.Text(rep))
	}
}
