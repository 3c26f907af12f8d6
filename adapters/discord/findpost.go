package discord

import (
	"context"
	"fmt"
	"slices"

	"github.com/bwmarrin/discordgo"

	"groupwork/bot"
)

var _ bot.PostFinder = (*Adapter)(nil)

// findPostWindow is how many of a channel's latest messages FindPost reads.
const findPostWindow = 50

// FindPost tells whether m was already posted into channelID: it reads the
// channel's latest 50 messages and looks for one the bot wrote with the same
// buttons and menus as m. The core's custom ids name the run and step, so
// they identify a prompt; Discord does not return nonces when messages are
// read back. A message without buttons or menus is never found (the core
// only asks for prompts, which always have them).
func (a *Adapter) FindPost(ctx context.Context, channelID string, m bot.Message) (bot.MessageRef, bool, error) {
	var wants [][]string
	for _, p := range a.render(&m) {
		if ids := customIDs(p.components); len(ids) > 0 {
			wants = append(wants, ids)
		}
	}
	if len(wants) == 0 {
		return bot.MessageRef{}, false, nil
	}
	msgs, err := a.s.ChannelMessages(channelID, findPostWindow, "", "", "", discordgo.WithContext(ctx))
	if err != nil {
		return bot.MessageRef{}, false, fmt.Errorf("discord: read channel %s: %s", channelID, redact(err))
	}
	a.mu.Lock()
	botID := a.botID
	a.mu.Unlock()
	for _, msg := range msgs {
		if msg.Author == nil || (botID != "" && msg.Author.ID != botID) {
			continue
		}
		got := customIDs(msg.Components)
		for _, want := range wants {
			if slices.Equal(got, want) {
				return bot.MessageRef{ChannelID: channelID, MessageID: msg.ID}, true, nil
			}
		}
	}
	return bot.MessageRef{}, false, nil
}

// customIDs lists the custom ids of the buttons and menus in components,
// in order.
func customIDs(components []discordgo.MessageComponent) []string {
	var ids []string
	for _, c := range components {
		switch c := c.(type) {
		case discordgo.ActionsRow:
			ids = append(ids, customIDs(c.Components)...)
		case *discordgo.ActionsRow:
			ids = append(ids, customIDs(c.Components)...)
		case discordgo.Button:
			ids = append(ids, c.CustomID)
		case *discordgo.Button:
			ids = append(ids, c.CustomID)
		case discordgo.SelectMenu:
			ids = append(ids, c.CustomID)
		case *discordgo.SelectMenu:
			ids = append(ids, c.CustomID)
		}
	}
	return ids
}
