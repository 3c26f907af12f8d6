package core

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"groupwork/bot"
)

func (b *Bot) sessionStart(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	g := req.Group
	if ended, err := b.groupEnded(ctx, g.ID); err != nil {
		return bot.Reply{}, err
	} else if ended {
		return bot.Reply{}, errGroupEnded(g)
	}
	if s, err := b.store.OpenSession(ctx, g.ID); err == nil {
		return bot.Reply{}, bot.Errorf(bot.EConflict, "A live session is already open since %s. End it with /session end.", g.FormatTimeFrom(s.StartedAt, req.Now))
	} else if bot.ErrorCode(err) != bot.ENotFound {
		return bot.Reply{}, err
	}
	voice, _ := req.Cmd.String("voice")
	grace := bot.DefaultAttendanceGrace
	if n, ok, _ := req.Cmd.Int("grace"); ok {
		if n < 0 || n > 120 {
			return bot.Reply{}, bot.Errorf(bot.EInvalid, "The grace time is in minutes, from 0 to 120 (for example 10).")
		}
		grace = time.Duration(n) * time.Minute
	}
	s := &bot.LiveSession{GroupID: g.ID, StartedAt: req.Now, StartedBy: req.Member.UserID, VoiceChannelID: strings.TrimSpace(voice), Grace: grace}
	if err := b.store.StartSession(ctx, s); err != nil {
		return bot.Reply{}, err
	}
	planMembers, planTherapist, err := b.planAtStart(ctx, g, s) // live_plan.go
	if err != nil {
		return bot.Reply{}, err
	}
	where := "any voice channel"
	if s.VoiceChannelID != "" {
		where = "the voice channel " + s.VoiceChannelID
	}
	// Members are told, in the channel, that attendance is being taken and
	// what is recorded. Failing to post does not undo the session.
	note := "The live session has started. For attendance I note when each member joins and leaves the voice channel — only those times, nothing that is said."
	if a, err := b.adapter(g.Platform); err == nil {
		if _, err := a.Post(ctx, g.ChannelID, bot.Message{Text: note + planMembers, Key: fmt.Sprintf("session-%d", s.ID)}); err != nil {
			b.log.Warn("session start notice not posted", "group", g.ID, "err", err)
		}
	}
	return bot.PrivateText(fmt.Sprintf("Attendance is being taken from %s (started %s). Members who join more than %d minutes late count as late.\n"+
		"For members without voice, use /session mark. End with /session end.", where, g.FormatTimeFrom(s.StartedAt, req.Now), int(grace/time.Minute)) + planTherapist), nil
}

