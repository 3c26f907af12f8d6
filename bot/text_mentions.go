package bot

import "strings"

// pingWords follow an @ to notify everyone: Discord's @everyone and @here,
// Slack's @channel (and @here).
var pingWords = []string{"everyone", "here", "channel"}

// NoPing neutralises mentions in user-supplied text the bot may echo (names,
// shared answers, notes): a WORD JOINER (U+2060, invisible) after the @ of
// @everyone, @here and @channel in any case, and after the < of raw mention
// forms (<@id>, <@!id>, <@&role>, <!here>, <!channel>, <!subteam^…>), stops
// the platform from parsing a mention: the text shows as typed and pings
// nobody. CleanText applies it; it is idempotent because CleanText strips
// the joiners before adding them again. Adapters must still send
// allowed_mentions (Discord) that allow no pings from content.
func NoPing(s string) string {
	if !strings.ContainsAny(s, "@<") {
		return s
	}
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		sb.WriteByte(c)
		switch {
		case c == '<' && i+1 < len(s) && (s[i+1] == '@' || s[i+1] == '!'):
			sb.WriteString("\u2060")
		case c == '@':
			for _, w := range pingWords {
				if len(s)-i-1 >= len(w) && strings.EqualFold(s[i+1:i+1+len(w)], w) {
					sb.WriteString("\u2060")
					break
				}
			}
		}
	}
	return sb.String()
}
