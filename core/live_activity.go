package core

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
)

// Live activities (issue 12): an exercise run in the channel at the group's
// pace — say, ask, wait, discuss and reveal steps shown one after another
// in ONE message that is edited as the activity moves — and live polls, one
// scale or choice question revealed on the therapist's command. Answers go
// to an ordinary run, so they are private, versioned, exported, erased and
// alerted on like any other; what the group sees passes the small-group
// guard. A countdown edits its message once a minute and once at ten
// seconds, never every second.

// kindLiveVote is an answer button or menu on a live message: Ref is the
// run, Step the ask step, Value the scale value or choice index.
const kindLiveVote = "livevote"

// liveRunWindow is how long the run behind a live activity stays open if
// nobody ends it; /session end ends it first.
const liveRunWindow = 3 * time.Hour

// liveStarter prefixes the StartedBy of a live activity's run: such a run
// is part of the session, so reviews leave it out of between-session
// participation, as they do roll calls; the export keeps its answers.
const liveStarter = "live:"

func isLiveRun(r *bot.Run) bool { return strings.HasPrefix(r.StartedBy, liveStarter) }

// countdownFinal is the last countdown edit before a step ends.
const countdownFinal = 10 * time.Second

// activityStart runs an exercise live in the channel.
func (b *Bot) activityStart(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	id, _ := req.Cmd.String("exercise")
	la, def, err := b.openLive(ctx, req, id, "")
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.PrivateText(fmt.Sprintf("**%s** is running live in the channel (run %d). Each step moves on by itself when its time is up or everyone has answered; "+
		"/activity next moves on now, /activity end stops it.", def.Title, la.RunID)), nil
}

// pollStart runs one scale or choice question of an exercise as a live poll.
func (b *Bot) pollStart(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	id, _ := req.Cmd.String("exercise")
	step, _ := req.Cmd.String("step")
	la, def, err := b.openLive(ctx, req, id, step)
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.PrivateText(fmt.Sprintf("The poll is open in the channel (%s, run %d). Type /poll reveal to show the group the results (only if at least %d answered), or /poll end to close it without showing them.",
		def.Title, la.RunID, b.minRespondents())), nil
}

// openLive opens the run and the live activity (a poll of step when step
// is not "") and posts its message.
func (b *Bot) openLive(ctx context.Context, req *bot.Request, exerciseID, step string) (*bot.LiveActivity, *exercises.Definition, error) {
	g := req.Group
	def, ok := b.lib.Get(exerciseID)
	if !ok {
		return nil, nil, bot.Errorf(bot.ENotFound, "There is no exercise %q. Type /exercise list to see them.", exerciseID)
	}
	if def.AnsweredBy == exercises.AnsweredByGroup || isRollCall(def) {
		return nil, nil, bot.Errorf(bot.EInvalid, "%s is answered in the channel already; start it with /exercise start %s.", def.Title, def.ID)
	}
	if ended, err := b.groupEnded(ctx, g.ID); err != nil {
		return nil, nil, err
	} else if ended {
		return nil, nil, errGroupEnded(g)
	}
	defer b.lockLive(g.ID)()
	if act, err := b.store.ActiveLiveActivities(ctx, g.ID); err != nil {
		return nil, nil, err
	} else if len(act) > 0 {
		return nil, nil, bot.Errorf(bot.EConflict, "A live activity or poll is already running. End it first with /activity end or /poll end.")
	}
	la := &bot.LiveActivity{GroupID: g.ID}
	if step != "" {
		st, ok := def.Step(step)
		if !ok || st.Kind != exercises.StepAsk || st.Answer == exercises.AnswerText {
			var ids []string
			for _, a := range def.AskSteps() {
				if a.Answer != exercises.AnswerText {
					ids = append(ids, a.ID)
				}
			}
			if len(ids) == 0 {
				return nil, nil, bot.Errorf(bot.EInvalid, "%s has no scale or choice question to poll.", def.Title)
			}
			return nil, nil, bot.Errorf(bot.EInvalid, "A live poll needs a scale or choice question of %s: %s.", def.ID, strings.Join(ids, ", "))
		}
		la.Poll, la.Step = true, stepIndex(def, st.ID)
	}
	run, parts, err := b.prepareRun(ctx, g, def, liveStarter+req.Member.UserID, req.Now, liveRunWindow)
	if err != nil {
		return nil, nil, err
	}
	if err := b.store.CreateRun(ctx, run, parts); err != nil {
		return nil, nil, err
	}
	la.RunID = run.ID
	if s, err := b.store.OpenSession(ctx, g.ID); err == nil {
		la.SessionID = s.ID
	}
	if err := b.store.SaveLiveActivity(ctx, la); err != nil {
		return nil, nil, err
	}
	b.log.Info("live activity opened", "group", g.ID, "run", run.ID, "exercise", def.ID, "poll", la.Poll)
	if !la.Poll {
		b.enterStep(la, def, req.Now)
	}
	if err := b.showActivity(ctx, g, la, run, def, req.Now, fmt.Sprintf("live-%d", la.ID)); err != nil {
		return nil, nil, err
	}
	b.sched.Wake()
	return la, def, nil
}

