package core

import (
	"context"
	"fmt"
	"strings"
	"time"

	"groupwork/bot"
)

// MyDataSafety is the part of a member's /mydata export about consent and
// safety alerts.
type MyDataSafety struct {
	ConsentVersion   string          `json:"consent_version,omitempty"`
	ConsentDecidedAt *time.Time      `json:"consent_decided_at,omitempty"`
	ConsentHistory   []MyDataConsent `json:"consent_history"`
	Alerts           []MyDataAlert   `json:"safety_alerts"`
}

// MyDataConsent is one accept or decline of the consent notice.
type MyDataConsent struct {
	Decision  bot.ConsentState `json:"decision"`
	Version   string           `json:"notice_version"`
	DecidedAt time.Time        `json:"decided_at"`
}

// MyDataAlert is one safety alert about the member. The therapist's note
// is their clinical record and is not part of the export; that it was
// acknowledged, and when, is.
type MyDataAlert struct {
	RaisedAt       time.Time  `json:"raised_at"`
	Exercise       string     `json:"exercise"`
	Why            string     `json:"why"`
	AcknowledgedAt *time.Time `json:"acknowledged_at,omitempty"`
	// YourAnswer is what the member chose on the screen after the alert:
	// "contact" (please contact me) or "ok" (I'm OK for now).
	YourAnswer bot.AlertResponse `json:"your_answer,omitempty"`
	AnsweredAt *time.Time        `json:"answered_at,omitempty"`
}

// myDataSafety adds the consent details and the member's safety alerts to
// their export and a line to the chat summary. A failure to read the
// alerts leaves them out and says so, rather than failing /mydata.
func (b *Bot) myDataSafety(ctx context.Context, g *bot.Group, m *bot.Membership, c *bot.Consent, exp *MyDataExport, sb *strings.Builder) {
	exp.Alerts, exp.ConsentHistory = []MyDataAlert{}, []MyDataConsent{}
	if c.State != bot.ConsentNone {
		exp.ConsentVersion = c.Version
		at := c.DecidedAt
		exp.ConsentDecidedAt = &at
	}
	hist, err := b.store.ConsentHistory(ctx, g.ID, m.UserID)
	if err != nil {
		b.log.Error("mydata consent history", "group", g.ID, "err", err)
		sb.WriteString("Your consent history could not be read just now; ask again later.\n")
	}
	for _, h := range hist {
		exp.ConsentHistory = append(exp.ConsentHistory, MyDataConsent{Decision: h.State, Version: h.Version, DecidedAt: h.DecidedAt})
	}
	if len(hist) > 1 {
		var parts []string
		for _, h := range hist {
			parts = append(parts, fmt.Sprintf("%s %s", h.State, g.FormatTimeFrom(h.DecidedAt, b.clock.Now())))
		}
		fmt.Fprintf(sb, "Your privacy decisions: %s.\n", strings.Join(parts, ", then "))
	}
	als, err := b.store.AlertsAbout(ctx, g.ID, m.UserID)
	if err != nil {
		b.log.Error("mydata alerts", "group", g.ID, "err", err)
		sb.WriteString("Safety alerts could not be read just now; ask again later.\n")
		return
	}
	resps, err := b.store.AlertResponses(ctx, g.ID)
	if err != nil {
		b.log.Error("mydata alert responses", "group", g.ID, "err", err)
	}
	for _, al := range als {
		why := al.Reason
		if al.Rule == bot.RuleKeyword {
			why = "a written answer matched one of the group's keywords"
		}
		ma := MyDataAlert{RaisedAt: al.RaisedAt, Exercise: al.ExerciseID, Why: why, AcknowledgedAt: al.AckedAt}
		if r, ok := resps[al.ID]; ok {
			at := r.At
			ma.YourAnswer, ma.AnsweredAt = r.Response, &at
		}
		exp.Alerts = append(exp.Alerts, ma)
	}
	if len(als) > 0 {
		fmt.Fprintf(sb, "Safety alerts your answers raised for your therapist: %d (in the file, with when they were acknowledged).\n", len(als))
	}
}
