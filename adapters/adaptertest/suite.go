// Package adaptertest is the conformance suite every adapter passes: the
// same scenarios, played by people through the platform, with the same
// outcomes. Each adapter supplies a Driver that plays a person on its
// platform (the shell adapter natively, Discord and Slack through their
// in-repo fakes).
package adaptertest

import (
	"strings"
	"testing"
)

// Seen is what a person saw in answer to what they did.
type Seen struct {
	Text    string
	Private bool     // only they saw it
	Items   []string // labels of buttons, menu options and form buttons, in order
	Files   []string // names of attached files
	None    bool     // nothing was shown (e.g. an ignored redelivery)
}

// Has reports whether the text contains every fragment.
func (s Seen) Has(frags ...string) bool {
	for _, f := range frags {
		if !strings.Contains(s.Text, f) {
			return false
		}
	}
	return true
}

// Driver plays people on one platform. Names are display names; the driver
// maps them to platform users, creating them on first use. Every person is in
// the one group channel of the scenario.
type Driver interface {
	// Do types or issues a command ("/group add @Ana role:member") in the group channel.
	Do(t testing.TB, user, line string) Seen
	// Press presses the button or menu option labelled label on the latest
	// message the person can see that has it.
	Press(t testing.TB, user, label string) Seen
	// Choose picks several options of one menu.
	Choose(t testing.TB, user string, labels ...string) Seen
	// Fill presses the form button labelled label and submits text in its first field.
	Fill(t testing.TB, user, label, text string) Seen
	// Repeat delivers the person's last event again, with the same delivery id.
	Repeat(t testing.TB, user string) Seen
	// MakeAdmin makes the person a platform administrator (server admin, workspace owner).
	MakeAdmin(t testing.TB, user string)
	// Channel returns what was posted into the group channel, oldest first.
	Channel(t testing.TB) []Seen
}

// Run runs every scenario, each with a fresh driver (and a fresh store).
func Run(t *testing.T, newDriver func(t *testing.T) Driver) {
	scenarios := []struct {
		name string
		run  func(t *testing.T, d Driver)
	}{
		{"group setup and info", groupSetup},
		{"consent gate then every answer kind", consentAndAnswers},
		{"review is for therapists only", reviewAccess},
		{"redelivered event has no second effect", redelivery},
		{"bad input gets a clear error", badInput},
		{"roll call in the channel", rollCall},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) { sc.run(t, newDriver(t)) })
	}
}

func expect(t testing.TB, what string, s Seen, frags ...string) {
	t.Helper()
	if !s.Has(frags...) {
		t.Fatalf("%s: want %q in:\n%s", what, frags, s.Text)
	}
}

func setup(t testing.TB, d Driver) {
	t.Helper()
	s := d.Do(t, "Tess", `/group create "Tuesday group" Europe/Berlin`)
	expect(t, "create", s, "Tuesday group", "lead therapist")
	expect(t, "add Ana", d.Do(t, "Tess", "/group add @Ana"), "Added Ana")
	expect(t, "add Bo", d.Do(t, "Tess", "/group add @Bo"), "Added Bo")
	expect(t, "add Cy", d.Do(t, "Tess", "/group add @Cy"), "Added Cy")
	expect(t, "add Olga", d.Do(t, "Tess", "/group add @Olga observer"), "Added Olga", "observer")
}

func groupSetup(t *testing.T, d Driver) {
	setup(t, d)
	info := d.Do(t, "Tess", "/group info")
	if !info.Private {
		t.Errorf("group info should be private")
	}
	expect(t, "info for therapist", info, "Tess (lead)", "Olga (observer)", "Ana — consent: not yet answered", "Members (3)")
	mine := d.Do(t, "Ana", "/group info")
	expect(t, "info for member", mine, "Members: 3")
	if strings.Contains(mine.Text, "consent") {
		t.Errorf("a member must not see others' consent: %s", mine.Text)
	}
	expect(t, "duplicate add", d.Do(t, "Tess", "/group add @Ana"), "already in this group")
	expect(t, "member cannot add", d.Do(t, "Ana", "/group add @Zed"), "Only this group's therapists")
	expect(t, "second group refused", d.Do(t, "Tess", "/group create Other"), "already has the group")
}

