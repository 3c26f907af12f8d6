package exercises

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"
)

var (
	stepFields  = []string{"id", "say", "ask", "discuss", "goaround", "wait", "scale", "choose", "choose_many", "text", "best", "explain", "correct", "recall", "alert", "optional", "visible_to", "continue", "reveal", "minutes", "later", "after", "sequence"}
	scaleFields = []string{"min", "max", "low", "high"}
	alertFields = []string{"when", "choice", "say"}
	textFields  = []string{"max", "long"}

	// askOnly are the step fields that only make sense on an ask step, and
	// the answer type each one needs ("" = any).
	askOnly = []struct{ field, needs string }{
		{"best", "choose"}, {"explain", "choose"}, {"correct", "choose_many"},
		{"recall", "text"}, {"alert", ""}, {"optional", ""}, {"visible_to", ""},
	}
	whenRe = regexp.MustCompile(`^(<=|>=|==|<|>)\s*(-?\d{1,7})$`)
)

// steps reads the steps list. Steps that are not even a mapping are left out;
// every other step is returned, possibly incomplete, so that the exercise-wide
// checks can still count ask steps.
func (p *parser) steps(v *yaml.Node) []Step {
	if v.Kind != yaml.SequenceNode {
		p.add(v, "steps must be a list of steps (each starting with \"- id: ...\"), not %s", describe(v))
		p.unsureKinds = true
		return nil
	}
	if len(v.Content) == 0 {
		p.add(v, "steps is empty; an exercise needs at least one step")
		p.unsureKinds = true
		return nil
	}
	if len(v.Content) > maxSteps {
		p.add(v.Content[maxSteps], "too many steps (%d); the limit is %d, so split the exercise in two", len(v.Content), maxSteps)
	}
	seen := map[string]*yaml.Node{}
	var out []Step
	for i, n := range v.Content {
		if n.Kind != yaml.MappingNode {
			p.add(n, "step %d must be a group of fields (id: ..., say: ...), not %s", i+1, describe(n))
			p.unsureKinds = true
			continue
		}
		out = append(out, p.step(n, i+1, seen))
	}
	return out
}

func (p *parser) step(n *yaml.Node, num int, seen map[string]*yaml.Node) Step {
	prefix := fmt.Sprintf("step %d: ", num)
	// Name the step by its id in messages when the id is usable.
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k, v := n.Content[i], n.Content[i+1]; k.Value == "id" && v.Kind == yaml.ScalarNode && stepIDRe.MatchString(v.Value) {
			prefix = fmt.Sprintf("step %q: ", v.Value)
			break
		}
	}
	f := p.fields(n, prefix, "", stepFields)
	s := Step{Line: n.Line}

	if v := p.require(f, prefix, "id"); v != nil {
		if id, ok := p.text(v, prefix, "id", 100); ok {
			switch prev, dup := seen[id]; {
			case !stepIDRe.MatchString(id):
				p.add(v, "%sid %q may only use lowercase letters a-z, digits, - and _, must start with a letter or digit, and be at most 30 characters", prefix, id)
			case dup:
				p.add(v, "step %d: id %q is already used by the step on line %d; step ids must be different", num, id, prev.Line)
			default:
				seen[id] = v
				s.ID = id
			}
		}
	}

	var kindsFound []string
	for _, name := range f.order {
		if slices.Contains(stepKindNames, name) {
			kindsFound = append(kindsFound, name)
		}
	}
	switch len(kindsFound) {
	case 0:
		p.unsureKinds = true
		for _, k := range stepKindNames {
			if f.suggested[k] {
				return s // the misspelt kind was reported as an unknown field
			}
		}
		p.add(n, "%sa step needs one of: say, ask, discuss, goaround, wait, reveal or later", prefix)
		return s
	case 1:
	default:
		p.unsureKinds = true
		p.add(f.key[kindsFound[1]], "%sa step does one thing, but this one has both %s and %s; split it into two steps", prefix, kindsFound[0], kindsFound[1])
		return s
	}
	kind := kindsFound[0]
	s.Kind = StepKind(kind)
	s.Text, _ = p.text(f.val[kind], prefix, kind, maxText)
	p.laterFields(&s, f, prefix) // later.go
	if v := f.val["continue"]; v != nil && s.Kind != StepLater {
		if s.Kind != StepSay {
			p.add(f.key["continue"], "%scontinue can only be used on a say step, not on a %s step", prefix, kind)
		} else {
			s.Continue, _ = p.text(v, prefix, "continue", maxContinue)
		}
	}

	var answers []string
	for _, name := range f.order {
		if slices.Contains(answerNames, name) {
			answers = append(answers, name)
		}
	}
	p.groupPaced(&s, f, prefix) // groupsteps.go: minutes on wait, discuss and goaround
	if s.Kind != StepAsk {
		for _, name := range f.order {
			if slices.Contains(answerNames, name) || slices.ContainsFunc(askOnly, func(a struct{ field, needs string }) bool { return a.field == name }) {
				p.add(f.key[name], "%s%s can only be used on an ask step, not on a %s step", prefix, name, kind)
			}
		}
		return s
	}

	switch len(answers) {
	case 0:
		for _, a := range answerNames {
			if f.suggested[a] {
				return s // the misspelt answer type was reported as an unknown field
			}
		}
		p.add(f.key["ask"], "%san ask step needs one answer type: scale, choose, choose_many, text or sequence", prefix)
	case 1:
		p.answer(&s, f, prefix, answers[0])
	default:
		p.add(f.key[answers[1]], "%san ask step takes one answer type, but this one has both %s and %s", prefix, answers[0], answers[1])
	}
	for _, a := range askOnly {
		if k := f.key[a.field]; k != nil && a.needs != "" && len(answers) == 1 && answers[0] != a.needs {
			p.add(k, "%s%s can only be used with %s, not with %s", prefix, a.field, a.needs, answers[0])
		}
	}
	s.VisibleTo = VisibleTherapist
	if v := f.val["visible_to"]; v != nil {
		if vis, ok := p.enum(v, prefix, "visible_to", visibilities); ok {
			s.VisibleTo = Visibility(vis)
		}
	}
	if v := f.val["optional"]; v != nil {
		s.Optional, _ = p.boolean(v, prefix, "optional")
	}
	return s
}

