package discord_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"groupwork/adapters/discord/discordtest"
	"groupwork/bot"
)

// registered reads the command tree the adapter registered on the fake for
// guildID ("" for the global, direct-message commands), by "name sub".
func registered(t *testing.T, e *env, guildID string) map[string][]*discordgo.ApplicationCommandOption {
	t.Helper()
	out := map[string][]*discordgo.ApplicationCommandOption{}
	for _, raw := range e.fake.Commands(guildID) {
		var c discordgo.ApplicationCommand
		if err := json.Unmarshal(raw, &c); err != nil {
			t.Fatalf("registered command: %v\n%s", err, raw)
		}
		if len(c.Options) > 0 && c.Options[0].Type == discordgo.ApplicationCommandOptionSubCommand {
			for _, sub := range c.Options {
				out[c.Name+" "+sub.Name] = sub.Options
			}
			continue
		}
		out[c.Name] = c.Options
	}
	return out
}

var discordTypes = map[bot.OptionType]discordgo.ApplicationCommandOptionType{
	bot.OptString: discordgo.ApplicationCommandOptionString,
	bot.OptInt:    discordgo.ApplicationCommandOptionInteger,
	bot.OptBool:   discordgo.ApplicationCommandOptionBoolean,
	bot.OptUser:   discordgo.ApplicationCommandOptionUser,
}

// TestRegistrationIsMadeFromTheCommandTable: every command and subcommand
// of the core's table reaches Discord with its options (type, required,
// choices, autocomplete), nothing else is registered, and the commands
// that work in a direct message are registered globally too.
func TestRegistrationIsMadeFromTheCommandTable(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	specs := e.bot.Router().Specs()
	guild := registered(t, e, discordtest.GuildID)
	global := registered(t, e, "")
	var dm []string
	for _, s := range specs {
		opts, ok := guild[s.Path()]
		if !ok {
			t.Errorf("/%s is not registered", s.Path())
			continue
		}
		delete(guild, s.Path())
		checkOptions(t, s, opts)
		if s.DirectMessage {
			dm = append(dm, s.Path())
			if gopts, ok := global[s.Path()]; !ok {
				t.Errorf("/%s works in a direct message but is not registered globally", s.Path())
			} else {
				checkOptions(t, s, gopts)
			}
		}
	}
	for path := range guild {
		t.Errorf("/%s is registered but not in the command table", path)
	}
	for path := range global {
		if !slices.Contains(dm, path) {
			t.Errorf("/%s is registered globally but does not work in a direct message", path)
		}
	}
	if len(dm) == 0 {
		t.Error("no command works in a direct message; /crisis should")
	}
}

func checkOptions(t *testing.T, s bot.CommandSpec, got []*discordgo.ApplicationCommandOption) {
	t.Helper()
	if len(got) != len(s.Options) {
		t.Errorf("/%s: %d options registered, %d declared", s.Path(), len(got), len(s.Options))
	}
	for _, o := range s.Options {
		i := slices.IndexFunc(got, func(g *discordgo.ApplicationCommandOption) bool { return g.Name == strings.ToLower(o.Name) })
		if i < 0 {
			t.Errorf("/%s: option %q not registered", s.Path(), o.Name)
			continue
		}
		g := got[i]
		var choices []string
		for _, c := range g.Choices {
			choices = append(choices, c.Name)
		}
		// A command with a form takes its options as optional: the core
		// asks for what is missing with the form.
		required := o.Required && s.Form == ""
		if g.Type != discordTypes[o.Type] || g.Required != required || g.Autocomplete != (o.Complete != "" && len(o.Choices) == 0) || !slices.Equal(choices, o.Choices) {
			t.Errorf("/%s: option %q registered as type %d required %v autocomplete %v choices %v; declared %+v",
				s.Path(), o.Name, g.Type, g.Required, g.Autocomplete, choices, o)
		}
	}
}
