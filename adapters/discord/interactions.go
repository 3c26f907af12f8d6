package discord

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/bwmarrin/discordgo"

	"groupwork/bot"
)

const (
	doneText    = "Done."
	busyText    = "I am busy with many requests right now. Please try again in a moment."
	panicText   = "Something went wrong on my side. Please try again; if it keeps happening, tell your therapist."
	expiredForm = "This button has expired (the bot was restarted or the form is old). Press **Start** on the exercise again to get a fresh one."
	postedText  = "Posted in the channel."
	openForm    = "Press the button to open the form."
)

// onInteraction runs on the gateway goroutine: it only hands the
// interaction to the bounded pool, or answers "busy" when the pool is full.
func (a *Adapter) onInteraction(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
	defer a.recoverLog("interaction dispatch", "")
	if ic == nil || ic.Interaction == nil {
		return
	}
	in := ic.Interaction
	h, ctx, ok := a.take(in.ID)
	if !ok {
		a.log.Debug("interaction dropped: a repeat of one in flight, or the adapter is stopping", "interaction", in.ID)
		a.done(in.ID)
		return
	}
	select {
	case a.sem <- struct{}{}:
	default:
		// answered here, on the gateway goroutine: one short request, and
		// no goroutine per refused event
		a.log.Warn("work queue full; interaction refused", "interaction", in.ID, "in_flight", cap(a.sem))
		if in.Type != discordgo.InteractionApplicationCommandAutocomplete {
			a.respondText(ctx, in, busyText)
		}
		a.release(in.ID)
		return
	}
	go func() {
		defer a.release(in.ID)
		defer func() { <-a.sem }()
		defer a.recoverLog("interaction", in.ID)
		a.handleInteraction(ctx, h, in)
	}()
}

func (a *Adapter) recoverLog(what, id string) {
	if p := recover(); p != nil {
		a.log.Error("panic recovered", "in", what, "interaction", id, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
	}
}

func (a *Adapter) handleInteraction(ctx context.Context, h bot.Handler, in *discordgo.Interaction) {
	switch in.Type {
	case discordgo.InteractionApplicationCommandAutocomplete:
		err := a.s.InteractionRespond(in, &discordgo.InteractionResponse{
			Type: discordgo.InteractionApplicationCommandAutocompleteResult,
			Data: &discordgo.InteractionResponseData{Choices: a.autocompleteChoices(in)},
		}, discordgo.WithContext(ctx))
		a.logFail("autocomplete", in, err)
	default:
		ev, err := a.decode(in)
		if err != nil {
			a.respondText(ctx, in, bot.ErrorMessage(err))
			return
		}
		if ev != nil {
			a.deliver(ctx, h, in, ev)
		}
	}
}

// deliver calls the core and answers within Discord's deadline: inline when
// the core replies within AckAfter, otherwise deferred with the reply sent
// as a follow-up.
func (a *Adapter) deliver(ctx context.Context, h bot.Handler, in *discordgo.Interaction, ev bot.Event) {
	done := make(chan bot.Reply, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				a.log.Error("panic in core handler", "interaction", in.ID, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				done <- bot.PrivateText(panicText)
			}
		}()
		done <- h.Handle(ctx, ev)
	}()
	timer := time.NewTimer(a.cfg.AckAfter)
	defer timer.Stop()
	select {
	case rep := <-done:
		if !rep.Silent {
			a.respondNow(ctx, in, rep)
		}
		return
	case <-timer.C:
	case <-ctx.Done():
		return
	}
	deferType := discordgo.InteractionResponseDeferredChannelMessageWithSource
	var flags discordgo.MessageFlags = discordgo.MessageFlagsEphemeral
	if hasSource(in) {
		deferType, flags = discordgo.InteractionResponseDeferredMessageUpdate, 0
	}
	err := a.s.InteractionRespond(in, &discordgo.InteractionResponse{Type: deferType, Data: &discordgo.InteractionResponseData{Flags: flags}}, discordgo.WithContext(ctx))
	if err != nil {
		a.logFail("defer", in, err)
		return
	}
	a.log.Debug("interaction deferred", "interaction", in.ID)
	select {
	case rep := <-done:
		if rep.Silent {
			// A repeat that took longer than AckAfter: Discord refused the
			// defer if the first delivery was answered; otherwise remove
			// the "thinking…" message it started.
			if deferType == discordgo.InteractionResponseDeferredChannelMessageWithSource {
				a.logFail("delete deferred", in, a.s.InteractionResponseDelete(in, discordgo.WithContext(ctx)))
			}
			return
		}
		a.respondLater(ctx, in, rep, deferType)
	case <-ctx.Done():
	}
}

// hasSource reports whether the interaction came from a message component
// (a button, a menu, or a modal opened from one): those can be answered by
// updating that message.
func hasSource(in *discordgo.Interaction) bool {
	return in.Message != nil && (in.Type == discordgo.InteractionMessageComponent || in.Type == discordgo.InteractionModalSubmit)
}

// canUpdate reports whether the reply may replace the source message: a
// private reply must never overwrite a message the whole channel sees.
func canUpdate(in *discordgo.Interaction, rep bot.Reply) bool {
	if !rep.Update || !hasSource(in) {
		return false
	}
	srcPrivate := in.Message.Flags&discordgo.MessageFlagsEphemeral != 0
	return srcPrivate == rep.Private
}

