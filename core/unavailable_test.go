package core_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"groupwork/bot"
	"groupwork/core"
	"groupwork/core/coretest"
	"groupwork/exercises"
)

// TestUnavailableBotServesCrisisOnly: the bot a run gets when its database
// cannot be opened answers /crisis (general advice and the practice's
// default region, named), tells everyone else plainly that the service is
// unavailable and nothing was saved (commands, buttons, forms), ignores
// voice presence, and never panics into "something went wrong".
func TestUnavailableBotServesCrisisOnly(t *testing.T) {
	var log bytes.Buffer
	cause := errors.New("open database: unable to open database file")
	b, err := core.NewUnavailable(core.Config{Library: exercises.Builtin(), CrisisDefaultRegion: "DE",
		Logger: slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug}))}, cause)
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(b.Unavailable(), cause) {
		t.Errorf("Unavailable() = %v", b.Unavailable())
	}
	ctx := context.Background()
	meta := func(id string, dm bool) bot.EventMeta {
		return bot.EventMeta{DeliveryID: id, User: bot.User{ID: "u-ana", Name: "Ana"}, Place: bot.Place{Platform: "test", ChannelID: "group-channel", DM: dm}}
	}
	for i, dm := range []bool{false, true} {
		text := coretest.Text(b.Handle(ctx, &bot.Command{EventMeta: meta("c"+string(rune('0'+i)), dm), Name: "crisis"}))
		for _, want := range []string{"If you need help right now", "call your local emergency number", "Numbers for Germany:", "TelefonSeelsorge"} {
			if !strings.Contains(text, want) {
				t.Errorf("/crisis (dm %v) lacks %q:\n%s", dm, want, text)
			}
		}
	}
	text := coretest.Text(b.Handle(ctx, &bot.Command{EventMeta: meta("c2", false), Name: "crisis", Options: map[string]bot.Option{"where": {Name: "where", Type: bot.OptString, Value: "gb"}}}))
	if !strings.Contains(text, "Samaritans") {
		t.Errorf("/crisis where:gb: %s", text)
	}
	for _, ev := range []bot.Event{
		&bot.Command{EventMeta: meta("g1", false), Name: "group", Sub: "info"},
		&bot.Command{EventMeta: meta("g2", false), Name: "help"},
		&bot.Command{EventMeta: meta("g3", false), Name: "nonsense"},
		&bot.Action{EventMeta: meta("a1", false), CustomID: "ans:1:mood:5"},
		&bot.Submit{EventMeta: meta("s1", false), CustomID: "form:1:note", Fields: map[string]string{"text": "Some nights I want to hurt myself"}},
	} {
		rep := b.Handle(ctx, ev)
		text := coretest.Text(rep)
		if !rep.Private || !strings.Contains(text, "groupwork is not available right now") || !strings.Contains(text, "nothing was saved") || !strings.Contains(text, "/crisis") {
			t.Errorf("%T: private=%v %s", ev, rep.Private, text)
		}
	}
	if rep := b.Handle(ctx, &bot.Presence{EventMeta: meta("p1", false), VoiceChannelID: "v", Joined: true}); rep.Message != nil {
		t.Errorf("presence got a reply: %+v", rep)
	}
	if strings.Contains(log.String(), "panicked") || strings.Contains(log.String(), "hurt myself") {
		t.Errorf("log:\n%s", log.String())
	}
}
