package bot

import (
	"context"
	"time"
)

// Store is the union of the per-noun stores below, for wiring; each consumer
// inside the core keeps only the narrow interface it needs. Implementations
// are safe for concurrent use, write in one transaction per method, return
// ENotFound for absent rows and EConflict for uniqueness violations; the
// conformance suite storage/storetest states these rules as tests.
type Store interface {
	// Groups and their members.
	GroupStore // with RegionStore
	ConsentStore
	LeaveStore
	// Runs and answers.
	RunStore
	AnswerHistoryStore
	ResultPostStore
	// Schedules.
	ScheduleStore
	CalendarStore
	// Attendance.
	AttendanceStore
	LiveHourStore // plans, go-arounds, live activities, notes, ratings
	// The strategy board.
	StrategyStore
	// Safety: settings, keywords, alerts and their delivery.
	SafetyStore
	KeywordRemovalStore
	AlertResponseStore
	EscalationStore
	AlertOutboxStore
	// Privacy: retention, erasure and the audit log.
	ErasureStore
	AuditStore
	// Deliveries.
	DeliveryStore
	LevelStore // cognitive training levels
}

// DeliveryStore remembers the platform delivery ids already handled, so
// that a redelivered event has no second effect.
type DeliveryStore interface {
	// ClaimDelivery records a platform delivery id. It returns false when the
	// id was already claimed; of concurrent claims of one id exactly one
	// returns true.
	ClaimDelivery(ctx context.Context, id string, at time.Time) (bool, error)
	// ReleaseDelivery forgets a claim whose handling failed, so that a retry
	// by the platform is handled again. Releasing an unclaimed id is no error.
	ReleaseDelivery(ctx context.Context, id string) error
	// PruneDeliveries forgets the delivery ids claimed before before and
	// returns how many it forgot.
	PruneDeliveries(ctx context.Context, before time.Time) (int64, error)
}

// GroupStore keeps groups and their memberships.
type GroupStore interface {
	RegionStore

	// CreateGroup stores g (ID is set) together with its creator's lead
	// membership. EConflict if the channel is bound to a group already.
	CreateGroup(ctx context.Context, g *Group, lead *Membership) error
	Group(ctx context.Context, id int64) (*Group, error)
	// GroupByChannel finds the group bound to a channel.
	GroupByChannel(ctx context.Context, platform, channelID string) (*Group, error)
	Groups(ctx context.Context) ([]*Group, error)

	// AddMember adds an active membership; EConflict if the user is already an active member.
	AddMember(ctx context.Context, m *Membership) error
	// EndMembership sets LeftAt on the user's active membership.
	EndMembership(ctx context.Context, groupID int64, userID string, at time.Time) error
	// SetRole changes the role of the user's active membership.
	SetRole(ctx context.Context, groupID int64, userID string, role Role) error
	// Membership returns the user's active membership (ENotFound if none).
	Membership(ctx context.Context, groupID int64, userID string) (*Membership, error)
	// Memberships returns every membership of the group, past ones included, ordered by join time.
	Memberships(ctx context.Context, groupID int64) ([]*Membership, error)
	// MembershipsOfUser returns the user's active memberships on a platform.
	MembershipsOfUser(ctx context.Context, platform, userID string) ([]*Membership, error)
}

// ConsentStore keeps each member's consent decisions, every one of them.
type ConsentStore interface {
	SetConsent(ctx context.Context, c *Consent) error
	// Consent returns the member's decision; a zero state ConsentNone when none was made.
	Consent(ctx context.Context, groupID int64, userID string) (*Consent, error)
	// ConsentHistory returns every accept or decline the member made in the group, oldest first.
	ConsentHistory(ctx context.Context, groupID int64, userID string) ([]*Consent, error)
}

// LeaveStore keeps members' announced absences, which excuse them from runs.
type LeaveStore interface {
	AddLeave(ctx context.Context, l *Leave) error
	Leaves(ctx context.Context, groupID int64) ([]*Leave, error)
}

// RunStore keeps runs of exercises, the members' answers and their
// participation.
type RunStore interface {
	// CreateRun stores r (ID is set) with the initial participation of every
	// member it concerns, in one transaction.
	CreateRun(ctx context.Context, r *Run, parts []*Participation) error
	Run(ctx context.Context, id int64) (*Run, error)
	// Runs returns the group's runs opened in [from, to), oldest first.
	Runs(ctx context.Context, groupID int64, from, to time.Time) ([]*Run, error)
	// OpenRuns returns runs not yet closed (of every group when groupID is 0).
	OpenRuns(ctx context.Context, groupID int64) ([]*Run, error)
	SetRunMessage(ctx context.Context, runID int64, messageID string) error
	// CloseRun marks the run closed at t and turns pending participation into
	// missed (partial stays partial). Closing a closed run is a no-op.
	CloseRun(ctx context.Context, runID int64, at time.Time) error

	// SaveAnswer stores the answer for (run, user, step) and sets the member's
	// participation status in the same transaction. It never overwrites what
	// was said: see AnswerHistoryStore.
	SaveAnswer(ctx context.Context, a *AnswerRecord, status Status) error
	// Answers returns a run's answers, of one user when userID is not "".
	Answers(ctx context.Context, runID int64, userID string) ([]*AnswerRecord, error)
	// UserAnswers returns every answer a user gave in a group, oldest first.
	UserAnswers(ctx context.Context, groupID int64, userID string) ([]*AnswerRecord, error)

	// Participation returns the rows of one run.
	Participation(ctx context.Context, runID int64) ([]*Participation, error)
	// SetParticipation upserts one row (used for joins, excusals and closes).
	SetParticipation(ctx context.Context, p *Participation) error

	// GroupParticipation returns the participation rows of the group's runs
	// opened in [from, to), ordered by run and user.
	GroupParticipation(ctx context.Context, groupID int64, from, to time.Time) ([]*Participation, error)
	// GroupAnswers returns the answers to the group's runs opened in
	// [from, to), ordered by run, time answered, user and step.
	GroupAnswers(ctx context.Context, groupID int64, from, to time.Time) ([]*AnswerRecord, error)
}

// AuditStore keeps the audit log of reviews, exports and erasures, which
// the affected member can read.
type AuditStore interface {
	AddAudit(ctx context.Context, r *AuditRecord) error
	// AuditAbout returns the records whose subjects include userID in the group, newest first.
	AuditAbout(ctx context.Context, groupID int64, userID string) ([]*AuditRecord, error)
}
