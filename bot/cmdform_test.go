package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"groupwork/bot"
)

// formRouter has one command with a form, and a middleware that lets only
// "tess" run commands, as the core's access check does.
func formRouter(t *testing.T, ran *[]*bot.Command) *bot.Router {
	t.Helper()
	r := bot.NewRouter(nil, bot.NewManualClock(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)))
	r.Use(func(next bot.RequestHandler) bot.RequestHandler {
		return func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
			if c, ok := req.Event.(*bot.Command); ok && c.User.ID != "tess" {
				return bot.Reply{}, bot.Errorf(bot.EForbidden, "Only therapists can use /%s.", c.Path())
			}
			return next(ctx, req)
		}
	})
	r.Command(bot.CommandSpec{Name: "alerts", Sub: "ack", Form: "Acknowledge an alert", Options: []bot.OptionSpec{
		{Name: "id", Label: "Alert number", Type: bot.OptInt, Required: true},
		{Name: "note", Label: "Note", Type: bot.OptString, Required: true, Long: true, MaxLen: 500},
		{Name: "tag", Label: "Tag", Type: bot.OptString},
	}, Handle: func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
		*ran = append(*ran, req.Cmd)
		return bot.PrivateText("acknowledged"), nil
	}})
	return r
}

func meta(user string) bot.EventMeta {
	return bot.EventMeta{User: bot.User{ID: user, Name: user}, Place: bot.Place{Platform: "test", ChannelID: "c1"}}
}

// TestCommandFormAsksForWhatIsMissing: a command without a required option
// is answered with its form, filled in with what was typed; the submitted
// form runs the command with typed options, text kept exactly as written.
func TestCommandFormAsksForWhatIsMissing(t *testing.T) {
	var ran []*bot.Command
	r := formRouter(t, &ran)
	c := cmd("alerts", "ack", bot.Option{Name: "id", Type: bot.OptInt, Value: int64(3)})
	c.EventMeta = meta("tess")
	rep := r.Handle(t.Context(), c)
	if rep.Form == nil || !rep.Private || len(ran) != 0 {
		t.Fatalf("want a private form and nothing run, got %+v (ran %d)", rep, len(ran))
	}
	f := rep.Form
	if f.Title != "Acknowledge an alert" || len(f.Fields) != 3 {
		t.Fatalf("form %+v", f)
	}
	id, note := f.Fields[0], f.Fields[1]
	if id.ID != "id" || id.Label != "Alert number" || id.Value != "3" || !id.Required {
		t.Errorf("id field %+v", id)
	}
	if note.ID != "note" || note.Label != "Note" || !note.Long || note.MaxLen != 500 || note.Value != "" {
		t.Errorf("note field %+v", note)
	}
	written := "  called her — safe, <@U1> plan for Tue  "
	sub := &bot.Submit{EventMeta: meta("tess"), CustomID: f.CustomID, Fields: map[string]string{"id": " 3 ", "note": written, "tag": "  "}}
	if rep := r.Handle(t.Context(), sub); rep.Message == nil || rep.Message.Text != "acknowledged" {
		t.Fatalf("submitted form: %+v", rep)
	}
	if len(ran) != 1 {
		t.Fatalf("ran %d times", len(ran))
	}
	n, _, _ := ran[0].Int("id")
	got, _ := ran[0].String("note")
	if _, tagged := ran[0].Options["tag"]; n != 3 || got != written || tagged || ran[0].User.ID != "tess" {
		t.Errorf("the command the form ran: id %d note %q tag given %v user %s", n, got, tagged, ran[0].User.ID)
	}
}

// TestCommandFormGoesThroughTheSameChecks: a forged or stale submission is
// refused like the command typed by the same person, and a bad number names
// the field.
func TestCommandFormGoesThroughTheSameChecks(t *testing.T) {
	var ran []*bot.Command
	r := formRouter(t, &ran)
	form := r.FormFor("alerts", "ack", map[string]string{"id": "7"})
	if form == nil || form.Fields[0].Value != "7" {
		t.Fatalf("FormFor: %+v", form)
	}
	if r.FormFor("alerts", "list", nil) != nil {
		t.Errorf("a command without a form has none")
	}
	cases := []struct {
		user, id string
		fields   map[string]string
		want     string
	}{
		{"ana", form.CustomID, map[string]string{"id": "7", "note": "I am fine"}, "Only therapists"},
		{"tess", form.CustomID, map[string]string{"id": "seven", "note": "x"}, "Alert number should be a whole number"},
		{"tess", form.CustomID, map[string]string{"note": "x"}, ""}, // id missing: the form again
		{"tess", bot.CustomID{Kind: bot.KindCommandForm, Step: "group", Value: "end"}.String(), map[string]string{}, "no longer in use"},
	}
	for _, c := range cases {
		rep := r.Handle(t.Context(), &bot.Submit{EventMeta: meta(c.user), CustomID: c.id, Fields: c.fields})
		if c.want == "" {
			if rep.Form == nil {
				t.Errorf("%s %v: want the form again, got %+v", c.user, c.fields, rep)
			}
			continue
		}
		if rep.Message == nil || !strings.Contains(rep.Message.Text, c.want) {
			t.Errorf("%s %v: want %q, got %+v", c.user, c.fields, c.want, rep)
		}
	}
	if len(ran) != 0 {
		t.Errorf("a refused submission ran the command %d times", len(ran))
	}
}

func TestFormSpecsAreChecked(t *testing.T) {
	r := bot.NewRouter(nil, bot.SystemClock{})
	for _, s := range []bot.CommandSpec{
		{Name: "x", Form: "X", Options: []bot.OptionSpec{{Name: "who", Label: "Who", Type: bot.OptUser, Required: true}}},
		{Name: "y", Form: "Y", Options: []bot.OptionSpec{{Name: "n", Type: bot.OptInt}}},
		{Name: "z", Form: "A title longer than Slack takes"},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("the form of /%s was registered", s.Name)
				}
			}()
			r.Command(s)
		}()
	}
}
