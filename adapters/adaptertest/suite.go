// Package adaptertest is the conformance suite every adapter passes: the
// same scenarios, played by people through the platform, with the same
// outcomes. Each adapter supplies a Driver that plays a person on its
// platform (the shell adapter natively, Discord and Slack through their
// in-repo fakes).
//
// Besides rendering and access, the suite holds the delivery rules every
// adapter keeps:
//   - a repeat is silent: a delivery already seen gets no response at all,
//     whether it comes after the first was answered or while the first is
//     still being handled (the first delivery's real answer is the one the
//     person sees);
//   - a stop lets handlers in flight finish, with a context the stop does
//     not cancel, and Run returns after their answers are sent;
//   - delivery ids are unique even across restarts on the same database;
//   - a person who floods is asked privately to slow down, and nobody else
//     is affected.
package adaptertest

import (
	"strings"
	"testing"
	"time"

	"groupwork/bot"
)

// Options are what a scenario asks of the wiring a driver builds.
type Options struct {
	// Clock, when set, is the core's clock (the per-person intake limit
	// counts with it). Nil means the driver's usual clock.
	Clock bot.Clock
	// Wrap, when set, wraps the core: the adapter runs with Wrap(core) as
	// its handler.
	Wrap func(bot.Handler) bot.Handler
}

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
	// Stop ends the context the adapter's Run was given, as SIGTERM does,
	// and returns at once; the channel receives what Run returned.
	Stop(t testing.TB) <-chan error
	// Restart stops the adapter and the core, and starts new ones on the
	// same database, as a restarted process would.
	Restart(t testing.TB)
}

