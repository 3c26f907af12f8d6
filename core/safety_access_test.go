package core_test

import (
	"strings"
	"testing"

	"groupwork/bot"
	"groupwork/core/coretest"
)

// roleCast is everyone the access matrices try: the bot's own roles, people
// without a role (including a platform administrator), the lead of another
// group, and a user of another platform in a channel with the same id.
type roleCast struct {
	name   string
	user   string
	other  string // platform, when not the harness's
	member *bot.Membership
}

func matrixHarness(t *testing.T) (*coretest.Harness, []roleCast) {
	t.Helper()
	h := coretest.NewBot(t)
	h.Do("Tess", "/group create \"Tuesday group\"")
	h.Do("Tess", "/group add @Ana")
	h.Do("Tess", "/group add @Cora co-therapist")
	h.Do("Tess", "/group add @Olga observer")
	h.Do("Ana", "/privacy accept")
	h.Admin("Root")
	h.DoIn("other-channel", "Zed", "/group create \"Other group\"")
	h.DoIn("other-channel", "Zed", "/group add @Yan")
	return h, []roleCast{
		{name: "lead", user: "Tess", member: &bot.Membership{Role: bot.RoleLead}},
		{name: "co-therapist", user: "Cora", member: &bot.Membership{Role: bot.RoleCoTherapist}},
		{name: "observer", user: "Olga", member: &bot.Membership{Role: bot.RoleObserver}},
		{name: "member", user: "Ana", member: &bot.Membership{Role: bot.RoleMember}},
		{name: "non-member", user: "Stranger"},
		{name: "platform admin", user: "Root"},
		{name: "lead of another group", user: "Zed"},
		{name: "member of another group", user: "Yan"},
		{name: "user of another server", user: "Ana", other: "slack"},
	}
}

// dummyOptions fills every required option with a harmless value: user
// options name nobody in the group, so no one real is removed or changed.
func dummyOptions(s bot.CommandSpec) map[string]bot.Option {
	opts := map[string]bot.Option{}
	for _, o := range s.Options {
		if !o.Required {
			continue
		}
		var v any
		switch o.Type {
		case bot.OptString:
			v = "x"
			if len(o.Choices) > 0 {
				v = o.Choices[len(o.Choices)-1]
			}
		case bot.OptInt:
			v = int64(1)
		case bot.OptBool:
			v = true
		case bot.OptUser:
			v = "u-nobody"
		}
		opts[o.Name] = bot.Option{Name: o.Name, Type: o.Type, Value: v}
	}
	return opts
}

func refused(text string) bool {
	return strings.HasPrefix(text, "Only ") || strings.Contains(text, "This channel has no group")
}

// TestRoleMatrixEveryCommand runs every registered command that needs a
// role, as every cast member, in the group's channel: it is refused exactly
// when the bot's own role does not allow it — platform admin status and
// roles in other groups or servers count for nothing — and a refusal is
// private and shows none of the group's data.
func TestRoleMatrixEveryCommand(t *testing.T) {
	h, cast := matrixHarness(t)
	checked := 0
	for _, spec := range h.Bot.Router().Specs() {
		if spec.Access == bot.AccessAnyone {
			continue
		}
		for _, c := range cast {
			t.Run(spec.Path()+"/"+c.name, func(t *testing.T) {
				meta := h.Meta(c.user)
				if c.other != "" {
					meta = h.MetaOn(c.other, c.user)
				}
				ev := &bot.Command{EventMeta: meta, Name: spec.Name, Sub: spec.Sub, Options: dummyOptions(spec)}
				rep := h.Event(c.user, ev)
				text := coretest.Text(rep)
				want := c.other == "" && spec.Access.Allows(c.member)
				if refused(text) == want {
					t.Fatalf("%s as %s: allowed=%v, got %q", spec.Path(), c.name, want, text)
				}
				if !want && (!rep.Private || strings.Contains(text, "Tuesday group") || strings.Contains(text, "Ana")) {
					t.Errorf("refusal is public or leaks: %q", text)
				}
				checked++
			})
		}
	}
	t.Logf("checked %d command × role pairs", checked)
}

