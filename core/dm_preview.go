package core

// Every direct message the bot sends starts with one of these lines. Phones
// show a message's first line in notifications, often on a locked screen
// where others can read it: so the first line names no one (no member, no
// group, no therapist) and quotes nothing. AlertPreview is the safety
// alert's.
const (
	// ReminderPreview starts a member's private reminder.
	ReminderPreview = "groupwork: a reminder for you"
	// UpdatePreview starts a therapist's private digest or report.
	UpdatePreview = "groupwork: an update for you"
)

// DMPreviews lists every first line a direct message may have.
var DMPreviews = []string{AlertPreview, ReminderPreview, UpdatePreview}

// withPreview puts preview as the first line of text.
func withPreview(preview, text string) string { return preview + "\n" + text }
