package exercises

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// Instrument is a sum-scored questionnaire (PHQ-9, GAD-7, WHO-5 or a
// practice's own): items with fixed response options, each option worth a
// fixed number of points. It lives beside the exercise's steps: the loader
// turns every item into a choose step (its id is the item id), so the runner,
// the buttons and the answer history work unchanged, and the scoring here
// reads those answers back.
//
// Every item screen shows the Stem, which names the Recall period, because a
// member who answers one question a screen at a time must not lose the "over
// the last 2 weeks" that frames all of them.
type Instrument struct {
	Name      string // the instrument's own name, e.g. "PHQ-9"
	Validated bool   // a published, validated form: cannot be changed by a practice (see CheckValidated)
	Recall    string // the recall period, e.g. "the last 2 weeks"
	Stem      string // the question every item answers; it names the recall period

	Items      []Item
	Multiplier int            // the total is the sum of item scores times this (WHO-5: 4); 1 by default
	HigherIs   string         // HigherWorse or HigherBetter: which way a change is an improvement
	Bands      []SeverityBand // severity bands on the total, in order, covering Min..Max without gaps

	// ReliableChange is the smallest change in the total that counts as
	// reliable (Jacobson & Truax 1991): a change of at least this much is
	// "improved" or "deteriorated", a smaller one is within measurement error.
	ReliableChange int
	Subscales      []Subscale
	Alerts         []ItemAlert

	Attribution string // shown with the instrument wherever its results are
	Source      string // the publication the wording and scoring come from
	Licence     string

	Closing string // optional text after the last item

	line, nameLine int // positions, for the loader's problems
}

// Kinds of exercise this file and earlier.go give meaning to.
const (
	KindMeasure = "measure" // holds an Instrument
	KindGoal    = "goal"    // sets or reviews a member's goal; progress notes list its answers
)

// Directions of an instrument's scores.
const (
	HigherWorse  = "worse"
	HigherBetter = "better"
)

// Item is one question of an instrument. Unscored items (the PHQ-9's
// "how difficult" question) are asked and kept but add nothing to the total.
type Item struct {
	ID        string
	Text      string
	Responses []Response
	Scored    bool
}

// Response is one fixed answer to an item and the points it is worth.
type Response struct {
	Text  string
	Score int
}

// SeverityBand is a severity band: totals from Min to Max (both included) get Label.
type SeverityBand struct {
	Min, Max int
	Label    string
}

// Subscale is a named sum of some of the scored items.
type Subscale struct {
	Name  string
	Items []string
}

// ItemAlert raises a safety alert when an item's score compares to Value
// with Op (the same comparisons as Alert). It follows the same path as every
// other alert: private to the therapists, content-free, acknowledged.
type ItemAlert struct {
	Item string
	Alert
}

// Item returns the item with the given id.
func (in *Instrument) Item(id string) (*Item, bool) {
	for i := range in.Items {
		if in.Items[i].ID == id {
			return &in.Items[i], true
		}
	}
	return nil, false
}

// Range returns the lowest and highest possible totals.
func (in *Instrument) Range() (lo, hi int) {
	for _, it := range in.Items {
		if !it.Scored || len(it.Responses) == 0 {
			continue
		}
		mn, mx := it.Responses[0].Score, it.Responses[0].Score
		for _, r := range it.Responses {
			mn, mx = min(mn, r.Score), max(mx, r.Score)
		}
		lo += mn
		hi += mx
	}
	return lo * in.multiplier(), hi * in.multiplier()
}

func (in *Instrument) multiplier() int {
	if in.Multiplier == 0 {
		return 1
	}
	return in.Multiplier
}

// Band returns the band a total falls in, or nil when the instrument has no
// band there (which the loader rules out for built-ins).
func (in *Instrument) Band(total int) *SeverityBand {
	for i := range in.Bands {
		if total >= in.Bands[i].Min && total <= in.Bands[i].Max {
			return &in.Bands[i]
		}
	}
	return nil
}

