package core

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"groupwork/bot"
)

// Notes during the hour and the members' optional end-of-session rating.

// maxSessionNote keeps a note to one line.
const maxSessionNote = 300

// kindRate is a member's end-of-session rating button: Ref is the session,
// Step "helpful" or "connected", Value 1–5.
const kindRate = "rate"

// ratingOpenFor is how long after a session its rating buttons still count.
const ratingOpenFor = 24 * time.Hour

// sessionNote records a therapist's private one-line observation of a
// member in the current (or last) session. A second note for the same
// member and session replaces the first, which stays in the history.
func (b *Bot) sessionNote(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	g := req.Group
	uid, _ := req.Cmd.UserOpt("member")
	text, _ := req.Cmd.String("text")
	text = strings.TrimSpace(text)
	if text == "" {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "Write the note after the member: /session note @member Spoke about work for the first time.")
	}
	if strings.ContainsAny(text, "\n\r") || len([]rune(text)) > maxSessionNote {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "A session note is one line of at most %d characters.", maxSessionNote)
	}
	m, err := b.store.Membership(ctx, g.ID, uid)
	if err != nil || m.Role != bot.RoleMember {
		if err == nil || bot.ErrorCode(err) == bot.ENotFound {
			return bot.Reply{}, bot.Errorf(bot.ENotFound, "That person is not a member of this group.")
		}
		return bot.Reply{}, err
	}
	s, err := b.currentOrLastSession(ctx, g.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	prev, err := b.store.SessionNotes(ctx, g.ID, uid)
	if err != nil {
		return bot.Reply{}, err
	}
	replaces := false
	for _, n := range prev {
		if n.SessionID == s.ID && n.ReplacedAt == nil {
			replaces = true
		}
	}
	if err := b.store.AddSessionNote(ctx, &bot.SessionNote{GroupID: g.ID, SessionID: s.ID, UserID: uid, Author: req.Member.UserID, Text: text, At: req.Now}); err != nil {
		return bot.Reply{}, err
	}
	msg := fmt.Sprintf("Noted for %s (session of %s). Only therapists see it; it appears in /review member.", m.DisplayName, g.FormatTimeFrom(s.StartedAt, req.Now))
	if replaces {
		msg += " It replaces your earlier note for this session, which is kept in the note's history."
	}
	return bot.PrivateText(msg), nil
}

// ratingMessage is the optional one-minute rating posted at /session end:
// one question at a time, the second comes privately after the first.
// The wording is our own and generic: no licensed scale is used.
func ratingMessage(sessionID int64) bot.Message {
	return bot.Message{
		Text: "**Before you go — one minute, if you like.** Two short questions; your answers are private to your therapists, and you can skip them.\n" +
			"How helpful was today's session for you? (1 = not at all, 5 = very)",
		Blocks: []bot.Block{ratingRow(sessionID, "helpful")},
		Key:    fmt.Sprintf("rating-%d", sessionID),
	}
}

func ratingRow(sessionID int64, step string) *bot.Buttons {
	var cs []bot.Choice
	for v := 1; v <= 5; v++ {
		cs = append(cs, bot.Choice{ID: bot.CustomID{Kind: kindRate, Ref: sessionID, Step: step, Value: strconv.Itoa(v)}.String(), Label: strconv.Itoa(v)})
	}
	return &bot.Buttons{Choices: cs}
}

