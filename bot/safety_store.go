package bot

import (
	"context"
	"errors"
	"time"
)

// SafetyStore is the persistence of safety features: group safety and
// retention settings, keyword rules and safety alerts.
type SafetyStore interface {
	// GroupSettings returns the group's safety settings; zero values when none were set.
	GroupSettings(ctx context.Context, groupID int64) (*GroupSettings, error)
	// SetGroupSettings stores s, replacing earlier settings. ENotFound if the group does not exist.
	SetGroupSettings(ctx context.Context, s *GroupSettings) error

	// Keywords returns the group's keyword rules, sorted.
	Keywords(ctx context.Context, groupID int64) ([]string, error)
	// AddKeyword adds a rule; EConflict if the group has it already.
	AddKeyword(ctx context.Context, groupID int64, keyword string) error
	// RemoveKeyword removes a rule; ENotFound if the group does not have it.
	RemoveKeyword(ctx context.Context, groupID int64, keyword string) error

	// RaiseAlert stores a (ID is set). It returns false, and stores nothing,
	// when the same rule already has an open alert for the same run, member and step.
	RaiseAlert(ctx context.Context, a *SafetyAlert) (bool, error)
	// Alert returns one alert of a group (ENotFound if it is not that group's).
	Alert(ctx context.Context, groupID, id int64) (*SafetyAlert, error)
	// Alerts returns a group's alerts, newest first: only open ones when open is true.
	Alerts(ctx context.Context, groupID int64, open bool) ([]*SafetyAlert, error)
	// AlertsAbout returns the alerts about one member of a group, newest first.
	AlertsAbout(ctx context.Context, groupID int64, userID string) ([]*SafetyAlert, error)
	// UnsentAlerts returns open alerts of every group last sent at or before t, oldest first.
	UnsentAlerts(ctx context.Context, t time.Time) ([]*SafetyAlert, error)
	// MarkAlertSent records that an alert was (re)sent at t.
	MarkAlertSent(ctx context.Context, id int64, at time.Time) error
	// AckAlert records the acknowledgement. EConflict if it was already acknowledged.
	AckAlert(ctx context.Context, groupID, id int64, by, note string, at time.Time) error
}

// ErasureStore removes what retention and erasure take away. Implementations
// remove the bytes from disk (WALStore), not just flag them.
type ErasureStore interface {
	WALStore

	// Purge deletes, for runs of the group opened before cutoff, every
	// answer and participation row; the attendance marks of live sessions
	// started before cutoff, voice presence and board strategies before it; and
	// acknowledged alerts raised before it (open ones wait for their
	// acknowledgement). It returns the counts and truncates the WAL.
	Purge(ctx context.Context, groupID int64, cutoff time.Time) (PurgeCounts, error)
	// Forget erases a member's answers, consent, leaves, reminders, voice
	// presence, zone and strategies (unless kept without name: KeepAnon) in a group and replaces their user id everywhere else
	// (memberships, participation, attendance marks, alerts, audit) by
	// anonID; their display name becomes "erased member" and their
	// membership ends at at. With keepCounts false their participation and
	// attendance rows are deleted instead of re-keyed. It then truncates the WAL.
	Forget(ctx context.Context, groupID int64, userID, anonID string, keepCounts bool, at time.Time) (PurgeCounts, error)
}

// ErrNotTruncated is returned (wrapped) by Purge and Forget when the data
// was deleted but a long-running reader kept the WAL from being truncated
// in time; the deleted pages are zeroed already and the next purge
// truncates the WAL. Callers treat it as a warning.
var ErrNotTruncated = errors.New("deleted, but the write-ahead log could not be truncated yet")

// GroupSettings are a group's safety and retention settings.
type GroupSettings struct {
	GroupID       int64
	Footer        string     // shown under every prompt and question; "" = the configured default
	RetentionDays int        // 0 = the configured default
	BackupUserID  string     // the therapist who also receives safety alerts
	EndedAt       *time.Time // when the group was ended with /group end
	EndedBy       string
}

// Alert rules.
const (
	RuleScale   = "scale"   // a scale answer at or beyond the exercise's threshold
	RuleChoice  = "choice"  // a choice the exercise marks as needing attention
	RuleKeyword = "keyword" // a written answer matched one of the group's keywords
)

// SafetyAlert is a private alert to the lead and backup therapist. It names
// the member, the run and the rule; it never holds what the member wrote.
type SafetyAlert struct {
	ID         int64
	GroupID    int64
	UserID     string
	RunID      int64
	ExerciseID string
	StepID     string
	Rule       string
	Reason     string // the exercise's alert text, or "keyword: <the group's keyword>"
	RaisedAt   time.Time
	SentAt     time.Time // last time it was sent to the therapists; zero when never
	Sends      int
	AckedBy    string
	AckedAt    *time.Time
	Note       string // the acknowledging therapist's note
	// AnswerVersion is the version of the answer that raised the alert
	// (AnswerHistoryStore); 0 when none is known or it was erased.
	AnswerVersion int64
}

// Open reports whether the alert still waits for acknowledgement.
func (a *SafetyAlert) Open() bool { return a.AckedAt == nil }

// PurgeCounts says how much a purge or erasure removed.
type PurgeCounts struct {
	Answers       int
	Participation int
	Alerts        int
}
