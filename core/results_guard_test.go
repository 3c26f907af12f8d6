package core_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/core"
	"groupwork/core/coretest"
)

// checkinWithNote answers the whole mood check-in through the buttons and
// the form, sharing the note or keeping it private.
func checkinWithNote(h *coretest.Harness, who, mood, energy, note string, share bool) {
	h.SeeChannel(who)
	h.Press(who, "Start")
	if strings.Contains(coretest.Text(h.Press(who, mood)), "Please contact me") {
		h.Press(who, "I'm OK for now")
		h.Press(who, "Continue")
	}
	h.Press(who, energy)
	h.Press(who, "Wrote it down")
	h.Fill(who, "Write my answer", note)
	if share {
		h.Press(who, "Share with the group")
	} else {
		h.Press(who, "Keep it private")
	}
}

// closedPost closes due runs and returns what the group channel was shown.
func closedPost(t *testing.T, h *coretest.Harness) string {
	t.Helper()
	h.Clock.Advance(25 * time.Hour)
	before := len(h.Adapter.Posts())
	if err := h.Bot.CloseDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range h.Adapter.Posts()[before:] {
		if p.To == h.Channel {
			text, _ := bot.Render(&p.Message)
			out = append(out, text)
		}
	}
	return strings.Join(out, "\n")
}

func guardGroup(t *testing.T, members ...string) *coretest.Harness {
	return guardGroupWith(t, nil, members...)
}

// atLeast3 lowers the small-group guard to its floor, three respondents.
var atLeast3 = []coretest.Option{func(c *core.Config) { c.MinRespondents = 3 }}

func guardGroupWith(t *testing.T, opts []coretest.Option, members ...string) *coretest.Harness {
	h := coretest.NewBot(t, opts...)
	h.Do("Tess", "/group create G")
	for _, m := range members {
		h.Do("Tess", "/group add @"+m)
		h.Do(m, "/privacy accept")
	}
	h.Do("Tess", "/exercise start mood-checkin")
	return h
}

func TestSmallGroupGuardSuppressesUnderThree(t *testing.T) {
	h := guardGroupWith(t, atLeast3, "Ana", "Bo", "Cy", "Dee")
	checkinWithNote(h, "Ana", "2", "1", "I feel awful this week", true)
	checkinWithNote(h, "Bo", "8", "4", "Private thoughts here", false)
	post := closedPost(t, h)
	if !strings.Contains(post, "Fewer than 3 people answered") {
		t.Errorf("two respondents, but:\n%s", post)
	}
	for _, leak := range []string{"average", "I feel awful", "Private thoughts", "Ana", "Bo", "Cy", "Dee", "Wrote it down"} {
		if strings.Contains(post, leak) {
			t.Errorf("the group sees %q with two respondents:\n%s", leak, post)
		}
	}
}

func TestSmallGroupGuardSkippedAnswersDoNotCount(t *testing.T) {
	h := guardGroupWith(t, atLeast3, "Ana", "Bo", "Cy")
	checkinWithNote(h, "Ana", "5", "3", "one", false)
	checkinWithNote(h, "Bo", "6", "3", "two", false)
	// Cy opens the exercise and skips nothing answerable: only optional skips.
	run, err := h.Store.OpenRuns(context.Background(), 0)
	if err != nil || len(run) != 1 {
		t.Fatal(run, err)
	}
	for _, step := range []string{"strategy", "note"} {
		h.Event("Cy", &bot.Action{EventMeta: h.Meta("Cy"), CustomID: bot.CustomID{Kind: "skip", Ref: run[0].ID, Step: step}.String()})
	}
	post := closedPost(t, h)
	if strings.Contains(post, "average") || !strings.Contains(post, "Fewer than 3") {
		t.Errorf("a member who only skipped counted as a respondent:\n%s", post)
	}
}

func TestSmallGroupGuardShowsAggregatesAndOnlySharedText(t *testing.T) {
	h := guardGroupWith(t, atLeast3, "Ana", "Bo", "Cy", "Dee")
	checkinWithNote(h, "Ana", "6", "3", "Walking helped me", true)
	checkinWithNote(h, "Bo", "8", "4", "My private worry", false)
	checkinWithNote(h, "Cy", "7", "2", "Another private note", false)
	post := closedPost(t, h)
	for _, want := range []string{"group average 7.0", "3 answers", "Wrote it down 3", "Ana: “Walking helped me”"} {
		if !strings.Contains(post, want) {
			t.Errorf("group post lacks %q:\n%s", want, post)
		}
	}
	for _, leak := range []string{"My private worry", "Another private note", "Dee", "Bo:", "Cy:"} {
		if strings.Contains(post, leak) {
			t.Errorf("the group sees %q:\n%s", leak, post)
		}
	}
}

func TestSmallGroupGuardPerQuestion(t *testing.T) {
	// Three respondents overall, but only two rated energy before the close:
	// the energy line is suppressed while mood is shown.
	h := guardGroupWith(t, atLeast3, "Ana", "Bo", "Cy")
	checkinWithNote(h, "Ana", "6", "3", "a", false)
	checkinWithNote(h, "Bo", "8", "4", "b", false)
	runs, _ := h.Store.OpenRuns(context.Background(), 0)
	h.Event("Cy", &bot.Action{EventMeta: h.Meta("Cy"), CustomID: bot.CustomID{Kind: "ans", Ref: runs[0].ID, Step: "mood", Value: "7"}.String()})
	post := closedPost(t, h)
	if !strings.Contains(post, "How has your mood been since our last session? — group average 7.0") {
		t.Errorf("mood aggregate missing:\n%s", post)
	}
	if strings.Contains(post, "How has your energy been? —") {
		t.Errorf("energy aggregate from two answers shown:\n%s", post)
	}
}

// TestSmallGroupGuardNeverBelowThree: a configured guard below three is
// raised to three (config validation refuses it too).
func TestSmallGroupGuardNeverBelowThree(t *testing.T) {
	h := guardGroupWith(t, []coretest.Option{func(c *core.Config) { c.MinRespondents = 2 }}, "Ana", "Bo", "Cy")
	checkinWithNote(h, "Ana", "5", "3", "NOTE-ana", true)
	checkinWithNote(h, "Bo", "6", "3", "NOTE-bo", true)
	post := closedPost(t, h)
	if !strings.Contains(post, "Fewer than 3 people answered") || strings.Contains(post, "NOTE-") {
		t.Errorf("two respondents with a guard of 2:\n%s", post)
	}
}
