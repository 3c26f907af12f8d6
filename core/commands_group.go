package core

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"groupwork/bot"
)

const maxGroupName = 80

func (b *Bot) groupCreate(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	meta := req.Event.Meta()
	if len(b.cfg.GroupCreators) > 0 && !slices.Contains(b.cfg.GroupCreators, meta.User.ID) {
		return bot.Reply{}, bot.Errorf(bot.EForbidden, "Only the therapists set up by your practice can create groups. Ask your IT contact to add you.")
	}
	if meta.Place.DM {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "Create a group from inside the channel it should use, not a direct message.")
	}
	name, _ := req.Cmd.String("name")
	name = bot.CleanText(name)
	if name == "" || utf8.RuneCountInString(name) > maxGroupName {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "A group name needs 1 to %d characters.", maxGroupName)
	}
	if req.Group != nil {
		return bot.Reply{}, bot.Errorf(bot.EConflict, "This channel already has the group %q.", req.Group.Name)
	}
	tz, _ := req.Cmd.String("timezone")
	if tz == "" {
		tz = b.cfg.DefaultTimeZone
	}
	if _, err := time.LoadLocation(tz); err != nil || tz == "Local" {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "%q is not a time zone I know. Use a name like Europe/Berlin or America/New_York.", tz)
	}
	region, why := b.defaultRegion(tz)
	if raw, _ := req.Cmd.String("region"); strings.TrimSpace(raw) != "" {
		code, err := b.parseRegion(raw)
		if err != nil {
			return bot.Reply{}, err
		}
		region, why = code, "as you chose"
	}
	where, _ := req.Cmd.String("channel")
	channelID := meta.Place.ChannelID
	cm := b.channelManager(meta.Place.Platform)
	if where != "new" {
		if err := b.checkAdoptable(ctx, meta.Place.Platform, channelID); err != nil {
			return bot.Reply{}, err
		}
	}
	if where == "new" {
		if cm == nil {
			return bot.Reply{}, bot.Errorf(bot.EInvalid, "I cannot create channels here. Create a private channel yourself, add me to it, and use /group create there.")
		}
		id, err := cm.CreatePrivateChannel(ctx, meta.Place, name, []string{meta.User.ID})
		if err != nil {
			return bot.Reply{}, fmt.Errorf("create private channel: %w", err)
		}
		channelID = id
	}
	g := &bot.Group{Name: name, Platform: meta.Place.Platform, ChannelID: channelID, TimeZone: tz, Region: region, CreatedBy: meta.User.ID, CreatedAt: req.Now}
	lead := &bot.Membership{UserID: meta.User.ID, DisplayName: meta.User.Name, Role: bot.RoleLead, JoinedAt: req.Now}
	if err := b.store.CreateGroup(ctx, g, lead); err != nil {
		return bot.Reply{}, err
	}
	b.log.Info("group created", "group", g.ID, "platform", g.Platform, "new_channel", where == "new")
	text := fmt.Sprintf("Group **%s** is set up in this channel (time zone %s). %s is its lead therapist.\nAdd people with /group add, then start an exercise with /exercise start.", g.Name, g.TimeZone, meta.User.Name)
	if where == "new" {
		text = fmt.Sprintf("Group **%s** has a new private channel that only its people and I can read (time zone %s). %s is its lead therapist.\nAdd people with /group add in that channel: they get access to it.", g.Name, g.TimeZone, meta.User.Name)
	}
	// The details and any privacy warning are for the therapist only; the
	// channel gets a short welcome.
	b.noteRegion(g)
	text += "\n" + b.regionReport(g, why)
	text += b.privacyWarning(ctx, cm, g)
	text += b.noBackupWarning(ctx, g)
	if a, err := b.adapter(g.Platform); err == nil {
		welcome := fmt.Sprintf("This channel is now the home of **%s**, led by %s. Exercises will appear here. Your answers are seen by your therapists only, unless you choose to share one.", g.Name, meta.User.Name)
		if _, err := a.Post(ctx, g.ChannelID, bot.Message{Text: welcome, Key: fmt.Sprintf("group-%d", g.ID)}); err != nil {
			b.log.Warn("post group welcome failed", "group", g.ID, "err", err)
		}
	}
	return bot.Reply{Message: &bot.Message{Text: text}, Private: true}, nil
}

