package slacktest

import (
	"math"
	"time"
)

type postLimit struct {
	interval time.Duration // one token per interval; 0 for no limit
	burst    int
}

// tokenBucket is one channel's allowance for chat.postMessage.
type tokenBucket struct {
	tokens float64
	last   time.Time
}

// SetPostLimit limits chat.postMessage in each channel to burst messages
// at once, refilled one per interval; beyond it the fake answers 429 with
// Retry-After. SetPostLimit(0, 0) removes the limit.
func (f *Fake) SetPostLimit(interval time.Duration, burst int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.limit = postLimit{interval: interval, burst: max(burst, 1)}
	f.buckets = map[string]*tokenBucket{}
}

// takeToken spends one post in channel; it returns 0, or the whole seconds
// (≥ 1) to wait before the next post. Callers hold f.mu.
func (f *Fake) takeToken(channel string) int {
	if f.limit.interval <= 0 {
		return 0
	}
	now := time.Now()
	b, found := f.buckets[channel]
	if !found {
		b = &tokenBucket{tokens: float64(f.limit.burst), last: now}
		f.buckets[channel] = b
	}
	b.tokens = math.Min(float64(f.limit.burst), b.tokens+float64(now.Sub(b.last))/float64(f.limit.interval))
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return 0
	}
	wait := time.Duration((1 - b.tokens) * float64(f.limit.interval))
	return max(1, int(math.Ceil(wait.Seconds())))
}
