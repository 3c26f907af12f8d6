package slacktest_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"groupwork/adapters/slack/slacktest"
)

func client(f *slacktest.Fake) *slack.Client {
	return slack.New(f.BotToken(), slack.OptionAPIURL(f.APIURL()))
}

func wantSlackErr(t *testing.T, err error, code string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), code) {
		t.Fatalf("error = %v, want %s", err, code)
	}
}

func noViolations(t *testing.T, f *slacktest.Fake) {
	t.Helper()
	if v := f.Violations(); len(v) > 0 {
		t.Fatalf("platform rules broken: %q", v)
	}
}

func TestAuthAndTokens(t *testing.T) {
	f := slacktest.New(t)
	api := client(f)
	who, err := api.AuthTest()
	if err != nil {
		t.Fatal(err)
	}
	if who.TeamID != slacktest.TeamID || who.UserID != slacktest.BotUserID || who.BotID != slacktest.BotID {
		t.Fatalf("auth.test = %+v", who)
	}
	_, err = slack.New("xoxb-wrong", slack.OptionAPIURL(f.APIURL())).AuthTest()
	wantSlackErr(t, err, "invalid_auth")
	f.SetBotToken("xoxb-rotated")
	_, err = api.AuthTest()
	wantSlackErr(t, err, "invalid_auth")
	// the app token opens sockets only; the bot token cannot
	_, _, err = slack.New("xoxb-rotated", slack.OptionAPIURL(f.APIURL()), slack.OptionAppLevelToken("xoxb-rotated")).StartSocketModeContext(context.Background())
	wantSlackErr(t, err, "not_allowed_token_type")
	info, u, err := slack.New("xoxb-rotated", slack.OptionAPIURL(f.APIURL()), slack.OptionAppLevelToken(f.AppToken())).StartSocketModeContext(context.Background())
	if err != nil || !strings.HasPrefix(u, "ws://") || info == nil {
		t.Fatalf("apps.connections.open = %q, %v", u, err)
	}
}

