package core

import (
	"testing"
	"time"

	"groupwork/bot"
)

func TestComputeAttendance(t *testing.T) {
	start := time.Date(2026, 11, 4, 17, 0, 0, 0, time.UTC)
	end := start.Add(90 * time.Minute)
	s := &bot.LiveSession{ID: 1, StartedAt: start, VoiceChannelID: "v1"}
	ev := func(min int, joined bool, voice string) *bot.PresenceRecord {
		return &bot.PresenceRecord{UserID: "u", VoiceChannelID: voice, Joined: joined, At: start.Add(time.Duration(min) * time.Minute)}
	}
	for _, tc := range []struct {
		name    string
		evs     []*bot.PresenceRecord
		mark    *bot.AttendanceMark
		leave   bool
		status  bot.AttendanceStatus
		minutes int
		late    bool
		early   bool
	}{
		{"joined before start, stayed", []*bot.PresenceRecord{ev(-20, true, "v1")}, nil, false, bot.AttendPresent, 90, false, false},
		{"joined within grace", []*bot.PresenceRecord{ev(10, true, "v1")}, nil, false, bot.AttendPresent, 80, false, false},
		{"joined after grace", []*bot.PresenceRecord{ev(11, true, "v1")}, nil, false, bot.AttendLate, 79, true, false},
		{"left early", []*bot.PresenceRecord{ev(0, true, "v1"), ev(60, false, "v1")}, nil, false, bot.AttendLeftEarly, 60, false, true},
		{"left within grace of the end", []*bot.PresenceRecord{ev(0, true, "v1"), ev(80, false, "v1")}, nil, false, bot.AttendPresent, 80, false, false},
		{"left and came back", []*bot.PresenceRecord{ev(0, true, "v1"), ev(30, false, "v1"), ev(40, true, "v1")}, nil, false, bot.AttendPresent, 80, false, false},
		{"late and left early", []*bot.PresenceRecord{ev(20, true, "v1"), ev(50, false, "v1")}, nil, false, bot.AttendLate, 30, true, true},
		{"another voice channel", []*bot.PresenceRecord{ev(0, true, "v2")}, nil, false, bot.AttendAbsent, 0, false, false},
		{"leave without a join seen", []*bot.PresenceRecord{ev(45, false, "v1")}, nil, false, bot.AttendLeftEarly, 45, false, true},
		{"joined after the end", []*bot.PresenceRecord{ev(95, true, "v1")}, nil, false, bot.AttendAbsent, 0, false, false},
		{"no presence", nil, nil, false, bot.AttendAbsent, 0, false, false},
		{"on leave", nil, nil, true, bot.AttendExcused, 0, false, false},
		{"on leave but came", []*bot.PresenceRecord{ev(0, true, "v1")}, nil, true, bot.AttendPresent, 90, false, false},
		{"marked present without voice", nil, &bot.AttendanceMark{Status: bot.AttendPresent}, false, bot.AttendPresent, 0, false, false},
		{"mark wins over voice", []*bot.PresenceRecord{ev(30, true, "v1")}, &bot.AttendanceMark{Status: bot.AttendExcused}, false, bot.AttendExcused, 60, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := computeAttendance(s, end, true, tc.evs, tc.mark, tc.leave)
			if a.Status != tc.status || a.Minutes != tc.minutes || a.Late != tc.late || a.LeftEarly != tc.early || a.Marked != (tc.mark != nil) {
				t.Errorf("got %+v", a)
			}
		})
	}
	t.Run("open session: no left early yet", func(t *testing.T) {
		a := computeAttendance(s, start.Add(30*time.Minute), false, []*bot.PresenceRecord{ev(0, true, "v1"), ev(10, false, "v1")}, nil, false)
		if a.Status != bot.AttendPresent || a.Minutes != 10 {
			t.Errorf("got %+v", a)
		}
	})
	t.Run("any voice channel", func(t *testing.T) {
		s := &bot.LiveSession{StartedAt: start, Grace: 5 * time.Minute}
		a := computeAttendance(s, end, true, []*bot.PresenceRecord{ev(6, true, "v9")}, nil, false)
		if a.Status != bot.AttendLate || a.Minutes != 84 {
			t.Errorf("got %+v", a)
		}
	})
}
