package core

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
)

// MeasurePoint is one member's questionnaire from one run.
type MeasurePoint struct {
	RunID  int64
	At     time.Time // when the member last answered an item of it
	Result exercises.InstrumentScore
	// Change compares a complete result with the previous complete one of
	// the same series: "" for the first, or when either is incomplete.
	Change exercises.Change
	Delta  int // Total minus the previous complete Total, when Change is set
}

// MeasureSeries is one member's results on one instrument over time. Runs of
// an instrument whose wording or scoring differ (a practice's file edited
// between runs) are separate series: their totals are not comparable.
type MeasureSeries struct {
	ExerciseID string
	UserID     string
	Instrument *exercises.Instrument
	Points     []MeasurePoint
}

// runAnswers is what measureSeries needs of one run.
type runAnswers struct {
	run *bot.Run
	def *exercises.Definition
}

// measureSeries builds userID's series from runs (any order) and their
// answers. Only runs whose definition holds an instrument count; a run the
// member did not answer at all has no point (its participation says why).
func measureSeries(runs []runAnswers, answers []*bot.AnswerRecord, userID string) []*MeasureSeries {
	sort.SliceStable(runs, func(i, j int) bool { return runs[i].run.OpenedAt.Before(runs[j].run.OpenedAt) })
	byRun := map[int64]map[string]exercises.Answer{}
	at := map[int64]time.Time{}
	for _, a := range answers {
		if a.UserID != userID {
			continue
		}
		if byRun[a.RunID] == nil {
			byRun[a.RunID] = map[string]exercises.Answer{}
		}
		byRun[a.RunID][a.StepID] = a.Answer
		if a.AnsweredAt.After(at[a.RunID]) {
			at[a.RunID] = a.AnsweredAt
		}
	}
	var out []*MeasureSeries
	index := map[string]*MeasureSeries{}
	for _, ra := range runs {
		in := ra.def.Instrument
		got := byRun[ra.run.ID]
		if in == nil || len(got) == 0 {
			continue
		}
		key := ra.def.ID + "@" + in.Fingerprint()
		s := index[key]
		if s == nil {
			s = &MeasureSeries{ExerciseID: ra.def.ID, UserID: userID, Instrument: in}
			index[key] = s
			out = append(out, s)
		}
		p := MeasurePoint{RunID: ra.run.ID, At: at[ra.run.ID], Result: in.Score(got)}
		if prev := s.Latest(); prev != nil && p.Result.Complete {
			p.Change = in.ChangeBetween(prev.Result.Total, p.Result.Total)
			p.Delta = p.Result.Total - prev.Result.Total
		}
		s.Points = append(s.Points, p)
	}
	return out
}

// Latest returns the last complete point, or nil.
func (s *MeasureSeries) Latest() *MeasurePoint {
	for i := len(s.Points) - 1; i >= 0; i-- {
		if s.Points[i].Result.Complete {
			return &s.Points[i]
		}
	}
	return nil
}

// First returns the first complete point, or nil.
func (s *MeasureSeries) First() *MeasurePoint {
	for i := range s.Points {
		if s.Points[i].Result.Complete {
			return &s.Points[i]
		}
	}
	return nil
}

// Overall is the change from the first complete result to the latest
// (NoReliableChange with one result or none).
func (s *MeasureSeries) Overall() (exercises.Change, int) {
	f, l := s.First(), s.Latest()
	if f == nil || l == nil || f == l {
		return exercises.NoReliableChange, 0
	}
	return s.Instrument.ChangeBetween(f.Result.Total, l.Result.Total), l.Result.Total - f.Result.Total
}

// scoringWords says how to read the numbers: "0–27, higher is worse,
// reliable change 6".
func (s *MeasureSeries) scoringWords() string {
	in := s.Instrument
	lo, hi := in.Range()
	dir := "higher is worse"
	if in.HigherIs == exercises.HigherBetter {
		dir = "higher is better"
	}
	return fmt.Sprintf("%d–%d, %s, reliable change %d", lo, hi, dir, in.ReliableChange)
}

// pointWords renders one point: "2 Nov 18 (moderately severe)", with the
// reliable change against the previous one when there is one.
func (p MeasurePoint) words(loc *time.Location) string {
	day := p.At.In(loc).Format("2 Jan")
	if !p.Result.Complete {
		return fmt.Sprintf("%s %s", day, p.Result.Label())
	}
	w := fmt.Sprintf("%s %d (%s)", day, p.Result.Total, p.Result.Band)
	switch p.Change {
	case exercises.Improved:
		w += fmt.Sprintf(" ▲ reliable improvement (%+d)", p.Delta)
	case exercises.Deteriorated:
		w += fmt.Sprintf(" ▼ reliable deterioration (%+d)", p.Delta)
	}
	return w
}

// Summary is one line for a note or a review: every result with its band
// and each reliable change, then the change since the first result.
func (s *MeasureSeries) Summary(loc *time.Location) string {
	var parts []string
	for _, p := range s.Points {
		parts = append(parts, p.words(loc))
	}
	line := fmt.Sprintf("%s (%s): %s", s.Instrument.Name, s.scoringWords(), strings.Join(parts, " → "))
	if ch, d := s.Overall(); s.First() != s.Latest() {
		line += fmt.Sprintf(". Since the first: %+d, %s", d, ch)
	}
	return line + "."
}

