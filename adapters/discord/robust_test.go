package discord_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"groupwork/adapters/adaptertest"
	"groupwork/adapters/discord"
	"groupwork/adapters/discord/discordtest"
	"groupwork/bot"
)

// TestGatewayDropMidExercise cuts the gateway while a member is answering:
// the press sent meanwhile is replayed on resume and answered in time;
// nothing is lost and nothing is posted twice.
func TestGatewayDropMidExercise(t *testing.T) {
	d := newDriver(t, adaptertest.Options{}).(*driver)
	f := d.e.fake
	d.Do(t, "Tess", `/group create "Tuesday group"`)
	d.Do(t, "Tess", "/group add @Ana")
	d.Do(t, "Ana", "/privacy accept")
	d.Do(t, "Tess", "/exercise start mood-checkin")
	must(t, "start", d.Press(t, "Ana", "Start"), "How has your mood been")

	f.DropGateway()
	// dispatched while no client is connected: kept for the resume
	must(t, "press during the drop", d.Press(t, "Ana", "8"), "How has your energy been")
	must(t, "after resume", d.Press(t, "Ana", "5"), "Which strategy helped")
	d.Press(t, "Ana", "Asked for help")
	d.Press(t, "Ana", "Skip this question")

	identifies, resumes := f.GatewayStats()
	if identifies != 1 || resumes < 1 {
		t.Errorf("identifies %d, resumes %d: want one session, resumed", identifies, resumes)
	}
	if v := f.Violations(); len(v) > 0 {
		t.Errorf("platform rules broken: %q", v)
	}
	for _, ex := range f.Responses() {
		if s := ex.State(); s.Deliveries != 1 || len(s.Rejected) > 0 {
			t.Errorf("interaction %s: %d deliveries, refused callbacks %v", ex.ID, s.Deliveries, s.Rejected)
		}
	}
	posts := f.Messages(discordtest.GroupChannelID)
	if n := countWith(posts, "Press **Start**"); n != 1 {
		t.Errorf("%d prompts, want 1", n)
	}
	rv := d.Do(t, "Tess", "/review member @Ana")
	for _, v := range []string{`\b8\b`, `\b5\b`} {
		if !regexp.MustCompile(v).MatchString(rv.Text) {
			t.Errorf("the answers given around the drop are missing (%s):\n%s", v, rv.Text)
		}
	}
}

func countWith(ms []discordtest.Message, frag string) int {
	n := 0
	for _, m := range ms {
		if strings.Contains(m.Content, frag) {
			n++
		}
	}
	return n
}

// slowHandler answers commands named "fast" at once (with a button "Go"),
// a press of a form's own id at once with that form (as the core does when
// this person may answer), and everything else only when the test sends a
// reply on release.
type slowHandler struct {
	release chan bot.Reply
}

func (h *slowHandler) Handle(ctx context.Context, ev bot.Event) bot.Reply {
	if c, ok := ev.(*bot.Command); ok && c.Name == "fast" {
		return bot.Reply{Private: true, Message: &bot.Message{Text: "ready", Blocks: []bot.Block{
			&bot.Buttons{Choices: []bot.Choice{{ID: "gw:x:1:s:go", Label: "Go"}}},
		}}}
	}
	if a, ok := ev.(*bot.Action); ok && strings.HasPrefix(a.CustomID, "gw:text:") {
		return bot.Reply{Form: &bot.Form{CustomID: a.CustomID, Title: "Your note", Fields: []bot.Field{{ID: "answer", Label: "Note"}}}}
	}
	select {
	case r := <-h.release:
		return r
	case <-ctx.Done():
		return bot.Reply{}
	}
}