// answer reads the answer type of an ask step and the fields that go with it.
func (p *parser) answer(s *Step, f fields, prefix, name string) {
	v := f.val[name]
	switch name {
	case "scale":
		s.Answer = AnswerScale
		s.Scale = p.scale(v, f.key[name], prefix)
		if av := f.val["alert"]; av != nil {
			s.Alert = p.alert(av, prefix, s.Scale)
		}
	case "choose", "choose_many":
		s.Answer = AnswerChoose
		if name == "choose_many" {
			s.Answer = AnswerChooseMany
		}
		choices, ok := p.choices(v, prefix, name)
		if ok {
			s.Choices = choices
		}
		if bv := f.val["best"]; bv != nil && name == "choose" {
			if b, good := p.text(bv, prefix, "best", maxLabel); good && len(choices) > 0 {
				if p.inChoices(bv, prefix, "best", b, choices) {
					s.Best = b
				}
			}
		}
		if ev := f.val["explain"]; ev != nil && name == "choose" {
			s.Explain, _ = p.text(ev, prefix, "explain", maxText)
		}
		if cv := f.val["correct"]; cv != nil && name == "choose_many" {
			s.Correct = p.correct(cv, prefix, choices, ok)
		}
		if av := f.val["alert"]; av != nil {
			s.Alert = p.choiceAlert(av, prefix, choices, ok)
		}
	case "sequence":
		if k := f.key["alert"]; k != nil {
			p.add(k, "%salert can only be used with scale, choose or choose_many, not with sequence", prefix)
		}
		p.sequence(s, v, prefix) // sequence.go
	case "text":
		if k := f.key["alert"]; k != nil {
			p.add(k, "%salert can only be used with scale, choose or choose_many, not with text; for written answers use the group's keywords (/group keywords)", prefix)
		}
		s.Answer = AnswerText
		s.MaxLen = defaultMaxLen
		p.textAnswer(s, v, f.key[name], prefix)
		if rv := f.val["recall"]; rv != nil {
			s.Recall = p.recall(rv, prefix)
		}
	}
}

