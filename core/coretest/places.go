package coretest

import (
	"strings"

	"groupwork/bot"
)

// DoIn types a command line as user in another channel (for a second group,
// or a channel without one), then returns to the harness channel.
func (h *Harness) DoIn(channel, user, line string) bot.Reply {
	h.TB.Helper()
	h.mu.Lock()
	old := h.Channel
	h.Channel = channel
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		h.Channel = old
		h.mu.Unlock()
	}()
	return h.Do(user, line)
}

// MetaOn returns event metadata for user on another platform, in the
// harness channel's id (a user of another server or workspace).
func (h *Harness) MetaOn(platform, user string) bot.EventMeta {
	m := h.Meta(user)
	m.Place.Platform = platform
	m.Place.GuildID = "other-" + platform
	return m
}

// DMs returns the rendered texts sent privately to user, oldest first.
func (h *Harness) DMs(user string) []string {
	to := "dm:" + h.User(user).ID
	var out []string
	for _, p := range h.Adapter.Posts() {
		if p.To == to {
			text, _ := bot.Render(&p.Message)
			out = append(out, text)
		}
	}
	return out
}

// LastDM returns the last text sent privately to user, or "".
func (h *Harness) LastDM(user string) string {
	dms := h.DMs(user)
	if len(dms) == 0 {
		return ""
	}
	return dms[len(dms)-1]
}

// PostsTo returns the rendered texts posted into channel, oldest first.
func (h *Harness) PostsTo(channel string) []string {
	var out []string
	for _, p := range h.Adapter.Posts() {
		if p.To == channel && !strings.HasPrefix(p.To, "dm:") {
			text, _ := bot.Render(&p.Message)
			out = append(out, text)
		}
	}
	return out
}
