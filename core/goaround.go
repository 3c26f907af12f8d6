package core

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"groupwork/bot"
)

// The go-around (issue 12): members are invited one at a time to speak.
// One channel message shows whose turn it is and is edited as the turn
// moves, never reposted; the member whose turn it is presses "I'm done" or
// "Pass" (the reply is private, and the channel shows both the same way);
// a turn also ends when its time is up (the scheduler's tick) or when a
// therapist skips it. Nothing anyone says is recorded: only how each turn
// ended, which feeds attendance ("shared in the go-around").

// Custom id kinds: a member's turn button (Ref go-around, Step the turn's
// position, Value done|pass) and a therapist's control (Value skip, pause,
// resume, back, end).
const (
	kindGoTurn    = "goturn"
	kindGoControl = "gocontrol"
)

// Go-around limits.
const (
	defaultGoAroundMinutes = 2
	maxGoAroundMinutes     = 15
	maxGoAroundPrompt      = 300
)

// goControls are the words /goaround takes instead of a prompt while one runs.
var goControls = []string{"skip", "pause", "resume", "back", "end"}

// goAround starts a go-around, or, when its prompt is one control word,
// applies that control to the go-around running.
func (b *Bot) goAround(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	g := req.Group
	prompt, _ := req.Cmd.String("prompt")
	prompt = strings.TrimSpace(prompt)
	if ended, err := b.groupEnded(ctx, g.ID); err != nil {
		return bot.Reply{}, err
	} else if ended {
		return bot.Reply{}, errGroupEnded(g)
	}
	defer b.lockLive(g.ID)()
	running, err := b.activeGoAround(ctx, g.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	if word := strings.ToLower(prompt); isGoControl(word) {
		if running == nil {
			return bot.Reply{}, bot.Errorf(bot.ENotFound, "There is no go-around running. Start one with /goaround followed by the question.")
		}
		return b.goControl(ctx, g, running, word, req.Now)
	}
	if running != nil {
		return bot.Reply{}, bot.Errorf(bot.EConflict, "A go-around is already running (%s). Type /goaround end to finish it first.", running.Prompt)
	}
	if prompt == "" {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "Say what members are invited to share: /goaround How was your week? minutes:2")
	}
	if len([]rune(prompt)) > maxGoAroundPrompt {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "The question is too long (at most %d characters).", maxGoAroundPrompt)
	}
	minutes := int64(defaultGoAroundMinutes)
	if n, ok, _ := req.Cmd.Int("minutes"); ok {
		if n < 1 || n > maxGoAroundMinutes {
			return bot.Reply{}, bot.Errorf(bot.EInvalid, "Minutes each is from 1 to %d.", maxGoAroundMinutes)
		}
		minutes = n
	}
	order, _ := req.Cmd.String("order")
	turns, err := b.goAroundOrder(ctx, g, order, req.Now)
	if err != nil {
		return bot.Reply{}, err
	}
	ga := &bot.GoAround{GroupID: g.ID, Prompt: prompt, Each: time.Duration(minutes) * time.Minute, Turns: turns,
		TurnEnds: req.Now.Add(time.Duration(minutes) * time.Minute), StartedBy: req.Member.UserID, StartedAt: req.Now}
	if s, err := b.store.OpenSession(ctx, g.ID); err == nil {
		ga.SessionID = s.ID
	}
	a, err := b.adapter(g.Platform)
	if err != nil {
		return bot.Reply{}, err
	}
	if err := b.store.SaveGoAround(ctx, ga); err != nil {
		return bot.Reply{}, err
	}
	ms, err := b.store.Memberships(ctx, g.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	m := goAroundMessage(ga, ms)
	m.Key = fmt.Sprintf("goaround-%d", ga.ID)
	ref, err := a.Post(ctx, g.ChannelID, m)
	if err != nil {
		return bot.Reply{}, fmt.Errorf("post go-around %d: %w", ga.ID, err)
	}
	ga.Ref = ref
	if err := b.store.SaveGoAround(ctx, ga); err != nil {
		return bot.Reply{}, err
	}
	b.sched.Wake()
	where := "Members speak in turn in the call; the channel message shows whose turn it is."
	if th, ok := a.(bot.Threader); ok { // members who prefer to write do it under the go-around
		if _, err := th.StartThread(ctx, ref, "Go-around: "+prompt); err != nil {
			b.log.Warn("go-around thread not opened", "group", g.ID, "goaround", ga.ID, "err", err)
		} else {
			where = "A thread under the go-around message is open for members who prefer to write."
		}
	}
	names := make([]string, len(turns))
	for i, t := range turns {
		names[i] = displayName(ms, t.UserID)
	}
	return goControlReply(ga, fmt.Sprintf("The go-around has started: %d minutes each, in this order: %s. "+
		"The turn moves on when the member presses I'm done or Pass, or when their time is up. "+
		"%s Use these buttons, or /goaround skip|pause|resume|back|end.", minutes, strings.Join(names, ", "), where)), nil
}

