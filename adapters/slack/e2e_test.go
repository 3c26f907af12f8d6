package slack

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"groupwork/adapters/adaptertest"
	"groupwork/adapters/slack/slacktest"
)

func must(t *testing.T, what string, s adaptertest.Seen, frags ...string) {
	t.Helper()
	if !s.Has(frags...) {
		t.Fatalf("%s: want %q in:\n%s", what, frags, s.Text)
	}
}

// TestTherapistRunsAGroup plays the Discord end-to-end scenario through
// Slack, in both modes: a private group channel created by the bot,
// members invited, the consent notice, an exercise answered with buttons,
// a select and a modal, a safety alert by DM, the review, and refusals for
// a member, a workspace admin and someone from another workspace.
func TestTherapistRunsAGroup(t *testing.T) {
	for _, mode := range []struct {
		name string
		http bool
	}{{"socket", false}, {"http", true}} {
		t.Run(mode.name, func(t *testing.T) { therapistRunsAGroup(t, newDriver(t, mode.http, adaptertest.Options{})) })
	}
}

func therapistRunsAGroup(t *testing.T, d *driver) {
	f := d.e.fake
	general := f.AddChannel("general", false, slacktest.BotUserID)
	tess := d.e.fake.User("Tess")

	// adopting a public channel is refused; channel:new makes a private one
	d.e.channel = general.ID
	d.joined[tess.ID] = true
	refused := d.Do(t, "Tess", `/group create "Tuesday group" Europe/Berlin`)
	must(t, "public channel refused", refused, "This channel is public", "/groupwork group create")
	if !refused.Private {
		t.Errorf("the refusal should be private")
	}
	created := d.Do(t, "Tess", `/group create "Tuesday group" Europe/Berlin channel:new`)
	must(t, "create", created, "Tuesday group", "new private channel", "workspace owners and admins")
	if !created.Private {
		t.Errorf("the therapist's details should be private")
	}
	ch := f.ChannelByName("tuesday-group")
	if ch == nil || !ch.Private || !contains(ch.Members, tess.ID) || !contains(ch.Members, slacktest.BotUserID) {
		t.Fatalf("private channel with Tess and the bot: %+v", ch)
	}
	d.e.channel = ch.ID

	for _, who := range []string{"Ana", "Bo", "Cy"} {
		s := d.Do(t, "Tess", "/group add @"+who)
		must(t, "add "+who, s, "Added "+who)
		if !s.Private {
			t.Errorf("adding %s should be private", who)
		}
		if !contains(f.Members(ch.ID), f.User(who).ID) {
			t.Errorf("%s was not invited into the channel", who)
		}
	}
	must(t, "help in the Slack spelling", d.Do(t, "Tess", "/help"), "/groupwork group add")
	d.Do(t, "Bo", "/privacy accept")
	d.Do(t, "Tess", "/exercise start mood-checkin")

	gate := d.Press(t, "Ana", "Start")
	must(t, "gate", gate, "Nothing has been saved yet", "I accept")
	if !gate.Private {
		t.Fatalf("the consent notice must be private")
	}
	must(t, "accept", d.Press(t, "Ana", "I accept"), "How has your mood been")
	must(t, "mood (button)", d.Press(t, "Ana", "7"), "How has your energy been")
	must(t, "energy (button)", d.Press(t, "Ana", "4"), "Which strategy helped")
	must(t, "strategy (select)", d.Press(t, "Ana", "Used a reminder"), "anything you would like the group to know")
	must(t, "note (modal)", d.Fill(t, "Ana", "Write my answer", "I slept better <!channel> & <@"+tess.ID+">"), "Would you like the group to see")
	must(t, "keep private", d.Press(t, "Ana", "Keep it private"), "Your answers are saved")

	// Bo rates his mood 1: a private alert reaches Tess by DM
	must(t, "Bo start", d.Press(t, "Bo", "Start"), "How has your mood been")
	must(t, "Bo's low mood", d.Press(t, "Bo", "1"), "your therapists will see that you may need support", "Emergency services")
	must(t, "Bo is OK for now", d.Press(t, "Bo", "I'm OK for now"), "/groupwork crisis")
	must(t, "Bo continues", d.Press(t, "Bo", "Continue"), "How has your energy been")
	d.Press(t, "Bo", "2")
	d.Press(t, "Bo", "Wrote it down")
	must(t, "Bo skips the note", d.Press(t, "Bo", "Skip this question"), "Your answers are saved")
	// (the match runs under the fake's lock: it must not call the fake)
	alert := f.WaitMessage(t, "a safety alert in a DM", func(m slacktest.Message) bool {
		return strings.HasPrefix(m.Channel, "D") && m.User == slacktest.BotUserID && !m.Ephemeral
	})
	if alert.Channel != f.DMChannel(tess.ID) || !strings.Contains(alert.AllText(), "Tuesday group") {
		t.Errorf("the alert should reach Tess in her DM with the bot: %s %q", alert.Channel, alert.AllText())
	}
	for _, m := range f.Messages(ch.ID) {
		if strings.Contains(strings.ToLower(m.AllText()), "alert") {
			t.Errorf("the alert reached the group channel: %s", m.AllText())
		}
	}

	// "/groupwork alerts ack 1" without a note opens a modal at once, its
	// number filled in; the note comes back as written.
	must(t, "ack form", d.Do(t, "Tess", "/alerts ack 1"), "(form) Acknowledge an alert")
	must(t, "ack sent", d.SubmitForm(t, "Tess", map[string]string{"id": "1", "note": "Called Bo & made a plan"}), "Alert #1 is acknowledged")
	must(t, "ack kept", d.Do(t, "Tess", "/alerts list all:yes"), "acknowledged by Tess", "Called Bo & made a plan")

	must(t, "Cy gate", d.Press(t, "Cy", "Start"), "I accept")
	must(t, "Cy declines", d.Press(t, "Cy", "Not now"), "Nothing you answer will be saved")

	d.Do(t, "Tess", "/exercise stop")
	rv := d.Do(t, "Tess", "/review group")
	if !rv.Private {
		t.Fatalf("the review must be ephemeral")
	}
	must(t, "review", rv, "Review of Tuesday group")
	for who, row := range map[string]string{
		"Ana": `Ana\s+1\s+1\s+0\s+0\s+0\s+0\s+0\s+0\s+100%\s+0%`,
		"Bo":  `Bo\s+1\s+1\s+0\s+0\s+0\s+0\s+0\s+0\s+100%\s+0%`,
		"Cy":  `Cy\s+0\s+0\s+0\s+0\s+0\s+0\s+0\s+1\s+—\s+—`,
	} {
		if !regexp.MustCompile(row).MatchString(rv.Text) {
			t.Errorf("review row for %s does not match %s:\n%s", who, row, rv.Text)
		}
	}
	member := d.Do(t, "Tess", "/review member @Ana")
	if !member.Private || !member.Has("I slept better <!channel> & <@"+tess.ID+">") {
		t.Errorf("the member review should privately show Ana's note as she wrote it:\n%s", member.Text)
	}

	// removing someone takes them out of the private channel (conversations.kick)
	must(t, "remove Cy", d.Do(t, "Tess", "/group remove @Cy"), "Removed Cy")
	if contains(f.Members(ch.ID), f.User("Cy").ID) {
		t.Errorf("Cy is still in the group channel")
	}

	// refusals: a member, a workspace admin, someone from another workspace
	f.SetRole("Root", slacktest.RoleAdmin)
	for _, who := range []string{"Ana", "Root"} {
		s := d.Do(t, who, "/review group")
		if !s.Private || !s.Has("Only") || s.Has("Bo") {
			t.Errorf("%s was not refused cleanly: %+v", who, s)
		}
	}
	olu := f.UserInTeam("Olu", slacktest.OtherTeamID)
	d.joined[olu.ID] = true
	s := d.Do(t, "Olu", "/review group")
	if !s.Private || !s.Has("does not serve this workspace") || s.Has("Bo") {
		t.Errorf("an outsider's request was not refused: %+v", s)
	}

	// how it travelled
	views, responseURL, acks := 0, 0, 0
	for _, ex := range f.Exchanges() {
		st := ex.State()
		views += len(st.Views)
		responseURL += len(st.Followups)
	}
	for _, m := range f.AllMessages() {
		if m.Via == "ack" {
			acks++
		}
		for _, bad := range []string{"<!channel>", "<!here>", "<@" + tess.ID + ">"} {
			if strings.Contains(m.Text, bad) || strings.Contains(string(m.Blocks), bad) {
				t.Errorf("a mention from member text reached Slack unescaped in %s via %s", m.Channel, m.Via)
			}
		}
	}
	if views == 0 || responseURL == 0 {
		t.Errorf("want modals and response_url replies; got %d, %d", views, responseURL)
	}
	if d.e.a.cfg.HTTP && acks == 0 {
		t.Errorf("in HTTP mode quick slash command replies should travel in the response")
	}

	prompts := 0
	for _, m := range f.Messages(ch.ID) {
		if a, ok := firstButton(m, "Start"); ok && a.ActionID != "" {
			prompts++
			var blocks []map[string]any
			_ = json.Unmarshal(m.Blocks, &blocks)
			if len(blocks) == 0 {
				t.Errorf("the prompt has no blocks")
			}
		}
	}
	if prompts != 1 {
		t.Errorf("%d prompts in the channel, want 1", prompts)
	}
	if strings.Contains(d.e.logs.String(), "I slept better") {
		t.Errorf("the log contains what a member wrote")
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func firstButton(m slacktest.Message, label string) (slacktest.Action, bool) {
	for _, a := range m.Actions() {
		if a.Type == "button" && a.Text == label {
			return a, true
		}
	}
	return slacktest.Action{}, false
}
