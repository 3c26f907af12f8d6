package core_test

import (
	"strings"
	"testing"

	"groupwork/core/coretest"
)

// TestGroupCreateRefusesAChannelItShouldNotAdopt: where the platform can
// tell (bot.ChannelChecker), a group is not made of a public channel or of
// one the bot is not in; channel:new still works from there, and a private
// channel is adopted.
func TestGroupCreateRefusesAChannelItShouldNotAdopt(t *testing.T) {
	h := coretest.NewBot(t)
	h.Adapter.Public = []string{"general"}
	h.Adapter.Unjoined = []string{"quiet"}
	for ch, want := range map[string]string{"general": "This channel is public", "quiet": "I am not in this channel yet"} {
		rep := h.DoIn(ch, "Tess", `/group create "Tuesday group"`)
		if text := coretest.Text(rep); !rep.Private || !strings.Contains(text, want) || !strings.Contains(text, "channel:new") {
			t.Errorf("%s: want a private refusal %q naming channel:new, got %s", ch, want, text)
		}
		if _, err := h.Store.GroupByChannel(t.Context(), coretest.Platform, ch); err == nil {
			t.Errorf("%s: a group was created", ch)
		}
	}
	if text := coretest.Text(h.DoIn("general", "Tess", `/group create "Tuesday group" channel:new`)); !strings.Contains(text, "new private channel") {
		t.Errorf("channel:new from a public channel: %s", text)
	}
	if text := coretest.Text(h.Do("Tess", `/group create "Wednesday group"`)); !strings.Contains(text, "is set up in this channel") {
		t.Errorf("a private channel should be adopted: %s", text)
	}
}
