package core

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"

	"groupwork/bot"
)

// kindForget is the confirmation of /forgetme: Ref = group id, Value = yes|no.
const kindForget = "forget"

func (b *Bot) forgetMe(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	if req.Member.Role != bot.RoleMember {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "/forgetme is for members. Therapists leave a group through its lead therapist.")
	}
	keep := "Nothing is kept that could name you."
	if b.cfg.ForgetKeepsCounts {
		keep = "Your therapist keeps only anonymous counts (how many exercises were answered), without your name or answers."
	}
	m := bot.Message{
		Text: fmt.Sprintf("**Erase your data in %s?**\nThis deletes every answer you gave here and your name, and you leave the group. %s It cannot be undone. You can first download your data with /mydata.", req.Group.Name, keep),
		Blocks: []bot.Block{&bot.Buttons{Choices: []bot.Choice{
			{ID: bot.CustomID{Kind: kindForget, Ref: req.Group.ID, Value: "yes"}.String(), Label: "Erase my data", Style: "danger"},
			{ID: bot.CustomID{Kind: kindForget, Ref: req.Group.ID, Value: "no"}.String(), Label: "Keep my data", Style: "secondary"},
		}}},
	}
	return bot.Reply{Message: &m, Private: true}, nil
}

func (b *Bot) actForget(ctx context.Context, req *bot.Request, id bot.CustomID) (bot.Reply, error) {
	g, err := b.erasure.Group(ctx, id.Ref)
	if err != nil {
		return bot.Reply{}, err
	}
	meta := req.Event.Meta()
	m, err := b.erasure.Membership(ctx, g.ID, meta.User.ID)
	if g.Platform != meta.Place.Platform || bot.ErrorCode(err) == bot.ENotFound {
		return bot.Reply{}, bot.Errorf(bot.EForbidden, "Only members of that group can erase their data there.")
	}
	if err != nil {
		return bot.Reply{}, err
	}
	if m.Role != bot.RoleMember {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "/forgetme is for members.")
	}
	if id.Value != "yes" {
		return bot.Reply{Message: &bot.Message{Text: "Nothing was erased."}, Private: true, Update: true}, nil
	}
	anon := anonID()
	ctx = context.WithoutCancel(ctx) // finish an erasure once started
	// Read the results posts that quote them before their answers go.
	stale, err := b.resultsNaming(ctx, g, m.UserID)
	if err != nil {
		return bot.Reply{}, err
	}
	c, err := b.erasure.Forget(ctx, g.ID, m.UserID, anon, b.cfg.ForgetKeepsCounts, req.Now)
	if errors.Is(err, bot.ErrNotTruncated) {
		b.log.Warn("member erased; WAL truncation deferred by a reader, retried on the next maintenance pass", "group", g.ID)
		b.truncationDeferred()
	} else if err != nil {
		return bot.Reply{}, err
	}
	if err := b.erasure.AddAudit(ctx, &bot.AuditRecord{GroupID: g.ID, ActorID: anon, Action: "forgetme: answers and identifiers erased", Subjects: []string{anon}, At: req.Now}); err != nil {
		return bot.Reply{}, err
	}
	b.log.Info("member erased", "group", g.ID, "answers", c.Answers)
	edited, left, err := b.unpostResults(ctx, g, stale)
	if err != nil {
		b.log.Warn("take erased answers out of results posts", "group", g.ID, "err", err)
	}
	b.safety.mu.Lock()
	delete(b.safety.footers, g.ID)
	b.safety.mu.Unlock()
	kept := "Their participation rows were deleted too."
	if b.cfg.ForgetKeepsCounts {
		kept = "Their participation is kept as anonymous counts under " + anon + "."
	}
	note := bot.Message{Text: fmt.Sprintf("%s used /forgetme in **%s** (%s): their %d answer(s) and identifiers were erased and they left the group. %s",
		orWord(m.DisplayName, "A member"), g.Name, g.FormatTimeFrom(req.Now, req.Now), c.Answers, kept) + leadWords(g, left, req.Now)}
	leadTold := true
	if err := b.tellLead(ctx, g, note); err != nil {
		leadTold = false
		b.log.Warn("tell lead about erasure", "group", g.ID, "err", err)
	}
	return bot.Reply{Message: &bot.Message{Text: fmt.Sprintf("Done. Your answers and your name are erased from %s, and you have left the group. Your therapist has been told.", g.Name) + unpostWords(edited, left, leadTold)}, Private: true, Update: true}, nil
}

func anonID() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return "anon-" + hex.EncodeToString(b[:])
}
