// Package notify reaches therapists outside the chat platform: e-mail
// through an SMTP server (STARTTLS required) and HTTPS webhooks. Both
// implement core.AlertChannel by shape, without importing the core; the
// core gives them content-free text only, and the outbox retries them.
package notify