func flagsFor(private bool) discordgo.MessageFlags {
	if private {
		return discordgo.MessageFlagsEphemeral
	}
	return 0
}

func (a *Adapter) respondNow(ctx context.Context, in *discordgo.Interaction, rep bot.Reply) {
	opt := discordgo.WithContext(ctx)
	switch {
	case rep.Form != nil && in.Type != discordgo.InteractionModalSubmit:
		err := a.s.InteractionRespond(in, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal, Data: a.modal(rep.Form)}, opt)
		a.logFail("modal", in, err)
		return
	case rep.Form != nil:
		// a modal cannot open another: offer a button that opens it
		rep = formButtonReply(rep.Form)
	case rep.Empty():
		if hasSource(in) {
			err := a.s.InteractionRespond(in, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}, opt)
			a.logFail("ack", in, err)
			return
		}
		rep = bot.PrivateText(doneText)
	}
	pieces := a.render(rep.Message)
	typ := discordgo.InteractionResponseChannelMessageWithSource
	if canUpdate(in, rep) {
		typ = discordgo.InteractionResponseUpdateMessage
	}
	first := pieces[0]
	data := &discordgo.InteractionResponseData{
		Content: first.content, Components: nonNil(first.components), Files: first.files,
		AllowedMentions: noMentions, Flags: flagsFor(rep.Private),
	}
	if typ == discordgo.InteractionResponseUpdateMessage {
		data.Flags = 0 // an update keeps the message's own flags
	}
	if err := a.s.InteractionRespond(in, &discordgo.InteractionResponse{Type: typ, Data: data}, opt); err != nil {
		a.logFail("respond", in, err)
		return
	}
	a.followups(ctx, in, pieces[1:], rep.Private)
}

func (a *Adapter) respondLater(ctx context.Context, in *discordgo.Interaction, rep bot.Reply, deferType discordgo.InteractionResponseType) {
	opt := discordgo.WithContext(ctx)
	if rep.Form != nil {
		rep = formButtonReply(rep.Form)
	}
	if rep.Empty() {
		if deferType == discordgo.InteractionResponseDeferredChannelMessageWithSource {
			a.followups(ctx, in, []piece{{content: doneText}}, true)
		}
		return
	}
	pieces := a.render(rep.Message)
	switch {
	case deferType == discordgo.InteractionResponseDeferredChannelMessageWithSource && !rep.Private:
		// the deferred "thinking" message is ephemeral and the first
		// follow-up replaces it with that state: close it privately,
		// then post the public reply as further follow-ups
		a.followups(ctx, in, []piece{{content: postedText}}, true)
	case deferType == discordgo.InteractionResponseDeferredMessageUpdate && canUpdate(in, rep):
		first := pieces[0]
		comps := nonNil(first.components)
		_, err := a.s.InteractionResponseEdit(in, &discordgo.WebhookEdit{
			Content: &first.content, Components: &comps, Files: first.files, AllowedMentions: noMentions,
		}, opt)
		if err != nil {
			a.logFail("edit original", in, err)
			return
		}
		pieces = pieces[1:]
	}
	a.followups(ctx, in, pieces, rep.Private)
}

// followups sends pieces as follow-up messages, waiting for each so that
// their order holds.
func (a *Adapter) followups(ctx context.Context, in *discordgo.Interaction, pieces []piece, private bool) {
	for _, p := range pieces {
		_, err := a.s.FollowupMessageCreate(in, true, &discordgo.WebhookParams{
			Content: p.content, Components: nonNil(p.components), Files: p.files,
			AllowedMentions: noMentions, Flags: flagsFor(private),
		}, discordgo.WithContext(ctx))
		if err != nil {
			a.logFail("follow-up", in, err)
			return
		}
	}
}

// respondText answers with a private text message (type 4, ephemeral).
func (a *Adapter) respondText(ctx context.Context, in *discordgo.Interaction, text string) {
	err := a.s.InteractionRespond(in, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: clip(neutralise(text), maxContent), AllowedMentions: noMentions, Flags: discordgo.MessageFlagsEphemeral},
	}, discordgo.WithContext(ctx))
	a.logFail("respond", in, err)
}

func formButtonReply(f *bot.Form) bot.Reply {
	return bot.Reply{Private: true, Message: &bot.Message{Text: openForm, Blocks: []bot.Block{&bot.FormButton{Label: orDefault(f.Title, "Open the form"), Form: *f}}}}
}

// nonNil makes an empty component list encode as [] so that an update or
// edit removes the old components instead of keeping them.
func nonNil(c []discordgo.MessageComponent) []discordgo.MessageComponent {
	if c == nil {
		return []discordgo.MessageComponent{}
	}
	return c
}

func (a *Adapter) logFail(what string, in *discordgo.Interaction, err error) {
	if err == nil {
		return
	}
	a.log.Warn("interaction response failed", "step", what, "interaction", in.ID, "status", status(err), "err", redact(err))
}

// redact keeps an error's HTTP status and Discord error code, never the
// echoed request or response body (they may carry what a member wrote).
func redact(err error) string {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		if re.Message != nil {
			return fmt.Sprintf("HTTP %d, Discord code %d", re.Response.StatusCode, re.Message.Code)
		}
		return fmt.Sprintf("HTTP %d", re.Response.StatusCode)
	}
	return err.Error()
}
