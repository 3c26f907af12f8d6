package shell_test

import (
	"context"
	"strings"
	"testing"

	"groupwork/bot"
)

// TestShellShowsTextAsWritten (issue 9, item 9): the terminal shows a
// member's text as written — mentions, links, tabs and emoji joiners
// included — except that bidi overrides and controls are shown as codes.
func TestShellShowsTextAsWritten(t *testing.T) {
	a, out := newShell(t)
	text := "Ana: @everyone <@1> [x](https://e.example)\tok 👩\u200d👩\u200d👧 \u202eevil\x07"
	if _, err := a.Post(context.Background(), "group", bot.Message{Text: text}); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	want := "Ana: @everyone <@1> [x](https://e.example)\tok 👩\u200d👩\u200d👧 [U+202E]evil[U+0007]"
	if !strings.Contains(got, want) {
		t.Errorf("shell shows %q, want it to contain %q", got, want)
	}
}
