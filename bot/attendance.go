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
// marks. It is part of Store; the same contract applies (one transaction
// per write, ENotFound, EConflict).
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
}
