package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	slackgo "github.com/slack-go/slack"

	"groupwork/bot"
)

const (
	doneText     = "Done."
	busyText     = "I am busy with many requests right now. Please try again in a moment."
	panicText    = "Something went wrong on my side. Please try again; if it keeps happening, tell your therapist."
	teamText     = "groupwork does not serve this workspace."
	openFormText = "Press the button to open the form."
)

// incoming is one request from Slack, normalised: the event for the core,
// and what the adapter needs to answer it.
type incoming struct {
	ev          bot.Event
	kind        string // "command", "action", "submit"
	triggerID   string
	responseURL string
	channelID   string
	userID      string
	// sourceEphemeral is true when the action came from an ephemeral
	// message (or a modal opened from one): only a private reply may
	// replace it.
	sourceEphemeral bool
	hasSource       bool
	// retry is true for a redelivery (Socket Mode retry_attempt, HTTP
	// X-Slack-Retry-Num): when the core ignores it, nothing is shown.
	retry bool
}

// ack answers the request itself within Slack's 3 s: payload is nil (an
// empty ack) or a JSON-encodable message for a slash command.
type ack func(payload any)

// viewMeta is a modal's private_metadata: where to answer its submission.
type viewMeta struct {
	Channel     string `json:"c,omitempty"`
	ResponseURL string `json:"r,omitempty"`
	Ephemeral   bool   `json:"e,omitempty"`
	Source      bool   `json:"s,omitempty"`
}

// mention is a user as Slack sends it in slash command text when the
// command escapes users: <@U123|name> or <@U123>.
var mention = regexp.MustCompile(`^<@([UW][A-Z0-9]{2,20})(?:\|([^>]*))?>$`)

// resolveUser is the command-line parser's user resolver for Slack.
func resolveUser(tok string) (id, name string, ok bool) {
	m := mention.FindStringSubmatch(tok)
	if m == nil {
		return "", "", false
	}
	name = m[2]
	if name == "" {
		name = m[1]
	}
	return m[1], name, true
}

func place(team, channel string) bot.Place {
	return bot.Place{Platform: Platform, GuildID: team, ChannelID: channel, DM: strings.HasPrefix(channel, "D")}
}

// commandRequest turns a slash command into a core command, or into a
// usage message (returned as text) when its text cannot be parsed.
func (a *Adapter) commandRequest(sc slackgo.SlashCommand, deliveryID string) (*incoming, string) {
	_, router := a.handler()
	text := strings.TrimSpace(sc.Text)
	if text == "" {
		text = "help"
	}
	cmd, err := router.ParseCommandLine(text, resolveUser)
	if err != nil {
		return nil, a.spelling().apply(bot.ErrorMessage(err)) + "\nType `/" + a.cfg.Command + " help` to see the commands."
	}
	cmd.EventMeta = bot.EventMeta{
		DeliveryID: "slack:" + orDefault(sc.TriggerID, deliveryID),
		User:       bot.User{ID: sc.UserID, Name: orDefault(sc.UserName, sc.UserID)},
		Place:      place(sc.TeamID, sc.ChannelID),
	}
	return &incoming{ev: cmd, kind: "command", triggerID: sc.TriggerID, responseURL: sc.ResponseURL, channelID: sc.ChannelID, userID: sc.UserID}, ""
}

// interactionRequest turns block_actions and view_submission into core
// events; other interactions give nil.
func (a *Adapter) interactionRequest(ic *slackgo.InteractionCallback, deliveryID string) *incoming {
	meta := bot.EventMeta{
		DeliveryID: "slack:" + orDefault(ic.TriggerID, deliveryID),
		User:       bot.User{ID: ic.User.ID, Name: orDefault(ic.User.Name, ic.User.ID)},
	}
	team := orDefault(ic.Team.ID, ic.User.TeamID)
	switch ic.Type {
	case slackgo.InteractionTypeBlockActions:
		if len(ic.ActionCallback.BlockActions) == 0 {
			return nil
		}
		act := ic.ActionCallback.BlockActions[0]
		ch := orDefault(ic.Channel.ID, ic.Container.ChannelID)
		meta.Place = place(team, ch)
		ev := &bot.Action{EventMeta: meta, CustomID: act.ActionID, MessageID: orDefault(ic.Container.MessageTs, ic.Message.Timestamp)}
		switch {
		case act.SelectedOption.Value != "":
			ev.Values = []string{act.SelectedOption.Value}
		case len(act.SelectedOptions) > 0:
			for _, o := range act.SelectedOptions {
				ev.Values = append(ev.Values, o.Value)
			}
		}
		return &incoming{ev: ev, kind: "action", triggerID: ic.TriggerID, responseURL: ic.ResponseURL, channelID: ch, userID: ic.User.ID,
			sourceEphemeral: ic.Container.IsEphemeral, hasSource: ic.Container.Type == "message"}
	case slackgo.InteractionTypeViewSubmission:
		var vm viewMeta
		_ = json.Unmarshal([]byte(ic.View.PrivateMetadata), &vm)
		meta.Place = place(team, vm.Channel)
		ev := &bot.Submit{EventMeta: meta, CustomID: ic.View.CallbackID, Fields: map[string]string{}}
		if ic.View.State != nil {
			for _, byAction := range ic.View.State.Values {
				for id, v := range byAction {
					ev.Fields[id] = v.Value
				}
			}
		}
		return &incoming{ev: ev, kind: "submit", triggerID: ic.TriggerID, responseURL: vm.ResponseURL, channelID: vm.Channel, userID: ic.User.ID,
			sourceEphemeral: vm.Ephemeral, hasSource: vm.Source}
	}
	return nil
}

