package slacktest_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"groupwork/adapters/slack/slacktest"
)

// app is a minimal Socket Mode app on the real slack-go clients: it hands
// each request to the test, which answers it.
type app struct {
	api  *slack.Client
	sm   *socketmode.Client
	reqs chan socketmode.Event
}

func startApp(t *testing.T, f *slacktest.Fake) *app { t.Helper(); return startAppTB(t, f) }

func startAppTB(t testing.TB, f *slacktest.Fake) *app {
	t.Helper()
	api := slack.New(f.BotToken(), slack.OptionAPIURL(f.APIURL()), slack.OptionAppLevelToken(f.AppToken()))
	a := &app{api: api, sm: socketmode.New(api), reqs: make(chan socketmode.Event, 16)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = a.sm.RunContext(ctx)
	}()
	go func() {
		for {
			select {
			case evt := <-a.sm.Events:
				switch evt.Type {
				case socketmode.EventTypeSlashCommand, socketmode.EventTypeInteractive, socketmode.EventTypeEventsAPI:
					a.reqs <- evt
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
	return a
}

func (a *app) next(t *testing.T) socketmode.Event {
	t.Helper()
	timer := time.NewTimer(10 * time.Second)
	defer timer.Stop()
	select {
	case evt := <-a.reqs:
		return evt
	case <-timer.C:
		t.Fatal("the app got no request")
	}
	return socketmode.Event{}
}

func modal(callback string, blocks ...slack.Block) slack.ModalViewRequest {
	return slack.ModalViewRequest{Type: slack.VTModal, CallbackID: callback,
		Title:  slack.NewTextBlockObject("plain_text", "Check-in", false, false),
		Submit: slack.NewTextBlockObject("plain_text", "Send", false, false),
		Blocks: slack.Blocks{BlockSet: blocks}}
}

func noteInput() slack.Block {
	in := slack.NewPlainTextInputBlockElement(nil, "note")
	in.MaxLength = 500
	return slack.NewInputBlock("note-block", slack.NewTextBlockObject("plain_text", "A note", false, false), nil, in)
}

func TestSocketModeEndToEnd(t *testing.T) {
	f := slacktest.New(t)
	thea, ana := f.User("Thea"), f.User("Ana")
	ch := f.AddChannel("tuesday-group", true, slacktest.BotUserID, thea.ID, ana.ID)

	// a command typed before the app connects waits for the connection
	ex := f.SlashCommand(thea.ID, ch.ID, "/groupwork", `exercise start mood-checkin`)
	a := startApp(t, f)
	f.WaitConnected(t, 1)

	// slash command: open a modal with the trigger, then ack with a message
	evt := a.next(t)
	cmd := evt.Data.(slack.SlashCommand)
	if cmd.Command != "/groupwork" || cmd.Text != "exercise start mood-checkin" || cmd.UserID != thea.ID ||
		cmd.ChannelID != ch.ID || cmd.TeamID != slacktest.TeamID || cmd.TriggerID != ex.TriggerID || cmd.ResponseURL == "" {
		t.Fatalf("slash command = %+v", cmd)
	}
	v, err := a.api.OpenView(cmd.TriggerID, modal("schedule", noteInput()))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.sm.Ack(*evt.Request, map[string]any{"text": "Starting…"}); err != nil {
		t.Fatal(err)
	}
	st := ex.Acked(t)
	if len(st.Followups) != 1 || st.Followups[0].Via != "ack" || !st.Followups[0].Ephemeral || st.Followups[0].VisibleTo != thea.ID {
		t.Fatalf("ack message = %+v", st.Followups)
	}
	if len(st.Views) != 1 || st.Views[0].ID != v.ID || st.Views[0].User != thea.ID || st.Views[0].CallbackID != "schedule" {
		t.Fatalf("views = %+v", st.Views)
	}
	// a trigger opens one view only
	_, err = a.api.OpenView(cmd.TriggerID, modal("again", noteInput()))
	wantSlackErr(t, err, "exchanged_trigger_id")
	if vs := f.Violations(); len(vs) != 1 || !strings.Contains(vs[0], "used twice") {
		t.Fatalf("violations = %q", vs)
	}

	// a response_url follow-up, in the channel
	if err := slack.PostWebhook(cmd.ResponseURL, &slack.WebhookMessage{Text: "Mood check-in started", ResponseType: "in_channel"}); err != nil {
		t.Fatal(err)
	}
	if st := ex.State(); len(st.Followups) != 2 || st.Followups[1].Ephemeral {
		t.Fatalf("follow-ups = %+v", st.Followups)
	}

	// submit the modal: first refused with a field error, then accepted
	view := f.Views(thea.ID)[0]
	sub := f.Submit(thea.ID, view, map[string]string{"note": "Tuesdays 18:00"})
	evt = a.next(t)
	cb := evt.Data.(slack.InteractionCallback)
	if cb.Type != slack.InteractionTypeViewSubmission || cb.View.ID != view.ID || cb.View.CallbackID != "schedule" ||
		cb.View.State.Values["note-block"]["note"].Value != "Tuesdays 18:00" {
		t.Fatalf("view_submission = %+v", cb.View)
	}
	_ = a.sm.Ack(*evt.Request, slack.NewErrorsViewSubmissionResponse(map[string]string{"note-block": "Not a time"}))
	sub.Acked(t)
	if got := f.View(view.ID); got.Closed || got.Errors["note-block"] != "Not a time" {
		t.Fatalf("after errors: %+v", got)
	}
	sub = f.Submit(thea.ID, view, map[string]string{"note": "18:00"})
	evt = a.next(t)
	_ = a.sm.Ack(*evt.Request)
	sub.Acked(t)
	if !f.View(view.ID).Closed {
		t.Fatal("an empty ack should close the view")
	}

	// a button and a select
	_, ts, err := a.api.PostMessage(ch.ID, slack.MsgOptionText("How is your mood?", false), slack.MsgOptionBlocks(
		slack.NewActionBlock("mood",
			slack.NewButtonBlockElement("mood:3", "3", slack.NewTextBlockObject("plain_text", "Okay", false, false)),
			slack.NewOptionsSelectBlockElement("static_select", slack.NewTextBlockObject("plain_text", "Pick", false, false), "feel",
				slack.NewOptionBlockObject("calm", slack.NewTextBlockObject("plain_text", "Calm", false, false), nil),
				slack.NewOptionBlockObject("tense", slack.NewTextBlockObject("plain_text", "Tense", false, false), nil)),
		)))
	if err != nil {
		t.Fatal(err)
	}
	prompt := f.WaitMessage(t, "the prompt", func(m slacktest.Message) bool { return m.TS == ts })
	click := f.Click(ana.ID, prompt, "mood:3")
	evt = a.next(t)
	cb = evt.Data.(slack.InteractionCallback)
	if cb.Type != slack.InteractionTypeBlockActions || len(cb.ActionCallback.BlockActions) != 1 ||
		cb.ActionCallback.BlockActions[0].ActionID != "mood:3" || cb.ActionCallback.BlockActions[0].Value != "3" ||
		cb.ActionCallback.BlockActions[0].BlockID != "mood" || cb.User.ID != ana.ID || cb.Container.MessageTs != ts ||
		cb.Channel.ID != ch.ID || cb.Message.Timestamp != ts {
		t.Fatalf("block_actions = %+v", cb)
	}
	_ = a.sm.Ack(*evt.Request)
	click.Acked(t)
	if err := slack.PostWebhook(cb.ResponseURL, &slack.WebhookMessage{Text: "Saved: Okay"}); err != nil {
		t.Fatal(err)
	}
	if eph := f.Ephemerals(ana.ID); len(eph) != 1 || eph[0].Text != "Saved: Okay" || eph[0].Channel != ch.ID {
		t.Fatalf("Ana's ephemerals = %+v", eph)
	}
	sel := f.Select(ana.ID, prompt, "feel", "tense")
	evt = a.next(t)
	cb = evt.Data.(slack.InteractionCallback)
	if ba := cb.ActionCallback.BlockActions[0]; ba.ActionID != "feel" || ba.SelectedOption.Value != "tense" || ba.Type != "static_select" {
		t.Fatalf("select = %+v", ba)
	}
	_ = a.sm.Ack(*evt.Request)
	sel.Acked(t)

	// response_url has five uses
	for i := 0; i < 5; i++ {
		if err := slack.PostWebhook(cb.ResponseURL, &slack.WebhookMessage{Text: "ok"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := slack.PostWebhook(cb.ResponseURL, &slack.WebhookMessage{Text: "sixth"}); err == nil {
		t.Fatal("a sixth use of a response_url should fail")
	}

	// a DM event, redelivered
	dm, _, _, err := a.api.OpenConversation(&slack.OpenConversationParameters{Users: []string{ana.ID}})
	if err != nil {
		t.Fatal(err)
	}
	_, evx := f.PostAsUser(ana.ID, dm.ID, "I need help")
	evt = a.next(t)
	api := evt.Data.(slackevents.EventsAPIEvent)
	msg, ok := api.InnerEvent.Data.(*slackevents.MessageEvent)
	if !ok || msg.Text != "I need help" || msg.ChannelType != "im" || msg.User != ana.ID || api.TeamID != slacktest.TeamID {
		t.Fatalf("event = %+v", api.InnerEvent)
	}
	first := evt.Request
	_ = a.sm.Ack(*evt.Request)
	evx.Acked(t)
	f.Redeliver(evx)
	evt = a.next(t)
	if evt.Request.EnvelopeID != first.EnvelopeID || evt.Request.RetryAttempt != 1 || evt.Request.RetryReason != "timeout" {
		t.Fatalf("redelivery = %+v", evt.Request)
	}
	var outer struct {
		EventID string `json:"event_id"`
	}
	_ = json.Unmarshal(evt.Request.Payload, &outer)
	if outer.EventID != evx.EventID || outer.EventID == "" {
		t.Fatalf("redelivered event id %q, want %q", outer.EventID, evx.EventID)
	}
	_ = a.sm.Ack(*evt.Request)
	if st := evx.Acked(t); st.Deliveries != 2 || st.Acks != 2 {
		t.Fatalf("deliveries %d acks %d", st.Deliveries, st.Acks)
	}

	// disconnect: the client reconnects and keeps getting requests
	f.Disconnect("refresh_requested")
	f.WaitConnected(t, 2)
	again := f.SlashCommand(thea.ID, ch.ID, "/groupwork", "help")
	evt = a.next(t)
	if evt.Data.(slack.SlashCommand).Text != "help" {
		t.Fatalf("after reconnect: %+v", evt.Data)
	}
	_ = a.sm.Ack(*evt.Request)
	again.Acked(t)
	if vs := f.Violations(); len(vs) != 2 || !strings.Contains(vs[1], "more than 5 times") {
		t.Fatalf("violations = %q", vs)
	}
}