func isGoControl(w string) bool {
	for _, c := range goControls {
		if w == c {
			return true
		}
	}
	return false
}

// goAroundOrder lists the members to invite: in the order given (display
// names separated by commas; members not named follow in the group's
// order), "random", or by default in the group's order. Members on leave
// today are not invited.
func (b *Bot) goAroundOrder(ctx context.Context, g *bot.Group, order string, now time.Time) ([]bot.GoAroundTurn, error) {
	ms, err := b.store.Memberships(ctx, g.ID)
	if err != nil {
		return nil, err
	}
	leaves, err := b.store.Leaves(ctx, g.ID)
	if err != nil {
		return nil, err
	}
	var members []*bot.Membership
	for _, m := range ms {
		if m.Role == bot.RoleMember && m.Active(now) && !onLeave(leaves, m.UserID, now) {
			members = append(members, m)
		}
	}
	if len(members) == 0 {
		return nil, bot.Errorf(bot.EInvalid, "This group has no members to invite yet. Add them with /group add @person.")
	}
	members, err = orderMembers(members, order, rand.Shuffle)
	if err != nil {
		return nil, err
	}
	turns := make([]bot.GoAroundTurn, len(members))
	for i, m := range members {
		turns[i] = bot.GoAroundTurn{UserID: m.UserID}
	}
	return turns, nil
}

// activeGoAround returns the group's go-around that has not ended, or nil.
func (b *Bot) activeGoAround(ctx context.Context, groupID int64) (*bot.GoAround, error) {
	gs, err := b.store.GoArounds(ctx, groupID, time.Time{}, time.Time{}, true)
	if err != nil || len(gs) == 0 {
		return nil, err
	}
	return gs[len(gs)-1], nil
}

// goControlReply is the therapist's private control panel.
func goControlReply(ga *bot.GoAround, text string) bot.Reply {
	c := func(v, label, style string) bot.Choice {
		return bot.Choice{ID: bot.CustomID{Kind: kindGoControl, Ref: ga.ID, Value: v}.String(), Label: label, Style: style}
	}
	pause := c("pause", "Pause", "secondary")
	if ga.Paused {
		pause = c("resume", "Resume", "primary")
	}
	m := &bot.Message{Text: text}
	if ga.EndedAt == nil {
		m.Blocks = []bot.Block{&bot.Buttons{Choices: []bot.Choice{c("skip", "Skip", "secondary"), pause, c("back", "Back", "secondary"), c("end", "End", "danger")}}}
	}
	return bot.Reply{Message: m, Private: true}
}

// actGoControl handles the therapist's control buttons.
func (b *Bot) actGoControl(ctx context.Context, req *bot.Request, id bot.CustomID) (bot.Reply, error) {
	g, m, err := b.actionPlace(ctx, req)
	if err != nil {
		return bot.Reply{}, err
	}
	if m == nil || !m.Role.Therapist() {
		return bot.Reply{}, bot.Errorf(bot.EForbidden, "Only this group's therapists can steer the go-around.")
	}
	defer b.lockLive(g.ID)()
	ga, err := b.activeGoAround(ctx, g.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	if ga == nil || ga.ID != id.Ref {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "That go-around has ended.")
	}
	if !isGoControl(id.Value) {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "That button is no longer in use.")
	}
	return b.goControl(ctx, g, ga, id.Value, req.Now)
}

