package core_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"groupwork/bot"
	"groupwork/core/coretest"
)

// icsFile returns the calendar file attached to the reply.
func icsFile(t *testing.T, rep bot.Reply) *bot.File {
	t.Helper()
	if !rep.Private || rep.Message == nil {
		t.Fatalf("calendar reply is not private: %+v", rep)
	}
	for _, b := range rep.Message.Blocks {
		if f, ok := b.(*bot.File); ok && strings.HasSuffix(f.Name, ".ics") && strings.HasPrefix(f.ContentType, "text/calendar") {
			return f
		}
	}
	t.Fatalf("no .ics file in %s", coretest.Text(rep))
	return nil
}

// validateICS checks the file against the RFC 5545 rules it relies on:
// CRLF line ends, lines of at most 75 octets folded with a space and never
// inside a UTF-8 sequence, balanced components, the required properties of
// VCALENDAR and VEVENT, unique UIDs, UTC date-times, an end after the start,
// and TEXT values without an unescaped comma or semicolon. It returns the
// unfolded events as property maps.
func validateICS(t *testing.T, data []byte) []map[string]string {
	t.Helper()
	s := string(data)
	if !utf8.ValidString(s) || !strings.HasSuffix(s, "\r\n") || strings.Contains(strings.ReplaceAll(s, "\r\n", ""), "\n") {
		t.Fatal("not UTF-8 text with CRLF line ends")
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("folded inside a UTF-8 sequence: %q", l)
		}
		if strings.HasPrefix(l, " ") {
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	var stack []string
	var evs []map[string]string
	var cur map[string]string
	uids := map[string]bool{}
	calProps := map[string]bool{}
	for _, l := range lines {
		name, value, ok := strings.Cut(l, ":")
		if !ok || name == "" {
			t.Fatalf("not a content line: %q", l)
		}
		switch name {
		case "BEGIN":
			stack = append(stack, value)
			if value == "VEVENT" {
				cur = map[string]string{}
			}
			continue
		case "END":
			if len(stack) == 0 || stack[len(stack)-1] != value {
				t.Fatalf("END:%s does not close %v", value, stack)
			}
			stack = stack[:len(stack)-1]
			if value == "VEVENT" {
				for _, req := range []string{"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"} {
					if cur[req] == "" {
						t.Errorf("event without %s: %v", req, cur)
					}
				}
				if uids[cur["UID"]] {
					t.Errorf("UID %s twice", cur["UID"])
				}
				uids[cur["UID"]] = true
				start, err1 := time.Parse("20060102T150405Z", cur["DTSTART"])
				end, err2 := time.Parse("20060102T150405Z", cur["DTEND"])
				if err1 != nil || err2 != nil || !end.After(start) {
					t.Errorf("times of %s: %s to %s", cur["UID"], cur["DTSTART"], cur["DTEND"])
				}
				evs = append(evs, cur)
				cur = nil
			}
			continue
		}
		if name == "SUMMARY" || name == "DESCRIPTION" || name == "X-WR-CALNAME" {
			un := strings.NewReplacer(`\\`, "", `\;`, "", `\,`, "", `\n`, "").Replace(value)
			if strings.ContainsAny(un, ",;\\") {
				t.Errorf("unescaped TEXT in %s: %q", name, value)
			}
		}
		if cur != nil {
			cur[name] = value
		} else {
			calProps[name] = true
		}
	}
	if len(stack) != 0 {
		t.Fatalf("unclosed %v", stack)
	}
	for _, req := range []string{"VERSION", "PRODID"} {
		if !calProps[req] {
			t.Errorf("calendar without %s", req)
		}
	}
	return evs
}

// TestGroupCalendar: /group calendar gives the therapist, privately, a
// valid iCalendar file of the coming sessions (a moved one at its new time,
// a cancelled one marked cancelled) and scheduled exercises, matching the
// golden file; members cannot ask for it.
func TestGroupCalendar(t *testing.T) {
	h := schedGroup(t)
	mustDo(t, h, "Tess", "/group session wednesday 18:00 60m", "every Wednesday 18:00")
	mustDo(t, h, "Tess", `/schedule add mood-checkin "24h before session" 12h`, "Schedule 1")
	mustDo(t, h, "Tess", `/schedule add session-reflection "every other friday 10:00"`, "Schedule 2")
	mustDo(t, h, "Tess", "/session move 2026-11-12 19:00 of:2026-11-11", "moved")
	mustDo(t, h, "Tess", "/session cancel 2026-11-18", "no session")
	mustDo(t, h, "Ana", "/group calendar", "Only this group's therapists")
	mustDo(t, h, "Tess", "/group calendar 53", "from 1 to 52")
	rep := h.Do("Tess", "/group calendar 3")
	if text := coretest.Text(rep); !strings.Contains(text, "for the next 3 weeks: 2 sessions (and 1 cancelled) and 4 exercise posts") {
		t.Errorf("reply: %s", text)
	}
	f := icsFile(t, rep)
	evs := validateICS(t, f.Data)
	var cancelled, moved int
	for _, e := range evs {
		if e["STATUS"] == "CANCELLED" {
			cancelled++
		}
		if strings.Contains(e["DESCRIPTION"], "Moved from Wednesday 11 November") && e["DTSTART"] == "20261112T180000Z" {
			moved++
		}
	}
	if cancelled != 1 || moved != 1 {
		t.Errorf("cancelled %d, moved %d; want 1 and 1", cancelled, moved)
	}
	golden := filepath.Join("testdata", "calendar.ics")
	if *update {
		if err := os.WriteFile(golden, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != string(f.Data) {
		t.Errorf("calendar differs from %s (run with -update and read the diff):\n%s", golden, f.Data)
	}
}

// TestCalendarEscapingAndFolding: a group name with commas, semicolons, a
// backslash, a newline and long non-ASCII text comes out escaped and folded
// on character boundaries.
func TestCalendarEscapingAndFolding(t *testing.T) {
	h := coretest.NewBot(t)
	name := `Grüße; Gruppe, "Mittwoch" \ ` + strings.Repeat("ä€😀", 12)
	mustDo(t, h, "Tess", `/group create "`+strings.ReplaceAll(name, `"`, `'`)+`" Europe/Berlin`, "")
	h.Do("Tess", "/group session wednesday 18:00")
	evs := validateICS(t, icsFile(t, h.Do("Tess", "/group calendar 1")).Data)
	if len(evs) != 1 || !strings.HasPrefix(evs[0]["SUMMARY"], `Grüße\; Gruppe\, 'Mittwoch' \\ ä€😀`) {
		t.Errorf("events: %v", evs)
	}
}
