package slacktest_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"groupwork/adapters/slack/slacktest"
)

func TestInjectedFaults(t *testing.T) {
	f := slacktest.New(t)
	api := client(f)
	ch := f.AddChannel("g", true, slacktest.BotUserID)
	f.Inject("chat.postMessage", slacktest.Fault{RetryAfter: 7})
	f.Inject("chat.postMessage", slacktest.Fault{Status: http.StatusServiceUnavailable})
	f.Inject("chat.postMessage", slacktest.Fault{Error: "internal_error", Times: 2})

	_, _, err := api.PostMessage(ch.ID, slack.MsgOptionText("x", false))
	var rl *slack.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter != 7*time.Second {
		t.Fatalf("first: %v", err)
	}
	_, _, err = api.PostMessage(ch.ID, slack.MsgOptionText("x", false))
	var sc slack.StatusCodeError
	if !errors.As(err, &sc) || sc.Code != http.StatusServiceUnavailable {
		t.Fatalf("second: %v", err)
	}
	for i := 0; i < 2; i++ {
		_, _, err = api.PostMessage(ch.ID, slack.MsgOptionText("x", false))
		wantSlackErr(t, err, "internal_error")
	}
	if _, _, err := api.PostMessage(ch.ID, slack.MsgOptionText("x", false)); err != nil {
		t.Fatalf("after the faults: %v", err)
	}
	if n := len(f.Messages(ch.ID)); n != 1 {
		t.Fatalf("%d messages stored, want only the last", n)
	}
}