func (p *parser) scale(v, key *yaml.Node, prefix string) *Scale {
	if v.Kind != yaml.MappingNode {
		p.add(v, "%sscale must be a group of fields like {min: 1, max: 10}, not %s", prefix, describe(v))
		return nil
	}
	f := p.fields(v, prefix, "scale", scaleFields)
	sc := &Scale{}
	minOK, maxOK := false, false
	if n := p.require(f, prefix+"scale ", "min"); n != nil {
		sc.Min, minOK = p.integer(n, prefix, "scale min")
	}
	if n := p.require(f, prefix+"scale ", "max"); n != nil {
		sc.Max, maxOK = p.integer(n, prefix, "scale max")
	}
	if n := f.val["low"]; n != nil {
		sc.Low, _ = p.text(n, prefix, "scale low", maxLabel)
	}
	if n := f.val["high"]; n != nil {
		sc.High, _ = p.text(n, prefix, "scale high", maxLabel)
	}
	if !minOK || !maxOK {
		return nil
	}
	if sc.Min >= sc.Max {
		p.add(key, "%sscale min (%d) must be smaller than max (%d)", prefix, sc.Min, sc.Max)
		return nil
	}
	if sc.Max-sc.Min > maxScaleWidth {
		p.add(key, "%sscale from %d to %d is too wide; max - min can be at most %d, so the buttons fit", prefix, sc.Min, sc.Max, maxScaleWidth)
		return nil
	}
	return sc
}

func (p *parser) alert(v *yaml.Node, prefix string, sc *Scale) *Alert {
	if v.Kind != yaml.MappingNode {
		p.add(v, "%salert must be a group of fields like {when: \"<= 2\", say: low mood}, not %s", prefix, describe(v))
		return nil
	}
	f := p.fields(v, prefix, "alert", alertFields)
	a := &Alert{}
	ok := true
	if k := f.key["choice"]; k != nil {
		p.add(k, "%salert choice can only be used on a choose or choose_many step; a scale alert uses when, like \"<= 2\"", prefix)
		ok = false
	}
	if n := p.require(f, prefix+"alert ", "when"); n != nil {
		w, good := p.text(n, prefix, "alert when", 100)
		m := whenRe.FindStringSubmatch(w)
		switch {
		case !good:
			ok = false
		case m == nil:
			p.add(n, "%salert when %q must be a comparison and a whole number, like \"<= 2\"; the comparisons are <=, <, >=, >, ==", prefix, w)
			ok = false
		default:
			a.Op = m[1]
			a.Value, _ = strconv.Atoi(m[2])
			if sc != nil {
				hits := 0
				for r := sc.Min; r <= sc.Max; r++ {
					if a.Matches(r) {
						hits++
					}
				}
				switch hits {
				case 0:
					p.add(n, "%salert when %q can never happen on a scale from %d to %d", prefix, w, sc.Min, sc.Max)
					ok = false
				case sc.Max - sc.Min + 1:
					p.add(n, "%salert when %q would trigger for every answer on a scale from %d to %d", prefix, w, sc.Min, sc.Max)
					ok = false
				}
			}
		}
	} else {
		ok = false
	}
	if n := p.require(f, prefix+"alert ", "say"); n != nil {
		var good bool
		a.Say, good = p.text(n, prefix, "alert say", maxLabel*2)
		ok = ok && good
	} else {
		ok = false
	}
	if !ok {
		return nil
	}
	return a
}

// choiceAlert reads an alert on a choose or choose_many step: picking the
// named choice alerts the therapist.
func (p *parser) choiceAlert(v *yaml.Node, prefix string, choices []string, choicesOK bool) *Alert {
	if v.Kind != yaml.MappingNode {
		p.add(v, "%salert must be a group of fields like {choice: Not safe, say: member chose not safe}, not %s", prefix, describe(v))
		return nil
	}
	f := p.fields(v, prefix, "alert", alertFields)
	a := &Alert{}
	ok := true
	if k := f.key["when"]; k != nil {
		p.add(k, "%salert when is for scale steps; on a choose step name the choice, like {choice: Not safe, say: ...}", prefix)
		return nil
	}
	if n := p.require(f, prefix+"alert ", "choice"); n != nil {
		c, good := p.text(n, prefix, "alert choice", maxLabel)
		switch {
		case !good:
			ok = false
		case choicesOK && !p.inChoices(n, prefix, "alert choice", c, choices):
			ok = false
		default:
			a.Choice = c
		}
	} else {
		ok = false
	}
	if n := p.require(f, prefix+"alert ", "say"); n != nil {
		var good bool
		a.Say, good = p.text(n, prefix, "alert say", maxLabel*2)
		ok = ok && good
	} else {
		ok = false
	}
	if !ok || !choicesOK {
		return nil
	}
	return a
}

