package slack

import (
	"context"
	"fmt"

	slackgo "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// serveSocket runs Socket Mode: socketmode dials the websocket that
// apps.connections.open returns, and reconnects by itself when Slack sends
// "disconnect" (a refresh every few hours) or the connection drops. Each
// envelope is acked within the 3 s deadline by dispatch.
//
// A stop (ctx ending) takes no new envelope — unacked, Slack delivers it
// again — and keeps the socket open until the handlers in flight are done,
// so that acks still queued in the client are written before it closes.
func (a *Adapter) serveSocket(ctx context.Context, _ any) error {
	sm := socketmode.New(a.api, socketmode.OptionDebug(false))
	sock, closeSock := context.WithCancel(context.WithoutCancel(ctx))
	defer closeSock()
	runErr := make(chan error, 1)
	go func() { runErr <- sm.RunContext(sock) }()
	for {
		select {
		case <-ctx.Done():
			a.drain()
			closeSock()
			<-runErr
			return nil
		case err := <-runErr:
			if ctx.Err() != nil {
				return nil
			}
			if isAuthError(err) {
				return fmt.Errorf("slack: %w", ErrUnauthorized)
			}
			return fmt.Errorf("slack: socket mode: %s", redact(err))
		case evt, ok := <-sm.Events:
			if !ok {
				return nil
			}
			if ctx.Err() != nil {
				continue // stopping: leave it unacked for redelivery
			}
			a.socketEvent(ctx, sm, evt)
		}
	}
}

func (a *Adapter) socketEvent(ctx context.Context, sm *socketmode.Client, evt socketmode.Event) {
	defer a.recoverLog("socket event")
	switch evt.Type {
	case socketmode.EventTypeConnected:
		a.connected.Store(true)
		a.log.Info("socket mode connected")
	case socketmode.EventTypeDisconnect:
		a.connected.Store(false)
		a.log.Info("slack asked to reconnect; reconnecting")
	case socketmode.EventTypeConnectionError:
		a.connected.Store(false)
		a.log.Warn("socket mode connection error; retrying")
	}
	if evt.Request == nil || evt.Request.EnvelopeID == "" {
		return
	}
	req := evt.Request
	ackFn := func(p any) {
		if p == nil {
			sm.Ack(*req)
		} else {
			sm.Ack(*req, p)
		}
	}
	switch evt.Type {
	case socketmode.EventTypeSlashCommand:
		sc, ok := evt.Data.(slackgo.SlashCommand)
		if !ok {
			sm.Ack(*req)
			return
		}
		a.onCommand(ctx, sc, req.EnvelopeID, req.RetryAttempt > 0, ackFn, false)
	case socketmode.EventTypeInteractive:
		ic, ok := evt.Data.(slackgo.InteractionCallback)
		if !ok {
			sm.Ack(*req)
			return
		}
		a.onInteraction(ctx, &ic, req.EnvelopeID, req.RetryAttempt > 0, ackFn, false)
	case socketmode.EventTypeEventsAPI:
		sm.Ack(*req)
		if ev, ok := evt.Data.(slackevents.EventsAPIEvent); ok {
			a.onEvent(ev)
		}
	default:
		sm.Ack(*req)
	}
}

// onCommand handles a slash command from either mode.
func (a *Adapter) onCommand(ctx context.Context, sc slackgo.SlashCommand, deliveryID string, retry bool, ackFn ack, wait bool) {
	id := "slack:" + orDefault(sc.TriggerID, deliveryID)
	if !a.servesTeam(sc.TeamID) {
		a.log.Warn("slash command from a workspace not in team_ids refused", "team", sc.TeamID)
		ackFn(ephemeral(teamText))
		a.finish(id, false)
		return
	}
	in, usage := a.commandRequest(sc, deliveryID)
	if in == nil {
		defer a.finish(id, false)
		if retry {
			ackFn(nil) // the usage help was shown the first time
			return
		}
		ackFn(ephemeral(usage))
		return
	}
	in.retry = retry
	a.dispatch(ctx, in, ackFn, wait)
}

// onInteraction handles block_actions and view_submission from either mode.
func (a *Adapter) onInteraction(ctx context.Context, ic *slackgo.InteractionCallback, deliveryID string, retry bool, ackFn ack, wait bool) {
	team := orDefault(ic.Team.ID, ic.User.TeamID)
	id := "slack:" + orDefault(ic.TriggerID, deliveryID)
	if !a.servesTeam(team) {
		a.log.Warn("interaction from a workspace not in team_ids refused", "team", team)
		ackFn(nil)
		a.finish(id, false)
		return
	}
	in := a.interactionRequest(ic, deliveryID)
	if in == nil {
		ackFn(nil)
		a.finish(id, false)
		return
	}
	in.retry = retry
	a.dispatch(ctx, in, ackFn, wait)
}

// onEvent watches for the app losing its access.
func (a *Adapter) onEvent(ev slackevents.EventsAPIEvent) {
	switch ev.InnerEvent.Type {
	case "app_uninstalled", "tokens_revoked":
		if a.servesTeam(ev.TeamID) {
			a.log.Error("the app was uninstalled or its tokens revoked; stopping", "team", ev.TeamID, "event", ev.InnerEvent.Type)
			a.stop(fmt.Errorf("slack: %w (%s)", ErrUnauthorized, ev.InnerEvent.Type))
		}
	}
}

func (a *Adapter) recoverLog(what string) {
	if p := recover(); p != nil {
		a.log.Error("panic recovered", "in", what, "panic", fmt.Sprint(p))
	}
}
