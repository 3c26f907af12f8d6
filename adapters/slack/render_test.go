package slack

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	slackgo "github.com/slack-go/slack"

	"groupwork/bot"
)

func testAdapter(t testing.TB, mod ...func(*Config)) *Adapter {
	t.Helper()
	// A local Web API that knows nobody: no test talks to slack.com.
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"ok":false,"error":"user_not_found"}`)
	}))
	t.Cleanup(api.Close)
	cfg := Config{BotToken: "xoxb-test", AppToken: "xapp-test", TeamIDs: []string{"T0TEAM01"}, APIURL: api.URL + "/api/"}
	for _, m := range mod {
		m(&cfg)
	}
	a, err := New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := bot.NewRouter(nil, bot.SystemClock{})
	for _, s := range []bot.CommandSpec{
		{Name: "help", Options: []bot.OptionSpec{{Name: "command", Type: bot.OptString}}},
		{Name: "group", Sub: "create", Options: []bot.OptionSpec{{Name: "name", Type: bot.OptString, Required: true}, {Name: "timezone", Type: bot.OptString}}},
		{Name: "group", Sub: "add", Options: []bot.OptionSpec{{Name: "member", Type: bot.OptUser, Required: true}, {Name: "role", Type: bot.OptString}}},
		{Name: "privacy", Sub: "accept"},
	} {
		s.Handle = func(ctx context.Context, req *bot.Request) (bot.Reply, error) { return bot.Reply{}, nil }
		r.Command(s)
	}
	a.SetCommands(r)
	return a
}

func TestEscapeNeutralisesMarkup(t *testing.T) {
	for _, s := range []string{"<!here> hi", "<!channel>", "<@U123ABC>", "<#C123|x>", "<https://evil.example|click>", "a & b", "\u202eevil"} {
		got := escape(s)
		if strings.ContainsAny(got, "<>") || strings.Contains(got, "\u202e") {
			t.Errorf("escape(%q) = %q still has markup", s, got)
		}
	}
	if got := escape("Tom & Jerry <3"); got != "Tom &amp; Jerry &lt;3" {
		t.Errorf("escape: %q", got)
	}
}

func TestRenderEscapesEverythingAndStaysInLimits(t *testing.T) {
	a := testAdapter(t)
	var choices []bot.Choice
	for i := range 30 {
		choices = append(choices, bot.Choice{ID: "gw:ans:1:mood:" + string(rune('a'+i%26)) + strings.Repeat("x", i), Label: strings.Repeat("L", 100)})
	}
	m := &bot.Message{
		Text: "**Check-in** from <!channel> & <@U999>\n- one\n" + strings.Repeat("word ", 1500),
		Blocks: []bot.Block{
			&bot.Buttons{Choices: choices},
			&bot.Select{CustomID: "gw:sel:1:s:", Choices: choices[:5], Min: 1, Max: 1},
			&bot.Select{CustomID: "gw:multi:1:s:", Choices: choices[:5], Min: 1, Max: 3},
			&bot.FormButton{Label: "Write my answer", Form: bot.Form{CustomID: "gw:form:1:note:", Title: "Anything to add?"}},
			&bot.Image{Name: "chart.png", PNG: []byte{1, 2, 3}, Alt: "a chart"},
		},
	}
	r := a.render(m)
	raw, err := json.Marshal(r.blocks)
	if err != nil {
		t.Fatal(err)
	}
	js := string(raw)
	for _, bad := range []string{"<!channel>", "<@U999>"} {
		if strings.Contains(js, bad) || strings.Contains(r.text, bad) {
			t.Errorf("%s reached Slack unescaped", bad)
		}
	}
	if !strings.Contains(js, "*Check-in*") || !strings.Contains(js, "• one") {
		t.Errorf("markdown not turned into mrkdwn: %.200s", js)
	}
	if len(r.blocks) > maxBlocks {
		t.Errorf("%d blocks", len(r.blocks))
	}
	var sections, actions int
	for _, b := range r.blocks {
		switch b := b.(type) {
		case *slackgo.SectionBlock:
			sections++
			if n := len([]rune(b.Text.Text)); n > maxSectionText {
				t.Errorf("section of %d characters", n)
			}
		case *slackgo.ActionBlock:
			actions++
			if n := len(b.Elements.ElementSet); n > maxActionElems {
				t.Errorf("actions block with %d elements", n)
			}
			for _, el := range b.Elements.ElementSet {
				if btn, ok := el.(*slackgo.ButtonBlockElement); ok && len([]rune(btn.Text.Text)) > maxButtonText {
					t.Errorf("button label of %d characters", len([]rune(btn.Text.Text)))
				}
			}
		}
	}
	if sections < 3 {
		t.Errorf("7,500 characters of text should need 3 sections, got %d", sections)
	}
	if actions != 5 { // 30 buttons = 2 blocks, 2 selects, 1 form button
		t.Errorf("want 5 actions blocks, got %d", actions)
	}
	if !strings.Contains(js, `"multi_static_select"`) || !strings.Contains(js, `"static_select"`) {
		t.Errorf("selects not rendered as static selects")
	}
	if len(r.files) != 1 || r.files[0].name != "chart.png" {
		t.Errorf("image not kept for upload: %+v", r.files)
	}
}

func TestModal(t *testing.T) {
	a := testAdapter(t)
	v := a.modal(&bot.Form{CustomID: "gw:form:1:note:", Title: "A very long title that Slack would refuse", Fields: []bot.Field{
		{ID: "note", Label: "Anything <!here>?", Long: true, Required: true, MaxLen: 500},
		{ID: "extra", Label: "More"},
	}}, `{"c":"C1"}`)
	if v.CallbackID != "gw:form:1:note:" || v.PrivateMetadata != `{"c":"C1"}` {
		t.Errorf("modal ids: %+v", v)
	}
	if n := len([]rune(v.Title.Text)); n > maxModalTitle {
		t.Errorf("title of %d characters", n)
	}
	raw, _ := json.Marshal(v)
	js := string(raw)
	for _, want := range []string{`"action_id":"note"`, `"block_id":"note"`, `"multiline":true`, `"max_length":500`, `"optional":true`} {
		if !strings.Contains(js, want) {
			t.Errorf("modal lacks %s: %s", want, js)
		}
	}
}

func TestSpellingIsSlacks(t *testing.T) {
	a := testAdapter(t)
	sp := a.spelling()
	cases := map[string]string{
		"Type /help to see what you can do.":   "Type /groupwork help to see what you can do.",
		"- /group add <member> — add someone":  "- /groupwork group add <member> — add someone",
		"Use /privacy accept first.":           "Use /groupwork privacy accept first.",
		"See https://example.org/group/help":   "See https://example.org/group/help",
		"Dates like 2026/11/01 and /unknown x": "Dates like 2026/11/01 and /unknown x",
	}
	for in, want := range cases {
		if got := sp.apply(in); got != want {
			t.Errorf("apply(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCommandText(t *testing.T) {
	a := testAdapter(t)
	sc := slackgo.SlashCommand{TeamID: "T0TEAM01", ChannelID: "C1", UserID: "U1", UserName: "tess", TriggerID: "tr1",
		Text: `group add <@U0ANA|ana> role:member`}
	in, usage := a.commandRequest(sc, "env1")
	if in == nil {
		t.Fatalf("not parsed: %s", usage)
	}
	cmd := in.ev.(*bot.Command)
	if cmd.Path() != "group add" || cmd.Options["member"].Value != "U0ANA" || cmd.Names["U0ANA"] != "ana" || cmd.Options["role"].Value != "member" {
		t.Errorf("parsed %+v", cmd)
	}
	if cmd.DeliveryID != "slack:tr1" || cmd.Place.GuildID != "T0TEAM01" || cmd.Place.Platform != "slack" || cmd.User.ID != "U1" {
		t.Errorf("meta %+v", cmd.EventMeta)
	}
	sc.Text = `group create "Tuesday group" Europe/Berlin`
	in, _ = a.commandRequest(sc, "env1")
	if c := in.ev.(*bot.Command); c.Options["name"].Value != "Tuesday group" || c.Options["timezone"].Value != "Europe/Berlin" {
		t.Errorf("quoted name: %+v", c.Options)
	}
	sc.Text = "group add ana"
	if in, usage = a.commandRequest(sc, "env1"); in != nil || !strings.Contains(usage, "Mention the person") || !strings.Contains(usage, "/groupwork help") {
		t.Errorf("a plain name should get usage help, got %q", usage)
	}
	sc.Text = "group frobnicate"
	if _, usage = a.commandRequest(sc, "e"); !strings.Contains(usage, "/groupwork group") {
		t.Errorf("usage should use the Slack spelling: %q", usage)
	}
	sc.Text = ""
	if in, _ = a.commandRequest(sc, "e"); in == nil || in.ev.(*bot.Command).Name != "help" {
		t.Errorf("an empty command should be help")
	}
}

func TestChunksKeepEntities(t *testing.T) {
	for pad := range 6 {
		s := strings.Repeat("x", 10+pad) + "&amp;" + strings.Repeat("y", 20)
		for _, c := range chunks(s, 12) {
			if n := len([]rune(c)); n > 12 {
				t.Errorf("chunk of %d characters", n)
			}
			if i := strings.LastIndex(c, "&"); i >= 0 && !strings.Contains(c[i:], ";") {
				t.Errorf("an entity was cut: %q", c)
			}
		}
		if got := strings.Join(chunks(s, 12), ""); got != s {
			t.Errorf("chunks lost text: %q", got)
		}
	}
}
