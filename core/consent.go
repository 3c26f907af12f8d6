package core

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"groupwork/bot"
)

// ConsentPlaceholders are the words a consent notice may contain in braces;
// each is filled in for the group the notice is shown in.
var ConsentPlaceholders = map[string]string{
	"group":     "the group's name",
	"retention": `how long answers are kept in this group, e.g. "365 days" (its /group retention, else retention_days)`,
}

// consentNotice is the configured notice with its placeholders filled in for g.
func (b *Bot) consentNotice(ctx context.Context, g *bot.Group) string {
	retention := "as long as your therapist agreed with you"
	if s, err := b.settings(ctx, g.ID); err == nil {
		retention = bot.Plural(b.retentionDays(s), "day")
	} else {
		b.log.Error("consent notice settings", "group", g.ID, "err", err)
	}
	return strings.NewReplacer("{group}", g.Name, "{retention}", retention).Replace(b.cfg.ConsentNotice)
}

// consentVersion identifies the notice a group's members see now: the
// configured version and, when the notice states the retention, the
// group's retention, because a member agreed to that period ("2 · kept 365
// days"). A new version, or a longer retention, asks every member again.
func (b *Bot) consentVersion(ctx context.Context, groupID int64) (string, error) {
	if !strings.Contains(b.cfg.ConsentNotice, "{retention}") {
		return b.cfg.ConsentVersion, nil
	}
	s, err := b.settings(ctx, groupID)
	if err != nil {
		return "", err
	}
	return b.cfg.ConsentVersion + keptSep + bot.Plural(b.retentionDays(s), "day"), nil
}

// consentCurrent reports whether c is an acceptance of the notice in use
// now: an acceptance of an earlier version no longer counts. It fails
// closed: when the version cannot be worked out, c does not count.
func (b *Bot) consentCurrent(ctx context.Context, c *bot.Consent) bool {
	if c.State != bot.ConsentAccepted {
		return false
	}
	v, err := b.consentVersion(ctx, c.GroupID)
	if err != nil {
		b.log.Error("consent version", "group", c.GroupID, "err", err)
		return false
	}
	if c.Version == v {
		return true
	}
	// A shorter retention than the member accepted is in their favour: it
	// does not ask again. A longer one, or another notice, does.
	base, days, ok := splitConsentVersion(c.Version)
	nbase, ndays, nok := splitConsentVersion(v)
	return ok && nok && base == nbase && ndays <= days
}

const keptSep = " · kept "

// splitConsentVersion splits "2 · kept 365 days" into "2" and 365.
func splitConsentVersion(v string) (string, int, bool) {
	base, kept, ok := strings.Cut(v, keptSep)
	if !ok {
		return "", 0, false
	}
	var days int
	if _, err := fmt.Sscanf(kept, "%d day", &days); err != nil {
		return "", 0, false
	}
	return base, days, true
}

// consentStatus describes c for the member's therapists and for /mydata.
func (b *Bot) consentStatus(ctx context.Context, c *bot.Consent) string {
	if c.State == bot.ConsentAccepted && !b.consentCurrent(ctx, c) {
		return fmt.Sprintf("accepted an earlier notice (version %s); will be asked again", c.Version)
	}
	return consentWords(c.State)
}

// consentGate returns the notice to show instead of an exercise when the
// member has not accepted the current notice, or nil when they have.
func (b *Bot) consentGate(ctx context.Context, g *bot.Group, userID string, runID int64) (*bot.Reply, error) {
	c, err := b.store.Consent(ctx, g.ID, userID)
	if err != nil {
		return nil, err
	}
	if b.consentCurrent(ctx, c) {
		return nil, nil
	}
	intro := "Thank you for wanting to answer. Before anything you answer can be saved, please read this and choose. Nothing has been saved yet."
	if c.State == bot.ConsentAccepted {
		intro = "The privacy notice of this group has changed since you accepted it. Please read it again and choose before you answer. Nothing new has been saved yet."
	}
	rep := b.consentReply(ctx, g, runID, intro)
	return &rep, nil
}

