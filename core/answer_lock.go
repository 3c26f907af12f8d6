package core

import (
	"context"

	"groupwork/bot"
	"groupwork/exercises"
)

// A scored step (word recall, a best answer, a cancellation task) measures
// the member's first try: its answer is the result the therapist reads. Once
// it is answered it is locked, because a second try after seeing the score,
// the explanation or the list again would make the record mislead. A step
// that was skipped is not locked: nothing was tried yet.

var errLocked = bot.Errorf(bot.EInvalid, "This answer is saved and cannot be changed: your first try is your result. Thank you for doing it.")

// locked reports whether st's answer in answers can no longer change.
func locked(st *exercises.Step, answers map[string]exercises.Answer) bool {
	if !st.Scored() {
		return false
	}
	a, ok := answers[st.ID]
	return ok && !a.Skipped
}

// checkUnlocked refuses to reopen a locked step (a forged or stale button,
// menu or form).
func (b *Bot) checkUnlocked(ctx context.Context, a *answerer, st *exercises.Step) error {
	answers, err := b.userAnswers(ctx, a.run.ID, a.member.UserID)
	if err != nil {
		return err
	}
	if locked(st, answers) {
		return errLocked
	}
	return nil
}

// lockedNote tells the member, on the last screen, that scored answers
// stay as they are ("" when none is locked).
func lockedNote(def *exercises.Definition, answers map[string]exercises.Answer) string {
	for _, st := range def.AskSteps() {
		if locked(st, answers) {
			return "Your first try at a task with a score is kept as your result."
		}
	}
	return ""
}
