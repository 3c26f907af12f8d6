package discord

import (
	"strings"

	"github.com/bwmarrin/discordgo"
)

// dmCommands are the commands registered globally, for direct messages
// with the bot, when the tree itself is registered per guild: those the core
// marks DirectMessage (/crisis). They are offered in bot DMs only, so that a
// guild does not list them twice. Commands with subcommands are not offered.
func (a *Adapter) dmCommands() []*discordgo.ApplicationCommand {
	a.mu.Lock()
	specs := a.specs
	a.mu.Unlock()
	dmOnly := []discordgo.InteractionContextType{discordgo.InteractionContextBotDM}
	out := []*discordgo.ApplicationCommand{}
	for _, s := range specs {
		if !s.DirectMessage || s.Sub != "" {
			continue
		}
		out = append(out, &discordgo.ApplicationCommand{
			Type: discordgo.ChatApplicationCommand, Name: strings.ToLower(s.Name),
			Description: clip(s.Description, maxCommandDesc), Options: commandOptions(s),
			Contexts: &dmOnly,
		})
	}
	return out
}
