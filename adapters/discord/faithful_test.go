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
