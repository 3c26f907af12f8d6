package bot

import (
	"context"
	"strconv"
)

// consentReply shows the consent notice with accept and decline buttons. runID,
// when not 0, is the exercise the member was about to answer: accepting
// takes them straight to it.
func (b *Bot) consentReply(g *Group, runID int64, intro string) Reply {
	step := ""
	if runID != 0 {
		step = strconv.FormatInt(runID, 10)
	}
	m := Message{
		Text: intro + "\n\n**Privacy in " + g.Name + "**\n" + b.cfg.ConsentNotice,
		Blocks: []Block{&Buttons{Choices: []Choice{
			{ID: CustomID{Kind: kindConsent, Ref: g.ID, Step: step, Value: "accept"}.String(), Label: "I accept", Style: "primary"},
			{ID: CustomID{Kind: kindConsent, Ref: g.ID, Step: step, Value: "decline"}.String(), Label: "Not now", Style: "secondary"},
		}}},
	}
	return Reply{Message: &m, Private: true}
}

func (b *Bot) actConsent(ctx context.Context, req *Request, id CustomID) (Reply, error) {
	g, err := b.store.Group(ctx, id.Ref)
	if err != nil {
		return Reply{}, err
	}
	meta := req.Event.Meta()
	if g.Platform != meta.Place.Platform {
		return Reply{}, Errorf(ENotFound, "That group is not here.")
	}
	if _, err := b.store.Membership(ctx, g.ID, meta.User.ID); err != nil {
		if ErrorCode(err) == ENotFound {
			return Reply{}, Errorf(EForbidden, "This notice is for the members of %s.", g.Name)
		}
		return Reply{}, err
	}
	accept := id.Value == "accept"
	if err := b.decideConsent(ctx, g, meta.User.ID, accept, req); err != nil {
		return Reply{}, err
	}
	if !accept {
		return Reply{Message: &Message{Text: declinedText}, Private: true, Update: true}, nil
	}
	if id.Step != "" {
		runID, err := strconv.ParseInt(id.Step, 10, 64)
		if err != nil {
			return Reply{}, Errorf(EInvalid, "That button is no longer in use.")
		}
		rep, err := b.actOpen(ctx, req, CustomID{Kind: kindOpen, Ref: runID})
		if err != nil {
			return Reply{}, err
		}
		rep.Update = true
		if rep.Message != nil {
			rep.Message.Text = "Thank you — you have accepted. Here is your first question.\n\n" + rep.Message.Text
		}
		return rep, nil
	}
	return Reply{Message: &Message{Text: "Thank you — you have accepted. You can now answer exercises. You can change your mind at any time with /privacy decline."}, Private: true, Update: true}, nil
}

const declinedText = "That is fine. Nothing you answer will be saved, and exercises will ask you again. If you change your mind, type /privacy accept."

func (b *Bot) decideConsent(ctx context.Context, g *Group, userID string, accept bool, req *Request) error {
	st := ConsentDeclined
	if accept {
		st = ConsentAccepted
	}
	return b.store.SetConsent(ctx, &Consent{GroupID: g.ID, UserID: userID, State: st, Version: b.cfg.ConsentVersion, DecidedAt: req.Now})
}

func (b *Bot) privacy(ctx context.Context, req *Request) (Reply, error) {
	choice, _ := req.Cmd.String("choice")
	switch choice {
	case "accept":
		if err := b.decideConsent(ctx, req.Group, req.Member.UserID, true, req); err != nil {
			return Reply{}, err
		}
		return PrivateText("Thank you — you have accepted. You can now answer exercises in " + req.Group.Name + "."), nil
	case "decline":
		if err := b.decideConsent(ctx, req.Group, req.Member.UserID, false, req); err != nil {
			return Reply{}, err
		}
		return PrivateText(declinedText + " Answers you already gave stay with your therapists; to erase them, ask your therapist."), nil
	}
	c, err := b.store.Consent(ctx, req.Group.ID, req.Member.UserID)
	if err != nil {
		return Reply{}, err
	}
	return b.consentReply(req.Group, 0, "You have "+consentPhrase(c.State)+"."), nil
}

func consentPhrase(s ConsentState) string {
	switch s {
	case ConsentAccepted:
		return "accepted this notice"
	case ConsentDeclined:
		return "declined this notice for now"
	}
	return "not answered this notice yet"
}
