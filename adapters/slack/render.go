package slack

import (
	"fmt"
	"regexp"
	"strings"

	slackgo "github.com/slack-go/slack"

	"groupwork/bot"
)

// Slack's Block Kit limits.
const (
	maxSectionText = 3000
	maxBlocks      = 50
	maxButtonText  = 75
	maxActionElems = 25
	maxOptions     = 100
	maxOptionText  = 75
	maxOptionValue = 150
	maxValue       = 2000
	maxActionID    = 255
	maxModalTitle  = 24
	maxModalInputs = 100
	maxLabel       = 2000
	maxPlaceholder = 150
	maxInputLen    = 3000
	maxFallback    = 3000
)

// escape makes text safe to show on Slack: &, < and > become entities, so
// that no <!here>, <!channel>, <@U…>, <#C…> or <url|label> can come from
// what a person typed, and control characters that could disguise text are
// shown as codes. What members write is stored as written (bot/text.go) and
// only made safe here. The core never writes Slack markup itself, so the
// whole text is escaped.
func escape(s string) string {
	s = bot.ShowControls(s)
	if !strings.ContainsAny(s, "&<>") {
		return s
	}
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

var (
	boldRun = regexp.MustCompile(`\*\*([^*\n]+)\*\*`)
)

// mrkdwn turns the core's markdown subset (**bold**, _italic_, "- " lists)
// into Slack mrkdwn after escaping it.
func mrkdwn(s string) string {
	s = escape(s)
	s = boldRun.ReplaceAllString(s, "*$1*")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "- ") {
			lines[i] = "• " + l[2:]
		}
	}
	return strings.Join(lines, "\n")
}

// plain is text for plain_text objects: Slack shows it as typed (no
// markup is parsed there), but it is escaped too, which Slack undoes.
func plain(s string, n int) *slackgo.TextBlockObject {
	return slackgo.NewTextBlockObject(slackgo.PlainTextType, clip(bot.ShowControls(s), n), false, false)
}

// spelling rewrites the core's command spellings ("/group add") into the
// Slack spelling ("/groupwork group add"): on Slack every command is a
// subcommand of the one slash command. Only a / at the start of a word
// that is followed by one of the core's command names is rewritten, so
// addresses and dates are left alone.
type spelling struct {
	slash string
	re    *regexp.Regexp
}

func newSpelling(command string, names []string) *spelling {
	if len(names) == 0 {
		return &spelling{slash: "/" + command}
	}
	var alts []string
	for _, n := range names {
		alts = append(alts, regexp.QuoteMeta(n))
	}
	re := regexp.MustCompile(`(^|[\s(\["'*_“])/(` + strings.Join(alts, "|") + `)\b`)
	return &spelling{slash: "/" + command, re: re}
}

func (sp *spelling) apply(s string) string {
	if sp == nil || sp.re == nil || !strings.Contains(s, "/") {
		return s
	}
	return sp.re.ReplaceAllString(s, "${1}"+sp.slash+" ${2}")
}

// rendered is a message as Block Kit: blocks, the notification text, and
// attachments to upload after posting.
type rendered struct {
	text   string
	blocks []slackgo.Block
	files  []upload
}

type upload struct {
	name, title, alt string
	data             []byte
}