func TestDeferredReplies(t *testing.T) {
	t.Parallel()
	h := &slowHandler{release: make(chan bot.Reply)}
	e := newEnv(t, h, withAckAfter(50*time.Millisecond))
	f := e.fake
	deferred := func(ex *discordtest.Exchange, typ int) {
		t.Helper()
		s := ex.Wait(t, "a deferral", func(s discordtest.State) bool { return s.Callback != nil })
		if s.Callback.Type != typ {
			t.Fatalf("callback type %d, want %d", s.Callback.Type, typ)
		}
	}

	t.Run("private command reply", func(t *testing.T) {
		ex := f.Command("Tess", "slow")
		deferred(ex, 5)
		if ex.State().Callback.Flags&64 == 0 {
			t.Errorf("a command is deferred ephemerally")
		}
		h.release <- bot.PrivateText("slow answer")
		s := ex.Settled(t)
		if s.Original.Content != "slow answer" || !s.Original.Ephemeral() {
			t.Errorf("follow-up: %+v", s.Original)
		}
	})
	t.Run("public command reply", func(t *testing.T) {
		ex := f.Command("Tess", "slow")
		deferred(ex, 5)
		h.release <- bot.Reply{Message: &bot.Message{Text: "for everyone"}}
		s := ex.Wait(t, "the public follow-up", func(s discordtest.State) bool { return len(s.Followups) == 1 })
		if !s.Original.Ephemeral() || s.Followups[0].Ephemeral() || s.Followups[0].Content != "for everyone" {
			t.Errorf("placeholder %+v, follow-up %+v", s.Original, s.Followups[0])
		}
	})
	t.Run("update after a deferred component", func(t *testing.T) {
		ready := f.Command("Tess", "fast").Settled(t).Original
		ex := f.Press("Tess", *ready, "gw:x:1:s:go")
		deferred(ex, 6)
		h.release <- bot.Reply{Private: true, Update: true, Message: &bot.Message{Text: "updated in place"}}
		s := ex.Wait(t, "the edit", func(s discordtest.State) bool { return s.Original != nil })
		if s.Original.ID != ready.ID || s.Original.Content != "updated in place" || len(s.Original.Components) != 0 {
			t.Errorf("source message after edit: %+v", s.Original)
		}
	})
	t.Run("form after a deferral", func(t *testing.T) {
		ready := f.Command("Tess", "fast").Settled(t).Original
		ex := f.Press("Tess", *ready, "gw:x:1:s:go")
		deferred(ex, 6)
		h.release <- bot.Reply{Form: &bot.Form{CustomID: "gw:text:1:s:", Title: "Your note", Fields: []bot.Field{{ID: "answer", Label: "Note"}}}}
		s := ex.Wait(t, "a form button", func(s discordtest.State) bool { return len(s.Followups) == 1 })
		msg := s.Followups[0]
		if !msg.Ephemeral() || len(msg.Components) != 1 {
			t.Fatalf("follow-up: %+v", msg)
		}
		btn := msg.Components[0].Components[0]
		open := f.Press("Tess", msg, btn.CustomID).Settled(t)
		if open.Modal == nil || open.Modal.Title != "Your note" || open.Modal.Inputs[0].Required == nil {
			t.Errorf("modal: %+v", open.Modal)
		}
	})
	if v := f.Violations(); len(v) > 0 {
		t.Errorf("platform rules broken: %q", v)
	}
}

// bigHandler answers every event with a message far over Discord's limits.
func bigMessage() *bot.Message {
	var buttons, options []bot.Choice
	for i := range 12 {
		buttons = append(buttons, bot.Choice{ID: fmt.Sprint("gw:ans:1:s:", i), Label: fmt.Sprint(i)})
	}
	for i := range 30 {
		options = append(options, bot.Choice{ID: fmt.Sprint(i), Label: fmt.Sprint("option ", i)})
	}
	return &bot.Message{Text: strings.Repeat("A long line of text for the group.\n", 130), Key: "big-1", Blocks: []bot.Block{
		&bot.Buttons{Choices: buttons},
		&bot.Select{CustomID: "gw:pick:1:s:", Choices: options, Min: 1, Max: 1},
		&bot.Image{Name: "chart.png", PNG: []byte("\x89PNG fake")},
	}}
}

