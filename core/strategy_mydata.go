package core

import (
	"context"
	"fmt"
	"time"
)

// MyDataBoard is what /mydata shows of the strategy board and reminders:
// the member's own strategies (with whether the board may keep them
// without their name) and the time zone they set.
type MyDataBoard struct {
	Strategies []MyDataStrategy `json:"strategies,omitempty"`
	TimeZone   string           `json:"time_zone,omitempty"`
}

// MyDataStrategy is one strategy the member shared.
type MyDataStrategy struct {
	Number     int64     `json:"number"`
	Text       string    `json:"text"`
	Topic      string    `json:"topic,omitempty"`
	SharedAt   time.Time `json:"shared_at"`
	KeepAnon   bool      `json:"keep_without_name_after_forgetme"`
	TriedBy    int       `json:"tried_by,omitempty"` // only at or above the small-group guard
	HelpedWith int       `json:"helped,omitempty"`
}

func (b *Bot) myBoardData(ctx context.Context, groupID int64, userID string) (MyDataBoard, error) {
	var out MyDataBoard
	ss, err := b.store.Strategies(ctx, groupID, userID)
	if err != nil {
		return out, err
	}
	least := b.minRespondents()
	for _, s := range ss {
		if s.AuthorID != userID {
			continue
		}
		t, h, _ := guardedCounts(s, least)
		out.Strategies = append(out.Strategies, MyDataStrategy{Number: s.ID, Text: s.Text, Topic: s.Topic, SharedAt: s.CreatedAt, KeepAnon: s.KeepAnon, TriedBy: t, HelpedWith: h})
	}
	zones, err := b.store.MemberZones(ctx, groupID)
	if err != nil {
		return out, err
	}
	out.TimeZone = zones[userID]
	return out, nil
}

func (d MyDataBoard) summary() string {
	if len(d.Strategies) == 0 && d.TimeZone == "" {
		return ""
	}
	s := fmt.Sprintf("Strategies you shared on the board: %d.", len(d.Strategies))
	if d.TimeZone != "" {
		s += " Your time zone: " + d.TimeZone + "."
	}
	return s + "\n"
}
