package core_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"strings"
	"testing"

	"groupwork/bot"
	"groupwork/core"
	"groupwork/core/coretest"
	"groupwork/exercises"
)

// deadStore is a Store every method of which panics (a nil interface): a
// command that needs it fails.
type deadStore struct{ bot.Store }

var regions = []core.CrisisRegion{
	{Code: "US", Name: "United States", Resources: []core.CrisisResource{
		{Name: "988 Suicide & Crisis Lifeline", Contact: "988", How: "call or text"}}},
	{Code: "DE", Resources: []core.CrisisResource{{Name: "Praxis-Krisendienst", Contact: "030 1234"}}},
}

// TestCrisisAnswersWithADeadStore: /crisis answers from the crisis table
// with a store that panics on any use, with a delivery id (which Dedupe
// would claim), in a channel, in a DM, from anyone. Where the country is
// unknown it says so and gives the general advice, and names the practice's
// default region (the first configured) under its name.
func TestCrisisAnswersWithADeadStore(t *testing.T) {
	var log bytes.Buffer
	b, err := core.New(core.Config{Store: deadStore{}, Library: exercises.Builtin(), Crisis: regions, CrisisDefaultRegion: "US",
		Logger: slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	for _, place := range []bot.Place{{Platform: "test", ChannelID: "c1"}, {Platform: "test", ChannelID: "dm", DM: true}, {Platform: "other", GuildID: "g2", ChannelID: "c9"}} {
		for _, where := range []string{"", "de", "germany", "XX"} {
			c := &bot.Command{EventMeta: bot.EventMeta{DeliveryID: "d-" + place.ChannelID + where, User: bot.User{ID: "anyone"}, Place: place}, Name: "crisis", Options: map[string]bot.Option{}}
			if where != "" {
				c.Options["where"] = bot.Option{Name: "where", Type: bot.OptString, Value: where}
			}
			rep := b.Handle(context.Background(), c)
			text := coretest.Text(rep)
			if !rep.Private || !strings.Contains(text, "If you need help right now") || !strings.Contains(text, "not an emergency service") {
				t.Fatalf("crisis in %+v where %q: private=%v %s", place, where, rep.Private, text)
			}
			switch where {
			case "de", "germany":
				// the configured line replaces the built-in one; the emergency number stays
				if !strings.Contains(text, "(Germany)") || !strings.Contains(text, "Praxis-Krisendienst") || !strings.Contains(text, "**112**") || strings.Contains(text, "988") || strings.Contains(text, "TelefonSeelsorge") {
					t.Errorf("where:%s shows %s", where, text)
				}
			case "XX":
				if !strings.Contains(text, `I don't have crisis numbers for "XX"`) || !strings.Contains(text, "call your local emergency number") {
					t.Errorf("where:XX shows %s", text)
				}
			default:
				if !strings.Contains(text, "I don't know which country you are in") || !strings.Contains(text, "call your local emergency number") ||
					!strings.Contains(text, "Numbers for United States:") || !strings.Contains(text, "988") || strings.Contains(text, "Praxis") {
					t.Errorf("default shows %s", text)
				}
			}
		}
	}
	// The same dead store fails any other command (so the test above means something).
	rep := b.Handle(context.Background(), &bot.Command{EventMeta: bot.EventMeta{DeliveryID: "x", User: bot.User{ID: "anyone"}, Place: bot.Place{Platform: "test", ChannelID: "c1"}}, Name: "help"})
	if !strings.Contains(coretest.Text(rep), "something went wrong") {
		t.Errorf("help with a dead store: %s", coretest.Text(rep))
	}
}

// TestCrisisWithDatabaseFileGone: a real bot whose database file is made
// unreadable (no effect when tests run as root), then closed and removed,
// still answers /crisis with the group's own country (Germany, from its
// time zone), never the US numbers that used to be the default.
func TestCrisisWithDatabaseFileGone(t *testing.T) {
	h := coretest.NewBot(t)
	h.Do("Tess", "/group create G timezone:Europe/Berlin")
	if err := os.Chmod(h.Store.Path(), 0); err != nil {
		t.Fatal(err)
	}
	if text := coretest.Text(h.Do("Ana", "/crisis")); !strings.Contains(text, "**112**") || !strings.Contains(text, "TelefonSeelsorge") {
		t.Errorf("crisis with chmod 000: %s", text)
	}
	if err := h.Store.Close(); err != nil {
		t.Fatal(err)
	}
	os.Remove(h.Store.Path())
	for _, who := range []string{"Ana", "Tess", "Stranger"} {
		text := coretest.Text(h.Do(who, "/crisis"))
		if !strings.Contains(text, "TelefonSeelsorge") || strings.Contains(text, "988") || strings.Contains(text, "911") {
			t.Errorf("crisis for %s with the store closed and removed: %s", who, text)
		}
	}
	if text := coretest.Text(h.Do("Tess", "/group info")); !strings.Contains(text, "something went wrong") {
		t.Errorf("group info should fail with the store closed: %s", text)
	}
}
