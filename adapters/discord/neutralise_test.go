package discord

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"groupwork/bot"
)

func TestNeutralise(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"everyone", "hello @everyone", "hello @\u200beveryone"},
		{"here any case", "@Here and @HERE", "@\u200bHere and @\u200bHERE"},
		{"user mention", "hi <@123456> and <@!99>", "hi <\u200b@123456> and <\u200b@!99>"},
		{"role mention", "<@&42>", "<\u200b@&42>"},
		{"channel mention", "see <#77>", "see <\u200b#77>"},
		{"masked link", "[click](https://evil.example)", "[click]\u200b(https://evil.example)"},
		{"rtl override shown", "pay \u202egnp.exe\u202c now", "pay [U+202E]gnp.exe[U+202C] now"},
		{"isolates shown", "a\u2066b\u2069", "a[U+2066]b[U+2069]"},
		{"controls shown", "a\x00b\x1bc", "a[U+0000]b[U+001B]c"},
		{"kept as written", "tab\there 👩\u200d👩\u200d👧 \u200fعربي ana@example.org <3 [note] (x)", "tab\there 👩\u200d👩\u200d👧 \u200fعربي ana@example.org <3 [note] (x)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := neutralise(tc.in); got != tc.want {
				t.Errorf("neutralise(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// FuzzNeutralise: what Discord is sent can neither ping, nor turn into a
// name, nor hide a link, nor reorder text; it is idempotent, valid UTF-8
// for valid input, and apart from the invisible spaces it adds it shows
// exactly bot.ShowControls of the input. The seed corpus under
// testdata/fuzz/FuzzNeutralise is the one FuzzCleanText grew when
// mentions were (wrongly) neutralised in stored text.
func FuzzNeutralise(f *testing.F) {
	for _, s := range []string{"hello", "\u202eevil", "@everyone", "@@here", "<@1>", "<<@&2>", "<#3>", "[a](b)", "[a]](b)", "a\u200db", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := neutralise(s)
		if utf8.ValidString(s) && !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 from valid input: %q", out)
		}
		if again := neutralise(out); again != out {
			t.Fatalf("not idempotent: %q → %q → %q", s, out, again)
		}
		lower := strings.ToLower(out)
		for _, bad := range []string{"@everyone", "@here", "<@", "<#", "]("} {
			if strings.Contains(lower, bad) {
				t.Fatalf("%q still contains %s", out, bad)
			}
		}
		for _, r := range out {
			if (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || (r < 0x20 && r != '\t' && r != '\n' && r != '\r') {
				t.Fatalf("%q keeps %U", out, r)
			}
		}
		if utf8.ValidString(s) {
			if got, want := strings.ReplaceAll(out, zwsp, ""), strings.ReplaceAll(bot.ShowControls(s), zwsp, ""); got != want {
				t.Fatalf("shows %q, want %q", got, want)
			}
		}
	})
}

// TestRenderNeutralisesLabels: button and menu labels show controls as
// codes too (a display name in a menu).
func TestRenderNeutralisesLabels(t *testing.T) {
	a := testAdapter(t)
	ps := a.render(&bot.Message{Text: "Ana wrote: @everyone [x](https://e.example)", Blocks: []bot.Block{&bot.Buttons{Choices: []bot.Choice{{ID: "gw:ans:1:s:1", Label: "\u202eAna"}}}}})
	if strings.Contains(ps[0].content, "@everyone") || strings.Contains(ps[0].content, "](") {
		t.Errorf("content %q", ps[0].content)
	}
	if s := strings.ReplaceAll(ps[0].content, zwsp, ""); s != "Ana wrote: @everyone [x](https://e.example)" {
		t.Errorf("the reader sees %q", s)
	}
	if !strings.Contains(string(mustJSON(t, ps[0].components)), `[U+202E]Ana`) {
		t.Errorf("label not neutralised: %s", mustJSON(t, ps[0].components))
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
