package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// What members write is stored exactly as written, code point for code
// point: no character is added, removed or replaced on the way in. Text is
// made safe where it is shown, per platform (ShowControls here, mentions and
// links in each adapter), never where it is stored.

// CheckMemberText returns the reason, as a sentence for the member, why
// text cannot be stored as written ("" when it can). Only text that is not
// valid UTF-8 is refused: it cannot be stored faithfully, and no platform
// sends it, so it is asked for again rather than silently repaired. Length
// limits belong to the question (exercises.Definition.Check).
func CheckMemberText(s string) string {
	if !utf8.ValidString(s) {
		return "Your answer has characters that could not be read, so it was not saved. Please type it again."
	}
	return ""
}

// Blank reports whether s has nothing but spaces and line breaks: such an
// answer says nothing and counts as no answer.
func Blank(s string) bool { return strings.TrimSpace(s) == "" }

// CleanText returns the form of s used to compare text, never to store or
// show it: keyword matching reads it, so that control, bidirectional and
// format characters (zero-width joiners, word joiners, soft hyphens, tags)
// cannot hide a word, runs of combining marks are capped at three, tabs
// become spaces and surrounding space is trimmed. Line breaks stay. The
// one-line settings a therapist types (a group's name, its footer) are
// also kept in this form.
func CleanText(s string) string {
	var sb strings.Builder
	marks := 0
	for _, r := range s {
		switch {
		case r == '\n':
			marks = 0
			sb.WriteRune(r)
			continue
		case r == '\t':
			r = ' '
		case unicode.Is(unicode.Bidi_Control, r), unicode.IsControl(r), r == '\u200b', r == '\ufeff',
			unicode.Is(unicode.Cf, r): // format characters: zero-width (non-)joiners, word joiner, soft hyphen, tags
			continue
		}
		if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) {
			marks++
			if marks > 3 {
				continue
			}
		} else {
			marks = 0
		}
		sb.WriteRune(r)
	}
	return strings.TrimSpace(sb.String())
}
