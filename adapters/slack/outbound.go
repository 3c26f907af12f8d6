package slack

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	slackgo "github.com/slack-go/slack"
	"golang.org/x/time/rate"

	"groupwork/bot"
)

// maxRetries bounds how often one call is retried after a 429.
const maxRetries = 5

// pacer keeps one token bucket per channel: posts into a channel wait their
// turn (a queue, in arrival order) instead of meeting Slack's ~1 message a
// second per channel as errors. Replies to interactions travel through the
// ack and response_url, not chat.postMessage, so they never wait behind a
// scheduled fan-out.
type pacer struct {
	mu       sync.Mutex
	every    time.Duration
	burst    int
	channels map[string]*rate.Limiter
}

func newPacer(every time.Duration, burst int) *pacer {
	return &pacer{every: every, burst: burst, channels: map[string]*rate.Limiter{}}
}

func (p *pacer) wait(ctx context.Context, channel string) error {
	p.mu.Lock()
	l := p.channels[channel]
	if l == nil {
		l = rate.NewLimiter(rate.Every(p.every), p.burst)
		p.channels[channel] = l
	}
	p.mu.Unlock()
	return l.Wait(ctx)
}

// retry calls f, and again after Slack's Retry-After when it answers 429,
// up to maxRetries times.
func (a *Adapter) retry(ctx context.Context, f func() error) error {
	for i := 0; ; i++ {
		err := f()
		var rl *slackgo.RateLimitedError
		if !errors.As(err, &rl) || i == maxRetries {
			return err
		}
		wait := max(rl.RetryAfter, 100*time.Millisecond)
		a.log.Debug("rate limited; waiting", "retry_after", wait)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// Post sends m into channelID (a channel id, or a user id for their DM)
// as Block Kit, after waiting its turn in the channel's queue; images and
// files follow through the external upload flow. Pings are impossible:
// every text is escaped. The ref is the message's timestamp.
func (a *Adapter) Post(ctx context.Context, channelID string, m bot.Message) (bot.MessageRef, error) {
	r := a.render(&m)
	var ts, ch string
	err := a.retry(ctx, func() error {
		if err := a.pace.wait(ctx, channelID); err != nil {
			return err
		}
		var err error
		ch, ts, err = a.api.PostMessageContext(ctx, channelID, slackgo.MsgOptionText(r.text, false), slackgo.MsgOptionBlocks(r.blocks...))
		return err
	})
	if err != nil {
		return bot.MessageRef{}, fmt.Errorf("slack: post to channel %s: %s", channelID, redact(err))
	}
	a.uploads(ctx, ch, r.files)
	return bot.MessageRef{ChannelID: ch, MessageID: ts}, nil
}

// uploads shares files into channel with files.getUploadURLExternal, the
// upload, and files.completeUploadExternal.
func (a *Adapter) uploads(ctx context.Context, channel string, files []upload) {
	for _, f := range files {
		err := a.retry(ctx, func() error {
			_, err := a.api.UploadFileContext(ctx, slackgo.UploadFileParameters{
				Reader: bytes.NewReader(f.data), FileSize: len(f.data), Filename: f.name, Title: f.title, AltTxt: f.alt, Channel: channel,
			})
			return err
		})
		if err != nil {
			a.log.Warn("upload failed", "channel", channel, "file_bytes", len(f.data), "err", redact(err))
		}
	}
}

// openDM opens (or reuses) the bot's DM with userID.
func (a *Adapter) openDM(ctx context.Context, userID string) (string, error) {
	var ch *slackgo.Channel
	err := a.retry(ctx, func() error {
		var err error
		ch, _, _, err = a.api.OpenConversationContext(ctx, &slackgo.OpenConversationParameters{Users: []string{userID}, ReturnIM: true})
		return err
	})
	if err != nil {
		return "", err
	}
	return ch.ID, nil
}

// DirectMessage opens the DM with userID (conversations.open) and posts m
// there: safety alerts, reminders and digests go this way.
func (a *Adapter) DirectMessage(ctx context.Context, userID string, m bot.Message) (bot.MessageRef, error) {
	ch, err := a.openDM(ctx, userID)
	if err != nil {
		return bot.MessageRef{}, fmt.Errorf("slack: open DM with %s: %s", userID, redact(err))
	}
	return a.Post(ctx, ch, m)
}

// Edit replaces a posted message's text and blocks (chat.update).
// Attachments are left as they are.
func (a *Adapter) Edit(ctx context.Context, ref bot.MessageRef, m bot.Message) error {
	r := a.render(&m)
	err := a.retry(ctx, func() error {
		_, _, _, err := a.api.UpdateMessageContext(ctx, ref.ChannelID, ref.MessageID, slackgo.MsgOptionText(r.text, false), slackgo.MsgOptionBlocks(r.blocks...))
		return err
	})
	if err != nil {
		return fmt.Errorf("slack: edit message %s: %s", ref.MessageID, redact(err))
	}
	return nil
}

// FindPost looks through the channel's latest 50 messages for one the bot
// posted with m's interactive ids (which name the run), or with m's text
// when it has none.
func (a *Adapter) FindPost(ctx context.Context, channelID string, m bot.Message) (bot.MessageRef, bool, error) {
	want := map[string]bool{}
	for _, b := range m.Blocks {
		switch b := b.(type) {
		case *bot.Buttons:
			for _, c := range b.Choices {
				want[c.ID] = true
			}
		case *bot.Select:
			want[b.CustomID] = true
		case *bot.FormButton:
			want[b.Form.CustomID] = true
		}
	}
	r := a.render(&m)
	var hist *slackgo.GetConversationHistoryResponse
	err := a.retry(ctx, func() error {
		var err error
		hist, err = a.api.GetConversationHistoryContext(ctx, &slackgo.GetConversationHistoryParameters{ChannelID: channelID, Limit: 50})
		return err
	})
	if err != nil {
		return bot.MessageRef{}, false, fmt.Errorf("slack: read history of %s: %s", channelID, redact(err))
	}
	botID, _ := a.botUser(ctx)
	for _, msg := range hist.Messages {
		if botID != "" && msg.User != botID && msg.BotID == "" {
			continue
		}
		if len(want) == 0 {
			if msg.Text == r.text {
				return bot.MessageRef{ChannelID: channelID, MessageID: msg.Timestamp}, true, nil
			}
			continue
		}
		for _, blk := range msg.Blocks.BlockSet {
			ab, ok := blk.(*slackgo.ActionBlock)
			if !ok || ab.Elements == nil {
				continue
			}
			for _, el := range ab.Elements.ElementSet {
				if id := actionID(el); id != "" && want[id] {
					return bot.MessageRef{ChannelID: channelID, MessageID: msg.Timestamp}, true, nil
				}
			}
		}
	}
	return bot.MessageRef{}, false, nil
}

func actionID(el slackgo.BlockElement) string {
	switch e := el.(type) {
	case *slackgo.ButtonBlockElement:
		return e.ActionID
	case *slackgo.SelectBlockElement:
		return e.ActionID
	case *slackgo.MultiSelectBlockElement:
		return e.ActionID
	}
	return ""
}

// botUser returns the bot's user id, asking Slack once when Run has not.
func (a *Adapter) botUser(ctx context.Context) (string, error) {
	a.mu.Lock()
	id := a.botID
	a.mu.Unlock()
	if id != "" {
		return id, nil
	}
	me, err := a.api.AuthTestContext(ctx)
	if err != nil {
		return "", fmt.Errorf("slack: who am I: %s", redact(err))
	}
	a.mu.Lock()
	a.botID = me.UserID
	a.mu.Unlock()
	return me.UserID, nil
}

var _ = strings.TrimSpace
