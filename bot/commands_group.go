package bot

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

const maxGroupName = 80

func (b *Bot) registerCommands() {
	r := b.router
	member := OptionSpec{Name: "member", Description: "the person", Type: OptUser, Required: true}
	exercise := OptionSpec{Name: "exercise", Description: "exercise id, see /exercise list", Type: OptString, Required: true, Complete: "exercise"}

	r.Command(CommandSpec{Name: "group", Sub: "create", Description: "Create a group in this channel; you become its lead therapist",
		Options: []OptionSpec{
			{Name: "name", Description: "the group's name", Type: OptString, Required: true},
			{Name: "timezone", Description: "IANA time zone, e.g. Europe/Berlin", Type: OptString, Complete: "timezone"},
			{Name: "channel", Description: "here (use this channel) or new (create a private channel)", Type: OptString, Choices: []string{"here", "new"}},
			regionOption,
		},
		Access: AccessAnyone, Handle: b.groupCreate})
	r.Command(CommandSpec{Name: "group", Sub: "add", Description: "Add a person to this group",
		Options: []OptionSpec{member, {Name: "role", Description: "member, co-therapist or observer", Type: OptString,
			Choices: []string{string(RoleMember), string(RoleCoTherapist), string(RoleObserver)}}},
		Access: AccessTherapist, Handle: b.groupAdd})
	r.Command(CommandSpec{Name: "group", Sub: "remove", Description: "Remove a person from this group (their past record is kept)",
		Options: []OptionSpec{member}, Access: AccessTherapist, Handle: b.groupRemove})
	r.Command(CommandSpec{Name: "group", Sub: "info", Description: "Show this group, its therapists and members",
		Access: AccessMember, Handle: b.groupInfo})

	r.Command(CommandSpec{Name: "exercise", Sub: "list", Description: "List the exercises you can use",
		Access: AccessAnyone, Handle: b.exerciseList})
	r.Command(CommandSpec{Name: "exercise", Sub: "preview", Description: "Show an exercise's questions privately",
		Options: []OptionSpec{exercise}, Access: AccessAnyone, Handle: b.exercisePreview})
	r.Command(CommandSpec{Name: "exercise", Sub: "start", Description: "Post an exercise to this group now",
		Options: []OptionSpec{exercise}, Access: AccessTherapist, Handle: b.exerciseStart})
	r.Command(CommandSpec{Name: "exercise", Sub: "stop", Description: "Close this group's open exercises (or one of them)",
		Options: []OptionSpec{{Name: "exercise", Description: "only this exercise", Type: OptString, Complete: "exercise"}},
		Access:  AccessTherapist, Handle: b.exerciseStop})

	r.Command(CommandSpec{Name: "review", Sub: "group", Description: "Participation of every member (private to you)",
		Options: []OptionSpec{periodOption}, Access: AccessStaff, Handle: b.reviewGroupReport})
	r.Command(CommandSpec{Name: "review", Sub: "member", Description: "One member's progress-note summary (private to you)",
		Options: []OptionSpec{member, periodOption}, Access: AccessTherapist, Handle: b.reviewMemberNote})

	r.Command(CommandSpec{Name: "privacy", Description: "Who sees your answers; accept or decline",
		Options: []OptionSpec{{Name: "choice", Description: "accept or decline", Type: OptString, Choices: []string{"accept", "decline"}}},
		Access:  AccessMember, Handle: b.privacy})
	r.Command(CommandSpec{Name: "mydata", Description: "See and download what this group holds about you",
		Access: AccessMember, Handle: b.myData})
	r.Command(CommandSpec{Name: "help", Description: "What you can do here",
		Options: []OptionSpec{{Name: "command", Description: "a command to explain", Type: OptString}},
		Access:  AccessAnyone, Handle: b.help})
}

func (b *Bot) groupCreate(ctx context.Context, req *Request) (Reply, error) {
	meta := req.Event.Meta()
	if len(b.cfg.GroupCreators) > 0 && !contains(b.cfg.GroupCreators, meta.User.ID) {
		return Reply{}, Errorf(EForbidden, "Only the therapists set up by your practice can create groups. Ask your IT contact to add you.")
	}
	if meta.Place.DM {
		return Reply{}, Errorf(EInvalid, "Create a group from inside the channel it should use, not a direct message.")
	}
	name, _ := req.Cmd.String("name")
	name = CleanText(name)
	if name == "" || utf8.RuneCountInString(name) > maxGroupName {
		return Reply{}, Errorf(EInvalid, "A group name needs 1 to %d characters.", maxGroupName)
	}
	if req.Group != nil {
		return Reply{}, Errorf(EConflict, "This channel already has the group %q.", req.Group.Name)
	}
	tz, _ := req.Cmd.String("timezone")
	if tz == "" {
		tz = b.cfg.DefaultTimeZone
	}
	if _, err := time.LoadLocation(tz); err != nil || tz == "Local" {
		return Reply{}, Errorf(EInvalid, "%q is not a time zone I know. Use a name like Europe/Berlin or America/New_York.", tz)
	}
	region, why := b.defaultRegion(tz)
	if raw, _ := req.Cmd.String("region"); strings.TrimSpace(raw) != "" {
		code, err := b.parseRegion(raw)
		if err != nil {
			return Reply{}, err
		}
		region, why = code, "as you chose"
	}
	where, _ := req.Cmd.String("channel")
	channelID := meta.Place.ChannelID
	cm := b.channelManager(meta.Place.Platform)
	if where == "new" {
		if cm == nil {
			return Reply{}, Errorf(EInvalid, "I cannot create channels here. Create a private channel yourself, add me to it, and use /group create there.")
		}
		id, err := cm.CreatePrivateChannel(ctx, meta.Place, name, []string{meta.User.ID})
		if err != nil {
			return Reply{}, fmt.Errorf("create private channel: %w", err)
		}
		channelID = id
	}
	g := &Group{Name: name, Platform: meta.Place.Platform, ChannelID: channelID, TimeZone: tz, Region: region, CreatedBy: meta.User.ID, CreatedAt: req.Now}
	lead := &Membership{UserID: meta.User.ID, DisplayName: meta.User.Name, Role: RoleLead, JoinedAt: req.Now}
	if err := b.store.CreateGroup(ctx, g, lead); err != nil {
		return Reply{}, err
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
		if _, err := a.Post(ctx, g.ChannelID, Message{Text: welcome, Key: fmt.Sprintf("group-%d", g.ID)}); err != nil {
			b.log.Warn("post group welcome failed", "group", g.ID, "err", err)
		}
	}
	return Reply{Message: &Message{Text: text}, Private: true}, nil
}

