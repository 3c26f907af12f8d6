package core

import (
	"time"

	"groupwork/bot"
)

// presenceLookback is how far before a session start a voice join still
// counts: a member already in the voice channel when the therapist types
// /session start produced their join event earlier.
const presenceLookback = 3 * time.Hour

// attendanceOrder is the column order of attendance tables.
var attendanceOrder = []bot.AttendanceStatus{bot.AttendPresent, bot.AttendLate, bot.AttendLeftEarly, bot.AttendAbsent, bot.AttendExcused}

// Attendance is one member's attendance of one session.
type Attendance struct {
	SessionID int64
	UserID    string
	Status    bot.AttendanceStatus
	// Late and LeftEarly can both be true; Status then says late.
	Late, LeftEarly bool
	Minutes         int       // minutes in the voice channel during the session; meaningful only when Timed
	FirstJoin       time.Time // zero without voice presence
	// Timed says the platform reported voice presence during the session,
	// so Minutes was measured. A status marked by hand without presence is
	// not timed: nothing may then say "0 minutes".
	Timed    bool
	Marked   bool   // Status was set by a therapist
	MarkedBy string // the therapist's user id, when Marked
	RollCall string // the member's roll-call answer before the session, if any
	// GoAround is how the member's go-around turns in the session ended
	// ("" without one): "shared" counts as taking part; nothing said is kept.
	GoAround bot.TurnOutcome
	// ByGoAround says Status is present only because the member took part
	// in a go-around of the session (shared or passed, by pressing), with
	// no voice presence and no therapist's mark saying otherwise.
	ByGoAround bool
}

// interval is a half-open span of presence.
type interval struct{ from, to time.Time }

// presenceIntervals turns one member's joins and leaves (oldest first) into
// spans clipped to [start, end]. A leave with no join before it means the
// member was already there (its join was not seen).
func presenceIntervals(evs []*bot.PresenceRecord, voice string, start, end time.Time) []interval {
	var out []interval
	add := func(a, b time.Time) {
		if a.Before(start) {
			a = start
		}
		if b.After(end) {
			b = end
		}
		if b.After(a) {
			out = append(out, interval{a, b})
		}
	}
	in, seenAny := false, false
	var since time.Time
	for _, e := range evs {
		if voice != "" && e.VoiceChannelID != voice {
			continue
		}
		if e.At.After(end) {
			break
		}
		switch {
		case e.Joined && !in:
			in, since = true, e.At
		case !e.Joined && in:
			add(since, e.At)
			in = false
		case !e.Joined && !in && !seenAny:
			add(start, e.At)
		}
		seenAny = true
	}
	if in {
		add(since, end)
	}
	return out
}

// computeAttendance decides one member's attendance from presence, a
// therapist's mark and leave. end is the session end (now while it is open);
// ended says whether "left early" can be judged yet.
func computeAttendance(s *bot.LiveSession, end time.Time, ended bool, evs []*bot.PresenceRecord, mark *bot.AttendanceMark, onLeave bool) Attendance {
	grace := s.Grace
	if grace <= 0 {
		grace = bot.DefaultAttendanceGrace
	}
	a := Attendance{SessionID: s.ID}
	var total time.Duration
	ivs := presenceIntervals(evs, s.VoiceChannelID, s.StartedAt, end)
	for _, iv := range ivs {
		total += iv.to.Sub(iv.from)
	}
	a.Minutes = int(total / time.Minute)
	a.Timed = len(ivs) > 0
	switch {
	case len(ivs) == 0 && onLeave:
		a.Status = bot.AttendExcused
	case len(ivs) == 0:
		a.Status = bot.AttendAbsent
	default:
		a.FirstJoin = ivs[0].from
		a.Late = ivs[0].from.Sub(s.StartedAt) > grace
		a.LeftEarly = ended && end.Sub(ivs[len(ivs)-1].to) > grace
		switch {
		case a.Late:
			a.Status = bot.AttendLate
		case a.LeftEarly:
			a.Status = bot.AttendLeftEarly
		default:
			a.Status = bot.AttendPresent
		}
	}
	if mark != nil {
		a.Status, a.Marked, a.MarkedBy = mark.Status, true, mark.MarkedBy
		a.Late = mark.Status == bot.AttendLate
		a.LeftEarly = mark.Status == bot.AttendLeftEarly
	}
	return a
}
