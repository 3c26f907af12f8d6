package core

import (
	"time"

	"groupwork/bot"
)

// This file declares everything the bot answers: the whole command tree and
// the button and form kinds. Nothing is registered anywhere else (a test
// checks it). /help and the platforms' native command registrations are made
// from this table through the router's specs; the handlers live beside the
// code they need.

// Options shared by several commands.
var (
	memberOption   = bot.OptionSpec{Name: "member", Description: "the person", Type: bot.OptUser, Required: true}
	exerciseOption = bot.OptionSpec{Name: "exercise", Description: "exercise id, see /exercise list", Type: bot.OptString, Required: true, Complete: "exercise"}
	periodOption   = bot.OptionSpec{Name: "period", Description: `e.g. "since 2026-11-01", "2026-11-01..2026-11-30", "last 30 days", "this month"`, Type: bot.OptString, Rest: true}
	// regionOption is the country option of /group create and /group region.
	regionOption = bot.OptionSpec{Name: "region", Description: "the group's country, for crisis numbers: two letters like DE, GB or US", Type: bot.OptString, Complete: "country"}
	scheduleID   = "the schedule's number, see /schedule list"
	// goalOption and noteOption record a live session's outcome (live_plan.go).
	goalOption = bot.OptionSpec{Name: "goal", Description: "was the session's goal met: yes, partly or no", Type: bot.OptString, Choices: goalWords}
	noteOption = bot.OptionSpec{Name: "note", Description: "a short note about the group's session (private to therapists)", Type: bot.OptString, Rest: true}
)

// levelOption is the level of /level set and lock.
func levelOption(required bool) bot.OptionSpec {
	return bot.OptionSpec{Name: "level", Description: "the level, 1 = easiest", Type: bot.OptInt, Required: required}
}