func TestPrivateChannelsAndMembers(t *testing.T) {
	f := slacktest.New(t)
	api := client(f)
	therapist, ana := f.User("Thea Therapist"), f.User("Ana")
	f.SetRole("Olga Owner", slacktest.RoleOwner)
	f.SetRole("Adam Admin", slacktest.RoleAdmin)

	ch, err := api.CreateConversation(slack.CreateConversationParams{ChannelName: "tuesday-group", IsPrivate: true})
	if err != nil {
		t.Fatal(err)
	}
	if !ch.IsPrivate || ch.Name != "tuesday-group" {
		t.Fatalf("created %+v", ch)
	}
	_, err = api.CreateConversation(slack.CreateConversationParams{ChannelName: "tuesday-group", IsPrivate: true})
	wantSlackErr(t, err, "name_taken")
	_, err = api.CreateConversation(slack.CreateConversationParams{ChannelName: "Tuesday Group"})
	wantSlackErr(t, err, "invalid_name_specials")

	if _, err := api.InviteUsersToConversation(ch.ID, therapist.ID, ana.ID); err != nil {
		t.Fatal(err)
	}
	_, err = api.InviteUsersToConversation(ch.ID, ana.ID)
	wantSlackErr(t, err, "already_in_channel")
	members, _, err := api.GetUsersInConversation(&slack.GetUsersInConversationParameters{ChannelID: ch.ID})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(members, ",") != slacktest.BotUserID+","+therapist.ID+","+ana.ID {
		t.Fatalf("members = %v", members)
	}
	if err := api.KickUserFromConversation(ch.ID, ana.ID); err != nil {
		t.Fatal(err)
	}
	wantSlackErr(t, api.KickUserFromConversation(ch.ID, ana.ID), "not_in_channel")
	wantSlackErr(t, api.KickUserFromConversation(ch.ID, slacktest.BotUserID), "cant_kick_self")

	info, err := api.GetConversationInfo(&slack.GetConversationInfoInput{ChannelID: ch.ID, IncludeNumMembers: true})
	if err != nil {
		t.Fatal(err)
	}
	if !info.IsPrivate || info.NumMembers != 2 {
		t.Fatalf("info = private %v, %d members", info.IsPrivate, info.NumMembers)
	}
	// a private channel the bot is not in does not exist for it
	hidden := f.AddChannel("secret", true, therapist.ID)
	_, err = api.GetConversationInfo(&slack.GetConversationInfoInput{ChannelID: hidden.ID})
	wantSlackErr(t, err, "channel_not_found")
	public := f.AddChannel("general", false, therapist.ID)
	pi, err := api.GetConversationInfo(&slack.GetConversationInfoInput{ChannelID: public.ID})
	if err != nil || pi.IsPrivate {
		t.Fatalf("public channel: %+v, %v", pi, err)
	}

	for name, want := range map[string][3]bool{"Olga Owner": {true, true, false}, "Adam Admin": {true, false, false}, "Ana": {false, false, false}} {
		u, err := api.GetUserInfo(f.User(name).ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := [3]bool{u.IsAdmin, u.IsOwner, u.IsPrimaryOwner}; got != want || u.TeamID != slacktest.TeamID {
			t.Fatalf("%s: admin/owner/primary = %v, team %s", name, got, u.TeamID)
		}
	}
	out := f.UserInTeam("Olu Outsider", slacktest.OtherTeamID)
	if u, err := api.GetUserInfo(out.ID); err != nil || u.TeamID != slacktest.OtherTeamID {
		t.Fatalf("outsider: %+v %v", u, err)
	}
	noViolations(t, f)
}

func TestMessagesEphemeralsDMsHistory(t *testing.T) {
	f := slacktest.New(t)
	api := client(f)
	ana, ben := f.User("Ana"), f.User("Ben")
	ch := f.AddChannel("tuesday-group", true, slacktest.BotUserID, ana.ID, ben.ID)

	blocks := slack.MsgOptionBlocks(
		slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", "How are you &amp; why?", false, false), nil, nil),
		slack.NewActionBlock("mood", slack.NewButtonBlockElement("mood:1", "1", slack.NewTextBlockObject("plain_text", "Low", false, false))),
	)
	_, ts, err := api.PostMessage(ch.ID, slack.MsgOptionText("Mood check-in", false), blocks)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.PostEphemeral(ch.ID, ana.ID, slack.MsgOptionText("only for Ana", false)); err != nil {
		t.Fatal(err)
	}
	outsider := f.User("Zed")
	_, err = api.PostEphemeral(ch.ID, outsider.ID, slack.MsgOptionText("x", false))
	wantSlackErr(t, err, "user_not_in_channel")

	if got := f.Messages(ch.ID); len(got) != 1 || got[0].TS != ts || !strings.Contains(got[0].AllText(), "why?") {
		t.Fatalf("channel messages = %+v", got)
	}
	if a, ok := f.Messages(ch.ID)[0].Action("mood:1"); !ok || a.Type != "button" || a.Value != "1" || a.BlockID != "mood" || a.Text != "Low" {
		t.Fatalf("button = %+v %v", a, ok)
	}
	if got := f.VisibleTo(ana.ID, ch.ID); len(got) != 2 {
		t.Fatalf("Ana sees %d messages, want 2", len(got))
	}
	if got := f.VisibleTo(ben.ID, ch.ID); len(got) != 1 {
		t.Fatalf("Ben sees %d messages, want 1", len(got))
	}
	if _, _, _, err := api.UpdateMessage(ch.ID, ts, slack.MsgOptionText("Mood check-in (closed)", false)); err != nil {
		t.Fatal(err)
	}
	if m := f.Message(ch.ID, ts); m.Edits != 1 || m.Text != "Mood check-in (closed)" || m.Blocks != nil {
		t.Fatalf("after update: %+v", m)
	}
	hist, err := api.GetConversationHistory(&slack.GetConversationHistoryParameters{ChannelID: ch.ID, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(hist.Messages) != 1 || hist.Messages[0].Timestamp != ts || hist.Messages[0].BotID != slacktest.BotID {
		t.Fatalf("history = %+v", hist.Messages)
	}
	if _, _, err := api.DeleteMessage(ch.ID, ts); err != nil {
		t.Fatal(err)
	}
	if len(f.Messages(ch.ID)) != 0 {
		t.Fatal("deleted message still shown")
	}

	// DMs
	dm, _, _, err := api.OpenConversation(&slack.OpenConversationParameters{Users: []string{ben.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if dm.ID != f.DMChannel(ben.ID) || !strings.HasPrefix(dm.ID, "D") {
		t.Fatalf("dm = %s, fake says %s", dm.ID, f.DMChannel(ben.ID))
	}
	if _, _, err := api.PostMessage(dm.ID, slack.MsgOptionText("A safety alert needs you", false)); err != nil {
		t.Fatal(err)
	}
	if got := f.DMs(ben.ID); len(got) != 1 || got[0].Text != "A safety alert needs you" {
		t.Fatalf("Ben's DMs = %+v", got)
	}

	// the bot is not in this one
	other := f.AddChannel("random", false, ana.ID)
	_, _, err = api.PostMessage(other.ID, slack.MsgOptionText("hi", false))
	wantSlackErr(t, err, "not_in_channel")
	noViolations(t, f)
}

func TestPlatformRulesAreRecorded(t *testing.T) {
	f := slacktest.New(t)
	api := client(f)
	ch := f.AddChannel("g", true, slacktest.BotUserID)
	long := strings.Repeat("x", slacktest.MaxSectionText+1)
	_, _, err := api.PostMessage(ch.ID, slack.MsgOptionBlocks(slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", long, false, false), nil, nil)))
	wantSlackErr(t, err, "invalid_blocks")
	if _, _, err := api.PostMessage(ch.ID, slack.MsgOptionText("hey <!channel>", false)); err != nil {
		t.Fatal(err)
	}
	v := f.Violations()
	if len(v) != 2 || !strings.Contains(v[0], "section text") || !strings.Contains(v[1], "<!channel>") {
		t.Fatalf("violations = %q", v)
	}
}

func TestRateLimitPerChannel(t *testing.T) {
	f := slacktest.New(t)
	// an hour per token makes the refill irrelevant to the test's speed
	f.SetPostLimit(time.Hour, 2)
	api := client(f)
	a := f.AddChannel("a", true, slacktest.BotUserID)
	b := f.AddChannel("b", true, slacktest.BotUserID)
	for i := 0; i < 2; i++ {
		if _, _, err := api.PostMessage(a.ID, slack.MsgOptionText("x", false)); err != nil {
			t.Fatal(err)
		}
	}
	_, _, err := api.PostMessage(a.ID, slack.MsgOptionText("x", false))
	var rl *slack.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter < time.Hour-time.Minute {
		t.Fatalf("third post: %v, want a 429 with Retry-After about an hour", err)
	}
	if _, _, err := api.PostMessage(b.ID, slack.MsgOptionText("x", false)); err != nil {
		t.Fatalf("another channel has its own allowance: %v", err)
	}
	if f.RateLimited() != 1 || len(f.Messages(a.ID)) != 2 {
		t.Fatalf("429s = %d, posted = %d", f.RateLimited(), len(f.Messages(a.ID)))
	}
}

func TestUploadFlow(t *testing.T) {
	f := slacktest.New(t)
	api := client(f)
	ana := f.User("Ana")
	dm, _, _, err := api.OpenConversation(&slack.OpenConversationParameters{Users: []string{ana.ID}})
	if err != nil {
		t.Fatal(err)
	}
	data := "week,mood\n1,3\n"
	sum, err := api.UploadFile(slack.UploadFileParameters{Channel: dm.ID, Filename: "export.csv", FileSize: len(data),
		Content: data, Title: "Export", InitialComment: "Your export"})
	if err != nil {
		t.Fatal(err)
	}
	ups := f.Uploads()
	if len(ups) != 1 || ups[0].FileID != sum.ID || string(ups[0].Data) != data || !ups[0].Completed || ups[0].Channel != dm.ID || ups[0].Title != "Export" {
		t.Fatalf("uploads = %+v", ups)
	}
	if got := f.DMs(ana.ID); len(got) != 1 || len(got[0].Files) != 1 || got[0].Text != "Your export" {
		t.Fatalf("DM = %+v", got)
	}
	// a completion for a file never uploaded fails
	_, err = api.CompleteUploadExternalContext(context.Background(), slack.CompleteUploadExternalParameters{Files: []slack.FileSummary{{ID: "F404"}}, Channel: dm.ID})
	wantSlackErr(t, err, "file_not_found")
	noViolations(t, f)
}
