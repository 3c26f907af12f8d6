package discord_test

import (
	"regexp"
	"strings"
	"testing"

	"groupwork/adapters/adaptertest"
	"groupwork/adapters/discord/discordtest"
)

func must(t *testing.T, what string, s adaptertest.Seen, frags ...string) {
	t.Helper()
	if !s.Has(frags...) {
		t.Fatalf("%s: want %q in:\n%s", what, frags, s.Text)
	}
}

// TestTherapistRunsAGroup plays a whole week through Discord: set-up, an
// exercise answered with buttons, a menu and a form, a member who has not
// consented, the review, and refusals for everyone who is not a therapist.
func TestTherapistRunsAGroup(t *testing.T) {
	d := newDriver(t, adaptertest.Options{}).(*driver) // parallel
	f := d.e.fake

	must(t, "create", d.Do(t, "Tess", `/group create "Tuesday group" Europe/Berlin`), "Tuesday group", "lead therapist")
	for _, who := range []string{"Ana", "Bo", "Cy"} {
		s := d.Do(t, "Tess", "/group add @"+who)
		must(t, "add "+who, s, "Added "+who)
		if !s.Private {
			t.Errorf("adding %s should be private", who)
		}
	}
	d.Do(t, "Bo", "/privacy accept")
	d.Do(t, "Tess", "/exercise start mood-checkin")

	// Ana has not consented: pressing Start shows the notice first
	gate := d.Press(t, "Ana", "Start")
	must(t, "gate", gate, "Nothing has been saved yet", "I accept")
	if !gate.Private {
		t.Fatalf("the consent notice must be private")
	}
	must(t, "accept", d.Press(t, "Ana", "I accept"), "How has your mood been")
	must(t, "mood (button)", d.Press(t, "Ana", "7"), "How has your energy been")
	must(t, "energy (button)", d.Press(t, "Ana", "4"), "Which strategy helped")
	must(t, "strategy (menu)", d.Press(t, "Ana", "Used a reminder"), "anything you would like the group to know")
	must(t, "note (form)", d.Fill(t, "Ana", "Write my answer", "I slept better"), "Would you like the group to see")
	must(t, "keep private", d.Press(t, "Ana", "Keep it private"), "Your answers are saved")

	// Bo consented with /privacy accept: straight to the questions
	must(t, "Bo start", d.Press(t, "Bo", "Start"), "How has your mood been")
	d.Press(t, "Bo", "3")
	d.Press(t, "Bo", "2")
	d.Press(t, "Bo", "Wrote it down")
	must(t, "Bo skips the note", d.Press(t, "Bo", "Skip this question"), "Your answers are saved")

	// Cy declines for now: nothing is saved
	must(t, "Cy gate", d.Press(t, "Cy", "Start"), "I accept")
	must(t, "Cy declines", d.Press(t, "Cy", "Not now"), "Nothing you answer will be saved")

	d.Do(t, "Tess", "/exercise stop")
	rv := d.Do(t, "Tess", "/review group")
	if !rv.Private {
		t.Fatalf("the review must be ephemeral")
	}
	must(t, "review", rv, "Review of Tuesday group")
	for who, row := range map[string]string{
		// member due ans late part miss exc n/d n/c on-time late%
		"Ana": `Ana\s+1\s+1\s+0\s+0\s+0\s+0\s+0\s+0\s+100%\s+0%`,
		"Bo":  `Bo\s+1\s+1\s+0\s+0\s+0\s+0\s+0\s+0\s+100%\s+0%`,
		"Cy":  `Cy\s+0\s+0\s+0\s+0\s+0\s+0\s+0\s+1\s+—\s+—`, // declined the notice: no consent, not missed
	} {
		if !regexp.MustCompile(row).MatchString(rv.Text) {
			t.Errorf("review row for %s does not match %s:\n%s", who, row, rv.Text)
		}
	}
	// the member review's wording belongs to the core; check the values arrived
	member := d.Do(t, "Tess", "/review member @Ana")
	must(t, "member review", member, "Ana")
	if !member.Private || !regexp.MustCompile(`\b7\b`).MatchString(member.Text) || !regexp.MustCompile(`\b4\b`).MatchString(member.Text) {
		t.Errorf("member review should privately show Ana's 7 and 4:\n%s", member.Text)
	}

	f.SetAdmin("Root")
	for _, who := range []string{"Ana", "Root", "Stranger"} {
		s := d.Do(t, who, "/review group")
		if !s.Private || !s.Has("Only") || s.Has("Bo") {
			t.Errorf("%s was not refused cleanly: %+v", who, s)
		}
	}

	// how it travelled: a menu answer, a modal, updates of the ephemeral
	// screens, everything in time and within limits
	kinds := map[int]int{}
	for _, ex := range f.Responses() {
		if cb := ex.State().Callback; cb != nil {
			kinds[cb.Type]++
		}
	}
	for _, typ := range []int{4, 7, 9} {
		if kinds[typ] == 0 {
			t.Errorf("no interaction answered with type %d; got %v", typ, kinds)
		}
	}
	if v := f.Violations(); len(v) > 0 {
		t.Errorf("platform rules broken: %q", v)
	}
	for _, m := range f.AllMessages() {
		if m.AllowedMentions == nil {
			t.Errorf("message %s has no allowed_mentions: %q", m.ID, m.Content)
		}
	}
	prompts := 0
	for _, m := range f.Messages(discordtest.GroupChannelID) {
		if strings.Contains(m.Content, "Press **Start**") {
			prompts++
			if m.Nonce == "" {
				t.Errorf("the prompt was posted without a nonce")
			}
		}
	}
	if prompts != 1 {
		t.Errorf("%d prompts in the channel, want 1", prompts)
	}
	// nothing a member wrote, and no token, reaches the log
	for _, secret := range []string{"I slept better", token} {
		if strings.Contains(d.e.logs.String(), secret) {
			t.Errorf("the log contains %q", secret)
		}
	}
}

