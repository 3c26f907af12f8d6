package discord_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"groupwork/bot"
)

// TestCrisisInADirectMessage: with the tree registered per guild, /crisis
// is also registered globally for direct messages with the bot (and only
// there, so a guild does not list it twice); typed in a DM it is answered
// privately without a group: general advice, saying plainly that the
// country is not known, and no other country's numbers.
func TestCrisisInADirectMessage(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	global := e.fake.Commands("")
	if len(global) != 1 {
		t.Fatalf("%d global commands, want only /crisis", len(global))
	}
	var cmd struct {
		Name     string `json:"name"`
		Contexts []int  `json:"contexts"`
	}
	if err := json.Unmarshal(global[0], &cmd); err != nil {
		t.Fatal(err)
	}
	if cmd.Name != "crisis" || len(cmd.Contexts) != 1 || cmd.Contexts[0] != 1 {
		t.Errorf("global command %s", global[0])
	}

	ana := e.fake.User("Ana")
	if _, err := e.a.DirectMessage(context.Background(), ana.ID, bot.Message{Text: "hello"}); err != nil {
		t.Fatal(err)
	}
	dm := e.fake.DMChannel("Ana")
	if dm == "" {
		t.Fatal("no DM channel")
	}
	st := e.fake.CommandIn("Ana", dm, "crisis").Settled(t)
	var text string
	for _, m := range st.Shown() {
		text += m.Content
	}
	for _, want := range []string{"If you need help right now", "I don't know which country you are in", "call your local emergency number", "/crisis where:"} {
		if !strings.Contains(text, want) {
			t.Errorf("DM /crisis lacks %q:\n%s", want, text)
		}
	}
	for _, not := range []string{"988", "911", "something went wrong"} {
		if strings.Contains(text, not) {
			t.Errorf("DM /crisis shows %q:\n%s", not, text)
		}
	}
	st = e.fake.CommandIn("Ana", dm, "crisis", map[string]any{"type": 3, "name": "where", "value": "gb"}).Settled(t)
	text = ""
	for _, m := range st.Shown() {
		text += m.Content
	}
	if !strings.Contains(text, "116 123") || !strings.Contains(text, "999") {
		t.Errorf("DM /crisis where:gb:\n%s", text)
	}
	if v := e.fake.Violations(); len(v) > 0 {
		t.Errorf("violations: %q", v)
	}
}