func stepIndex(def *exercises.Definition, id string) int {
	for i := range def.Steps {
		if def.Steps[i].ID == id {
			return i
		}
	}
	return -1
}

// enterStep starts step la.Step, passing over say steps (their text is
// shown with the next step) and timing the rest.
func (b *Bot) enterStep(la *bot.LiveActivity, def *exercises.Definition, now time.Time) {
	for la.Step < len(def.Steps) && def.Steps[la.Step].Kind == exercises.StepSay && la.Step+1 < len(def.Steps) {
		la.Step++
	}
	la.StepEnds, la.NextEdit = time.Time{}, time.Time{}
	if la.Step >= len(def.Steps) {
		la.EndedAt = &now
		return
	}
	st := &def.Steps[la.Step]
	if m := st.LiveMinutes(); m > 0 {
		la.StepEnds = now.Add(time.Duration(m) * time.Minute)
		la.NextEdit = nextCountdownEdit(la.StepEnds, now)
	}
	if st.Kind == exercises.StepReveal && la.Step == len(def.Steps)-1 {
		la.EndedAt = &now // the last reveal stays on the screen
	}
}

// nextCountdownEdit is when a countdown ending at ends is next redrawn: at
// each whole minute left, then ten seconds before the end; the end itself
// moves the step on (and edits then).
func nextCountdownEdit(ends, now time.Time) time.Time {
	left := ends.Sub(now)
	switch {
	case left > time.Minute:
		whole := (left - time.Nanosecond) / time.Minute // whole minutes strictly below left
		return ends.Add(-whole * time.Minute)
	case left > countdownFinal:
		return ends.Add(-countdownFinal)
	}
	return ends
}

// countdownWords says how long is left, coarsely.
func countdownWords(ends, now time.Time) string {
	left := ends.Sub(now)
	switch {
	case left <= 0:
		return "Time is up."
	case left <= countdownFinal:
		return "About 10 seconds left."
	case left <= time.Minute:
		return "About a minute left."
	}
	return fmt.Sprintf("About %d minutes left.", int((left+time.Minute-time.Nanosecond)/time.Minute))
}

// showActivity renders la and edits its message (posting it the first
// time), then stores la.
func (b *Bot) showActivity(ctx context.Context, g *bot.Group, la *bot.LiveActivity, run *bot.Run, def *exercises.Definition, now time.Time, key string) error {
	m, err := b.activityMessage(ctx, la, run, def, now)
	if err != nil {
		return err
	}
	if la.Ref.MessageID == "" {
		m.Key = key
	}
	ref, err := b.showLive(ctx, g, la.Ref, m)
	if err != nil {
		b.log.Warn("live activity message not shown", "group", g.ID, "activity", la.ID, "err", err)
	} else {
		la.Ref = ref
	}
	if la.EndedAt != nil {
		if err := b.closeLiveRun(ctx, run); err != nil {
			return err
		}
	}
	return b.store.SaveLiveActivity(ctx, la)
}

