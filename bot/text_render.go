package bot

import (
	"fmt"
	"strings"
)

// ShowControls makes the characters that could disguise text visible, for
// showing text on a platform or a terminal: bidirectional embeddings,
// overrides and isolates (U+202A–U+202E, U+2066–U+2069), which can reverse
// or hide what follows them, and control characters other than tab, line
// feed and carriage return, become a visible code such as "[U+202E]".
// Everything else is kept: emoji with zero-width joiners, tabs, the marks
// right-to-left scripts use (U+200E, U+200F, U+061C). Adapters apply it when
// rendering; what members wrote is stored as written.
func ShowControls(s string) string {
	if !strings.ContainsFunc(s, hiddenControl) {
		return s
	}
	var sb strings.Builder
	for _, r := range s {
		if hiddenControl(r) {
			fmt.Fprintf(&sb, "[U+%04X]", r)
			continue
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

// hiddenControl reports whether r is shown as a code by ShowControls.
func hiddenControl(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return false
	case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}
