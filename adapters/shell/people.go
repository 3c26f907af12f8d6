package shell

import (
	"context"
	"fmt"
	"strings"

	"groupwork/bot"
)

// Result is what a person saw in answer to what they did.
type Result struct {
	Reply bot.Reply
	// Err is set when the action could not be made at all (no such button);
	// the core's own refusals arrive as replies.
	Err error
}

// Text returns the rendered text of the reply.
func (r Result) Text() string { return render(r.Reply.Message) }

// Do types a command line as the person called user in the channel.
func (a *Adapter) Do(ctx context.Context, user, line string) Result {
	a.mu.Lock()
	u := a.person(user)
	a.printf("%s%s: %s\n", a.stamp(), u.Name, line)
	a.mu.Unlock()
	a.mu.Lock()
	parser := a.parser
	a.mu.Unlock()
	if parser == nil {
		return Result{Err: fmt.Errorf("shell adapter: no command parser set")}
	}
	cmd, err := parser.ParseCommandLine(line, a.resolve)
	if err != nil {
		rep := bot.PrivateText(bot.ErrorMessage(err))
		a.show(u, rep)
		return Result{Reply: rep}
	}
	cmd.EventMeta = a.meta(u)
	return a.deliver(ctx, u, cmd)
}

// resolve makes every @name a person, as a mention would.
func (a *Adapter) resolve(tok string) (string, string, bool) {
	name, ok := strings.CutPrefix(tok, "@")
	if !ok || name == "" {
		return "", "", false
	}
	u := a.Person(name)
	return u.ID, u.Name, true
}

func (a *Adapter) meta(u bot.User) bot.EventMeta {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.seq++
	return bot.EventMeta{DeliveryID: fmt.Sprintf("%s%d", a.prefix, a.seq), User: u, Place: bot.Place{Platform: Platform, ChannelID: a.channel}}
}

// Items returns what the person can press on the last message they were
// shown, numbered as it was shown.
//
// When that message has nothing to press (a plain confirmation), the items
// are those of the newest message that has some — their last private
// message, else the channel's posts from the newest back — as a person in a
// chat would scroll up to the button they need; Pressable says which.
func (a *Adapter) Items(user string) []bot.Item {
	_, items := a.Pressable(user)
	return items
}

// Pressable returns the text and items of the message whose buttons the
// person's numbers refer to (see Items).
func (a *Adapter) Pressable(user string) (string, []bot.Item) {
	a.mu.Lock()
	defer a.mu.Unlock()
	u := a.person(user)
	candidates := []*bot.Message{a.view[u.ID], a.private[u.ID]}
	for i := len(a.posts) - 1; i >= 0; i-- {
		candidates = append(candidates, &a.posts[i])
	}
	for _, m := range candidates {
		if text, items := bot.Render(m); len(items) > 0 {
			return text, items
		}
	}
	return "", nil
}

// View returns the text of the last message the person was shown.
func (a *Adapter) View(user string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return render(a.view[a.person(user).ID])
}

// find looks for label on the last message the person was shown, then their
// last private message, then the channel's posts from the newest back.
func (a *Adapter) find(user, label string) (bot.Item, error) {
	a.mu.Lock()
	u := a.person(user)
	views := []*bot.Message{a.view[u.ID], a.private[u.ID]}
	for i := len(a.posts) - 1; i >= 0; i-- { // the channel, newest first, as scrolling up
		views = append(views, &a.posts[i])
	}
	a.mu.Unlock()
	for _, m := range views {
		_, items := bot.Render(m)
		for _, it := range items {
			if it.Label == label {
				return it, nil
			}
		}
	}
	return bot.Item{}, fmt.Errorf("%s has no button or option %q to press", user, label)
}

// Press presses the button or menu option labelled label (or numbered, as
// shown) that the person can see.
func (a *Adapter) Press(ctx context.Context, user, label string) Result {
	it, err := a.find(user, label)
	if err != nil {
		return Result{Err: err}
	}
	return a.pressItem(ctx, user, it)
}

func (a *Adapter) pressItem(ctx context.Context, user string, it bot.Item) Result {
	u := a.Person(user)
	a.narrate("%s%s presses [%s]\n", a.stamp(), u.Name, it.Label)
	if it.Form != nil {
		return Result{Err: fmt.Errorf("[%s] opens a form: fill it in", it.Label)}
	}
	ev := &bot.Action{EventMeta: a.meta(u), CustomID: it.CustomID}
	if it.Value != "" {
		ev.Values = []string{it.Value}
	}
	return a.deliver(ctx, u, ev)
}