// activityMessage is what the channel sees of a live activity now.
func (b *Bot) activityMessage(ctx context.Context, la *bot.LiveActivity, run *bot.Run, def *exercises.Definition, now time.Time) (bot.Message, error) {
	var sb strings.Builder
	if la.Poll {
		fmt.Fprintf(&sb, "**Live poll** · %s\n", def.Title)
	} else {
		fmt.Fprintf(&sb, "**%s** · live\n", def.Title)
	}
	if la.Step < 0 || la.Step >= len(def.Steps) {
		sb.WriteString("Finished. Thank you, everyone.")
		return bot.Message{Text: sb.String()}, nil
	}
	if !la.Poll {
		start := la.Step
		for start > 0 && def.Steps[start-1].Kind == exercises.StepSay {
			start--
		}
		for i := start; i < la.Step; i++ {
			sb.WriteString(def.Steps[i].Text + "\n")
		}
	}
	st := &def.Steps[la.Step]
	var blocks []bot.Block
	ended := la.EndedAt != nil
	switch st.Kind {
	case exercises.StepSay:
		sb.WriteString(st.Text + "\n")
	case exercises.StepAsk:
		fmt.Fprintf(&sb, "**%s**\n", st.Text)
		if ended {
			sb.WriteString("This question has closed. Thank you.")
			break
		}
		if st.Answer == exercises.AnswerScale && (st.Scale.Low != "" || st.Scale.High != "") {
			fmt.Fprintf(&sb, "%d = %s, %d = %s\n", st.Scale.Min, st.Scale.Low, st.Scale.Max, st.Scale.High)
		}
		sb.WriteString("Press your answer: only your therapists see who chose what.")
		if !la.StepEnds.IsZero() {
			sb.WriteString(" " + countdownWords(la.StepEnds, now))
		}
		blocks = liveAnswerBlocks(run.ID, st)
	case exercises.StepWait, exercises.StepDiscuss, exercises.StepGoaround:
		sb.WriteString(st.Text + "\n")
		if st.Kind == exercises.StepDiscuss {
			sb.WriteString("Talk it over together.\n")
		}
		sb.WriteString(countdownWords(la.StepEnds, now))
	case exercises.StepReveal:
		sb.WriteString(st.Text + "\n")
		text, err := b.revealText(ctx, run, def, askSteps(def.Steps[:la.Step]))
		if err != nil {
			return bot.Message{}, err
		}
		sb.WriteString(text)
	}
	return bot.Message{Text: strings.TrimRight(sb.String(), "\n"), Blocks: blocks}, nil
}

// liveAnswerBlocks are the answer buttons (or menu) of an ask step.
func liveAnswerBlocks(run int64, st *exercises.Step) []bot.Block {
	id := func(v int) string {
		return bot.CustomID{Kind: kindLiveVote, Ref: run, Step: st.ID, Value: strconv.Itoa(v)}.String()
	}
	switch st.Answer {
	case exercises.AnswerScale:
		var cs []bot.Choice
		for v := st.Scale.Min; v <= st.Scale.Max; v++ {
			cs = append(cs, bot.Choice{ID: id(v), Label: strconv.Itoa(v)})
		}
		return []bot.Block{&bot.Buttons{Choices: cs}}
	case exercises.AnswerChoose:
		if len(st.Choices) <= 5 {
			cs := make([]bot.Choice, len(st.Choices))
			for i, c := range st.Choices {
				cs[i] = bot.Choice{ID: id(i), Label: c}
			}
			return []bot.Block{&bot.Buttons{Choices: cs}}
		}
		fallthrough
	case exercises.AnswerChooseMany:
		cs := make([]bot.Choice, len(st.Choices))
		for i, c := range st.Choices {
			cs[i] = bot.Choice{ID: strconv.Itoa(i), Label: c}
		}
		most := 1
		if st.Answer == exercises.AnswerChooseMany {
			most = len(st.Choices)
		}
		return []bot.Block{&bot.Select{CustomID: bot.CustomID{Kind: kindLiveVote, Ref: run, Step: st.ID}.String(), Placeholder: "Choose…", Choices: cs, Min: 1, Max: most}}
	case exercises.AnswerText:
		return []bot.Block{&bot.Buttons{Choices: []bot.Choice{{ID: bot.CustomID{Kind: kindOpen, Ref: run}.String(), Label: "Answer privately", Style: "primary"}}}}
	}
	return nil
}

