package discord

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/bwmarrin/discordgo"

	"groupwork/bot"
)

// What a group's people may do in its channel, and what the bot needs there.
const (
	memberAllow = discordgo.PermissionViewChannel | discordgo.PermissionSendMessages | discordgo.PermissionReadMessageHistory
	botAllow    = memberAllow | discordgo.PermissionEmbedLinks | discordgo.PermissionAttachFiles
)

// CreatePrivateChannel creates a text channel in place's guild that only the
// bot and userIDs can see: @everyone is denied View Channel, and the bot and
// each person get a member overwrite. Members with Administrator still see
// it (Discord gives them every channel); Outsiders names them.
func (a *Adapter) CreatePrivateChannel(ctx context.Context, place bot.Place, name string, userIDs []string) (string, error) {
	if place.GuildID == "" {
		return "", errors.New("discord: a private channel needs a server (guild), not a DM")
	}
	botID, err := a.botUser(ctx)
	if err != nil {
		return "", err
	}
	ows := []*discordgo.PermissionOverwrite{
		{ID: place.GuildID, Type: discordgo.PermissionOverwriteTypeRole, Deny: discordgo.PermissionViewChannel},
		{ID: botID, Type: discordgo.PermissionOverwriteTypeMember, Allow: botAllow},
	}
	for _, u := range userIDs {
		if u != botID {
			ows = append(ows, &discordgo.PermissionOverwrite{ID: u, Type: discordgo.PermissionOverwriteTypeMember, Allow: memberAllow})
		}
	}
	ch, err := a.s.GuildChannelCreateComplex(place.GuildID, discordgo.GuildChannelCreateData{
		Name: channelName(name), Type: discordgo.ChannelTypeGuildText, PermissionOverwrites: ows,
	}, discordgo.WithContext(ctx))
	if err != nil {
		return "", fmt.Errorf("discord: create private channel in guild %s: %s", place.GuildID, redact(err))
	}
	a.log.Info("private channel created", "guild", place.GuildID, "channel", ch.ID, "people", len(userIDs))
	return ch.ID, nil
}

// Grant lets userID see and write in channelID (a member overwrite).
func (a *Adapter) Grant(ctx context.Context, channelID, userID string) error {
	err := a.s.ChannelPermissionSet(channelID, userID, discordgo.PermissionOverwriteTypeMember, memberAllow, 0, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("discord: grant %s in channel %s: %s", userID, channelID, redact(err))
	}
	return nil
}

// Revoke takes the channel away from userID with an explicit deny, which
// wins over any role that would let them see it (except Administrator).
func (a *Adapter) Revoke(ctx context.Context, channelID, userID string) error {
	err := a.s.ChannelPermissionSet(channelID, userID, discordgo.PermissionOverwriteTypeMember, 0, memberAllow, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("discord: revoke %s in channel %s: %s", userID, channelID, redact(err))
	}
	return nil
}

// Outsiders returns who can read channelID besides userIDs and the bot, as
// display strings, sorted:
//   - "server owner <name>" — the owner sees every channel;
//   - "role @Name (administrator)" for each role with Administrator, which
//     bypasses channel overwrites;
//   - "role @Name" for each role (@everyone included) whose members can view
//     the channel (see canView);
//   - "<name>" for a member overwrite that allows viewing someone else.
//
// The bot's own managed role is not listed: the bot is in the group.
// Members of roles are not listed: listing a server's members needs the
// privileged Server Members intent, which the bot does not ask for.
func (a *Adapter) Outsiders(ctx context.Context, channelID string, userIDs []string) ([]string, error) {
	opt := discordgo.WithContext(ctx)
	ch, err := a.s.Channel(channelID, opt)
	if err != nil {
		return nil, fmt.Errorf("discord: read channel %s: %s", channelID, redact(err))
	}
	if ch.GuildID == "" {
		return nil, nil
	}
	roles, err := a.s.GuildRoles(ch.GuildID, opt)
	if err != nil {
		return nil, fmt.Errorf("discord: read roles of guild %s: %s", ch.GuildID, redact(err))
	}
	g, err := a.s.Guild(ch.GuildID, opt)
	if err != nil {
		return nil, fmt.Errorf("discord: read guild %s: %s", ch.GuildID, redact(err))
	}
	botID, _ := a.botUser(ctx)
	inGroup := map[string]bool{botID: true}
	for _, u := range userIDs {
		inGroup[u] = true
	}
	own := a.ownRoles(ctx, ch.GuildID, botID, roles)
	var everyone int64
	for _, r := range roles {
		if r.ID == ch.GuildID {
			everyone = r.Permissions
		}
	}
	var out []string
	if g.OwnerID != "" && !inGroup[g.OwnerID] {
		out = append(out, "server owner "+a.memberName(ctx, ch.GuildID, g.OwnerID))
	}
	for _, r := range roles {
		if own[r.ID] {
			continue
		}
		name := "@" + strings.TrimPrefix(r.Name, "@")
		switch admin, view := canView(ch, everyone, r); {
		case admin:
			out = append(out, "role "+name+" (administrator)")
		case view:
			out = append(out, "role "+name)
		}
	}
	for _, o := range ch.PermissionOverwrites {
		if o.Type == discordgo.PermissionOverwriteTypeMember && !inGroup[o.ID] && o.Allow&discordgo.PermissionViewChannel != 0 {
			out = append(out, a.memberName(ctx, ch.GuildID, o.ID))
		}
	}
	sort.Strings(out)
	return out, nil
}

