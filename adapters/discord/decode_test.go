package discord

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"groupwork/bot"
)

// decodeSeeds are interactions as Discord sends them (the shapes the fake in
// discordtest dispatches), plus the wrong option kinds a modified client or
// stale command registration can send.
var decodeSeeds = []string{
	`{"id":"1","type":2,"token":"t","guild_id":"g","channel_id":"c","member":{"user":{"id":"u1","username":"ana"},"nick":"Ana","permissions":"8"},"data":{"id":"9","name":"help","type":1}}`,
	`{"id":"2","type":2,"token":"t","channel_id":"d","user":{"id":"u1","username":"ana","global_name":"Ana"},"data":{"name":"mydata","type":1}}`,
	`{"id":"3","type":2,"token":"t","guild_id":"g","channel_id":"c","member":{"user":{"id":"u1","username":"ana"}},"data":{"name":"group","type":1,"options":[{"name":"add","type":1,"options":[{"name":"member","type":6,"value":"u2"},{"name":"role","type":3,"value":"observer"}]}],"resolved":{"users":{"u2":{"id":"u2","username":"bo"}},"members":{"u2":{"nick":"Bo"}}}}}`,
	`{"id":"4","type":2,"token":"t","guild_id":"g","channel_id":"c","member":{"user":{"id":"u1"}},"data":{"name":"review","type":1,"options":[{"name":"weeks","type":4,"value":4},{"name":"csv","type":5,"value":true}]}}`,
	`{"id":"5","type":2,"token":"t","guild_id":"g","channel_id":"c","member":{"user":{"id":"u1"}},"data":{"name":"review","type":1,"options":[{"name":"weeks","type":4,"value":"4"}]}}`,
	`{"id":"6","type":2,"token":"t","guild_id":"g","channel_id":"c","member":{"user":{"id":"u1"}},"data":{"name":"review","type":1,"options":[{"name":"weeks","type":4,"value":4.5},{"name":"csv","type":5,"value":"yes"}]}}`,
	`{"id":"7","type":2,"token":"t","guild_id":"g","channel_id":"c","member":{"user":{"id":"u1"}},"data":{"name":"group","type":1,"options":[{"name":"x","type":2,"options":[]}]}}`,
	`{"id":"8","type":2,"token":"t","guild_id":"g","channel_id":"c","member":{"user":{"id":"u1"}},"data":{"name":"group","type":1,"options":[{"name":"member","type":6,"value":12},{"name":"ch","type":7,"value":"c"}]}}`,
	`{"id":"9","type":3,"token":"t","guild_id":"g","channel_id":"c","member":{"user":{"id":"u1"}},"message":{"id":"m1","channel_id":"c"},"data":{"custom_id":"gw:start:12::","component_type":2}}`,
	`{"id":"10","type":3,"token":"t","guild_id":"g","channel_id":"c","member":{"user":{"id":"u1"}},"message":{"id":"m1"},"data":{"custom_id":"gwp1|gw:pick:12:s1:","component_type":3,"values":["gw:v:1:s:a","gwl:00112233445566778899"]}}`,
	`{"id":"11","type":3,"token":"t","guild_id":"g","channel_id":"c","member":{"user":{"id":"u1"}},"data":{"custom_id":"gwl:deadbeef","component_type":2}}`,
	`{"id":"12","type":5,"token":"t","guild_id":"g","channel_id":"c","member":{"user":{"id":"u1"}},"data":{"custom_id":"gw:form:12:s1:","components":[{"type":1,"components":[{"type":4,"custom_id":"gw:field:12:s1:text","value":"I slept badly"}]}]}}`,
	`{"id":"13","type":4,"token":"t","guild_id":"g","channel_id":"c","member":{"user":{"id":"u1"}},"data":{"name":"exercise","type":1,"options":[{"name":"start","type":1,"options":[{"name":"exercise","type":3,"value":"mo","focused":true}]}]}}`,
	`{"id":"14","type":1,"token":"t"}`,
	`{"id":"15","type":2,"data":null}`,
	`{"id":"16","type":3,"data":{"custom_id":"gw:x:1:s:v","component_type":99}}`,
	`{"id":"17","type":5,"data":{"custom_id":"gw:form:1::","components":[{"type":4,"custom_id":"a","value":"b"},{"type":1,"components":[{"type":2,"custom_id":"b"}]}]}}`,
}

