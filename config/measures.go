package config

import (
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Measures configures measurement-based care: the progress-note format,
// the pre-session brief and the engagement notice (core/notes.go,
// core/brief.go, core/engagement.go). Zero values are the core's defaults.
type Measures struct {
	NoteFormat   string        // dap (default), birp or soap
	BriefBefore  time.Duration // before each weekly session; 0 = 2h; negative = never ("off")
	MissedInARow int           // private notice after this many missed in a row; 0 = 2; negative = never ("off")
}

func (p *parser) measures(v *yaml.Node, dst *Measures) {
	p.mapping(v, "measures",
		field{"note_format", func(v *yaml.Node) { p.oneOf(v, "measures.note_format", &dst.NoteFormat, "dap", "birp", "soap") }},
		field{"brief_before", func(v *yaml.Node) {
			var text string
			if !p.str(v, "measures.brief_before", &text) {
				return
			}
			if strings.EqualFold(text, "off") {
				dst.BriefBefore = -1
				return
			}
			d, err := time.ParseDuration(text)
			if err != nil || d < 15*time.Minute || d > 72*time.Hour {
				p.add(v, "measures.brief_before is %q; use a duration from 15m to 72h, like 2h, or off", text)
				return
			}
			dst.BriefBefore = d
		}},
		field{"missed_in_a_row", func(v *yaml.Node) {
			var text string
			if !p.str(v, "measures.missed_in_a_row", &text) {
				return
			}
			if strings.EqualFold(text, "off") {
				dst.MissedInARow = -1
				return
			}
			n, err := strconv.Atoi(text)
			if err != nil || n < 1 || n > 20 {
				p.add(v, "measures.missed_in_a_row is %q; use a whole number from 1 to 20, or off", text)
				return
			}
			dst.MissedInARow = n
		}})
}
