package core_test

import (
	"strconv"
	"strings"
	"testing"

	"groupwork/bot"
	"groupwork/core/coretest"
)

func resolver(tok string) (string, string, bool) {
	if name, ok := strings.CutPrefix(tok, "@"); ok && name != "" {
		return "id-" + strings.ToLower(name), name, true
	}
	if strings.HasPrefix(tok, "<@") && strings.HasSuffix(tok, ">") {
		return tok[2 : len(tok)-1], tok, true
	}
	return "", "", false
}

func TestParseCommandLine(t *testing.T) {
	h := coretest.NewBot(t)
	r := h.Bot.Router()
	cases := []struct {
		line string
		want string // "path opt=value …" or an error fragment starting with "!"
	}{
		{"/help", "help"},
		{"help exercise", "help command=exercise"},
		{`/group create "Tuesday group" Europe/Berlin`, "group create name=Tuesday group timezone=Europe/Berlin"},
		{`/group create name:'Quoted one' timezone:UTC`, "group create name=Quoted one timezone=UTC"},
		{`/group create “Smart quotes”`, "group create name=Smart quotes"},
		{`/group keywords add don't want to live, can't go on`, "group keywords action=add keyword=don't want to live, can't go on"},
		{"/group add @Ana co-therapist", "group add member=id-ana role=co-therapist"},
		{"/group add role:observer <@U123>", "group add member=U123 role=observer"},
		{"/GROUP ADD @Bo", "group add member=id-bo"},
		{"/exercise start mood-checkin", "exercise start exercise=mood-checkin"},
		{"/frobnicate", `!I don't know the command "frobnicate"`},
		{"/group", "!/group needs one of: add, "}, // the list grows with every group subcommand,
		{"/group explode", `!/group has no "explode"`},
		{"/group add Ana", `!I don't know who "Ana" is`},
		{"/group add @Ana member extra", `!I did not understand "extra"`},
		{"/group add @Ana role:member role:observer", `!The option "role" is given twice`},
		{`/group create "unclosed`, "!A quote is not closed"},
		{"", "!Type a command"},
		{"/" + strings.Repeat("a", bot.MaxCommandLine), "!That command is too long"},
		{"/help \xff", "!characters I cannot read"},
	}
	for _, tc := range cases {
		t.Run(tc.line, func(t *testing.T) {
			c, err := r.ParseCommandLine(tc.line, resolver)
			if strings.HasPrefix(tc.want, "!") {
				if err == nil || !strings.Contains(bot.ErrorMessage(err), tc.want[1:]) || bot.ErrorCode(err) != bot.EInvalid {
					t.Fatalf("got %v, want error containing %q", err, tc.want[1:])
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := c.Path()
			for _, n := range c.OptionNames() {
				got += " " + n + "=" + toString(c.Options[n].Value)
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func toString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case int64:
		return strconv.Itoa(int(v))
	case bool:
		if v {
			return "yes"
		}
		return "no"
	}
	return "?"
}

// FuzzParseCommandLine: typed command text comes from outside (the shell
// today, Slack next); parsing must never panic, and a parsed command must
// pass the router's own option checks' type expectations.
func FuzzParseCommandLine(f *testing.F) {
	for _, s := range []string{
		"/help", `/group create "Tuesday group" Europe/Berlin`, "/group add @Ana co-therapist",
		"/group add role:observer <@U123>", "/exercise start mood-checkin", `/group create “x”`,
		"/privacy accept", "/review member @Bo", `"`, "/group add @", "/a:b:c", "\x00/help",
	} {
		f.Add(s)
	}
	h := coretest.NewBot(f)
	r := h.Bot.Router()
	f.Fuzz(func(t *testing.T, line string) {
		c, err := r.ParseCommandLine(line, resolver)
		if err != nil {
			if bot.ErrorCode(err) != bot.EInvalid || bot.ErrorMessage(err) == "" {
				t.Fatalf("parse errors must be EInvalid with a sentence: %v", err)
			}
			return
		}
		spec, ok := r.Spec(c.Name, c.Sub)
		if !ok {
			t.Fatalf("parsed to an unknown command %q", c.Path())
		}
		for name, o := range c.Options {
			os, ok := spec.Option(name)
			if !ok || os.Type != o.Type {
				t.Fatalf("option %q does not match its spec", name)
			}
		}
	})
}
