package discord

import (
	"bytes"
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"groupwork/bot"
)

// Discord's message limits.
const (
	maxContent     = 2000
	maxRows        = 5
	maxButtons     = 5
	maxOptions     = 25
	maxButtonLabel = 80
	maxOptionLabel = 100
	maxCustomID    = 100
	maxPlaceholder = 150
	maxModalTitle  = 45
	maxInputLabel  = 45
	maxInputs      = 5
	maxFiles       = 10
	// maxPieces bounds how many messages one long text becomes; the rest is
	// cut with a note.
	maxPieces = 5
)

// Custom id prefixes the adapter owns. The core's ids start with "gw:".
const (
	longPrefix = "gwl:" // an id too long for Discord, kept in the id store
	partPrefix = "gwp"  // "gwp<k>|<id>": part k of a menu split at 25 options
)

// noMentions allows no ping at all: an empty parse list (sent as "parse":[]
// rather than null), no users, no roles, no reply ping.
var noMentions = &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}

// piece is one Discord message of a rendered bot.Message.
type piece struct {
	content    string
	components []discordgo.MessageComponent
	files      []*discordgo.File
}

// render turns a bot.Message into one or more Discord messages within the
// platform's limits: text over 2,000 characters is split at line breaks
// (at most maxPieces messages, then cut with a note); buttons become rows
// of at most five; a menu over 25 options becomes several menus; more than
// five rows spill into a further message. Components and files go on the
// last text piece, so they stay under the text they belong to.
func (a *Adapter) render(m *bot.Message) []piece {
	texts := splitText(neutralise(m.Text), maxContent, maxPieces)
	rows, files := a.components(m.Blocks)
	pieces := make([]piece, len(texts))
	for i, t := range texts {
		pieces[i].content = t
	}
	last := &pieces[len(pieces)-1]
	last.files = files
	for len(rows) > 0 {
		n := min(len(rows), maxRows)
		if last.components != nil {
			pieces = append(pieces, piece{content: "(more choices)"})
			last = &pieces[len(pieces)-1]
		}
		last.components = rows[:n]
		rows = rows[n:]
	}
	if pieces[0].content == "" && len(pieces[0].components) == 0 && len(pieces[0].files) == 0 {
		pieces[0].content = "…"
	}
	return pieces
}

// components renders the blocks as action rows and attachments.
func (a *Adapter) components(blocks []bot.Block) ([]discordgo.MessageComponent, []*discordgo.File) {
	var rows []discordgo.MessageComponent
	var cur []discordgo.MessageComponent
	var files []*discordgo.File
	flush := func() {
		if len(cur) > 0 {
			rows = append(rows, discordgo.ActionsRow{Components: cur})
			cur = nil
		}
	}
	add := func(b discordgo.Button) {
		if len(cur) == maxButtons {
			flush()
		}
		cur = append(cur, b)
	}
	for _, b := range blocks {
		switch b := b.(type) {
		case *bot.Buttons:
			flush()
			for _, c := range b.Choices {
				add(discordgo.Button{Label: label(c.Label, maxButtonLabel), Style: buttonStyle(c.Style), CustomID: a.shortID(c.ID)})
			}
		case *bot.FormButton:
			// The button carries the form's own id: pressed, it reaches the
			// core, which checks who pressed it and returns the form.
			add(discordgo.Button{Label: label(b.Label, maxButtonLabel), Style: discordgo.PrimaryButton, CustomID: a.shortID(b.Form.CustomID)})
		case *bot.Select:
			flush()
			rows = append(rows, a.selects(b)...)
		case *bot.Image:
			files = append(files, &discordgo.File{Name: orDefault(b.Name, "image.png"), ContentType: "image/png", Reader: bytes.NewReader(b.PNG)})
		case *bot.File:
			files = append(files, &discordgo.File{Name: orDefault(b.Name, "file"), ContentType: orDefault(b.ContentType, "application/octet-stream"), Reader: bytes.NewReader(b.Data)})
		}
	}
	flush()
	if len(files) > maxFiles {
		files = files[:maxFiles]
	}
	return rows, files
}

