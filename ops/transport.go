package ops

import (
	"net/http"
	"strings"
)

// Transport wraps next (http.DefaultTransport when nil) so that a
// platform client's calls are counted: each message posted, and each 429
// the platform answers. Give it to an adapter's HTTP client; platform is
// "discord" or "slack".
func (m *Metrics) Transport(platform string, next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return &countingTransport{m: m, platform: platformLabel(platform), next: next}
}

type countingTransport struct {
	m        *Metrics
	platform string
	next     http.RoundTripper
}

func (t *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(r)
	if err != nil {
		return resp, err
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		t.m.limited.WithLabelValues(t.platform).Inc()
	} else if resp.StatusCode < 300 && isPost(t.platform, r) {
		t.m.posts.WithLabelValues(t.platform).Inc()
	}
	return resp, nil
}

// isPost recognises the API calls that create a message: Discord's
// POST /channels/{id}/messages and Slack's chat.postMessage. Interaction
// responses and follow-ups are replies, not posts.
func isPost(platform string, r *http.Request) bool {
	if r.Method != http.MethodPost {
		return false
	}
	p := r.URL.Path
	switch platform {
	case "discord":
		return strings.Contains(p, "/channels/") && strings.HasSuffix(p, "/messages")
	case "slack":
		return strings.HasSuffix(p, "/chat.postMessage")
	}
	return false
}