// goControl applies a therapist's control and edits the go-around message.
func (b *Bot) goControl(ctx context.Context, g *bot.Group, ga *bot.GoAround, word string, now time.Time) (bot.Reply, error) {
	var said string
	switch word {
	case "skip":
		goFinishTurn(ga, bot.TurnSkipped, now)
		said = "Skipped to the next person."
	case "pause":
		if ga.Paused {
			return goControlReply(ga, "The go-around is already paused."), nil
		}
		ga.Paused, ga.Left, ga.TurnEnds = true, max(ga.TurnEnds.Sub(now), 0), time.Time{}
		said = "Paused. The current turn keeps the time it had left."
	case "resume":
		if !ga.Paused {
			return goControlReply(ga, "The go-around is not paused."), nil
		}
		ga.Paused, ga.TurnEnds, ga.Left = false, now.Add(ga.Left), 0
		said = "Resumed."
	case "back":
		if ga.Pos == 0 {
			return goControlReply(ga, "This is the first turn; there is no one before it."), nil
		}
		ga.Turns[ga.Pos] = bot.GoAroundTurn{UserID: ga.Turns[ga.Pos].UserID}
		ga.Pos--
		ga.Turns[ga.Pos] = bot.GoAroundTurn{UserID: ga.Turns[ga.Pos].UserID}
		ga.Paused, ga.Left, ga.TurnEnds = false, 0, now.Add(ga.Each)
		said = "Back to the previous person, with a full turn."
	case "end":
		ga.EndedAt = &now
		ga.TurnEnds, ga.Paused = time.Time{}, false
		said = "The go-around has ended."
	}
	if err := b.saveAndShowGoAround(ctx, g, ga); err != nil {
		return bot.Reply{}, err
	}
	if ga.EndedAt != nil {
		said += "\n" + b.goAroundTherapistSummary(ctx, g, ga)
	}
	return goControlReply(ga, said), nil
}

// goFinishTurn ends the current turn with out and starts the next one, or
// ends the go-around after the last.
func goFinishTurn(ga *bot.GoAround, out bot.TurnOutcome, now time.Time) {
	ga.Turns[ga.Pos].Outcome, ga.Turns[ga.Pos].At = out, now
	ga.Paused, ga.Left = false, 0
	if ga.Pos+1 >= len(ga.Turns) {
		ga.EndedAt, ga.TurnEnds = &now, time.Time{}
		return
	}
	ga.Pos++
	ga.TurnEnds = now.Add(ga.Each)
}

// actGoTurn handles a member's I'm done or Pass.
func (b *Bot) actGoTurn(ctx context.Context, req *bot.Request, id bot.CustomID) (bot.Reply, error) {
	g, m, err := b.actionPlace(ctx, req)
	if err != nil {
		return bot.Reply{}, err
	}
	if m == nil {
		return bot.Reply{}, bot.Errorf(bot.EForbidden, "This go-around is for the members of this group.")
	}
	defer b.lockLive(g.ID)()
	ga, err := b.activeGoAround(ctx, g.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	if ga == nil || ga.ID != id.Ref {
		return bot.PrivateText("This go-around has ended. Thank you."), nil
	}
	if m.Role != bot.RoleMember {
		return goControlReply(ga, "These buttons are for the member whose turn it is. To steer the go-around, use these."), nil
	}
	pos, err := strconv.Atoi(id.Step)
	cur := ga.Turns[ga.Pos]
	if err != nil || pos != ga.Pos || cur.UserID != m.UserID {
		ms, _ := b.store.Memberships(ctx, g.ID)
		for _, t := range ga.Turns {
			if t.UserID == m.UserID && t.Outcome != "" {
				return bot.PrivateText("You have had your turn. Thank you."), nil
			}
		}
		return bot.PrivateText(fmt.Sprintf("It is %s's turn now. You will see your name when it is yours.", displayName(ms, cur.UserID))), nil
	}
	if ga.Paused {
		return bot.PrivateText("The go-around is paused for a moment. Your turn continues when it resumes."), nil
	}
	out, reply := bot.TurnSpoke, "Thank you for sharing."
	switch id.Value {
	case "done":
	case "pass":
		out, reply = bot.TurnPassed, "That's fine — you passed this time. Nobody else sees that you did. You can still listen, and join in later if you like."
	default:
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "That button is no longer in use.")
	}
	goFinishTurn(ga, out, req.Now)
	if err := b.saveAndShowGoAround(ctx, g, ga); err != nil {
		return bot.Reply{}, err
	}
	if ga.EndedAt != nil {
		b.tellGoAroundEnded(ctx, g, ga)
	}
	return bot.PrivateText(reply), nil
}

// saveAndShowGoAround stores ga and edits its one channel message (posting
// it anew only where the platform cannot edit).
func (b *Bot) saveAndShowGoAround(ctx context.Context, g *bot.Group, ga *bot.GoAround) error {
	if err := b.store.SaveGoAround(ctx, ga); err != nil {
		return err
	}
	ms, err := b.store.Memberships(ctx, g.ID)
	if err != nil {
		return err
	}
	ref, err := b.showLive(ctx, g, ga.Ref, goAroundMessage(ga, ms))
	if err != nil {
		b.log.Warn("go-around message not updated", "group", g.ID, "goaround", ga.ID, "err", err)
		return nil // the state is saved; the next change shows it
	}
	if ref != ga.Ref {
		ga.Ref = ref
		return b.store.SaveGoAround(ctx, ga)
	}
	return nil
}