func (b *Bot) sessionEnd(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	g := req.Group
	s, err := b.store.EndSession(ctx, g.ID, req.Now)
	if err != nil {
		if bot.ErrorCode(err) == bot.ENotFound {
			return bot.Reply{}, bot.Errorf(bot.ENotFound, "There is no live session to end. Start one with /session start.")
		}
		return bot.Reply{}, err
	}
	// The live hour ends with it: a go-around or activity still running
	// stops, the outcome is recorded, members may rate the session.
	if err := b.endLiveAt(ctx, g, req.Now); err != nil {
		return bot.Reply{}, err
	}
	outcome, err := b.planAtEnd(ctx, req, s)
	if err != nil {
		return bot.Reply{}, err
	}
	if rate, _ := req.Cmd.Bool("rating"); rate {
		if a, err := b.adapter(g.Platform); err == nil {
			if _, err := a.Post(ctx, g.ChannelID, ratingMessage(s.ID)); err != nil {
				b.log.Warn("session rating not posted", "group", g.ID, "err", err)
			}
		}
	}
	ms, err := b.store.Memberships(ctx, g.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	sas, err := b.attendanceFor(ctx, g, s.StartedAt, s.StartedAt.Add(time.Nanosecond), ms, req.Now)
	if err != nil {
		return bot.Reply{}, err
	}
	if len(sas) != 1 {
		return bot.Reply{}, fmt.Errorf("session %d: found %d sessions", s.ID, len(sas))
	}
	sa := sas[0]
	if err := b.audit(ctx, req, "session attendance", sa.subjects()); err != nil {
		return bot.Reply{}, err
	}
	return bot.PrivateText(sa.Text(g, ms, req.Now) + outcome), nil // outcome: a hint when the goal's status is missing
}

func (b *Bot) sessionMark(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	g := req.Group
	uid, _ := req.Cmd.UserOpt("member")
	stName, _ := req.Cmd.String("status")
	st, err := bot.ParseAttendanceStatus(stName)
	if err != nil {
		return bot.Reply{}, err
	}
	m, err := b.store.Membership(ctx, g.ID, uid)
	if err != nil || m.Role != bot.RoleMember {
		if err == nil || bot.ErrorCode(err) == bot.ENotFound {
			return bot.Reply{}, bot.Errorf(bot.ENotFound, "That person is not a member of this group.")
		}
		return bot.Reply{}, err
	}
	s, err := b.store.OpenSession(ctx, g.ID)
	if bot.ErrorCode(err) == bot.ENotFound {
		all, lerr := b.store.LiveSessions(ctx, g.ID, time.Time{}, time.Time{})
		if lerr != nil {
			return bot.Reply{}, lerr
		}
		if len(all) == 0 {
			return bot.Reply{}, bot.Errorf(bot.ENotFound, "There is no live session yet. Start one with /session start.")
		}
		s, err = all[len(all)-1], nil
	}
	if err != nil {
		return bot.Reply{}, err
	}
	if err := b.store.SetAttendanceMark(ctx, &bot.AttendanceMark{SessionID: s.ID, UserID: uid, Status: st, MarkedBy: req.Member.UserID, At: req.Now}); err != nil {
		return bot.Reply{}, err
	}
	return bot.PrivateText(fmt.Sprintf("Marked %s as %s for the session of %s.", m.DisplayName, attendanceWords(st), g.FormatTimeFrom(s.StartedAt, req.Now))), nil
}

// presence records a voice join or leave for each group the person is a
// member of on that platform. Therapists and observers are not recorded.
// The reply is empty: nobody sees it.
func (b *Bot) presence(ctx context.Context, req *bot.Request, ev *bot.Presence) (bot.Reply, error) {
	meta := ev.Meta()
	if meta.User.ID == "" {
		return bot.Reply{}, nil
	}
	at := ev.At
	if at.IsZero() {
		at = req.Now
	}
	ms, err := b.store.MembershipsOfUser(ctx, meta.Place.Platform, meta.User.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	for _, m := range ms {
		if m.Role != bot.RoleMember {
			continue
		}
		p := &bot.PresenceRecord{GroupID: m.GroupID, UserID: m.UserID, VoiceChannelID: ev.VoiceChannelID, Joined: ev.Joined, At: at}
		if err := b.store.AddPresence(ctx, p); err != nil {
			return bot.Reply{}, err
		}
	}
	return bot.Reply{}, nil
}

// SessionAttendance is the attendance of one live session.
type SessionAttendance struct {
	Session *bot.LiveSession
	Rows    []Attendance // one per member due, in join order
	// Plan is the session's plan and outcome, when it had one (live_plan.go).
	Plan *bot.SessionPlan
}

func (sa *SessionAttendance) subjects() []string {
	out := make([]string, 0, len(sa.Rows))
	for _, r := range sa.Rows {
		out = append(out, r.UserID)
	}
	return out
}

// Counts tallies the session's statuses.
func (sa *SessionAttendance) Counts() map[bot.AttendanceStatus]int {
	c := map[bot.AttendanceStatus]int{}
	for _, r := range sa.Rows {
		c[r.Status]++
	}
	return c
}

// Text renders the session's attendance for the therapist as seen at now
// (a session more than six months away shows its year).
func (sa *SessionAttendance) Text(g *bot.Group, ms []*bot.Membership, now time.Time) string {
	var sb strings.Builder
	s := sa.Session
	fmt.Fprintf(&sb, "**Live session of %s**", g.FormatTimeFrom(s.StartedAt, now))
	if s.EndedAt != nil {
		fmt.Fprintf(&sb, " to %s (%d min)", s.EndedAt.In(g.Location()).Format("15:04"), int(s.EndedAt.Sub(s.StartedAt)/time.Minute))
	}
	sb.WriteString("\n")
	for _, r := range sa.Rows {
		fmt.Fprintf(&sb, "- %s: %s", displayName(ms, r.UserID), attendanceLine(r, func(id string) string { return displayName(ms, id) }))
		if r.ByGoAround {
			sb.WriteString(" (took part in the go-around)")
		}
		if r.RollCall != "" {
			fmt.Fprintf(&sb, " · roll call: %s", r.RollCall)
		}
		if r.GoAround != "" {
			fmt.Fprintf(&sb, " · go-around: %s", turnWords(r.GoAround))
		}
		sb.WriteString("\n")
	}
	c := sa.Counts()
	var parts []string
	for _, st := range attendanceOrder {
		parts = append(parts, fmt.Sprintf("%s %d", attendanceWords(st), c[st]))
	}
	fmt.Fprintf(&sb, "Total: %s.", strings.Join(parts, ", "))
	if p := sa.Plan; p != nil {
		sb.WriteString(planOutcomeText(p))
	}
	return sb.String()
}

// attendanceLine renders "present, 57 min" from voice presence, or
// "marked present by Tess" for a therapist's mark; minutes appear only
// when voice presence measured them, never "0 min" for a hand mark.
func attendanceLine(r Attendance, name func(userID string) string) string {
	s := attendanceWords(r.Status)
	if r.Late && r.LeftEarly {
		s = "late, left early"
	}
	if r.Marked {
		s = "marked " + s
		if r.MarkedBy != "" {
			s += " by " + name(r.MarkedBy)
		} else {
			s += " by a therapist"
		}
	}
	if r.Timed && r.Minutes > 0 {
		s += fmt.Sprintf(", %d min", r.Minutes)
	}
	return s
}

func attendanceWords(s bot.AttendanceStatus) string {
	if s == bot.AttendLeftEarly {
		return "left early"
	}
	return string(s)
}

// attendanceFor computes the attendance of the group's sessions started in
// [from, to). now ends sessions still open. Members are those with the
// member role whose membership was active when the session started: people
// who joined the group later were not due.
func (b *Bot) attendanceFor(ctx context.Context, g *bot.Group, from, to time.Time, ms []*bot.Membership, now time.Time) ([]*SessionAttendance, error) {
	sessions, err := b.reports.LiveSessions(ctx, g.ID, from, to)
	if err != nil || len(sessions) == 0 {
		return nil, err
	}
	last := now
	for _, s := range sessions {
		if s.EndedAt != nil && s.EndedAt.After(last) {
			last = *s.EndedAt
		}
	}
	pres, err := b.reports.PresenceBetween(ctx, g.ID, sessions[0].StartedAt.Add(-presenceLookback), last.Add(time.Nanosecond))
	if err != nil {
		return nil, err
	}
	byUser := map[string][]*bot.PresenceRecord{}
	for _, p := range pres {
		byUser[p.UserID] = append(byUser[p.UserID], p)
	}
	marks, err := b.reports.AttendanceMarks(ctx, g.ID, from, to)
	if err != nil {
		return nil, err
	}
	markOf := map[string]*bot.AttendanceMark{}
	for _, m := range marks {
		markOf[fmt.Sprint(m.SessionID, "/", m.UserID)] = m
	}
	leaves, err := b.reports.Leaves(ctx, g.ID)
	if err != nil {
		return nil, err
	}
	roll, err := b.rollCalls(ctx, g, sessions[0].StartedAt.Add(-rollCallBefore), last)
	if err != nil {
		return nil, err
	}
	turns, err := b.goAroundTurns(ctx, g.ID, sessions[0].StartedAt, last)
	if err != nil {
		return nil, err
	}
	plans, err := b.reports.SessionPlans(ctx, g.ID, from, to)
	if err != nil {
		return nil, err
	}
	planOf := map[int64]*bot.SessionPlan{}
	for _, p := range plans {
		planOf[p.SessionID] = p
	}
	var out []*SessionAttendance
	for _, s := range sessions {
		end, ended := now, s.EndedAt != nil
		if ended {
			end = *s.EndedAt
		}
		sa := &SessionAttendance{Session: s, Plan: planOf[s.ID]}
		seen := map[string]bool{}
		for _, m := range ms {
			if m.Role != bot.RoleMember || !m.Active(s.StartedAt) || seen[m.UserID] {
				continue
			}
			seen[m.UserID] = true
			a := computeAttendance(s, end, ended, byUser[m.UserID], markOf[fmt.Sprint(s.ID, "/", m.UserID)], onLeave(leaves, m.UserID, s.StartedAt))
			a.UserID = m.UserID
			a.RollCall = roll.answerBefore(m.UserID, s.StartedAt, end)
			a.GoAround = turns[s.ID][m.UserID]
			if (a.GoAround == bot.TurnSpoke || a.GoAround == bot.TurnPassed) && !a.Marked && a.Status == bot.AttendAbsent {
				a.Status, a.ByGoAround = bot.AttendPresent, true // they pressed during the session: they were there
			}
			sa.Rows = append(sa.Rows, a)
		}
		out = append(out, sa)
	}
	return out, nil
}

// rollCallBefore is how long before a session a roll-call run still belongs to it.
const rollCallBefore = 12 * time.Hour

type rollCallAnswer struct {
	at       time.Time // the run's opening
	answered time.Time
	text     string
}

type rollCallIndex map[string][]rollCallAnswer

// answerBefore is the member's answer to the latest roll call opened in
// the 12 hours before start (or during the first hour of the session),
// given before the session ended: an answer given afterwards says nothing
// about attendance.
func (ri rollCallIndex) answerBefore(userID string, start, end time.Time) string {
	best := ""
	for _, a := range ri[userID] {
		if !a.at.Before(start.Add(-rollCallBefore)) && a.at.Before(start.Add(time.Hour)) && !a.answered.After(end) {
			best = a.text
		}
	}
	return best
}

// rollCalls collects answers to roll-call exercises (kind rollcall) opened in [from, to].
func (b *Bot) rollCalls(ctx context.Context, g *bot.Group, from, to time.Time) (rollCallIndex, error) {
	runs, err := b.store.Runs(ctx, g.ID, from, to.Add(time.Nanosecond))
	if err != nil {
		return nil, err
	}
	out := rollCallIndex{}
	for _, run := range runs {
		def, err := b.definition(run)
		if err != nil {
			return nil, err
		}
		if !isRollCall(def) {
			continue
		}
		asks := def.AskSteps()
		if len(asks) == 0 {
			continue
		}
		recs, err := b.store.Answers(ctx, run.ID, "")
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			if r.StepID == asks[0].ID && !r.Answer.Skipped {
				a := r.Answer
				a.Shared = false
				out[r.UserID] = append(out[r.UserID], rollCallAnswer{at: run.OpenedAt, answered: r.AnsweredAt, text: AnswerText(asks[0], a)})
			}
		}
	}
	for _, as := range out {
		sort.SliceStable(as, func(i, j int) bool { return as[i].at.Before(as[j].at) })
	}
	return out, nil
}