// channelManager returns the platform's ChannelManager, or nil when its
// adapter cannot manage channels.
func (b *Bot) channelManager(platform string) bot.ChannelManager {
	a, err := b.adapter(platform)
	if err != nil {
		return nil
	}
	cm, _ := a.(bot.ChannelManager)
	return cm
}

// privacyWarning tells the therapist who outside the group can read its
// channel (server administrators bypass channel permissions), or "" when
// nobody can or the platform cannot tell.
func (b *Bot) privacyWarning(ctx context.Context, cm bot.ChannelManager, g *bot.Group) string {
	if cm == nil {
		return "\n_I cannot check who else can read this channel here: please make sure it is private to the group._"
	}
	ms, err := b.store.Memberships(ctx, g.ID)
	if err != nil {
		b.log.Warn("privacy check: memberships", "group", g.ID, "err", err)
		return ""
	}
	var ids []string
	for _, m := range ms {
		if m.Active(b.clock.Now()) {
			ids = append(ids, m.UserID)
		}
	}
	out, err := cm.Outsiders(ctx, g.ChannelID, ids)
	if err != nil {
		b.log.Warn("privacy check failed", "group", g.ID, "err", err)
		return "\n_I could not check who else can read this channel: please make sure it is private to the group._"
	}
	if len(out) == 0 {
		return ""
	}
	return fmt.Sprintf("\n**Privacy warning:** people outside the group can read this channel: %s. Server administrators can read every channel; consider a server with fewer administrators.", strings.Join(out, ", "))
}

func (b *Bot) groupAdd(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	uid, _ := req.Cmd.UserOpt("member")
	roleName, _ := req.Cmd.String("role")
	if roleName == "" {
		roleName = string(bot.RoleMember)
	}
	role, err := bot.ParseRole(roleName)
	if err != nil {
		return bot.Reply{}, err
	}
	// The name the platform reported, kept as it is (text.go): adapters
	// neutralise it where they show it.
	name := req.Cmd.Names[uid]
	if bot.Blank(name) || bot.CheckMemberText(name) != "" {
		name = uid
	}
	m := &bot.Membership{GroupID: req.Group.ID, UserID: uid, DisplayName: name, Role: role, JoinedAt: req.Now}
	if err := b.store.AddMember(ctx, m); err != nil {
		if bot.ErrorCode(err) == bot.EConflict {
			return bot.Reply{}, bot.Errorf(bot.EConflict, "%s is already in this group.", name)
		}
		return bot.Reply{}, err
	}
	if cm := b.channelManager(req.Group.Platform); cm != nil {
		if err := cm.Grant(ctx, req.Group.ChannelID, uid); err != nil {
			b.log.Warn("grant channel access failed", "group", req.Group.ID, "err", err)
			return bot.PrivateText(fmt.Sprintf("Added %s to **%s** as %s, but I could not give them access to this channel. Please add them to it yourself.", name, req.Group.Name, role)), nil
		}
	}
	text := fmt.Sprintf("Added %s to **%s** as %s.", name, req.Group.Name, role)
	if role == bot.RoleMember {
		text += " They will be asked to read and accept the privacy notice before their first answer."
	}
	return bot.Reply{Message: &bot.Message{Text: text}, Private: true}, nil
}