func TestHistoryPages(t *testing.T) {
	f := slacktest.New(t)
	f.SetPostLimit(0, 0)
	api := client(f)
	ch := f.AddChannel("g", true, slacktest.BotUserID)
	var tss []string
	for i := 0; i < 5; i++ {
		_, ts, err := api.PostMessage(ch.ID, slack.MsgOptionText(strings.Repeat("m", i+1), false))
		if err != nil {
			t.Fatal(err)
		}
		tss = append(tss, ts)
	}
	var got []string
	cursor := ""
	for pages := 0; ; pages++ {
		h, err := api.GetConversationHistory(&slack.GetConversationHistoryParameters{ChannelID: ch.ID, Limit: 2, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range h.Messages {
			got = append(got, m.Timestamp)
		}
		if cursor = h.ResponseMetaData.NextCursor; cursor == "" {
			if pages != 2 || h.HasMore {
				t.Fatalf("%d pages, has_more %v", pages+1, h.HasMore)
			}
			break
		}
	}
	if strings.Join(got, " ") != strings.Join([]string{tss[4], tss[3], tss[2], tss[1], tss[0]}, " ") {
		t.Fatalf("history newest first = %v, posted %v", got, tss)
	}
	h, err := api.GetConversationHistory(&slack.GetConversationHistoryParameters{ChannelID: ch.ID, Oldest: tss[3]})
	if err != nil || len(h.Messages) != 1 || h.Messages[0].Timestamp != tss[4] {
		t.Fatalf("oldest (exclusive) = %+v %v", h.Messages, err)
	}
	if m := f.Messages(ch.ID); m[4].At.Before(m[0].At) {
		t.Fatal("store times go backwards")
	}
}

func TestViewsPushUpdateAndClose(t *testing.T) {
	f := slacktest.New(t)
	thea := f.User("Thea")
	ch := f.AddChannel("g", true, slacktest.BotUserID, thea.ID)
	a := startApp(t, f)
	f.WaitConnected(t, 1)

	f.SlashCommand(thea.ID, ch.ID, "/groupwork", "schedule add")
	evt := a.next(t)
	cmd := evt.Data.(slack.SlashCommand)
	_ = a.sm.Ack(*evt.Request)
	first := modal("schedule", slack.NewActionBlock("kind",
		slack.NewOptionsSelectBlockElement("static_select", nil, "when",
			slack.NewOptionBlockObject("weekly", slack.NewTextBlockObject("plain_text", "Weekly", false, false), nil))),
		noteInput())
	first.NotifyOnClose = true
	root, err := a.api.OpenView(cmd.TriggerID, first)
	if err != nil {
		t.Fatal(err)
	}
	// a select inside the modal: block_actions with the view, and a fresh trigger to push with
	view := f.Views(thea.ID)[0]
	in := f.ClickInView(thea.ID, view, "when", "weekly")
	evt = a.next(t)
	cb := evt.Data.(slack.InteractionCallback)
	if cb.View.ID != root.ID || cb.Container.ViewID != root.ID || cb.ActionCallback.BlockActions[0].SelectedOption.Value != "weekly" {
		t.Fatalf("in-view action = %+v", cb)
	}
	_ = a.sm.Ack(*evt.Request)
	in.Acked(t)
	pushed, err := a.api.PushView(cb.TriggerID, modal("confirm", slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", "Sure?", false, false), nil, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if p := f.View(pushed.ID); p.Stack != 2 || p.PreviousID != root.ID || p.RootID != root.ID {
		t.Fatalf("pushed = %+v", p)
	}
	// update by id, with the hash guarding against a lost race
	upd := modal("schedule", noteInput())
	upd.Title = slack.NewTextBlockObject("plain_text", "Weekly slot", false, false)
	if _, err := a.api.UpdateView(upd, "", "stale-hash", root.ID); err == nil || !strings.Contains(err.Error(), "hash_conflict") {
		t.Fatalf("stale hash: %v", err)
	}
	if _, err := a.api.UpdateView(upd, "", root.Hash, root.ID); err != nil {
		t.Fatal(err)
	}
	if v := f.View(root.ID); v.Title != "Weekly slot" || v.Updates != 1 {
		t.Fatalf("updated = %+v", v)
	}
	// response_action update on a submission
	sub := f.Submit(thea.ID, *f.View(root.ID), map[string]string{"note": "Tue 18:00"})
	evt = a.next(t)
	done := modal("done", slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", "Saved", false, false), nil, nil))
	done.Submit = nil
	_ = a.sm.Ack(*evt.Request, slack.NewUpdateViewSubmissionResponse(&done))
	sub.Acked(t)
	if v := f.View(root.ID); v.CallbackID != "done" || v.Closed {
		t.Fatalf("after response_action update: %+v", v)
	}
	// closing it tells the app, since it asked (notify_on_close was on the first view only)
	closed := f.CloseView(thea.ID, *f.View(pushed.ID))
	if closed != nil {
		t.Fatal("a view without notify_on_close sent view_closed")
	}
	if !f.View(pushed.ID).Closed {
		t.Fatal("the pushed view is still open")
	}
	noViolations(t, f)
	var raw map[string]any
	if err := json.Unmarshal(f.View(root.ID).Raw, &raw); err != nil || raw["id"] != root.ID {
		t.Fatalf("raw view = %v %v", raw, err)
	}
}

func TestNotifyOnClose(t *testing.T) {
	f := slacktest.New(t)
	thea := f.User("Thea")
	ch := f.AddChannel("g", true, slacktest.BotUserID, thea.ID)
	a := startApp(t, f)
	f.WaitConnected(t, 1)
	f.SlashCommand(thea.ID, ch.ID, "/groupwork", "alert ack")
	evt := a.next(t)
	_ = a.sm.Ack(*evt.Request)
	m := modal("ack", noteInput())
	m.NotifyOnClose = true
	if _, err := a.api.OpenView(evt.Data.(slack.SlashCommand).TriggerID, m); err != nil {
		t.Fatal(err)
	}
	ex := f.CloseView(thea.ID, f.Views(thea.ID)[0])
	evt = a.next(t)
	if cb := evt.Data.(slack.InteractionCallback); cb.Type != slack.InteractionTypeViewClosed || cb.View.CallbackID != "ack" {
		t.Fatalf("view_closed = %+v", cb)
	}
	_ = a.sm.Ack(*evt.Request)
	ex.Acked(t)
}

func TestDroppedConnectionReconnects(t *testing.T) {
	f := slacktest.New(t)
	thea := f.User("Thea")
	ch := f.AddChannel("g", true, slacktest.BotUserID, thea.ID)
	a := startApp(t, f)
	f.WaitConnected(t, 1)
	f.DropConnections()
	ex := f.SlashCommand(thea.ID, ch.ID, "/groupwork", "help") // waits for the new connection
	f.WaitConnected(t, 2)
	evt := a.next(t)
	_ = a.sm.Ack(*evt.Request)
	if st := ex.Acked(t); st.Deliveries != 1 {
		t.Fatalf("deliveries = %d", st.Deliveries)
	}
}

func TestURLVerification(t *testing.T) {
	f := slacktest.New(t)
	srv := newChallengeApp(t, f)
	f.UseHTTP(slacktest.Endpoints{Commands: srv + "/commands", Events: srv + "/events"})
	ex := f.URLVerification()
	st := ex.Acked(t)
	if st.Status() != 200 || !strings.Contains(string(st.AckPayload), ex.EventID) {
		t.Fatalf("challenge answer = %d %s", st.Status(), st.AckPayload)
	}
}

func TestPersonWritesToTheBotFirst(t *testing.T) {
	f := slacktest.New(t)
	ana := f.User("Ana")
	a := startApp(t, f)
	f.WaitConnected(t, 1)
	dm := f.OpenDM(ana.ID)
	_, ex := f.PostAsUser(ana.ID, dm, "crisis")
	evt := a.next(t)
	_ = a.sm.Ack(*evt.Request)
	ex.Acked(t)
	ch, _, _, err := a.api.OpenConversation(&slack.OpenConversationParameters{Users: []string{ana.ID}})
	if err != nil || ch.ID != dm {
		t.Fatalf("conversations.open = %v %v, want %s", ch, err, dm)
	}
	if _, _, err := a.api.PostMessage(dm, slack.MsgOptionText("If you are in danger, call 112.", false)); err != nil {
		t.Fatal(err)
	}
	if got := f.DMs(ana.ID); len(got) != 2 || got[0].User != ana.ID || got[1].User != slacktest.BotUserID {
		t.Fatalf("DM = %+v", got)
	}
}

func TestWaitCallbacksMayCallTheFake(t *testing.T) {
	f := slacktest.New(t)
	ana := f.User("Ana")
	api := client(f)
	dm, _, _, err := api.OpenConversation(&slack.OpenConversationParameters{Users: []string{ana.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := api.PostMessage(dm.ID, slack.MsgOptionText("alert", false)); err != nil {
		t.Fatal(err)
	}
	m := f.WaitMessage(t, "a DM to Ana", func(m slacktest.Message) bool { return m.Channel == f.DMChannel(ana.ID) })
	if m.Text != "alert" {
		t.Fatalf("got %+v", m)
	}
}

func TestLateAckAndExpiredTrigger(t *testing.T) {
	f := slacktest.New(t)
	// zero durations make every ack late and every trigger stale, without waiting
	f.AckDeadline, f.TriggerLife = 0, 0
	thea := f.User("Thea")
	ch := f.AddChannel("g", true, slacktest.BotUserID, thea.ID)
	a := startApp(t, f)
	f.WaitConnected(t, 1)
	ex := f.SlashCommand(thea.ID, ch.ID, "/groupwork", "schedule add")
	evt := a.next(t)
	_, err := a.api.OpenView(evt.Data.(slack.SlashCommand).TriggerID, modal("s", noteInput()))
	wantSlackErr(t, err, "expired_trigger_id")
	_ = a.sm.Ack(*evt.Request)
	ex.Acked(t)
	v := f.Violations()
	if len(v) != 2 || !strings.Contains(v[0], "trigger id used") || !strings.Contains(v[1], "acked after") {
		t.Fatalf("violations = %q", v)
	}
}

func TestResponseURLReplaceAndDelete(t *testing.T) {
	f := slacktest.New(t)
	ana := f.User("Ana")
	ch := f.AddChannel("g", true, slacktest.BotUserID, ana.ID)
	a := startApp(t, f)
	f.WaitConnected(t, 1)
	// a user id as channel posts in the DM
	if _, _, err := a.api.PostMessage(ana.ID, slack.MsgOptionText("hello", false)); err != nil {
		t.Fatal(err)
	}
	if got := f.DMs(ana.ID); len(got) != 1 {
		t.Fatalf("DMs = %+v", got)
	}
	_, ts, err := a.api.PostMessage(ch.ID, slack.MsgOptionBlocks(slack.NewActionBlock("c",
		slack.NewButtonBlockElement("go", "1", slack.NewTextBlockObject("plain_text", "Go", false, false)))))
	if err != nil {
		t.Fatal(err)
	}
	click := f.Click(ana.ID, *f.Message(ch.ID, ts), "go")
	evt := a.next(t)
	_ = a.sm.Ack(*evt.Request)
	click.Acked(t)
	if err := slack.PostWebhook(click.ResponseURL, &slack.WebhookMessage{Text: "Done", ReplaceOriginal: true}); err != nil {
		t.Fatal(err)
	}
	if m := f.Message(ch.ID, ts); m.Text != "Done" || m.Blocks != nil || m.Edits != 1 {
		t.Fatalf("replaced = %+v", m)
	}
	if err := slack.PostWebhook(click.ResponseURL, &slack.WebhookMessage{DeleteOriginal: true}); err != nil {
		t.Fatal(err)
	}
	if len(f.Messages(ch.ID)) != 0 {
		t.Fatal("delete_original left the message")
	}
	if st := click.State(); len(st.Followups) != 2 {
		t.Fatalf("follow-ups = %d", len(st.Followups))
	}
	noViolations(t, f)
}