// showLive edits the live message ref into m, or posts m when the adapter
// cannot edit or ref is empty; it returns where m now is.
func (b *Bot) showLive(ctx context.Context, g *bot.Group, ref bot.MessageRef, m bot.Message) (bot.MessageRef, error) {
	a, err := b.adapter(g.Platform)
	if err != nil {
		return ref, err
	}
	if ed, ok := a.(bot.Editor); ok && ref.MessageID != "" {
		return ref, ed.Edit(ctx, ref, m)
	}
	return a.Post(ctx, g.ChannelID, m)
}

// goAroundMessage is what the channel sees. It never shows who passed:
// passing and finishing look the same, and only sharing is named at the end.
func goAroundMessage(ga *bot.GoAround, ms []*bot.Membership) bot.Message {
	var sb strings.Builder
	fmt.Fprintf(&sb, "**Go-around:** %s\n", ga.Prompt)
	if ga.EndedAt != nil {
		var shared []string
		for _, t := range ga.Turns {
			if t.Outcome == bot.TurnSpoke {
				shared = append(shared, displayName(ms, t.UserID))
			}
		}
		sb.WriteString("The go-around has finished. Thank you, everyone.")
		if len(shared) > 0 {
			fmt.Fprintf(&sb, "\nShared: %s.", joinNames(shared))
		}
		sb.WriteString("\nListening is taking part too, and passing is always fine.")
		return bot.Message{Text: sb.String()}
	}
	cur := displayName(ms, ga.Turns[ga.Pos].UserID)
	if ga.Paused {
		fmt.Fprintf(&sb, "Paused for a moment. Next up: **%s**.", cur)
	} else {
		fmt.Fprintf(&sb, "Now: **%s** (up to %d min).", cur, int(ga.Each/time.Minute))
	}
	if ga.Pos+1 < len(ga.Turns) {
		fmt.Fprintf(&sb, " Then: %s.", displayName(ms, ga.Turns[ga.Pos+1].UserID))
	}
	fmt.Fprintf(&sb, "\nTurn %d of %d. When it is your turn, press **I'm done** when you have finished, or **Pass** if you would rather not share today — both are private.", ga.Pos+1, len(ga.Turns))
	pos := strconv.Itoa(ga.Pos)
	return bot.Message{Text: sb.String(), Blocks: []bot.Block{&bot.Buttons{Choices: []bot.Choice{
		{ID: bot.CustomID{Kind: kindGoTurn, Ref: ga.ID, Step: pos, Value: "done"}.String(), Label: "I'm done", Style: "primary"},
		{ID: bot.CustomID{Kind: kindGoTurn, Ref: ga.ID, Step: pos, Value: "pass"}.String(), Label: "Pass", Style: "secondary"},
	}}}}
}

// joinNames writes "Ann", "Ann and Bob", "Ann, Bob and Cat".
func joinNames(ns []string) string {
	if len(ns) <= 1 {
		return strings.Join(ns, "")
	}
	return strings.Join(ns[:len(ns)-1], ", ") + " and " + ns[len(ns)-1]
}

// turnWords says how a turn ended, for the therapists.
func turnWords(o bot.TurnOutcome) string {
	switch o {
	case bot.TurnSpoke:
		return "shared"
	case bot.TurnPassed:
		return "chose to pass"
	case bot.TurnTimeout:
		return "their time ran out"
	case bot.TurnSkipped:
		return "skipped by a therapist"
	}
	return "not reached"
}

// goAroundTherapistSummary is the therapists' private view of how each turn ended.
func (b *Bot) goAroundTherapistSummary(ctx context.Context, g *bot.Group, ga *bot.GoAround) string {
	ms, _ := b.store.Memberships(ctx, g.ID)
	var parts []string
	for _, t := range ga.Turns {
		parts = append(parts, fmt.Sprintf("%s: %s", displayName(ms, t.UserID), turnWords(t.Outcome)))
	}
	return "Go-around turns — " + strings.Join(parts, "; ") + "."
}

