package bot_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/core/coretest"
)

func newRouter(t *testing.T, log *bytes.Buffer) *bot.Router {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	r := bot.NewRouter(logger, coretest.NewClock(coretest.Start))
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
			if text := coretest.Text(rep); !strings.Contains(text, tc.want) || !rep.Private {
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

// TestLogsCarryNoContent runs a member through an exercise with a debug log
// and checks nothing they wrote or chose appears in it.
func TestLogsCarryNoContent(t *testing.T) {
	var log bytes.Buffer
	h := coretest.NewBot(t, coretest.WithLog(&log))
	h.Do("Tess", `/group create "Sentinel-Group-Name"`)
	h.Do("Tess", "/group add @Ana")
	h.Do("Ana", "/privacy accept")
	h.Do("Tess", "/exercise start session-reflection")
	h.Press("Ana", "Start")
	h.Press("Ana", "4")
	h.Fill("Ana", "Write my answer", "SENTINEL-answer-text")
	h.Do("Tess", "/review member @Ana")
	if !strings.Contains(log.String(), "command review member") {
		t.Fatalf("the log should record handled commands:\n%s", log.String())
	}
	for _, secret := range []string{"SENTINEL-answer-text", "Sentinel-Group-Name"} {
		if strings.Contains(log.String(), secret) {
			t.Errorf("the log contains %q:\n%s", secret, log.String())
		}
	}
}
