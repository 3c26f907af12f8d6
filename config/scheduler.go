package config

import (
	"time"

	"go.yaml.in/yaml/v3"
)

// DefaultGrace is how late a missed scheduled post may still be made.
const DefaultGrace = time.Hour

// Scheduler configures the scheduler's policy for posts missed while the
// bot was down.
type Scheduler struct {
	// Grace: a post missed by at most this long is made late; older ones
	// are skipped and the lead therapist is told privately.
	Grace time.Duration
}

func (p *parser) scheduler(v *yaml.Node, s *Scheduler) {
	p.mapping(v, "scheduler",
		field{"grace", func(v *yaml.Node) {
			var text string
			if !p.str(v, "scheduler.grace", &text) {
				return
			}
			d, err := time.ParseDuration(text)
			if err != nil || d < time.Minute || d > 24*time.Hour {
				p.add(v, "scheduler.grace is %q; use a duration from 1m to 24h, like 60m or 2h", text)
				return
			}
			s.Grace = d
		}})
}
