package core_test

import (
	"strings"
	"testing"

	"groupwork/core/coretest"
)

// TestSmallGroupGuardFiveByDefault (item 10): results posted to the group
// need five members who answered by default. Four is not enough: before,
// three were, so four answers showed totals and shared notes with names.
func TestSmallGroupGuardFiveByDefault(t *testing.T) {
	h := fiveMembers(t)
	h.Do("Tess", "/exercise start mood-checkin")
	for _, m := range []string{"Ana", "Bo", "Cy", "Dee"} {
		plainCheckin(h, m, m+" shared this")
	}
	post := closedPost(t, h)
	if !strings.Contains(post, "Fewer than 5 people answered") {
		t.Errorf("four respondents, but:\n%s", post)
	}
	for _, leak := range []string{"average", "shared this", "Ana", "Wrote it down"} {
		if strings.Contains(post, leak) {
			t.Errorf("the group sees %q with four respondents:\n%s", leak, post)
		}
	}
	h.Do("Tess", "/exercise start mood-checkin")
	for _, m := range []string{"Ana", "Bo", "Cy", "Dee", "Eve"} {
		plainCheckin(h, m, m+" shared again")
	}
	post = closedPost(t, h)
	if !strings.Contains(post, "group average 6.0") || !strings.Contains(post, "5 answers") || !strings.Contains(post, "Eve: “Eve shared again”") {
		t.Errorf("five respondents, but:\n%s", post)
	}
}

// TestShareTimeTellsTheSmallGroupRule (item 10): when a member is asked to
// share, and when they say yes, they are told that the group sees it only if
// enough people answer (and, in a group too small for that, that it may
// not); the closing screen says what the group will see and never "the
// group only sees totals, never who said what" after a share.
func TestShareTimeTellsTheSmallGroupRule(t *testing.T) {
	h := setup(t) // Ana and Bo: a group of two members
	h.Do("Tess", "/exercise start mood-checkin")
	h.SeeChannel("Ana")
	h.Press("Ana", "Start")
	h.Press("Ana", "6")
	h.Press("Ana", "3")
	h.Press("Ana", "Wrote it down")
	ask := coretest.Text(h.Fill("Ana", "Write my answer", "Walking helped"))
	if !strings.Contains(ask, "only if at least 5 people") || !strings.Contains(ask, "only 2 people in this group can answer") {
		t.Errorf("the share question does not tell the rule: %s", ask)
	}
	done := coretest.Text(h.Press("Ana", "Share with the group"))
	for _, want := range []string{"if at least 5 people have answered", "the answer you chose to share, with your name"} {
		if !strings.Contains(done, want) {
			t.Errorf("after sharing, the screen lacks %q:\n%s", want, done)
		}
	}
	if strings.Contains(done, "never who said what") {
		t.Errorf("the closing text contradicts the share just made:\n%s", done)
	}
	h.SeeChannel("Bo")
	done = coretest.Text(answerAll(t, h, "Bo", h.Press("Bo", "Start"), "a note"))
	if !strings.Contains(done, "the group will see totals, without names") {
		t.Errorf("a member who kept everything private is not told what the group sees:\n%s", done)
	}
}
