package bot_test

import (
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"groupwork/bot"
)

// checkPlain fails unless err is an EInvalid *bot.Error whose sentence can
// be shown to a person as it is: not empty, valid UTF-8, no control
// characters (so no raw input can break the line or the terminal).
func checkPlain(t *testing.T, err error) {
	t.Helper()
	msg := bot.ErrorMessage(err)
	if bot.ErrorCode(err) != bot.EInvalid || msg == "" || !utf8.ValidString(msg) || strings.ContainsFunc(msg, unicode.IsControl) {
		t.Fatalf("error is not an EInvalid with a plain sentence: %v", err)
	}
}

// FuzzParseCustomID: custom ids come back from the platform and can be
// forged. Parsing never panics, refuses with a plain EInvalid, accepts only
// ids with the gw prefix, a kind and a non-negative ref, and String is then a
// normal form: parsing it gives the same id again.
func FuzzParseCustomID(f *testing.F) {
	for _, s := range []string{
		"gw:start:12::", "gw:answer:7:mood:3", "gw:consent:2::accept", "gw:v:1:s:a:b:c", "gw:k:0:s:",
		"gw::1:s:v", "gw:k:-1:s:v", "gw:k:+1:s:v", "gw:k:007:s:v", "gw:k:9223372036854775808:s:v",
		"xx:k:1:s:v", "gw:k:1:s", "gwl:abc", "gwp1|gw:k:1:s:v", "", ":::::",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := bot.ParseCustomID(s)
		if err != nil {
			checkPlain(t, err)
			if c != (bot.CustomID{}) {
				t.Fatalf("refused but returned %+v", c)
			}
			return
		}
		if !strings.HasPrefix(s, "gw:") || c.Kind == "" || strings.Contains(c.Kind, ":") || strings.Contains(c.Step, ":") || c.Ref < 0 {
			t.Fatalf("%q accepted as %+v", s, c)
		}
		again, err := bot.ParseCustomID(c.String())
		if err != nil || again != c {
			t.Fatalf("%q: String %q parses to %+v, %v; want %+v", s, c.String(), again, err, c)
		}
		if ref := strings.SplitN(s, ":", 4)[2]; ref == strconv.FormatInt(c.Ref, 10) && c.String() != s {
			t.Fatalf("%q parses to %+v, whose String is %q", s, c, c.String())
		}
	})
}

// FuzzCustomIDString: every id the core can make (a kind and step without
// a colon, a ref that is not negative, any value) survives the round trip
// through the platform: ParseCustomID∘String is the identity.
func FuzzCustomIDString(f *testing.F) {
	f.Add("start", int64(12), "", "")
	f.Add("answer", int64(7), "mood", "3")
	f.Add("v", int64(1), "s", "a:b:c")
	f.Add("k", int64(0), "ü", "\x00")
	f.Fuzz(func(t *testing.T, kind string, ref int64, step, value string) {
		if kind == "" || strings.Contains(kind, ":") || strings.Contains(step, ":") || ref < 0 {
			return
		}
		c := bot.CustomID{Kind: kind, Ref: ref, Step: step, Value: value}
		got, err := bot.ParseCustomID(c.String())
		if err != nil || got != c {
			t.Fatalf("%+v: %q parses to %+v, %v", c, c.String(), got, err)
		}
	})
}

// FuzzParseAttendanceStatus: a typed status is one of the five or refused
// with a plain EInvalid; an accepted status parses to itself.
func FuzzParseAttendanceStatus(f *testing.F) {
	for _, s := range []string{"present", "late", "left-early", "left early", "absent", "excused", "Present", "", "left_early", "\xff"} {
		f.Add(s)
	}
	valid := map[bot.AttendanceStatus]bool{bot.AttendPresent: true, bot.AttendLate: true, bot.AttendLeftEarly: true, bot.AttendAbsent: true, bot.AttendExcused: true}
	f.Fuzz(func(t *testing.T, s string) {
		st, err := bot.ParseAttendanceStatus(s)
		if err != nil {
			checkPlain(t, err)
			if valid[bot.AttendanceStatus(s)] {
				t.Fatalf("%q refused", s)
			}
			return
		}
		if !valid[st] {
			t.Fatalf("%q accepted as %q", s, st)
		}
		if again, err := bot.ParseAttendanceStatus(string(st)); err != nil || again != st {
			t.Fatalf("%q does not parse to itself: %q, %v", st, again, err)
		}
	})
}

// FuzzParseRole: a typed role is one of the four or refused with a plain
// EInvalid; an accepted role parses to itself and keeps the privilege order
// (a therapist is staff).
func FuzzParseRole(f *testing.F) {
	for _, s := range []string{"lead", "co-therapist", "observer", "member", "Lead", "admin", "", "co therapist", "\u200bmember"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := bot.ParseRole(s)
		if err != nil {
			checkPlain(t, err)
			return
		}
		switch r {
		case bot.RoleLead, bot.RoleCoTherapist, bot.RoleObserver, bot.RoleMember:
		default:
			t.Fatalf("%q accepted as %q", s, r)
		}
		if string(r) != s {
			t.Fatalf("%q accepted as %q", s, r)
		}
		if r.Therapist() && !r.Staff() {
			t.Fatalf("%q is a therapist but not staff", r)
		}
	})
}
