package discord_test

import (
	"strings"
	"testing"

	"groupwork/adapters/adaptertest"
)

// TestFormOnlyAfterTheCoreAgrees: a "Write my answer" button's custom id is
// the same for everyone, so the adapter opens a form only after the core has
// said that this person may answer (member of the group, consented, run
// due). Before, it opened the form it remembered to anyone who sent the id.
// A press by someone who has not consented, or by someone outside the
// group, opens no form; the consenting member still gets theirs.
func TestFormOnlyAfterTheCoreAgrees(t *testing.T) {
	d := newDriver(t, adaptertest.Options{}).(*driver)
	d.Do(t, "Tess", `/group create "Form group"`)
	d.Do(t, "Tess", "/group add @Ana")
	d.Do(t, "Tess", "/group add @Bo")
	d.Do(t, "Ana", "/privacy accept")
	d.Do(t, "Tess", "/exercise start session-reflection")
	d.Press(t, "Ana", "Start")
	d.Press(t, "Ana", "4")
	m, c, _ := d.find(t, "Ana", "Write my answer")

	for _, who := range []string{"Bo", "Zed"} {
		s := d.e.fake.Press(who, m, c.CustomID).Settled(t)
		if s.Modal != nil {
			t.Errorf("%s got the form %q without the core's say", who, s.Modal.Title)
		}
		var texts []string
		for _, msg := range s.Shown() {
			texts = append(texts, msg.Content)
		}
		text := strings.Join(texts, "\n")
		switch who {
		case "Bo": // in the group, no consent yet: the notice, nothing saved
			if !strings.Contains(text, "Nothing has been saved yet") {
				t.Errorf("Bo, who has not consented, saw: %q", text)
			}
		case "Zed": // not in the group
			if !strings.Contains(text, "for the members of") {
				t.Errorf("Zed, who is not in the group, saw: %q", text)
			}
		}
	}
	if s := d.e.fake.Press("Ana", m, c.CustomID).Settled(t); s.Modal == nil {
		t.Fatalf("the member who may answer got no form: %+v", s)
	}
}