// Fingerprint is a digest of everything that makes an instrument what it is:
// its name, recall period and stem, every item's wording and response
// options with their scores, the scoring, bands, reliable change and alert
// rules. The loader compares it with the built-in form to stop a changed
// copy from keeping the validated label. The intro, window and reminders of
// the exercise around it are not part of it: a practice may change those.
func (in *Instrument) Fingerprint() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%q %q %q %d %q %d\n", in.Name, in.Recall, in.Stem, in.multiplier(), in.HigherIs, in.ReliableChange)
	for _, it := range in.Items {
		fmt.Fprintf(&b, "item %q %q %v\n", it.ID, it.Text, it.Scored)
		for _, r := range it.Responses {
			fmt.Fprintf(&b, "  %q %d\n", r.Text, r.Score)
		}
	}
	for _, bd := range in.Bands {
		fmt.Fprintf(&b, "band %d %d %q\n", bd.Min, bd.Max, bd.Label)
	}
	for _, s := range in.Subscales {
		fmt.Fprintf(&b, "sub %q %q\n", s.Name, s.Items)
	}
	for _, a := range in.Alerts {
		fmt.Fprintf(&b, "alert %q %s %d\n", a.Item, a.Op, a.Value)
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

// ItemText is what the member sees for one item: the stem (with the recall
// period) and the item's own wording, exactly as published.
// An unscored item with answers of its own (the PHQ-9's "how difficult")
// is a different question and shows only its own wording.
func (in *Instrument) ItemText(it *Item) string {
	if !it.Scored {
		return it.Text
	}
	return in.Stem + "\n\n" + it.Text
}

// steps turns the items into choose steps, seen by the therapists only.
func (in *Instrument) steps() []Step {
	out := make([]Step, 0, len(in.Items)+1)
	for i := range in.Items {
		it := &in.Items[i]
		ch := make([]string, len(it.Responses))
		for j, r := range it.Responses {
			ch[j] = r.Text
		}
		out = append(out, Step{ID: it.ID, Kind: StepAsk, Text: in.ItemText(it), Answer: AnswerChoose,
			Choices: ch, VisibleTo: VisibleTherapist, Line: in.line})
	}
	if in.Closing != "" {
		out = append(out, Step{ID: "closing", Kind: StepSay, Text: in.Closing, Line: in.line})
	}
	return out
}

// sameName compares instrument names the way a reader would: "PHQ 9",
// "phq-9" and "PHQ9" are one name.
func sameName(a, b string) bool {
	norm := func(s string) string {
		var sb strings.Builder
		for _, r := range strings.ToLower(s) {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				sb.WriteRune(r)
			}
		}
		return sb.String()
	}
	return norm(a) == norm(b)
}

// CheckValidated is the loader's rule for files a practice adds: a validated
// built-in instrument cannot be edited. A file that uses a validated
// built-in's id or name must hold exactly its published form (wording,
// options, scoring); a changed copy needs a new id and a new name and cannot
// claim validated for the built-in's form. A practice's own licensed
// instrument under its own name may say validated: true: that is the
// practice's statement, shown as theirs. It returns nil for any other file.
func CheckValidated(d *Definition, builtin []*Definition) Problems {
	in := d.Instrument
	var probs Problems
	for _, b := range builtin {
		bi := b.Instrument
		if bi == nil || !bi.Validated {
			continue
		}
		sameID, sameNm := d.ID == b.ID, in != nil && sameName(in.Name, bi.Name)
		if !sameID && !sameNm {
			continue
		}
		if in != nil && in.Validated && in.Fingerprint() == bi.Fingerprint() {
			continue // an exact copy (perhaps with its own intro or window)
		}
		line, col := d.idLine, d.idCol
		what := fmt.Sprintf("id %q", d.ID)
		if !sameID {
			line, col, what = in.nameLine, 0, fmt.Sprintf("name %q", in.Name)
		}
		msg := fmt.Sprintf("%s belongs to the validated %s, whose wording and scoring cannot be changed; give a changed copy a new id and a new name, and leave out validated: true", what, bi.Name)
		switch {
		case in == nil:
			msg += " (this file has no instrument)"
		case in.Validated:
			msg += " (this file differs from the published form)"
		case in.Fingerprint() == bi.Fingerprint():
			msg += " (this file is the published form without validated: true; use the built-in as it is)"
		}
		probs = append(probs, Problem{File: d.File, Line: line, Column: col, Msg: msg})
	}
	return probs
}