func (p *parser) choices(v *yaml.Node, prefix, name string) ([]string, bool) {
	if v.Kind == yaml.SequenceNode && len(v.Content) == 0 {
		p.add(v, "%s%s has no choices; it needs at least 2", prefix, name)
		return nil, false
	}
	items, nodes, ok := p.list(v, prefix, name, "choice", maxLabel)
	if v.Kind != yaml.SequenceNode {
		return nil, false
	}
	seen := map[string]string{}
	for i, c := range items {
		key := strings.ToLower(c)
		if prev, dup := seen[key]; dup {
			as := ""
			if prev != c {
				as = fmt.Sprintf(" (as %q before)", prev)
			}
			p.add(nodes[i], "%schoice %q appears twice%s; each choice must be different", prefix, c, as)
			ok = false
			continue
		}
		seen[key] = c
	}
	switch n := len(v.Content); {
	case n < 2:
		p.add(v, "%s%s needs at least 2 choices, not %d", prefix, name, n)
		ok = false
	case n > maxChoices:
		p.add(v.Content[maxChoices], "%s%s has %d choices; the limit is %d", prefix, name, n, maxChoices)
		ok = false
	}
	return items, ok
}

// inChoices reports whether value is one of choices, and says so when not.
func (p *parser) inChoices(n *yaml.Node, prefix, name, value string, choices []string) bool {
	if slices.Contains(choices, value) {
		return true
	}
	hint := ""
	if s := suggest(value, choices); s != "" {
		hint = fmt.Sprintf(" (did you mean %q?)", s)
	}
	p.add(n, "%s%s %q is not one of the choices%s", prefix, name, value, hint)
	return false
}

func (p *parser) correct(v *yaml.Node, prefix string, choices []string, choicesOK bool) []string {
	if v.Kind == yaml.SequenceNode && len(v.Content) == 0 {
		p.add(v, "%scorrect is empty; list the right choices, or leave correct out", prefix)
		return nil
	}
	items, nodes, ok := p.list(v, prefix, "correct", "correct item", maxLabel)
	if !ok {
		return nil
	}
	seen := map[string]bool{}
	for i, c := range items {
		if seen[c] {
			p.add(nodes[i], "%scorrect lists %q twice", prefix, c)
			ok = false
			continue
		}
		seen[c] = true
		if choicesOK && !p.inChoices(nodes[i], prefix, "correct", c, choices) {
			ok = false
		}
	}
	if !ok || !choicesOK {
		return nil
	}
	return items
}

func (p *parser) textAnswer(s *Step, v, key *yaml.Node, prefix string) {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return // "text:" alone means the defaults
	}
	if v.Kind != yaml.MappingNode {
		p.add(v, "%stext must be a group of fields like {max: 500, long: true}, or {} for the defaults, not %s", prefix, describe(v))
		return
	}
	f := p.fields(v, prefix, "text", textFields)
	if n := f.val["max"]; n != nil {
		if m, ok := p.integer(n, prefix, "text max"); ok {
			if m < 1 || m > maxTextMax {
				p.add(n, "%stext max (%d) must be from 1 to %d", prefix, m, maxTextMax)
			} else {
				s.MaxLen = m
			}
		}
	}
	if n := f.val["long"]; n != nil {
		s.Long, _ = p.boolean(n, prefix, "text long")
	}
}

func (p *parser) recall(v *yaml.Node, prefix string) []string {
	if v.Kind == yaml.SequenceNode && len(v.Content) == 0 {
		p.add(v, "%srecall is empty; list the words to remember", prefix)
		return nil
	}
	items, nodes, ok := p.list(v, prefix, "recall", "recall word", maxLabel)
	if !ok {
		return nil
	}
	if len(items) > maxChoices {
		p.add(nodes[maxChoices], "%srecall has %d words; the limit is %d", prefix, len(items), maxChoices)
		ok = false
	}
	seen := map[string]bool{}
	for i, w := range items {
		if strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) >= 0 {
			p.add(nodes[i], "%srecall word %q must be a single word made of letters", prefix, w)
			ok = false
			continue
		}
		key := strings.ToLower(w)
		if seen[key] {
			p.add(nodes[i], "%srecall lists %q twice", prefix, w)
			ok = false
		}
		seen[key] = true
	}
	if !ok {
		return nil
	}
	return items
}
