package exercises

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

var (
	instrumentFields = []string{"name", "validated", "recall", "stem", "responses", "items", "multiplier", "higher_is",
		"bands", "reliable_change", "subscales", "alerts", "attribution", "source", "licence", "closing"}
	itemFields     = []string{"id", "text", "responses", "scored"}
	responseFields = []string{"text", "score"}
	bandFields     = []string{"min", "max", "label"}
	subscaleFields = []string{"name", "items"}
	itemAlertField = []string{"item", "when", "say"}
	higherIs       = []string{HigherWorse, HigherBetter}
)

// Limits of an instrument. Items are steps, so they share the step limit.
const (
	maxResponses  = 11 // the widest published scales (0..10) still fit as buttons
	maxAttribute  = 600
	maxMultiplier = 100
)

// instrument reads the instrument block and appends its items to d.Steps.
func (p *parser) instrument(d *Definition, v *yaml.Node) {
	const pre = "instrument: "
	if v.Kind != yaml.MappingNode {
		p.add(v, "instrument must be a group of fields (name, recall, stem, responses, items, ...), not %s", describe(v))
		return
	}
	f := p.fields(v, pre, "instrument", instrumentFields)
	in := &Instrument{Multiplier: 1, HigherIs: HigherWorse, line: v.Line}
	if n := p.require(f, pre, "name"); n != nil {
		in.Name, _ = p.text(n, pre, "name", maxTitle)
		in.nameLine = n.Line
	}
	if n := f.val["validated"]; n != nil {
		in.Validated, _ = p.boolean(n, pre, "validated")
	}
	if n := p.require(f, pre, "recall"); n != nil {
		in.Recall, _ = p.text(n, pre, "recall", maxLabel)
	}
	if n := p.require(f, pre, "stem"); n != nil {
		in.Stem, _ = p.text(n, pre, "stem", maxText)
		if in.Recall != "" && in.Stem != "" && !strings.Contains(strings.ToLower(in.Stem), strings.ToLower(in.Recall)) {
			p.add(n, "%sstem must name the recall period %q, so that every question shows it", pre, in.Recall)
		}
	}
	var common []Response
	if n := f.val["responses"]; n != nil {
		common = p.responses(n, pre)
	}
	if n := f.val["multiplier"]; n != nil {
		if m, ok := p.integer(n, pre, "multiplier"); ok {
			if m < 1 || m > maxMultiplier {
				p.add(n, "%smultiplier (%d) must be from 1 to %d", pre, m, maxMultiplier)
			} else {
				in.Multiplier = m
			}
		}
	}
	if n := f.val["higher_is"]; n != nil {
		in.HigherIs, _ = p.enum(n, pre, "higher_is", higherIs)
	}
	itemsOK := false
	if n := p.require(f, pre, "items"); n != nil {
		in.Items, itemsOK = p.items(n, pre, common, f.val["responses"] != nil)
	}
	lo, hi := in.Range()
	if n := p.require(f, pre, "bands"); n != nil && itemsOK {
		in.Bands = p.bands(n, pre, lo, hi)
	}
	if n := p.require(f, pre, "reliable_change"); n != nil {
		if rc, ok := p.integer(n, pre, "reliable_change"); ok {
			if itemsOK && (rc < 1 || rc > hi-lo) {
				p.add(n, "%sreliable_change (%d) must be from 1 to %d, the width of the total", pre, rc, hi-lo)
			} else {
				in.ReliableChange = rc
			}
		}
	}
	if n := f.val["subscales"]; n != nil && itemsOK {
		in.Subscales = p.subscales(n, pre, in)
	}
	if n := f.val["alerts"]; n != nil && itemsOK {
		in.Alerts = p.itemAlerts(n, pre, in)
	}
	for _, name := range []string{"attribution", "source", "licence"} {
		n := p.require(f, pre, name)
		if n == nil {
			continue
		}
		s, _ := p.text(n, pre, name, maxAttribute)
		switch name {
		case "attribution":
			in.Attribution = s
		case "source":
			in.Source = s
		case "licence":
			in.Licence = s
		}
	}
	if n := f.val["closing"]; n != nil {
		in.Closing, _ = p.text(n, pre, "closing", maxText)
	}
	d.Instrument = in
	d.Steps = append(d.Steps, in.steps()...)
}

