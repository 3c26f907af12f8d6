package discord_test

import (
	"context"
	"strings"
	"testing"

	"groupwork/adapters/discord/discordtest"
	"groupwork/bot"
)

// TestPostedMemberTextCannotPing (issue 9, item 9): a member's text and
// name, shown in the group's channel as written, reach Discord with
// mentions, Markdown links and bidi controls neutralised, and with
// allowed_mentions forbidding every ping ("parse": []).
func TestPostedMemberTextCannotPing(t *testing.T) {
	e := newEnv(t, bot.HandlerFunc(func(context.Context, bot.Event) bot.Reply { return bot.Reply{} }))
	text := "- @here Ana: \"@everyone <@" + discordtest.GuildID + "> <@&1> <#2> [my story](https://evil.example) \u202eevil 👩\u200d👩\u200d👧\""
	if _, err := e.a.Post(context.Background(), discordtest.GroupChannelID, bot.Message{Text: text}); err != nil {
		t.Fatal(err)
	}
	posts := e.fake.Messages(discordtest.GroupChannelID)
	if len(posts) != 1 {
		t.Fatalf("%d posts", len(posts))
	}
	got := posts[0].Content
	for _, bad := range []string{"@everyone", "@here", "<@", "<#", "](", "\u202e"} {
		if strings.Contains(got, bad) {
			t.Errorf("posted content contains %q: %q", bad, got)
		}
	}
	if !strings.Contains(got, "👩\u200d👩\u200d👧") || !strings.Contains(got, "https://evil.example") {
		t.Errorf("posted content lost what was written: %q", got)
	}
	if am := string(posts[0].AllowedMentions); !strings.Contains(am, `"parse":[]`) {
		t.Errorf("allowed_mentions must parse nothing: %s", am)
	}
}

// TestAnswerThroughDiscordIsStoredExactly (issue 9, item 9): a written
// answer submitted in a Discord form is stored byte for byte, and when the
// therapist reads it in Discord it cannot ping or hide a link.
func TestAnswerThroughDiscordIsStoredExactly(t *testing.T) {
	d := &driver{e: newEnv(t, nil), last: map[string]*discordtest.Exchange{}}
	store := d.e.store
	d.Do(t, "Tess", `/group create "Tuesday group" Europe/Berlin`)
	d.Do(t, "Tess", "/group add @Ana")
	d.Do(t, "Ana", "/privacy accept")
	d.Do(t, "Tess", "/exercise start mood-checkin")
	d.Press(t, "Ana", "Start")
	d.Press(t, "Ana", "7")
	d.Press(t, "Ana", "4")
	d.Press(t, "Ana", "Used a reminder")
	written := "  @everyone\tsee <@" + discordtest.GuildID + "> [here](https://evil.example) 👩\u200d👩\u200d👧 \u202eevil  "
	d.Fill(t, "Ana", "Write my answer", written)
	recs, err := store.Answers(context.Background(), 1, "")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range recs {
		if r.StepID == "note" {
			found = true
			if r.Answer.Text != written {
				t.Errorf("stored %q, want %q", r.Answer.Text, written)
			}
		}
	}
	if !found {
		t.Fatal("no note stored")
	}
	rv := d.Do(t, "Tess", "/review member @Ana")
	for _, bad := range []string{"@everyone", "<@", "](", "\u202e"} {
		if strings.Contains(rv.Text, bad) {
			t.Errorf("the review as Discord shows it contains %q:\n%s", bad, rv.Text)
		}
	}
	if !strings.Contains(rv.Text, "👩\u200d👩\u200d👧") || !strings.Contains(rv.Text, "[U+202E]evil") {
		t.Errorf("the review lost what was written:\n%s", rv.Text)
	}
}