// actRate stores one of a member's two ratings.
func (b *Bot) actRate(ctx context.Context, req *bot.Request, id bot.CustomID) (bot.Reply, error) {
	g, m, err := b.actionPlace(ctx, req)
	if err != nil {
		return bot.Reply{}, err
	}
	if m == nil || m.Role != bot.RoleMember {
		return bot.Reply{}, bot.Errorf(bot.EForbidden, "This rating is for the group's members.")
	}
	v, err := strconv.Atoi(id.Value)
	if err != nil || v < 1 || v > 5 || (id.Step != "helpful" && id.Step != "connected") {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "That button is no longer in use.")
	}
	sessions, err := b.store.LiveSessions(ctx, g.ID, time.Time{}, time.Time{})
	if err != nil {
		return bot.Reply{}, err
	}
	var s *bot.LiveSession
	for _, x := range sessions {
		if x.ID == id.Ref {
			s = x
		}
	}
	if s == nil || (s.EndedAt != nil && req.Now.Sub(*s.EndedAt) > ratingOpenFor) {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "This rating has closed. Thank you for looking.")
	}
	if rep, err := b.consentGate(ctx, g, m.UserID, 0); err != nil {
		return bot.Reply{}, err
	} else if rep != nil {
		return *rep, nil
	}
	r := &bot.SessionRating{SessionID: s.ID, UserID: m.UserID, At: req.Now}
	rs, err := b.store.SessionRatings(ctx, g.ID, s.StartedAt, s.StartedAt.Add(time.Nanosecond))
	if err != nil {
		return bot.Reply{}, err
	}
	for _, x := range rs {
		if x.UserID == r.UserID {
			r.Helpful, r.Connected = x.Helpful, x.Connected
		}
	}
	if id.Step == "helpful" {
		r.Helpful = v
	} else {
		r.Connected = v
	}
	if err := b.store.SetSessionRating(ctx, r); err != nil {
		return bot.Reply{}, err
	}
	if r.Connected == 0 {
		return bot.Reply{Private: true, Message: &bot.Message{
			Text:   fmt.Sprintf("Thank you, noted %d. One more: how connected did you feel to the group today? (1 = not at all, 5 = very)", v),
			Blocks: []bot.Block{ratingRow(s.ID, "connected")},
		}}, nil
	}
	if r.Helpful == 0 {
		return bot.PrivateText(fmt.Sprintf("Thank you, noted %d.", v)), nil
	}
	return bot.PrivateText(fmt.Sprintf("Thank you, %s. Noted: helpful %d, connected %d. Press another number to change it.", m.DisplayName, r.Helpful, r.Connected)), nil
}

// actionPlace finds the group of the channel an action came from and the
// presser's active membership in it (nil when they have none). Actions
// carry no group of their own; each handler still checks that what the
// custom id names belongs to this group.
func (b *Bot) actionPlace(ctx context.Context, req *bot.Request) (*bot.Group, *bot.Membership, error) {
	meta := req.Event.Meta()
	g, err := b.store.GroupByChannel(ctx, meta.Place.Platform, meta.Place.ChannelID)
	if bot.ErrorCode(err) == bot.ENotFound {
		return nil, nil, bot.Errorf(bot.ENotFound, "That button is no longer in use.")
	} else if err != nil {
		return nil, nil, err
	}
	m, err := b.store.Membership(ctx, g.ID, meta.User.ID)
	if bot.ErrorCode(err) == bot.ENotFound {
		return g, nil, nil
	}
	return g, m, err
}

// memberLiveLines are the live hour's lines of a member's progress note:
// the therapists' session notes (the current one of each session, saying
// when it replaced an earlier one) and their end-of-session ratings, for
// sessions started in [from, to).
func (b *Bot) memberLiveLines(ctx context.Context, g *bot.Group, userID string, from, to, now time.Time) (string, error) {
	sessions, err := b.store.LiveSessions(ctx, g.ID, from, to)
	if err != nil || len(sessions) == 0 {
		return "", err
	}
	in := map[int64]*bot.LiveSession{}
	for _, s := range sessions {
		in[s.ID] = s
	}
	notes, err := b.store.SessionNotes(ctx, g.ID, userID)
	if err != nil {
		return "", err
	}
	var sb strings.Builder
	replaced := map[int64]int{}
	for _, n := range notes {
		if n.ReplacedAt != nil {
			replaced[n.SessionID]++
		}
	}
	for _, n := range notes {
		s := in[n.SessionID]
		if s == nil || n.ReplacedAt != nil {
			continue
		}
		if sb.Len() == 0 {
			sb.WriteString("Session notes:\n")
		}
		fmt.Fprintf(&sb, "- %s: %s", g.FormatTimeFrom(s.StartedAt, now), n.Text)
		if k := replaced[n.SessionID]; k > 0 {
			fmt.Fprintf(&sb, " (replaces %d earlier %s)", k, pluralWord(k, "note", "notes"))
		}
		sb.WriteString("\n")
	}
	rs, err := b.store.SessionRatings(ctx, g.ID, from, to)
	if err != nil {
		return "", err
	}
	var rated []string
	for _, r := range rs {
		if r.UserID != userID || in[r.SessionID] == nil {
			continue
		}
		part := g.FormatTimeFrom(in[r.SessionID].StartedAt, now) + ":"
		if r.Helpful > 0 {
			part += fmt.Sprintf(" helpful %d", r.Helpful)
		}
		if r.Connected > 0 {
			part += fmt.Sprintf(" connected %d", r.Connected)
		}
		rated = append(rated, part)
	}
	if len(rated) > 0 {
		fmt.Fprintf(&sb, "End-of-session ratings (1–5): %s.\n", strings.Join(rated, "; "))
	}
	return strings.TrimRight(sb.String(), "\n"), nil
}

