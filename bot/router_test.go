package bot_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"groupwork/bot"
)

func newRouter(t *testing.T, log *bytes.Buffer) *bot.Router {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	r := bot.NewRouter(logger, bot.NewManualClock(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)))
	r.Use(bot.Recover(logger), bot.Log(logger, bot.SystemClock{}))
	r.Command(bot.CommandSpec{Name: "boom", Handle: func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
		panic("secret-panic-value")
	}})
	r.Command(bot.CommandSpec{Name: "slow", Timeout: 20 * time.Millisecond, Handle: func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
		<-ctx.Done() // a handler doing I/O returns when its context ends
		return bot.Reply{}, ctx.Err()
	}})
	r.Command(bot.CommandSpec{Name: "fail", Handle: func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
		return bot.Reply{}, errors.New("disk on fire: secret-internal-detail")
	}})
	r.Command(bot.CommandSpec{Name: "pick", Sub: "one", Options: []bot.OptionSpec{
		{Name: "n", Type: bot.OptInt, Required: true, Description: "a number"},
		{Name: "color", Type: bot.OptString, Choices: []string{"red", "blue"}},
		{Name: "who", Type: bot.OptUser},
	}, Handle: func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
		n, _, err := req.Cmd.Int("n")
		if err != nil {
			return bot.Reply{}, err
		}
		c, _ := req.Cmd.String("color")
		w, _ := req.Cmd.UserOpt("who")
		return bot.PrivateText(strings.Join([]string{strconv.Itoa(int(n)), c, w}, "|")), nil
	}})
	return r
}

func cmd(name, sub string, opts ...bot.Option) *bot.Command {
	c := &bot.Command{Name: name, Sub: sub, Options: map[string]bot.Option{}}
	for _, o := range opts {
		c.Options[o.Name] = o
	}
	return c
}

func TestRouterErrors(t *testing.T) {
	var log bytes.Buffer
	r := newRouter(t, &log)
	cases := []struct {
		name string
		ev   bot.Event
		want string
	}{
		{"panic is recovered", cmd("boom", ""), "something went wrong on our side"},
		{"timeout", cmd("slow", ""), "something went wrong on our side"},
		{"internal error is generic", cmd("fail", ""), "(reference "},
		{"unknown command", cmd("nope", ""), `I don't know the command "nope"`},
		{"unknown subcommand", cmd("pick", "two"), `I don't know the command "pick two"`},
		{"missing required", cmd("pick", "one"), "/pick one needs a n (a number)"},
		{"wrong type", cmd("pick", "one", bot.Option{Name: "n", Type: bot.OptString, Value: "3"}), `The option "n" of /pick one should be a whole number`},
		{"type tag lies about value", cmd("pick", "one", bot.Option{Name: "n", Type: bot.OptInt, Value: "3"}), `The option "n" has a value of the wrong kind`},
		{"unknown option", cmd("pick", "one", bot.Option{Name: "n", Type: bot.OptInt, Value: int64(1)}, bot.Option{Name: "x", Type: bot.OptInt, Value: int64(1)}), `/pick one has no option "x"`},
		{"choice not allowed", cmd("pick", "one", bot.Option{Name: "n", Type: bot.OptInt, Value: int64(1)}, bot.Option{Name: "color", Type: bot.OptString, Value: "green"}), `"green" is not a valid color`},
		{"ok", cmd("pick", "one", bot.Option{Name: "n", Type: bot.OptInt, Value: int64(7)}, bot.Option{Name: "color", Type: bot.OptString, Value: "red"}, bot.Option{Name: "who", Type: bot.OptUser, Value: "u1"}), "7|red|u1"},
		{"bad custom id", &bot.Action{CustomID: "xx:yy"}, "That button is no longer in use"},
		{"unregistered kind", &bot.Action{CustomID: "gw:zap:1::"}, "That button is no longer in use"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rep := r.Handle(context.Background(), tc.ev)
			if text, _ := bot.Render(rep.Message); !strings.Contains(text, tc.want) || !rep.Private {
				t.Errorf("got %q (private %v), want it to contain %q", text, rep.Private, tc.want)
			}
		})
	}
	logged := log.String()
	for _, want := range []string{"handler panicked", "secret-panic-value", "disk on fire"} {
		if !strings.Contains(logged, want) {
			t.Errorf("log lacks %q", want)
		}
	}
}

// TestRouterRefusesDuplicates: a command path or an action kind registered
// twice is a programming error, caught when the bot is built.
func TestRouterRefusesDuplicates(t *testing.T) {
	h := func(context.Context, *bot.Request, bot.CustomID) (bot.Reply, error) { return bot.Reply{}, nil }
	for name, register := range map[string]func(r *bot.Router){
		"command": func(r *bot.Router) { r.Command(bot.CommandSpec{Name: "pick", Sub: "one"}) },
		"action":  func(r *bot.Router) { r.Action("zap", h); r.Action("zap", h) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("registering twice did not panic")
				}
			}()
			register(newRouter(t, &bytes.Buffer{}))
		})
	}
	r := newRouter(t, &bytes.Buffer{})
	r.Action("zap", h)
	r.Action("ans", h)
	if got := r.Kinds(); !slices.Equal(got, []string{"ans", "zap"}) {
		t.Errorf("Kinds() = %v", got)
	}
}
