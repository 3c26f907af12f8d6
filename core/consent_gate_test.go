package core_test

import (
	"bytes"
	"strings"
	"testing"

	"groupwork/bot"
	"groupwork/core/coretest"
)

// TestEveryAnswerActionAsksForConsentFirst: whatever a member presses or
// submits in an exercise before accepting the consent notice, the reply is
// the notice, nothing is stored, and no error is logged. A redelivery of
// the same press is still answered once only.
func TestEveryAnswerActionAsksForConsentFirst(t *testing.T) {
	var log bytes.Buffer
	h := coretest.NewBot(t, coretest.WithLog(&log))
	h.Do("Tess", `/group create "Tuesday group" Europe/Berlin`)
	h.Do("Tess", "/group add @Ana")
	h.Do("Tess", "/exercise start session-reflection")
	g := mustGroup(t, h)
	run := int64(1)
	events := map[string]func(meta bot.EventMeta) bot.Event{
		"open": func(m bot.EventMeta) bot.Event { return action(m, bot.CustomID{Kind: "open", Ref: run}) },
		"ans": func(m bot.EventMeta) bot.Event {
			return action(m, bot.CustomID{Kind: "ans", Ref: run, Step: "useful", Value: "4"})
		},
		"pick": func(m bot.EventMeta) bot.Event {
			return action(m, bot.CustomID{Kind: "pick", Ref: run, Step: "useful"}, "4")
		},
		"text": func(m bot.EventMeta) bot.Event {
			return submit(m, bot.CustomID{Kind: "text", Ref: run, Step: "remember"}, "breathing")
		},
		"skip": func(m bot.EventMeta) bot.Event { return action(m, bot.CustomID{Kind: "skip", Ref: run, Step: "hard"}) },
		"share": func(m bot.EventMeta) bot.Event {
			return action(m, bot.CustomID{Kind: "share", Ref: run, Step: "remember", Value: "yes"})
		},
		"redo": func(m bot.EventMeta) bot.Event { return action(m, bot.CustomID{Kind: "redo", Ref: run}, "useful") },
		"cont": func(m bot.EventMeta) bot.Event {
			return action(m, bot.CustomID{Kind: "cont", Ref: run, Step: "useful"})
		},
		"safenext": func(m bot.EventMeta) bot.Event { return action(m, bot.CustomID{Kind: "safenext", Ref: run}) },
	}
	for kind, ev := range events {
		t.Run(kind, func(t *testing.T) {
			log.Reset()
			meta := h.Meta("Ana")
			rep := h.Event("Ana", ev(meta))
			wantIn(t, "reply", coretest.Text(rep), "Before anything you answer can be saved", "I accept", "Not now")
			if !rep.Private {
				t.Errorf("the notice was not private")
			}
			if again := h.Event("Ana", ev(meta)); coretest.Text(again) != "" {
				t.Errorf("a redelivery was answered: %q", coretest.Text(again))
			}
			if strings.Contains(log.String(), "handler failed") || strings.Contains(log.String(), "code=") {
				t.Errorf("the notice was logged as an error:\n%s", log.String())
			}
			answers, err := h.Store.UserAnswers(t.Context(), g.ID, "u-ana")
			if err != nil || len(answers) != 0 {
				t.Errorf("stored before consent: %d answers, %v", len(answers), err)
			}
		})
	}
}

func action(meta bot.EventMeta, id bot.CustomID, values ...string) bot.Event {
	return &bot.Action{EventMeta: meta, CustomID: id.String(), Values: values}
}

func submit(meta bot.EventMeta, id bot.CustomID, answer string) bot.Event {
	return &bot.Submit{EventMeta: meta, CustomID: id.String(), Fields: map[string]string{"answer": answer}}
}
