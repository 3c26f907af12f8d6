package core

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"groupwork/bot"
)

// staleResult is a closed run whose results post changes once a member is
// erased: it quoted an answer they shared, or counted their answers.
type staleResult struct {
	run    *bot.Run
	title  string
	before string
}

// resultsNaming returns the closed runs of the group in which the member
// shared an answer, with the results text as it reads before the erasure.
// Runs closed after the group ended posted nothing and are left out.
func (b *Bot) resultsNaming(ctx context.Context, g *bot.Group, userID string) ([]*staleResult, error) {
	recs, err := b.erasure.UserAnswers(ctx, g.ID, userID)
	if err != nil {
		return nil, err
	}
	s, err := b.settings(ctx, g.ID)
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	var out []*staleResult
	for _, r := range recs {
		if !r.Answer.Shared || r.Answer.Skipped || seen[r.RunID] {
			continue
		}
		seen[r.RunID] = true
		run, err := b.erasure.Run(ctx, r.RunID)
		if err != nil {
			return nil, err
		}
		if run.ClosedAt == nil || (s.EndedAt != nil && s.EndedAt.Before(*run.ClosedAt)) {
			continue // nothing posted yet (or ever): the results will be posted without them
		}
		def, err := b.definition(run)
		if err != nil {
			return nil, err
		}
		text, err := b.groupResults(ctx, run, def)
		if err != nil {
			return nil, err
		}
		out = append(out, &staleResult{run: run, title: def.Title, before: text})
	}
	return out, nil
}

// unpostResults edits each stale results post to read as it would have
// without the erased member (whose answers are deleted by now), where the
// platform can edit messages. It returns the posts it could not change:
// no Editor, no record of the post, or a failed edit.
func (b *Bot) unpostResults(ctx context.Context, g *bot.Group, stale []*staleResult) (edited int, left []*staleResult, err error) {
	if len(stale) == 0 {
		return 0, nil, nil
	}
	posts, err := b.erasure.ResultPosts(ctx, g.ID)
	if err != nil {
		return 0, stale, err
	}
	byRun := map[int64]*bot.ResultPost{}
	for _, p := range posts {
		byRun[p.RunID] = p
	}
	a, err := b.adapter(g.Platform)
	if err != nil {
		return 0, stale, err
	}
	ed, canEdit := a.(bot.Editor)
	var errs []error
	for _, st := range stale {
		def, err := b.definition(st.run)
		var after string
		if err == nil {
			after, err = b.groupResults(ctx, st.run, def)
		}
		if err != nil { // this post stays as it was: say so, and go on with the others
			errs = append(errs, fmt.Errorf("run %d: %w", st.run.ID, err))
			left = append(left, st)
			continue
		}
		if after == st.before {
			continue // the post never showed their answer (too few respondents, or no results)
		}
		p, ok := byRun[st.run.ID]
		if !canEdit || !ok {
			left = append(left, st)
			continue
		}
		if err := editPost(ctx, ed, p, after, "(edited: the results are in the next message)"); err != nil {
			b.log.Warn("edit results post after erasure", "group", g.ID, "run", st.run.ID, "err", err)
			left = append(left, st)
			continue
		}
		edited++
	}
	return edited, left, errors.Join(errs...)
}

// unpostWords tells the member what happened to the posts that showed
// what they shared; leadWords asks the lead to delete what is left.
func unpostWords(edited int, left []*staleResult, leadTold bool) string {
	var sb strings.Builder
	if edited > 0 {
		fmt.Fprintf(&sb, " What you shared was also taken out of %s in the group channel.", countWords(edited, "results post", "results posts"))
	}
	if len(left) > 0 {
		them := oneMany(len(left), "it", "them")
		ask := "your therapist has been asked to delete " + them
		if !leadTold {
			ask = "please ask your therapist to delete " + them
		}
		fmt.Fprintf(&sb, " %s in the group channel still %s an answer you shared: I could not change %s, so %s.",
			upperFirst(countWords(len(left), "results post", "results posts")), oneMany(len(left), "shows", "show"), them, ask)
	}
	return sb.String()
}

func leadWords(g *bot.Group, left []*staleResult, now time.Time) string {
	if len(left) == 0 {
		return ""
	}
	var sb strings.Builder
	sb.WriteString("\nPlease delete by hand these results posts in the group channel, which still quote what they shared (I could not edit them):")
	for _, st := range left {
		fmt.Fprintf(&sb, "\n- %s, closed %s", st.title, g.FormatTimeFrom(closedAt(st.run), now))
	}
	return sb.String()
}

func oneMany(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// expireResultPosts replaces the results posts of runs opened before cutoff
// with a line saying they were removed: the answers members shared there
// are kept no longer than the group's retention period, like the answers
// themselves. Each post is handled once (its record is then deleted). It
// returns how many posts it could not change, for the lead to delete.
func (b *Bot) expireResultPosts(ctx context.Context, g *bot.Group, cutoff time.Time) (int, error) {
	posts, err := b.erasure.ResultPosts(ctx, g.ID)
	if err != nil {
		return 0, err
	}
	a, err := b.adapter(g.Platform)
	if err != nil {
		return 0, nil // the platform is not connected (an offline purge): try again next time
	}
	ed, canEdit := a.(bot.Editor)
	left := 0
	for _, p := range posts {
		run, err := b.erasure.Run(ctx, p.RunID)
		if err != nil {
			return left, err
		}
		if !run.OpenedAt.Before(cutoff) {
			continue
		}
		def, err := b.definition(run)
		if err != nil {
			return left, err
		}
		text := fmt.Sprintf("**%s** (%s): its results were removed after this group's retention period.", def.Title, g.FormatTimeFrom(run.OpenedAt, b.clock.Now()))
		if !canEdit {
			left++
		} else if err := editPost(ctx, ed, p, text, "(removed after this group's retention period)"); err != nil {
			b.log.Warn("edit expired results post", "group", g.ID, "run", run.ID, "err", err)
			left++
			continue // retried on the next purge
		}
		if err := b.erasure.DeleteResultPost(ctx, run.ID); err != nil {
			return left, err
		}
	}
	return left, nil
}

// editPost replaces a results post with text. When the platform had split
// the post into several messages, the earlier ones get part, a line that
// quotes nobody, and the last one gets text: no part of the old post is
// left unedited. The adapter shortens text that no longer fits (it never
// shows more than it was given).
func editPost(ctx context.Context, ed bot.Editor, p *bot.ResultPost, text, part string) error {
	for _, ref := range p.Earlier {
		if err := ed.Edit(ctx, ref, bot.Message{Text: part}); err != nil {
			return err
		}
	}
	return ed.Edit(ctx, p.Ref, bot.Message{Text: text, Key: fmt.Sprintf("close-%d", p.RunID)})
}
