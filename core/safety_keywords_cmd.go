package core

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"groupwork/bot"
)

// maxKeywordsPerCommand bounds one /group keywords add or remove.
const maxKeywordsPerCommand = 50

const keywordHelp = "A keyword matches whole words in written answers, in any case and with simple endings (hurt: hurts, hurting). " +
	"It cannot tell \"I am not hopeless\" from \"I am hopeless\": both alert you. Alerts are private to you and your backup; members are shown where to get help."

const keywordUsage = "Give one or more keywords separated by commas, e.g. /group keywords add dark thoughts, numb, no energy."

// watchedKeywords returns what a group's written answers are checked for:
// its own keywords, then the starter list without the phrases it removed.
// It fails closed: when the removals cannot be read, the whole starter list
// is watched, and when the group's own keywords cannot be read, the starter
// list still is. Errors are returned for logging only.
func (b *Bot) watchedKeywords(ctx context.Context, groupID int64) ([]string, error) {
	own, errOwn := b.store.Keywords(ctx, groupID)
	removed, errRemoved := b.store.RemovedStarterKeywords(ctx, groupID)
	out := slices.Clone(own)
	for _, k := range StarterKeywords {
		if !slices.Contains(removed, k) && !slices.Contains(own, k) {
			out = append(out, k)
		}
	}
	if errOwn != nil {
		return out, errOwn
	}
	return out, errRemoved
}

func isStarter(k string) bool { return slices.Contains(StarterKeywords, k) }

// parseKeywordList splits a therapist's list on commas, semicolons and line
// breaks (none of which a keyword can contain) and checks every item; one
// bad item refuses the whole list, so nothing is half-added.
func parseKeywordList(raw string) ([]string, error) {
	items := strings.FieldsFunc(raw, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '，' })
	var out []string
	for _, it := range items {
		if strings.TrimSpace(it) == "" {
			continue
		}
		k, err := ParseKeyword(it)
		if err != nil {
			if len(items) > 1 {
				return nil, bot.Errorf(bot.EInvalid, "Nothing was changed: %q is not a keyword. %s", strings.TrimSpace(it), bot.ErrorMessage(err))
			}
			return nil, err
		}
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	if len(out) == 0 {
		return nil, bot.Errorf(bot.EInvalid, "%s", keywordUsage)
	}
	if len(out) > maxKeywordsPerCommand {
		return nil, bot.Errorf(bot.EInvalid, "Give at most %d keywords at a time; this list has %d.", maxKeywordsPerCommand, len(out))
	}
	return out, nil
}

func quoted(ks []string) string {
	q := make([]string, len(ks))
	for i, k := range ks {
		q[i] = fmt.Sprintf("%q", k)
	}
	return strings.Join(q, ", ")
}