func (p *parser) responses(v *yaml.Node, prefix string) []Response {
	if v.Kind != yaml.SequenceNode || len(v.Content) < 2 {
		p.add(v, "%sresponses must be a list of at least 2 answers like - {text: Not at all, score: 0}", prefix)
		return nil
	}
	if len(v.Content) > maxResponses {
		p.add(v.Content[maxResponses], "%sresponses has %d answers; the limit is %d", prefix, len(v.Content), maxResponses)
		return nil
	}
	var out []Response
	seen := map[string]bool{}
	ok := true
	for i, n := range v.Content {
		if n.Kind != yaml.MappingNode {
			p.add(n, "%sresponse %d must be written like {text: Not at all, score: 0}, not %s", prefix, i+1, describe(n))
			ok = false
			continue
		}
		f := p.fields(n, prefix, "a response", responseFields)
		var r Response
		if t := p.require(f, prefix+"response ", "text"); t != nil {
			var good bool
			if r.Text, good = p.text(t, prefix, "response text", maxLabel); good {
				if seen[strings.ToLower(r.Text)] {
					p.add(t, "%sresponse %q appears twice; each answer must be different", prefix, r.Text)
					ok = false
				}
				seen[strings.ToLower(r.Text)] = true
			} else {
				ok = false
			}
		} else {
			ok = false
		}
		if s := p.require(f, prefix+"response ", "score"); s != nil {
			var good bool
			if r.Score, good = p.integer(s, prefix, "response score"); !good {
				ok = false
			}
		} else {
			ok = false
		}
		out = append(out, r)
	}
	if !ok {
		return nil
	}
	return out
}

// commonGiven says the instrument wrote responses, valid or not: an item
// without its own is then not reported again for lacking them.
func (p *parser) items(v *yaml.Node, prefix string, common []Response, commonGiven bool) ([]Item, bool) {
	if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
		p.add(v, "%sitems must be a list of questions like - {id: q1, text: ...}", prefix)
		return nil, false
	}
	if len(v.Content) > maxSteps {
		p.add(v.Content[maxSteps], "%sitems has %d questions; the limit is %d", prefix, len(v.Content), maxSteps)
		return nil, false
	}
	ok := true
	seen := map[string]int{}
	var out []Item
	scored := 0
	for i, n := range v.Content {
		if n.Kind != yaml.MappingNode {
			p.add(n, "%sitem %d must be written like {id: q1, text: ...}, not %s", prefix, i+1, describe(n))
			ok = false
			continue
		}
		f := p.fields(n, prefix, "an item", itemFields)
		it := Item{Scored: true, Responses: common}
		ipre := fmt.Sprintf("%sitem %d: ", prefix, i+1)
		if idn := p.require(f, ipre, "id"); idn != nil {
			if id, good := p.text(idn, ipre, "id", 100); good {
				switch prev, dup := seen[id]; {
				case !stepIDRe.MatchString(id):
					p.add(idn, "%sid %q may only use lowercase letters a-z, digits, - and _, and be at most 30 characters", ipre, id)
					ok = false
				case dup:
					p.add(idn, "%sid %q is already used by the item on line %d", ipre, id, prev)
					ok = false
				default:
					seen[id] = idn.Line
					it.ID = id
				}
			} else {
				ok = false
			}
		} else {
			ok = false
		}
		if t := p.require(f, ipre, "text"); t != nil {
			var good bool
			if it.Text, good = p.text(t, ipre, "text", maxText); !good {
				ok = false
			}
		} else {
			ok = false
		}
		if s := f.val["scored"]; s != nil {
			it.Scored, _ = p.boolean(s, ipre, "scored")
		}
		if r := f.val["responses"]; r != nil {
			it.Responses = p.responses(r, ipre)
		} else if !commonGiven {
			p.add(n, "%sthe item has no responses; give the instrument responses, or this item its own", ipre)
		}
		if it.Responses == nil {
			ok = false
		}
		if it.Scored {
			scored++
		}
		out = append(out, it)
	}
	if ok && scored == 0 {
		p.add(v, "%sno item is scored; an instrument needs at least one scored item", prefix)
		ok = false
	}
	return out, ok
}

// bands reads the severity bands: in order, from the lowest total to the
// highest, without gaps or overlaps, so every total has exactly one band.
func (p *parser) bands(v *yaml.Node, prefix string, lo, hi int) []SeverityBand {
	if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
		p.add(v, "%sbands must be a list like - {min: 0, max: 4, label: Minimal}", prefix)
		return nil
	}
	var out []SeverityBand
	next := lo
	for i, n := range v.Content {
		if n.Kind != yaml.MappingNode {
			p.add(n, "%sband %d must be written like {min: 0, max: 4, label: Minimal}, not %s", prefix, i+1, describe(n))
			return nil
		}
		f := p.fields(n, prefix, "a band", bandFields)
		var b SeverityBand
		okMin, okMax, okLabel := false, false, false
		if m := p.require(f, prefix+"band ", "min"); m != nil {
			b.Min, okMin = p.integer(m, prefix, "band min")
		}
		if m := p.require(f, prefix+"band ", "max"); m != nil {
			b.Max, okMax = p.integer(m, prefix, "band max")
		}
		if m := p.require(f, prefix+"band ", "label"); m != nil {
			b.Label, okLabel = p.text(m, prefix, "band label", maxLabel)
		}
		if !okMin || !okMax || !okLabel {
			return nil
		}
		if b.Min != next || b.Max < b.Min {
			p.add(n, "%sband %d (%d to %d) must start at %d and end at or after its start; bands go from the lowest total (%d) to the highest (%d) without gaps", prefix, i+1, b.Min, b.Max, next, lo, hi)
			return nil
		}
		next = b.Max + 1
		out = append(out, b)
	}
	if next != hi+1 {
		p.add(v, "%sthe last band ends at %d, but the total can reach %d", prefix, next-1, hi)
		return nil
	}
	return out
}

