package core

import (
	"context"
	"time"

	"groupwork/bot"
)

// The Bot is wired to one bot.Store, but its long-lived consumers (the
// scheduler, reviews, retention and erasure, the authorize middleware)
// each keep only the part of it they use, so that a reader (or a second store) sees
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
	Groups(ctx context.Context) ([]*bot.Group, error) // session reminders
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
	// The live hour's plans and go-around turns (live_plan.go, goaround.go).
	SessionPlans(ctx context.Context, groupID int64, from, to time.Time) ([]*bot.SessionPlan, error)
	GoArounds(ctx context.Context, groupID int64, from, to time.Time, active bool) ([]*bot.GoAround, error)
	Attempts(ctx context.Context, groupID int64, userID, family string) ([]*bot.Attempt, error) // levels.go
	MemberLevels(ctx context.Context, groupID int64, userID string) ([]*bot.MemberLevel, error)
}

// erasureStore is what retention and erasure use: the purge, the
// erasure of a member and the checkpoint that takes their bytes off the
// disk; the groups, memberships and settings that say what to erase; the
// answers and results posts that name a member (to edit them out of the
// channel); and the audit log that records each purge and erasure.
type erasureStore interface {
	bot.ErasureStore
	bot.AuditStore
	bot.ResultPostStore
	Groups(ctx context.Context) ([]*bot.Group, error)
	Group(ctx context.Context, id int64) (*bot.Group, error)
	Membership(ctx context.Context, groupID int64, userID string) (*bot.Membership, error)
	GroupSettings(ctx context.Context, groupID int64) (*bot.GroupSettings, error)
	Run(ctx context.Context, id int64) (*bot.Run, error)
	UserAnswers(ctx context.Context, groupID int64, userID string) ([]*bot.AnswerRecord, error)
}

// accessStore is what the authorize middleware reads to find a request's
// group and the invoker's membership in it.
type accessStore interface {
	GroupByChannel(ctx context.Context, platform, channelID string) (*bot.Group, error)
	Membership(ctx context.Context, groupID int64, userID string) (*bot.Membership, error)
}

// The whole Store satisfies each narrow one.
var (
	_ schedulerStore = bot.Store(nil)
	_ reportStore    = bot.Store(nil)
	_ erasureStore   = bot.Store(nil)
	_ accessStore    = bot.Store(nil)
)
