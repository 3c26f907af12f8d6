package core

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"groupwork/bot"
	"groupwork/exercises"
)

// The strategy board: strategies members chose to share, from a sharing
// exercise (kind "sharing", such as strategy-share) or with /strategy add,
// kept per group and tagged by topic. Members press "I'll try this" and
// later "this helped"; /strategy list shows the most helpful first. The
// therapist pins, removes, and changes wording only when the author agrees.
//
// Privacy: a strategy is shown with its author's name, as a shared answer
// is. Counts of a strategy are shown, and used for its place in the list,
// only once at least minRespondents people pressed its buttons, so that no
// single person's choice can be inferred. After /forgetme a strategy stays
// only if its author said yes, when sharing, to keeping it without their
// name; otherwise it goes with the rest of their data.

// kindStrategy is the custom id kind of the board's buttons and menus:
// Ref is a strategy (keep, nokeep, editok, editno) or the group (try,
// helped: a menu whose value is the strategy).
const kindStrategy = "strat"

// kindSharing is the exercise kind whose shared text answers join the board.
const kindSharing = "sharing"

const (
	maxStrategyLen   = 500
	maxBoardListed   = 20
	strategyFromCmd  = "command"
	anonymousAuthor  = "a former member"
	boardTopicAny    = ""
	strategyKeepText = "If you ever erase your data with /forgetme, may the group keep this strategy on the board **without your name**? If you do not answer, it is erased with your data."
)

func (b *Bot) strategyAdd(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	g, uid := req.Group, req.Member.UserID
	if req.Member.Role == bot.RoleObserver {
		return bot.Reply{}, errObserverBoard()
	}
	raw, _ := req.Cmd.String("text")
	topic, text := splitTopic(raw)
	if why := bot.CheckMemberText(text); why != "" {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "%s", why)
	}
	if bot.Blank(text) || len([]rune(text)) > maxStrategyLen {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "Write your strategy in 1 to %d characters, for example: /strategy add #memory I write appointments on the fridge calendar.", maxStrategyLen)
	}
	if req.Member.Role == bot.RoleMember {
		if rep, err := b.consentGate(ctx, g, uid, 0); err != nil || rep != nil {
			if rep != nil {
				return *rep, nil
			}
			return bot.Reply{}, err
		}
	}
	// Safety fails closed: a strategy that matches a watched phrase is not
	// put on the board; the therapists are alerted without its text.
	kws, err := b.watchedKeywords(ctx, g.ID)
	if err != nil {
		b.log.Error("safety keywords", "group", g.ID, "err", err)
	}
	if kw, ok := MatchKeywords(kws, text); ok {
		al := &bot.SafetyAlert{GroupID: g.ID, UserID: uid, ExerciseID: "strategy-board", Rule: bot.RuleKeyword, Reason: "keyword: " + kw, RaisedAt: req.Now}
		if err := b.raise(ctx, g, al); err != nil {
			b.log.Error("raise safety alert", "group", g.ID, "err", err)
		}
		return bot.PrivateText("Thank you for writing this. It was not put on the board: it stays between you and your therapists.\n\n" +
			alertNextSteps + "\n\n" + b.alertCrisisText(g)), nil
	}
	s := &bot.Strategy{GroupID: g.ID, AuthorID: uid, Text: text, Topic: topic, Source: strategyFromCmd, CreatedAt: req.Now}
	if err := b.store.AddStrategy(ctx, s); err != nil {
		return bot.Reply{}, err
	}
	b.log.Info("strategy added", "group", g.ID, "strategy", s.ID)
	m := keepQuestion(s, fmt.Sprintf("Thank you. Your strategy is on the board of **%s** as number %d, with your name.\n\n", g.Name, s.ID))
	return bot.Reply{Private: true, Message: &m}, nil
}