// canView reports whether a member who has role r (and @everyone, whose
// base permissions are everyone) is an administrator, or else can view
// channel ch. Discord computes it in this order: base permissions of
// @everyone and the role; Administrator allows everything; then the
// channel's @everyone overwrite, then the role's overwrite, each removing
// its denies and adding its allows. So a deny of View Channel on @everyone
// hides the channel from a role that may view channels server-wide, unless
// that role's own overwrite allows it.
func canView(ch *discordgo.Channel, everyone int64, r *discordgo.Role) (admin, view bool) {
	perms := everyone | r.Permissions
	if perms&discordgo.PermissionAdministrator != 0 {
		return true, true
	}
	apply := func(id string) {
		for _, o := range ch.PermissionOverwrites {
			if o.ID == id && o.Type == discordgo.PermissionOverwriteTypeRole {
				perms = perms&^o.Deny | o.Allow
			}
		}
	}
	apply(ch.GuildID) // @everyone's role id is the guild's id
	if r.ID != ch.GuildID {
		apply(r.ID)
	}
	return false, perms&discordgo.PermissionViewChannel != 0
}

// ownRoles returns which of roles are managed roles of the bot's own
// member: the role Discord made for the bot when it joined. When the bot's
// member cannot be read it returns none, so that the warning names the
// bot's role too rather than risk leaving out another.
func (a *Adapter) ownRoles(ctx context.Context, guildID, botID string, roles []*discordgo.Role) map[string]bool {
	own := map[string]bool{}
	if botID == "" {
		return own
	}
	m, err := a.s.GuildMember(guildID, botID, discordgo.WithContext(ctx))
	if err != nil {
		a.log.Warn("privacy check: read the bot's own roles", "guild", guildID, "err", redact(err))
		return own
	}
	mine := map[string]bool{}
	for _, id := range m.Roles {
		mine[id] = true
	}
	for _, r := range roles {
		if r.Managed && mine[r.ID] {
			own[r.ID] = true
		}
	}
	return own
}

func (a *Adapter) memberName(ctx context.Context, guildID, userID string) string {
	m, err := a.s.GuildMember(guildID, userID, discordgo.WithContext(ctx))
	if err != nil || m.User == nil {
		return "user " + userID
	}
	if m.Nick != "" {
		return m.Nick
	}
	return userName(m.User)
}

// botUser returns the bot's user id, asking Discord once when Run has not.
func (a *Adapter) botUser(ctx context.Context) (string, error) {
	a.mu.Lock()
	id := a.botID
	a.mu.Unlock()
	if id != "" {
		return id, nil
	}
	me, err := a.s.User("@me", discordgo.WithContext(ctx))
	if err != nil {
		return "", fmt.Errorf("discord: who am I: %s", redact(err))
	}
	a.mu.Lock()
	a.botID = me.ID
	a.mu.Unlock()
	return me.ID, nil
}

// channelName makes a Discord text channel name: lower case, dashes for
// spaces, at most 100 characters.
func channelName(name string) string {
	var sb strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(name)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			sb.WriteRune(r)
		case unicode.IsSpace(r):
			sb.WriteRune('-')
		}
	}
	s := clip(strings.Trim(sb.String(), "-"), 100)
	if s == "" {
		s = "group"
	}
	return strings.TrimSuffix(s, "…")
}

// onVoiceState turns VOICE_STATE_UPDATE into bot.Presence events: leaving
// a channel (also when switching) and joining one. The previous channel is
// remembered per guild and person while they are in voice.
func (a *Adapter) onVoiceState(_ *discordgo.Session, vs *discordgo.VoiceStateUpdate) {
	defer a.recoverLog("voice state", "")
	if vs == nil || vs.VoiceState == nil || vs.UserID == "" {
		return
	}
	key := vs.GuildID + "/" + vs.UserID
	a.mu.Lock()
	prev := a.voice[key]
	if vs.ChannelID == "" {
		delete(a.voice, key)
	} else {
		a.voice[key] = vs.ChannelID
	}
	a.mu.Unlock()
	user := bot.User{ID: vs.UserID}
	if vs.Member != nil {
		if vs.Member.User != nil {
			user.Name = userName(vs.Member.User)
		}
		if vs.Member.Nick != "" {
			user.Name = vs.Member.Nick
		}
	}
	now := time.Now()
	var evs []bot.Event
	mk := func(ch string, joined bool) *bot.Presence {
		return &bot.Presence{EventMeta: bot.EventMeta{User: user, Place: bot.Place{Platform: Platform, GuildID: vs.GuildID, ChannelID: ch}},
			VoiceChannelID: ch, Joined: joined, At: now}
	}
	if prev != "" && prev != vs.ChannelID {
		evs = append(evs, mk(prev, false))
	}
	if vs.ChannelID != "" && vs.ChannelID != prev {
		evs = append(evs, mk(vs.ChannelID, true))
	}
	if len(evs) == 0 {
		return
	}
	h, ctx, ok := a.begin()
	if !ok {
		return
	}
	select {
	case a.sem <- struct{}{}:
	default:
		a.inner.Done()
		a.log.Warn("work queue full; voice presence dropped", "guild", vs.GuildID, "user", vs.UserID)
		return
	}
	go func() {
		defer a.inner.Done()
		defer func() { <-a.sem }()
		defer a.recoverLog("presence", "")
		for _, ev := range evs {
			// the core answers presence with a reply nobody sees; ignore it
			_ = h.Handle(ctx, ev)
		}
	}()
}
