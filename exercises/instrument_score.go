package exercises

import "fmt"

// InstrumentScore is one member's scored instrument.
type InstrumentScore struct {
	Complete  bool // every scored item has an answer; otherwise Total is 0 and not to be shown
	Answered  int  // scored items answered
	Items     int  // scored items
	Total     int  // sum of item scores times the multiplier
	Raw       int  // sum of item scores
	Band      string
	Subscales []SubscaleScore
	Min, Max  int // the instrument's range, for "12 of 27"
}

// SubscaleScore is one subscale's sum (times the multiplier).
type SubscaleScore struct {
	Name  string
	Total int
}

// itemScore returns the points of the answer to item it, or false when the
// item has no usable answer.
func itemScore(it *Item, a Answer, ok bool) (int, bool) {
	if !ok || a.Skipped || len(a.Choices) != 1 || a.Choices[0] < 0 || a.Choices[0] >= len(it.Responses) {
		return 0, false
	}
	return it.Responses[a.Choices[0]].Score, true
}

// Score sums the answers. An instrument with a missing item has no total:
// prorating changes what the published bands mean, so the result says
// "incomplete" instead of showing a number that would mislead.
func (in *Instrument) Score(answers map[string]Answer) InstrumentScore {
	r := InstrumentScore{}
	r.Min, r.Max = in.Range()
	scores := map[string]int{}
	for i := range in.Items {
		it := &in.Items[i]
		if !it.Scored {
			continue
		}
		r.Items++
		a, ok := answers[it.ID]
		if s, good := itemScore(it, a, ok); good {
			r.Answered++
			r.Raw += s
			scores[it.ID] = s
		}
	}
	if r.Answered < r.Items {
		return r
	}
	r.Complete = true
	r.Total = r.Raw * in.multiplier()
	if b := in.Band(r.Total); b != nil {
		r.Band = b.Label
	}
	for _, s := range in.Subscales {
		sum := 0
		for _, id := range s.Items {
			sum += scores[id]
		}
		r.Subscales = append(r.Subscales, SubscaleScore{Name: s.Name, Total: sum * in.multiplier()})
	}
	return r
}

// Label is the result in a few words, e.g. "12 of 27, moderate".
func (r InstrumentScore) Label() string {
	if !r.Complete {
		return fmt.Sprintf("incomplete (%d of %d items)", r.Answered, r.Items)
	}
	if r.Band == "" {
		return fmt.Sprintf("%d of %d", r.Total, r.Max)
	}
	return fmt.Sprintf("%d of %d, %s", r.Total, r.Max, r.Band)
}

// Change is the direction of a reliable change between two totals.
type Change string

// Changes. NoReliableChange covers every difference smaller than the
// instrument's threshold, including none.
const (
	NoReliableChange Change = "no reliable change"
	Improved         Change = "reliable improvement"
	Deteriorated     Change = "reliable deterioration"
)

// ChangeBetween classifies the change from total before to total after: a
// difference of at least ReliableChange points is reliable (Jacobson &
// Truax 1991), and its direction depends on HigherIs.
func (in *Instrument) ChangeBetween(before, after int) Change {
	d := after - before
	if in.ReliableChange <= 0 || (d < in.ReliableChange && -d < in.ReliableChange) {
		return NoReliableChange
	}
	if (d < 0) == (in.HigherIs != HigherBetter) {
		return Improved
	}
	return Deteriorated
}

// alerts returns the item alerts the answers raise, in item order.
func (in *Instrument) alerts(answers map[string]Answer) []TriggeredAlert {
	var out []TriggeredAlert
	for _, al := range in.Alerts {
		it, ok := in.Item(al.Item)
		if !ok {
			continue
		}
		a, answered := answers[al.Item]
		if s, good := itemScore(it, a, answered); good && al.Matches(s) {
			out = append(out, TriggeredAlert{Step: al.Item, Say: al.Say})
		}
	}
	return out
}
