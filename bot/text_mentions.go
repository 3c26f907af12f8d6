package bot

import "strings"

// pingers are the spellings that make Discord or Slack notify people when a
// message containing them is posted: @everyone, @here, Slack's @channel,
// and the raw mention forms <@id>, <@!id>, <@&role>, <!here>, <!channel>,
// <!everyone>, <!subteam^…>.
var pingers = strings.NewReplacer(
	"@everyone", "@\u2060everyone",
	"@here", "@\u2060here",
	"@channel", "@\u2060channel",
	"<@", "<\u2060@",
	"<!", "<\u2060!",
)

// NoPing neutralises mentions in user-supplied text the bot may echo (names,
// shared answers, notes): a WORD JOINER (U+2060, invisible) after the @ or
// the < stops the platform from parsing a mention, so the text shows as
// typed and pings nobody. CleanText applies it; it is idempotent because
// CleanText strips the joiners before adding them again. Adapters must
// still send allowed_mentions (Discord) that allow no pings from content.
func NoPing(s string) string {
	lower := strings.ToLower(s)
	if !strings.Contains(lower, "@") && !strings.Contains(s, "<!") {
		return s
	}
	// Case variants (@Everyone) are mentions too on some clients: neutralise
	// them by matching on a lower-case copy.
	if s != lower {
		var sb strings.Builder
		i := 0
		for i < len(s) {
			matched := false
			for _, p := range []string{"@everyone", "@here", "@channel"} {
				if strings.HasPrefix(lower[i:], p) && len(lower) == len(s) {
					sb.WriteString("@\u2060" + s[i+1:i+len(p)])
					i += len(p)
					matched = true
					break
				}
			}
			if !matched {
				sb.WriteByte(s[i])
				i++
			}
		}
		s = sb.String()
	}
	return pingers.Replace(s)
}
