package core

import (
	"context"
	"fmt"
	"strings"

	"groupwork/bot"
	"groupwork/exercises"
)

// groupResults is the message the group sees when a run closes. It never
// names who did not answer; results need minRespondents members who
// answered, and each aggregate as many answers; free text appears only when
// its author chose to share it. An answer that raised a safety alert is
// never shown, neither as a shared answer nor inside a total.
func (b *Bot) groupResults(ctx context.Context, run *bot.Run, def *exercises.Definition) (string, error) {
	var sb strings.Builder
	fmt.Fprintf(&sb, "**%s** is now closed. Thank you to everyone who took part.", def.Title)
	if def.ResultsToGroup == exercises.ResultsNone || def.ResultsToGroup == "" {
		return sb.String(), nil
	}
	recs, err := b.store.Answers(ctx, run.ID, "")
	if err != nil {
		return "", err
	}
	least := b.minRespondents()
	respondents := map[string]bool{}
	for _, r := range recs {
		if !r.Answer.Skipped {
			respondents[r.UserID] = true
		}
	}
	if len(respondents) < least {
		fmt.Fprintf(&sb, "\nFewer than %d people answered, so no results are shown — this keeps everyone's answers private in a small group.", least)
		return sb.String(), nil
	}
	alerted, err := b.alertedSteps(ctx, run.GroupID, run.ID)
	if err != nil {
		return "", err
	}
	shown := recs[:0:0]
	for _, r := range recs {
		if !r.Answer.Alerted && !alerted[[2]string{r.UserID, r.StepID}] {
			shown = append(shown, r)
		}
	}
	recs = shown
	switch def.ResultsToGroup {
	case exercises.ResultsAggregate:
		for _, st := range def.AskSteps() {
			if line := aggregateLine(st, recs, least); line != "" {
				sb.WriteString("\n" + line)
			}
		}
	}
	// Answers their authors chose to share are shown whatever the mode.
	{
		names, err := b.names(ctx, run.GroupID)
		if err != nil {
			return "", err
		}
		shared := 0
		for _, st := range def.AskSteps() {
			for _, r := range recs {
				if r.StepID == st.ID && r.Answer.Shared && !r.Answer.Skipped {
					if shared == 0 {
						sb.WriteString("\nWhat members chose to share:")
					}
					shared++
					fmt.Fprintf(&sb, "\n- %s: %s", names[r.UserID], AnswerText(st, exercises.Answer{Scale: r.Answer.Scale, Choices: r.Answer.Choices, Text: r.Answer.Text}))
				}
			}
		}
		if shared == 0 && def.ResultsToGroup == exercises.ResultsSharedAnswers {
			sb.WriteString("\nNobody chose to share an answer this time, and that is fine.")
		}
	}
	return sb.String(), nil
}

// aggregateLine summarises one question without naming anyone: a mean for a
// scale, counts for choices; free text is never aggregated.
func aggregateLine(st *exercises.Step, recs []*bot.AnswerRecord, least int) string {
	var n, sum int
	counts := make([]int, len(st.Choices))
	for _, r := range recs {
		if r.StepID != st.ID || r.Answer.Skipped {
			continue
		}
		n++
		sum += r.Answer.Scale
		for _, c := range r.Answer.Choices {
			if c >= 0 && c < len(counts) {
				counts[c]++
			}
		}
	}
	if n < least {
		return ""
	}
	switch st.Answer {
	case exercises.AnswerScale:
		return fmt.Sprintf("- %s — group average %.1f (from %d to %d, %d answers)", st.Text, float64(sum)/float64(n), st.Scale.Min, st.Scale.Max, n)
	case exercises.AnswerChoose, exercises.AnswerChooseMany:
		var parts []string
		for i, c := range counts {
			if c > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", st.Choices[i], c))
			}
		}
		line := fmt.Sprintf("- %s — %s", st.Text, strings.Join(parts, ", "))
		if st.Best != "" {
			line += fmt.Sprintf(". A likely answer: %s.", st.Best)
		}
		return line
	}
	return ""
}

func (b *Bot) names(ctx context.Context, groupID int64) (map[string]string, error) {
	ms, err := b.store.Memberships(ctx, groupID)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, m := range ms {
		out[m.UserID] = m.DisplayName
	}
	return out, nil
}
