package core

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
)

// MyDataExport is the JSON a member downloads with /mydata.
type MyDataExport struct {
	Group    string           `json:"group"`
	UserID   string           `json:"user_id"`
	Name     string           `json:"name"`
	Role     bot.Role         `json:"role"`
	JoinedAt time.Time        `json:"joined_at"`
	Consent  bot.ConsentState `json:"consent"`
	Answers  []MyDataAnswer   `json:"answers"`
	Access   []MyDataAccess   `json:"access_log"`

	MyDataSafety               // consent details and safety alerts (safety_mydata.go)
	MyDataLive                 // go-around turns and session ratings (live_notes.go)
	MyDataBoard                // strategies on the board and the own time zone (strategy_mydata.go)
	Levels       []MyDataLevel `json:"levels,omitempty"` // levels.go
}

// MyDataAnswer is one of the member's answers.
type MyDataAnswer struct {
	Exercise   string    `json:"exercise"`
	Run        int64     `json:"run"`
	Question   string    `json:"question"`
	Answer     string    `json:"answer"`
	AnsweredAt time.Time `json:"answered_at"`
	Late       bool      `json:"late,omitempty"`
	Changes    string    `json:"changes,omitempty"` // "changed from … to … at …" (answer_history.go)
}

// MyDataAccess is one time someone looked at the member's data.
type MyDataAccess struct {
	Who    string    `json:"who"`
	Action string    `json:"action"`
	At     time.Time `json:"at"`
}

func (b *Bot) myData(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	g, m := req.Group, req.Member
	names, err := b.names(ctx, g.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	c, err := b.store.Consent(ctx, g.ID, m.UserID)
	if err != nil {
		return bot.Reply{}, err
	}
	exp := MyDataExport{Group: g.Name, UserID: m.UserID, Name: m.DisplayName, Role: m.Role, JoinedAt: m.JoinedAt, Consent: c.State, Answers: []MyDataAnswer{}, Access: []MyDataAccess{}}
	recs, err := b.store.UserAnswers(ctx, g.ID, m.UserID)
	if err != nil {
		return bot.Reply{}, err
	}
	hist, err := b.store.AnswerHistory(ctx, g.ID, m.UserID, time.Time{}, time.Time{})
	if err != nil {
		return bot.Reply{}, err
	}
	changed := changes(hist)
	played, err := b.myLevels(ctx, g, m.UserID, &exp) // levels.go: the level and form of each levelled run
	if err != nil {
		return bot.Reply{}, err
	}
	runs := map[int64]*bot.Run{}
	for _, r := range recs {
		run, ok := runs[r.RunID]
		if !ok {
			if run, err = b.store.Run(ctx, r.RunID); err != nil {
				return bot.Reply{}, err
			}
			runs[r.RunID] = run
		}
		def, err := b.definition(run)
		if err != nil {
			return bot.Reply{}, err
		}
		if a := played[r.RunID]; a != nil {
			def = def.AtLevel(a.Level, a.Form) // the items the member was given
		}
		st, ok := def.Step(r.StepID)
		if !ok {
			continue
		}
		exp.Answers = append(exp.Answers, MyDataAnswer{Exercise: def.Title, Run: run.ID, Question: st.Text, Answer: AnswerText(st, r.Answer), AnsweredAt: r.AnsweredAt, Late: r.Late,
			Changes: changeText(changed[answerKey{r.RunID, r.UserID, r.StepID}], func(a exercises.Answer) string { return AnswerText(st, a) }, func(t time.Time) string { return g.FormatTimeFrom(t, req.Now) })})
	}
	names[systemActor] = "groupwork (automatic)"
	audits, err := b.store.AuditAbout(ctx, g.ID, m.UserID)
	if err != nil {
		return bot.Reply{}, err
	}
	if exp.MyDataBoard, err = b.myBoardData(ctx, g.ID, m.UserID); err != nil {
		return bot.Reply{}, err
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "**Your data in %s**\nConsent: %s. Answers stored: %d.\n", g.Name, b.consentStatus(ctx, c), len(exp.Answers))
	sb.WriteString(exp.MyDataBoard.summary())
	if len(audits) == 0 {
		sb.WriteString("Nobody has looked at your answers through groupwork yet.\n")
	} else {
		sb.WriteString("Who looked at your data:\n")
	}
	for i, a := range audits {
		exp.Access = append(exp.Access, MyDataAccess{Who: actorName(names, a.ActorID), Action: a.Action, At: a.At})
		if i < 10 {
			fmt.Fprintf(&sb, "- %s, %s (%s)\n", actorName(names, a.ActorID), g.FormatTimeFrom(a.At, req.Now), a.Action)
		}
	}
	if len(audits) > 10 {
		fmt.Fprintf(&sb, "- … and %d more in the attached file\n", len(audits)-10)
	}
	b.myDataSafety(ctx, g, m, c, &exp, &sb)
	b.myDataLive(ctx, g, m, &exp, &sb)
	sb.WriteString("The attached file has all your answers.")
	data, err := json.MarshalIndent(exp, "", "  ")
	if err != nil {
		return bot.Reply{}, fmt.Errorf("encode my data: %w", err)
	}
	return bot.Reply{Private: true, Message: &bot.Message{Text: sb.String(), Blocks: []bot.Block{&bot.File{Name: "my-data.json", ContentType: "application/json", Data: data}}}}, nil
}

func (b *Bot) help(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	want, _ := req.Cmd.String("command")
	want = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(want)), "/")
	var sb strings.Builder
	if req.Group != nil {
		fmt.Fprintf(&sb, "**groupwork in %s**\n", req.Group.Name)
	} else {
		sb.WriteString("**groupwork**\n")
	}
	shown := 0
	for _, s := range b.router.Specs() {
		if want != "" && s.Name != want && s.Path() != want {
			continue
		}
		if !s.Access.Allows(req.Member) && !(s.Access == bot.AccessAnyone) {
			continue
		}
		shown++
		fmt.Fprintf(&sb, "- /%s", s.Path())
		for _, o := range s.Options {
			if o.Required {
				fmt.Fprintf(&sb, " <%s>", o.Name)
			} else {
				fmt.Fprintf(&sb, " [%s]", o.Name)
			}
		}
		fmt.Fprintf(&sb, " — %s\n", s.Description)
	}
	if shown == 0 {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "I don't know the command %q. Type /help to see what you can do.", want)
	}
	if req.Member == nil {
		sb.WriteString("You are not in a group in this channel. A therapist adds you with /group add.")
	}
	return bot.PrivateText(strings.TrimRight(sb.String(), "\n")), nil
}
