package core

import (
	"strings"
	"testing"
)

// FuzzParseKeywordList: a therapist's keyword list is refused whole with a
// plain EInvalid, or it is at most maxKeywordsPerCommand distinct keywords,
// each in its normal form, and the list joined again reads the same.
func FuzzParseKeywordList(f *testing.F) {
	for _, s := range []string{"hopeless, hurt myself", "a;b\nc", "x，y", ",,,", "", "hopeless, <@1>", "ok, \u200b", strings.Repeat("w, ", 60)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		kws, err := parseKeywordList(raw)
		if err != nil {
			checkPlain(t, err)
			return
		}
		if len(kws) == 0 || len(kws) > maxKeywordsPerCommand {
			t.Fatalf("%q gave %d keywords", raw, len(kws))
		}
		seen := map[string]bool{}
		for _, k := range kws {
			if n, err := ParseKeyword(k); err != nil || n != k || seen[k] {
				t.Fatalf("%q gave %q (normal form %q, %v, repeated %v)", raw, k, n, err, seen[k])
			}
			seen[k] = true
		}
		again, err := parseKeywordList(strings.Join(kws, ", "))
		if err != nil || strings.Join(again, "\x00") != strings.Join(kws, "\x00") {
			t.Fatalf("%q gave %q, which reads back as %q, %v", raw, kws, again, err)
		}
	})
}