func (b *Bot) groupRemove(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	uid, _ := req.Cmd.UserOpt("member")
	m, err := b.store.Membership(ctx, req.Group.ID, uid)
	if err != nil {
		if bot.ErrorCode(err) == bot.ENotFound {
			return bot.Reply{}, bot.Errorf(bot.ENotFound, "That person is not in this group.")
		}
		return bot.Reply{}, err
	}
	if m.Role == bot.RoleLead {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "The lead therapist cannot be removed from their own group.")
	}
	if err := b.store.EndMembership(ctx, req.Group.ID, uid, req.Now); err != nil {
		return bot.Reply{}, err
	}
	if cm := b.channelManager(req.Group.Platform); cm != nil {
		if err := cm.Revoke(ctx, req.Group.ChannelID, uid); err != nil {
			b.log.Warn("revoke channel access failed", "group", req.Group.ID, "err", err)
			return bot.PrivateText(fmt.Sprintf("Removed %s from **%s**, but I could not take away their access to this channel. Please remove it yourself.", m.DisplayName, req.Group.Name)), nil
		}
	}
	text := fmt.Sprintf("Removed %s from **%s**. Their past participation stays in the record.", m.DisplayName, req.Group.Name)
	if m.Role.Therapist() {
		text += b.noBackupWarning(ctx, req.Group)
	}
	return bot.PrivateText(text), nil
}

func (b *Bot) groupInfo(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	ms, err := b.store.Memberships(ctx, req.Group.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "**%s** · time zone %s · since %s\n", req.Group.Name, req.Group.TimeZone, req.Group.CreatedAt.In(req.Group.Location()).Format("2 Jan 2006"))
	fmt.Fprintf(&sb, "Crisis numbers: %s\n", b.groupRegionWords(req.Group))
	var therapists, members []string
	for _, m := range ms {
		if !m.Active(req.Now) {
			continue
		}
		switch {
		case m.Role.Staff():
			therapists = append(therapists, fmt.Sprintf("%s (%s)", m.DisplayName, m.Role))
		case req.Member.Role.Therapist():
			c, err := b.store.Consent(ctx, req.Group.ID, m.UserID)
			if err != nil {
				return bot.Reply{}, err
			}
			members = append(members, fmt.Sprintf("%s — consent: %s", m.DisplayName, b.consentStatus(ctx, c)))
		default:
			members = append(members, m.DisplayName)
		}
	}
	fmt.Fprintf(&sb, "Therapists: %s\n", strings.Join(therapists, ", "))
	if req.Member.Role.Therapist() {
		fmt.Fprintf(&sb, "Members (%d):\n", len(members))
		for _, m := range members {
			sb.WriteString("- " + m + "\n")
		}
		sb.WriteString(strings.TrimPrefix(b.noBackupWarning(ctx, req.Group), "\n"))
	} else {
		fmt.Fprintf(&sb, "Members: %d\n", len(members))
	}
	return bot.PrivateText(strings.TrimRight(sb.String(), "\n")), nil
}

func consentWords(s bot.ConsentState) string {
	switch s {
	case bot.ConsentAccepted:
		return "accepted"
	case bot.ConsentDeclined:
		return "declined"
	}
	return "not yet answered"
}

// checkAdoptable refuses to make a group of a channel that everyone in the
// workspace can read, or that the bot is not in (it could not post there),
// when the platform can tell (bot.ChannelChecker). When it cannot tell, the
// group is created and privacyWarning says who else reads the channel.
func (b *Bot) checkAdoptable(ctx context.Context, platform, channelID string) error {
	a, err := b.adapter(platform)
	if err != nil {
		return nil
	}
	cc, ok := a.(bot.ChannelChecker)
	if !ok {
		return nil
	}
	private, joined, err := cc.CheckChannel(ctx, channelID)
	switch {
	case err != nil:
		b.log.Warn("could not check the channel before adopting it", "platform", platform, "err", err)
	case !private:
		return bot.Errorf(bot.EInvalid, "This channel is public: everyone in the workspace could read the group's answers. Run this in a private channel, or type /group create \"Name\" channel:new and I will create a private channel for the group and invite you.")
	case !joined:
		return bot.Errorf(bot.EInvalid, "I am not in this channel yet, so I cannot run a group here. Add me to it first, then run /group create again — or use /group create \"Name\" channel:new and I will make a private channel for the group.")
	}
	return nil
}
