package core

import (
	"context"
	"time"

	"groupwork/bot"
)

// The Bot is wired to one bot.Store, but its long-lived consumers each keep
// only the part of it they use, so that a reader (or a second store) sees
// what each one depends on. Handlers of commands and actions, which touch
// most nouns between them, use the whole Store.

// schedulerStore is what the Scheduler reads and writes itself: schedules
// and their fires, calendars, leaves (to excuse), runs and the groups they
// belong to.
type schedulerStore interface {
	bot.ScheduleStore
	bot.CalendarStore
	bot.LeaveStore
	bot.RunStore
	Group(ctx context.Context, id int64) (*bot.Group, error)
	Memberships(ctx context.Context, groupID int64) ([]*bot.Membership, error)
}

// reportStore is what the review and report builders read: runs with
// their participation and answers, answer versions, attendance and
// leaves, the members' names and the group's alerts. Nothing in it writes.
type reportStore interface {
	Runs(ctx context.Context, groupID int64, from, to time.Time) ([]*bot.Run, error)
	Participation(ctx context.Context, runID int64) ([]*bot.Participation, error)
	Answers(ctx context.Context, runID int64, userID string) ([]*bot.AnswerRecord, error)
	GroupParticipation(ctx context.Context, groupID int64, from, to time.Time) ([]*bot.Participation, error)
	GroupAnswers(ctx context.Context, groupID int64, from, to time.Time) ([]*bot.AnswerRecord, error)
	AnswerHistory(ctx context.Context, groupID int64, userID string, from, to time.Time) ([]*bot.AnswerRecord, error)
	LiveSessions(ctx context.Context, groupID int64, from, to time.Time) ([]*bot.LiveSession, error)
	PresenceBetween(ctx context.Context, groupID int64, from, to time.Time) ([]*bot.PresenceRecord, error)
	AttendanceMarks(ctx context.Context, groupID int64, from, to time.Time) ([]*bot.AttendanceMark, error)
	Leaves(ctx context.Context, groupID int64) ([]*bot.Leave, error)
	Memberships(ctx context.Context, groupID int64) ([]*bot.Membership, error)
	Alerts(ctx context.Context, groupID int64, open bool) ([]*bot.SafetyAlert, error)
}

// retentionStore is what the retention purge and the deferred log
// truncation use: the groups and their settings, the purge itself, the
// checkpoint, and the audit log that records each purge.
type retentionStore interface {
	bot.ErasureStore
	bot.AuditStore
	Groups(ctx context.Context) ([]*bot.Group, error)
	GroupSettings(ctx context.Context, groupID int64) (*bot.GroupSettings, error)
}

// The whole Store satisfies each narrow one.
var (
	_ schedulerStore = bot.Store(nil)
	_ reportStore    = bot.Store(nil)
	_ retentionStore = bot.Store(nil)
)
