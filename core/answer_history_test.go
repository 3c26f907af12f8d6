package core_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"groupwork/bot"
	"groupwork/core"
	"groupwork/core/coretest"
)

// attached returns the file attached to a reply (an export, /mydata).
func attached(t *testing.T, rep bot.Reply) []byte {
	t.Helper()
	if rep.Message != nil {
		for _, b := range rep.Message.Blocks {
			if f, ok := b.(*bot.File); ok {
				return f.Data
			}
		}
	}
	t.Fatalf("no file in %s", coretest.Text(rep))
	return nil
}

// TestChangedAnswerKeepsEveryVersion (issue 9, item 4): a member who rates
// 1 and then changes it to 8 is not overwritten: the review and every
// export say "changed from 1 to 8 at …", and the first answer is kept.
func TestChangedAnswerKeepsEveryVersion(t *testing.T) {
	h := safetyGroup(t)
	h.Do("Tess", "/exercise start mood-checkin")
	h.Press("Ana", "Start")
	h.Press("Ana", "1") // raises an alert: its own screen first
	h.Press("Ana", "I'm OK for now")
	h.Press("Ana", "Continue")
	h.Press("Ana", "3")
	h.Press("Ana", "Wrote it down")
	h.Press("Ana", "Skip this question")
	h.Clock.Advance(90 * 60e9) // 90 minutes later she thinks again
	h.Choose("Ana", "How has your mood been since our last session?")
	h.Press("Ana", "8")

	note := coretest.Text(h.Do("Tess", "/review member @Ana"))
	if !strings.Contains(note, "8 of 10 — changed from 1 of 10 to 8 of 10 at Mon 2 Nov, 11:30") {
		t.Errorf("the review does not say how the answer changed:\n%s", note)
	}
	// Read as plain JSON, the way a program receiving the file would.
	var x struct {
		Answers []struct {
			Step, Answer, Changes string
			Versions              []struct {
				Answer     string
				AnsweredAt string `json:"answered_at"`
			}
		}
	}
	if err := json.Unmarshal(attached(t, h.Do("Tess", "/review export json")), &x); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, a := range x.Answers {
		if a.Step != "mood" {
			continue
		}
		found = true
		if a.Answer != "8" || !strings.HasPrefix(a.Changes, "changed from 1 to 8 at 2026-11-02T11:30:00+01:00") ||
			len(a.Versions) != 2 || a.Versions[0].Answer != "1" || a.Versions[1].Answer != "8" || a.Versions[0].AnsweredAt == a.Versions[1].AnsweredAt {
			t.Errorf("export answer %+v", a)
		}
	}
	if !found {
		t.Fatal("no mood answer in the export")
	}
	csv := string(attached(t, h.Do("Tess", "/review export csv")))
	if !strings.Contains(csv, ",changes\r\n") || !strings.Contains(csv, "changed from 1 to 8 at 2026-11-02T11:30:00+01:00") {
		t.Errorf("the CSV does not show the change:\n%s", csv)
	}
}

// TestShareDecisionIsNotAChange: choosing to share is not a change of what
// was said: the review shows no "changed from".
func TestShareDecisionIsNotAChange(t *testing.T) {
	h := safetyGroup(t)
	h.Do("Tess", "/exercise start mood-checkin")
	h.Press("Ana", "Start")
	h.Press("Ana", "6")
	h.Press("Ana", "3")
	h.Press("Ana", "Wrote it down")
	h.Fill("Ana", "Write my answer", "A calmer week")
	h.Press("Ana", "Share with the group")
	note := coretest.Text(h.Do("Tess", "/review member @Ana"))
	if strings.Contains(note, "changed from") || !strings.Contains(note, "“A calmer week”") {
		t.Errorf("a share decision shows as a change:\n%s", note)
	}
}

// TestAlertShowsTheValueThatRaisedIt (issue 9, item 4): a rating of 2
// raises an alert; after the member changes it to 8 the alert list and the
// review still show the 2 that raised it.
func TestAlertShowsTheValueThatRaisedIt(t *testing.T) {
	h := safetyGroup(t)
	h.Do("Tess", "/exercise start mood-checkin")
	h.Press("Ana", "Start")
	h.Press("Ana", "2") // raises an alert: its own screen first
	h.Press("Ana", "I'm OK for now")
	h.Press("Ana", "Continue")
	h.Press("Ana", "3")
	h.Press("Ana", "Wrote it down")
	h.Press("Ana", "Skip this question")
	h.Choose("Ana", "How has your mood been since our last session?")
	h.Press("Ana", "8")
	list := coretest.Text(h.Do("Tess", "/alerts list"))
	if !strings.Contains(list, "the answer that raised it: 2 of 10") {
		t.Errorf("the alert does not show the value that raised it:\n%s", list)
	}
	note := coretest.Text(h.Do("Tess", "/review member @Ana"))
	if !strings.Contains(note, "the answer that raised it: 2 of 10") || !strings.Contains(note, "changed from 2 of 10 to 8 of 10") {
		t.Errorf("the review:\n%s", note)
	}
}

