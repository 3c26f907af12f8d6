package core_test

import (
	"strings"
	"testing"

	"groupwork/core/coretest"
)

// TestReviewMine: a therapist sees every group they lead, the one with an
// open safety alert first, with its rates; a member leads none; another
// therapist's group is not shown.
func TestReviewMine(t *testing.T) {
	h := safetyGroup(t)
	h.DoIn("room-2", "Tess", `/group create "Thursday group" Europe/Berlin`)
	h.DoIn("room-3", "Ola", `/group create "Ola's group" Europe/Berlin`)
	h.Do("Tess", "/exercise start phq-9")
	answerPHQ(t, h, "Ana", [9]int{1, 1, 1, 1, 1, 1, 1, 1, 2}) // item 9: an alert
	text := coretest.Text(h.Do("Tess", "/review mine"))
	tue, thu := strings.Index(text, "Tuesday group"), strings.Index(text, "Thursday group")
	if tue < 0 || thu < 0 || tue > thu {
		t.Errorf("want both groups, Tuesday (open alert) first:\n%s", text)
	}
	for _, want := range []string{"**1 open safety alert**", "First: acknowledge the open safety alerts (/alerts list) in Tuesday group."} {
		if !strings.Contains(text, want) {
			t.Errorf("lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Ola's group") {
		t.Errorf("another therapist's group is shown:\n%s", text)
	}
	if text := coretest.Text(h.Do("Ana", "/review mine")); !strings.Contains(text, "You lead no groups") {
		t.Errorf("member: %s", text)
	}
	cora := coretest.Text(h.Do("Cora", "/review mine"))
	if !strings.Contains(cora, "Tuesday group") || strings.Contains(cora, "Thursday group") {
		t.Errorf("co-therapist: %s", cora)
	}
}