func TestLongRepliesAndPostsStayWithinLimits(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bot.HandlerFunc(func(context.Context, bot.Event) bot.Reply {
		return bot.Reply{Private: true, Message: bigMessage()}
	}))
	e.fake.Command("Tess", "big").Settled(t)
	s := e.fake.Responses()[0].Wait(t, "the rest of the reply", func(s discordtest.State) bool { return len(s.Shown()) == 3 })
	shown := s.Shown()
	rows := 0
	for _, m := range shown {
		if !m.Ephemeral() {
			t.Errorf("a piece of a private reply is public: %s", m.ID)
		}
		rows += len(m.Components)
	}
	if rows != 5 || len(shown[2].Files) != 1 {
		t.Errorf("%d rows (want 3 button rows + 2 menus), files on last piece: %v", rows, shown[2].Files)
	}

	ref, err := e.a.Post(context.Background(), discordtest.GroupChannelID, *bigMessage())
	if err != nil {
		t.Fatal(err)
	}
	posts := e.fake.Messages(discordtest.GroupChannelID)
	if len(posts) != 3 || ref.MessageID != posts[2].ID {
		t.Fatalf("%d posts, ref %v", len(posts), ref)
	}
	nonces := map[string]bool{}
	for _, p := range posts {
		if p.Nonce == "" || len(p.Nonce) > 25 || p.AllowedMentions == nil {
			t.Errorf("post %s: nonce %q, allowed_mentions %s", p.ID, p.Nonce, p.AllowedMentions)
		}
		nonces[p.Nonce] = true
	}
	if len(nonces) != 3 {
		t.Errorf("the pieces need distinct nonces: %v", nonces)
	}
	// the same key again (a retry after a lost answer) posts nothing new
	if _, err := e.a.Post(context.Background(), discordtest.GroupChannelID, *bigMessage()); err != nil {
		t.Fatal(err)
	}
	if n := len(e.fake.Messages(discordtest.GroupChannelID)); n != 3 {
		t.Errorf("a re-post with the same key made %d messages, want 3", n)
	}
	if v := e.fake.Violations(); len(v) > 0 {
		t.Errorf("platform rules broken: %q", v)
	}
	if !strings.Contains(string(posts[0].AllowedMentions), `"parse":`) {
		t.Errorf("allowed_mentions should block every ping: %s", posts[0].AllowedMentions)
	}
}

// TestRateLimitIsRespected posts from two sessions into one channel whose
// bucket allows 2 messages per 200 ms: discordgo gets 429s, waits
// retry_after and retries; every message arrives exactly once.
func TestRateLimitIsRespected(t *testing.T) {
	t.Parallel()
	f := discordtest.New(t, token)
	f.SetRateLimit("POST", "/channels/", 2, 200*time.Millisecond)
	var wg sync.WaitGroup
	errs := make(chan error, 10)
	start := time.Now()
	for s := range 2 {
		a, err := discord.New(discord.Config{Token: token, BaseURL: f.URL()}, nil)
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 5 {
				_, err := a.Post(context.Background(), discordtest.GroupChannelID, bot.Message{Text: fmt.Sprint(s, "-", i), Key: fmt.Sprint("k", s, "-", i)})
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("post: %v", err)
		}
	}
	if n := len(f.Messages(discordtest.GroupChannelID)); n != 10 {
		t.Errorf("%d messages, want 10", n)
	}
	if f.RateLimited() == 0 {
		t.Errorf("expected the two sessions to hit at least one 429")
	}
	// 10 messages at 2 per 200 ms need at least four more windows: nobody
	// pushed through by ignoring retry_after
	reqs := f.Requests()
	if took := reqs[len(reqs)-1].At.Sub(start); took < 800*time.Millisecond {
		t.Errorf("10 posts took %v, faster than the limit allows", took)
	}
}