// consentReply shows the consent notice with accept and decline buttons. runID,
// when not 0, is the exercise the member was about to answer: accepting
// takes them straight to it.
func (b *Bot) consentReply(ctx context.Context, g *bot.Group, runID int64, intro string) bot.Reply {
	step := ""
	if runID != 0 {
		step = strconv.FormatInt(runID, 10)
	}
	m := bot.Message{
		Text: intro + "\n\n**Privacy in " + g.Name + "**\n" + b.consentNotice(ctx, g),
		Blocks: []bot.Block{&bot.Buttons{Choices: []bot.Choice{
			{ID: bot.CustomID{Kind: kindConsent, Ref: g.ID, Step: step, Value: "accept"}.String(), Label: "I accept", Style: "primary"},
			{ID: bot.CustomID{Kind: kindConsent, Ref: g.ID, Step: step, Value: "decline"}.String(), Label: "Not now", Style: "secondary"},
		}}},
	}
	return bot.Reply{Message: &m, Private: true}
}

func (b *Bot) actConsent(ctx context.Context, req *bot.Request, id bot.CustomID) (bot.Reply, error) {
	g, err := b.store.Group(ctx, id.Ref)
	if err != nil {
		return bot.Reply{}, err
	}
	meta := req.Event.Meta()
	if g.Platform != meta.Place.Platform {
		return bot.Reply{}, bot.Errorf(bot.ENotFound, "That group is not here.")
	}
	if _, err := b.store.Membership(ctx, g.ID, meta.User.ID); err != nil {
		if bot.ErrorCode(err) == bot.ENotFound {
			return bot.Reply{}, bot.Errorf(bot.EForbidden, "This notice is for the members of %s.", g.Name)
		}
		return bot.Reply{}, err
	}
	accept := id.Value == "accept"
	if err := b.decideConsent(ctx, g, meta.User.ID, accept, req); err != nil {
		return bot.Reply{}, err
	}
	if !accept {
		return bot.Reply{Message: &bot.Message{Text: declinedText}, Private: true, Update: true}, nil
	}
	if id.Step != "" {
		runID, err := strconv.ParseInt(id.Step, 10, 64)
		if err != nil {
			return bot.Reply{}, bot.Errorf(bot.EInvalid, "That button is no longer in use.")
		}
		rep, err := b.actOpen(ctx, req, bot.CustomID{Kind: kindOpen, Ref: runID})
		if err != nil {
			return bot.Reply{}, err
		}
		rep.Update = true
		if rep.Message != nil {
			rep.Message.Text = "Thank you — you have accepted. Here is your first question.\n\n" + rep.Message.Text
		}
		return rep, nil
	}
	return bot.Reply{Message: &bot.Message{Text: "Thank you — you have accepted. You can now answer exercises. You can change your mind at any time with /privacy decline."}, Private: true, Update: true}, nil
}

const declinedText = "That is fine. Nothing you answer will be saved from now on, and exercises will ask you again. " +
	"Answers you gave before stay with your therapists; to erase them, type /forgetme. If you change your mind, type /privacy accept."

func (b *Bot) decideConsent(ctx context.Context, g *bot.Group, userID string, accept bool, req *bot.Request) error {
	st := bot.ConsentDeclined
	if accept {
		st = bot.ConsentAccepted
	}
	v, err := b.consentVersion(ctx, g.ID)
	if err != nil {
		return err
	}
	return b.store.SetConsent(ctx, &bot.Consent{GroupID: g.ID, UserID: userID, State: st, Version: v, DecidedAt: req.Now})
}

func (b *Bot) privacy(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	choice, _ := req.Cmd.String("choice")
	switch choice {
	case "accept":
		if err := b.decideConsent(ctx, req.Group, req.Member.UserID, true, req); err != nil {
			return bot.Reply{}, err
		}
		return bot.PrivateText("Thank you — you have accepted. You can now answer exercises in " + req.Group.Name + "."), nil
	case "decline":
		if err := b.decideConsent(ctx, req.Group, req.Member.UserID, false, req); err != nil {
			return bot.Reply{}, err
		}
		return bot.PrivateText(declinedText), nil
	}
	c, err := b.store.Consent(ctx, req.Group.ID, req.Member.UserID)
	if err != nil {
		return bot.Reply{}, err
	}
	intro := "You have " + consentPhrase(c.State) + "."
	if c.State == bot.ConsentAccepted && !b.consentCurrent(ctx, c) {
		intro = "You accepted an earlier version of this notice. It has changed: please read it again and choose."
	}
	return b.consentReply(ctx, req.Group, 0, intro), nil
}

func consentPhrase(s bot.ConsentState) string {
	switch s {
	case bot.ConsentAccepted:
		return "accepted this notice"
	case bot.ConsentDeclined:
		return "declined this notice for now"
	}
	return "not answered this notice yet"
}
