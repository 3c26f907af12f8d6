package core

import (
	"context"
	"fmt"
	"strings"

	"groupwork/bot"
	"groupwork/exercises"
)

// /level: members' levels in the levelled exercises (levels.go). A
// therapist may set a level, lock it so progression leaves it alone, unlock
// it, or reset it to level 1 (progression then starts afresh), and choose
// whether members see raw scores. Members see their own levels; every
// change says who made it, and showing one member's levels to a therapist
// is audited like any review.

// levelFamily finds the levelled exercise family named by an exercise id or
// a family name.
func (b *Bot) levelFamily(name string) (*exercises.Definition, error) {
	name = strings.TrimSpace(strings.ToLower(name))
	for _, d := range b.lib.List() {
		if d.Levelled() && (d.ID == name || d.FamilyID() == name) {
			return d, nil
		}
	}
	return nil, bot.Errorf(bot.ENotFound, "There is no exercise with levels called %q. Type /exercise list to see them.", name)
}

// levelTarget reads the member and exercise options of a /level command.
func (b *Bot) levelTarget(ctx context.Context, req *bot.Request) (*bot.Membership, *exercises.Definition, *bot.MemberLevel, error) {
	uid, _ := req.Cmd.UserOpt("member")
	m, err := b.store.Membership(ctx, req.Group.ID, uid)
	if err != nil || m.Role != bot.RoleMember {
		if err == nil || bot.ErrorCode(err) == bot.ENotFound {
			return nil, nil, nil, bot.Errorf(bot.ENotFound, "That person is not a member of this group.")
		}
		return nil, nil, nil, err
	}
	name, _ := req.Cmd.String("exercise")
	def, err := b.levelFamily(name)
	if err != nil {
		return nil, nil, nil, err
	}
	ml, err := b.memberLevel(ctx, req.Group.ID, uid, def.FamilyID())
	if err != nil {
		return nil, nil, nil, err
	}
	return m, def, ml, nil
}

// levelNumber reads the level option, checked against the exercise.
func levelNumber(req *bot.Request, def *exercises.Definition) (int, bool, error) {
	n, given, _ := req.Cmd.Int("level")
	if !given {
		return 0, false, nil
	}
	if n < 1 || int(n) > len(def.Levels) {
		return 0, false, bot.Errorf(bot.EInvalid, "%s has levels 1 to %d; %d is not one of them.", def.Title, len(def.Levels), n)
	}
	return int(n), true, nil
}

func (b *Bot) saveLevel(ctx context.Context, req *bot.Request, m *bot.Membership, def *exercises.Definition, ml *bot.MemberLevel, reason string) (bot.Reply, error) {
	ml.SetBy, ml.Reason, ml.UpdatedAt = req.Member.UserID, reason+" by "+req.Member.DisplayName, req.Now
	if err := b.store.SetMemberLevel(ctx, ml); err != nil {
		return bot.Reply{}, err
	}
	lock := "Progression moves it from here: up above %d%%, down below %d%% over the last %d tries."
	if ml.Locked {
		lock = "It is locked: it stays there until you unlock it (the thresholds would be %d%% and %d%% over %d tries)."
	}
	return bot.PrivateText(fmt.Sprintf("%s practises %s at level %d of %d. "+lock, m.DisplayName, def.Title, ml.Level, len(def.Levels),
		def.Progression.Up, def.Progression.Down, def.Progression.Over)), nil
}

func (b *Bot) levelSet(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	m, def, ml, err := b.levelTarget(ctx, req)
	if err != nil {
		return bot.Reply{}, err
	}
	n, _, err := levelNumber(req, def)
	if err != nil {
		return bot.Reply{}, err
	}
	ml.Level = n
	return b.saveLevel(ctx, req, m, def, ml, fmt.Sprintf("set to %d", n))
}

func (b *Bot) levelLock(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	m, def, ml, err := b.levelTarget(ctx, req)
	if err != nil {
		return bot.Reply{}, err
	}
	n, given, err := levelNumber(req, def)
	if err != nil {
		return bot.Reply{}, err
	}
	if given {
		ml.Level = n
	}
	ml.Locked = true
	return b.saveLevel(ctx, req, m, def, ml, fmt.Sprintf("locked at %d", ml.Level))
}

func (b *Bot) levelUnlock(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	m, def, ml, err := b.levelTarget(ctx, req)
	if err != nil {
		return bot.Reply{}, err
	}
	if !ml.Locked {
		return bot.PrivateText(fmt.Sprintf("%s's level in %s is not locked.", m.DisplayName, def.Title)), nil
	}
	ml.Locked = false
	return b.saveLevel(ctx, req, m, def, ml, "unlocked")
}

func (b *Bot) levelReset(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	m, def, ml, err := b.levelTarget(ctx, req)
	if err != nil {
		return bot.Reply{}, err
	}
	ml.Level, ml.Locked = 1, false
	return b.saveLevel(ctx, req, m, def, ml, "reset to 1")
}