func TestUnauthorizedStopsRun(t *testing.T) {
	t.Parallel()
	f := discordtest.New(t, token)
	a, err := discord.New(discord.Config{Token: "wrong-token-123", BaseURL: f.URL()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		done <- a.Run(context.Background(), bot.HandlerFunc(func(context.Context, bot.Event) bot.Reply { return bot.Reply{} }))
	}()
	select {
	case err := <-done:
		if !errors.Is(err, discord.ErrUnauthorized) || !strings.Contains(err.Error(), "DISCORD_TOKEN") || strings.Contains(err.Error(), "wrong-token-123") {
			t.Errorf("Run returned %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop on a refused token")
	}
	if len(f.Commands(discordtest.GuildID)) != 0 {
		t.Errorf("commands registered with a refused token")
	}
}

func TestOptionTypeMismatchIsAClearError(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	tests := []struct {
		name string
		opt  map[string]any
		want string
	}{
		{"declared integer for a text option", map[string]any{"name": "exercise", "type": 4, "value": 3}, "should be a text"},
		{"text option carrying a number", map[string]any{"name": "exercise", "type": 3, "value": 3}, "wrong kind"},
		{"fractional integer", map[string]any{"name": "exercise", "type": 4, "value": 2.5}, "wrong kind"},
		{"unsupported option type", map[string]any{"name": "exercise", "type": 7, "value": "123"}, "cannot read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := e.fake.Command("Tess", "exercise", map[string]any{"name": "preview", "type": 1, "options": []map[string]any{tt.opt}})
			s := seen(t, ex)
			if !s.Private || !s.Has(tt.want) {
				t.Errorf("got %+v, want a private %q", s, tt.want)
			}
		})
	}
	if strings.Contains(e.logs.String(), "panic") {
		t.Errorf("a type mismatch caused a panic:\n%s", e.logs)
	}
}

func TestPanicInHandlerIsRecovered(t *testing.T) {
	t.Parallel()
	calls := 0
	var mu sync.Mutex
	e := newEnv(t, bot.HandlerFunc(func(context.Context, bot.Event) bot.Reply {
		mu.Lock()
		calls++
		n := calls
		mu.Unlock()
		if n == 1 {
			panic("boom")
		}
		return bot.PrivateText("fine again")
	}))
	s := seen(t, e.fake.Command("Tess", "help"))
	if !s.Private || !s.Has("went wrong") {
		t.Errorf("after a panic: %+v", s)
	}
	must(t, "next interaction", seen(t, e.fake.Command("Tess", "help")), "fine again")
	if !strings.Contains(e.logs.String(), "panic in core handler") {
		t.Errorf("the panic was not logged")
	}
}

func TestBusyWhenTheQueueIsFull(t *testing.T) {
	t.Parallel()
	h := &slowHandler{release: make(chan bot.Reply)}
	e := newEnv(t, h, func(e *env) { e.dcfg.MaxInFlight = 1; e.dcfg.AckAfter = time.Second })
	first := e.fake.Command("Tess", "slow")
	second := seen(t, e.fake.Command("Bo", "slow"))
	if !second.Private || !second.Has("busy") {
		t.Errorf("second interaction: %+v", second)
	}
	h.release <- bot.PrivateText("done")
	first.Settled(t)
	if !strings.Contains(e.logs.String(), "work queue full") {
		t.Errorf("a full queue must be reported in the log")
	}
}

func TestAutocomplete(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ex := e.fake.Autocomplete("Tess", "exercise", map[string]any{"name": "start", "type": 1, "options": []map[string]any{
		{"name": "exercise", "type": 3, "value": "mood", "focused": true},
	}})
	s := ex.Wait(t, "choices", func(s discordtest.State) bool { return s.Callback != nil })
	if s.Callback.Type != 8 || len(s.Choices) == 0 || s.Choices[0]["value"] != "mood-checkin" {
		t.Errorf("autocomplete: type %d, choices %v", s.Callback.Type, s.Choices)
	}
	tz := e.fake.Autocomplete("Tess", "group", map[string]any{"name": "create", "type": 1, "options": []map[string]any{
		{"name": "name", "type": 3, "value": "x"}, {"name": "timezone", "type": 3, "value": "berl", "focused": true},
	}}).Wait(t, "choices", func(s discordtest.State) bool { return s.Callback != nil })
	if len(tz.Choices) == 0 || tz.Choices[0]["value"] != "Europe/Berlin" {
		t.Errorf("time zone choices: %v", tz.Choices)
	}
}

func TestRegisteredCommandsAndIntents(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	cmds := e.fake.Commands(discordtest.GuildID)
	if len(cmds) != len(e.bot.Router().Specs())-countSubs(e.bot.Router().Specs()) {
		t.Errorf("%d commands registered", len(cmds))
	}
	// Guilds (1<<0) and Guild Voice States (1<<7): no privileged intent
	if got := e.fake.Intents(); got != 1|1<<7 {
		t.Errorf("intents %b, want Guilds|GuildVoiceStates", got)
	}
}

// countSubs counts specs beyond the first of each command name.
func countSubs(specs []bot.CommandSpec) int {
	seen := map[string]bool{}
	n := 0
	for _, s := range specs {
		if seen[s.Name] {
			n++
		}
		seen[s.Name] = true
	}
	return n
}

func TestVoicePresence(t *testing.T) {
	t.Parallel()
	events := make(chan *bot.Presence, 10)
	e := newEnv(t, bot.HandlerFunc(func(_ context.Context, ev bot.Event) bot.Reply {
		if p, ok := ev.(*bot.Presence); ok {
			events <- p
		}
		return bot.Reply{}
	}))
	next := func() *bot.Presence {
		t.Helper()
		select {
		case p := <-events:
			return p
		case <-time.After(5 * time.Second):
			t.Fatal("no presence event")
			return nil
		}
	}
	ana := e.fake.User("Ana")
	e.fake.VoiceState("Ana", "vc1")
	if p := next(); !p.Joined || p.VoiceChannelID != "vc1" || p.User.ID != ana.ID || p.User.Name != "Ana" || p.Place.GuildID != discordtest.GuildID {
		t.Errorf("join: %+v", p)
	}
	e.fake.VoiceState("Ana", "vc2")
	if p := next(); p.Joined || p.VoiceChannelID != "vc1" {
		t.Errorf("switch, leave: %+v", p)
	}
	if p := next(); !p.Joined || p.VoiceChannelID != "vc2" {
		t.Errorf("switch, join: %+v", p)
	}
	e.fake.VoiceState("Ana", "")
	if p := next(); p.Joined || p.VoiceChannelID != "vc2" {
		t.Errorf("leave: %+v", p)
	}
}

func TestPrivateChannelsAndDirectMessages(t *testing.T) {
	t.Parallel()
	f := discordtest.New(t, token)
	a, err := discord.New(discord.Config{Token: token, BaseURL: f.URL()}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ana, bo, cy := f.User("Ana"), f.User("Bo"), f.User("Cy")
	id, err := a.CreatePrivateChannel(ctx, bot.Place{Platform: "discord", GuildID: discordtest.GuildID}, "Tuesday Group!", []string{ana.ID, bo.ID})
	if err != nil {
		t.Fatal(err)
	}
	ch := f.Channel(id)
	if ch.Name != "tuesday-group" {
		t.Errorf("channel name %q", ch.Name)
	}
	allow := map[string]int64{}
	for _, o := range ch.Overwrites {
		if o.ID == discordtest.GuildID && o.Deny&discordtest.PermViewChannel == 0 {
			t.Errorf("@everyone is not denied View Channel")
		}
		allow[o.ID] = o.Allow
	}
	for _, who := range []string{discordtest.BotID, ana.ID, bo.ID} {
		if allow[who]&discordtest.PermViewChannel == 0 {
			t.Errorf("%s cannot see the channel", who)
		}
	}
	if err := a.Grant(ctx, id, cy.ID); err != nil {
		t.Fatal(err)
	}
	if err := a.Revoke(ctx, id, bo.ID); err != nil {
		t.Fatal(err)
	}
	for _, o := range f.Channel(id).Overwrites {
		if o.ID == cy.ID && o.Allow&discordtest.PermViewChannel == 0 {
			t.Errorf("grant did not allow Cy")
		}
		if o.ID == bo.ID && o.Deny&discordtest.PermViewChannel == 0 {
			t.Errorf("revoke did not deny Bo")
		}
	}
	out, err := a.Outsiders(ctx, id, []string{ana.ID, cy.ID})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"role @Admins (administrator)", "server owner Server Owner"} // @everyone is denied: Moderators cannot see it
	if strings.Join(out, "|") != strings.Join(want, "|") {
		t.Errorf("outsiders %q, want %q", out, want)
	}

	ref, err := a.DirectMessage(ctx, ana.ID, bot.Message{Text: "a private reminder"})
	if err != nil {
		t.Fatal(err)
	}
	dm := f.DMChannel("Ana")
	if ref.ChannelID != dm || len(f.Messages(dm)) != 1 {
		t.Errorf("DM ref %v, channel %s", ref, dm)
	}
	if err := a.Edit(ctx, ref, bot.Message{Text: "edited"}); err != nil {
		t.Fatal(err)
	}
	if m := f.Messages(dm)[0]; m.Content != "edited" || m.AllowedMentions == nil {
		t.Errorf("edit: %+v", m)
	}
}

// TestFormButtonAfterRestart: the adapter forgot the forms it rendered (as
// after a restart); pressing "Write my answer" still opens the form, because
// the core returns it for the button's id, and the answer is saved.
func TestFormButtonAfterRestart(t *testing.T) {
	d := newDriver(t, adaptertest.Options{}).(*driver)
	d.Do(t, "Tess", `/group create "Restart group"`)
	d.Do(t, "Tess", "/group add @Ana")
	d.Do(t, "Ana", "/privacy accept")
	d.Do(t, "Tess", "/exercise start session-reflection")
	d.Press(t, "Ana", "Start")
	d.Press(t, "Ana", "4")
	d.e.a.ForgetIDs()
	s := d.Fill(t, "Ana", "Write my answer", "I will practise the breathing")
	if strings.Contains(s.Text, "expired") || strings.Contains(s.Text, "no longer") {
		t.Fatalf("after the form: %s", s.Text)
	}
	if rv := d.Do(t, "Tess", "/review member @Ana"); !rv.Has("I will practise the breathing") {
		t.Errorf("the answer was not saved:\n%s", rv.Text)
	}
}

// TestTokenRevokedWhileRunningStopsRun: the token is reset in the developer
// portal while the bot runs; its next REST call is refused and Run returns
// ErrUnauthorized instead of carrying on half-working.
func TestTokenRevokedWhileRunningStopsRun(t *testing.T) {
	t.Parallel()
	f := discordtest.New(t, token)
	a, err := discord.New(discord.Config{Token: token, GuildIDs: []string{discordtest.GuildID}, BaseURL: f.URL()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		done <- a.Run(context.Background(), bot.HandlerFunc(func(context.Context, bot.Event) bot.Reply { return bot.Reply{} }))
	}()
	if !f.WaitReady(10 * time.Second) {
		t.Fatal("the adapter did not connect")
	}
	f.SetToken("a-new-token")
	if _, err := a.Post(context.Background(), discordtest.GroupChannelID, bot.Message{Text: "hello"}); err == nil {
		t.Fatal("a post with a revoked token succeeded")
	}
	select {
	case err := <-done:
		if !errors.Is(err, discord.ErrUnauthorized) {
			t.Errorf("Run returned %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop after the token was revoked")
	}
}

// TestFindPostRecognisesAPostedPrompt: after a crash between posting a
// prompt and recording it, the scheduler asks FindPost; the adapter reads
// the channel back (Discord returns no nonces there) and recognises the
// prompt by its buttons, so it is not posted twice.
func TestFindPostRecognisesAPostedPrompt(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := context.Background()
	prompt := func(run int) bot.Message {
		return bot.Message{Key: fmt.Sprintf("run-%d", run), Text: "**Check-in**\nPress Start.", Blocks: []bot.Block{
			&bot.Buttons{Choices: []bot.Choice{{ID: bot.CustomID{Kind: "open", Ref: int64(run)}.String(), Label: "Start"}}}}}
	}
	posted, err := e.a.Post(ctx, discordtest.GroupChannelID, prompt(7))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.Post(ctx, discordtest.GroupChannelID, bot.Message{Text: "something else"}); err != nil {
		t.Fatal(err)
	}
	ref, found, err := e.a.FindPost(ctx, discordtest.GroupChannelID, prompt(7))
	if err != nil || !found || ref.MessageID != posted.MessageID {
		t.Fatalf("the posted prompt was not found: %v %v %+v (want %s)", err, found, ref, posted.MessageID)
	}
	if _, found, _ := e.a.FindPost(ctx, discordtest.GroupChannelID, prompt(8)); found {
		t.Errorf("another run's prompt was reported as posted")
	}
	if _, found, _ := e.a.FindPost(ctx, discordtest.GroupChannelID, bot.Message{Text: "something else"}); found {
		t.Errorf("a message without buttons cannot be identified and must not be reported as posted")
	}
}

// TestGlobalRateIsPacedAcrossGoroutines: many goroutines posting at once
// stay under Discord's global limit (modelled by the fake as a fixed
// one-second window), so no global 429 is ever provoked — discordgo alone
// would pause only the goroutine that got one, and repeated 429s lead to a
// temporary ban.
func TestGlobalRateIsPacedAcrossGoroutines(t *testing.T) {
	t.Parallel()
	f := discordtest.New(t, token)
	f.SetGlobalLimit(15, time.Second)
	a, err := discord.New(discord.Config{Token: token, BaseURL: f.URL(), GlobalRate: 10}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for g := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 2 {
				_, err := a.Post(context.Background(), discordtest.GroupChannelID, bot.Message{Text: fmt.Sprint(g, "-", i)})
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("post: %v", err)
		}
	}
	if n := len(f.Messages(discordtest.GroupChannelID)); n != 20 {
		t.Errorf("%d messages, want 20", n)
	}
	if n := f.RateLimited(); n != 0 {
		t.Errorf("%d requests got a 429: the posts were not paced", n)
	}
}
