package core_test

import (
	"fmt"
	"strings"
	"testing"

	"groupwork/core/coretest"
)

// TestMeasureAggregatesUnderGuard: an observer sees a questionnaire's
// group totals (bands, reliable changes, no names) only when at least five
// members have a result; with four, nothing about it.
func TestMeasureAggregatesUnderGuard(t *testing.T) {
	for _, n := range []int{4, 5} {
		t.Run(fmt.Sprint(n, " members"), func(t *testing.T) {
			h := coretest.NewBot(t)
			h.Do("Tess", `/group create "Tuesday group" Europe/Berlin`)
			h.Do("Tess", "/group add @Obi observer")
			names := []string{"Ana", "Bo", "Cy", "Di", "Ed"}[:n]
			for _, m := range names {
				h.Do("Tess", "/group add @"+m)
				h.Do(m, "/privacy accept")
			}
			h.Do("Tess", "/exercise start phq-9")
			for i, m := range names {
				answerPHQ(t, h, m, [9]int{i % 4, 1, 1, 0, 0, 0, 0, 0, 0})
			}
			text := coretest.Text(h.Do("Obi", "/review group"))
			has := strings.Contains(text, "PHQ-9, latest of")
			if has != (n >= 5) {
				t.Errorf("%d members: aggregate shown = %v:\n%s", n, has, text)
			}
			if n >= 5 && !strings.Contains(text, "PHQ-9, latest of 5 members: none to minimal 4, mild 1, moderate 0, moderately severe 0, severe 0") {
				t.Errorf("aggregate:\n%s", text)
			}
			for _, m := range names {
				if strings.Contains(text, m) {
					t.Errorf("the observer sees the name %s:\n%s", m, text)
				}
			}
		})
	}
}
