package core

import "groupwork/bot"

// CommandTable and ActionKinds open the tables of commands.go to the
// external tests.
func CommandTable(b *Bot) []bot.CommandSpec { return b.commandTable() }

// ActionKinds returns the kinds of the action table, in table order.
func ActionKinds(b *Bot) []string {
	var out []string
	for _, a := range b.actionTable() {
		out = append(out, a.kind)
	}
	return out
}