// TestKeywordAlertDoesNotQuote: an alert raised by a written answer says
// when it was given, never what it said.
func TestKeywordAlertDoesNotQuote(t *testing.T) {
	h := safetyGroup(t)
	h.Do("Tess", "/group keywords add hopeless")
	h.Do("Tess", "/exercise start mood-checkin")
	h.Press("Ana", "Start")
	h.Press("Ana", "6")
	h.Press("Ana", "3")
	h.Press("Ana", "Wrote it down")
	h.Fill("Ana", "Write my answer", "SENTINEL feeling hopeless")
	list := coretest.Text(h.Do("Tess", "/alerts list"))
	if strings.Contains(list, "SENTINEL") || !strings.Contains(list, "raised by the written answer given Mon 2 Nov, 10:00") {
		t.Errorf("keyword alert in the list:\n%s", list)
	}
}

// TestScoredAnswerIsLocked (issue 9, item 4): a submitted word-recall
// answer cannot be changed: the "Change an answer" menu does not offer it,
// and forged or stale buttons and forms are refused; the other questions
// stay open to change. Any scored step is locked the same way.
func TestScoredAnswerIsLocked(t *testing.T) {
	h := safetyGroup(t)
	h.Do("Tess", "/exercise start word-recall")
	h.Press("Ana", "Start")
	h.Press("Ana", "I have read them")
	h.Press("Ana", "Spring")
	h.Press("Ana", "7")
	done := h.Fill("Ana", "Write my answer", "apple chair")
	text := coretest.Text(done)
	if !strings.Contains(text, "recalled 2 of 10") || !strings.Contains(text, "first try") {
		t.Fatalf("done screen:\n%s", text)
	}
	if strings.Contains(text, "Please write all the words") {
		t.Errorf("the change menu offers the recall:\n%s", text)
	}
	refused := func(what string, rep bot.Reply) {
		t.Helper()
		if got := coretest.Text(rep); !strings.Contains(got, "cannot be changed") {
			t.Errorf("%s was not refused: %s", what, got)
		}
	}
	meta := h.Meta("Ana")
	refused("a forged redo", h.Event("Ana", &bot.Action{EventMeta: meta, CustomID: bot.CustomID{Kind: "redo", Ref: 1}.String(), Values: []string{"recall"}}))
	refused("a stale form button", h.Event("Ana", &bot.Action{EventMeta: h.Meta("Ana"), CustomID: bot.CustomID{Kind: "text", Ref: 1, Step: "recall"}.String()}))
	refused("a forged submit", h.Event("Ana", &bot.Submit{EventMeta: h.Meta("Ana"), CustomID: bot.CustomID{Kind: "text", Ref: 1, Step: "recall"}.String(),
		Fields: map[string]string{"answer": "apple chair river dog hat bread car flower book clock"}}))
	refused("a forged skip", h.Event("Ana", &bot.Action{EventMeta: h.Meta("Ana"), CustomID: bot.CustomID{Kind: "skip", Ref: 1, Step: "recall"}.String()}))
	recs, err := h.Store.Answers(t.Context(), 1, "u-ana")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.StepID == "recall" && r.Answer.Text != "apple chair" {
			t.Errorf("the recall answer changed to %q", r.Answer.Text)
		}
	}
	// An unscored question of the same exercise can still be changed.
	h.Press("Ana", "Start")
	h.Choose("Ana", "How many days are there in a week?")
	if text := coretest.Text(h.Press("Ana", "8")); strings.Contains(text, "cannot be changed") {
		t.Errorf("an unscored answer is locked: %s", text)
	}
}

// TestBestAnswerIsLocked: a vignette's best-answer question, whose
// explanation the member has seen, is locked as well.
func TestBestAnswerIsLocked(t *testing.T) {
	h := safetyGroup(t)
	h.Do("Tess", "/exercise start vignette-feelings")
	h.Press("Ana", "Start")
	h.Press("Ana", "I have read it")
	h.Press("Ana", "Done: none picked") // feelings: unscored
	h.Press("Ana", "Rosa wants a clean loaf")
	h.Press("Ana", "Done: 1 picked")
	h.Press("Ana", "Partly sure")
	if text := coretest.Text(h.Event("Ana", &bot.Action{EventMeta: h.Meta("Ana"), CustomID: bot.CustomID{Kind: "ans", Ref: 1, Step: "sure", Value: "0"}.String()})); !strings.Contains(text, "cannot be changed") {
		t.Errorf("a second try at a best-answer question: %s", text)
	}
}

// tricky holds what faithful storage must keep: a tab, a family emoji made
// with zero-width joiners, mentions, a Markdown link, a right-to-left
// override, an @ before a word, surrounding spaces.
const tricky = "  tab\there @everyone <@123> <@&9> <#5> 👩\u200d👩\u200d👧 [click](https://evil.example) \u202eevil\u202c ana@example.org  "