// commandTable returns the command tree: every command and subcommand, its
// options, who may use it and its handler. Keep it grouped by command.
func (b *Bot) commandTable() []bot.CommandSpec {
	regionRest := regionOption
	regionRest.Rest = true // /group region united kingdom
	return []bot.CommandSpec{
		// /group: the group itself, its people and its calendar.
		{Name: "group", Sub: "create", Description: "Create a group in this channel; you become its lead therapist",
			Options: []bot.OptionSpec{
				{Name: "name", Description: "the group's name", Type: bot.OptString, Required: true},
				{Name: "timezone", Description: "IANA time zone, e.g. Europe/Berlin", Type: bot.OptString, Complete: "timezone"},
				{Name: "channel", Description: "here (use this channel) or new (create a private channel)", Type: bot.OptString, Choices: []string{"here", "new"}},
				regionOption,
			},
			Access: bot.AccessAnyone, Handle: b.groupCreate},
		{Name: "group", Sub: "add", Description: "Add a person to this group",
			Options: []bot.OptionSpec{memberOption, {Name: "role", Description: "member, co-therapist or observer", Type: bot.OptString,
				Choices: []string{string(bot.RoleMember), string(bot.RoleCoTherapist), string(bot.RoleObserver)}}},
			Access: bot.AccessTherapist, Handle: b.groupAdd},
		{Name: "group", Sub: "remove", Description: "Remove a person from this group (their past record is kept)",
			Options: []bot.OptionSpec{memberOption}, Access: bot.AccessTherapist, Handle: b.groupRemove},
		{Name: "group", Sub: "info", Description: "Show this group, its therapists and members",
			Access: bot.AccessMember, Handle: b.groupInfo},
		{Name: "group", Sub: "region", Description: "Show or change the country whose crisis numbers this group's members see",
			Options: []bot.OptionSpec{regionRest}, Access: bot.AccessTherapist, Handle: b.groupRegion},
		{Name: "group", Sub: "pause", Description: "Pause scheduled exercises (nobody is counted as missing)",
			Options: []bot.OptionSpec{{Name: "until", Description: "resume on this date, e.g. 2026-12-28 or 28 Dec (default: until /group resume)", Type: bot.OptString}},
			Access:  bot.AccessTherapist, Handle: b.groupPause},
		{Name: "group", Sub: "resume", Description: "Resume scheduled exercises after a pause",
			Access: bot.AccessTherapist, Handle: b.groupResume},
		{Name: "group", Sub: "leave", Description: "Excuse a member for some days (holiday, illness)",
			Options: []bot.OptionSpec{
				memberOption,
				{Name: "from", Description: "first day, e.g. 2026-11-09 or 9 Nov", Type: bot.OptString, Required: true},
				{Name: "to", Description: "last day (included)", Type: bot.OptString, Required: true},
			},
			Access: bot.AccessTherapist, Handle: b.groupLeave},
		{Name: "group", Sub: "holiday", Description: "Days without scheduled exercises: add, list or remove",
			Options: []bot.OptionSpec{
				{Name: "action", Description: "add, list or remove", Type: bot.OptString, Required: true, Choices: []string{"add", "list", "remove"}},
				{Name: "dates", Description: `one or more days, e.g. "24 Dec, 31 Dec" or "2026-12-24 to 2027-01-01"`, Type: bot.OptString},
			},
			Access: bot.AccessTherapist, Handle: b.groupHoliday},
		{Name: "group", Sub: "session", Description: "Set the weekly live session (schedules like \"24h before session\" follow it)",
			Options: []bot.OptionSpec{
				{Name: "weekday", Description: "day of the week, e.g. wednesday", Type: bot.OptString, Required: true},
				{Name: "time", Description: "start time, e.g. 18:00", Type: bot.OptString, Required: true},
				{Name: "length", Description: "how long it lasts, e.g. 90m (default 90 minutes)", Type: bot.OptString},
			},
			Access: bot.AccessTherapist, Handle: b.groupSession},
		{Name: "group", Sub: "dates", Description: "Set the group's first and last day (schedules stop after the last)",
			Options: []bot.OptionSpec{
				{Name: "start", Description: "first day, e.g. 2026-11-02, or none", Type: bot.OptString},
				{Name: "end", Description: "last day, e.g. 2027-02-26, or none", Type: bot.OptString},
			},
			Access: bot.AccessTherapist, Handle: b.groupDates},
		{Name: "group", Sub: "calendar", Description: "A calendar file of sessions and exercises for your calendar app (private to you)",
			Options: []bot.OptionSpec{{Name: "weeks", Description: "how many weeks ahead, 1 to 52 (default 12)", Type: bot.OptInt}},
			Access:  bot.AccessTherapist, Handle: b.groupCalendar},
		// /group: safety and privacy settings.
		{Name: "group", Sub: "footer", Description: "Set the short line shown under every exercise (e.g. where to get help)",
			Options: []bot.OptionSpec{{Name: "text", Description: `the footer, "default" for the practice's, or "none"`, Type: bot.OptString}},
			Access:  bot.AccessTherapist, Handle: b.groupFooter},
		{Name: "group", Sub: "keywords", Description: "Words in written answers that alert you privately: add or remove (comma-separated), list, reset",
			Options: []bot.OptionSpec{
				{Name: "action", Description: "add, remove, list, or reset (put back the starter phrases you removed)", Type: bot.OptString, Required: true, Choices: []string{"add", "remove", "list", "reset"}},
				{Name: "keyword", Description: "one or more keywords of one to six words, separated by commas", Type: bot.OptString, Rest: true},
			},
			Access: bot.AccessTherapist, Handle: b.groupKeywords},
		{Name: "group", Sub: "backup", Description: "Name the co-therapist who also receives safety alerts",
			Options: []bot.OptionSpec{
				{Name: "therapist", Description: "a co-therapist of this group", Type: bot.OptUser},
				{Name: "clear", Description: "yes: no backup, alerts go to the lead only", Type: bot.OptBool},
			},
			Access: bot.AccessLead, Handle: b.groupBackup},
		{Name: "group", Sub: "quiethours", Description: "Your quiet hours: safety alerts go to whoever is on cover, then to you when they end",
			Options: []bot.OptionSpec{{Name: "hours", Description: `like 22:00-07:00 in the group's time zone, or "off"`, Type: bot.OptString}},
			Access:  bot.AccessTherapist, Handle: b.groupQuietHours},
		{Name: "group", Sub: "retention", Description: "How many days answers are kept before they are deleted",
			Options: []bot.OptionSpec{{Name: "days", Description: "7 to 3650", Type: bot.OptInt}},
			Access:  bot.AccessLead, Handle: b.groupRetention},
		{Name: "group", Sub: "end", Description: "End this group (asks first): nothing more is posted; answers are deleted after the retention period",
			Access: bot.AccessLead, Handle: b.groupEnd},

		// /exercise
		{Name: "exercise", Sub: "list", Description: "List the exercises you can use",
			Access: bot.AccessAnyone, Handle: b.exerciseList},
		{Name: "exercise", Sub: "preview", Description: "Show an exercise's questions privately",
			Options: []bot.OptionSpec{exerciseOption}, Access: bot.AccessAnyone, Handle: b.exercisePreview},
		{Name: "exercise", Sub: "start", Description: "Post an exercise to this group now",
			Options: []bot.OptionSpec{exerciseOption}, Access: bot.AccessTherapist, Handle: b.exerciseStart},
		{Name: "exercise", Sub: "reload", Description: "Read the practice's exercise files again (a file with a problem keeps its old version)",
			Access: bot.AccessTherapist, Handle: b.exerciseReload},
		{Name: "exercise", Sub: "stop", Description: "Close this group's open exercises (or one of them)",
			Options: []bot.OptionSpec{{Name: "exercise", Description: "only this exercise", Type: bot.OptString, Complete: "exercise"}},
			Access:  bot.AccessTherapist, Handle: b.exerciseStop},

		// /level: levels in exercises that have them (commands_level.go).
		{Name: "level", Sub: "show", Description: "Levels in the exercises that have them (members see their own)",
			Options: []bot.OptionSpec{{Name: "member", Description: "only this member", Type: bot.OptUser}}, Access: bot.AccessMember, Handle: b.levelShow},
		{Name: "level", Sub: "set", Description: "Set a member's level in an exercise with levels",
			Options: []bot.OptionSpec{memberOption, exerciseOption, levelOption(true)}, Access: bot.AccessTherapist, Handle: b.levelSet},
		{Name: "level", Sub: "lock", Description: "Keep a member at a level (progression leaves it alone)",
			Options: []bot.OptionSpec{memberOption, exerciseOption, levelOption(false)}, Access: bot.AccessTherapist, Handle: b.levelLock},
		{Name: "level", Sub: "unlock", Description: "Let progression move a member's level again",
			Options: []bot.OptionSpec{memberOption, exerciseOption}, Access: bot.AccessTherapist, Handle: b.levelUnlock},
		{Name: "level", Sub: "reset", Description: "Put a member back to level 1, unlocked, and start progression afresh",
			Options: []bot.OptionSpec{memberOption, exerciseOption}, Access: bot.AccessTherapist, Handle: b.levelReset},
		{Name: "level", Sub: "scores", Description: "Show or hide members' raw scores after exercises with levels",
			Options: []bot.OptionSpec{{Name: "show", Description: "yes: members see their score; no: only their level", Type: bot.OptBool}},
			Access:  bot.AccessTherapist, Handle: b.levelScores},

		// /schedule
		// Typed without its options, it opens a form (bot.CommandSpec.Form).
		{Name: "schedule", Sub: "add", Description: "Post an exercise to this group on a regular rhythm",
			Form: "Add a schedule",
			Options: []bot.OptionSpec{
				withLabel(exerciseOption, "Exercise (its id)"),
				{Name: "when", Label: "When to post it", Description: `when to post, e.g. "every wednesday 18:00", "weekdays 09:30", "24h before session"`, Type: bot.OptString, Required: true, MaxLen: 100},
				{Name: "window", Label: "How long it stays open (optional)", Description: "how long it stays open, e.g. 24h (default: the exercise's)", Type: bot.OptString, MaxLen: 20},
				{Name: "remind", Label: "Reminder before it closes (optional)", Description: "nudge non-responders this long before it closes, e.g. 4h", Type: bot.OptString, MaxLen: 20},
			},
			Access: bot.AccessTherapist, Handle: b.scheduleAdd},
		{Name: "schedule", Sub: "list", Description: "This group's schedules",
			Access: bot.AccessMember, Handle: b.scheduleList},
		{Name: "schedule", Sub: "remove", Description: "Stop a schedule (past runs stay in the record)",
			Options: []bot.OptionSpec{{Name: "id", Description: scheduleID, Type: bot.OptInt, Required: true}},
			Access:  bot.AccessTherapist, Handle: b.scheduleRemove},
		{Name: "schedule", Sub: "next", Description: "The next 5 posts, in the group's time and optionally yours",
			Options: []bot.OptionSpec{
				{Name: "id", Description: scheduleID, Type: bot.OptInt},
				{Name: "timezone", Description: "also show times in this zone, e.g. America/New_York", Type: bot.OptString, Complete: "timezone"},
			},
			Access: bot.AccessMember, Handle: b.scheduleNext},

		// /session: attendance of the live session.
		{Name: "session", Sub: "start", Description: "Start taking attendance for a live session now",
			Options: []bot.OptionSpec{
				{Name: "voice", Description: "only count this voice channel (its id); default: any voice channel", Type: bot.OptString},
				{Name: "grace", Description: "minutes a member may be late or leave early (default 10)", Type: bot.OptInt},
			},
			Access: bot.AccessTherapist, Handle: b.sessionStart},
		{Name: "session", Sub: "end", Description: "End the live session and see its attendance (private to you)",
			Options: []bot.OptionSpec{goalOption,
				{Name: "rating", Description: "yes: ask members for an optional one-minute rating", Type: bot.OptBool}, noteOption},
			Access: bot.AccessTherapist, Handle: b.sessionEnd},
		{Name: "session", Sub: "mark", Description: "Mark a member's attendance of the current or last session",
			Options: []bot.OptionSpec{
				memberOption,
				{Name: "status", Description: "present, late, left-early, absent or excused", Type: bot.OptString, Required: true,
					Choices: []string{string(bot.AttendPresent), string(bot.AttendLate), string(bot.AttendLeftEarly), string(bot.AttendAbsent), string(bot.AttendExcused)}},
			},
			Access: bot.AccessTherapist, Handle: b.sessionMark},
		// /session: one occurrence of the weekly session (session_move.go).
		{Name: "session", Sub: "move", Description: "Move one session to another day or time; members are told",
			Options: []bot.OptionSpec{
				{Name: "date", Description: "the new day, e.g. 2026-12-17 or 17 Dec", Type: bot.OptString, Required: true},
				{Name: "time", Description: "the new start time, e.g. 19:00", Type: bot.OptString, Required: true},
				{Name: "of", Description: "the regular session day to move (default: the one nearest the new day)", Type: bot.OptString},
			},
			Access: bot.AccessTherapist, Handle: b.sessionMove},
		{Name: "session", Sub: "cancel", Description: "Cancel one session; nothing counted from it is posted",
			Options: []bot.OptionSpec{{Name: "date", Description: "the session's day, e.g. 2026-12-16 or 16 Dec", Type: bot.OptString, Required: true, Rest: true}},
			Access:  bot.AccessTherapist, Handle: b.sessionCancel},
		{Name: "session", Sub: "remind", Description: "Remind members privately before each session (off by default)",
			Options: []bot.OptionSpec{{Name: "before", Description: `how long before, e.g. 2h or 1 day, or "off"`, Type: bot.OptString, Rest: true}},
			Access:  bot.AccessTherapist, Handle: b.sessionRemind},

		// /strategy: the group's strategy board (strategy.go).
		{Name: "strategy", Sub: "add", Description: "Share a strategy that helps you on the group's board",
			Options: []bot.OptionSpec{{Name: "text", Description: "your strategy in your own words; start with #topic to tag it, e.g. #sleep", Type: bot.OptString, Required: true, Rest: true}},
			Access:  bot.AccessMember, Handle: b.strategyAdd},
		{Name: "strategy", Sub: "list", Description: "The group's strategies, most helpful first",
			Options: []bot.OptionSpec{{Name: "topic", Description: "only strategies about this", Type: bot.OptString, Rest: true}},
			Access:  bot.AccessMember, Handle: b.strategyList},
		{Name: "strategy", Sub: "pin", Description: "Pin or unpin a strategy at the top of the board",
			Options: []bot.OptionSpec{{Name: "id", Description: "the strategy's number", Type: bot.OptInt, Required: true}},
			Access:  bot.AccessTherapist, Handle: b.strategyPin},
		{Name: "strategy", Sub: "edit", Description: "Suggest new wording; it changes only if the author agrees",
			Options: []bot.OptionSpec{
				{Name: "id", Description: "the strategy's number", Type: bot.OptInt, Required: true},
				{Name: "text", Description: "the new wording", Type: bot.OptString, Required: true, Rest: true},
			},
			Access: bot.AccessTherapist, Handle: b.strategyEdit},
		{Name: "strategy", Sub: "remove", Description: "Remove a strategy from the board",
			Options: []bot.OptionSpec{{Name: "id", Description: "the strategy's number", Type: bot.OptInt, Required: true}},
			Access:  bot.AccessTherapist, Handle: b.strategyRemove},

		// The live hour (issue 12): plan, go-around, live activities and
		// polls, notes (live_plan.go, goaround.go, live_activity.go, live_notes.go).
		{Name: "session", Sub: "plan", Description: "Plan the next live session: its goal, topic and activities",
			Form: "Plan the next session",
			Options: []bot.OptionSpec{
				{Name: "goal", Label: "Goal, in plain words", Description: "what the session is for, e.g. \"Notice one early sign of stress\"", Type: bot.OptString, Required: true, Rest: true, MaxLen: maxPlanText},
				{Name: "topic", Label: "Topic (members see it)", Description: "the topic members see at the start", Type: bot.OptString, MaxLen: maxPlanText},
				{Name: "goaround", Label: "Go-around question (optional)", Description: "a go-around question to open with", Type: bot.OptString, MaxLen: maxPlanText},
				{Name: "exercises", Label: "Exercises to run live (optional)", Description: "exercise ids to run live, separated by commas", Type: bot.OptString, MaxLen: 200},
				{Name: "activity", Label: "Timed activity (optional)", Description: "the exercise id of the timed activity", Type: bot.OptString, Complete: "exercise", MaxLen: 40},
			},
			Access: bot.AccessTherapist, Handle: b.sessionPlan},
		{Name: "session", Sub: "note", Description: "A private one-line note about a member in this session (a second one replaces it)",
			Options: []bot.OptionSpec{memberOption, {Name: "text", Description: "one line, at most 300 characters", Type: bot.OptString, Required: true, Rest: true}},
			Access:  bot.AccessTherapist, Handle: b.sessionNote},
		{Name: "session", Sub: "outcome", Description: "Record whether the last session's goal was met, and a group note",
			Options: []bot.OptionSpec{goalOption, noteOption},
			Access:  bot.AccessTherapist, Handle: b.sessionOutcome},
		{Name: "goaround", Description: "Invite members to share one at a time; /goaround skip|pause|resume|back|end steers it",
			Options: []bot.OptionSpec{
				{Name: "prompt", Description: "what members are invited to share, or skip, pause, resume, back, end", Type: bot.OptString, Required: true, Rest: true},
				{Name: "minutes", Description: "minutes each (1 to 15, default 2)", Type: bot.OptInt},
				{Name: "order", Description: "random, or names separated by commas (default: the group's order)", Type: bot.OptString},
			},
			Access: bot.AccessTherapist, Handle: b.goAround},
		{Name: "activity", Sub: "start", Description: "Run an exercise live in the channel, step by step, at the group's pace",
			Options: []bot.OptionSpec{exerciseOption}, Access: bot.AccessTherapist, Handle: b.activityStart},
		{Name: "activity", Sub: "next", Description: "Move the live activity to its next step now",
			Access: bot.AccessTherapist, Handle: b.activityNext},
		{Name: "activity", Sub: "end", Description: "Stop the live activity",
			Access: bot.AccessTherapist, Handle: b.activityEnd},
		{Name: "poll", Sub: "start", Description: "Ask one scale or choice question of an exercise as a live poll",
			Options: []bot.OptionSpec{exerciseOption, {Name: "step", Description: "the question's step id, see /exercise preview", Type: bot.OptString, Required: true}},
			Access:  bot.AccessTherapist, Handle: b.pollStart},
		{Name: "poll", Sub: "reveal", Description: "Show the group the live poll's results (small-group guard applies) and close it",
			Access: bot.AccessTherapist, Handle: b.pollReveal},
		{Name: "poll", Sub: "end", Description: "Close the live poll without showing its results",
			Access: bot.AccessTherapist, Handle: b.activityEnd},

		// /review: reports for the therapists.
		{Name: "review", Sub: "group", Description: "Participation of every member (private to you)",
			Options: []bot.OptionSpec{periodOption}, Access: bot.AccessStaff, Handle: b.reviewGroupReport},
		{Name: "review", Sub: "member", Description: "One member's progress-note summary (private to you)",
			Options: []bot.OptionSpec{memberOption, periodOption}, Access: bot.AccessTherapist, Handle: b.reviewMemberNote},
		{Name: "review", Sub: "note", Description: "A member's progress note (DAP, BIRP or SOAP) to copy or download (private to you)",
			Options: []bot.OptionSpec{memberOption,
				{Name: "format", Description: "dap, birp or soap (default: the practice's)", Type: bot.OptString, Choices: NoteFormats},
				periodOption},
			Access: bot.AccessTherapist, Handle: b.reviewNote}, // notes.go
		{Name: "review", Sub: "brief", Description: "What changed for each member before the next session (private to you; also sent before each session)",
			Access: bot.AccessTherapist, Handle: b.reviewBrief}, // brief.go
		{Name: "review", Sub: "mine", Description: "All the groups you lead: open alerts, response rates, what needs you first (private to you)",
			Access: bot.AccessAnyone, Handle: b.reviewMine}, // review_mine.go: any channel, its group or not
		{Name: "review", Sub: "export", Description: "Every answer and participation row as a file (private to you)",
			Options: []bot.OptionSpec{
				{Name: "format", Description: "csv (default) or json", Type: bot.OptString, Choices: []string{"csv", "json"}},
				periodOption,
			},
			Access: bot.AccessTherapist, Timeout: 30 * time.Second, Handle: b.reviewExport},

		// /alerts: safety alerts.
		{Name: "alerts", Sub: "list", Description: "Open safety alerts of this group (private to you)",
			Options: []bot.OptionSpec{{Name: "all", Description: "also acknowledged ones", Type: bot.OptBool}},
			Access:  bot.AccessTherapist, Handle: b.alertsList},
		// Typed without its note, it opens a form (bot.CommandSpec.Form).
		{Name: "alerts", Sub: "ack", Description: "Acknowledge a safety alert with a note of what you did",
			Form: "Acknowledge an alert",
			Options: []bot.OptionSpec{
				{Name: "id", Label: "Alert number", Description: "the alert's number", Type: bot.OptInt, Required: true, MaxLen: 12},
				{Name: "note", Label: "What you did or decided", Description: "what you did or decided", Type: bot.OptString, Required: true, Long: true, MaxLen: maxAckNote},
			},
			Access: bot.AccessTherapist, Handle: b.alertsAck},

		// Commands of their own, mostly for members.
		{Name: "privacy", Description: "Who sees your answers; accept or decline",
			Options: []bot.OptionSpec{{Name: "choice", Description: "accept or decline", Type: bot.OptString, Choices: []string{"accept", "decline"}}},
			Access:  bot.AccessMember, Handle: b.privacy},
		{Name: "mydata", Description: "See and download what this group holds about you",
			Access: bot.AccessMember, Handle: b.myData},
		{Name: "myzone", Description: "Your own time zone, for the session reminders sent to you",
			Options: []bot.OptionSpec{{Name: "timezone", Description: `e.g. America/New_York, or "off"`, Type: bot.OptString, Complete: "timezone"}},
			Access:  bot.AccessMember, Handle: b.myZone},
		{Name: "forgetme", Description: "Erase your answers and your name from this group (asks first)",
			Access: bot.AccessMember, Handle: b.forgetMe},
		{Name: "help", Description: "What you can do here",
			Options: []bot.OptionSpec{{Name: "command", Description: "a command to explain", Type: bot.OptString}},
			Access:  bot.AccessAnyone, Handle: b.help},
		// /crisis answers anyone, anywhere, even with the database down.
		{Name: "crisis", Description: "Where to get help right now (always private)",
			Options: []bot.OptionSpec{{Name: "where", Description: "a country: two letters like GB, DE or US", Type: bot.OptString, Complete: "country"}},
			Access:  bot.AccessAnyone, Storeless: true, DirectMessage: true, Handle: b.crisisCommand},
	}
}