// splitTopic takes a leading "#topic" (or "topic:topic") off a strategy:
// "#sleep Same bedtime" is about sleep. The rest is kept exactly as written.
func splitTopic(s string) (topic, text string) {
	first, rest, ok := strings.Cut(s, " ")
	if !ok {
		return "", s
	}
	// "topic:sleep" too: on Slack "#sleep" can turn into a channel link
	for _, prefix := range []string{"#", "topic:"} {
		if t, found := strings.CutPrefix(strings.ToLower(first), prefix); found && t != "" {
			return bot.CleanText(t), rest
		}
	}
	return "", s
}

// keepQuestion asks the author whether the board may keep the strategy
// without their name after /forgetme.
func keepQuestion(s *bot.Strategy, intro string) bot.Message {
	id := func(v string) string { return bot.CustomID{Kind: kindStrategy, Ref: s.ID, Value: v}.String() }
	return bot.Message{Text: intro + strategyKeepText, Key: fmt.Sprintf("strategy-keep-%d", s.ID), Blocks: []bot.Block{&bot.Buttons{Choices: []bot.Choice{
		{ID: id("keep"), Label: "Yes, keep it without my name", Style: "primary"},
		{ID: id("nokeep"), Label: "No, erase it too", Style: "secondary"},
	}}}}
}

// guardedCounts returns the counts that may be shown: zero below the guard.
func guardedCounts(s *bot.Strategy, least int) (tried, helped int, shown bool) {
	if s.Tried < least {
		return 0, 0, false
	}
	return s.Tried, s.Helped, true
}

// errObserverBoard refuses the board to observers, who see aggregates
// only, never what a member wrote.
func errObserverBoard() error {
	return bot.Errorf(bot.EForbidden, "The strategy board shows what members wrote, with their names; observers see group totals only.")
}

