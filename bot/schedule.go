package bot

import (
	"context"
	"fmt"
	"time"
)

// Schedule posts an exercise into a group's channel whenever its rule fires.
type Schedule struct {
	ID         int64
	GroupID    int64
	ExerciseID string
	When       string        // the rule as typed; see core.ParseWhen
	Window     time.Duration // 0: the exercise's own window
	Remind     time.Duration // before close; 0: the exercise's own reminder
	CreatedBy  string
	CreatedAt  time.Time
	RemovedAt  *time.Time
	// NextAt is the next instant to claim; zero when the schedule has ended
	// (the group's end date passed) or cannot fire (no session time).
	NextAt time.Time
}

// FireState is a step of a fire's state machine. Each step is committed
// before the next one starts, so a restart resumes where a crash stopped.
type FireState string

// Fire states, in order. A fire ends as done or skipped.
const (
	FireClaimed FireState = "claimed" // recorded; nothing opened yet
	FireOpened  FireState = "opened"  // the run exists (RunID); nothing posted yet
	FirePosting FireState = "posting" // a post was or is being attempted
	FirePosted  FireState = "posted"  // the prompt is in the channel (MessageID)
	FireDone    FireState = "done"    // the run closed and the therapist got the digest
	FireSkipped FireState = "skipped" // not posted, for Reason
)

// Reasons a fire is skipped.
const (
	SkipPaused     = "paused"
	SkipHoliday    = "holiday"
	SkipOffline    = "offline"     // the bot was down for longer than the grace period
	SkipNotStarted = "not-started" // before the group's start date
	SkipNoExercise = "no-exercise" // the exercise is no longer in the library
)

// Fire is one occurrence of a schedule, keyed by (ScheduleID, ScheduledFor).
type Fire struct {
	ID           int64
	ScheduleID   int64
	GroupID      int64
	ScheduledFor time.Time // the UTC instant the rule gave
	State        FireState
	Reason       string
	RunID        int64
	MessageID    string
	UpdatedAt    time.Time
	// Reported is set once the therapist was told about a skip.
	Reported bool
}

// FireClaim is one fire to record, and where its schedule goes next.
type FireClaim struct {
	ScheduleID   int64
	ScheduledFor time.Time
	State        FireState // FireClaimed or FireSkipped
	Reason       string
	// Next is the schedule's new NextAt (zero: ended).
	Next time.Time
}

// Calendar is a group's rhythm: its weekly session, its start and end dates,
// and whether it is paused. Dates are "2006-01-02" on the group's wall clock.
type Calendar struct {
	GroupID     int64
	Session     *SessionTime
	StartDate   string
	EndDate     string
	Paused      bool
	PausedUntil string // resume automatically on this date; "" means until resumed
	EndNotified bool   // the therapist was told that the end date passed
	// RemindBefore is how long before each session members get a private
	// reminder; 0: none.
	RemindBefore time.Duration
}

// ScheduleStore is the persistence of scheduling. Every method that writes
// does so in one transaction; lookups of absent rows return ENotFound.
type ScheduleStore interface {
	// AddSchedule stores s and sets its ID.
	AddSchedule(ctx context.Context, s *Schedule) error
	Schedule(ctx context.Context, id int64) (*Schedule, error)
	// Schedules returns the group's schedules not removed, oldest first.
	Schedules(ctx context.Context, groupID int64) ([]*Schedule, error)
	// RemoveSchedule marks the schedule removed; pending fires finish.
	RemoveSchedule(ctx context.Context, id int64, at time.Time) error
	// SetScheduleNext sets a schedule's NextAt (after the session or dates changed).
	SetScheduleNext(ctx context.Context, id int64, next time.Time) error
	// DueSchedules returns up to limit schedules not removed whose NextAt is
	// set and not after t, earliest first.
	DueSchedules(ctx context.Context, t time.Time, limit int) ([]*Schedule, error)
	// NextScheduleAt returns the earliest NextAt of schedules not removed.
	NextScheduleAt(ctx context.Context) (time.Time, bool, error)

	// ClaimFires records the fires and advances their schedules, in one
	// transaction. A claim whose (schedule, scheduled-for) key exists, or
	// whose schedule's NextAt is no longer ScheduledFor, is ignored; the
	// recorded fires are returned.
	ClaimFires(ctx context.Context, claims []FireClaim, at time.Time) ([]*Fire, error)
	// OpenFire stores the run and its participation and moves the fire from
	// claimed to opened, in one transaction. EConflict if the fire is not claimed.
	OpenFire(ctx context.Context, fireID int64, r *Run, parts []*Participation, at time.Time) error
	// AdvanceFire moves a fire from one state to another; with a message id
	// it also records it on the fire's run. EConflict if the fire is not in from.
	AdvanceFire(ctx context.Context, fireID int64, from, to FireState, messageID string, at time.Time) error
	// UnfinishedFires returns fires not done or skipped, oldest first.
	UnfinishedFires(ctx context.Context) ([]*Fire, error)
	// FireOfRun returns the fire that opened a run (ENotFound for manual runs).
	FireOfRun(ctx context.Context, runID int64) (*Fire, error)
	// SkippedFires returns the group's (every group's when groupID is 0)
	// skipped fires for reason ("" for any), unreported ones only when
	// unreported is true, by group and time.
	SkippedFires(ctx context.Context, groupID int64, reason string, unreported bool) ([]*Fire, error)
	// MarkReported sets Reported on the fires.
	MarkReported(ctx context.Context, fireIDs []int64) error

	// ClaimNotice records that a one-off private message (a nudge, a digest)
	// is about to be sent. It returns false when key was claimed before, so
	// each is sent at most once.
	ClaimNotice(ctx context.Context, key string, at time.Time) (bool, error)
}

// CalendarStore keeps each group's calendar (live session, pause, end
// date) and its holidays.
type CalendarStore interface {
	SessionChangeStore
	// Calendar returns the group's calendar (a zero one when never set).
	Calendar(ctx context.Context, groupID int64) (*Calendar, error)
	SetCalendar(ctx context.Context, c *Calendar) error
	// EndingCalendars returns the calendars with an end date whose passing
	// was not yet reported (EndNotified false).
	EndingCalendars(ctx context.Context) ([]*Calendar, error)
	// AddHolidays adds dates ("2006-01-02"); existing ones are kept.
	AddHolidays(ctx context.Context, groupID int64, dates []string) error
	// RemoveHoliday removes a date; ENotFound if it was not a holiday.
	RemoveHoliday(ctx context.Context, groupID int64, date string) error
	// Holidays returns the group's holiday dates in order.
	Holidays(ctx context.Context, groupID int64) ([]string, error)
}

// PausedOn reports whether the group is paused on day ("2006-01-02", local).
func (c *Calendar) PausedOn(day string) bool {
	return c.Paused && (c.PausedUntil == "" || day < c.PausedUntil)
}

// SessionTime is a group's weekly live session, on the group's wall clock.
type SessionTime struct {
	Weekday  time.Weekday
	Hour     int
	Minute   int
	Duration time.Duration // 0 means DefaultSessionLength
}

// DefaultSessionLength is assumed when a session's length was not given.
const DefaultSessionLength = 90 * time.Minute

// Length returns the session's duration, DefaultSessionLength when unset.
func (s *SessionTime) Length() time.Duration {
	if s.Duration <= 0 {
		return DefaultSessionLength
	}
	return s.Duration
}

// String renders "Wednesday 18:00 (1h30m)".
func (s *SessionTime) String() string {
	return fmt.Sprintf("%s %02d:%02d (%s)", s.Weekday, s.Hour, s.Minute, HumanDuration(s.Length()))
}
