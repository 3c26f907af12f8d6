// Package notify reaches therapists outside the chat platform: e-mail
// through an SMTP server (STARTTLS required) and HTTPS webhooks. Both
// implement core.AlertChannel by shape, without importing the core; the
// core gives them content-free text only, and the outbox retries them.
package notify

// permanentError marks a failure that a retry cannot mend (the core gives
// the notice up at once and tells the backup therapist).
type permanentError struct{ error }

func (permanentError) Permanent() bool { return true }

func (e permanentError) Unwrap() error { return e.error }