func (b *Bot) strategyList(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	g, uid := req.Group, req.Member.UserID
	if req.Member.Role == bot.RoleObserver {
		return bot.Reply{}, errObserverBoard()
	}
	topic, _ := req.Cmd.String("topic")
	topic = strings.ToLower(strings.TrimSpace(topic))
	all, err := b.store.Strategies(ctx, g.ID, uid)
	if err != nil {
		return bot.Reply{}, err
	}
	var ss []*bot.Strategy
	for _, s := range all {
		if topic == boardTopicAny || strings.Contains(s.Topic, topic) {
			ss = append(ss, s)
		}
	}
	least := b.minRespondents()
	slices.SortStableFunc(ss, func(a, c *bot.Strategy) int {
		if a.Pinned != c.Pinned {
			return map[bool]int{true: -1, false: 1}[a.Pinned]
		}
		at, ah, _ := guardedCounts(a, least)
		ct, ch, _ := guardedCounts(c, least)
		return cmp.Or(cmp.Compare(ch, ah), cmp.Compare(ct, at), cmp.Compare(a.ID, c.ID))
	})
	if len(ss) == 0 {
		if topic != "" {
			return bot.PrivateText(fmt.Sprintf("No strategy on the board of **%s** is about %q yet. See all of them with /strategy list.", g.Name, topic)), nil
		}
		return bot.PrivateText(fmt.Sprintf("The board of **%s** is empty so far. Share something that helps you with /strategy add.", g.Name)), nil
	}
	names, err := b.names(ctx, g.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	more := 0
	if len(ss) > maxBoardListed {
		ss, more = ss[:maxBoardListed], len(ss)-maxBoardListed
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "**Strategy board of %s**", g.Name)
	if topic != "" {
		fmt.Fprintf(&sb, " — about %q", topic)
	}
	sb.WriteString(" (most helpful first)\n")
	hidden := false
	for _, s := range ss {
		sb.WriteString(strategyLine(s, names, least, req.Member.Role.Therapist()))
		sb.WriteByte('\n')
		if _, _, shown := guardedCounts(s, least); !shown {
			hidden = true
		}
	}
	if more > 0 {
		fmt.Fprintf(&sb, "…and %d more. Narrow the list with /strategy list TOPIC.\n", more)
	}
	if hidden {
		fmt.Fprintf(&sb, "_How many people tried a strategy is shown once at least %d have pressed its buttons, so nobody's choice can be singled out._", least)
	}
	m := bot.Message{Text: strings.TrimRight(sb.String(), "\n")}
	if req.Member.Role == bot.RoleMember {
		m.Blocks = strategyMenus(g.ID, ss)
	}
	return bot.Reply{Private: true, Message: &m}, nil
}

func strategyLine(s *bot.Strategy, names map[string]string, least int, staff bool) string {
	author := anonymousAuthor
	if s.AuthorID != "" {
		author = cmp.Or(names[s.AuthorID], "a member")
	}
	line := fmt.Sprintf("%d. %s — _%s_", s.ID, s.Text, author)
	if s.Pinned {
		line = "📌 " + line
	}
	if s.Topic != "" {
		line += " · " + s.Topic
	}
	if t, h, shown := guardedCounts(s, least); shown {
		line += fmt.Sprintf(" · helped %d, trying %d", h, t)
	}
	switch {
	case s.MeHelped:
		line += " · it helped you"
	case s.MeTried:
		line += " · you are trying it"
	}
	if staff && s.Proposed != "" {
		line += " · new wording awaits the author's yes"
	}
	return line
}

// strategyMenus are the two menus under a member's list.
func strategyMenus(groupID int64, ss []*bot.Strategy) []bot.Block {
	var choices []bot.Choice
	for _, s := range ss {
		choices = append(choices, bot.Choice{ID: strconv.FormatInt(s.ID, 10), Label: shorten(fmt.Sprintf("%d. %s", s.ID, s.Text), 80)})
	}
	if len(choices) > 25 {
		choices = choices[:25]
	}
	menu := func(v, placeholder string) bot.Block {
		return &bot.Select{CustomID: bot.CustomID{Kind: kindStrategy, Ref: groupID, Value: v}.String(), Placeholder: placeholder, Choices: choices, Min: 1, Max: 1}
	}
	return []bot.Block{menu("try", "I'll try this…"), menu("helped", "This helped me…")}
}

// strategyOf returns a strategy of the request's group.
func (b *Bot) strategyOf(ctx context.Context, req *bot.Request) (*bot.Strategy, error) {
	id, _, _ := req.Cmd.Int("id")
	s, err := b.store.Strategy(ctx, id)
	if err == nil && s.GroupID != req.Group.ID {
		err = bot.Errorf(bot.ENotFound, "This group's board has no strategy %d. See them with /strategy list.", id)
	}
	return s, err
}

func (b *Bot) strategyPin(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	s, err := b.strategyOf(ctx, req)
	if err != nil {
		return bot.Reply{}, err
	}
	s.Pinned = !s.Pinned
	if err := b.store.UpdateStrategy(ctx, s); err != nil {
		return bot.Reply{}, err
	}
	if s.Pinned {
		return bot.PrivateText(fmt.Sprintf("Strategy %d is pinned: it is shown first. /strategy pin %d again unpins it.", s.ID, s.ID)), nil
	}
	return bot.PrivateText(fmt.Sprintf("Strategy %d is no longer pinned.", s.ID)), nil
}

func (b *Bot) strategyRemove(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	s, err := b.strategyOf(ctx, req)
	if err != nil {
		return bot.Reply{}, err
	}
	if err := b.store.RemoveStrategy(ctx, s.ID); err != nil {
		return bot.Reply{}, err
	}
	b.log.Info("strategy removed", "group", s.GroupID, "strategy", s.ID)
	return bot.PrivateText(fmt.Sprintf("Strategy %d is removed from the board, with its buttons' counts.", s.ID)), nil
}

// strategyEdit proposes new wording; it changes only when the author says yes.
func (b *Bot) strategyEdit(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	s, err := b.strategyOf(ctx, req)
	if err != nil {
		return bot.Reply{}, err
	}
	text, _ := req.Cmd.String("text")
	if bot.Blank(text) || bot.CheckMemberText(text) != "" || len([]rune(text)) > maxStrategyLen {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "Write the new wording in 1 to %d characters, for example: /strategy edit %d Write appointments on the calendar.", maxStrategyLen, s.ID)
	}
	switch s.AuthorID {
	case "":
		return bot.Reply{}, bot.Errorf(bot.EForbidden, "The author of strategy %d has erased their data, so they cannot agree to new wording. You can remove it with /strategy remove %d.", s.ID, s.ID)
	case req.Member.UserID:
		s.Text, s.Proposed = text, ""
		if err := b.store.UpdateStrategy(ctx, s); err != nil {
			return bot.Reply{}, err
		}
		return bot.PrivateText(fmt.Sprintf("Strategy %d now reads: %s", s.ID, text)), nil
	}
	dm, err := b.messenger(req.Group)
	if err != nil {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "I cannot write to the author privately here, so I cannot ask them. Ask them in person; they can add the new wording themselves.")
	}
	s.Proposed = text
	if err := b.store.UpdateStrategy(ctx, s); err != nil {
		return bot.Reply{}, err
	}
	id := func(v string) string { return bot.CustomID{Kind: kindStrategy, Ref: s.ID, Value: v}.String() }
	m := bot.Message{Key: fmt.Sprintf("strategy-edit-%d-%d", s.ID, req.Now.UnixNano()),
		Text: withPreview(UpdatePreview, fmt.Sprintf("Your therapist suggests new wording for your strategy on the board of **%s**.\n\nNow: %s\nSuggested: %s\n\nIt changes only if you agree.", req.Group.Name, s.Text, text)),
		Blocks: []bot.Block{&bot.Buttons{Choices: []bot.Choice{
			{ID: id("editok"), Label: "Yes, use the new wording", Style: "primary"},
			{ID: id("editno"), Label: "No, keep mine", Style: "secondary"},
		}}}}
	if _, err := dm.DirectMessage(ctx, s.AuthorID, m); err != nil {
		return bot.Reply{}, fmt.Errorf("ask author of strategy %d: %w", s.ID, err)
	}
	return bot.PrivateText(fmt.Sprintf("I asked the author privately. Strategy %d changes only if they agree.", s.ID)), nil
}

