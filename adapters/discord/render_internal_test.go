package discord

import (
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"groupwork/bot"
)

func testAdapter(t *testing.T) *Adapter {
	t.Helper()
	a, err := New(Config{Token: "x"}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestSplitText(t *testing.T) {
	para := strings.Repeat("word ", 100) + "\n" // 501 characters
	tests := []struct {
		name   string
		text   string
		pieces int
		cut    bool
	}{
		{"short", "hello", 1, false},
		{"exactly 2000", strings.Repeat("a", 2000), 1, false},
		{"paragraphs", strings.Repeat(para, 9), 3, false},
		{"one long word", strings.Repeat("a", 4500), 3, false},
		{"too long for five pieces", strings.Repeat(para, 30), 5, true},
		{"emoji count double", strings.Repeat("😀", 1500), 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := splitText(tt.text, maxContent, maxPieces)
			if len(got) != tt.pieces {
				t.Fatalf("%d pieces, want %d", len(got), tt.pieces)
			}
			for i, p := range got {
				if utf16Len(p) > maxContent || !utf8.ValidString(p) {
					t.Errorf("piece %d: %d UTF-16 units or invalid UTF-8", i, utf16Len(p))
				}
			}
			if hasNote := strings.Contains(got[len(got)-1], "shortened"); hasNote != tt.cut {
				t.Errorf("shortened note present = %v, want %v", hasNote, tt.cut)
			}
			// splitting at a line break or space drops only trailing white space
			if n := utf8.RuneCountInString(strings.Join(got, "")); !tt.cut && n < utf8.RuneCountInString(tt.text)-2*len(got) {
				t.Errorf("text lost: %d of %d characters kept", n, utf8.RuneCountInString(tt.text))
			}
		})
	}
}

func TestNonce(t *testing.T) {
	if got := nonce("", 0); got != "" {
		t.Errorf("no key: nonce %q", got)
	}
	if got := nonce("run-12", 0); got != "run-12" {
		t.Errorf("short key: %q", got)
	}
	long := nonce(strings.Repeat("k", 60), 0)
	if len(long) > 25 || long == nonce(strings.Repeat("k", 61), 0) {
		t.Errorf("long key: %q (%d chars) should be a distinct hash of at most 25", long, len(long))
	}
	if nonce("run-12", 1) == nonce("run-12", 0) {
		t.Errorf("parts of a split message need distinct nonces")
	}
}

func rows(comps []discordgo.MessageComponent) [][]discordgo.MessageComponent {
	var out [][]discordgo.MessageComponent
	for _, c := range comps {
		out = append(out, c.(discordgo.ActionsRow).Components)
	}
	return out
}

func TestRenderLimits(t *testing.T) {
	a := testAdapter(t)
	var twelve []bot.Choice
	for i := range 12 {
		twelve = append(twelve, bot.Choice{ID: fmt.Sprintf("gw:ans:1:s:%d", i), Label: strings.Repeat("L", 90)})
	}
	var thirty []bot.Choice
	for i := range 30 {
		thirty = append(thirty, bot.Choice{ID: fmt.Sprint(i), Label: fmt.Sprint("option ", i)})
	}
	m := &bot.Message{Text: strings.Repeat("x", 4100), Blocks: []bot.Block{
		&bot.Buttons{Choices: twelve},
		&bot.Select{CustomID: "gw:pick:1:s:", Placeholder: "Choose…", Choices: thirty, Min: 1, Max: 30},
		&bot.FormButton{Label: "Write", Form: bot.Form{CustomID: "gw:text:1:note:", Title: "T"}},
		&bot.Buttons{Choices: []bot.Choice{{ID: strings.Repeat("z", 150), Label: "long id"}}},
	}}
	pieces := a.render(m)
	// 3 text pieces; 3 button rows + 2 menus + form button + long-id button = 7 rows: 5 on the last text piece, 2 spill
	if len(pieces) != 4 {
		t.Fatalf("%d pieces, want 4", len(pieces))
	}
	var all [][]discordgo.MessageComponent
	for i, p := range pieces {
		if utf16Len(p.content) > maxContent || p.content == "" {
			t.Errorf("piece %d has %d characters", i, utf16Len(p.content))
		}
		if len(p.components) > maxRows {
			t.Errorf("piece %d has %d rows", i, len(p.components))
		}
		all = append(all, rows(p.components)...)
	}
	if len(pieces[0].components) != 0 || len(pieces[2].components) != maxRows {
		t.Errorf("components should sit on the last text piece")
	}
	if len(all) != 7 {
		t.Fatalf("%d rows, want 7", len(all))
	}
	for i, row := range all[:3] {
		if len(row) > maxButtons {
			t.Errorf("row %d: %d buttons", i, len(row))
		}
		for _, c := range row {
			if b := c.(discordgo.Button); utf8.RuneCountInString(b.Label) > maxButtonLabel || !strings.HasSuffix(b.Label, "…") {
				t.Errorf("label not cut to 80 with an ellipsis: %q", b.Label)
			}
		}
	}
	menu1, menu2 := all[3][0].(discordgo.SelectMenu), all[4][0].(discordgo.SelectMenu)
	if len(menu1.Options) != 25 || len(menu2.Options) != 5 || menu1.MaxValues != 25 || menu2.MaxValues != 5 {
		t.Errorf("menus: %d/%d options, max %d/%d", len(menu1.Options), len(menu2.Options), menu1.MaxValues, menu2.MaxValues)
	}
	if id, ok := a.longID(menu2.CustomID); !ok || id != "gw:pick:1:s:" {
		t.Errorf("second menu maps back to %q, %v", id, ok)
	}
	form := all[5][0].(discordgo.Button)
	if form.CustomID != "gw:text:1:note:" {
		t.Errorf("a form button carries the form's own id, got %q", form.CustomID)
	}
	long := all[6][0].(discordgo.Button)
	if len(long.CustomID) > maxCustomID {
		t.Errorf("custom id of %d characters", len(long.CustomID))
	}
	if id, ok := a.longID(long.CustomID); !ok || id != strings.Repeat("z", 150) {
		t.Errorf("long id maps back to %q", id)
	}
}

func TestModalLimits(t *testing.T) {
	a := testAdapter(t)
	f := &bot.Form{CustomID: "gw:text:1:note:", Title: strings.Repeat("T", 60)}
	for i := range 7 {
		f.Fields = append(f.Fields, bot.Field{ID: fmt.Sprint("f", i), Label: strings.Repeat("L", 50), Long: i == 0, Required: i == 1, MaxLen: 500})
	}
	d := a.modal(f)
	if utf8.RuneCountInString(d.Title) != maxModalTitle || len(d.Components) != maxInputs {
		t.Fatalf("title %q, %d inputs", d.Title, len(d.Components))
	}
	for i, row := range d.Components {
		in := row.(discordgo.ActionsRow).Components[0].(discordgo.TextInput)
		if utf8.RuneCountInString(in.Label) != maxInputLabel || in.MaxLength != 500 {
			t.Errorf("input %d: label %q, max %d", i, in.Label, in.MaxLength)
		}
		if in.Required != (i == 1) {
			t.Errorf("input %d: required %v", i, in.Required)
		}
		if want := map[bool]discordgo.TextInputStyle{true: discordgo.TextInputParagraph, false: discordgo.TextInputShort}[i == 0]; in.Style != want {
			t.Errorf("input %d: style %v", i, in.Style)
		}
	}
}

func TestIDStoreIsBounded(t *testing.T) {
	s := newIDStore(3)
	var keys []string
	for i := range 5 {
		keys = append(keys, s.putLong(fmt.Sprint("id-", i)))
	}
	if _, ok := s.getLong(keys[0]); ok {
		t.Errorf("the oldest entry should be evicted")
	}
	if v, ok := s.getLong(keys[4]); !ok || v != "id-4" {
		t.Errorf("newest entry: %q %v", v, ok)
	}
	if s.ll.Len() != 3 {
		t.Errorf("%d entries, want 3", s.ll.Len())
	}
}

func TestInviteURL(t *testing.T) {
	// View Channel, Send Messages, Embed Links, Attach Files, Read Message
	// History, Manage Channels, Manage Roles
	const want = 1<<10 | 1<<11 | 1<<14 | 1<<15 | 1<<16 | 1<<4 | 1<<28
	if InvitePermissions != want || want != 268553232 {
		t.Fatalf("permissions %d, want %d", InvitePermissions, want)
	}
	u, err := url.Parse(InviteURL("123"))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Host != "discord.com" || q.Get("client_id") != "123" || q.Get("scope") != "bot applications.commands" || q.Get("permissions") != "268553232" {
		t.Errorf("invite URL %s", u)
	}
	if InvitePermissions&discordgo.PermissionAdministrator != 0 {
		t.Errorf("the bot must not ask for Administrator")
	}
}

func TestCommandTree(t *testing.T) {
	a := testAdapter(t)
	a.SetCommands([]bot.CommandSpec{
		{Name: "help", Description: "What you can do", Options: []bot.OptionSpec{{Name: "command", Type: bot.OptString}}},
		{Name: "group", Sub: "add", Description: "Add", Options: []bot.OptionSpec{
			{Name: "role", Type: bot.OptString, Choices: []string{"member", "observer"}},
			{Name: "member", Type: bot.OptUser, Required: true},
		}},
		{Name: "group", Sub: "create", Description: strings.Repeat("d", 150), Options: []bot.OptionSpec{
			{Name: "timezone", Type: bot.OptString, Complete: "timezone"}, {Name: "count", Type: bot.OptInt}, {Name: "on", Type: bot.OptBool},
		}},
	}, nil)
	tree := a.commandTree()
	if len(tree) != 2 || tree[0].Name != "group" || tree[1].Name != "help" {
		t.Fatalf("tree: %+v", tree)
	}
	group := tree[0]
	add, create := group.Options[0], group.Options[1]
	if add.Type != discordgo.ApplicationCommandOptionSubCommand || add.Name != "add" {
		t.Fatalf("subcommand: %+v", add)
	}
	if add.Options[0].Name != "member" || !add.Options[0].Required || add.Options[0].Type != discordgo.ApplicationCommandOptionUser {
		t.Errorf("required options must come first: %+v", add.Options[0])
	}
	if len(add.Options[1].Choices) != 2 || add.Options[1].Choices[1].Value != "observer" {
		t.Errorf("choices: %+v", add.Options[1].Choices)
	}
	if utf8.RuneCountInString(create.Description) > maxCommandDesc {
		t.Errorf("description not cut: %d", utf8.RuneCountInString(create.Description))
	}
	types := []discordgo.ApplicationCommandOptionType{3, 4, 5}
	for i, o := range create.Options {
		if o.Type != types[i] {
			t.Errorf("option %s type %d, want %d", o.Name, o.Type, types[i])
		}
	}
	if !create.Options[0].Autocomplete {
		t.Errorf("timezone should autocomplete")
	}
}