func consentAndAnswers(t *testing.T, d Driver) {
	setup(t, d)
	d.Do(t, "Tess", "/exercise start mood-checkin")
	posts := d.Channel(t)
	last := posts[len(posts)-1]
	expect(t, "prompt", last, "Between-session check-in", "Start")
	gate := d.Press(t, "Ana", "Start")
	if !gate.Private {
		t.Fatalf("consent notice must be private")
	}
	expect(t, "consent gate", gate, "Nothing has been saved yet", "I accept")
	q1 := d.Press(t, "Ana", "I accept")
	expect(t, "first question after accept", q1, "How has your mood been")
	expect(t, "scale", d.Press(t, "Ana", "6"), "How has your energy been")
	expect(t, "scale 2", d.Press(t, "Ana", "3"), "Which strategy helped")
	expect(t, "menu", d.Press(t, "Ana", "Asked for help"), "anything you would like the group to know")
	expect(t, "form", d.Fill(t, "Ana", "Write my answer", "I slept better"), "Would you like the group to see")
	done := d.Press(t, "Ana", "Keep it private")
	expect(t, "done", done, "Your answers are saved")
	rv := d.Do(t, "Tess", "/review member @Ana")
	if !rv.Private {
		t.Fatalf("review must be private")
	}
	expect(t, "member review", rv, "6 of 10", "Asked for help", "I slept better", "partial")
}

func reviewAccess(t *testing.T, d Driver) {
	setup(t, d)
	d.MakeAdmin(t, "Root")
	for _, who := range []string{"Ana", "Root", "Stranger"} {
		s := d.Do(t, who, "/review group")
		if !s.Private || !s.Has("Only") || s.Has("Bo") || len(s.Files) > 0 {
			t.Errorf("%s was not refused cleanly: %+v", who, s)
		}
		s = d.Do(t, who, "/review member @Bo")
		if !s.Has("Only") || s.Has("missed") {
			t.Errorf("%s was not refused review member: %+v", who, s)
		}
	}
	expect(t, "observer sees aggregates", d.Do(t, "Olga", "/review group"), "Review of Tuesday group")
	expect(t, "observer cannot see answers", d.Do(t, "Olga", "/review member @Ana"), "Only this group's therapists")
	expect(t, "therapist", d.Do(t, "Tess", "/review group"), "Review of Tuesday group", "Ana", "Bo", "Cy")
}

func redelivery(t *testing.T, d Driver) {
	setup(t, d)
	d.Do(t, "Ana", "/privacy accept")
	d.Do(t, "Tess", "/exercise start roll-call")
	before := len(d.Channel(t))
	d.Press(t, "Ana", "I'm here")
	again := d.Repeat(t, "Ana")
	if !again.None {
		t.Errorf("a redelivered press should show nothing, got %+v", again)
	}
	d.Do(t, "Tess", "/exercise start mood-checkin")
	d.Repeat(t, "Tess")
	if n := len(d.Channel(t)) - before; n != 1 {
		t.Errorf("a redelivered start posted %d prompts, want 1", n)
	}
	rv := d.Do(t, "Tess", "/review group")
	expect(t, "one answer", rv, "Ana")
}

func badInput(t *testing.T, d Driver) {
	setup(t, d)
	expect(t, "unknown command", d.Do(t, "Tess", "/frobnicate"), "I don't know the command")
	expect(t, "unknown exercise", d.Do(t, "Tess", "/exercise start nope"), "There is no exercise")
	expect(t, "bad role", d.Do(t, "Tess", "/group add @Zed role:boss"), "is not a valid role")
	long := strings.Repeat("x", 200)
	expect(t, "long name", d.Do(t, "Zed", `/group create "`+long+`"`), "1 to 80 characters")
}

func rollCall(t *testing.T, d Driver) {
	setup(t, d)
	for _, who := range []string{"Ana", "Bo", "Cy"} {
		d.Do(t, who, "/privacy accept")
	}
	d.Do(t, "Tess", "/exercise start roll-call")
	expect(t, "roll call Ana", d.Press(t, "Ana", "I'm here"), "I noted: I'm here")
	expect(t, "roll call Bo", d.Press(t, "Bo", "Running late"), "Running late")
	expect(t, "roll call Cy", d.Press(t, "Cy", "I'm here"), "I'm here")
	d.Do(t, "Tess", "/exercise stop")
	posts := d.Channel(t)
	closing := posts[len(posts)-1]
	expect(t, "closing message", closing, "is now closed")
	if closing.Has("Ana") || closing.Has("Bo") {
		t.Errorf("the group must not see who answered what: %s", closing.Text)
	}
}
