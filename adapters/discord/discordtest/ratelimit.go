package discordtest

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

type limit struct {
	method, prefix string
	n              int
	per            time.Duration
}

// bucket is a fixed window per route (method and exact path), which is how
// Discord scopes limits by a route's major parameter (channel, guild,
// webhook).
type bucket struct {
	l     *limit
	start time.Time
	count int
}

// SetRateLimit limits requests whose method is method ("" for any) and whose
// path (after /api/v9) starts with pathPrefix to n per window, per exact
// path. Interaction callbacks are exempt, as on Discord.
func (f *Fake) SetRateLimit(method, pathPrefix string, n int, per time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.limits = append(f.limits, &limit{method: method, prefix: pathPrefix, n: n, per: per})
}

// SetGlobalLimit limits all requests made with the bot token (interaction
// callbacks and webhooks are exempt, as on Discord) to n per window; beyond
// it the fake answers a global 429 (no bucket headers, "global": true).
func (f *Fake) SetGlobalLimit(n int, per time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.global = &bucket{l: &limit{n: n, per: per}}
}

// globalLimit applies the global limit; it returns false after writing a
// 429. Callers hold f.mu.
func (f *Fake) globalLimit(w http.ResponseWriter) bool {
	g := f.global
	if g == nil {
		return true
	}
	now := time.Now()
	if now.Sub(g.start) >= g.l.per {
		g.start, g.count = now, 0
	}
	if g.count >= g.l.n {
		retry := g.start.Add(g.l.per).Sub(now)
		w.Header().Set("X-RateLimit-Global", "true")
		w.Header().Set("X-RateLimit-Scope", "global")
		w.Header().Set("Retry-After", strconv.Itoa(int(retry.Seconds())+1))
		writeJSON(w, http.StatusTooManyRequests, map[string]any{
			"message": "You are being rate limited.", "retry_after": retry.Seconds(), "global": true,
		})
		return false
	}
	g.count++
	return true
}

// RateLimited returns how many requests got a 429.
func (f *Fake) RateLimited() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, r := range f.requests {
		if r.Status == http.StatusTooManyRequests {
			n++
		}
	}
	return n
}

// rateLimit applies the configured limits and writes the X-RateLimit-*
// headers; it returns false after writing a 429. Callers hold f.mu.
func (f *Fake) rateLimit(w http.ResponseWriter, method, path string) bool {
	var l *limit
	for _, c := range f.limits {
		if (c.method == "" || c.method == method) && strings.HasPrefix(path, c.prefix) {
			l = c
			break
		}
	}
	if l == nil {
		return true
	}
	key := method + " " + path
	b, ok := f.buckets[key]
	now := time.Now()
	if !ok || now.Sub(b.start) >= l.per {
		b = &bucket{l: l, start: now}
		f.buckets[key] = b
	}
	resetAfter := b.start.Add(l.per).Sub(now)
	h := w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(l.n))
	h.Set("X-RateLimit-Bucket", fmt.Sprintf("%x", len(key)*31+len(l.prefix)))
	h.Set("X-RateLimit-Reset-After", strconv.FormatFloat(resetAfter.Seconds(), 'f', 3, 64))
	h.Set("X-RateLimit-Reset", strconv.FormatFloat(float64(b.start.Add(l.per).UnixMilli())/1000, 'f', 3, 64))
	if b.count >= l.n {
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("X-RateLimit-Scope", "user")
		h.Set("Retry-After", strconv.Itoa(int(resetAfter.Seconds())+1))
		writeJSON(w, http.StatusTooManyRequests, map[string]any{
			"message": "You are being rate limited.", "retry_after": resetAfter.Seconds(), "global": false,
		})
		return false
	}
	b.count++
	h.Set("X-RateLimit-Remaining", strconv.Itoa(l.n-b.count))
	return true
}
