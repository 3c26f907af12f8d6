package discord

import (
	"net/url"
	"strconv"

	"github.com/bwmarrin/discordgo"
)

// InvitePermissions is the smallest permission set the bot needs, each bit
// for a reason:
//   - View Channels (1<<10): see the group channels it posts into.
//   - Send Messages (1<<11): post exercises, reminders and results.
//   - Embed Links (1<<14): links in prompts (crisis resources) unfurl.
//   - Attach Files (1<<15): review charts (PNG) and exports (CSV).
//   - Read Message History (1<<16): edit and reference its own earlier posts.
//   - Manage Channels (1<<4): create a group's private channel.
//   - Manage Roles (1<<28): Discord requires it to set the permission
//     overwrites that keep a group channel private (grant/revoke members).
//
// Voice attendance needs no permission: voice state events come with the
// Guild Voice States intent, which is not privileged. Reading messages
// (Message Content) is not asked for: members answer through forms.
const InvitePermissions = discordgo.PermissionViewChannel |
	discordgo.PermissionSendMessages |
	discordgo.PermissionEmbedLinks |
	discordgo.PermissionAttachFiles |
	discordgo.PermissionReadMessageHistory |
	discordgo.PermissionManageChannels |
	discordgo.PermissionManageRoles

// InviteURL returns the OAuth2 URL a server admin opens to add the bot, with
// the scopes "bot" and "applications.commands" and InvitePermissions.
func InviteURL(applicationID string) string {
	q := url.Values{}
	q.Set("client_id", applicationID)
	q.Set("scope", "bot applications.commands")
	q.Set("permissions", strconv.FormatInt(InvitePermissions, 10))
	return "https://discord.com/oauth2/authorize?" + q.Encode()
}
