package exercises

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Limits of the format. Texts are kept well under Discord's 2000-character
// message limit, labels under its 80-character button label limit, and
// free-text answers under its 4000-character form field limit.
const (
	maxText       = 1500
	maxContinue   = 40 // a button label that fits on a phone
	maxTitle      = 80
	maxLabel      = 80
	maxFooter     = 300 // shown under every prompt, so a say step plus footer still fits one message
	maxSteps      = 25
	maxChoices    = 25
	maxScaleWidth = 10
	maxTextMax    = 4000
	defaultMaxLen = 500
	defaultWindow = 24 * time.Hour
	maxWindow     = 14 * 24 * time.Hour
)

var (
	idRe     = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)
	stepIDRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-_]{0,29}$`)
	remindRe = regexp.MustCompile(`^(\S+)\s+before\s+close$`)
	dayRe    = regexp.MustCompile(`^(\d{1,3})d(.*)$`)
)

var (
	topFields     = []string{"id", "title", "kind", "goal", "answered_by", "window", "remind", "late_answers", "results_to_group", "footer", "steps", "family", "progression", "levels", "instrument"}
	kinds         = []string{"checkin", "goal", "sharing", "reflection", "social-cognition", "memory", "attention", "rollcall", "working-memory", "executive", "processing-speed", "prospective-memory", "measure"}
	answeredBy    = []string{AnsweredByEachMember, AnsweredByGroup}
	lateAnswers   = []string{LateAccept, LateRefuse}
	resultsTo     = []string{ResultsNone, ResultsAggregate, ResultsSharedAnswers}
	visibilities  = []string{string(VisibleTherapist), string(VisibleMemberChooses), string(VisibleGroup)}
	stepKindNames = []string{"say", "ask", "discuss", "goaround", "wait", "reveal", "later"}
	answerNames   = []string{"scale", "choose", "choose_many", "text", "sequence"}
)

// Parse reads one exercise from src. file is used in problem positions and
// kept in Definition.File. When the exercise is invalid the error is
// Problems, holding every problem found, sorted by position.
func Parse(file string, src []byte) (*Definition, error) {
	p := &parser{file: file}
	root := p.decode(src)
	var d *Definition
	if root != nil {
		d = p.definition(root)
	}
	if len(p.probs) > 0 {
		p.probs.sort()
		return nil, p.probs
	}
	d.Source = bytes.Clone(src)
	sum := sha256.Sum256(src)
	d.Version = hex.EncodeToString(sum[:])[:12]
	d.File = file
	return d, nil
}

func (p *parser) definition(root *yaml.Node) *Definition {
	f := p.fields(root, "", "", topFields)
	d := &Definition{
		AnsweredBy:     AnsweredByEachMember,
		Window:         defaultWindow,
		LateAnswers:    LateAccept,
		ResultsToGroup: ResultsNone,
	}
	if v := p.require(f, "", "id"); v != nil {
		if s, ok := p.text(v, "", "id", 100); ok {
			if idRe.MatchString(s) {
				d.ID = s
				d.idLine, d.idCol = v.Line, v.Column
			} else {
				p.add(v, "id %q may only use lowercase letters a-z, digits and -, must start with a letter or digit, and be at most 40 characters", s)
			}
		}
	}
	if v := p.require(f, "", "title"); v != nil {
		d.Title, _ = p.text(v, "", "title", maxTitle)
	}
	if v := p.require(f, "", "kind"); v != nil {
		d.Kind, _ = p.enum(v, "", "kind", kinds)
	}
	if v := p.require(f, "", "goal"); v != nil {
		d.Goal, _ = p.text(v, "", "goal", maxText)
	}
	groupOK := true
	if v := f.val["answered_by"]; v != nil {
		d.AnsweredBy, groupOK = p.enum(v, "", "answered_by", answeredBy)
	}
	windowOK := true
	if v := f.val["window"]; v != nil {
		d.Window, windowOK = p.window(v)
	}
	if v := f.val["remind"]; v != nil {
		if r, ok := p.remind(v); ok {
			d.Remind = r
			if windowOK && r >= d.Window {
				p.add(v, "remind (%s before close) must be shorter than the window (%s)", formatDuration(r), formatDuration(d.Window))
			}
		}
	}
	if v := f.val["late_answers"]; v != nil {
		d.LateAnswers, _ = p.enum(v, "", "late_answers", lateAnswers)
	}
	if v := f.val["results_to_group"]; v != nil {
		d.ResultsToGroup, _ = p.enum(v, "", "results_to_group", resultsTo)
	}
	if v := f.val["footer"]; v != nil {
		d.Footer, _ = p.text(v, "", "footer", maxFooter)
	}
	iv := f.val["instrument"] // instrument_parse.go: its items become ask steps
	before := len(p.probs)
	v := f.val["steps"]
	if v != nil || iv == nil {
		if v = p.require(f, "", "steps"); v != nil {
			d.Steps = p.steps(v)
		}
	}
	if iv != nil {
		p.instrument(d, iv)
		p.checkInstrument(d, f)
	}
	if f.val["steps"] != nil || iv != nil {
		p.checkAsks(d, f, groupOK)
		p.checkLater(d, f) // later.go
		if len(p.probs) > before {
			v = nil // levels change steps: check them once the steps are right
		}
		p.levels(d, f, v) // levels.go
	}
	p.checkMeasureKind(d, f)
	p.checkEarlier(d)  // earlier.go
	p.checkAssigned(d) // earlier.go
	return d
}

// checkAsks applies the rules about the exercise's ask steps as a whole.
func (p *parser) checkAsks(d *Definition, f fields, groupOK bool) {
	asks := d.AskSteps()
	if p.unsureKinds {
		return // a step's kind is unknown; counting would only repeat that problem
	}
	if len(asks) == 0 {
		p.add(f.key["steps"], "the exercise has no ask step; it needs at least one question")
		return
	}
	if groupOK && d.AnsweredBy == AnsweredByGroup {
		if len(asks) != 1 || (asks[0].Answer != "" && asks[0].Answer != AnswerChoose) {
			p.add(f.val["answered_by"], "a group exercise (answered_by: group) must have exactly one ask step, and it must use choose; this one has %d ask steps", len(asks))
		}
	}
}

func (p *parser) window(v *yaml.Node) (time.Duration, bool) {
	if v.Kind != yaml.ScalarNode {
		p.add(v, "window must be written like 24h or 2d, not %s", describe(v))
		return 0, false
	}
	s, ok := p.text(v, "", "window", 100)
	if !ok {
		return 0, false
	}
	w, err := parseDuration(s)
	if err != nil {
		p.add(v, "window %q is not a length of time; write it like 90m, 36h or 2d", s)
		return 0, false
	}
	if w <= 0 || w > maxWindow {
		p.add(v, "window %s must be more than 0 and at most 14d", s)
		return 0, false
	}
	return w, true
}

func (p *parser) remind(v *yaml.Node) (time.Duration, bool) {
	if v.Kind != yaml.ScalarNode {
		p.add(v, "remind must be written like \"4h before close\", not %s", describe(v))
		return 0, false
	}
	s, ok := p.text(v, "", "remind", 100)
	if !ok {
		return 0, false
	}
	m := remindRe.FindStringSubmatch(s)
	if m == nil {
		p.add(v, "remind %q must look like \"4h before close\"", s)
		return 0, false
	}
	r, err := parseDuration(m[1])
	if err != nil {
		p.add(v, "remind %q: %q is not a length of time; write it like 90m, 4h or 1d", s, m[1])
		return 0, false
	}
	if r <= 0 {
		p.add(v, "remind %q must be more than 0 before close", s)
		return 0, false
	}
	return r, true
}

// parseDuration is time.ParseDuration plus a leading whole number of days
// ("2d", "1d12h").
func parseDuration(s string) (time.Duration, error) {
	if m := dayRe.FindStringSubmatch(s); m != nil {
		days, _ := strconv.Atoi(m[1])
		d := time.Duration(days) * 24 * time.Hour
		if m[2] == "" {
			return d, nil
		}
		if strings.HasPrefix(m[2], "-") || strings.HasPrefix(m[2], "+") {
			return 0, fmt.Errorf("bad duration %q", s)
		}
		rest, err := time.ParseDuration(m[2])
		if err != nil {
			return 0, err
		}
		return d + rest, nil
	}
	return time.ParseDuration(s)
}

// formatDuration writes d the way a therapist would: 2d, 36h, 90m, 1d12h.
func formatDuration(d time.Duration) string {
	if d <= 0 {
		return d.String()
	}
	var b strings.Builder
	if days := d / (24 * time.Hour); days > 0 {
		fmt.Fprintf(&b, "%dd", days)
		d -= days * 24 * time.Hour
	}
	if h := d / time.Hour; h > 0 {
		fmt.Fprintf(&b, "%dh", h)
		d -= h * time.Hour
	}
	if m := d / time.Minute; m > 0 {
		fmt.Fprintf(&b, "%dm", m)
		d -= m * time.Minute
	}
	if d > 0 {
		b.WriteString(d.String())
	}
	return b.String()
}