func (b *Bot) levelScores(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	show, err := req.Cmd.Bool("show")
	if err != nil {
		cur, err := b.store.ShowScores(ctx, req.Group.ID)
		if err != nil {
			return bot.Reply{}, err
		}
		return bot.PrivateText(showScoresWords(cur) + " Change it with /level scores show:yes or show:no."), nil
	}
	if err := b.store.SetShowScores(ctx, req.Group.ID, show); err != nil {
		return bot.Reply{}, err
	}
	return bot.PrivateText(showScoresWords(show)), nil
}

func showScoresWords(show bool) string {
	if show {
		return "After an exercise with levels, members see their level and their score."
	}
	return "After an exercise with levels, members see their level (\"level 3 of 6\"), not their score."
}

// levelShow shows levels: a member their own; a therapist one member's
// (audited) or everyone's; an observer the group's counts only.
func (b *Bot) levelShow(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	uid, _ := req.Cmd.UserOpt("member")
	switch {
	case req.Member.Role == bot.RoleMember:
		if uid != "" && uid != req.Member.UserID {
			return bot.Reply{}, bot.Errorf(bot.EForbidden, "You can see your own levels. Your therapists see everyone's.")
		}
		uid = req.Member.UserID
	case req.Member.Role == bot.RoleObserver:
		return bot.Reply{}, bot.Errorf(bot.EForbidden, "As an observer you see group totals only: see /review group.")
	}
	ms, err := b.store.Memberships(ctx, req.Group.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	var sb strings.Builder
	own := req.Member.Role == bot.RoleMember
	if own {
		sb.WriteString("**Your levels**\n")
	} else {
		sb.WriteString("**Levels**\n")
	}
	var shown []string
	for _, m := range ms {
		if m.Role != bot.RoleMember || !m.Active(req.Now) || (uid != "" && m.UserID != uid) {
			continue
		}
		mls, err := b.store.MemberLevels(ctx, req.Group.ID, m.UserID)
		if err != nil {
			return bot.Reply{}, err
		}
		for _, d := range b.lib.List() {
			if !d.Levelled() || !firstOfFamily(b.lib.List(), d) {
				continue
			}
			ml := &bot.MemberLevel{Level: 1}
			for _, l := range mls {
				if l.Family == d.FamilyID() {
					ml = l
				}
			}
			if !own && ml.UpdatedAt.IsZero() {
				continue // never changed: level 1, said once below (keeps the list short)
			}
			if len(shown) == 0 || shown[len(shown)-1] != m.UserID {
				shown = append(shown, m.UserID)
			}
			if own {
				fmt.Fprintf(&sb, "- %s: level %d of %d\n", d.Title, ml.Level, len(d.Levels))
				continue
			}
			fmt.Fprintf(&sb, "- %s · %s: level %d of %d", m.DisplayName, d.Title, ml.Level, len(d.Levels))
			if ml.Locked {
				sb.WriteString(" (locked)")
			}
			if ml.Reason != "" {
				fmt.Fprintf(&sb, " · %s", ml.Reason)
			}
			sb.WriteString("\n")
		}
	}
	if !own {
		sb.WriteString("Every other member and exercise with levels: level 1, as it started.\n")
	}
	if own && len(shown) == 0 {
		return bot.PrivateText("No exercises with levels here yet."), nil
	}
	if !own && len(shown) > 0 { // a review of members' records: they can see it in their audit log
		if err := b.audit(ctx, req, "level show", shown); err != nil {
			return bot.Reply{}, err
		}
	}
	return bot.PrivateText(strings.TrimRight(sb.String(), "\n")), nil
}

// firstOfFamily reports whether d is the first levelled exercise of its
// family in list, so that a family is shown once.
func firstOfFamily(list []*exercises.Definition, d *exercises.Definition) bool {
	for _, x := range list {
		if x.Levelled() && x.FamilyID() == d.FamilyID() {
			return x == d
		}
	}
	return false
}

// LevelsLine describes an exercise's levels in one line, for the exercise
// list on the command line and the preview: "family word-learning, 4
// levels: 1 Five words (6 versions) · 2 …; up above 80%, down below 50%
// over the last 3 tries".
func LevelsLine(d *exercises.Definition) string {
	var parts []string
	for i, l := range d.Levels {
		p := fmt.Sprintf("%d %s", i+1, l.Name)
		var extra []string
		if n := len(l.Forms); n > 1 {
			extra = append(extra, fmt.Sprintf("%d versions", n))
		}
		if l.TimeLimit > 0 {
			extra = append(extra, "time limit "+spokenDuration(l.TimeLimit)) // more_time.go
		}
		if len(extra) > 0 {
			p += " (" + strings.Join(extra, ", ") + ")"
		}
		parts = append(parts, p)
	}
	pr := d.Progression
	return fmt.Sprintf("family %s, %d levels: %s; up above %d%%, down below %d%% over the last %d tries",
		d.FamilyID(), len(d.Levels), strings.Join(parts, " · "), pr.Up, pr.Down, pr.Over)
}

// LevelsShort is the levels in a few words, for the list in the chat,
// which must stay short: "4 levels, from Five words to Twelve words".
func LevelsShort(d *exercises.Definition) string {
	return fmt.Sprintf("%d levels, from %s to %s", len(d.Levels), d.Levels[0].Name, d.Levels[len(d.Levels)-1].Name)
}