// TestDecodeRefusesWrongOptionKinds: an option whose value does not have
// its declared kind is refused with a sentence, never passed on or panicked
// over (discordgo's own accessors panic on a mismatch).
func TestDecodeRefusesWrongOptionKinds(t *testing.T) {
	a := &Adapter{ids: newIDStore(16)}
	for _, tc := range []struct{ name, data string }{
		{"integer as string", `{"name":"review","type":1,"options":[{"name":"weeks","type":4,"value":"4"}]}`},
		{"integer with a fraction", `{"name":"review","type":1,"options":[{"name":"weeks","type":4,"value":4.5}]}`},
		{"integer too large", `{"name":"review","type":1,"options":[{"name":"weeks","type":4,"value":1e300}]}`},
		{"boolean as string", `{"name":"review","type":1,"options":[{"name":"csv","type":5,"value":"yes"}]}`},
		{"user as number", `{"name":"group","type":1,"options":[{"name":"add","type":1,"options":[{"name":"member","type":6,"value":12}]}]}`},
		{"empty user", `{"name":"group","type":1,"options":[{"name":"member","type":6,"value":""}]}`},
		{"string as object", `{"name":"group","type":1,"options":[{"name":"name","type":3,"value":{"a":1}}]}`},
		{"channel option", `{"name":"group","type":1,"options":[{"name":"ch","type":7,"value":"c"}]}`},
		{"subcommand group", `{"name":"group","type":1,"options":[{"name":"x","type":2,"options":[]}]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := mustInteraction(t, `{"id":"1","type":2,"token":"t","channel_id":"c","user":{"id":"u"},"data":`+tc.data+`}`)
			ev, err := a.decode(in)
			if err == nil {
				t.Fatalf("accepted: %#v", ev)
			}
			checkPlainError(t, err)
		})
	}
}

func mustInteraction(t testing.TB, raw string) *discordgo.Interaction {
	t.Helper()
	var in discordgo.Interaction
	if err := json.Unmarshal([]byte(raw), &in); err != nil {
		t.Fatal(err)
	}
	return &in
}

func checkPlainError(t *testing.T, err error) {
	t.Helper()
	msg := bot.ErrorMessage(err)
	if bot.ErrorCode(err) != bot.EInvalid || msg == "" || !utf8.ValidString(msg) || strings.ContainsFunc(msg, unicode.IsControl) {
		t.Fatalf("error is not an EInvalid with a plain sentence: %v", err)
	}
}

// FuzzDecodeInteraction: any JSON Discord (or someone posing as it) sends
// goes through discordgo's unmarshalling and the adapter's decoding without
// a panic; what is refused is refused with a plain EInvalid sentence; and
// what is accepted carries the interaction's id and user, with every
// command option of the kind its declared type says (a value of the wrong
// kind is refused, never passed on).
func FuzzDecodeInteraction(f *testing.F) {
	for _, s := range decodeSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var in discordgo.Interaction
		if err := json.Unmarshal(raw, &in); err != nil {
			return
		}
		a := &Adapter{ids: newIDStore(16)}
		a.ids.putLong("gw:long:1:step:" + strings.Repeat("v", 120))
		a.complete = func(source, prefix string) []bot.Choice {
			return []bot.Choice{{ID: prefix, Label: prefix}, {ID: "", Label: "x"}, {ID: strings.Repeat("y", 200)}}
		}
		a.specs = []bot.CommandSpec{{Name: "exercise", Sub: "start", Options: []bot.OptionSpec{{Name: "exercise", Type: bot.OptString, Complete: "exercise"}}}}
		if in.Type == discordgo.InteractionApplicationCommandAutocomplete {
			for _, c := range a.autocompleteChoices(&in) {
				if v, ok := c.Value.(string); !ok || v == "" || len(v) > maxChoiceValue || utf16Len(c.Name) > maxChoiceValue {
					t.Fatalf("bad choice %#v", c)
				}
			}
		}
		ev, err := a.decode(&in)
		if err != nil {
			checkPlainError(t, err)
			return
		}
		if ev == nil {
			return
		}
		m := ev.Meta()
		if m.DeliveryID != in.ID || m.Place.Platform != Platform || m.Place.DM != (in.GuildID == "") {
			t.Fatalf("meta %+v does not come from the interaction", m)
		}
		if in.Member != nil && in.Member.User != nil && m.User.ID != in.Member.User.ID {
			t.Fatalf("user %q, want the member %q", m.User.ID, in.Member.User.ID)
		}
		cmd, ok := ev.(*bot.Command)
		if !ok {
			return
		}
		data := in.ApplicationCommandData()
		opts := data.Options
		if len(opts) == 1 && opts[0] != nil && opts[0].Type == discordgo.ApplicationCommandOptionSubCommand {
			opts = opts[0].Options
		}
		last := map[string]*discordgo.ApplicationCommandInteractionDataOption{}
		for _, o := range opts {
			if o != nil {
				last[o.Name] = o
			}
		}
		if len(cmd.Options) != len(last) {
			t.Fatalf("%d options decoded, %d sent", len(cmd.Options), len(last))
		}
		for name, o := range last {
			got := cmd.Options[name]
			if !wellTyped(o, got) {
				t.Fatalf("option %q of Discord type %d with value %#v became %#v", name, o.Type, o.Value, got)
			}
		}
	})
}

// wellTyped says whether the decoded option has the kind the declared
// Discord type promises, with the value the JSON held.
func wellTyped(o *discordgo.ApplicationCommandInteractionDataOption, got bot.Option) bool {
	switch o.Type {
	case discordgo.ApplicationCommandOptionString:
		s, ok := got.Value.(string)
		return got.Type == bot.OptString && ok && s == o.Value
	case discordgo.ApplicationCommandOptionInteger:
		n, ok := got.Value.(int64)
		f, isNum := o.Value.(float64)
		return got.Type == bot.OptInt && ok && isNum && float64(n) == f && math.Abs(f) <= 1<<53
	case discordgo.ApplicationCommandOptionBoolean:
		b, ok := got.Value.(bool)
		return got.Type == bot.OptBool && ok && b == o.Value
	case discordgo.ApplicationCommandOptionUser:
		s, ok := got.Value.(string)
		return got.Type == bot.OptUser && ok && s != "" && s == o.Value
	}
	return false
}
