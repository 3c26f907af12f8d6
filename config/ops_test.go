package config

import (
	"errors"
	"strings"
	"testing"

	"groupwork/exercises"
)

func TestOpsAndAlertChannels(t *testing.T) {
	src := `ops:
  listen: 127.0.0.1:9090
alert_channels:
  therapists:
    "123456789012345678": {email: tess@practice.example, webhook: https://hooks.practice.example/tess}
    U0123ABCD: {webhook: https://hooks.practice.example/ana}
  smtp:
    host: smtp.practice.example
    username: groupwork
    password: ${SMTP_PASSWORD}
    from: groupwork@practice.example
  webhook_secret: ${HOOK_SECRET}
`
	cfg, err := Parse("c.yaml", []byte(src), env(map[string]string{"SMTP_PASSWORD": "pw", "HOOK_SECRET": "s3"}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Ops.Listen != "127.0.0.1:9090" || cfg.Ops.Public {
		t.Errorf("ops: %+v", cfg.Ops)
	}
	a := cfg.AlertChannels
	if a.SMTP == nil || a.SMTP.Port != 587 || a.SMTP.Password != "pw" || a.WebhookSecret != "s3" ||
		a.Therapists["123456789012345678"].Email != "tess@practice.example" || a.Therapists["U0123ABCD"].Webhook == "" {
		t.Errorf("alert channels: %+v smtp %+v", a, a.SMTP)
	}
	if d := Defaults(); d.Ops.Listen != "" {
		t.Errorf("ops is on by default: %+v", d.Ops)
	}

	cases := []struct{ name, src, want string }{
		{"public address", "ops: {listen: \"0.0.0.0:9090\"}\n", `c.yaml:1:15: ops.listen "0.0.0.0:9090" is not a loopback address`},
		{"no port", "ops: {listen: localhost}\n", `c.yaml:1:15: ops.listen is "localhost"; use host:port`},
		{"password in the file", "alert_channels:\n  smtp: {host: h, from: a@b.example, password: hunter2}\n", `c.yaml:2:48: alert_channels.smtp.password must come from an environment variable`},
		{"mail without smtp", "alert_channels:\n  therapists:\n    \"123456789012345678\": {email: t@p.example}\n", `c.yaml:3:5: alert_channels.therapists.123456789012345678 has an e-mail address, but alert_channels has no smtp section`},
		{"plain http webhook", "alert_channels:\n  therapists:\n    \"123456789012345678\": {webhook: \"http://x.example/\"}\n", `c.yaml:3:37: alert_channels.therapists.123456789012345678.webhook must be an https:// address`},
		{"twice", "alert_channels:\n  therapists:\n    U0123ABCD: {webhook: \"https://a.example/\"}\n    U0123ABCD: {webhook: \"https://b.example/\"}\n", `c.yaml:4:5: alert_channels.therapists: "U0123ABCD" is given twice`},
		{"not an address", "alert_channels:\n  smtp: {host: h, from: a@b.example}\n  therapists:\n    \"123456789012345678\": {email: tess}\n", `c.yaml:4:35: alert_channels.therapists.123456789012345678.email "tess" is not an e-mail address`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("c.yaml", []byte(tc.src), env(nil))
			var ps exercises.Problems
			if !errors.As(err, &ps) || len(ps) != 1 || !strings.HasPrefix(ps[0].Error(), tc.want) {
				t.Fatalf("got %v\nwant %s…", err, tc.want)
			}
		})
	}
	// A public listener is allowed when the operator says so.
	if _, err := Parse("c.yaml", []byte("ops: {listen: \"0.0.0.0:9090\", public: true}\n"), env(nil)); err != nil {
		t.Errorf("public: true: %v", err)
	}
}
