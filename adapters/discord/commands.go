package discord

import (
	"math"
	"sort"
	"strings"

	"github.com/bwmarrin/discordgo"

	"groupwork/bot"
)

// Discord's limits on command definitions.
const (
	maxCommandDesc = 100
	maxChoices     = 25
	maxChoiceValue = 100
)

var optionTypes = map[bot.OptionType]discordgo.ApplicationCommandOptionType{
	bot.OptString: discordgo.ApplicationCommandOptionString,
	bot.OptInt:    discordgo.ApplicationCommandOptionInteger,
	bot.OptBool:   discordgo.ApplicationCommandOptionBoolean,
	bot.OptUser:   discordgo.ApplicationCommandOptionUser,
}

// commandTree turns the core's specs into Discord slash commands: a command
// with subcommands becomes one command with SUB_COMMAND options. A spec
// without a subcommand that shares its name with subcommands cannot exist
// on Discord and is left out (and logged).
func (a *Adapter) commandTree() []*discordgo.ApplicationCommand {
	a.mu.Lock()
	specs := a.specs
	a.mu.Unlock()
	byName := map[string][]bot.CommandSpec{}
	var names []string
	for _, s := range specs {
		n := strings.ToLower(s.Name)
		if _, ok := byName[n]; !ok {
			names = append(names, n)
		}
		byName[n] = append(byName[n], s)
	}
	sort.Strings(names)
	out := make([]*discordgo.ApplicationCommand, 0, len(names))
	for _, n := range names {
		group := byName[n]
		if len(group) == 1 && group[0].Sub == "" {
			s := group[0]
			out = append(out, &discordgo.ApplicationCommand{
				Type: discordgo.ChatApplicationCommand, Name: n,
				Description: clip(s.Description, maxCommandDesc), Options: commandOptions(s),
			})
			continue
		}
		var subs []*discordgo.ApplicationCommandOption
		var subNames []string
		for _, s := range group {
			if s.Sub == "" {
				a.log.Warn("command with both a plain form and subcommands; plain form not registered", "command", n)
				continue
			}
			subNames = append(subNames, s.Sub)
			subs = append(subs, &discordgo.ApplicationCommandOption{
				Type: discordgo.ApplicationCommandOptionSubCommand, Name: strings.ToLower(s.Sub),
				Description: clip(s.Description, maxCommandDesc), Options: commandOptions(s),
			})
		}
		out = append(out, &discordgo.ApplicationCommand{
			Type: discordgo.ChatApplicationCommand, Name: n,
			Description: clip(n+": "+strings.Join(subNames, ", "), maxCommandDesc), Options: subs,
		})
	}
	return out
}

// commandOptions maps option specs; Discord wants required options first.
// A command with a form registers them all as optional: Discord would
// otherwise insist on them, and the core asks with the form instead.
func commandOptions(spec bot.CommandSpec) []*discordgo.ApplicationCommandOption {
	var req, opt []*discordgo.ApplicationCommandOption
	for _, s := range spec.Options {
		o := &discordgo.ApplicationCommandOption{
			Type: optionTypes[s.Type], Name: strings.ToLower(s.Name),
			Description: clip(orDefault(s.Description, s.Name), maxCommandDesc), Required: s.Required && spec.Form == "",
		}
		switch {
		case len(s.Choices) > 0 && s.Type == bot.OptString:
			for i, c := range s.Choices {
				if i == maxChoices {
					break
				}
				o.Choices = append(o.Choices, &discordgo.ApplicationCommandOptionChoice{Name: clip(c, maxChoiceValue), Value: c})
			}
		case s.Complete != "" && s.Type == bot.OptString:
			o.Autocomplete = true
		}
		if o.Required {
			req = append(req, o)
		} else {
			opt = append(opt, o)
		}
	}
	return append(req, opt...)
}

// commandEvent turns a slash command interaction into a bot.Command. Option
// values are checked against their declared type before use: discordgo's
// accessors panic on a mismatch.
func commandEvent(in *discordgo.Interaction) (*bot.Command, error) {
	data, ok := in.Data.(discordgo.ApplicationCommandInteractionData)
	if !ok {
		return nil, bot.Errorf(bot.EInvalid, "I could not read that command.")
	}
	cmd := &bot.Command{EventMeta: meta(in), Name: strings.ToLower(data.Name), Options: map[string]bot.Option{}, Names: map[string]string{}}
	opts := data.Options
	if len(opts) == 1 && opts[0] != nil {
		switch opts[0].Type {
		case discordgo.ApplicationCommandOptionSubCommand:
			cmd.Sub, opts = strings.ToLower(opts[0].Name), opts[0].Options
		case discordgo.ApplicationCommandOptionSubCommandGroup:
			return nil, bot.Errorf(bot.EInvalid, "/%s uses a command layout I do not support. Ask your IT contact to restart the bot so that commands are registered again.", cmd.Name)
		}
	}
	for _, o := range opts {
		if o == nil {
			continue
		}
		v, t, err := optionValue(o)
		if err != nil {
			return nil, err
		}
		cmd.Options[o.Name] = bot.Option{Name: o.Name, Type: t, Value: v}
		if t == bot.OptUser {
			cmd.Names[v.(string)] = resolvedName(data.Resolved, v.(string))
		}
	}
	return cmd, nil
}

