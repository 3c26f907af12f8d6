package bot_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"groupwork/bot"
)

// The engine's real command tree is parsed in core/cmdline_test.go; these
// cases check the parser against a small tree of its own, so that the
// contract is tested without the engine.

func treeRouter() *bot.Router {
	r := bot.NewRouter(nil, bot.SystemClock{})
	none := func(context.Context, *bot.Request) (bot.Reply, error) { return bot.Reply{}, nil }
	r.Command(bot.CommandSpec{Name: "help", Handle: none, Options: []bot.OptionSpec{{Name: "command", Type: bot.OptString}}})
	r.Command(bot.CommandSpec{Name: "group", Sub: "create", Handle: none, Options: []bot.OptionSpec{
		{Name: "name", Type: bot.OptString, Required: true}, {Name: "timezone", Type: bot.OptString}}})
	r.Command(bot.CommandSpec{Name: "group", Sub: "add", Handle: none, Options: []bot.OptionSpec{
		{Name: "member", Type: bot.OptUser, Required: true}, {Name: "role", Type: bot.OptString, Choices: []string{"member", "observer"}}}})
	r.Command(bot.CommandSpec{Name: "group", Sub: "keywords", Handle: none, Options: []bot.OptionSpec{
		{Name: "action", Type: bot.OptString, Required: true}, {Name: "keyword", Type: bot.OptString, Rest: true}}})
	r.Command(bot.CommandSpec{Name: "alerts", Sub: "ack", Handle: none, Options: []bot.OptionSpec{
		{Name: "id", Type: bot.OptInt, Required: true}, {Name: "all", Type: bot.OptBool}}})
	return r
}

func resolve(tok string) (string, string, bool) {
	if name, ok := strings.CutPrefix(tok, "@"); ok && name != "" {
		return "id-" + strings.ToLower(name), name, true
	}
	return "", "", false
}

func TestParseCommandLineAgainstATree(t *testing.T) {
	r := treeRouter()
	cases := []struct {
		line string
		want string // "path opt=value …" or an error fragment starting with "!"
	}{
		{"/help", "help"},
		{"help group", "help command=group"},
		{`/group create "Tuesday group" Europe/Berlin`, "group create name=Tuesday group timezone=Europe/Berlin"},
		{`/group create name:'Quoted one' timezone:UTC`, "group create name=Quoted one timezone=UTC"},
		{`/group create “Smart quotes”`, "group create name=Smart quotes"},
		{`/group keywords add don't want to live, can't go on`, "group keywords action=add keyword=don't want to live, can't go on"},
		{"/GROUP ADD @Bo observer", "group add member=id-bo role=observer"},
		{"/alerts ack 7 all:yes", "alerts ack all=yes id=7"},
		{"/frobnicate", `!I don't know the command "frobnicate"`},
		{"/group", "!/group needs one of: add, create, keywords"},
		{"/group explode", `!/group has no "explode"`},
		{"/group add Ana", `!I don't know who "Ana" is`},
		{"/group add @Ana member extra", `!I did not understand "extra"`},
		{`/group create "unclosed`, "!A quote is not closed"},
		{"", "!Type a command"},
	}
	for _, tc := range cases {
		t.Run(tc.line, func(t *testing.T) {
			c, err := r.ParseCommandLine(tc.line, resolve)
			if want, isErr := strings.CutPrefix(tc.want, "!"); isErr {
				if err == nil || !strings.Contains(bot.ErrorMessage(err), want) || bot.ErrorCode(err) != bot.EInvalid {
					t.Fatalf("got %v, want error containing %q", err, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := c.Path()
			for _, n := range c.OptionNames() {
				switch v := c.Options[n].Value.(type) {
				case string:
					got += " " + n + "=" + v
				case int64:
					got += " " + n + "=" + strconv.FormatInt(v, 10)
				case bool:
					got += " " + n + "=" + map[bool]string{true: "yes", false: "no"}[v]
				}
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