func (p *parser) subscales(v *yaml.Node, prefix string, in *Instrument) []Subscale {
	if v.Kind != yaml.SequenceNode {
		p.add(v, "%ssubscales must be a list like - {name: Somatic, items: [q3, q4]}", prefix)
		return nil
	}
	var out []Subscale
	for _, n := range v.Content {
		if n.Kind != yaml.MappingNode {
			p.add(n, "%sa subscale must be written like {name: Somatic, items: [q3, q4]}, not %s", prefix, describe(n))
			continue
		}
		f := p.fields(n, prefix, "a subscale", subscaleFields)
		var s Subscale
		if m := p.require(f, prefix+"subscale ", "name"); m != nil {
			s.Name, _ = p.text(m, prefix, "subscale name", maxLabel)
		}
		if m := p.require(f, prefix+"subscale ", "items"); m != nil {
			ids, nodes, _ := p.list(m, prefix, "subscale items", "item", 100)
			for i, id := range ids {
				if it, ok := in.Item(id); !ok || !it.Scored {
					p.add(nodes[i], "%ssubscale %q names %q, which is not a scored item", prefix, s.Name, id)
					continue
				}
				s.Items = append(s.Items, id)
			}
		}
		if s.Name != "" && len(s.Items) > 0 {
			out = append(out, s)
		}
	}
	return out
}

func (p *parser) itemAlerts(v *yaml.Node, prefix string, in *Instrument) []ItemAlert {
	if v.Kind != yaml.SequenceNode {
		p.add(v, "%salerts must be a list like - {item: q9, when: \"> 0\", say: ...}", prefix)
		return nil
	}
	var out []ItemAlert
	for _, n := range v.Content {
		if n.Kind != yaml.MappingNode {
			p.add(n, "%san alert must be written like {item: q9, when: \"> 0\", say: ...}, not %s", prefix, describe(n))
			continue
		}
		f := p.fields(n, prefix, "an alert", itemAlertField)
		var a ItemAlert
		var it *Item
		good := true
		if m := p.require(f, prefix+"alert ", "item"); m != nil {
			a.Item, _ = p.text(m, prefix, "alert item", 100)
			var ok bool
			if it, ok = in.Item(a.Item); !ok {
				p.add(m, "%salert item %q is not one of the items", prefix, a.Item)
				good = false
			}
		} else {
			good = false
		}
		if m := p.require(f, prefix+"alert ", "when"); m != nil {
			w, _ := p.text(m, prefix, "alert when", 100)
			mm := whenRe.FindStringSubmatch(w)
			if mm == nil {
				p.add(m, "%salert when %q must be a comparison and a whole number, like \"> 0\"", prefix, w)
				good = false
			} else {
				a.Op = mm[1]
				a.Value, _ = strconv.Atoi(mm[2])
				if it != nil {
					hits := 0
					for _, r := range it.Responses {
						if a.Matches(r.Score) {
							hits++
						}
					}
					if hits == 0 || hits == len(it.Responses) {
						p.add(m, "%salert when %q on item %q would fire for no answer or for every answer", prefix, w, a.Item)
						good = false
					}
				}
			}
		} else {
			good = false
		}
		if m := p.require(f, prefix+"alert ", "say"); m != nil {
			var ok bool
			a.Say, ok = p.text(m, prefix, "alert say", maxLabel*2)
			good = good && ok
		} else {
			good = false
		}
		if good {
			out = append(out, a)
		}
	}
	return out
}

// checkInstrument applies the rules between an instrument and the exercise
// around it. Results are the therapist's: a questionnaire's answers are never
// posted to the group, not even as totals, because in a group of six a total
// points at a person.
func (p *parser) checkInstrument(d *Definition, f fields) {
	if d.Kind != "" && d.Kind != KindMeasure {
		p.add(f.val["kind"], "an exercise with an instrument has kind: measure, not %s", d.Kind)
	}
	if d.ResultsToGroup != ResultsNone {
		p.add(f.val["results_to_group"], "an instrument's answers are for the therapists only; leave out results_to_group (or write none)")
	}
	if d.AnsweredBy != AnsweredByEachMember {
		p.add(f.val["answered_by"], "an instrument is answered by each member, not by the group")
	}
	seen := map[string]bool{}
	for _, s := range d.Steps {
		if s.ID != "" && seen[s.ID] {
			p.add(f.val["instrument"], "instrument: item id %q is also the id of a step; ids must be different", s.ID)
		}
		seen[s.ID] = true
	}
	if len(d.Steps) > maxSteps {
		p.add(f.val["instrument"], "instrument: the steps and items together are %d; the limit is %d", len(d.Steps), maxSteps)
	}
}

// checkMeasureKind reports kind: measure without an instrument.
func (p *parser) checkMeasureKind(d *Definition, f fields) {
	if d.Kind == KindMeasure && d.Instrument == nil && f.val["instrument"] == nil {
		p.add(f.val["kind"], "kind: measure needs an instrument block (see FORMAT.md, \"Questionnaires\")")
	}
}