// dispatch runs one request through the bounded pool. In Socket Mode every
// envelope is acked at once, before the core runs, and the reply follows
// through response_url (or the Web API). In HTTP mode (wait) interactions
// are acked at once too (Slack ignores what their ack carries), while a
// slash command's response waits for the core at most AckAfter: a quick
// private reply travels in the response body itself; otherwise the body is
// empty and the reply follows through response_url. A full pool is
// answered "busy" at once. With wait, dispatch returns only once the
// request is acked (the ack is the HTTP response); the reply may still be
// on its way.
func (a *Adapter) dispatch(ctx context.Context, in *incoming, ackFn ack, wait bool) {
	h, _ := a.handler()
	id := in.ev.Meta().DeliveryID
	if !a.begin(id) {
		// A repeat of a delivery still in flight: acked, never answered,
		// so it cannot take the place of the real reply.
		ackFn(nil)
		a.drop(id)
		return
	}
	ctx = a.handlerCtx(ctx)
	select {
	case a.sem <- struct{}{}:
	default:
		defer a.finish(id, true)
		a.log.Warn("work queue full; request refused", "trigger", in.triggerID, "in_flight", cap(a.sem))
		if in.kind == "command" {
			ackFn(ephemeral(busyText))
		} else {
			ackFn(nil)
			go a.followup(ctx, in, bot.PrivateText(busyText))
		}
		return
	}
	acked := make(chan struct{})
	var once sync.Once
	signal := func() { once.Do(func() { close(acked) }) }
	a.inner.Add(1) // before the ack: whoever saw the ack sees the work in flight
	if in.kind != "command" || !wait {
		ackFn(nil)
		ackFn = nil
		signal()
	}
	go func() {
		defer a.inner.Done()
		defer a.finish(id, true)
		defer func() { <-a.sem }()
		defer signal()
		done := make(chan bot.Reply, 1)
		go func() {
			defer func() {
				if p := recover(); p != nil {
					a.log.Error("panic in core handler", "trigger", in.triggerID, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
					done <- bot.PrivateText(panicText)
				}
			}()
			a.enrich(ctx, in.ev)
			done <- h.Handle(ctx, in.ev)
		}()
		timer := time.NewTimer(a.cfg.AckAfter)
		defer timer.Stop()
		select {
		case rep := <-done:
			a.answer(ctx, in, rep, ackFn, signal, true)
		case <-timer.C:
			if ackFn != nil {
				ackFn(nil)
				a.log.Debug("acked before the core answered; the reply follows", "trigger", in.triggerID)
			}
			signal()
			select {
			case rep := <-done:
				a.answer(ctx, in, rep, nil, signal, false)
			case <-ctx.Done():
			}
		case <-ctx.Done():
			if ackFn != nil {
				ackFn(nil)
			}
		}
	}()
	if wait {
		<-acked
	}
}

// answer delivers a reply. quick is true when the trigger id is still
// fresh (the core answered within AckAfter), so a form can open; ackFn is
// nil when the request was already acked.
func (a *Adapter) answer(ctx context.Context, in *incoming, rep bot.Reply, ackFn ack, acked func(), quick bool) {
	doAck := func(p any) {
		if ackFn != nil {
			ackFn(p)
			ackFn = nil
		}
		acked()
	}
	defer doAck(nil)
	switch {
	case rep.Form != nil && quick && in.kind != "submit" && in.triggerID != "":
		// Open the modal first: the trigger id lives about 3 s.
		vm := viewMeta{Channel: in.channelID, ResponseURL: in.responseURL, Ephemeral: in.sourceEphemeral, Source: in.hasSource}
		meta, _ := json.Marshal(vm)
		doAck(nil)
		_, err := a.api.OpenViewContext(ctx, in.triggerID, a.modal(rep.Form, string(meta)))
		if err == nil {
			return
		}
		a.log.Warn("could not open the form; offering a button instead", "trigger", in.triggerID, "err", redact(err))
		rep = formButtonReply(rep.Form)
	case rep.Form != nil:
		rep = formButtonReply(rep.Form)
	case rep.Empty():
		// A repeat (the core ignores a second delivery) and a press that
		// changes nothing get an ack only; a command gets "Done.".
		if in.kind != "command" || in.retry {
			return
		}
		rep = bot.PrivateText(doneText)
	}
	r := a.render(rep.Message)
	if in.kind == "command" && ackFn != nil && len(r.files) == 0 && rep.Private {
		doAck(webhookMessage(r, true, false))
		return
	}
	doAck(nil)
	a.followup(ctx, in, rep)
}

// followup sends a reply after the ack: private replies through
// response_url as an ephemeral message (replacing the ephemeral they came
// from when the core asks for an update), public replies through
// response_url into the channel (chat.postMessage when there is none, or
// the reply has files).
// Without a response_url a private reply goes by chat.postEphemeral.
func (a *Adapter) followup(ctx context.Context, in *incoming, rep bot.Reply) {
	if rep.Message == nil {
		return
	}
	r := a.render(rep.Message)
	replace := rep.Update && in.hasSource && in.sourceEphemeral == rep.Private
	if !rep.Private {
		if replace && in.responseURL != "" {
			if err := a.webhook(ctx, in.responseURL, webhookMessage(r, false, true)); err != nil {
				a.log.Warn("update via response_url failed", "trigger", in.triggerID, "err", redact(err))
			}
			a.uploads(ctx, in.channelID, r.files)
			return
		}
		// A public answer to a person goes by response_url too, so that it
		// never waits in the channel's queue behind a scheduled fan-out.
		if in.responseURL != "" && len(r.files) == 0 {
			err := a.webhook(ctx, in.responseURL, webhookMessage(r, false, false))
			if err == nil {
				return
			}
			a.log.Warn("public reply via response_url failed; posting instead", "trigger", in.triggerID, "err", redact(err))
		}
		if _, err := a.Post(ctx, in.channelID, *rep.Message); err != nil {
			a.log.Warn("public reply failed", "trigger", in.triggerID, "channel", in.channelID, "err", redact(err))
		}
		return
	}
	if in.responseURL != "" {
		err := a.webhook(ctx, in.responseURL, webhookMessage(r, true, replace))
		if err == nil {
			a.privateFiles(ctx, in, r.files)
			return
		}
		a.log.Warn("reply via response_url failed; posting an ephemeral instead", "trigger", in.triggerID, "err", redact(err))
	}
	if in.channelID == "" {
		return
	}
	if _, err := a.api.PostEphemeralContext(ctx, in.channelID, in.userID, slackgo.MsgOptionText(r.text, false), slackgo.MsgOptionBlocks(r.blocks...)); err != nil {
		a.log.Warn("ephemeral reply failed", "trigger", in.triggerID, "err", redact(err))
	}
	a.privateFiles(ctx, in, r.files)
}

// privateFiles sends a private reply's attachments (an export, a chart) to
// the person's DM with the bot: Slack has no ephemeral files.
func (a *Adapter) privateFiles(ctx context.Context, in *incoming, files []upload) {
	if len(files) == 0 {
		return
	}
	dm, err := a.openDM(ctx, in.userID)
	if err != nil {
		a.log.Warn("could not open a DM for attachments", "user", in.userID, "err", redact(err))
		return
	}
	a.uploads(ctx, dm, files)
}

func ephemeral(text string) *slackgo.WebhookMessage {
	return &slackgo.WebhookMessage{Text: escape(text), ResponseType: slackgo.ResponseTypeEphemeral}
}

func webhookMessage(r rendered, private, replace bool) *slackgo.WebhookMessage {
	m := &slackgo.WebhookMessage{Text: r.text, ResponseType: slackgo.ResponseTypeInChannel, ReplaceOriginal: replace}
	if private {
		m.ResponseType = slackgo.ResponseTypeEphemeral
	}
	if len(r.blocks) > 0 {
		m.Blocks = &slackgo.Blocks{BlockSet: r.blocks}
	}
	return m
}

func (a *Adapter) webhook(ctx context.Context, url string, m *slackgo.WebhookMessage) error {
	return a.retry(ctx, func() error { return slackgo.PostWebhookCustomHTTPContext(ctx, url, a.hc, m) })
}

func formButtonReply(f *bot.Form) bot.Reply {
	return bot.Reply{Private: true, Message: &bot.Message{Text: openFormText, Blocks: []bot.Block{&bot.FormButton{Label: orDefault(f.Title, "Open the form"), Form: *f}}}}
}