func optionValue(o *discordgo.ApplicationCommandInteractionDataOption) (any, bot.OptionType, error) {
	wrong := func() (any, bot.OptionType, error) {
		return nil, 0, bot.Errorf(bot.EInvalid, "The option %q has a value of the wrong kind. Pick it again from the command's menu.", o.Name)
	}
	switch o.Type {
	case discordgo.ApplicationCommandOptionString:
		if s, ok := o.Value.(string); ok {
			return s, bot.OptString, nil
		}
		return wrong()
	case discordgo.ApplicationCommandOptionInteger:
		f, ok := o.Value.(float64)
		if !ok || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
			return wrong()
		}
		return int64(f), bot.OptInt, nil
	case discordgo.ApplicationCommandOptionBoolean:
		if b, ok := o.Value.(bool); ok {
			return b, bot.OptBool, nil
		}
		return wrong()
	case discordgo.ApplicationCommandOptionUser:
		if s, ok := o.Value.(string); ok && s != "" {
			return s, bot.OptUser, nil
		}
		return wrong()
	}
	return nil, 0, bot.Errorf(bot.EInvalid, "The option %q is of a kind I cannot read (Discord type %d). Ask your IT contact to restart the bot so that commands are registered again.", o.Name, int(o.Type))
}

// resolvedName is the display name Discord resolved for a user option:
// the server nickname, else the global name, else the username.
func resolvedName(r *discordgo.ApplicationCommandInteractionDataResolved, id string) string {
	if r == nil {
		return ""
	}
	if m := r.Members[id]; m != nil && m.Nick != "" {
		return m.Nick
	}
	if u := r.Users[id]; u != nil {
		return userName(u)
	}
	return ""
}

func userName(u *discordgo.User) string {
	if u.GlobalName != "" {
		return u.GlobalName
	}
	return u.Username
}

// meta fills the fields every event carries. PlatformAdmin is
// informational: the core grants nothing for it.
func meta(in *discordgo.Interaction) bot.EventMeta {
	m := bot.EventMeta{DeliveryID: in.ID, Place: bot.Place{Platform: Platform, GuildID: in.GuildID, ChannelID: in.ChannelID, DM: in.GuildID == ""}}
	switch {
	case in.Member != nil && in.Member.User != nil:
		m.User = bot.User{ID: in.Member.User.ID, Name: userName(in.Member.User),
			PlatformAdmin: in.Member.Permissions&discordgo.PermissionAdministrator != 0}
		if in.Member.Nick != "" {
			m.User.Name = in.Member.Nick
		}
	case in.User != nil:
		m.User = bot.User{ID: in.User.ID, Name: userName(in.User)}
	}
	return m
}

// autocompleteChoices answers a type-4 interaction from the completion
// source of the focused option.
func (a *Adapter) autocompleteChoices(in *discordgo.Interaction) []*discordgo.ApplicationCommandOptionChoice {
	data, ok := in.Data.(discordgo.ApplicationCommandInteractionData)
	if !ok {
		return nil
	}
	sub, opts := "", data.Options
	if len(opts) == 1 && opts[0] != nil && opts[0].Type == discordgo.ApplicationCommandOptionSubCommand {
		sub, opts = opts[0].Name, opts[0].Options
	}
	var focused *discordgo.ApplicationCommandInteractionDataOption
	for _, o := range opts {
		if o != nil && o.Focused {
			focused = o
		}
	}
	a.mu.Lock()
	specs, complete := a.specs, a.complete
	a.mu.Unlock()
	if focused == nil || complete == nil {
		return []*discordgo.ApplicationCommandOptionChoice{}
	}
	prefix, _ := focused.Value.(string)
	source := ""
	for _, s := range specs {
		if strings.EqualFold(s.Name, data.Name) && strings.EqualFold(s.Sub, sub) {
			if os, ok := s.Option(focused.Name); ok {
				source = os.Complete
			}
		}
	}
	out := []*discordgo.ApplicationCommandOptionChoice{}
	if source == "" {
		return out
	}
	for _, c := range complete(source, prefix) {
		if len(out) == maxChoices {
			break
		}
		if c.ID == "" || len(c.ID) > maxChoiceValue {
			continue
		}
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: clip(orDefault(c.Label, c.ID), maxChoiceValue), Value: c.ID})
	}
	return out
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// clip cuts s to at most n characters, ending with … when cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