// measuresOf returns userID's measure series over the report's runs.
func (rp *Report) measuresOf(userID string) []*MeasureSeries {
	var runs []runAnswers
	for _, r := range rp.Runs {
		if d := rp.defs[r.ID]; d != nil && d.Instrument != nil {
			runs = append(runs, runAnswers{run: r, def: d})
		}
	}
	if len(runs) == 0 {
		return nil
	}
	return measureSeries(runs, rp.Answers, userID)
}

// MeasureAggregate is a group's latest results on one instrument, counted
// only over members with a complete result; nil under the small-group guard.
type MeasureAggregate struct {
	Name        string
	Respondents int
	Bands       []BandCount // in band order, every band, zero counts included
	Improved    int         // reliable improvement since each member's first result
	Deteriorate int
}

// BandCount is how many members' latest results fall in one band.
type BandCount struct {
	Label string
	N     int
}

// MeasureAggregates returns the group's measures by instrument, each only
// when at least min members have a complete result: with six members, a
// breakdown of three would point at people.
func (rp *Report) MeasureAggregates(min int) []*MeasureAggregate {
	var out []*MeasureAggregate
	index := map[string]*MeasureAggregate{}
	for _, m := range rp.Members {
		for _, s := range rp.measuresOf(m.UserID) {
			l := s.Latest()
			if l == nil {
				continue
			}
			key := s.ExerciseID + "@" + s.Instrument.Fingerprint()
			a := index[key]
			if a == nil {
				a = &MeasureAggregate{Name: s.Instrument.Name}
				for _, b := range s.Instrument.Bands {
					a.Bands = append(a.Bands, BandCount{Label: b.Label})
				}
				index[key] = a
				out = append(out, a)
			}
			a.Respondents++
			for i := range a.Bands {
				if a.Bands[i].Label == l.Result.Band {
					a.Bands[i].N++
				}
			}
			switch ch, _ := s.Overall(); ch {
			case exercises.Improved:
				a.Improved++
			case exercises.Deteriorated:
				a.Deteriorate++
			}
		}
	}
	kept := out[:0]
	for _, a := range out {
		if a.Respondents >= min {
			kept = append(kept, a)
		}
	}
	return kept
}

// Text is the aggregate in one line, without names.
func (a *MeasureAggregate) Text() string {
	var bands []string
	for _, b := range a.Bands {
		bands = append(bands, fmt.Sprintf("%s %d", b.Label, b.N))
	}
	return fmt.Sprintf("%s, latest of %d members: %s; since their first: %d reliably improved, %d reliably deteriorated.",
		a.Name, a.Respondents, strings.Join(bands, ", "), a.Improved, a.Deteriorate)
}

// measureLines is one line per member and instrument, with the published
// attribution of each instrument once at the end, for the full report.
func (rp *Report) measureLines() []string {
	var out []string
	attrib := map[string]string{}
	var order []string
	for _, m := range rp.Members {
		for _, s := range rp.measuresOf(m.UserID) {
			out = append(out, m.Name+": "+s.Summary(rp.Group.Location()))
			if _, ok := attrib[s.Instrument.Name]; !ok {
				attrib[s.Instrument.Name] = s.Instrument.Attribution
				order = append(order, s.Instrument.Name)
			}
		}
	}
	for _, name := range order {
		out = append(out, name+": "+attrib[name])
	}
	return out
}

// measureChatLine is the short form for the chat summary, which has little
// room: how many members have a result, and the reliable changes of the
// latest ones, which are what a therapist acts on. The full report and the
// member review have every result.
func (rp *Report) measureChatLine() string {
	var changes []string
	n := 0
	for _, m := range rp.Members {
		for _, s := range rp.measuresOf(m.UserID) {
			l := s.Latest()
			if l == nil {
				continue
			}
			n++
			switch l.Change {
			case exercises.Improved:
				changes = append(changes, fmt.Sprintf("%s %s ▲ %+d", m.Name, s.Instrument.Name, l.Delta))
			case exercises.Deteriorated:
				changes = append(changes, fmt.Sprintf("%s %s ▼ %+d", m.Name, s.Instrument.Name, l.Delta))
			}
		}
	}
	if n == 0 {
		return ""
	}
	line := fmt.Sprintf("Questionnaires: %d %s", n, pluralWord(n, "result", "results"))
	if len(changes) == 0 {
		return line + ", no reliable change in the latest ones."
	}
	return line + "; reliable change in the latest: " + strings.Join(changes, " · ") + "."
}

// questionText is how reviews name a question: an instrument item by its
// number and own wording (every item shares the stem, which would make them
// all look alike), any other step by its text.
func questionText(def *exercises.Definition, st *exercises.Step) string {
	if def.Instrument != nil {
		if _, ok := def.Instrument.Item(st.ID); ok {
			return def.Instrument.Name + " " + itemLabel(def, st)
		}
	}
	return st.Text
}

// itemLabel names a question in a member's "change an answer" menu: an
// instrument item by its number and own wording, any other step by its text.
func itemLabel(def *exercises.Definition, st *exercises.Step) string {
	if def.Instrument != nil {
		for i, it := range def.Instrument.Items {
			if it.ID == st.ID {
				return fmt.Sprintf("%d. %s", i+1, it.Text)
			}
		}
	}
	return st.Text
}