func (b *Bot) groupKeywords(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	action, _ := req.Cmd.String("action")
	raw, _ := req.Cmd.String("keyword")
	switch action {
	case "list":
		return b.keywordsList(ctx, req.Group)
	case "reset":
		n, err := b.store.RestoreStarterKeywords(ctx, req.Group.ID, nil)
		if err != nil {
			return bot.Reply{}, err
		}
		if n == 0 {
			return bot.PrivateText("This group watches the whole starter list already; your own keywords are unchanged."), nil
		}
		return bot.PrivateText(fmt.Sprintf("Put back %s of the starter list: %s watches all %d starter phrases again. Your own keywords are unchanged.",
			countWords(n, "phrase", "phrases"), req.Group.Name, len(StarterKeywords))), nil
	}
	kws, err := parseKeywordList(raw)
	if err != nil {
		return bot.Reply{}, err
	}
	own, err := b.store.Keywords(ctx, req.Group.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	removed, err := b.store.RemovedStarterKeywords(ctx, req.Group.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	if action == "add" {
		return b.keywordsAdd(ctx, req.Group, kws, own, removed)
	}
	return b.keywordsRemove(ctx, req.Group, kws, own, removed)
}

func (b *Bot) keywordsAdd(ctx context.Context, g *bot.Group, kws, own, removed []string) (bot.Reply, error) {
	var added, restored, had []string
	for _, k := range kws {
		switch {
		case slices.Contains(removed, k):
			if _, err := b.store.RestoreStarterKeywords(ctx, g.ID, []string{k}); err != nil {
				return bot.Reply{}, err
			}
			restored = append(restored, k)
		case isStarter(k) || slices.Contains(own, k):
			had = append(had, k)
		default:
			if err := b.store.AddKeyword(ctx, g.ID, k); err != nil {
				return bot.Reply{}, err
			}
			added = append(added, k)
		}
	}
	var sb strings.Builder
	if len(added) > 0 {
		fmt.Fprintf(&sb, "Added %s. ", quoted(added))
	}
	if len(restored) > 0 {
		fmt.Fprintf(&sb, "Put back on the starter list: %s. ", quoted(restored))
	}
	if len(had) > 0 {
		fmt.Fprintf(&sb, "This group already has %s. ", quoted(had))
	}
	sb.WriteString(keywordHelp)
	return bot.PrivateText(sb.String()), nil
}

func (b *Bot) keywordsRemove(ctx context.Context, g *bot.Group, kws, own, removed []string) (bot.Reply, error) {
	var done, starter, unknown []string
	for _, k := range kws {
		hit := false
		if slices.Contains(own, k) {
			if err := b.store.RemoveKeyword(ctx, g.ID, k); err != nil {
				return bot.Reply{}, err
			}
			hit = true
		}
		if isStarter(k) && !slices.Contains(removed, k) {
			if err := b.store.RemoveStarterKeyword(ctx, g.ID, k); err != nil {
				return bot.Reply{}, err
			}
			starter, hit = append(starter, k), true
		}
		if hit {
			done = append(done, k)
		} else {
			unknown = append(unknown, k)
		}
	}
	if len(done) == 0 {
		return bot.Reply{}, bot.Errorf(bot.ENotFound, "This group has no such keyword: %s. See what it watches with /group keywords list.", quoted(unknown))
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "Removed %s. Written answers in %s are no longer checked for %s.", quoted(done), g.Name, map[bool]string{true: "it", false: "them"}[len(done) == 1])
	if len(starter) > 0 {
		fmt.Fprintf(&sb, " %s on the starter list for this group only; put %s back with /group keywords add, or all with /group keywords reset.",
			map[bool]string{true: "It was", false: "Some were"}[len(done) == 1], map[bool]string{true: "it", false: "them"}[len(starter) == 1])
	}
	if len(unknown) > 0 {
		fmt.Fprintf(&sb, " This group has no such keyword: %s.", quoted(unknown))
	}
	return bot.PrivateText(sb.String()), nil
}

func (b *Bot) keywordsList(ctx context.Context, g *bot.Group) (bot.Reply, error) {
	own, err := b.store.Keywords(ctx, g.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	removed, err := b.store.RemovedStarterKeywords(ctx, g.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	var ownOnly []string
	for _, k := range own {
		if !isStarter(k) {
			ownOnly = append(ownOnly, k)
		}
	}
	active := len(StarterKeywords) - len(removed)
	var sb strings.Builder
	fmt.Fprintf(&sb, "**Keywords watched in written answers of %s** (%d)\n", g.Name, len(ownOnly)+active)
	if len(ownOnly) > 0 {
		fmt.Fprintf(&sb, "Your own (%d): %s.\n", len(ownOnly), strings.Join(ownOnly, ", "))
	} else {
		sb.WriteString("Your own: none yet. Add some with /group keywords add WORDS, MORE WORDS.\n")
	}
	fmt.Fprintf(&sb, "Starter list (%d of %d), one line per kind of risk:\n", active, len(StarterKeywords))
	for _, sg := range StarterGroups {
		var on []string
		for _, k := range sg.Phrases {
			if !slices.Contains(removed, k) {
				on = append(on, k)
			}
		}
		if len(on) > 0 {
			fmt.Fprintf(&sb, "- %s: %s.\n", sg.Name, strings.Join(on, ", "))
		}
	}
	if len(removed) > 0 {
		fmt.Fprintf(&sb, "Removed from the starter list for this group (%d): %s. Put them back with /group keywords reset.\n", len(removed), strings.Join(removed, ", "))
	}
	sb.WriteString(keywordHelp)
	return bot.PrivateText(sb.String()), nil
}
