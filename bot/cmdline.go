package bot

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxCommandLine bounds a typed command line; longer input is refused before
// it is parsed.
const MaxCommandLine = 4000

// UserResolver turns a typed reference to a person (@Ana, <@U123>) into a
// user id and display name.
type UserResolver func(token string) (id, name string, ok bool)

// ParseCommandLine parses a command typed as text — "/group add @ana role:member"
// — against the router's specs, for platforms without native typed commands
// (the shell, Slack). Options may be given by position, in the spec's order,
// or as name:value; quotes group words. Every error is an EInvalid *Error with
// a sentence that says what to type instead.
func (r *Router) ParseCommandLine(line string, resolve UserResolver) (*Command, error) {
	if len(line) > MaxCommandLine {
		return nil, Errorf(EInvalid, "That command is too long (%d characters; at most %d).", len(line), MaxCommandLine)
	}
	if !utf8.ValidString(line) {
		return nil, Errorf(EInvalid, "That command contains characters I cannot read.")
	}
	toks, err := tokenize(strings.TrimPrefix(strings.TrimSpace(line), "/"))
	if err != nil {
		return nil, err
	}
	if len(toks) == 0 {
		return nil, Errorf(EInvalid, "Type a command, for example /help.")
	}
	name := strings.ToLower(toks[0])
	toks = toks[1:]
	spec, ok := r.Spec(name, "")
	if !ok {
		subs := r.subcommands(name)
		if len(subs) == 0 {
			return nil, unknownCommand(name)
		}
		if len(toks) == 0 {
			return nil, Errorf(EInvalid, "/%s needs one of: %s.", name, strings.Join(subs, ", "))
		}
		sub := strings.ToLower(toks[0])
		if spec, ok = r.Spec(name, sub); !ok {
			return nil, Errorf(EInvalid, "/%s has no %q. Use one of: %s.", name, sub, strings.Join(subs, ", "))
		}
		toks = toks[1:]
	}
	cmd := &Command{Name: spec.Name, Sub: spec.Sub, Options: map[string]Option{}, Names: map[string]string{}}
	pos := 0
	var rest *OptionSpec // a Rest option given by position: it takes the words after it
	for _, tok := range toks {
		var os *OptionSpec
		val := tok
		if k, v, named := strings.Cut(tok, ":"); named && !strings.HasPrefix(tok, "<") {
			if os, ok = spec.Option(strings.ToLower(k)); ok {
				val = v
			}
		}
		if os == nil && rest != nil { // a Rest option takes every later word not given by name
			o := cmd.Options[rest.Name]
			o.Value = o.Value.(string) + " " + tok
			cmd.Options[rest.Name] = o
			continue
		}
		if os == nil {
			for pos < len(spec.Options) {
				if _, taken := cmd.Options[spec.Options[pos].Name]; !taken {
					break
				}
				pos++
			}
			if pos >= len(spec.Options) {
				return nil, Errorf(EInvalid, "/%s takes %s; I did not understand %q.", spec.Path(), optionUsage(spec), tok)
			}
			os = &spec.Options[pos]
			if os.Rest && os.Type == OptString {
				rest = os
			}
		}
		if _, dup := cmd.Options[os.Name]; dup {
			return nil, Errorf(EInvalid, "The option %q is given twice.", os.Name)
		}
		o, err := parseOption(os, val, resolve, cmd.Names)
		if err != nil {
			return nil, err
		}
		cmd.Options[os.Name] = o
	}
	return cmd, nil
}

func parseOption(os *OptionSpec, val string, resolve UserResolver, names map[string]string) (Option, error) {
	o := Option{Name: os.Name, Type: os.Type}
	switch os.Type {
	case OptString:
		o.Value = val
	case OptInt:
		n, err := strconv.ParseInt(val, 10, 64)
		if err != nil {
			return o, Errorf(EInvalid, "The option %q should be a whole number, like 3; %q is not.", os.Name, val)
		}
		o.Value = n
	case OptBool:
		switch strings.ToLower(val) {
		case "yes", "true", "on", "y":
			o.Value = true
		case "no", "false", "off", "n":
			o.Value = false
		default:
			return o, Errorf(EInvalid, "The option %q should be yes or no.", os.Name)
		}
	case OptUser:
		if resolve == nil {
			return o, Errorf(EInvalid, "I cannot look up people here.")
		}
		id, name, ok := resolve(val)
		if !ok {
			return o, Errorf(EInvalid, "I don't know who %q is. Mention the person, like @name.", val)
		}
		o.Value = id
		names[id] = name
	}
	return o, nil
}

func (r *Router) subcommands(name string) []string {
	var subs []string
	for _, s := range r.specs {
		if s.Name == name && s.Sub != "" {
			subs = append(subs, s.Sub)
		}
	}
	sort.Strings(subs)
	return subs
}

func optionUsage(spec *CommandSpec) string {
	if len(spec.Options) == 0 {
		return "no options"
	}
	var parts []string
	for _, o := range spec.Options {
		if o.Required {
			parts = append(parts, "<"+o.Name+">")
		} else {
			parts = append(parts, "["+o.Name+"]")
		}
	}
	return strings.Join(parts, " ")
}

// tokenize splits on spaces, keeping "double" or 'single' quoted words together;
// a ' inside a word (don't) is an apostrophe, not a quote.
func tokenize(s string) ([]string, error) {
	var toks []string
	var cur strings.Builder
	var quote rune
	inTok := false
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '\'' && inTok && !strings.HasSuffix(cur.String(), ":"):
			cur.WriteRune(r) // an apostrophe inside a word (don't), not a quote
		case r == '"' || r == '\'' || r == '“' || r == '”':
			if r == '“' || r == '”' {
				r = '”'
			}
			quote, inTok = r, true
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
			if inTok {
				toks = append(toks, cur.String())
				cur.Reset()
				inTok = false
			}
		default:
			cur.WriteRune(r)
			inTok = true
		}
	}
	if quote != 0 {
		return nil, Errorf(EInvalid, "A quote is not closed. Put a matching quote at the end of the text.")
	}
	if inTok {
		toks = append(toks, cur.String())
	}
	return toks, nil
}