// answeredCount returns how many members answered step (any question when
// step is "") and how many are due (excused members are not).
func (b *Bot) answeredCount(ctx context.Context, run *bot.Run, step string) (int, int, error) {
	parts, err := b.store.Participation(ctx, run.ID)
	if err != nil {
		return 0, 0, err
	}
	recs, err := b.store.Answers(ctx, run.ID, "")
	if err != nil {
		return 0, 0, err
	}
	due := 0
	for _, p := range parts {
		if p.Status != bot.StatusExcused {
			due++
		}
	}
	who := map[string]bool{}
	for _, r := range recs {
		if step == "" || r.StepID == step {
			who[r.UserID] = true
		}
	}
	return len(who), due, nil
}

// askSteps returns the ask steps among steps.
func askSteps(steps []exercises.Step) []*exercises.Step {
	var out []*exercises.Step
	for i := range steps {
		if steps[i].Kind == exercises.StepAsk {
			out = append(out, &steps[i])
		}
	}
	return out
}

// revealText shows the group the answers to the questions asks, as the
// exercise allows, never below the small-group guard and never an answer
// that raised a safety alert.
func (b *Bot) revealText(ctx context.Context, run *bot.Run, def *exercises.Definition, asks []*exercises.Step) (string, error) {
	if !showsResults(def) {
		return "This exercise keeps answers with your therapists, so there is nothing to show here. Thank you for answering.", nil
	}
	recs, err := b.store.Answers(ctx, run.ID, "")
	if err != nil {
		return "", err
	}
	alerted, err := b.alertedSteps(ctx, run.GroupID, run.ID)
	if err != nil {
		return "", err
	}
	names, err := b.names(ctx, run.GroupID)
	if err != nil {
		return "", err
	}
	least := b.minRespondents()
	var lines []string
	for _, st := range asks {
		var shown []*bot.AnswerRecord
		respondents := 0
		for _, r := range recs {
			if r.StepID != st.ID || r.Answer.Skipped {
				continue
			}
			respondents++
			if !r.Answer.Alerted && !alerted[[2]string{r.UserID, r.StepID}] {
				shown = append(shown, r)
			}
		}
		if respondents < least {
			lines = append(lines, fmt.Sprintf("- %s — fewer than %d people answered, so the answers stay private. This keeps everyone's answers private in a small group.", st.Text, least))
			continue
		}
		if def.ResultsToGroup == exercises.ResultsAggregate && st.Answer != exercises.AnswerText {
			if l := aggregateLine(st, shown, least); l != "" {
				lines = append(lines, l)
			} else { // answers that raised an alert are left out, and that left too few
				lines = append(lines, fmt.Sprintf("- %s — fewer than %d answers can be shown, so they stay private.", st.Text, least))
			}
		}
		for _, r := range shown {
			if r.Answer.Shared {
				lines = append(lines, fmt.Sprintf("- %s: %s", names[r.UserID], AnswerText(st, exercises.Answer{Scale: r.Answer.Scale, Choices: r.Answer.Choices, Text: r.Answer.Text})))
			}
		}
	}
	if len(lines) == 0 {
		return "Nothing to show yet.", nil
	}
	return strings.Join(lines, "\n"), nil
}

// closeLiveRun closes the run behind a live activity. A live activity is
// part of the session, not between-session work: it is never due (neither
// raising nor lowering a rate), and the answers given in it are kept and
// shown with the member's other answers. Excused stays excused.
func (b *Bot) closeLiveRun(ctx context.Context, run *bot.Run) error {
	parts, err := b.store.Participation(ctx, run.ID)
	if err != nil {
		return err
	}
	now := b.clock.Now()
	for _, p := range parts {
		if p.Status == bot.StatusExcused || p.Status == bot.StatusNotDue {
			continue
		}
		p.Status, p.UpdatedAt = bot.StatusNotDue, now
		if err := b.store.SetParticipation(ctx, p); err != nil {
			return err
		}
	}
	return b.store.CloseRun(ctx, run.ID, now)
}

// liveOf returns the group's running live activity with its run and
// definition, or nil.
func (b *Bot) liveOf(ctx context.Context, groupID int64) (*bot.LiveActivity, *bot.Run, *exercises.Definition, error) {
	as, err := b.store.ActiveLiveActivities(ctx, groupID)
	if err != nil || len(as) == 0 {
		return nil, nil, nil, err
	}
	la := as[0]
	run, err := b.store.Run(ctx, la.RunID)
	if err != nil {
		return nil, nil, nil, err
	}
	def, err := b.definition(run)
	if err != nil {
		return nil, nil, nil, err
	}
	return la, run, def, nil
}

