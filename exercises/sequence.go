package exercises

import (
	"fmt"
	"slices"

	"go.yaml.in/yaml/v3"
)

// A sequence question is answered by pressing buttons in order: a digit
// span ("press the numbers in the same order", or "backwards"), or the
// steps of an everyday task put in order. The right order is `order`;
// other acceptable orders may be listed under `also` (there is often more
// than one good way to make a cup of tea).
//
//	- id: span
//	  ask: Press the numbers in the same order.
//	  sequence: {buttons: ["1", "2", "3", "4", "5", "6", "7", "8", "9"], order: ["3", "8", "1"]}
//
// Scoring: one point per position that holds the right button, compared
// with whichever acceptable order the answer is closest to, of len(order).

// AnswerSequence is the answer kind of a sequence question.
const AnswerSequence AnswerKind = "sequence"

const maxSequence = 12

var sequenceFields = []string{"buttons", "order", "also"}

// sequence reads a sequence answer: its buttons (into s.Choices), the right
// order and the acceptable variants.
func (p *parser) sequence(s *Step, v *yaml.Node, prefix string) {
	s.Answer = AnswerSequence
	if v.Kind != yaml.MappingNode {
		p.add(v, "%ssequence must be a group of fields like {buttons: [a, b, c], order: [b, a, c]}, not %s", prefix, describe(v))
		return
	}
	f := p.fields(v, prefix, "sequence", sequenceFields)
	bv := p.require(f, prefix, "buttons")
	if bv == nil {
		return
	}
	buttons, ok := p.choices(bv, prefix, "sequence buttons")
	if !ok {
		return
	}
	s.Choices = buttons
	ov := p.require(f, prefix, "order")
	if ov == nil {
		return
	}
	s.Order = p.order(ov, prefix, "order", buttons, 0)
	if av := f.val["also"]; av != nil && s.Order != nil {
		if av.Kind != yaml.SequenceNode || len(av.Content) == 0 {
			p.add(av, "%ssequence also must be a list of other good orders, each a list like [b, a, c]", prefix)
			return
		}
		for i, o := range av.Content {
			if alt := p.order(o, prefix, fmt.Sprintf("also %d", i+1), buttons, len(s.Order)); alt != nil {
				s.Also = append(s.Also, alt)
			}
		}
	}
}

// order reads one order: 1 to 12 buttons' labels, each one of buttons; of
// length n when n > 0.
func (p *parser) order(v *yaml.Node, prefix, name string, buttons []string, n int) []string {
	items, nodes, ok := p.list(v, prefix, "sequence "+name, "item", maxLabel)
	if !ok {
		return nil
	}
	if len(items) == 0 || len(items) > maxSequence {
		p.add(v, "%ssequence %s has %d items; write from 1 to %d", prefix, name, len(items), maxSequence)
		return nil
	}
	if n > 0 && len(items) != n {
		p.add(v, "%ssequence %s has %d items, order has %d; they must be the same length", prefix, name, len(items), n)
		return nil
	}
	for i, it := range items {
		if !slices.Contains(buttons, it) {
			p.add(nodes[i], "%ssequence %s: %q is not one of the buttons", prefix, name, it)
			ok = false
		}
	}
	if !ok {
		return nil
	}
	return items
}

// scoreSequence scores an answer (button indexes in the order pressed)
// against the right order and its variants: the positions in place, for
// the closest acceptable order.
func scoreSequence(s *Step, a Answer) Score {
	best := 0
	for _, want := range append([][]string{s.Order}, s.Also...) {
		n := 0
		for i, w := range want {
			if i < len(a.Choices) && a.Choices[i] >= 0 && a.Choices[i] < len(s.Choices) && s.Choices[a.Choices[i]] == w {
				n++
			}
		}
		best = max(best, n)
	}
	label := fmt.Sprintf("%d of %d in the right place", best, len(s.Order))
	if best == len(s.Order) && len(a.Choices) == len(s.Order) {
		label = fmt.Sprintf("all %d in the right order", len(s.Order))
	}
	return Score{Step: s.ID, Points: best, Max: len(s.Order), Label: label}
}
