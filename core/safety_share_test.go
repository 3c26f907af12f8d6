package core_test

import (
	"strings"
	"testing"

	"groupwork/bot"
	"groupwork/core"
	"groupwork/core/coretest"
	"groupwork/exercises"
)

// fiveMembers is a group of five consented members (enough for the
// small-group guard's default), a lead (Tess) and a backup (Cora).
func fiveMembers(t *testing.T, opts ...coretest.Option) *coretest.Harness {
	t.Helper()
	h := coretest.NewBot(t, opts...)
	h.Do("Tess", "/group create \"Tuesday group\" Europe/Berlin")
	for _, m := range []string{"Ana", "Bo", "Cy", "Dee", "Eve"} {
		h.Do("Tess", "/group add @"+m)
		h.Do(m, "/privacy accept")
	}
	h.Do("Tess", "/group add @Cora co-therapist")
	h.Do("Tess", "/group backup @Cora")
	return h
}

// forge sends a button press with a custom id the member was never shown.
func forge(h *coretest.Harness, who string, id bot.CustomID) bot.Reply {
	return h.Event(who, &bot.Action{EventMeta: h.Meta(who), CustomID: id.String()})
}

func openRun(t *testing.T, h *coretest.Harness) int64 {
	t.Helper()
	runs, err := h.Store.OpenRuns(t.Context(), 0)
	if err != nil || len(runs) != 1 {
		t.Fatalf("open runs: %v %v", runs, err)
	}
	return runs[0].ID
}

// plainCheckin answers the mood check-in with a mood of 6 and a note, shared.
func plainCheckin(h *coretest.Harness, who, note string) {
	checkinWithNote(h, who, "6", "3", note, true)
}

// TestFlaggedAnswerNeverReachesTheGroup: a written answer that matches a
// keyword raises an alert; the member's next screen shows the resources
// and never asks about sharing; a forged share button does not publish it;
// at the close the group sees the others' shares, never hers. Before, the
// crisis notice and "Would you like the group to see this answer?" shared
// a screen and the channel got `- Ana: "Some nights I want to hurt myself"`.
func TestFlaggedAnswerNeverReachesTheGroup(t *testing.T) {
	h := fiveMembers(t)
	h.Do("Tess", `/group keywords add "hurt myself"`)
	h.Do("Tess", "/exercise start mood-checkin")
	const words = "Some nights I want to hurt myself"
	h.SeeChannel("Ana")
	h.Press("Ana", "Start")
	h.Press("Ana", "6")
	h.Press("Ana", "3")
	h.Press("Ana", "Wrote it down")
	rep := h.Fill("Ana", "Write my answer", words)
	text := coretest.Text(rep)
	if !strings.Contains(text, "TelefonSeelsorge") || !strings.Contains(text, "not available around the clock") {
		t.Errorf("no crisis resources after the alert:\n%s", text)
	}
	if strings.Contains(text, "Would you like the group") || strings.Contains(text, "Share with the group") {
		t.Errorf("asked about sharing on the screen with crisis resources:\n%s", text)
	}
	run := openRun(t, h)
	// a share button pressed anyway (kept from an earlier screen, or forged)
	if text := coretest.Text(forge(h, "Ana", bot.CustomID{Kind: "share", Ref: run, Step: "note", Value: "yes"})); strings.Contains(text, "Thank you for sharing") {
		t.Errorf("a flagged answer was accepted for sharing: %s", text)
	}
	for _, m := range []string{"Bo", "Cy", "Dee", "Eve"} {
		plainCheckin(h, m, m+" found walking helped")
	}
	post := closedPost(t, h)
	if strings.Contains(post, "hurt myself") || strings.Contains(post, "Ana:") {
		t.Errorf("the group sees the flagged answer:\n%s", post)
	}
	if !strings.Contains(post, "Bo: “Bo found walking helped”") {
		t.Errorf("the others' shares are missing:\n%s", post)
	}
	for _, dm := range append(h.DMs("Tess"), h.DMs("Cora")...) {
		if strings.Contains(dm, "hurt") {
			t.Errorf("an alert quotes the member: %s", dm)
		}
	}
}