// tellGoAroundEnded sends the therapist who started it the private summary,
// when the go-around ended by itself (its last turn).
func (b *Bot) tellGoAroundEnded(ctx context.Context, g *bot.Group, ga *bot.GoAround) {
	a, err := b.adapter(g.Platform)
	if err != nil {
		return
	}
	dm, ok := a.(bot.DirectMessenger)
	if !ok || ga.StartedBy == "" {
		return
	}
	if _, err := dm.DirectMessage(ctx, ga.StartedBy, bot.Message{Text: "The go-around has finished. " + b.goAroundTherapistSummary(ctx, g, ga)}); err != nil {
		b.log.Warn("go-around summary not sent", "group", g.ID, "goaround", ga.ID, "err", err)
	}
}

// tickGoArounds ends turns whose time is up.
func (b *Bot) tickGoArounds(ctx context.Context, now time.Time) error {
	gas, err := b.store.GoArounds(ctx, 0, time.Time{}, time.Time{}, true)
	if err != nil {
		return err
	}
	for _, ga := range gas {
		if ga.Paused || ga.TurnEnds.IsZero() || now.Before(ga.TurnEnds) {
			continue
		}
		if err := b.timeoutTurn(ctx, ga.GroupID, ga.ID, now); err != nil {
			return err
		}
	}
	return nil
}

// timeoutTurn ends the current turn of go-around id when its time is up,
// looking again under the group's lock: a press may have moved it meanwhile.
func (b *Bot) timeoutTurn(ctx context.Context, groupID, id int64, now time.Time) error {
	defer b.lockLive(groupID)()
	ga, err := b.activeGoAround(ctx, groupID)
	if err != nil || ga == nil || ga.ID != id || ga.Paused || ga.TurnEnds.IsZero() || now.Before(ga.TurnEnds) {
		return err
	}
	g, err := b.store.Group(ctx, groupID)
	if err != nil {
		return err
	}
	goFinishTurn(ga, bot.TurnTimeout, now)
	if err := b.saveAndShowGoAround(ctx, g, ga); err != nil {
		return err
	}
	if ga.EndedAt != nil {
		b.tellGoAroundEnded(ctx, g, ga)
	}
	return nil
}

// goAroundTurns returns, per session and member, how their go-around turns
// in the group's go-arounds started in [from, to] ended: shared wins over
// any other outcome (a member may be in several go-arounds in one session).
func (b *Bot) goAroundTurns(ctx context.Context, groupID int64, from, to time.Time) (map[int64]map[string]bot.TurnOutcome, error) {
	gas, err := b.reports.GoArounds(ctx, groupID, from, to.Add(time.Nanosecond), false)
	if err != nil {
		return nil, err
	}
	out := map[int64]map[string]bot.TurnOutcome{}
	for _, ga := range gas {
		if ga.SessionID == 0 {
			continue
		}
		if out[ga.SessionID] == nil {
			out[ga.SessionID] = map[string]bot.TurnOutcome{}
		}
		for _, t := range ga.Turns {
			if t.Outcome == "" {
				continue
			}
			if cur := out[ga.SessionID][t.UserID]; cur != bot.TurnSpoke {
				out[ga.SessionID][t.UserID] = t.Outcome
			}
		}
	}
	return out, nil
}

// orderMembers puts members in the order a therapist typed: "" or "group"
// keeps the group's order, "random" shuffles with shuffle, and otherwise
// the display names given (separated by commas, an @ allowed, any case)
// come first, the members not named after them in the group's order. An
// unknown or repeated name is refused with the names to choose from.
func orderMembers(members []*bot.Membership, order string, shuffle func(n int, swap func(i, j int))) ([]*bot.Membership, error) {
	members = append([]*bot.Membership(nil), members...)
	order = strings.TrimSpace(order)
	switch strings.ToLower(order) {
	case "", "group":
		return members, nil
	case "random":
		shuffle(len(members), func(i, j int) { members[i], members[j] = members[j], members[i] })
		return members, nil
	}
	var first []*bot.Membership
	used := map[string]bool{}
	for _, name := range strings.Split(order, ",") {
		name = strings.TrimPrefix(strings.TrimSpace(name), "@")
		if name == "" {
			continue
		}
		found := false
		for _, m := range members {
			if strings.EqualFold(m.DisplayName, name) && !used[m.UserID] {
				first, used[m.UserID], found = append(first, m), true, true
				break
			}
		}
		if !found {
			var all []string
			for _, m := range members {
				all = append(all, m.DisplayName)
			}
			return nil, bot.Errorf(bot.EInvalid, "%q is not one of the members to invite (or is named twice). Give names separated by commas, from: %s; or order:random.", name, strings.Join(all, ", "))
		}
	}
	for _, m := range members {
		if !used[m.UserID] {
			first = append(first, m)
		}
	}
	return first, nil
}
