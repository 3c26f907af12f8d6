package discord

import (
	"strings"

	"groupwork/bot"
)

// zwsp (ZERO WIDTH SPACE) is what neutralise inserts: invisible, and it
// stops Discord from parsing the text around it as a mention or a link.
const zwsp = "\u200b"

// neutralise makes a message text safe to show on Discord without changing
// what a reader sees: what members write is stored as written (bot/text.go)
// and only made safe here, when it is shown.
//
//   - @everyone and @here (any case) get a zero-width space after the @, and
//     raw mentions <@id>, <@!id>, <@&role> and <#channel> one after the <,
//     so they show as typed and neither ping nor turn into a name.
//     allowed_mentions with an empty parse list also forbids every ping.
//   - A Markdown link [text](url) gets one between ] and (, so the address
//     shows in full instead of hiding behind the text.
//   - Bidirectional overrides, embeddings and isolates, and control
//     characters, are shown as codes (bot.ShowControls).
//
// The core never writes mentions or Markdown links itself, so the whole
// text is neutralised. It is idempotent.
func neutralise(s string) string {
	s = bot.ShowControls(s)
	if !strings.ContainsAny(s, "@<]") {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		sb.WriteByte(c)
		rest := s[i+1:]
		switch c {
		case '@':
			if hasFoldPrefix(rest, "everyone") || hasFoldPrefix(rest, "here") {
				sb.WriteString(zwsp)
			}
		case '<':
			if strings.HasPrefix(rest, "@") || strings.HasPrefix(rest, "#") {
				sb.WriteString(zwsp)
			}
		case ']':
			if strings.HasPrefix(rest, "(") {
				sb.WriteString(zwsp)
			}
		}
	}
	return sb.String()
}

func hasFoldPrefix(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
