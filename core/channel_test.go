package core_test

import (
	"strings"
	"testing"

	"groupwork/bot"
	"groupwork/core/coretest"
)

func TestPrivateChannelAccessFollowsMembership(t *testing.T) {
	h := coretest.NewBot(t)
	rep := h.Do("Tess", `/group create "New group" channel:new`)
	if !rep.Private || !strings.Contains(coretest.Text(rep), "new private channel") {
		t.Fatalf("create: %s", coretest.Text(rep))
	}
	if !h.Adapter.CanRead("private-1", "u-tess") {
		t.Fatalf("the lead cannot read the new channel")
	}
	h.Channel = "private-1"
	h.Do("Tess", "/group add @Ana")
	if !h.Adapter.CanRead("private-1", "u-ana") {
		t.Errorf("an added member was not given access")
	}
	h.Do("Tess", "/group remove @Ana")
	if h.Adapter.CanRead("private-1", "u-ana") {
		t.Errorf("a removed member kept access")
	}
}

func TestAdoptedChannelWarnsAboutOutsiders(t *testing.T) {
	h := coretest.NewBot(t)
	h.Adapter.Readers = []string{"Root", "Tess"}
	rep := h.Do("Tess", `/group create "Here group"`)
	text := coretest.Text(rep)
	if !rep.Private || !strings.Contains(text, "Privacy warning") || !strings.Contains(text, "Root") || strings.Contains(text, "Tess.") {
		t.Errorf("want a private warning naming Root only: %s", text)
	}
	for _, p := range h.Adapter.Posts() {
		if text, _ := bot.Render(&p.Message); strings.Contains(text, "Privacy warning") {
			t.Errorf("the warning was posted where others can read it: %s", text)
		}
	}
	h2 := coretest.NewBot(t)
	if text := coretest.Text(h2.Do("Tess", `/group create "Quiet group"`)); strings.Contains(text, "Privacy warning") {
		t.Errorf("no outsiders, no warning: %s", text)
	}
}
