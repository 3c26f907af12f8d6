package bot

import (
	"time"

	"groupwork/exercises"
)

// Role is a person's role in one group. Roles are the bot's own: platform
// administrators have no role unless the bot gave them one.
type Role string

// Roles, from most to least privileged.
const (
	RoleLead        Role = "lead"
	RoleCoTherapist Role = "co-therapist"
	RoleObserver    Role = "observer"
	RoleMember      Role = "member"
)

// ParseRole returns the role named s.
func ParseRole(s string) (Role, error) {
	switch r := Role(s); r {
	case RoleLead, RoleCoTherapist, RoleObserver, RoleMember:
		return r, nil
	}
	return "", Errorf(EInvalid, "%q is not a role. Use one of: member, co-therapist, observer.", s)
}

// Therapist reports whether r may manage the group and see answers.
func (r Role) Therapist() bool { return r == RoleLead || r == RoleCoTherapist }

// Staff reports whether r sees the group's aggregates (therapists and observers).
func (r Role) Staff() bool { return r.Therapist() || r == RoleObserver }

// Group is one therapy group, bound to one channel on one platform.
type Group struct {
	ID        int64
	Name      string
	Platform  string
	ChannelID string
	TimeZone  string // IANA name
	Region    string // ISO 3166-1 alpha-2 country of its crisis resources; "" = not set
	CreatedBy string // platform user id
	CreatedAt time.Time
}

// Membership is a person's place in a group. A membership that has ended keeps
// its row (LeftAt set) so that past participation stays explainable.
type Membership struct {
	GroupID     int64
	UserID      string
	DisplayName string
	Role        Role
	JoinedAt    time.Time
	LeftAt      *time.Time
}

// Active reports whether the membership is current at t.
func (m *Membership) Active(t time.Time) bool {
	return !m.JoinedAt.After(t) && (m.LeftAt == nil || m.LeftAt.After(t))
}

// ConsentState is a member's answer to the consent notice.
type ConsentState string

// Consent states.
const (
	ConsentNone     ConsentState = "none"
	ConsentAccepted ConsentState = "accepted"
	ConsentDeclined ConsentState = "declined"
)

// Consent records a member's latest decision on the consent notice of a group.
type Consent struct {
	GroupID   int64
	UserID    string
	State     ConsentState
	Version   string // version of the notice text they saw
	DecidedAt time.Time
}

// Leave is a period during which a member is excused (holiday, illness).
type Leave struct {
	GroupID int64
	UserID  string
	From    time.Time
	To      time.Time // exclusive
}

// Run is one posting of an exercise to a group. The definition is frozen with
// the run so that editing the exercise file never rewrites history.
type Run struct {
	ID         int64
	GroupID    int64
	ExerciseID string
	Version    string
	Definition []byte // the exercise source as it was when the run opened
	OpenedAt   time.Time
	ClosesAt   time.Time
	ClosedAt   *time.Time
	StartedBy  string // user id, or "schedule:<id>"
	MessageID  string // the prompt message on the platform, when known
}

// Open reports whether the run accepts on-time answers at t.
func (r *Run) Open(t time.Time) bool { return r.ClosedAt == nil && t.Before(r.ClosesAt) }

// Status is what happened for one member and one run.
type Status string

// Participation statuses. Pending and partial are transient while a run is
// open; at close pending becomes missed, or no-consent for a member who had
// not accepted the consent notice (they could not be asked).
const (
	StatusPending  Status = "pending"
	StatusAnswered Status = "answered"
	StatusPartial  Status = "partial"
	StatusLate     Status = "late"
	StatusExcused  Status = "excused"
	StatusMissed   Status = "missed"
	StatusNotDue   Status = "not-due"
	// StatusNoConsent is a run that closed while the member had not
	// accepted the consent notice: nothing could be stored from them, so it
	// is not due. An answer given after accepting replaces it (late).
	StatusNoConsent Status = "no-consent"
)

// Due reports whether a status counts towards the response rate.
func (s Status) Due() bool {
	return s != StatusExcused && s != StatusNotDue && s != StatusNoConsent
}

// Responded reports whether the member gave at least one answer.
func (s Status) Responded() bool {
	return s == StatusAnswered || s == StatusPartial || s == StatusLate
}

// Participation is the clinical record for one member and one run.
type Participation struct {
	RunID     int64
	UserID    string
	Status    Status
	UpdatedAt time.Time
}

// AnswerRecord is one stored answer to one step: the current one, or one
// version of what was said (see AnswerHistoryStore). Nothing a member said
// is overwritten: a changed answer becomes a new version, and the earlier
// ones are kept with their times. A share decision is not a new version.
type AnswerRecord struct {
	RunID      int64
	UserID     string
	StepID     string
	Answer     exercises.Answer
	AnsweredAt time.Time // when what was said was given (a share decision does not move it)
	Late       bool
	Version    int64 // the version of what was said; set by SaveAnswer and AnswerHistory
}

// AuditRecord says who looked at or exported whose data.
type AuditRecord struct {
	ID       int64
	GroupID  int64
	ActorID  string
	Action   string   // e.g. "review group", "review member", "mydata"
	Subjects []string // user ids whose data was shown
	At       time.Time
}

// Location returns the group's time zone, UTC when it is not loadable.
func (g *Group) Location() *time.Location {
	if loc, err := time.LoadLocation(g.TimeZone); err == nil {
		return loc
	}
	return time.UTC
}