// MyDataLive is what the live hour holds about a member, for /mydata:
// how their go-around turns ended (never what they said), the ratings they
// gave, and how many session notes their therapists keep about them.
type MyDataLive struct {
	GoAroundTurns  []MyDataTurn   `json:"go_around_turns,omitempty"`
	SessionRatings []MyDataRating `json:"session_ratings,omitempty"`
	SessionNotes   int            `json:"therapist_session_notes,omitempty"`
}

// MyDataTurn is one go-around turn.
type MyDataTurn struct {
	Prompt  string    `json:"prompt"`
	Outcome string    `json:"outcome"`
	At      time.Time `json:"at"`
}

// MyDataRating is one end-of-session rating.
type MyDataRating struct {
	Session   time.Time `json:"session"`
	Helpful   int       `json:"helpful,omitempty"`
	Connected int       `json:"connected,omitempty"`
}

// myDataLive adds the live hour's records to /mydata. A failure to read
// them leaves them out and says so, rather than failing /mydata.
func (b *Bot) myDataLive(ctx context.Context, g *bot.Group, m *bot.Membership, exp *MyDataExport, sb *strings.Builder) {
	gas, err1 := b.store.GoArounds(ctx, g.ID, time.Time{}, time.Time{}, false)
	sessions, err2 := b.store.LiveSessions(ctx, g.ID, time.Time{}, time.Time{})
	rs, err3 := b.store.SessionRatings(ctx, g.ID, time.Time{}, time.Time{})
	notes, err4 := b.store.SessionNotes(ctx, g.ID, m.UserID)
	if err1 != nil || err2 != nil || err3 != nil || err4 != nil {
		b.log.Error("mydata live hour", "group", g.ID)
		sb.WriteString("Your go-around turns and session ratings could not be read just now; ask again later.\n")
		return
	}
	for _, ga := range gas {
		for _, t := range ga.Turns {
			if t.UserID == m.UserID && t.Outcome != "" {
				exp.GoAroundTurns = append(exp.GoAroundTurns, MyDataTurn{Prompt: ga.Prompt, Outcome: turnWords(t.Outcome), At: t.At})
			}
		}
	}
	started := map[int64]time.Time{}
	for _, s := range sessions {
		started[s.ID] = s.StartedAt
	}
	for _, r := range rs {
		if r.UserID == m.UserID {
			exp.SessionRatings = append(exp.SessionRatings, MyDataRating{Session: started[r.SessionID], Helpful: r.Helpful, Connected: r.Connected})
		}
	}
	for _, n := range notes {
		if n.ReplacedAt == nil {
			exp.SessionNotes++
		}
	}
	if len(exp.GoAroundTurns)+len(exp.SessionRatings) > 0 {
		fmt.Fprintf(sb, "Live sessions: %d go-around %s (only whether you shared or passed, never what you said), %d session %s you gave.\n",
			len(exp.GoAroundTurns), pluralWord(len(exp.GoAroundTurns), "turn", "turns"), len(exp.SessionRatings), pluralWord(len(exp.SessionRatings), "rating", "ratings"))
	}
	if exp.SessionNotes > 0 {
		fmt.Fprintf(sb, "Your therapists keep %d private session %s about you; ask them if you would like to talk about them.\n", exp.SessionNotes, pluralWord(exp.SessionNotes, "note", "notes"))
	}
}
