package slack

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"

	slackgo "github.com/slack-go/slack"

	"groupwork/bot"
)

// CreatePrivateChannel creates a private channel (conversations.create
// with is_private) in the place's workspace and invites userIDs; the bot,
// as its creator, is in it already. A taken name gets a numbered suffix.
func (a *Adapter) CreatePrivateChannel(ctx context.Context, place bot.Place, name string, userIDs []string) (string, error) {
	base := channelName(name)
	var ch *slackgo.Channel
	var err error
	for i := 1; i <= 5; i++ {
		n := base
		if i > 1 {
			n = fmt.Sprintf("%s-%d", clip(base, 75), i)
		}
		err = a.retry(ctx, func() error {
			var err error
			ch, err = a.api.CreateConversationContext(ctx, slackgo.CreateConversationParams{ChannelName: n, IsPrivate: true, TeamID: place.GuildID})
			return err
		})
		if !isSlackError(err, "name_taken") {
			break
		}
	}
	if err != nil {
		return "", fmt.Errorf("slack: create private channel: %s", redact(err))
	}
	botID, _ := a.botUser(ctx)
	var invite []string
	for _, u := range userIDs {
		if u != botID && u != "" {
			invite = append(invite, u)
		}
	}
	if len(invite) > 0 {
		if err := a.invite(ctx, ch.ID, invite...); err != nil {
			return ch.ID, err
		}
	}
	a.log.Info("private channel created", "team", place.GuildID, "channel", ch.ID, "people", len(userIDs))
	return ch.ID, nil
}

func (a *Adapter) invite(ctx context.Context, channelID string, users ...string) error {
	err := a.retry(ctx, func() error {
		_, err := a.api.InviteUsersToConversationContext(ctx, channelID, users...)
		return err
	})
	if err != nil && !isSlackError(err, "already_in_channel") {
		return fmt.Errorf("slack: invite to channel %s: %s", channelID, redact(err))
	}
	return nil
}

// Grant invites userID into channelID.
func (a *Adapter) Grant(ctx context.Context, channelID, userID string) error {
	return a.invite(ctx, channelID, userID)
}

// Revoke removes userID from channelID (conversations.kick).
func (a *Adapter) Revoke(ctx context.Context, channelID, userID string) error {
	err := a.retry(ctx, func() error { return a.api.KickUserFromConversationContext(ctx, channelID, userID) })
	if err != nil && !isSlackError(err, "not_in_channel") {
		return fmt.Errorf("slack: remove %s from channel %s: %s", userID, channelID, redact(err))
	}
	return nil
}

// Outsiders returns who can read channelID besides userIDs and the bot:
// members of the channel who are not in the group, by name, and always
// the workspace's owners and admins, who can see private channels on some
// plans (Enterprise Grid org admins, and exports on Business+) — Slack
// does not say per channel, so it is said plainly. A public channel is
// reported as readable by everyone in the workspace.
func (a *Adapter) Outsiders(ctx context.Context, channelID string, userIDs []string) ([]string, error) {
	var info *slackgo.Channel
	err := a.retry(ctx, func() error {
		var err error
		info, err = a.api.GetConversationInfoContext(ctx, &slackgo.GetConversationInfoInput{ChannelID: channelID})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("slack: read channel %s: %s", channelID, redact(err))
	}
	var out []string
	if !info.IsPrivate && !info.IsIM {
		out = append(out, "everyone in the workspace (this channel is public)")
	}
	members, _, err := a.api.GetUsersInConversationContext(ctx, &slackgo.GetUsersInConversationParameters{ChannelID: channelID, Limit: 200})
	if err != nil {
		return nil, fmt.Errorf("slack: list members of %s: %s", channelID, redact(err))
	}
	botID, _ := a.botUser(ctx)
	in := map[string]bool{botID: true}
	for _, u := range userIDs {
		in[u] = true
	}
	for _, m := range members {
		if !in[m] {
			out = append(out, a.userName(ctx, m))
		}
	}
	out = append(out, "workspace owners and admins (on some Slack plans they can read private channels and export them)")
	return out, nil
}

func (a *Adapter) userName(ctx context.Context, id string) string {
	u, err := a.api.GetUserInfoContext(ctx, id)
	if err != nil {
		return "user " + id
	}
	return orDefault(u.Profile.DisplayName, orDefault(u.RealName, u.Name))
}

// CheckChannel tells the core whether a group may adopt channelID: it must
// be private, and the bot must be in it (conversations.info says both).
func (a *Adapter) CheckChannel(ctx context.Context, channelID string) (private, joined bool, err error) {
	info, err := a.api.GetConversationInfoContext(ctx, &slackgo.GetConversationInfoInput{ChannelID: channelID})
	switch {
	case isSlackError(err, "channel_not_found") || isSlackError(err, "not_in_channel"):
		return true, false, nil // a private channel the bot cannot see
	case err != nil:
		return false, false, fmt.Errorf("slack: read channel %s: %s", channelID, redact(err))
	}
	return info.IsPrivate, info.IsMember, nil
}

func isSlackError(err error, code string) bool {
	var se slackgo.SlackErrorResponse
	return errors.As(err, &se) && se.Err == code
}

// channelName makes a Slack channel name: lower case letters, digits, -
// and _, at most 80 characters.
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
	s := []rune(strings.Trim(sb.String(), "-"))
	if len(s) > 80 {
		s = s[:80]
	}
	if len(s) == 0 {
		return "group"
	}
	return string(s)
}
