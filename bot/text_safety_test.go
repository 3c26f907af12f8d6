package bot_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"groupwork/bot"
)

func TestCleanTextHygiene(t *testing.T) {
	zalgo := "h" + strings.Repeat("\u0336\u0337\u0338", 10) + "i"
	cases := []struct{ name, in, want string }{
		{"rtl override", "pay \u202egnp.exe\u202c now", "pay gnp.exe now"},
		{"isolates and marks", "a\u2066b\u2069\u200ec\u200fd\u061c", "abcd"},
		{"zero width joiner and non-joiner", "in\u200dvis\u200cible", "invisible"},
		{"word joiner, soft hyphen, bom", "x\u2060y\u00adz\ufeff", "xyz"},
		{"tags block", "hi\U000E0041\U000E0042", "hi"},
		{"zalgo capped at 3 marks", zalgo, "h\u0336\u0337\u0338i"},
		{"controls", "a\x00b\x1bc\x7fd", "abcd"},
		{"tab and newline", "a\tb\nc", "a b\nc"},
		// Mentions are left alone: they are neutralised when shown, per
		// platform (adapters/discord/neutralise.go), never in stored text.
		{"everyone", "hello @everyone", "hello @everyone"},
		{"user mention", "hi <@123456>", "hi <@123456>"},
		{"email is fine", "ana@example.org", "ana@example.org"},
		{"emoji kept", "great 👍🏽", "great 👍🏽"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := bot.CleanText(tc.in); got != tc.want {
				t.Errorf("CleanText(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// FuzzCleanText: the comparison form (keyword matching) is valid UTF-8,
// idempotent, carries no control, bidi or format character, and at most 3
// combining marks in a row. It is never stored or shown, so mentions are
// not its concern (see FuzzNeutralise in adapters/discord).
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"hello", "\u202eevil", "@everyone", "<@1>", "<!here>", "z\u0336\u0336\u0336\u0336", "a\u200db", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := bot.CleanText(s)
		if !utf8.ValidString(out) && utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8 from valid input: %q", out)
		}
		if again := bot.CleanText(out); again != out {
			t.Fatalf("not idempotent: %q → %q → %q", s, out, again)
		}
		marks := 0
		for _, r := range out {
			if (unicode.IsControl(r) && r != '\n') || unicode.Is(unicode.Bidi_Control, r) || unicode.Is(unicode.Cf, r) {
				t.Fatalf("%q kept %U", out, r)
			}
			if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) {
				if marks++; marks > 3 {
					t.Fatalf("%q has more than 3 marks in a row", out)
				}
			} else {
				marks = 0
			}
		}
	})
}
