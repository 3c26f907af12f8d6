package bot

import (
	"context"
	"time"
)

// LiveSession is one live group session (a video or voice meeting) whose
// attendance the bot takes. It is open until EndedAt is set.
type LiveSession struct {
	ID        int64
	GroupID   int64
	StartedAt time.Time
	EndedAt   *time.Time
	StartedBy string // user id
	// VoiceChannelID, when set, is the only voice channel whose presence
	// counts; "" counts any voice channel of the group's platform.
	VoiceChannelID string
	// Grace is how late a member may join and still be present, and how
	// early they may leave without "left early". DefaultAttendanceGrace when 0.
	Grace time.Duration
}

// DefaultAttendanceGrace is the default of LiveSession.Grace.
const DefaultAttendanceGrace = 10 * time.Minute

// presenceLookback is how far before a session start a voice join still
// counts: a member already in the voice channel when the therapist types
// /session start produced their join event earlier.
const presenceLookback = 3 * time.Hour

// PresenceRecord is one voice join or leave of a group member, as the
// platform reported it. It holds no content.
type PresenceRecord struct {
	GroupID        int64
	UserID         string
	VoiceChannelID string
	Joined         bool
	At             time.Time
}

// AttendanceStatus is a member's attendance of one live session.
type AttendanceStatus string

// Attendance statuses.
const (
	AttendPresent   AttendanceStatus = "present"
	AttendLate      AttendanceStatus = "late"
	AttendLeftEarly AttendanceStatus = "left-early"
	AttendAbsent    AttendanceStatus = "absent"
	AttendExcused   AttendanceStatus = "excused"
)

// attendanceOrder is the column order of attendance tables.
var attendanceOrder = []AttendanceStatus{AttendPresent, AttendLate, AttendLeftEarly, AttendAbsent, AttendExcused}

// ParseAttendanceStatus reads a status a therapist typed.
func ParseAttendanceStatus(s string) (AttendanceStatus, error) {
	switch st := AttendanceStatus(s); st {
	case AttendPresent, AttendLate, AttendLeftEarly, AttendAbsent, AttendExcused:
		return st, nil
	case "left early":
		return AttendLeftEarly, nil
	}
	return "", Errorf(EInvalid, "%q is not an attendance status. Use one of: present, late, left-early, absent, excused.", s)
}

// AttendanceMark is a therapist's decision on one member's attendance of a
// session (for members without voice presence, or to correct it). A mark
// wins over what voice presence says.
type AttendanceMark struct {
	SessionID int64
	UserID    string
	Status    AttendanceStatus
	MarkedBy  string
	At        time.Time
}

// AttendanceStore keeps live sessions, voice presence and therapists'
// marks, and offers the bulk reads that reviews and exports need. It is part
// of Store; the same contract applies (one transaction per write, ENotFound,
// EConflict).
type AttendanceStore interface {
	// StartSession stores s and sets its ID. EConflict when the group
	// already has an open session.
	StartSession(ctx context.Context, s *LiveSession) error
	// EndSession sets EndedAt on the group's open session and returns it;
	// ENotFound when none is open. In the same transaction it deletes the
	// group's presence records older than the session's start minus the
	// lookback that lie in no session: presence is kept for attendance only.
	EndSession(ctx context.Context, groupID int64, at time.Time) (*LiveSession, error)
	// OpenSession returns the group's open session (ENotFound if none).
	OpenSession(ctx context.Context, groupID int64) (*LiveSession, error)
	// LiveSessions returns the group's sessions started in [from, to), oldest
	// first. A zero from or to leaves that end unbounded.
	LiveSessions(ctx context.Context, groupID int64, from, to time.Time) ([]*LiveSession, error)
	// AddPresence stores one voice join or leave. Records older than the
	// lookback (3 hours) that lie in no session window may be deleted at the
	// same time: presence is kept for attendance only.
	AddPresence(ctx context.Context, p *PresenceRecord) error
	// PresenceBetween returns the group's presence records in [from, to),
	// oldest first.
	PresenceBetween(ctx context.Context, groupID int64, from, to time.Time) ([]*PresenceRecord, error)
	// SetAttendanceMark upserts the mark for (session, user). ENotFound if
	// the session does not exist.
	SetAttendanceMark(ctx context.Context, m *AttendanceMark) error
	// AttendanceMarks returns the marks of the group's sessions started in
	// [from, to).
	AttendanceMarks(ctx context.Context, groupID int64, from, to time.Time) ([]*AttendanceMark, error)

	// GroupParticipation returns the participation rows of the group's runs
	// opened in [from, to), ordered by run and user.
	GroupParticipation(ctx context.Context, groupID int64, from, to time.Time) ([]*Participation, error)
	// GroupAnswers returns the answers to the group's runs opened in
	// [from, to), ordered by run, time answered, user and step.
	GroupAnswers(ctx context.Context, groupID int64, from, to time.Time) ([]*AnswerRecord, error)
}

// Attendance is one member's attendance of one session.
type Attendance struct {
	SessionID int64
	UserID    string
	Status    AttendanceStatus
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
}

// interval is a half-open span of presence.
type interval struct{ from, to time.Time }

// presenceIntervals turns one member's joins and leaves (oldest first) into
// spans clipped to [start, end]. A leave with no join before it means the
// member was already there (its join was not seen).
func presenceIntervals(evs []*PresenceRecord, voice string, start, end time.Time) []interval {
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
func computeAttendance(s *LiveSession, end time.Time, ended bool, evs []*PresenceRecord, mark *AttendanceMark, onLeave bool) Attendance {
	grace := s.Grace
	if grace <= 0 {
		grace = DefaultAttendanceGrace
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
		a.Status = AttendExcused
	case len(ivs) == 0:
		a.Status = AttendAbsent
	default:
		a.FirstJoin = ivs[0].from
		a.Late = ivs[0].from.Sub(s.StartedAt) > grace
		a.LeftEarly = ended && end.Sub(ivs[len(ivs)-1].to) > grace
		switch {
		case a.Late:
			a.Status = AttendLate
		case a.LeftEarly:
			a.Status = AttendLeftEarly
		default:
			a.Status = AttendPresent
		}
	}
	if mark != nil {
		a.Status, a.Marked, a.MarkedBy = mark.Status, true, mark.MarkedBy
		a.Late = mark.Status == AttendLate
		a.LeftEarly = mark.Status == AttendLeftEarly
	}
	return a
}
