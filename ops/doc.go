// Package ops is what the practice's IT person looks at: a small HTTP
// listener with /healthz, /readyz and /metrics (Prometheus), and the
// instruments behind the metrics — a router middleware for events, an
// HTTP transport for the platforms' posts and 429s, a timed store, and a
// collector that reads open runs and alerts at scrape time.
//
// No metric carries a label made from a user id, a group name or anything
// a member wrote: every label value comes from a fixed set chosen here
// (platform, event kind, outcome code, store method), and a test checks it.
// It imports bot and the Prometheus client, never core or an adapter.
package ops
