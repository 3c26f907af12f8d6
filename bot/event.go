package bot

import (
	"fmt"
	"sort"
	"time"
)

// User is the person behind an event, as the platform reports them.
type User struct {
	ID   string
	Name string
	// PlatformAdmin is informational only: a server admin or workspace owner
	// gets no privilege in groupwork from it.
	PlatformAdmin bool
}

// Place is where an event happened.
type Place struct {
	Platform  string
	GuildID   string // Discord guild / Slack team; "" in the shell
	ChannelID string
	DM        bool
}

// Event is one normalised inbound event: *Command, *Action or *Submit.
type Event interface {
	// Meta returns the fields every event carries.
	Meta() *EventMeta
}

// EventMeta is common to every event. DeliveryID is the platform's id for this
// delivery (an interaction id, an envelope id); the core ignores a second
// event with the same id.
type EventMeta struct {
	DeliveryID string
	User       User
	Place      Place
}

// Meta returns m itself, so that embedding types implement Event.
func (m *EventMeta) Meta() *EventMeta { return m }

// OptionType is the type of a command option.
type OptionType int

// Option types, the intersection of what Discord and Slack can carry.
const (
	OptString OptionType = iota + 1
	OptInt
	OptBool
	OptUser
)

func (t OptionType) String() string {
	switch t {
	case OptString:
		return "text"
	case OptInt:
		return "whole number"
	case OptBool:
		return "yes/no"
	case OptUser:
		return "member"
	}
	return fmt.Sprintf("type(%d)", int(t))
}

// Option is one typed option value. Value is a string for OptString and
// OptUser (a user id), an int64 for OptInt and a bool for OptBool.
type Option struct {
	Name  string
	Type  OptionType
	Value any
}

// Command is a slash command: /group add member:@ana role:member.
type Command struct {
	EventMeta
	Name    string // "group"
	Sub     string // "add"; "" for commands without subcommands
	Options map[string]Option
	// Names maps user ids named in options to display names, when the
	// platform resolved them (Discord does; the shell does).
	Names map[string]string
}

// Path returns "group add" or "help".
func (c *Command) Path() string {
	if c.Sub == "" {
		return c.Name
	}
	return c.Name + " " + c.Sub
}

// String returns the string option name, or "" when it is absent.
// A present option of another type is an EInvalid error.
func (c *Command) String(name string) (string, error) {
	v, err := c.opt(name, OptString)
	if v == nil || err != nil {
		return "", err
	}
	return v.(string), nil
}

// UserOpt returns the user id given for option name, or "" when absent.
func (c *Command) UserOpt(name string) (string, error) {
	v, err := c.opt(name, OptUser)
	if v == nil || err != nil {
		return "", err
	}
	return v.(string), nil
}

// Int returns the integer option name and whether it was given.
func (c *Command) Int(name string) (int64, bool, error) {
	v, err := c.opt(name, OptInt)
	if v == nil || err != nil {
		return 0, false, err
	}
	return v.(int64), true, nil
}

// Bool returns the yes/no option name, false when it is absent.
func (c *Command) Bool(name string) (bool, error) {
	v, err := c.opt(name, OptBool)
	if v == nil || err != nil {
		return false, err
	}
	return v.(bool), nil
}

func (c *Command) opt(name string, t OptionType) (any, error) {
	o, ok := c.Options[name]
	if !ok {
		return nil, nil
	}
	if o.Type != t {
		return nil, Errorf(EInvalid, "The option %q should be a %s, not a %s.", name, t, o.Type)
	}
	switch o.Value.(type) {
	case string:
		if t == OptString || t == OptUser {
			return o.Value, nil
		}
	case int64:
		if t == OptInt {
			return o.Value, nil
		}
	case bool:
		if t == OptBool {
			return o.Value, nil
		}
	}
	return nil, Errorf(EInvalid, "The option %q has a value of the wrong kind.", name)
}

// OptionNames returns the option names, sorted; for logs.
func (c *Command) OptionNames() []string {
	names := make([]string, 0, len(c.Options))
	for n := range c.Options {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Action is a button press or a menu choice on a message the core sent.
type Action struct {
	EventMeta
	CustomID  string
	Values    []string // chosen menu values; empty for a button
	MessageID string
}

// Submit is a filled-in form.
type Submit struct {
	EventMeta
	CustomID string
	Fields   map[string]string
}

// Presence is a person joining or leaving a voice channel, for attendance.
// At is when the platform saw it.
type Presence struct {
	EventMeta
	VoiceChannelID string
	Joined         bool
	At             time.Time
}