// actStrategy answers the board's buttons and menus.
func (b *Bot) actStrategy(ctx context.Context, req *bot.Request, id bot.CustomID) (bot.Reply, error) {
	ev, _ := req.Event.(*bot.Action)
	uid := req.Event.Meta().User.ID
	if id.Value == "try" || id.Value == "helped" {
		if ev == nil || len(ev.Values) != 1 {
			return bot.Reply{}, bot.Errorf(bot.EInvalid, "Choose one strategy from the menu.")
		}
		sid, err := strconv.ParseInt(ev.Values[0], 10, 64)
		if err != nil {
			return bot.Reply{}, bot.Errorf(bot.EInvalid, "That menu is no longer in use.")
		}
		s, err := b.store.Strategy(ctx, sid)
		if err != nil || s.GroupID != id.Ref {
			return bot.Reply{}, bot.Errorf(bot.ENotFound, "That strategy is no longer on the board.")
		}
		if m, err := b.store.Membership(ctx, s.GroupID, uid); err != nil || m.Role != bot.RoleMember {
			return bot.Reply{}, bot.Errorf(bot.EForbidden, "Only members of this group can mark its strategies.")
		}
		helped := id.Value == "helped"
		if helped { // "this helped" means it was tried, too
			if err := b.store.MarkStrategy(ctx, s.ID, uid, false, req.Now); err != nil {
				return bot.Reply{}, err
			}
		}
		if err := b.store.MarkStrategy(ctx, s.ID, uid, helped, req.Now); err != nil {
			return bot.Reply{}, err
		}
		if helped {
			return bot.PrivateText(fmt.Sprintf("Noted: strategy %d helped you. Thank you — it helps others find what works.", s.ID)), nil
		}
		return bot.PrivateText(fmt.Sprintf("Noted: you will try strategy %d. If it helps, say so later from /strategy list.", s.ID)), nil
	}
	s, err := b.store.Strategy(ctx, id.Ref)
	if err != nil {
		return bot.Reply{}, bot.Errorf(bot.ENotFound, "That strategy is no longer on the board.")
	}
	if s.AuthorID != uid {
		return bot.Reply{}, bot.Errorf(bot.EForbidden, "Only the person who shared this strategy can answer this.")
	}
	switch id.Value {
	case "keep", "nokeep":
		s.KeepAnon = id.Value == "keep"
	case "editok":
		if s.Proposed == "" {
			return bot.PrivateText("There is no new wording waiting for your answer."), nil
		}
		s.Text, s.Proposed = s.Proposed, ""
	case "editno":
		s.Proposed = ""
	default:
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "That button is no longer in use.")
	}
	if err := b.store.UpdateStrategy(ctx, s); err != nil {
		return bot.Reply{}, err
	}
	switch id.Value {
	case "keep":
		return bot.PrivateText("Thank you. If you erase your data, this strategy stays on the board without your name."), nil
	case "nokeep":
		return bot.PrivateText("Understood. If you erase your data, this strategy is erased too."), nil
	case "editok":
		return bot.PrivateText("Thank you. Your strategy now reads: " + s.Text), nil
	}
	return bot.PrivateText("Your wording stays as it is."), nil
}

