package bot

import (
	"context"
	"fmt"
	"time"
)

// EscalationStore is the persistence of alert delivery: each step (who was
// told when) and each therapist's quiet hours.
type EscalationStore interface {
	// AlertNotices returns the delivery steps of an alert, oldest first.
	AlertNotices(ctx context.Context, alertID int64) ([]*AlertNotice, error)
	// AddAlertNotice records one delivery step.
	AddAlertNotice(ctx context.Context, n *AlertNotice) error
	// QuietHours returns the quiet hours set in a group, one per therapist.
	QuietHours(ctx context.Context, groupID int64) ([]*QuietHours, error)
	// SetQuietHours stores q, replacing the user's earlier quiet hours in the group.
	SetQuietHours(ctx context.Context, q *QuietHours) error
	// ClearQuietHours removes the user's quiet hours in the group (no error when none).
	ClearQuietHours(ctx context.Context, groupID int64, userID string) error
}

// Alert delivery steps.
const (
	NoticeFirst    = "first"    // the lead and backup, when the alert is raised (or when their quiet hours end)
	NoticeResend   = "resend"   // sent again after safety.resend_after
	NoticeBackup   = "backup"   // escalated to the backup therapist
	NoticePractice = "practice" // escalated to the practice contact
	NoticeCover    = "cover"    // sent because everyone else was in quiet hours
	NoticeHeld     = "held"     // not sent: the therapist was in quiet hours
)

// AlertNotice is one step of a safety alert's delivery.
type AlertNotice struct {
	AlertID int64
	UserID  string
	Step    string
	At      time.Time
}

// QuietHours is a therapist's daily time without safety alerts, in minutes
// after midnight in the group's time zone. From > To wraps past midnight.
type QuietHours struct {
	GroupID  int64
	UserID   string
	From, To int
}

// Contains reports whether t, in loc, falls in the quiet hours.
func (q *QuietHours) Contains(t time.Time, loc *time.Location) bool {
	t = t.In(loc)
	m := t.Hour()*60 + t.Minute()
	if q.From <= q.To {
		return m >= q.From && m < q.To
	}
	return m >= q.From || m < q.To
}

// String renders "22:00-07:00".
func (q *QuietHours) String() string {
	return fmt.Sprintf("%02d:%02d-%02d:%02d", q.From/60, q.From%60, q.To/60, q.To%60)
}

// AlertOutboxStore queues content-free safety-alert notices for e-mail and
// webhooks until each is sent, failed or dropped (core/alert_outbox.go).
type AlertOutboxStore interface {
	QueueOutbound(ctx context.Context, o *Outbound) error                  // sets ID; a repeat is ignored
	PendingOutbound(ctx context.Context, t time.Time) ([]*Outbound, error) // pending due by t, and failed unreported
	UpdateOutbound(ctx context.Context, o *Outbound) error                 // Attempts, NextAt, State, Reported
}

// Outbound is one notice of an alert for one therapist on one channel. State
// is pending, sent, failed (retries used up) or dropped (alert closed first).
type Outbound struct {
	ID, AlertID, GroupID         int64
	UserID, Channel, Step, State string
	At, NextAt                   time.Time
	Attempts                     int
	Reported                     bool // a failure was told to a therapist
}
