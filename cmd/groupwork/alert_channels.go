package main

import (
	"context"

	"groupwork/config"
	"groupwork/core"
	"groupwork/notify"
	"groupwork/ops"
)

// alertChannels builds the off-platform channels the configuration asks
// for: e-mail for those with an address, a webhook for those with one.
func alertChannels(c config.AlertChannels, o *opsWiring) []core.AlertChannel {
	mails, hooks := map[string]string{}, map[string]string{}
	for id, r := range c.Therapists {
		if r.Email != "" {
			mails[id] = r.Email
		}
		if r.Webhook != "" {
			hooks[id] = r.Webhook
		}
	}
	var out []core.AlertChannel
	if c.SMTP != nil && len(mails) > 0 {
		out = append(out, &notify.Email{Host: c.SMTP.Host, Port: c.SMTP.Port, Username: c.SMTP.Username,
			Password: c.SMTP.Password, From: c.SMTP.From, To: mails})
	}
	if len(hooks) > 0 {
		out = append(out, &notify.Webhook{URLs: hooks, Secret: c.WebhookSecret})
	}
	if o != nil {
		for i, ch := range out {
			out[i] = countedChannel{ch, o.metrics}
		}
	}
	return out
}

// countedChannel counts each delivery attempt in the metrics.
type countedChannel struct {
	core.AlertChannel
	m *ops.Metrics
}

func (c countedChannel) Send(ctx context.Context, userID, subject, text string) error {
	err := c.AlertChannel.Send(ctx, userID, subject, text)
	outcome := "sent"
	if err != nil {
		outcome = "error"
	}
	c.m.AlertDelivery(c.Name(), outcome)
	return err
}