func withLabel(o bot.OptionSpec, label string) bot.OptionSpec {
	o.Label = label
	return o
}

// actionEntry routes the buttons, menus and forms whose custom id has kind.
type actionEntry struct {
	kind   string
	handle bot.ActionHandler
}

// actionTable returns every custom id kind the bot answers and its handler.
// The kinds are declared beside the code that makes their buttons.
func (b *Bot) actionTable() []actionEntry {
	return []actionEntry{
		// Answering an exercise (runs.go, actions.go).
		{kindOpen, b.actOpen},
		{kindAnswer, b.actAnswer},
		{kindPick, b.actPick},
		{kindText, b.actText},
		{kindSkip, b.actSkip},
		{kindShare, b.actShare},
		{kindRedo, b.actRedo},
		{kindConsent, b.actConsent},
		{kindContinue, b.actContinue},
		{kindToggle, b.actToggle},         // toggle_grid.go
		{kindToggleDone, b.actToggleDone}, // toggle_grid.go
		{kindSeq, b.actSeq},               // sequence.go
		{kindSeqDone, b.actSeqDone},       // sequence.go
		{kindMoreTime, b.actMoreTime},     // more_time.go
		{kindMoreWindow, b.actMoreWindow}, // more_window.go
		// The screen after an answer raised a safety alert (safety_share.go).
		{kindAlertReply, b.actAlertReply},
		{kindAlertNext, b.actAlertNext},
		// Confirmations.
		{kindForget, b.actForget},         // forget.go
		{kindGroupEnd, b.actGroupEnd},     // group_end.go
		{kindEndExport, b.actEndExport},   // retention.go
		{kindStartAgain, b.actStartAgain}, // exercise_again.go
		// The live hour.
		{kindGoTurn, b.actGoTurn},       // goaround.go
		{kindGoControl, b.actGoControl}, // goaround.go
		{kindLiveVote, b.actLiveVote},   // live_activity.go
		{kindRate, b.actRate},           // live_notes.go
		// The strategy board's buttons and menus (strategy.go).
		{kindStrategy, b.actStrategy},
	}
}

// register gives the router the command and action tables and the presence
// handler; it is the only place that registers anything.
func (b *Bot) register() {
	for _, s := range b.commandTable() {
		b.router.Command(s)
	}
	for _, a := range b.actionTable() {
		b.router.Action(a.kind, a.handle)
	}
	b.router.OnPresence(b.presence) // attendance_commands.go: voice presence during a live session
}