// selects renders a menu, split into several of at most 25 options.
func (a *Adapter) selects(s *bot.Select) []discordgo.MessageComponent {
	var rows []discordgo.MessageComponent
	parts := (len(s.Choices) + maxOptions - 1) / maxOptions
	for k := 0; k < parts; k++ {
		chunk := s.Choices[k*maxOptions : min((k+1)*maxOptions, len(s.Choices))]
		id := s.CustomID
		placeholder := s.Placeholder
		if k > 0 {
			id = partPrefix + strconv.Itoa(k) + "|" + s.CustomID
		}
		if parts > 1 {
			placeholder = fmt.Sprintf("%s (%d–%d)", strings.TrimSpace(orDefault(s.Placeholder, "Choose")), k*maxOptions+1, k*maxOptions+len(chunk))
		}
		lo, hi := s.Min, s.Max
		if hi <= 0 {
			hi = 1
		}
		hi = min(hi, len(chunk))
		lo = min(max(lo, 1), hi)
		menu := discordgo.SelectMenu{
			MenuType: discordgo.StringSelectMenu, CustomID: a.shortID(id),
			Placeholder: clip(placeholder, maxPlaceholder), MinValues: &lo, MaxValues: hi,
		}
		for _, c := range chunk {
			menu.Options = append(menu.Options, discordgo.SelectMenuOption{Label: label(c.Label, maxOptionLabel), Value: a.shortValue(c.ID)})
		}
		rows = append(rows, discordgo.ActionsRow{Components: []discordgo.MessageComponent{menu}})
	}
	return rows
}

// modal renders a form as a Discord modal: at most five text inputs, title
// and labels cut to 45 characters, Required always set explicitly.
func (a *Adapter) modal(f *bot.Form) *discordgo.InteractionResponseData {
	d := &discordgo.InteractionResponseData{CustomID: a.shortID(f.CustomID), Title: label(f.Title, maxModalTitle)}
	for i, fl := range f.Fields {
		if i == maxInputs {
			a.log.Warn("form has more than five fields; the rest are left out", "form", formKind(f.CustomID))
			break
		}
		style := discordgo.TextInputShort
		if fl.Long {
			style = discordgo.TextInputParagraph
		}
		in := discordgo.TextInput{
			CustomID: a.shortID(fl.ID), Label: label(fl.Label, maxInputLabel), Style: style,
			Placeholder: clip(fl.Placeholder, 100), Value: fl.Value, Required: fl.Required,
		}
		if fl.MaxLen > 0 {
			in.MaxLength = min(fl.MaxLen, 4000)
		}
		d.Components = append(d.Components, discordgo.ActionsRow{Components: []discordgo.MessageComponent{in}})
	}
	return d
}

func formKind(id string) string {
	if c, err := bot.ParseCustomID(id); err == nil {
		return c.Kind
	}
	return "unknown"
}

func label(s string, n int) string {
	s = strings.TrimSpace(strings.ReplaceAll(bot.ShowControls(s), "\n", " "))
	if s == "" {
		return "·"
	}
	return clip(s, n)
}

func buttonStyle(s string) discordgo.ButtonStyle {
	switch s {
	case "primary":
		return discordgo.PrimaryButton
	case "danger":
		return discordgo.DangerButton
	case "success":
		return discordgo.SuccessButton
	}
	return discordgo.SecondaryButton
}

// shortID returns id, or a stand-in kept in the id store when id is longer
// than Discord allows.
func (a *Adapter) shortID(id string) string {
	if len(id) <= maxCustomID && id != "" {
		return id
	}
	return a.ids.putLong(id)
}

func (a *Adapter) shortValue(v string) string {
	if len(v) <= maxOptionLabel && v != "" {
		return v
	}
	return a.ids.putLong(v)
}

