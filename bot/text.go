package bot

import (
	"strings"
	"unicode"
)

// CleanText makes user-supplied text safe to store and show: it removes
// control and bidirectional-override characters (which can disguise text),
// caps runs of combining marks, and trims surrounding space. Line breaks stay.
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
	return NoPing(strings.TrimSpace(sb.String()))
}
