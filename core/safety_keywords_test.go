package core_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"groupwork/bot"
	"groupwork/core"
)

// TestKeywordPhrasings documents what a keyword rule matches, on true and
// false phrasings. Negation is not inferred: "never" and "not" do not stop
// a match, by design — the therapist reads the answer. The counts are
// reported in the test log (go test -v -run TestKeywordPhrasings).
func TestKeywordPhrasings(t *testing.T) {
	keywords := []string{"hurt myself", "hopeless", "kill", "cut", "die", "cry", "hate"}
	cases := []struct {
		text string
		want string // the keyword that should match, "" for none
		why  string
	}{
		// Should match.
		{"I want to hurt myself", "hurt myself", "exact phrase"},
		{"Sometimes I HURT MYSELF when it gets bad", "hurt myself", "case"},
		{"I've been hurting myself again", "hurt myself", "-ing"},
		{"I feel hopeless.", "hopeless", "punctuation is a boundary"},
		{"Hopelessness everywhere", "hopeless", "-ness"},
		{"thinking of killing", "kill", "doubled? no: kill+ing"},
		{"He kills time by reading", "kill", "-s: a false positive the therapist will see"},
		{"I cut again last night", "cut", "exact"},
		{"cutting helps me cope", "cut", "doubled consonant + ing"},
		{"I wish I had died", "die", "-d"},
		{"I cried all day", "cry", "y → ied"},
		{"she cries at night", "cry", "y → ies"},
		{"hating myself today", "hate", "dropped e + ing"},
		{"I would never hurt myself", "hurt myself", "negation is NOT inferred"},
		{"I am not hopeless anymore", "hopeless", "negation is NOT inferred"},
		{"h\u200bopeless", "hopeless", "zero-width space cannot split a word"},
		{"hope\u0301less", "hopeless", "combining marks are ignored"},
		{"h\u0338o\u0338p\u0338e\u0338l\u0338e\u0338s\u0338s\u0338", "hopeless", "Zalgo cannot hide a word"},
		{"\u202ehopeless\u202c", "hopeless", "RTL override is stripped"},
		{"I\nwant to hurt\nmyself", "hurt myself", "line breaks between words"},
		// Should not match.
		{"I feel hopeful", "", "different word"},
		{"skills group was good", "", "kill inside a word"},
		{"the diet is working", "", "die inside a word"},
		{"shortcut to the park", "", "cut inside a word"},
		{"I hurt my knee", "", "phrase needs both words in a row"},
		{"myself, I hurt nobody", "", "phrase words in another order"},
		{"the cutlery drawer", "", "cut + unknown ending"},
		{"whatever", "", "hate inside a word"},
		{"I am fine", "", "nothing"},
		{"", "", "empty"},
	}
	matches, trueMatches, falseMatches, misses := 0, 0, 0, 0
	for _, tc := range cases {
		t.Run(strings.ReplaceAll(tc.why, " ", "_"), func(t *testing.T) {
			got, ok := core.MatchKeywords(keywords, tc.text)
			if ok {
				matches++
			}
			switch {
			case ok && got == tc.want:
				trueMatches++
			case ok && tc.want == "":
				falseMatches++
				t.Errorf("%q matched %q, want no match", tc.text, got)
			case !ok && tc.want != "":
				misses++
				t.Errorf("%q did not match, want %q", tc.text, tc.want)
			case ok:
				t.Errorf("%q matched %q, want %q", tc.text, got, tc.want)
			}
		})
	}
	t.Logf("phrasings %d: matched %d (as expected %d), unexpected matches %d, misses %d", len(cases), matches, trueMatches, falseMatches, misses)
}

func TestParseKeyword(t *testing.T) {
	cases := []struct{ in, want, err string }{
		{"Hopeless", "hopeless", ""},
		{"  hurt   MYSELF ", "hurt myself", ""},
		{"don't care", "dont care", ""},
		{"self-harm", "self harm", ""},
		{"", "", "one to 6 words"},
		{"a b c d e f g", "", "at most 6 words"},
		{"kill!", "", "words only"},
		{"<@123>", "", "words only"},
		{strings.Repeat("a", 61), "", "at most 60 characters"},
		{"'''", "", "at least one letter"},
	}
	for _, tc := range cases {
		got, err := core.ParseKeyword(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(bot.ErrorMessage(err), tc.err) || bot.ErrorCode(err) != bot.EInvalid {
				t.Errorf("ParseKeyword(%q) = %q, %v; want error %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseKeyword(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

// FuzzParseKeyword: any input either fails with EInvalid or yields a
// normal form that parses to itself and matches itself.
func FuzzParseKeyword(f *testing.F) {
	for _, s := range []string{"hopeless", "hurt myself", "don't", "self-harm", "ÉTÉ", "a b c d e f", "x\u200by", "<@1>", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		kw, err := core.ParseKeyword(s)
		if err != nil {
			if bot.ErrorCode(err) != bot.EInvalid {
				t.Fatalf("error code %s", bot.ErrorCode(err))
			}
			return
		}
		if !utf8.ValidString(kw) || kw == "" || len(strings.Fields(kw)) > 6 {
			t.Fatalf("bad normal form %q", kw)
		}
		again, err := core.ParseKeyword(kw)
		if err != nil || again != kw {
			t.Fatalf("normal form %q parses to %q, %v", kw, again, err)
		}
		if !core.MatchKeyword(kw, kw) {
			t.Fatalf("%q does not match itself", kw)
		}
	})
}

// FuzzMatchKeyword: matching never panics, and a match survives being
// surrounded by other words and by case changes.
func FuzzMatchKeyword(f *testing.F) {
	f.Add("hurt myself", "I want to hurt myself")
	f.Add("cut", "cutting")
	f.Add("cry", "cried")
	f.Add("é", "É")
	f.Fuzz(func(t *testing.T, keyword, text string) {
		if len(text) > 2000 {
			return
		}
		kw, err := core.ParseKeyword(keyword)
		if err != nil {
			return
		}
		m := core.MatchKeyword(kw, text)
		if m && !core.MatchKeyword(kw, "well. "+text+" .then") {
			t.Fatalf("%q matches %q but not with words around it", kw, text)
		}
	})
}
