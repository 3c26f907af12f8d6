package discord

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"groupwork/bot"
)

// createMessage is Discord's create-message body. discordgo's MessageSend
// has no nonce, which makes a retried create impossible to deduplicate.
type createMessage struct {
	Content         string                            `json:"content,omitempty"`
	Components      []discordgo.MessageComponent      `json:"components,omitempty"`
	AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions"`
	Nonce           string                            `json:"nonce,omitempty"`
	EnforceNonce    bool                              `json:"enforce_nonce,omitempty"`
}

// Post sends m into channelID. A long text becomes several messages; the
// returned ref is the last one, which carries the components. With
// m.Key set, each message carries a nonce with enforce_nonce, so a create
// that discordgo retries after a 502 is not posted twice; other 5xx are
// returned, never blindly retried. Pings are never allowed.
func (a *Adapter) Post(ctx context.Context, channelID string, m bot.Message) (bot.MessageRef, error) {
	refs, err := a.PostParts(ctx, channelID, m)
	if len(refs) == 0 {
		return bot.MessageRef{}, err
	}
	return refs[len(refs)-1], err
}

// PostParts posts m as Post does and returns the ref of every message it
// became, in order, so that all of them can be edited later (an erasure
// must reach the first part of a long results post too).
func (a *Adapter) PostParts(ctx context.Context, channelID string, m bot.Message) ([]bot.MessageRef, error) {
	var refs []bot.MessageRef
	for i, p := range a.render(&m) {
		msg, err := a.create(ctx, channelID, p, nonce(m.Key, i))
		if err != nil {
			return refs, fmt.Errorf("discord: post to channel %s: %s", channelID, redact(err))
		}
		refs = append(refs, bot.MessageRef{ChannelID: channelID, MessageID: msg.ID})
	}
	return refs, nil
}

func (a *Adapter) create(ctx context.Context, channelID string, p piece, nonce string) (*discordgo.Message, error) {
	body := createMessage{Content: p.content, Components: p.components, AllowedMentions: noMentions, Nonce: nonce, EnforceNonce: nonce != ""}
	endpoint := discordgo.EndpointChannelMessages(channelID)
	opt := discordgo.WithContext(ctx)
	var resp []byte
	var err error
	if len(p.files) > 0 {
		ct, b, merr := discordgo.MultipartBodyWithJSON(body, p.files)
		if merr != nil {
			return nil, merr
		}
		resp, err = a.s.RequestRaw("POST", endpoint, ct, b, endpoint, 0, opt)
	} else {
		resp, err = a.s.RequestWithBucketID("POST", endpoint, body, endpoint, opt)
	}
	if err != nil {
		return nil, err
	}
	var msg discordgo.Message
	if err := json.Unmarshal(resp, &msg); err != nil {
		return nil, fmt.Errorf("decode message: %w", err)
	}
	return &msg, nil
}

// DirectMessage opens (or reuses) the DM channel with userID and posts m
// there. It fails when the person does not accept DMs from server members.
func (a *Adapter) DirectMessage(ctx context.Context, userID string, m bot.Message) (bot.MessageRef, error) {
	ch, err := a.s.UserChannelCreate(userID, discordgo.WithContext(ctx))
	if err != nil {
		return bot.MessageRef{}, fmt.Errorf("discord: open DM with %s: %s", userID, redact(err))
	}
	return a.Post(ctx, ch.ID, m)
}

// Edit replaces a posted message's text and components. Text that would
// need several messages is cut with a note; attachments are left as they are.
func (a *Adapter) Edit(ctx context.Context, ref bot.MessageRef, m bot.Message) error {
	m.Text = splitText(m.Text, maxContent, 1)[0]
	p := a.render(&m)[0]
	comps := nonNil(p.components)
	_, err := a.s.ChannelMessageEditComplex(&discordgo.MessageEdit{
		ID: ref.MessageID, Channel: ref.ChannelID, Content: &p.content, Components: &comps, AllowedMentions: noMentions,
	}, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("discord: edit message %s: %s", ref.MessageID, redact(err))
	}
	return nil
}