// activityNext moves the live activity to its next step now.
func (b *Bot) activityNext(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	defer b.lockLive(req.Group.ID)()
	la, run, def, err := b.liveOf(ctx, req.Group.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	if la == nil || la.Poll {
		return bot.Reply{}, bot.Errorf(bot.ENotFound, "There is no live activity running. Start one with /activity start EXERCISE.")
	}
	la.Step++
	b.enterStep(la, def, req.Now)
	if err := b.showActivity(ctx, req.Group, la, run, def, req.Now, ""); err != nil {
		return bot.Reply{}, err
	}
	if la.EndedAt != nil && la.Step >= len(def.Steps) {
		return bot.PrivateText("That was the last step; the activity has finished."), nil
	}
	return bot.PrivateText(fmt.Sprintf("Moved on to step %d of %d (%s).", la.Step+1, len(def.Steps), def.Steps[la.Step].Kind)), nil
}

// liveEnd ends the running activity or poll; reveal shows a poll's results first.
func (b *Bot) liveEnd(ctx context.Context, req *bot.Request, reveal bool) (bot.Reply, error) {
	defer b.lockLive(req.Group.ID)()
	la, run, def, err := b.liveOf(ctx, req.Group.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	if la == nil {
		return bot.Reply{}, bot.Errorf(bot.ENotFound, "There is no live poll or activity running.")
	}
	n, due, err := b.answeredCount(ctx, run, "")
	if err != nil {
		return bot.Reply{}, err
	}
	now := req.Now
	la.EndedAt = &now
	msg := fmt.Sprintf("Closed. %d of %d members answered.", n, due)
	if reveal && la.Poll {
		st := &def.Steps[la.Step]
		text, err := b.revealText(ctx, run, def, []*exercises.Step{st})
		if err != nil {
			return bot.Reply{}, err
		}
		m := bot.Message{Text: fmt.Sprintf("**Live poll** · %s\n**%s**\n%s", def.Title, st.Text, text)}
		if ref, err := b.showLive(ctx, req.Group, la.Ref, m); err == nil {
			la.Ref = ref
		}
		if err := b.closeLiveRun(ctx, run); err != nil {
			return bot.Reply{}, err
		}
		if err := b.store.SaveLiveActivity(ctx, la); err != nil {
			return bot.Reply{}, err
		}
		return bot.PrivateText(msg + " The results are shown in the channel, as far as the small-group guard allows."), nil
	}
	if !la.Poll {
		la.Step = len(def.Steps)
	}
	if err := b.showActivity(ctx, req.Group, la, run, def, now, ""); err != nil {
		return bot.Reply{}, err
	}
	return bot.PrivateText(msg), nil
}

func (b *Bot) activityEnd(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	return b.liveEnd(ctx, req, false)
}

func (b *Bot) pollReveal(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	la, _, _, err := b.liveOf(ctx, req.Group.ID) // liveEnd looks again under the lock
	if err != nil {
		return bot.Reply{}, err
	}
	if la != nil && !la.Poll {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "A live activity is running, not a poll; its reveal steps show results by themselves. /activity next moves it on.")
	}
	return b.liveEnd(ctx, req, true)
}

// actLiveVote stores a member's answer to the live question and moves the
// activity on once everyone due has answered.
func (b *Bot) actLiveVote(ctx context.Context, req *bot.Request, id bot.CustomID) (bot.Reply, error) {
	a, err := b.gate(ctx, req, id.Ref)
	if err != nil {
		return bot.Reply{}, err
	}
	unlock := b.lockLive(a.group.ID)
	defer unlock()
	la, run, def, err := b.liveOf(ctx, a.group.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	if la == nil || la.RunID != id.Ref || la.Step < 0 || la.Step >= len(def.Steps) || def.Steps[la.Step].ID != id.Step {
		return bot.PrivateText("This question has closed. Thank you for looking."), nil
	}
	st := &def.Steps[la.Step]
	values := []string{id.Value}
	if ev, ok := req.Event.(*bot.Action); ok && id.Value == "" {
		values = ev.Values
	}
	var ans exercises.Answer
	for _, v := range values {
		n, err := strconv.Atoi(v)
		if err != nil {
			return bot.Reply{}, bot.Errorf(bot.EInvalid, "That choice is not one of the options.")
		}
		if st.Answer == exercises.AnswerScale {
			ans.Scale = n
		} else {
			ans.Choices = append(ans.Choices, n)
		}
	}
	if _, err := b.save(ctx, a, st.ID, ans, req.Now); err != nil {
		return bot.Reply{}, err
	}
	rep := bot.PrivateText(fmt.Sprintf("Thank you, %s. Noted: %s. Only your therapists see who chose what; you can press another answer to change it.", a.member.DisplayName, AnswerText(st, ans)))
	if n, due, err := b.answeredCount(ctx, run, st.ID); err == nil && n >= due && !la.Poll {
		la.Step++
		b.enterStep(la, def, req.Now)
		if err := b.showActivity(ctx, a.group, la, run, def, req.Now, ""); err != nil {
			return bot.Reply{}, err
		}
	}
	return b.afterAnswer(a, rep), nil
}

// tickLiveActivities moves timed steps on and redraws countdowns.
func (b *Bot) tickLiveActivities(ctx context.Context, now time.Time) error {
	as, err := b.store.ActiveLiveActivities(ctx, 0)
	if err != nil {
		return err
	}
	for _, la := range as {
		if la.StepEnds.IsZero() || (now.Before(la.NextEdit) && now.Before(la.StepEnds)) {
			continue
		}
		if err := b.tickActivity(ctx, la.GroupID, la.ID, now); err != nil {
			return err
		}
	}
	return nil
}

// tickActivity moves activity id on or redraws its countdown, looking again
// under the group's lock: an answer or a command may have moved it meanwhile.
func (b *Bot) tickActivity(ctx context.Context, groupID, id int64, now time.Time) error {
	defer b.lockLive(groupID)()
	la, run, def, err := b.liveOf(ctx, groupID)
	if err != nil || la == nil || la.ID != id || la.StepEnds.IsZero() || (now.Before(la.NextEdit) && now.Before(la.StepEnds)) {
		return err
	}
	g, err := b.store.Group(ctx, groupID)
	if err != nil {
		return err
	}
	if !now.Before(la.StepEnds) {
		la.Step++
		b.enterStep(la, def, now)
	} else {
		la.NextEdit = nextCountdownEdit(la.StepEnds, now)
	}
	return b.showActivity(ctx, g, la, run, def, now, "")
}

// tickLive is the live hour's part of the scheduler's pass.
func (b *Bot) tickLive(ctx context.Context, now time.Time) error {
	err1 := b.tickGoArounds(ctx, now)
	err2 := b.tickLiveActivities(ctx, now)
	if err1 != nil {
		return err1
	}
	return err2
}

// nextLiveAt is when the live hour next needs a pass (zero: nothing timed).
func (b *Bot) nextLiveAt(ctx context.Context) time.Time {
	var next time.Time
	take := func(t time.Time) {
		if !t.IsZero() && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	if gas, err := b.store.GoArounds(ctx, 0, time.Time{}, time.Time{}, true); err == nil {
		for _, ga := range gas {
			take(ga.TurnEnds)
		}
	}
	if as, err := b.store.ActiveLiveActivities(ctx, 0); err == nil {
		for _, la := range as {
			take(la.NextEdit)
			take(la.StepEnds)
		}
	}
	return next
}

// endLiveAt ends the group's go-around and live activity when its session
// ends, so nothing keeps counting down after the hour.
func (b *Bot) endLiveAt(ctx context.Context, g *bot.Group, now time.Time) error {
	defer b.lockLive(g.ID)()
	if ga, err := b.activeGoAround(ctx, g.ID); err != nil {
		return err
	} else if ga != nil {
		ga.EndedAt, ga.TurnEnds, ga.Paused = &now, time.Time{}, false
		if err := b.saveAndShowGoAround(ctx, g, ga); err != nil {
			return err
		}
	}
	la, run, def, err := b.liveOf(ctx, g.ID)
	if err != nil || la == nil {
		return err
	}
	la.EndedAt = &now
	if !la.Poll {
		la.Step = len(def.Steps)
	}
	return b.showActivity(ctx, g, la, run, def, now, "")
}