// Choose picks several options of one menu.
func (a *Adapter) Choose(ctx context.Context, user string, labels ...string) Result {
	u := a.Person(user)
	var ev *bot.Action
	var shown []string
	for _, l := range labels {
		it, err := a.find(user, l)
		if err != nil {
			return Result{Err: err}
		}
		if it.Value == "" || (ev != nil && ev.CustomID != it.CustomID) {
			return Result{Err: fmt.Errorf("%q is not an option of the same menu", l)}
		}
		if ev == nil {
			ev = &bot.Action{EventMeta: a.meta(u), CustomID: it.CustomID}
		}
		ev.Values = append(ev.Values, it.Value)
		shown = append(shown, it.Label)
	}
	if ev == nil {
		return Result{Err: fmt.Errorf("choose at least one option")}
	}
	a.narrate("%s%s chooses [%s]\n", a.stamp(), u.Name, strings.Join(shown, "] ["))
	return a.deliver(ctx, u, ev)
}

// Fill presses the form button labelled label and submits values for its
// fields, in order; missing values are empty.
func (a *Adapter) Fill(ctx context.Context, user, label string, values ...string) Result {
	it, err := a.find(user, label)
	if err != nil {
		return Result{Err: err}
	}
	if it.Form == nil {
		return Result{Err: fmt.Errorf("[%s] is not a form button", it.Label)}
	}
	u := a.Person(user)
	fields := map[string]string{}
	for i, f := range it.Form.Fields {
		if i < len(values) {
			fields[f.ID] = values[i]
		}
	}
	a.narrate("%s%s fills in the form %q (%d field(s), text not shown)\n", a.stamp(), u.Name, it.Form.Title, len(fields))
	return a.deliver(ctx, u, &bot.Submit{EventMeta: a.meta(u), CustomID: it.Form.CustomID, Fields: fields})
}

// Repeat delivers the person's last event again with the same delivery id, as
// a platform retry would.
func (a *Adapter) Repeat(ctx context.Context, user string) Result {
	u := a.Person(user)
	a.mu.Lock()
	ev := a.last[u.ID]
	a.mu.Unlock()
	if ev == nil {
		return Result{Err: fmt.Errorf("%s has done nothing yet", user)}
	}
	a.narrate("%s(the platform delivers %s's last event again)\n", a.stamp(), u.Name)
	return a.deliver(ctx, u, ev)
}

func (a *Adapter) narrate(format string, args ...any) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.printf(format, args...)
}

func (a *Adapter) deliver(ctx context.Context, u bot.User, ev bot.Event) Result {
	a.mu.Lock()
	h, stopping := a.h, a.stopping
	if h != nil && !stopping {
		a.last[u.ID] = ev
		a.inflight.Add(1)
	}
	a.mu.Unlock()
	switch {
	case h == nil:
		return Result{Err: fmt.Errorf("shell adapter: no handler set")}
	case stopping:
		return Result{Err: fmt.Errorf("the bot is stopping")}
	}
	defer a.inflight.Done()
	// A stop (Ctrl-C, SIGTERM) must not cancel an answer being written:
	// the handler's context ends only when Run's drain times out.
	hctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	defer context.AfterFunc(a.abortCtx, cancel)()
	rep := h.Handle(hctx, ev)
	a.show(u, rep)
	return Result{Reply: rep}
}

func (a *Adapter) show(u bot.User, rep bot.Reply) {
	a.mu.Lock()
	defer a.mu.Unlock()
	switch {
	case rep.Form != nil:
		// The form waits behind a button, as on a platform that cannot open
		// it at once: pressing it (or typing its fields) fills it in.
		a.private[u.ID] = &bot.Message{Text: "Press the button to open the form.", Blocks: []bot.Block{&bot.FormButton{Label: rep.Form.Title, Form: *rep.Form}}}
		a.view[u.ID] = a.private[u.ID]
		a.printf("    (a form opens for %s: %s)\n", u.Name, rep.Form.Title)
	case rep.Message == nil: // nothing to show, or a Silent repeat
		a.printf("    (nothing happens)\n")
	case rep.Private:
		a.private[u.ID], a.view[u.ID] = rep.Message, rep.Message
		a.printf("  bot to %s only:\n%s\n", u.Name, indent(render(rep.Message)))
	default:
		a.showPublic(rep.Message)
		a.printf("  bot in #%s:\n%s\n", a.channel, indent(render(rep.Message)))
	}
}
