package bot

import (
	"context"
	"fmt"
)

// kindStartAgain confirms /exercise start of an exercise that is already
// open: Ref = the open run, Value = again (a second run beside it), replace
// (close the open one, then start) or no.
const kindStartAgain = "again"

// askIfOpen returns a confirmation when the group already has an open run
// of the exercise: a second prompt in the channel is easily a mistake, and
// members would not know which one to answer.
func (b *Bot) askIfOpen(ctx context.Context, g *Group, exerciseID string) (Reply, bool, error) {
	def, ok := b.lib.Get(exerciseID)
	if !ok {
		return Reply{}, false, nil // StartRun says so
	}
	if ended, err := b.groupEnded(ctx, g.ID); err != nil || ended {
		return Reply{}, false, err // StartRun refuses
	}
	runs, err := b.store.OpenRuns(ctx, g.ID)
	if err != nil {
		return Reply{}, false, err
	}
	for _, r := range runs {
		if r.ExerciseID != def.ID || !b.clock.Now().Before(r.ClosesAt) {
			continue // its window is over: the scheduler closes it on its next pass
		}
		m := Message{
			Text: fmt.Sprintf("**%s** is already open in this group (run %d, until %s). Members answer it from its post.\nStart another one anyway?",
				def.Title, r.ID, g.FormatTimeFrom(r.ClosesAt, b.clock.Now())),
			Blocks: []Block{&Buttons{Choices: []Choice{
				{ID: CustomID{Kind: kindStartAgain, Ref: r.ID, Value: "no"}.String(), Label: "Keep the open one", Style: "primary"},
				{ID: CustomID{Kind: kindStartAgain, Ref: r.ID, Value: "replace"}.String(), Label: "Close it and start a new one", Style: "secondary"},
				{ID: CustomID{Kind: kindStartAgain, Ref: r.ID, Value: "again"}.String(), Label: "Start a second one", Style: "secondary"},
			}}},
		}
		return Reply{Message: &m, Private: true}, true, nil
	}
	return Reply{}, false, nil
}

// actStartAgain carries out the therapist's answer to askIfOpen. Buttons
// carry no authority: the presser must be a therapist of the run's group.
func (b *Bot) actStartAgain(ctx context.Context, req *Request, id CustomID) (Reply, error) {
	run, err := b.store.Run(ctx, id.Ref)
	if err != nil {
		return Reply{}, err
	}
	g, err := b.store.Group(ctx, run.GroupID)
	if err != nil {
		return Reply{}, err
	}
	meta := req.Event.Meta()
	m, err := b.store.Membership(ctx, g.ID, meta.User.ID)
	if g.Platform != meta.Place.Platform || ErrorCode(err) == ENotFound || (err == nil && !m.Role.Therapist()) {
		return Reply{}, Errorf(EForbidden, "Only this group's therapists can start exercises.")
	}
	if err != nil {
		return Reply{}, err
	}
	switch id.Value {
	case "again":
	case "replace":
		if err := b.CloseRun(ctx, run); err != nil {
			return Reply{}, err
		}
	default:
		return Reply{Message: &Message{Text: "Nothing new was started; the open one stays open."}, Private: true, Update: true}, nil
	}
	nr, err := b.StartRun(ctx, g, run.ExerciseID, m.UserID)
	if err != nil {
		return Reply{}, err
	}
	def, err := b.definition(nr)
	if err != nil {
		return Reply{}, err
	}
	text := fmt.Sprintf("Started **%s** (run %d). It is open until %s.", def.Title, nr.ID, g.FormatTimeFrom(nr.ClosesAt, req.Now))
	if id.Value == "replace" {
		text = fmt.Sprintf("Closed run %d and started a new one. ", run.ID) + text
	}
	return Reply{Message: &Message{Text: text}, Private: true, Update: true}, nil
}
