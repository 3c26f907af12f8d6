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
)

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
		{Name: "exercise", Sub: "stop", Description: "Close this group's open exercises (or one of them)",
			Options: []bot.OptionSpec{{Name: "exercise", Description: "only this exercise", Type: bot.OptString, Complete: "exercise"}},
			Access:  bot.AccessTherapist, Handle: b.exerciseStop},

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
			Access: bot.AccessTherapist, Handle: b.sessionEnd},
		{Name: "session", Sub: "mark", Description: "Mark a member's attendance of the current or last session",
			Options: []bot.OptionSpec{
				memberOption,
				{Name: "status", Description: "present, late, left-early, absent or excused", Type: bot.OptString, Required: true,
					Choices: []string{string(bot.AttendPresent), string(bot.AttendLate), string(bot.AttendLeftEarly), string(bot.AttendAbsent), string(bot.AttendExcused)}},
			},
			Access: bot.AccessTherapist, Handle: b.sessionMark},

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
		// The screen after an answer raised a safety alert (safety_share.go).
		{kindAlertReply, b.actAlertReply},
		{kindAlertNext, b.actAlertNext},
		// Confirmations.
		{kindForget, b.actForget},         // forget.go
		{kindGroupEnd, b.actGroupEnd},     // group_end.go
		{kindEndExport, b.actEndExport},   // retention.go
		{kindStartAgain, b.actStartAgain}, // exercise_again.go
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
