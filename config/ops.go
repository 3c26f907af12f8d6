package config

import (
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Ops configures the operator's HTTP endpoints (/healthz, /readyz,
// /metrics). Listen "" (the default) leaves them off.
type Ops struct {
	// Listen is host:port; a host-less ":9090" means loopback.
	Listen string
	// Public allows a non-loopback Listen address (behind a firewall or a
	// reverse proxy with authentication: the metrics describe the
	// practice's activity, though never a person or what anyone wrote).
	Public bool
}

func (p *parser) ops(v *yaml.Node, o *Ops) {
	var listen *yaml.Node
	p.mapping(v, "ops",
		field{"listen", func(v *yaml.Node) {
			listen = v
			if p.str(v, "ops.listen", &o.Listen) {
				if _, port, err := net.SplitHostPort(o.Listen); err != nil || port == "" {
					p.add(v, "ops.listen is %q; use host:port, like 127.0.0.1:9090", o.Listen)
				}
			}
		}},
		field{"public", func(v *yaml.Node) { p.boolean(v, "ops.public", &o.Public) }},
	)
	if listen != nil && !o.Public {
		host, _, _ := net.SplitHostPort(o.Listen)
		if ip := net.ParseIP(host); host != "" && host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			p.add(listen, "ops.listen %q is not a loopback address; use 127.0.0.1:PORT, or set ops.public: true if a firewall or an authenticating proxy protects it", o.Listen)
		}
	}
}

// AlertChannels configures the delivery of safety alerts and escalations
// outside the chat platform: e-mail through SMTP and/or a webhook, per
// therapist. What is sent is content-free: that an alert needs them, and
// its id.
type AlertChannels struct {
	SMTP *SMTP // nil when e-mail is not configured
	// WebhookSecret signs webhook bodies (X-Groupwork-Signature:
	// sha256=HMAC of the body); "" sends them unsigned.
	WebhookSecret string
	// Therapists maps a platform user id to where that person is reached.
	Therapists map[string]Reach
}

// SMTP is the mail server alerts are sent through. The connection is
// upgraded with STARTTLS before anything is sent; a server without
// STARTTLS is refused.
type SMTP struct {
	Host     string
	Port     int // 587 by default
	Username string
	Password string // from the environment
	From     string
}

// Reach is where one therapist gets off-platform alerts.
type Reach struct {
	Email   string
	Webhook string
}

func (p *parser) alertChannels(v *yaml.Node, a *AlertChannels) {
	a.Therapists = map[string]Reach{}
	var emailed []*yaml.Node // therapists with an e-mail address, checked against smtp at the end
	p.mapping(v, "alert_channels",
		field{"smtp", func(v *yaml.Node) { a.SMTP = p.smtp(v) }},
		field{"webhook_secret", func(v *yaml.Node) {
			p.secret(v, "alert_channels.webhook_secret", "ALERT_WEBHOOK_SECRET", &a.WebhookSecret)
		}},
		field{"therapists", func(v *yaml.Node) {
			if v.Kind != yaml.MappingNode {
				p.add(v, "alert_channels.therapists must be a set of keys (a therapist's platform user id), not %s", kindWords(v))
				return
			}
			for i := 0; i+1 < len(v.Content); i += 2 {
				k, val := v.Content[i], v.Content[i+1]
				where := "alert_channels.therapists." + k.Value
				if _, dup := a.Therapists[k.Value]; dup {
					p.add(k, "alert_channels.therapists: %q is given twice", k.Value)
					continue
				}
				if !isSnowflake(k.Value) && !isSlackID(k.Value) {
					p.add(k, "%s: %q is not a platform user id (Discord: a long number; Slack: like U0123ABCD)", "alert_channels.therapists", k.Value)
				}
				var r Reach
				p.mapping(val, where,
					field{"email", func(v *yaml.Node) {
						if p.str(v, where+".email", &r.Email) {
							if addr, err := mail.ParseAddress(r.Email); err != nil || addr.Address != r.Email {
								p.add(v, "%s.email %q is not an e-mail address like ana@practice.example", where, r.Email)
							}
						}
					}},
					field{"webhook", func(v *yaml.Node) {
						if p.str(v, where+".webhook", &r.Webhook) {
							if u, err := url.Parse(r.Webhook); err != nil || u.Scheme != "https" || u.Host == "" {
								p.add(v, "%s.webhook must be an https:// address", where)
							}
						}
					}},
				)
				if r.Email == "" && r.Webhook == "" && val.Kind == yaml.MappingNode {
					p.add(val, "%s needs email, webhook or both", where)
				}
				if r.Email != "" {
					emailed = append(emailed, k)
				}
				a.Therapists[k.Value] = r
			}
		}},
	)
	for _, k := range emailed {
		if a.SMTP == nil {
			p.add(k, "alert_channels.therapists.%s has an e-mail address, but alert_channels has no smtp section to send it through", k.Value)
		}
	}
}

func (p *parser) smtp(v *yaml.Node) *SMTP {
	s := &SMTP{Port: 587}
	p.mapping(v, "alert_channels.smtp",
		field{"host", func(v *yaml.Node) { p.str(v, "alert_channels.smtp.host", &s.Host) }},
		field{"port", func(v *yaml.Node) {
			var text string
			if p.str(v, "alert_channels.smtp.port", &text) {
				n, err := strconv.Atoi(text)
				if err != nil || n < 1 || n > 65535 {
					p.add(v, "alert_channels.smtp.port is %q; use a port number like 587", text)
				}
				s.Port = n
			}
		}},
		field{"username", func(v *yaml.Node) { p.str(v, "alert_channels.smtp.username", &s.Username) }},
		field{"password", func(v *yaml.Node) {
			p.secret(v, "alert_channels.smtp.password", "SMTP_PASSWORD", &s.Password)
		}},
		field{"from", func(v *yaml.Node) {
			if p.str(v, "alert_channels.smtp.from", &s.From) {
				if _, err := mail.ParseAddress(s.From); err != nil {
					p.add(v, "alert_channels.smtp.from %q is not an e-mail address", s.From)
				}
			}
		}},
	)
	if v.Kind == yaml.MappingNode {
		if s.Host == "" {
			p.add(v, "alert_channels.smtp needs host (the mail server, like smtp.practice.example)")
		}
		if s.From == "" {
			p.add(v, "alert_channels.smtp needs from (the sender address)")
		}
	}
	return s
}

func isSlackID(s string) bool {
	if len(s) < 5 || len(s) > 20 || (s[0] != 'U' && s[0] != 'W') {
		return false
	}
	return strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == ""
}