// Run runs every scenario, each with a fresh driver (and a fresh store).
// Each driver's Run context is ended when the test ends.
func Run(t *testing.T, newDriver func(t *testing.T, o Options) Driver) {
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
		t.Run(sc.name, func(t *testing.T) { sc.run(t, newDriver(t, Options{})) })
	}
	t.Run("a repeat is silent", func(t *testing.T) { repeatIsSilent(t, newDriver(t, Options{})) })
	t.Run("a repeat while the first is handled is silent", func(t *testing.T) {
		g := &gate{}
		repeatDuringFirst(t, newDriver(t, Options{Wrap: g.wrap}), g)
	})
	t.Run("a stop lets handlers in flight finish", func(t *testing.T) {
		g := &gate{}
		stopCleanly(t, newDriver(t, Options{Wrap: g.wrap}), g)
	})
	t.Run("delivery ids stay unique across restarts", func(t *testing.T) { uniqueAcrossRestarts(t, newDriver(t, Options{})) })
	t.Run("a flood is asked to slow down", func(t *testing.T) {
		clock := bot.NewManualClock(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
		fairIntake(t, newDriver(t, Options{Clock: clock}), clock)
	})
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

// slowDown is the start of the core's private answer to a flood.
const slowDown = "You are going a bit fast"

// repeatIsSilent: a command, a press and a form submission, each delivered
// again after it was answered, get no response at all, and change nothing.
func repeatIsSilent(t *testing.T, d Driver) {
	setup(t, d)
	expect(t, "info", d.Do(t, "Tess", "/group info"), "Tuesday group")
	if s := d.Repeat(t, "Tess"); !s.None {
		t.Errorf("a repeated /group info was answered: %+v", s)
	}
	d.Do(t, "Tess", "/exercise start mood-checkin")
	posts := len(d.Channel(t))
	if s := d.Repeat(t, "Tess"); !s.None {
		t.Errorf("a repeated /exercise start was answered: %+v", s)
	}
	if n := len(d.Channel(t)); n != posts {
		t.Errorf("a repeated /exercise start posted %d more messages", n-posts)
	}
	expect(t, "start", d.Press(t, "Ana", "Start"), "Nothing has been saved yet")
	if s := d.Repeat(t, "Ana"); !s.None {
		t.Errorf("a repeated press of Start was answered: %+v", s)
	}
	expect(t, "accept", d.Press(t, "Ana", "I accept"), "How has your mood been")
	d.Press(t, "Ana", "6")
	d.Press(t, "Ana", "3")
	d.Press(t, "Ana", "Asked for help")
	expect(t, "form", d.Fill(t, "Ana", "Write my answer", "I slept better"), "Would you like the group to see")
	if s := d.Repeat(t, "Ana"); !s.None {
		t.Errorf("a repeated form submission was answered: %+v", s)
	}
	expect(t, "done", d.Press(t, "Ana", "Keep it private"), "Your answers are saved")
}

// repeatDuringFirst: the press is delivered again while the first delivery
// is still in flight (the core has answered it, the answer is not sent
// yet). Exactly one of the two is answered, with the real screen.
func repeatDuringFirst(t *testing.T, d Driver, g *gate) {
	setup(t, d)
	d.Do(t, "Ana", "/privacy accept")
	d.Do(t, "Tess", "/exercise start mood-checkin")
	g.arm("Ana", true)
	first := async(func() Seen { return d.Press(t, "Ana", "Start") })
	g.waitHeld(t)
	again := d.Repeat(t, "Ana")
	g.open()
	got := first(t)
	switch {
	case !again.None && !got.None:
		t.Fatalf("both deliveries were answered:\nfirst: %+v\nrepeat: %+v", got, again)
	case again.None && got.None:
		t.Fatalf("the member saw nothing: neither delivery was answered with her screen\nfirst: %+v\nrepeat: %+v", got, again)
	}
	screen := got
	if got.None {
		screen = again
	}
	expect(t, "the member's screen", screen, "How has your mood been")
}

// stopCleanly: a handler in flight when the adapter is stopped finishes
// with a context the stop did not cancel, its answer is delivered, and Run
// returns after it.
func stopCleanly(t *testing.T, d Driver, g *gate) {
	setup(t, d)
	g.arm("Tess", false)
	answer := async(func() Seen { return d.Do(t, "Tess", "/group info") })
	g.waitHeld(t)
	stopped := d.Stop(t)
	select {
	case err := <-stopped:
		t.Fatalf("Run returned (%v) while a handler was in flight", err)
	default:
	}
	g.open()
	expect(t, "the answer of the handler in flight", answer(t), "Tuesday group", "Members (3)")
	if err := g.heldCtxErr(); err != nil {
		t.Errorf("the handler in flight got a context ended by the stop: %v", err)
	}
	select {
	case err := <-stopped:
		if err != nil {
			t.Errorf("Run returned %v after a stop", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("Run did not return after the handler finished")
	}
}

// uniqueAcrossRestarts: after a restart on the same database, the first
// commands are answered, not taken for repeats of the last run's.
func uniqueAcrossRestarts(t *testing.T, d Driver) {
	setup(t, d)
	d.Do(t, "Ana", "/help")
	d.Restart(t)
	// The spelling is the platform's ("/crisis" on Discord, "/groupwork
	// crisis" on Slack); the answer is what matters.
	expect(t, "help after a restart", d.Do(t, "Ana", "/help"), "crisis", "Where to get help right now")
	info := d.Do(t, "Tess", "/group info")
	expect(t, "info after a restart", info, "Tuesday group", "Members (3)")
	expect(t, "add after a restart", d.Do(t, "Tess", "/group add @Di"), "Added Di")
}

// fairIntake: one person flooding at one instant is asked privately to
// slow down, others are unaffected, and time lets them in again.
func fairIntake(t *testing.T, d Driver, clock *bot.ManualClock) {
	setup(t, d)
	var s Seen
	n := 0
	for n = 1; n <= 200; n++ {
		s = d.Do(t, "Ana", "/group info")
		if s.Has(slowDown) {
			break
		}
	}
	if n > 100 {
		t.Fatalf("200 commands at one instant were never refused; last: %+v", s)
	}
	if n < 10 {
		t.Errorf("refused after %d events: too tight for a person who double-presses", n)
	}
	if !s.Private {
		t.Errorf("the slow-down answer must be private")
	}
	expect(t, "slow down", s, "please wait a moment and try again")
	expect(t, "others unaffected", d.Do(t, "Bo", "/group info"), "Members: 3")
	clock.Advance(time.Minute)
	expect(t, "after a minute", d.Do(t, "Ana", "/group info"), "Members: 3")
}
