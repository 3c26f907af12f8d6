package core

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// A small iCalendar (RFC 5545) writer for /group calendar. No library for
// it is in go.mod, and the part needed is small: one VCALENDAR of VEVENTs
// with UTC times, TEXT escaping (§3.3.11) and line folding at 75 octets
// (§3.1). Times are UTC ("Z") so that no VTIMEZONE is needed: each session
// is its own event, placed on the time line in the group's zone already,
// so daylight-saving changes cannot shift it in the therapist's app.

// icalEvent is one VEVENT.
type icalEvent struct {
	UID         string
	Summary     string
	Description string
	Start, End  time.Time
	Cancelled   bool
	Sequence    int
}

// icalText escapes a TEXT value: backslash, semicolon, comma and newlines.
func icalText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)
	return r.Replace(s)
}

// icalFold writes one content line, folded so that no line is longer than
// 75 octets, never inside a UTF-8 sequence, each ending in CRLF.
func icalFold(sb *strings.Builder, line string) {
	limit := 75
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		sb.WriteString(line[:cut])
		sb.WriteString("\r\n ")
		line = line[cut:]
		limit = 74 // the leading space of a continuation counts
	}
	sb.WriteString(line)
	sb.WriteString("\r\n")
}

func icalTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// writeICal renders a calendar named name, stamped at stamp.
func writeICal(name string, stamp time.Time, evs []icalEvent) []byte {
	var sb strings.Builder
	line := func(format string, args ...any) { icalFold(&sb, fmt.Sprintf(format, args...)) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//groupwork//group calendar//EN")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:%s", icalText(name))
	for _, e := range evs {
		line("BEGIN:VEVENT")
		line("UID:%s", e.UID)
		line("DTSTAMP:%s", icalTime(stamp))
		line("DTSTART:%s", icalTime(e.Start))
		line("DTEND:%s", icalTime(e.End))
		line("SUMMARY:%s", icalText(e.Summary))
		if e.Description != "" {
			line("DESCRIPTION:%s", icalText(e.Description))
		}
		if e.Sequence > 0 {
			line("SEQUENCE:%d", e.Sequence)
		}
		if e.Cancelled {
			line("STATUS:CANCELLED")
		} else {
			line("STATUS:CONFIRMED")
		}
		line("TRANSP:%s", map[bool]string{true: "OPAQUE", false: "TRANSPARENT"}[strings.HasPrefix(e.UID, "session-")])
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return []byte(sb.String())
}
