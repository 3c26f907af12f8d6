package core

import "strings"

// boldLines makes each line of s bold on its own. Markdown bold does not
// span line breaks on every platform (Slack's mrkdwn needs the marks on
// one line), and a question may have several lines: a questionnaire item
// under its stem ("Over the last 2 weeks, …" then the item).
func boldLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if t := strings.TrimSpace(l); t != "" {
			lines[i] = "**" + t + "**"
		}
	}
	return strings.Join(lines, "\n")
}
