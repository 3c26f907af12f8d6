package slack

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"groupwork/adapters/slack/slacktest"
	"groupwork/bot"
)

// TestRateLimitRetryAfter: with the adapter's own queue off, the fake's
// 429s are waited out (Retry-After) and every post arrives, none lost.
func TestRateLimitRetryAfter(t *testing.T) {
	t.Parallel()
	e := newEnv(t, false, func(c *Config) { c.ChannelInterval, c.ChannelBurst = time.Millisecond, 100 })
	e.fake.SetPostLimit(time.Second, 1)
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := e.a.Post(context.Background(), e.channel, bot.Message{Text: fmt.Sprintf("post %d", i)})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("a post failed instead of waiting: %v", err)
		}
	}
	if n := len(e.fake.Messages(e.channel)); n != 3 {
		t.Errorf("%d posts arrived, want 3", n)
	}
	if e.fake.RateLimited() == 0 {
		t.Errorf("the fake never answered 429: the test did not test Retry-After")
	}
}

// TestChannelQueue: a fan-out into one channel waits its turn in the
// adapter's queue instead of meeting Slack's limit, and a person's slash
// command is answered while the fan-out is still queued.
func TestChannelQueue(t *testing.T) {
	t.Parallel()
	e := newEnv(t, false)
	d := &driver{e: e, last: map[string]*slacktest.Exchange{}, joined: map[string]bool{}}
	const n = 6 // burst 2, then one a second
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := e.a.Post(context.Background(), e.channel, bot.Message{Text: fmt.Sprintf("reminder %d", i)})
			errs <- err
		}()
	}
	s := d.Do(t, "Tess", "/help")
	if !s.Has("/groupwork help") {
		t.Errorf("help while a fan-out is queued: %+v", s)
	}
	if posted := len(e.fake.Messages(e.channel)); posted == n {
		t.Logf("the fan-out finished before the reply (a slow machine); the ordering was not observed")
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("post failed: %v", err)
		}
	}
	if got := len(e.fake.Messages(e.channel)); got != n {
		t.Errorf("%d of %d posts arrived", got, n)
	}
	if e.fake.RateLimited() != 0 {
		t.Errorf("the queue let %d posts meet Slack's limit", e.fake.RateLimited())
	}
}

// TestSocketModeReconnects: Slack's "disconnect" is followed by a new
// connection, and commands keep working.
func TestSocketModeReconnects(t *testing.T) {
	t.Parallel()
	e := newEnv(t, false)
	d := &driver{e: e, last: map[string]*slacktest.Exchange{}, joined: map[string]bool{}}
	e.fake.Disconnect("refresh_requested")
	e.fake.WaitConnected(t, 2)
	if s := d.Do(t, "Tess", "/help"); !s.Has("groupwork") || !s.Private {
		t.Errorf("help after reconnecting: %+v", s)
	}
	e.fake.DropConnections()
	e.fake.WaitConnected(t, 3)
	if s := d.Do(t, "Tess", "/help"); !s.Has("groupwork") {
		t.Errorf("help after a dropped connection: %+v", s)
	}
}

// TestCrisisInADirectMessage: /groupwork crisis works in a DM with the bot.
func TestCrisisInADirectMessage(t *testing.T) {
	t.Parallel()
	e := newEnv(t, false)
	d := &driver{e: e, last: map[string]*slacktest.Exchange{}, joined: map[string]bool{}}
	ana := e.fake.User("Ana")
	dm, err := e.a.openDM(context.Background(), ana.ID)
	if err != nil {
		t.Fatal(err)
	}
	e.channel = dm
	d.joined[ana.ID] = true
	s := d.Do(t, "Ana", "/crisis")
	if !s.Private || !s.Has("emergency") {
		t.Errorf("crisis in a DM: %+v", s)
	}
}

// TestPostUploadEditFind: an image goes through the external upload flow;
// Edit uses chat.update; FindPost finds a prompt by its button ids.
func TestPostUploadEditFind(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	ctx := context.Background()
	m := bot.Message{Text: "Weekly chart", Blocks: []bot.Block{
		&bot.Buttons{Choices: []bot.Choice{{ID: "gw:start:7:s:", Label: "Start"}}},
		&bot.Image{Name: "chart.png", PNG: []byte("\x89PNG fake"), Alt: "bars"},
	}}
	ref, err := e.a.Post(ctx, e.channel, m)
	if err != nil {
		t.Fatal(err)
	}
	var done bool
	for _, u := range e.fake.Uploads() {
		done = done || (u.Filename == "chart.png" && u.Completed && u.Channel == e.channel && string(u.Data) == "\x89PNG fake")
	}
	if !done {
		t.Errorf("the image was not shared through files.getUploadURLExternal/completeUploadExternal: %+v", e.fake.Uploads())
	}
	found, ok, err := e.a.FindPost(ctx, e.channel, bot.Message{Blocks: []bot.Block{&bot.Buttons{Choices: []bot.Choice{{ID: "gw:start:7:s:", Label: "Start"}}}}})
	if err != nil || !ok || found.MessageID != ref.MessageID {
		t.Errorf("FindPost: %+v %v %v, want %s", found, ok, err, ref.MessageID)
	}
	if _, ok, _ := e.a.FindPost(ctx, e.channel, bot.Message{Blocks: []bot.Block{&bot.Buttons{Choices: []bot.Choice{{ID: "gw:start:8:s:"}}}}}); ok {
		t.Errorf("FindPost found a prompt that was never posted")
	}
	if err := e.a.Edit(ctx, ref, bot.Message{Text: "closed <!here>"}); err != nil {
		t.Fatal(err)
	}
	got := e.fake.Message(e.channel, ref.MessageID)
	if got == nil || got.Edits != 1 || !strings.Contains(got.AllText(), "closed &lt;!here&gt;") || len(got.Actions()) != 0 {
		t.Errorf("edited message: %+v", got)
	}
}

// TestRefusedToken: Run stops with ErrUnauthorized.
func TestRefusedToken(t *testing.T) {
	t.Parallel()
	f := slacktest.New(t)
	a, err := New(Config{BotToken: "xoxb-wrong", AppToken: f.AppToken(), APIURL: f.APIURL(), TeamIDs: []string{slacktest.TeamID}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	a.SetCommands(bot.NewRouter(nil, bot.SystemClock{}))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := a.Run(ctx, bot.HandlerFunc(func(context.Context, bot.Event) bot.Reply { return bot.Reply{} })); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("Run with a wrong token: %v", err)
	}
}
