package core_test

import (
	"strings"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/core/coretest"
)

func TestSessionCommands(t *testing.T) {
	h := coretest.NewBot(t)
	h.Clock.Set(at(4, 15, 0))
	h.Do("Tess", `/group create "Tuesday group" Europe/Berlin`)
	for _, m := range []string{"Ana", "Bo", "Cy"} {
		h.Do("Tess", "/group add @"+m)
		h.Do(m, "/privacy accept")
	}
	voice := func(who string, joined bool, t time.Time, channel string) bot.Reply {
		return h.Event(who, &bot.Presence{EventMeta: bot.EventMeta{User: h.User(who), Place: bot.Place{Platform: coretest.Platform, ChannelID: channel}},
			VoiceChannelID: channel, Joined: joined, At: t})
	}
	if text := coretest.Text(h.Do("Tess", "/session end")); !strings.Contains(text, "no live session to end") {
		t.Errorf("end without a session: %s", text)
	}
	if text := coretest.Text(h.Do("Tess", "/session mark @Ana present")); !strings.Contains(text, "no live session yet") {
		t.Errorf("mark without a session: %s", text)
	}

	// Roll call an hour before; Ana and Bo answer.
	h.Clock.Set(at(4, 16, 0))
	h.Do("Tess", "/exercise start roll-call")
	h.SeeChannel("Ana")
	h.Press("Ana", "I'm here")
	h.SeeChannel("Bo")
	h.Press("Bo", "Can't make it today")

	h.Clock.Set(at(4, 17, 0))
	text := coretest.Text(h.Do("Tess", "/session start voice:room-1 grace:5"))
	if !strings.Contains(text, "the voice channel room-1") || !strings.Contains(text, "more than 5 minutes late") {
		t.Errorf("start: %s", text)
	}
	if text := coretest.Text(h.Do("Tess", "/session start")); !strings.Contains(text, "already open") {
		t.Errorf("second start: %s", text)
	}
	if text := coretest.Text(h.Do("Tess", "/session start grace:500")); !strings.Contains(text, "already open") && !strings.Contains(text, "0 to 120") {
		t.Errorf("bad grace: %s", text)
	}
	if rep := voice("Ana", true, at(4, 17, 3), "room-1"); !rep.Empty() {
		t.Errorf("presence got a reply: %+v", rep)
	}
	voice("Cy", true, at(4, 17, 2), "room-2") // another voice channel: not counted
	voice("Stranger", true, at(4, 17, 2), "room-1")
	voice("Tess", true, at(4, 17, 0), "room-1")
	if text := coretest.Text(h.Do("Tess", "/session mark @Stranger present")); !strings.Contains(text, "not a member") {
		t.Errorf("mark a stranger: %s", text)
	}
	h.Do("Tess", "/session mark @Bo excused")
	h.Clock.Set(at(4, 18, 0))
	rep := h.Do("Tess", "/session end")
	text = coretest.Text(rep)
	for _, w := range []string{
		"- Ana: present, 57 min · roll call: I'm here",
		"- Bo: marked excused by Tess · roll call: Can't make it today",
		"- Cy: absent",
		"Total: present 1, late 0, left early 0, absent 1, excused 1.",
	} {
		if !rep.Private || !strings.Contains(text, w) {
			t.Errorf("session end lacks %q:\n%s", w, text)
		}
	}
	if strings.Contains(text, "Stranger") || strings.Contains(text, "Tess:") {
		t.Errorf("non-members listed:\n%s", text)
	}
	// A correction after the session applies to the last session.
	h.Do("Tess", "/session mark @Cy late")
	if text := coretest.Text(h.Do("Tess", "/review member @Cy")); !strings.Contains(text, "attended 1 of 1 expected (present 0, late 1") {
		t.Errorf("Cy after the correction:\n%s", text)
	}
}