// TestAnswerStoredExactly (issue 9, item 9): what a member writes is stored
// code point for code point: no word joiner after @, no joiner stripped
// from an emoji, no tab changed; the review and the export show it as
// written.
func TestAnswerStoredExactly(t *testing.T) {
	h := safetyGroup(t)
	h.Do("Tess", "/exercise start mood-checkin")
	h.Press("Ana", "Start")
	h.Press("Ana", "6")
	h.Press("Ana", "3")
	h.Press("Ana", "Wrote it down")
	h.Fill("Ana", "Write my answer", tricky)
	recs, err := h.Store.Answers(t.Context(), 1, "u-ana")
	if err != nil {
		t.Fatal(err)
	}
	got := ""
	for _, r := range recs {
		if r.StepID == "note" {
			got = r.Answer.Text
		}
	}
	if !bytes.Equal([]byte(got), []byte(tricky)) {
		t.Errorf("stored %q\n  want %q", got, tricky)
	}
	var x core.Export
	if err := json.Unmarshal(attached(t, h.Do("Tess", "/review export json")), &x); err != nil {
		t.Fatal(err)
	}
	for _, a := range x.Answers {
		if a.Step == "note" && a.Answer != tricky {
			t.Errorf("export shows %q", a.Answer)
		}
	}
	if note := coretest.Text(h.Do("Tess", "/review member @Ana")); !strings.Contains(note, strings.TrimSpace(tricky)) {
		t.Errorf("review does not show the original:\n%s", note)
	}
}

// TestBlankAndUnreadableText: an answer of spaces says nothing (an optional
// question counts as skipped); text that is not valid UTF-8 is refused with
// a sentence instead of being silently repaired.
func TestBlankAndUnreadableText(t *testing.T) {
	h := safetyGroup(t)
	h.Do("Tess", "/exercise start mood-checkin")
	h.Press("Ana", "Start")
	h.Press("Ana", "6")
	h.Press("Ana", "3")
	h.Press("Ana", "Wrote it down")
	if text := coretest.Text(h.Fill("Ana", "Write my answer", "bad \xff byte")); !strings.Contains(text, "could not be read") {
		t.Errorf("invalid UTF-8: %s", text)
	}
	h.Press("Ana", "Start")
	h.Fill("Ana", "Write my answer", " \n\t ")
	recs, _ := h.Store.Answers(t.Context(), 1, "u-ana")
	for _, r := range recs {
		if r.StepID == "note" && (!r.Answer.Skipped || r.Answer.Text != "") {
			t.Errorf("blank answer stored as %+v", r.Answer)
		}
	}
}

// TestDisplayNameStoredExactly: a member's display name keeps its
// zero-width joiners (an emoji name) and an @.
func TestDisplayNameStoredExactly(t *testing.T) {
	h := coretest.NewBot(t)
	h.Do("Tess", "/group create \"Tuesday group\" Europe/Berlin")
	name := "👩\u200d💻Zoe@here"
	h.Do("Tess", "/group add @"+name)
	m, err := h.Store.Membership(t.Context(), 1, h.User(name).ID)
	if err != nil {
		t.Fatal(err)
	}
	if m.DisplayName != name {
		t.Errorf("display name stored as %q, want %q", m.DisplayName, name)
	}
}

// TestMyDataShowsChanges: a member's own download shows how their answer
// changed, like the therapist's export.
func TestMyDataShowsChanges(t *testing.T) {
	h := safetyGroup(t)
	h.Do("Tess", "/exercise start mood-checkin")
	h.Press("Ana", "Start")
	h.Press("Ana", "4")
	h.Press("Ana", "3")
	h.Press("Ana", "Wrote it down")
	h.Press("Ana", "Skip this question")
	h.Choose("Ana", "How has your mood been since our last session?")
	h.Press("Ana", "6")
	data := string(attached(t, h.Do("Ana", "/mydata")))
	if !strings.Contains(data, `"changes": "changed from 4 of 10 to 6 of 10 at Mon 2 Nov, 10:00"`) {
		t.Errorf("my data:\n%s", data)
	}
}

// TestChangedAnswerIsNotSharedUnasked: sharing covers what was said. A
// shared note that is then rewritten is private again until the member
// chooses to share the new words.
func TestChangedAnswerIsNotSharedUnasked(t *testing.T) {
	h := safetyGroup(t)
	h.Do("Tess", "/exercise start mood-checkin")
	h.Press("Ana", "Start")
	h.Press("Ana", "6")
	h.Press("Ana", "3")
	h.Press("Ana", "Wrote it down")
	h.Fill("Ana", "Write my answer", "A calmer week")
	h.Press("Ana", "Share with the group")
	h.Choose("Ana", "Is there anything you would like the group to know?")
	h.Fill("Ana", "Write my answer", "Actually a hard week")
	recs, err := h.Store.Answers(t.Context(), 1, "u-ana")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.StepID == "note" && (r.Answer.Text != "Actually a hard week" || r.Answer.Shared) {
			t.Errorf("the rewritten note is %+v: it must not be shared before she says so", r.Answer)
		}
	}
}
