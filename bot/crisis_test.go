package bot_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"strings"
	"testing"

	"groupwork/bot"
	"groupwork/bot/bottest"
	"groupwork/exercises"
)

// deadStore is a Store every method of which panics (a nil interface): a
// command that touches it at all fails.
type deadStore struct{ bot.Store }

var regions = []bot.CrisisRegion{
	{Code: "US", Name: "United States", Resources: []bot.CrisisResource{
		{Name: "988 Suicide & Crisis Lifeline", Contact: "988", How: "call or text"},
		{Name: "Emergency services", Contact: "911"}}},
	{Code: "DE", Resources: []bot.CrisisResource{{Name: "TelefonSeelsorge", Contact: "0800 111 0 111"}}},
}

// TestCrisisNeverTouchesTheStore: /crisis answers from configuration with a
// store that panics on any use, with a delivery id (which Dedupe would
// claim), in a channel, in a DM, from anyone.
func TestCrisisNeverTouchesTheStore(t *testing.T) {
	var log bytes.Buffer
	b, err := bot.New(bot.Config{Store: deadStore{}, Library: exercises.Builtin(), Crisis: regions,
		Logger: slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	for _, place := range []bot.Place{{Platform: "test", ChannelID: "c1"}, {Platform: "test", ChannelID: "dm", DM: true}, {Platform: "other", GuildID: "g2", ChannelID: "c9"}} {
		for _, where := range []string{"", "de", "XX"} {
			c := &bot.Command{EventMeta: bot.EventMeta{DeliveryID: "d-" + place.ChannelID + where, User: bot.User{ID: "anyone"}, Place: place}, Name: "crisis", Options: map[string]bot.Option{}}
			if where != "" {
				c.Options["where"] = bot.Option{Name: "where", Type: bot.OptString, Value: where}
			}
			rep := b.Handle(context.Background(), c)
			text := bottest.Text(rep)
			if !rep.Private || !strings.Contains(text, "If you need help right now") || !strings.Contains(text, "not an emergency service") {
				t.Fatalf("crisis in %+v where %q: private=%v %s", place, where, rep.Private, text)
			}
			switch where {
			case "de":
				if !strings.Contains(text, "TelefonSeelsorge") || strings.Contains(text, "988") {
					t.Errorf("where:de shows %s", text)
				}
			default:
				if !strings.Contains(text, "988") || !strings.Contains(text, "TelefonSeelsorge") || strings.Index(text, "988") > strings.Index(text, "TelefonSeelsorge") {
					t.Errorf("default shows %s", text)
				}
			}
		}
	}
	if strings.Contains(log.String(), "panicked") {
		t.Errorf("crisis touched the store:\n%s", log.String())
	}
	// The same dead store fails any other command (so the test above means something).
	rep := b.Handle(context.Background(), &bot.Command{EventMeta: bot.EventMeta{DeliveryID: "x", User: bot.User{ID: "anyone"}, Place: bot.Place{Platform: "test", ChannelID: "c1"}}, Name: "help"})
	if !strings.Contains(bottest.Text(rep), "something went wrong") {
		t.Errorf("help with a dead store: %s", bottest.Text(rep))
	}
}

// TestCrisisWithDatabaseFileGone: a real bot whose database file is made
// unreadable (no effect when tests run as root), then closed and removed,
// still answers /crisis, with the default resources when none are configured.
func TestCrisisWithDatabaseFileGone(t *testing.T) {
	h := bottest.NewBot(t)
	h.Do("Tess", "/group create G")
	if err := os.Chmod(h.Store.Path(), 0); err != nil {
		t.Fatal(err)
	}
	if text := bottest.Text(h.Do("Ana", "/crisis")); !strings.Contains(text, "988") || !strings.Contains(text, "911") {
		t.Errorf("crisis with chmod 000: %s", text)
	}
	if err := h.Store.Close(); err != nil {
		t.Fatal(err)
	}
	os.Remove(h.Store.Path())
	for _, who := range []string{"Ana", "Tess", "Stranger"} {
		if text := bottest.Text(h.Do(who, "/crisis")); !strings.Contains(text, "988 Suicide & Crisis Lifeline") {
			t.Errorf("crisis for %s with the store closed and removed: %s", who, text)
		}
	}
	if text := bottest.Text(h.Do("Tess", "/group info")); !strings.Contains(text, "something went wrong") {
		t.Errorf("group info should fail with the store closed: %s", text)
	}
}
