package core

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzICalText: any group name or title comes out of the calendar writer
// as lines of at most 75 octets ending in CRLF, never cut inside a UTF-8
// sequence, that unfold and unescape back to the text exactly.
func FuzzICalText(f *testing.F) {
	for _, s := range []string{"", "Tuesday group", `a,b;c\d`, "line\nbreak\r\nand\rcr", strings.Repeat("ä€😀", 40), strings.Repeat("x", 74), strings.Repeat("x", 75), strings.Repeat("x", 76) + "é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return // member and therapist text is valid UTF-8 (bot.CheckMemberText)
		}
		out := string(writeICal(s, time.Unix(0, 0), nil))
		if !strings.HasSuffix(out, "\r\n") {
			t.Fatalf("no CRLF at the end: %q", out)
		}
		var unfolded []string
		for _, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
			if len(l) > 75 || !utf8.ValidString(l) || strings.ContainsAny(l, "\r\n") {
				t.Fatalf("bad line %q", l)
			}
			if strings.HasPrefix(l, " ") {
				unfolded[len(unfolded)-1] += l[1:]
				continue
			}
			unfolded = append(unfolded, l)
		}
		var name string
		for _, l := range unfolded {
			if v, ok := strings.CutPrefix(l, "X-WR-CALNAME:"); ok {
				name = v
			}
		}
		un := strings.NewReplacer(`\\`, `\`, `\;`, ";", `\,`, ",", `\n`, "\n").Replace(name)
		want := strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s)
		if un != want {
			t.Fatalf("%q came back as %q", s, un)
		}
	})
}