// TestRoleMatrixButtonsAndForms forges every kind of button and form the
// core hands out for group 1 (they can be forged by a modified client) as
// every cast member: only the people the bot's roles allow get through.
func TestRoleMatrixButtonsAndForms(t *testing.T) {
	h, cast := matrixHarness(t)
	h.Do("Tess", "/exercise start session-reflection")
	type forged struct {
		name    string
		ev      func(meta bot.EventMeta) bot.Event
		allowed []string // cast names; everyone else is refused
		refusal []string // fragments of acceptable refusals
	}
	act := func(id bot.CustomID, values ...string) func(bot.EventMeta) bot.Event {
		return func(m bot.EventMeta) bot.Event {
			return &bot.Action{EventMeta: m, CustomID: id.String(), Values: values}
		}
	}
	exerciseRefusals := []string{"for the members of", "answered by members", "no longer available", "not expected from you"}
	cases := []forged{
		{"open", act(bot.CustomID{Kind: "open", Ref: 1}), []string{"member"}, exerciseRefusals},
		{"answer", act(bot.CustomID{Kind: "ans", Ref: 1, Step: "useful", Value: "2"}), []string{"member"}, exerciseRefusals},
		{"menu", act(bot.CustomID{Kind: "pick", Ref: 1, Step: "useful"}, "3"), []string{"member"}, exerciseRefusals},
		{"form", func(m bot.EventMeta) bot.Event {
			return &bot.Submit{EventMeta: m, CustomID: bot.CustomID{Kind: "text", Ref: 1, Step: "remember"}.String(), Fields: map[string]string{"answer": "forged"}}
		}, []string{"member"}, exerciseRefusals},
		{"skip", act(bot.CustomID{Kind: "skip", Ref: 1, Step: "hard"}), []string{"member"}, exerciseRefusals},
		{"redo", act(bot.CustomID{Kind: "redo", Ref: 1}, "useful"), []string{"member"}, exerciseRefusals},
		{"continue", act(bot.CustomID{Kind: "cont", Ref: 1, Step: "intro"}), []string{"member"}, exerciseRefusals},
		{"consent", act(bot.CustomID{Kind: "consent", Ref: 1, Value: "accept"}), []string{"lead", "co-therapist", "observer", "member"}, []string{"for the members of", "not here"}},
		{"forgetme", act(bot.CustomID{Kind: "forget", Ref: 1, Value: "no"}), []string{"member"}, []string{"Only members of that group", "is for members"}},
		{"record download", act(bot.CustomID{Kind: "endexp", Ref: 1}), []string{"lead", "co-therapist"}, []string{"Only this group's therapists"}},
	}
	for _, fc := range cases {
		for _, c := range cast {
			t.Run(fc.name+"/"+c.name, func(t *testing.T) {
				meta := h.Meta(c.user)
				if c.other != "" {
					meta = h.MetaOn(c.other, c.user)
				}
				rep := h.Event(c.user, fc.ev(meta))
				text := coretest.Text(rep)
				isRefused := false
				for _, r := range fc.refusal {
					isRefused = isRefused || strings.Contains(text, r)
				}
				want := contains(fc.allowed, c.name)
				if isRefused == want {
					t.Fatalf("%s by %s: allowed=%v, got %q", fc.name, c.name, want, text)
				}
				if isRefused && !rep.Private {
					t.Errorf("refusal is public: %q", text)
				}
			})
		}
	}
	// Nothing forged was stored for anyone but Ana.
	recs, err := h.Store.Answers(t.Context(), 1, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.UserID != "u-ana" {
			t.Errorf("stored a forged answer of %s", r.UserID)
		}
	}
}
