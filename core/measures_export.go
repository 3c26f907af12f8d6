package core

import (
	"time"

	"groupwork/exercises"
)

// ExportMeasure is one member's questionnaire result from one run, in the
// JSON export: the total and band as scored with the run's own frozen
// definition, and the reliable change from the member's previous complete
// result of the same instrument in the period.
type ExportMeasure struct {
	Member     string `json:"member"`
	Run        int64  `json:"run"`
	Exercise   string `json:"exercise"`
	Instrument string `json:"instrument"`
	AnsweredAt string `json:"answered_at"`
	Complete   bool   `json:"complete"`         // every scored item answered; otherwise no total
	Answered   int    `json:"items_answered"`   // scored items answered
	Items      int    `json:"items"`            // scored items
	Total      *int   `json:"total"`            // null when incomplete
	Max        int    `json:"max"`              // the highest possible total
	Band       string `json:"band,omitempty"`   // the published severity band
	Change     string `json:"change,omitempty"` // improved | deteriorated | none; absent for the first result
	Delta      *int   `json:"delta,omitempty"`  // the change in points, with Change
}

func (rp *Report) exportMeasures(ts func(time.Time) string) []ExportMeasure {
	out := []ExportMeasure{}
	for _, m := range rp.Members {
		for _, s := range rp.measuresOf(m.UserID) {
			for _, p := range s.Points {
				em := ExportMeasure{Member: m.Name, Run: p.RunID, Exercise: s.ExerciseID, Instrument: s.Instrument.Name,
					AnsweredAt: ts(p.At), Complete: p.Result.Complete, Answered: p.Result.Answered, Items: p.Result.Items,
					Max: p.Result.Max, Band: p.Result.Band}
				if p.Result.Complete {
					t := p.Result.Total
					em.Total = &t
				}
				if p.Change != "" {
					d := p.Delta
					em.Delta = &d
					switch p.Change {
					case exercises.Improved:
						em.Change = "improved"
					case exercises.Deteriorated:
						em.Change = "deteriorated"
					default:
						em.Change = "none"
					}
				}
				out = append(out, em)
			}
		}
	}
	return out
}