// boardFromRun puts the strategies members shared in a closed sharing
// exercise on the board, when the group was shown them (enough people
// answered) and they raised no alert, and asks each author privately the
// keep-without-name question. Failures are logged: the results are posted.
func (b *Bot) boardFromRun(ctx context.Context, g *bot.Group, run *bot.Run, def *exercises.Definition) {
	if def.Kind != kindSharing {
		return
	}
	recs, err := b.store.Answers(ctx, run.ID, "")
	if err != nil {
		b.log.Error("strategy board", "run", run.ID, "err", err)
		return
	}
	respondents := map[string]bool{}
	for _, r := range recs {
		if !r.Answer.Skipped {
			respondents[r.UserID] = true
		}
	}
	if len(respondents) < b.minRespondents() {
		return
	}
	alerted, err := b.alertedSteps(ctx, run.GroupID, run.ID)
	if err != nil {
		b.log.Error("strategy board", "run", run.ID, "err", err)
		return
	}
	topics := map[string]string{} // by user: their answer to the first choice question
	for _, st := range def.AskSteps() {
		for _, r := range recs {
			if r.StepID == st.ID && st.Answer == exercises.AnswerChoose && !r.Answer.Skipped && topics[r.UserID] == "" && len(r.Answer.Choices) == 1 {
				if i := r.Answer.Choices[0]; i >= 0 && i < len(st.Choices) {
					topics[r.UserID] = strings.ToLower(st.Choices[i])
				}
			}
		}
	}
	dm, _ := b.messenger(g)
	for _, st := range def.AskSteps() {
		if st.Answer != exercises.AnswerText {
			continue
		}
		for _, r := range recs {
			if r.StepID != st.ID || !r.Answer.Shared || r.Answer.Skipped || r.Answer.Alerted || alerted[[2]string{r.UserID, r.StepID}] || strings.TrimSpace(r.Answer.Text) == "" {
				continue
			}
			s := &bot.Strategy{GroupID: g.ID, AuthorID: r.UserID, Text: r.Answer.Text, Topic: cmp.Or(topics[r.UserID], strings.ToLower(def.Title)),
				Source: fmt.Sprintf("run:%d", run.ID), CreatedAt: b.clock.Now()}
			if err := b.store.AddStrategy(ctx, s); err != nil {
				if bot.ErrorCode(err) != bot.EConflict {
					b.log.Error("strategy board", "run", run.ID, "err", err)
				}
				continue
			}
			if dm == nil {
				continue
			}
			m := keepQuestion(s, withPreview(UpdatePreview, fmt.Sprintf("The strategy you shared in **%s** is now on the group's strategy board (number %d), with your name.\n\n", g.Name, s.ID)))
			if _, err := dm.DirectMessage(ctx, r.UserID, m); err != nil {
				b.log.Warn("strategy keep question not sent", "group", g.ID, "strategy", s.ID, "err", err)
			}
		}
	}
}
