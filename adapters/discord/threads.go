package discord

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"groupwork/bot"
)

var _ bot.Threader = (*Adapter)(nil)

// maxThreadName is Discord's limit on a thread's name.
const maxThreadName = 100

// StartThread opens a public thread under the message ref (in a private
// group channel it is visible to the channel's people only) and returns
// its channel id. It archives itself after an hour without messages.
func (a *Adapter) StartThread(ctx context.Context, ref bot.MessageRef, name string) (string, error) {
	if r := []rune(name); len(r) > maxThreadName {
		name = string(r[:maxThreadName-1]) + "…"
	}
	ch, err := a.s.MessageThreadStartComplex(ref.ChannelID, ref.MessageID, &discordgo.ThreadStart{Name: name, AutoArchiveDuration: 60}, discordgo.WithContext(ctx))
	if err != nil {
		return "", fmt.Errorf("discord: start thread on %s: %s", ref.MessageID, redact(err))
	}
	return ch.ID, nil
}