// TestDuplicateInteractionOneResponse (issue 10, item 5): an interaction
// delivered twice, after it was answered and while it is being handled,
// gets exactly one response, and the member sees her screen. Before, the
// repeat was answered again (Discord refused it with 40060), and a repeat
// arriving during the first could ack first and cost the member her screen.
func TestDuplicateInteractionOneResponse(t *testing.T) {
	d := newDriver(t, adaptertest.Options{}).(*driver)
	d.Do(t, "Tess", `/group create "Tuesday group" Europe/Berlin`)
	d.Do(t, "Tess", "/group add @Ana")
	d.Do(t, "Ana", "/privacy accept")
	d.Do(t, "Tess", "/exercise start mood-checkin")

	check := func(t *testing.T, ex *discordtest.Exchange) {
		t.Helper()
		d.e.waitHandled(t, ex.ID, 2)
		s := ex.State()
		if s.Deliveries != 2 || s.Attempts != 1 || len(s.Rejected) != 0 {
			t.Errorf("deliveries %d, callback attempts %d, refused %v; want 2, 1, none", s.Deliveries, s.Attempts, s.Rejected)
		}
		must(t, "her screen", toSeen(s.Shown()), "How has your mood been")
	}
	t.Run("sequentially", func(t *testing.T) {
		m, c, _ := d.find(t, "Ana", "Start")
		ex := d.e.fake.Press("Ana", m, c.CustomID)
		d.seen(t, ex)
		d.e.fake.Redeliver(ex)
		check(t, ex)
	})
	t.Run("concurrently", func(t *testing.T) {
		m, c, _ := d.find(t, "Ana", "Start")
		ex := d.e.fake.Press("Ana", m, c.CustomID)
		d.e.fake.Redeliver(ex) // before the first is answered
		check(t, ex)
	})
	if v := d.e.fake.Violations(); len(v) > 0 {
		t.Errorf("platform rules broken: %q", v)
	}
}