// TestSharedThenEditedIntoAnAlert: a member shares a note, then changes it
// into words that raise an alert: the share is withdrawn. Changing it back
// to harmless words does not make it shareable again (every later version
// of an answer that raised an alert stays private).
func TestSharedThenEditedIntoAnAlert(t *testing.T) {
	h := fiveMembers(t)
	h.Do("Tess", `/group keywords add "hurt myself"`)
	h.Do("Tess", "/exercise start mood-checkin")
	plainCheckin(h, "Ana", "A good week")
	h.Choose("Ana", "Is there anything you would like the group to know?")
	if text := coretest.Text(h.Fill("Ana", "Write my answer", "I want to hurt myself")); !strings.Contains(text, "TelefonSeelsorge") {
		t.Fatalf("no alert screen after the edit: %s", text)
	}
	h.Press("Ana", "I'm OK for now")
	h.Press("Ana", "Continue")
	h.Choose("Ana", "Is there anything you would like the group to know?")
	if text := coretest.Text(h.Fill("Ana", "Write my answer", "All fine really")); strings.Contains(text, "Would you like the group") {
		t.Errorf("a member was asked to share a later version of a flagged answer: %s", text)
	}
	forge(h, "Ana", bot.CustomID{Kind: "share", Ref: openRun(t, h), Step: "note", Value: "yes"})
	for _, m := range []string{"Bo", "Cy", "Dee", "Eve"} {
		plainCheckin(h, m, m+" slept well")
	}
	post := closedPost(t, h)
	for _, leak := range []string{"hurt myself", "A good week", "All fine really", "Ana:"} {
		if strings.Contains(post, leak) {
			t.Errorf("the group sees %q:\n%s", leak, post)
		}
	}
}

const groupVisibleSrc = `id: safe-share
title: How safe do you feel
kind: checkin
goal: Check in.
results_to_group: aggregate
steps:
  - id: safe
    ask: How safe do you feel right now?
    choose: [Safe, Mostly safe, Not safe]
    alert: {choice: Not safe, say: member chose not safe}
  - id: mood
    ask: Your mood, for the group to see?
    scale: {min: 1, max: 5}
    alert: {when: "<= 1", say: mood 1}
    visible_to: group
`

