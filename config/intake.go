package config

import (
	"strconv"
	"time"

	"go.yaml.in/yaml/v3"
)

// Defaults of Intake: generous for a person who double-presses, a bound
// on one who floods.
const (
	DefaultIntakeBurst = 20
	DefaultIntakeEvery = 500 * time.Millisecond
)

// Intake is the per-person limit on inbound events: Burst events at once,
// then one more every Every. A flood beyond it is asked to slow down.
type Intake struct {
	Burst int
	Every time.Duration
}

func (p *parser) intake(v *yaml.Node, dst *Intake) {
	p.mapping(v, "intake",
		field{"burst", func(v *yaml.Node) {
			var text string
			if !p.str(v, "intake.burst", &text) {
				return
			}
			n, err := strconv.Atoi(text)
			if err != nil || n < 5 || n > 1000 {
				p.add(v, "intake.burst is %q; use a whole number of events from 5 to 1000", text)
				return
			}
			dst.Burst = n
		}},
		field{"every", func(v *yaml.Node) {
			var text string
			if !p.str(v, "intake.every", &text) {
				return
			}
			d, err := time.ParseDuration(text)
			if err != nil || d < 10*time.Millisecond || d > time.Minute {
				p.add(v, "intake.every is %q; use a duration from 10ms to 1m, like 500ms", text)
				return
			}
			dst.Every = d
		}})
}