// longID undoes shortID and the menu-part prefix. ok is false for a
// stand-in the store no longer holds.
func (a *Adapter) longID(id string) (string, bool) {
	if strings.HasPrefix(id, longPrefix) {
		v, ok := a.ids.getLong(id)
		if !ok {
			return "", false
		}
		id = v
	}
	if rest, ok := strings.CutPrefix(id, partPrefix); ok {
		if _, orig, found := strings.Cut(rest, "|"); found {
			return a.longID(orig)
		}
	}
	return id, true
}

// utf16Len is the length Discord counts.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// splitText cuts s into pieces of at most limit characters, preferring
// line breaks, then spaces. Beyond maxN pieces the last one is cut short
// with a note, so a message is never refused for its length.
func splitText(s string, limit, maxN int) []string {
	if utf16Len(s) <= limit {
		return []string{s}
	}
	const note = "\n… (shortened: the rest did not fit in Discord's message size)"
	var out []string
	for s != "" {
		if len(out) == maxN-1 && utf16Len(s) > limit {
			cut := prefixWithin(s, limit-utf16Len(note))
			out = append(out, strings.TrimRight(cut, " \n")+note)
			break
		}
		if utf16Len(s) <= limit {
			out = append(out, s)
			break
		}
		head := prefixWithin(s, limit)
		if i := strings.LastIndex(head, "\n"); i > len(head)/2 {
			head = head[:i+1]
		} else if i := strings.LastIndex(head, " "); i > len(head)/2 {
			head = head[:i+1]
		}
		out = append(out, strings.TrimRight(head, " \n"))
		s = s[len(head):]
	}
	return out
}

// prefixWithin returns the longest prefix of s (on a rune boundary) of at
// most n UTF-16 units.
func prefixWithin(s string, n int) string {
	used := 0
	for i, r := range s {
		w := utf16.RuneLen(r)
		if used+w > n {
			return s[:i]
		}
		used += w
	}
	return s
}

// nonce turns a message key into Discord's ≤25-character nonce; part k>0 of
// a split message gets its own.
func nonce(key string, part int) string {
	if key == "" {
		return ""
	}
	if part > 0 {
		key += "/" + strconv.Itoa(part)
	}
	if len(key) <= 25 && utf8.ValidString(key) {
		return key
	}
	sum := sha256.Sum256([]byte(key))
	return "k" + hex.EncodeToString(sum[:12])
}

// idStore remembers, in bounded LRU order, the ids too long for Discord. It
// lives in memory: after a restart an old button with such an id answers
// with a hint to start again (see README).
type idStore struct {
	mu    sync.Mutex
	cap   int
	ll    *list.List
	items map[string]*list.Element
}

type idEntry struct {
	key  string
	long string
}

func newIDStore(capacity int) *idStore {
	return &idStore{cap: capacity, ll: list.New(), items: map[string]*list.Element{}}
}

func hashKey(prefix string, v any) string {
	b, _ := json.Marshal(v)
	sum := sha256.Sum256(b)
	return prefix + hex.EncodeToString(sum[:10])
}

func (s *idStore) put(e *idEntry) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if el, ok := s.items[e.key]; ok {
		s.ll.MoveToFront(el)
		el.Value = e
		return e.key
	}
	s.items[e.key] = s.ll.PushFront(e)
	for s.ll.Len() > s.cap {
		old := s.ll.Back()
		s.ll.Remove(old)
		delete(s.items, old.Value.(*idEntry).key)
	}
	return e.key
}

func (s *idStore) get(key string) (*idEntry, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	el, ok := s.items[key]
	if !ok {
		return nil, false
	}
	s.ll.MoveToFront(el)
	return el.Value.(*idEntry), true
}

func (s *idStore) putLong(id string) string {
	return s.put(&idEntry{key: hashKey(longPrefix, id), long: id})
}

func (s *idStore) getLong(key string) (string, bool) {
	e, ok := s.get(key)
	if !ok {
		return "", false
	}
	return e.long, true
}