func withExercise(t *testing.T, src string) coretest.Option {
	t.Helper()
	d, err := exercises.Parse("x.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	lib := exercises.Builtin()
	if err := lib.Add(d); err != nil {
		t.Fatal(err)
	}
	return coretest.WithLibrary(lib)
}

// TestAlertedAnswersLeftOutOfWhatTheGroupSees: a group-visible answer that
// raised an alert is not shown, and an alert choice is not counted in the
// totals the group sees (the group would learn that one of them feels
// unsafe); the totals then need five other answers.
func TestAlertedAnswersLeftOutOfWhatTheGroupSees(t *testing.T) {
	h := fiveMembers(t, withExercise(t, groupVisibleSrc))
	h.Do("Tess", "/group add @Fay")
	h.Do("Fay", "/privacy accept")
	h.Do("Tess", "/exercise start safe-share")
	answer := func(who, safe, mood string) {
		h.SeeChannel(who)
		h.Press(who, "Start")
		if strings.Contains(coretest.Text(h.Press(who, safe)), "Please contact me") {
			h.Press(who, "I'm OK for now")
			h.Press(who, "Continue")
		}
		h.Press(who, mood)
	}
	answer("Ana", "Not safe", "1")
	for _, m := range []string{"Bo", "Cy", "Dee", "Eve", "Fay"} {
		answer(m, "Safe", "4")
	}
	post := closedPost(t, h)
	if strings.Contains(post, "Not safe") || strings.Contains(post, "Ana:") || strings.Contains(post, "Ana") {
		t.Errorf("the group sees an answer that raised an alert:\n%s", post)
	}
	if !strings.Contains(post, "Safe 5") || !strings.Contains(post, "Bo: 4 of 5") {
		t.Errorf("the other answers are missing:\n%s", post)
	}
}

// TestAlertScreenIsAboutTheMember (item 5): after an alert the member's next
// screen is its own — resources, what happens next, "Please contact me" and
// "I'm OK for now" — then Continue goes back to the exercise. Both choices
// are recorded and shown to the therapists (a direct message, /alerts list,
// the member's review), never with what the member wrote; "I'm OK" does
// not close the alert, and only the member it is about can answer it.
func TestAlertScreenIsAboutTheMember(t *testing.T) {
	h := safetyGroup(t)
	h.Do("Tess", "/exercise start mood-checkin")
	h.Press("Ana", "Start")
	text := coretest.Text(h.Press("Ana", "1"))
	for _, want := range []string{"TelefonSeelsorge", "your therapists will see that you may need support", "not available around the clock", "not an emergency service", "Please contact me", "I'm OK for now"} {
		if !strings.Contains(text, want) {
			t.Errorf("alert screen lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "How has your energy been") {
		t.Errorf("the alert screen is not a screen of its own:\n%s", text)
	}
	run := openRun(t, h)
	if text := coretest.Text(forge(h, "Bo", bot.CustomID{Kind: "safe", Ref: run, Step: "mood", Value: "ok"})); !strings.Contains(text, "not yours") {
		t.Errorf("Bo answered Ana's alert screen: %s", text)
	}
	text = coretest.Text(h.Press("Ana", "Please contact me"))
	if !strings.Contains(text, "would like them to contact you") || !strings.Contains(text, "TelefonSeelsorge") {
		t.Errorf("after 'Please contact me': %s", text)
	}
	for _, who := range []string{"Tess", "Cora"} {
		if dm := h.LastDM(who); !strings.Contains(dm, "Safety alert #1") || !strings.Contains(dm, "Ana asked you to contact them") {
			t.Errorf("%s was not told: %s", who, dm)
		}
	}
	if text := coretest.Text(h.Press("Ana", "Continue")); !strings.Contains(text, "How has your energy been") {
		t.Errorf("Continue does not go back to the exercise: %s", text)
	}
	if list := coretest.Text(h.Do("Tess", "/alerts list")); !strings.Contains(list, "member asked to be contacted") || !strings.Contains(list, "open") {
		t.Errorf("alerts list: %s", list)
	}
	if rv := coretest.Text(h.Do("Tess", "/review member @Ana")); !strings.Contains(rv, "member asked to be contacted") {
		t.Errorf("review member lacks the response: %s", rv)
	}
	// the member's own export has what she chose
	var file string
	for _, b := range h.Do("Ana", "/mydata").Message.Blocks {
		if f, ok := b.(*bot.File); ok {
			file = string(f.Data)
		}
	}
	if !strings.Contains(file, `"your_answer": "contact"`) && !strings.Contains(file, `"your_answer":"contact"`) {
		t.Errorf("mydata lacks the member's answer to the alert screen: %s", file)
	}

	h.Press("Bo", "Start")
	h.Press("Bo", "2")
	h.Press("Bo", "I'm OK for now")
	if dm := h.LastDM("Tess"); !strings.Contains(dm, "Bo said they are OK for now") || !strings.Contains(dm, "does not close the alert") {
		t.Errorf("OK not sent: %s", dm)
	}
	list := coretest.Text(h.Do("Tess", "/alerts list"))
	if !strings.Contains(list, "#2") || !strings.Contains(list, "said they are OK for now") || strings.Count(list, "**open**") != 2 {
		t.Errorf("'I'm OK for now' must be shown and must not close the alert: %s", list)
	}
	// the re-sent alert carries the member's answer
	h.Clock.Advance(3 * core.DefaultAlertResend)
	if err := h.Bot.ResendAlerts(t.Context()); err != nil {
		t.Fatal(err)
	}
	all := strings.Join(h.DMs("Tess"), "\n")
	if !strings.Contains(all, "The member asked to be contacted") {
		t.Errorf("the re-sent alert lacks the response:\n%s", all)
	}
}

// TestForgedShareOnATherapistsOnlyQuestion: a share button forged for a
// question that does not let the member choose is refused and publishes
// nothing. Before, `share ... yes` on the strategy question put
// "- Ana: Wrote it down" in the channel.
func TestForgedShareOnATherapistsOnlyQuestion(t *testing.T) {
	h := fiveMembers(t)
	h.Do("Tess", "/exercise start mood-checkin")
	for _, m := range []string{"Ana", "Bo", "Cy", "Dee", "Eve"} {
		checkinWithNote(h, m, "6", "3", m+" private note", false)
	}
	run := openRun(t, h)
	for _, step := range []string{"strategy", "mood"} {
		rep := forge(h, "Ana", bot.CustomID{Kind: "share", Ref: run, Step: step, Value: "yes"})
		if text := coretest.Text(rep); !strings.Contains(text, "cannot be shared") {
			t.Errorf("forged share of %s: %s", step, text)
		}
	}
	post := closedPost(t, h)
	if strings.Contains(post, "Ana:") || strings.Contains(post, "What members chose to share") {
		t.Errorf("a forged share was published:\n%s", post)
	}
}

// TestGroupAnsweredExerciseAlert: in an exercise answered together in the
// channel, an alert choice shows the member the alert screen privately (no
// Continue: there is nothing more to answer) and is not counted in the
// totals the group sees.
func TestGroupAnsweredExerciseAlert(t *testing.T) {
	src := `id: together
title: How are we today
kind: checkin
goal: Check in together.
answered_by: group
results_to_group: aggregate
steps:
  - id: how
    ask: How are you today?
    choose: [Good, Tired, In a dark place]
    alert: {choice: In a dark place, say: member chose dark place}
`
	h := fiveMembers(t, withExercise(t, src))
	h.Do("Tess", "/group add @Fay")
	h.Do("Fay", "/privacy accept")
	h.Do("Tess", "/exercise start together")
	h.SeeChannel("Ana")
	rep := h.Press("Ana", "In a dark place")
	if text := coretest.Text(rep); !rep.Private || !strings.Contains(text, "Please contact me") || strings.Contains(text, "I noted") {
		t.Errorf("alert screen in a group exercise: %s", text)
	}
	if text := coretest.Text(h.Press("Ana", "I'm OK for now")); strings.Contains(text, "Continue") {
		t.Errorf("a Continue button with nothing to continue: %s", text)
	}
	for _, m := range []string{"Bo", "Cy", "Dee", "Eve", "Fay"} {
		h.SeeChannel(m)
		h.Press(m, "Good")
	}
	post := closedPost(t, h)
	if strings.Contains(post, "dark place") || !strings.Contains(post, "Good 5") {
		t.Errorf("group totals:\n%s", post)
	}
}