// render turns m into Block Kit within Slack's limits: text in section
// blocks of at most 3,000 characters, buttons in actions blocks of at most
// 25 elements, a static select (multi-select when more than one may be
// chosen), a form button whose action opens a modal. Images and files are
// uploaded separately (files.getUploadURLExternal flow). Blocks beyond 50
// are dropped with a note.
func (a *Adapter) render(m *bot.Message) rendered {
	var r rendered
	text := a.spell.apply(m.Text)
	r.text = clip(escape(strings.ReplaceAll(text, "**", "*")), maxFallback)
	for _, chunk := range chunks(mrkdwn(text), maxSectionText) {
		r.blocks = append(r.blocks, slackgo.NewSectionBlock(slackgo.NewTextBlockObject(slackgo.MarkdownType, chunk, false, false), nil, nil))
	}
	n := 0
	blockID := func() string { n++; return fmt.Sprintf("b%d", n) }
	for _, b := range m.Blocks {
		switch b := b.(type) {
		case *bot.Buttons:
			for start := 0; start < len(b.Choices); start += maxActionElems {
				end := min(start+maxActionElems, len(b.Choices))
				var elems []slackgo.BlockElement
				for _, c := range b.Choices[start:end] {
					btn := slackgo.NewButtonBlockElement(clip(c.ID, maxActionID), clip(c.ID, maxValue), plain(c.Label, maxButtonText))
					switch c.Style {
					case "primary":
						btn.Style = slackgo.StylePrimary
					case "danger":
						btn.Style = slackgo.StyleDanger
					}
					elems = append(elems, btn)
				}
				r.blocks = append(r.blocks, slackgo.NewActionBlock(blockID(), elems...))
			}
		case *bot.Select:
			var opts []*slackgo.OptionBlockObject
			for i, c := range b.Choices {
				if i == maxOptions {
					break
				}
				opts = append(opts, slackgo.NewOptionBlockObject(clip(c.ID, maxOptionValue), plain(c.Label, maxOptionText), nil))
			}
			ph := plain(orDefault(b.Placeholder, "Choose…"), maxPlaceholder)
			var el slackgo.BlockElement
			if b.Max > 1 {
				ms := slackgo.NewOptionsMultiSelectBlockElement(slackgo.MultiOptTypeStatic, ph, clip(b.CustomID, maxActionID), opts...)
				ms.MaxSelectedItems = &b.Max
				el = ms
			} else {
				el = slackgo.NewOptionsSelectBlockElement(slackgo.OptTypeStatic, ph, clip(b.CustomID, maxActionID), opts...)
			}
			r.blocks = append(r.blocks, slackgo.NewActionBlock(blockID(), el))
		case *bot.FormButton:
			// The press reaches the core like any button; the core returns
			// the form, which the adapter opens with the press's trigger id.
			btn := slackgo.NewButtonBlockElement(clip(b.Form.CustomID, maxActionID), "form", plain(b.Label, maxButtonText))
			r.blocks = append(r.blocks, slackgo.NewActionBlock(blockID(), btn))
		case *bot.Image:
			r.files = append(r.files, upload{name: b.Name, title: b.Name, alt: b.Alt, data: b.PNG})
		case *bot.File:
			r.files = append(r.files, upload{name: b.Name, title: b.Name, data: b.Data})
		}
	}
	if len(r.blocks) > maxBlocks {
		r.blocks = append(r.blocks[:maxBlocks-1], slackgo.NewContextBlock("", slackgo.NewTextBlockObject(slackgo.MarkdownType, "_(shortened: too long for one Slack message)_", false, false)))
	}
	return r
}

// modal renders a form as a modal view. Field ids become block and action
// ids, so a submission maps back to them.
func (a *Adapter) modal(f *bot.Form, meta string) slackgo.ModalViewRequest {
	v := slackgo.ModalViewRequest{
		Type: slackgo.VTModal, CallbackID: f.CustomID, PrivateMetadata: meta,
		Title:  plain(orDefault(f.Title, "groupwork"), maxModalTitle),
		Submit: plain("Send", 24), Close: plain("Cancel", 24),
	}
	for i, fl := range f.Fields {
		if i == maxModalInputs {
			break
		}
		in := slackgo.NewPlainTextInputBlockElement(nil, fl.ID)
		if fl.Placeholder != "" {
			in.Placeholder = plain(fl.Placeholder, maxPlaceholder)
		}
		in.Multiline = fl.Long
		in.InitialValue = fl.Value
		if fl.MaxLen > 0 {
			in.MaxLength = min(fl.MaxLen, maxInputLen)
		} else {
			in.MaxLength = maxInputLen
		}
		blk := slackgo.NewInputBlock(fl.ID, plain(orDefault(fl.Label, fl.ID), maxLabel), nil, in)
		blk.Optional = !fl.Required
		v.Blocks.BlockSet = append(v.Blocks.BlockSet, blk)
	}
	return v
}

// chunks cuts s into pieces of at most n characters, at line breaks where
// possible.
func chunks(s string, n int) []string {
	if s == "" {
		return nil
	}
	var out []string
	for len([]rune(s)) > n {
		r := []rune(s)
		cut := n
		if i := strings.LastIndex(string(r[:n]), "\n"); i > 0 {
			cut = len([]rune(string(r[:n])[:i]))
		}
		// never cut an entity (&amp;, &lt;, &gt;) in two
		for k := cut - 1; k >= 0 && k > cut-5; k-- {
			if r[k] == ';' {
				break
			}
			if r[k] == '&' && k > 0 {
				cut = k
				break
			}
		}
		out = append(out, string(r[:cut]))
		s = strings.TrimLeft(string(r[cut:]), "\n")
	}
	if s != "" {
		out = append(out, s)
	}
	return out
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// clip cuts s to at most n characters, ending with … when cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
