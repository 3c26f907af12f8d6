package bot

import (
	"context"
	"time"
)

// SessionChange moves or cancels one occurrence of a group's weekly session.
type SessionChange struct {
	GroupID int64
	Day     string    // the regular occurrence's local date, "2006-01-02"
	MovedTo time.Time // the new start as a wall time with UTC labels; zero: cancelled
	By      string
	At      time.Time
}

// SessionChangeStore keeps moved and cancelled sessions and the members'
// own time zones (for session reminders).
type SessionChangeStore interface {
	// SetSessionChange stores c, replacing any change of the same Day.
	SetSessionChange(ctx context.Context, c *SessionChange) error
	// SessionChanges returns the group's changes by Day.
	SessionChanges(ctx context.Context, groupID int64) ([]*SessionChange, error)
	// SetMemberZone sets a person's IANA zone in a group; "" removes it.
	SetMemberZone(ctx context.Context, groupID int64, userID, tz string) error
	// MemberZones returns the zones set in a group, by user id.
	MemberZones(ctx context.Context, groupID int64) (map[string]string, error)
}
