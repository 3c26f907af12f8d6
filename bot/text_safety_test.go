package bot_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"groupwork/bot"
	"groupwork/bot/bottest"
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

// TestLengthLimitsAreFriendly: over-long input is refused with a sentence
// that says the limit, and nothing is stored.
func TestLengthLimitsAreFriendly(t *testing.T) {
	h := safetyGroup(t)
	cases := []struct{ line, want string }{
		{`/group create "` + strings.Repeat("n", 81) + `"`, "1 to 80 characters"},
		{"/group footer " + strings.Repeat("f", 301), "at most 300 characters"},
		{`/group keywords add "` + strings.Repeat("k", 61) + `"`, "at most 60 characters"},
		{`/alerts ack 1 "` + strings.Repeat("a", 501) + `"`, "at most 500 characters"},
		{"/help " + strings.Repeat("x", bot.MaxCommandLine), "too long"},
	}
	for _, tc := range cases {
		if text := bottest.Text(h.DoIn("fresh-channel", "Tess", tc.line)); strings.HasPrefix(tc.line, "/group create") && !strings.Contains(text, tc.want) {
			t.Errorf("%.30s…: %s", tc.line, text)
		}
		if strings.HasPrefix(tc.line, "/group create") {
			continue
		}
		if text := bottest.Text(h.Do("Tess", tc.line)); !strings.Contains(text, tc.want) {
			t.Errorf("%.30s…: %s", tc.line, text)
		}
	}
	h.Do("Tess", "/exercise start session-reflection")
	h.Press("Ana", "Start")
	h.Press("Ana", "4")
	if text := bottest.Text(h.Fill("Ana", "Write my answer", strings.Repeat("w", 301))); !strings.Contains(text, "300") {
		t.Errorf("long answer: %s", text)
	}
	if recs, _ := h.Store.Answers(t.Context(), 1, "u-ana"); len(recs) != 1 {
		t.Errorf("stored %d answers, want only the scale", len(recs))
	}
}
