package core

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
)

// Exercises written by the practice are read again without a restart: by
// /exercise reload, and by the scheduler every ExerciseRecheck. A file that
// fails to parse keeps the version already loaded (a run in progress, and
// every schedule, go on with it) and the therapists are told why, with
// file:line. A file that disappears also keeps its last version: schedules
// may name it. Runs freeze their definition when they open, so a reload
// never rewrites what members already answered.

// ExerciseRecheck is how often the scheduler looks for changed exercise files.
const ExerciseRecheck = time.Minute

type reloadState struct {
	mu   sync.Mutex
	last time.Time // the last automatic check
}

// errNoExerciseFiles is the refusal of /exercise reload without a directory.
var errNoExerciseFiles = bot.Errorf(bot.EInvalid, "This installation has no folder of its own exercises (exercises_dir in the configuration), so there is nothing to reload. The built-in exercises are always there.")

// reloadExercises reads the practice's files and merges the valid ones into
// the library. It returns the ids that are new or changed and the problems
// of the files it could not use.
func (b *Bot) reloadExercises() (changed []string, probs exercises.Problems, err error) {
	if b.cfg.Exercises == nil {
		return nil, nil, errNoExerciseFiles
	}
	defs, err := b.cfg.Exercises()
	if err != nil && !errors.As(err, &probs) {
		return nil, nil, fmt.Errorf("read exercise files: %w", err) // an unreadable folder changes nothing
	}
	for _, d := range defs {
		if old, ok := b.lib.Get(d.ID); !ok || old.Version != d.Version {
			changed = append(changed, d.ID)
		}
	}
	b.lib.Merge(defs...)
	slices.Sort(changed)
	return changed, probs, nil
}

func (b *Bot) exerciseReload(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	changed, probs, err := b.reloadExercises()
	if err != nil {
		return bot.Reply{}, err
	}
	b.log.Info("exercises reloaded", "changed", len(changed), "problems", len(probs))
	var sb strings.Builder
	switch len(changed) {
	case 0:
		sb.WriteString("The exercise files were read again: nothing changed.")
	default:
		fmt.Fprintf(&sb, "The exercise files were read again. New or changed: %s. Exercises already open keep the version they started with.", "`"+strings.Join(changed, "`, `")+"`")
	}
	if len(probs) > 0 {
		sb.WriteString("\n" + problemsText(probs))
	}
	return bot.PrivateText(sb.String()), nil
}

// problemsText explains files that could not be used, one problem a line.
func problemsText(probs exercises.Problems) string {
	var sb strings.Builder
	sb.WriteString("These files have problems, so I keep using the version loaded before (if there was one):")
	for _, p := range probs {
		sb.WriteString("\n- `" + p.Error() + "`")
	}
	return sb.String()
}

// watchExercises is the scheduler's periodic check. Problems are told to
// the lead therapist of every running group, once per distinct set of
// problems; new versions are only logged.
func (s *Scheduler) watchExercises(ctx context.Context, now time.Time) error {
	b := s.b
	if b.cfg.Exercises == nil {
		return nil
	}
	b.reload.mu.Lock()
	due := b.reload.last.IsZero() || now.Sub(b.reload.last) >= ExerciseRecheck
	if due {
		b.reload.last = now
	}
	b.reload.mu.Unlock()
	if !due {
		return nil
	}
	changed, probs, err := b.reloadExercises()
	if err != nil {
		return err
	}
	if len(changed) > 0 {
		b.log.Info("exercise files changed", "ids", strings.Join(changed, ","))
	}
	if len(probs) == 0 {
		return nil
	}
	sum := sha256.Sum256([]byte(probs.Error()))
	key := "exercise-problems-" + hex.EncodeToString(sum[:8])
	if first, err := s.store.ClaimNotice(ctx, key, now); err != nil || !first {
		return err
	}
	groups, err := s.store.Groups(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, g := range groups {
		if ended, err := b.groupEnded(ctx, g.ID); err != nil || ended {
			continue
		}
		m := bot.Message{Key: fmt.Sprintf("%s-%d", key, g.ID), Text: "An exercise file of your practice changed and could not be read.\n" + problemsText(probs) + "\nFix the file and it is picked up within a minute, or use /exercise reload."}
		if err := b.tellLead(ctx, g, m); err != nil && !errors.Is(err, errNoDM) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