// channelManager returns the platform's ChannelManager, or nil when its
// adapter cannot manage channels.
func (b *Bot) channelManager(platform string) ChannelManager {
	a, err := b.adapter(platform)
	if err != nil {
		return nil
	}
	cm, _ := a.(ChannelManager)
	return cm
}

// privacyWarning tells the therapist who outside the group can read its
// channel (server administrators bypass channel permissions), or "" when
// nobody can or the platform cannot tell.
func (b *Bot) privacyWarning(ctx context.Context, cm ChannelManager, g *Group) string {
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

func (b *Bot) groupAdd(ctx context.Context, req *Request) (Reply, error) {
	uid, _ := req.Cmd.UserOpt("member")
	roleName, _ := req.Cmd.String("role")
	if roleName == "" {
		roleName = string(RoleMember)
	}
	role, err := ParseRole(roleName)
	if err != nil {
		return Reply{}, err
	}
	// The name the platform reported, kept as it is (text.go): adapters
	// neutralise it where they show it.
	name := req.Cmd.Names[uid]
	if Blank(name) || CheckMemberText(name) != "" {
		name = uid
	}
	m := &Membership{GroupID: req.Group.ID, UserID: uid, DisplayName: name, Role: role, JoinedAt: req.Now}
	if err := b.store.AddMember(ctx, m); err != nil {
		if ErrorCode(err) == EConflict {
			return Reply{}, Errorf(EConflict, "%s is already in this group.", name)
		}
		return Reply{}, err
	}
	if cm := b.channelManager(req.Group.Platform); cm != nil {
		if err := cm.Grant(ctx, req.Group.ChannelID, uid); err != nil {
			b.log.Warn("grant channel access failed", "group", req.Group.ID, "err", err)
			return PrivateText(fmt.Sprintf("Added %s to **%s** as %s, but I could not give them access to this channel. Please add them to it yourself.", name, req.Group.Name, role)), nil
		}
	}
	text := fmt.Sprintf("Added %s to **%s** as %s.", name, req.Group.Name, role)
	if role == RoleMember {
		text += " They will be asked to read and accept the privacy notice before their first answer."
	}
	return Reply{Message: &Message{Text: text}, Private: true}, nil
}

func (b *Bot) groupRemove(ctx context.Context, req *Request) (Reply, error) {
	uid, _ := req.Cmd.UserOpt("member")
	m, err := b.store.Membership(ctx, req.Group.ID, uid)
	if err != nil {
		if ErrorCode(err) == ENotFound {
			return Reply{}, Errorf(ENotFound, "That person is not in this group.")
		}
		return Reply{}, err
	}
	if m.Role == RoleLead {
		return Reply{}, Errorf(EInvalid, "The lead therapist cannot be removed from their own group.")
	}
	if err := b.store.EndMembership(ctx, req.Group.ID, uid, req.Now); err != nil {
		return Reply{}, err
	}
	if cm := b.channelManager(req.Group.Platform); cm != nil {
		if err := cm.Revoke(ctx, req.Group.ChannelID, uid); err != nil {
			b.log.Warn("revoke channel access failed", "group", req.Group.ID, "err", err)
			return PrivateText(fmt.Sprintf("Removed %s from **%s**, but I could not take away their access to this channel. Please remove it yourself.", m.DisplayName, req.Group.Name)), nil
		}
	}
	text := fmt.Sprintf("Removed %s from **%s**. Their past participation stays in the record.", m.DisplayName, req.Group.Name)
	if m.Role.Therapist() {
		text += b.noBackupWarning(ctx, req.Group)
	}
	return PrivateText(text), nil
}

func (b *Bot) groupInfo(ctx context.Context, req *Request) (Reply, error) {
	ms, err := b.store.Memberships(ctx, req.Group.ID)
	if err != nil {
		return Reply{}, err
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "**%s** · time zone %s · since %s\n", req.Group.Name, req.Group.TimeZone, req.Group.CreatedAt.In(req.Group.location()).Format("2 Jan 2006"))
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
				return Reply{}, err
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
	return PrivateText(strings.TrimRight(sb.String(), "\n")), nil
}

func consentWords(s ConsentState) string {
	switch s {
	case ConsentAccepted:
		return "accepted"
	case ConsentDeclined:
		return "declined"
	}
	return "not yet answered"
}
