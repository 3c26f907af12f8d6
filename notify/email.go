package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strconv"
	"strings"
	"time"
)

// Email sends notices through an SMTP server. The connection is upgraded
// with STARTTLS before anything else is said, and a server that does not
// offer it is refused: a notice is content-free, but the address and the
// login are not for the open network. Safe for concurrent use.
type Email struct {
	Host     string
	Port     int // 587 when 0
	Username string
	Password string
	From     string
	// To maps a platform user id to an e-mail address.
	To map[string]string
	// TLS, when set, is used for STARTTLS (tests give their own roots);
	// by default the system's roots, for Host.
	TLS *tls.Config
	// Timeout bounds one whole delivery; 15 s when 0 (the core gives one
	// pass of sending 20 s).
	Timeout time.Duration
	// Now dates the message; time.Now when nil.
	Now func() time.Time
}

// ErrNoStartTLS is returned when the mail server does not offer STARTTLS.
var ErrNoStartTLS = errors.New("the mail server does not offer STARTTLS; groupwork does not send alerts over an unencrypted connection")

// Name implements core.AlertChannel.
func (e *Email) Name() string { return "email" }

// Reaches implements core.AlertChannel.
func (e *Email) Reaches(userID string) bool { return e.To[userID] != "" }

// Send delivers one message to userID's address. The error says which
// SMTP step failed (with the server's reply), never the password.
func (e *Email) Send(ctx context.Context, userID, subject, text string) error {
	to := e.To[userID]
	if to == "" {
		return fmt.Errorf("no e-mail address for this person")
	}
	timeout := e.Timeout
	if timeout <= 0 {
		timeout = 15 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	port := e.Port
	if port == 0 {
		port = 587
	}
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", net.JoinHostPort(e.Host, strconv.Itoa(port)))
	if err != nil {
		return fmt.Errorf("connect to the mail server: %w", err)
	}
	deadline, _ := ctx.Deadline()
	_ = conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { conn.Close() }) // a cancelled flush does not wait for a slow server
	defer stop()
	c, err := smtp.NewClient(conn, e.Host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("mail server greeting: %w", err)
	}
	defer c.Close()
	if err := c.Hello("localhost"); err != nil {
		return fmt.Errorf("mail server EHLO: %w", err)
	}
	if ok, _ := c.Extension("STARTTLS"); !ok {
		return permanentError{ErrNoStartTLS}
	}
	cfg := e.TLS
	if cfg == nil {
		cfg = &tls.Config{ServerName: e.Host, MinVersion: tls.VersionTLS12}
	}
	if err := c.StartTLS(cfg); err != nil {
		return fmt.Errorf("mail server STARTTLS: %w", err)
	}
	if e.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", e.Username, e.Password, e.Host)); err != nil {
			return smtpErr("mail server login", err)
		}
	}
	if err := c.Mail(e.From); err != nil {
		return smtpErr("mail server MAIL FROM", err)
	}
	if err := c.Rcpt(to); err != nil {
		return smtpErr("mail server RCPT TO", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("mail server DATA: %w", err)
	}
	if _, err := w.Write(e.message(to, subject, text)); err != nil {
		return fmt.Errorf("mail server DATA: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("mail server refused the message: %w", err)
	}
	return c.Quit()
}

// message is a plain-text message with CRLF lines. Auto-Submitted keeps
// out-of-office replies from answering it (RFC 3834).
func (e *Email) message(to, subject, text string) []byte {
	now := time.Now
	if e.Now != nil {
		now = e.Now
	}
	var id [12]byte
	_, _ = rand.Read(id[:])
	domain := "groupwork.invalid"
	if a, err := mail.ParseAddress(e.From); err == nil {
		if at := strings.LastIndex(a.Address, "@"); at >= 0 {
			domain = a.Address[at+1:]
		}
	}
	var b bytes.Buffer
	for _, h := range [][2]string{
		{"From", e.From},
		{"To", to},
		{"Subject", mime.QEncoding.Encode("utf-8", subject)},
		{"Date", now().Format(time.RFC1123Z)},
		{"Message-ID", "<" + hex.EncodeToString(id[:]) + "@" + domain + ">"},
		{"Auto-Submitted", "auto-generated"},
		{"MIME-Version", "1.0"},
		{"Content-Type", "text/plain; charset=utf-8"},
		{"Content-Transfer-Encoding", "8bit"},
	} {
		fmt.Fprintf(&b, "%s: %s\r\n", h[0], h[1])
	}
	b.WriteString("\r\n")
	b.WriteString(strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\n", "\r\n"))
	return b.Bytes()
}

// smtpErr wraps err; a 5xx reply from the server (a refused address or
// login) is permanent, a 4xx one (try later) is not.
func smtpErr(step string, err error) error {
	err = fmt.Errorf("%s: %w", step, err)
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 {
		return permanentError{err}
	}
	return err
}
