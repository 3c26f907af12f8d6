package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Webhook posts notices as JSON to a per-person HTTPS address: a pager,
// a practice's own system, or a chat's incoming webhook (the "text" field
// is what Slack, Mattermost and Teams-style hooks show). Safe for
// concurrent use.
type Webhook struct {
	// URLs maps a platform user id to the address notices are posted to.
	URLs map[string]string
	// Secret, when set, signs each request: X-Groupwork-Signature is
	// "sha256=" + hex HMAC-SHA256 of "<X-Groupwork-Timestamp>.<body>", so a
	// receiver can check origin and refuse replays.
	Secret string
	// Client makes the requests; one with a 20 s timeout when nil.
	Client *http.Client
	// Now stamps the requests; time.Now when nil.
	Now func() time.Time
}

// Name implements core.AlertChannel.
func (w *Webhook) Name() string { return "webhook" }

// Reaches implements core.AlertChannel.
func (w *Webhook) Reaches(userID string) bool { return w.URLs[userID] != "" }

// payload is the JSON body.
type payload struct {
	Event   string `json:"event"`
	Subject string `json:"subject"`
	Text    string `json:"text"`
	SentAt  string `json:"sent_at"`
}

// Send posts one notice; any answer but 2xx is an error (and retried).
func (w *Webhook) Send(ctx context.Context, userID, subject, text string) error {
	addr := w.URLs[userID]
	if addr == "" {
		return fmt.Errorf("no webhook for this person")
	}
	now := time.Now
	if w.Now != nil {
		now = w.Now
	}
	at := now().UTC()
	body, err := json.Marshal(payload{Event: "groupwork.safety_alert", Subject: subject, Text: subject + "\n\n" + text, SentAt: at.Format(time.RFC3339)})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, addr, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook request: %w", redact(err))
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "groupwork")
	if w.Secret != "" {
		ts := strconv.FormatInt(at.Unix(), 10)
		req.Header.Set("X-Groupwork-Timestamp", ts)
		req.Header.Set("X-Groupwork-Signature", Sign(w.Secret, ts, body))
	}
	client := w.Client
	if client == nil {
		client = &http.Client{Timeout: 20 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("webhook: %w", redact(err))
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		err := fmt.Errorf("webhook answered %s", resp.Status)
		if resp.StatusCode/100 == 4 && resp.StatusCode != http.StatusRequestTimeout && resp.StatusCode != http.StatusTooManyRequests {
			return permanentError{err} // gone, forbidden, not found: the address or its secret is wrong
		}
		return err
	}
	return nil
}

// Sign is the X-Groupwork-Signature of body sent at timestamp ts.
func Sign(secret, ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts + "."))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// redact drops the address from a request error: a hook's address often
// carries its own secret (Slack's and Teams' do), and errors are logged.
func redact(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}
