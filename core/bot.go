package core

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
)

// DefaultConsentNotice is shown when the configuration sets none. It says
// everything that happens to what a member gives; {group} and {retention}
// are filled in for each group (see ConsentPlaceholders).
const DefaultConsentNotice = `Before you answer, here is what happens in {group}:
- Your therapists in this group see your answers. The other members see an answer only if you choose to share it, and a shared answer shows your name.
- Some answers send your therapists a private alert: for example a very low mood rating, or words in a written answer that may mean you are not safe. The bot checks your written answers for such words. After an alert, your therapist may contact you.
- This is not an emergency service and nobody watches it around the clock. If you are in danger, call your local emergency number or type /crisis.
- During live sessions, the times you join and leave the voice channel are recorded as attendance.
- Your answers in this group are kept for {retention}, then deleted for good.
- You can see or download your own data at any time with /mydata, and erase it with /forgetme.
Nothing you answer is saved until you accept.`

// DefaultConsentVersion identifies the wording of DefaultConsentNotice.
// It changes whenever that wording does, so members are asked again.
const DefaultConsentVersion = "2"

// Config is what the core needs to run. Packages receive typed values,
// never file paths.
type Config struct {
	Store   bot.Store
	Library *exercises.Library
	Clock   bot.Clock
	Logger  *slog.Logger
	// ConsentNotice is the text members accept before anything they submit
	// is stored; ConsentVersion identifies its wording.
	ConsentNotice  string
	ConsentVersion string
	// GroupCreators lists the user ids that may create groups. Empty means
	// anyone may create a group in a channel that has none.
	GroupCreators []string
	// DefaultTimeZone is used for new groups; "UTC" when empty.
	DefaultTimeZone string
	// CommandTimeout bounds a handler; 10 s when zero.
	CommandTimeout time.Duration
	// Intake bounds the events one person may send (intake.go).
	Intake IntakeLimit
	// GracePeriod is how late a fire missed during downtime may still be
	// posted; later ones are skipped and reported. DefaultGracePeriod when
	// zero; negative means never post late.
	GracePeriod time.Duration
	// SchedulerStep, when set, is called after each step the scheduler
	// commits or sends (for tests and metrics); it must not block.
	SchedulerStep func(step string)
	// SchedulerPosted, when set, is called with when a scheduled prompt was
	// due and when it was posted (metrics); it must not block.
	SchedulerPosted func(due, posted time.Time)
	// AlertChannels reach therapists outside the platform with content-free
	// safety-alert notices (alert_outbox.go); none by default.
	AlertChannels []AlertChannel
	// Middleware is put outside all of the core's own middleware, so that
	// it sees every event and every refusal (metrics: ops.Metrics.Middleware).
	Middleware []bot.Middleware

	// Safety and privacy (safety.go, crisis.go, retention.go, forget.go).
	// Crisis corrects or extends the built-in crisis table (crisis_table.go),
	// by country code.
	Crisis []CrisisRegion
	// CrisisDefaultRegion is the country of new groups whose time zone names
	// none, and the one /crisis names in a direct message; "" for none.
	CrisisDefaultRegion string
	// SafetyFooter is shown under every prompt and question of groups that
	// set no footer of their own ("" for none).
	SafetyFooter string
	// AlertResendAfter is how long an unacknowledged safety alert waits
	// before it is sent again; DefaultAlertResend when zero.
	AlertResendAfter time.Duration
	// Escalation says who else is told about unacknowledged alerts, and when.
	Escalation Escalation
	// RetentionDays is how long answers are kept in groups that set no
	// retention of their own; DefaultRetentionDays when zero.
	RetentionDays int
	// ForgetKeepsCounts keeps an erased member's participation rows under an
	// anonymous id (so the group's rates stay right) instead of deleting them.
	ForgetKeepsCounts bool
	// MinRespondents is the small-group guard: results are posted to the
	// group only when at least this many members answered.
	// DefaultMinRespondents (5) when zero; never below MinRespondentsFloor (3).
	MinRespondents int
	// Exercises reads the practice's own exercise files again (exercise
	// reload, and a check every ExerciseRecheck). It returns the valid
	// definitions and, as exercises.Problems, what is wrong with the
	// others. Nil: the library never changes while running.
	Exercises func() ([]*exercises.Definition, error)

	// Measurement-based care (measures*.go, notes.go, brief.go).
	// NoteFormat is the practice's progress-note format: dap (default),
	// birp or soap.
	NoteFormat string
	// SessionPlans gives notes the session's goal, intervention and the
	// therapist's own session notes; nil: notes say none was recorded.
	SessionPlans SessionPlanSource
	// BriefBefore is how long before each live session the lead gets the
	// pre-session brief: DefaultBriefBefore when zero, never when negative.
	BriefBefore time.Duration
	// MissedInARow is how many runs a member misses in a row before the
	// lead is told privately: DefaultMissedInARow when zero, never when
	// negative.
	MissedInARow int
}

// Bot is the core: it turns events into replies and drives exercise runs.
// It is safe for concurrent use.
type Bot struct {
	cfg    Config
	store  bot.Store
	lib    *exercises.Library
	clock  bot.Clock
	log    *slog.Logger
	router *bot.Router
	sched  *Scheduler

	// Narrow views of store for the consumers that need little (stores.go).
	reports reportStore
	erasure erasureStore
	access  accessStore

	mu       sync.RWMutex
	adapters map[string]bot.Adapter
	defs     map[string]*exercises.Definition // frozen definitions by version

	safety safetyState // safety.go
	wal    walState    // erasure.go
	crisis crisisState // crisis.go
	live   liveLocks   // live_lock.go: one live-hour change at a time per group
	down   error       // why the bot serves /crisis only (unavailable.go); nil normally
	reload reloadState // exercise_reload.go

	outboxMu sync.Mutex // one off-platform flush at a time (alert_outbox.go)
}

// New returns a bot with the standard commands and middleware.
func New(cfg Config) (*Bot, error) {
	if cfg.Store == nil || cfg.Library == nil {
		return nil, errors.New("bot: Store and Library are required")
	}
	if cfg.Clock == nil {
		cfg.Clock = bot.SystemClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.ConsentNotice == "" {
		cfg.ConsentNotice = DefaultConsentNotice
	}
	if cfg.ConsentVersion == "" {
		cfg.ConsentVersion = DefaultConsentVersion
	}
	if cfg.DefaultTimeZone == "" {
		cfg.DefaultTimeZone = "UTC"
	}
	if _, err := time.LoadLocation(cfg.DefaultTimeZone); err != nil {
		return nil, fmt.Errorf("bot: default time zone: %w", err)
	}
	b := &Bot{
		cfg:      cfg,
		store:    cfg.Store,
		lib:      cfg.Library,
		clock:    cfg.Clock,
		log:      cfg.Logger,
		adapters: map[string]bot.Adapter{},
		defs:     map[string]*exercises.Definition{},
	}
	b.reports, b.erasure, b.access = cfg.Store, cfg.Store, cfg.Store
	b.router = bot.NewRouter(cfg.Logger, cfg.Clock)
	if cfg.CommandTimeout > 0 {
		b.router.SetTimeout(cfg.CommandTimeout)
	}
	b.router.Use(cfg.Middleware...)
	b.router.Use(bot.Recover(cfg.Logger), bot.Log(cfg.Logger, cfg.Clock), newIntake(cfg.Intake, cfg.Clock).middleware, bot.Dedupe(cfg.Store), b.authorize, b.noteGroupRegion, stopReplies)
	b.register() // commands.go: the command and action tables
	if b.cfg.SessionPlans == nil {
		b.cfg.SessionPlans = livePlans{b} // notes_plans.go: the live hour's record
	}
	b.sched = newScheduler(b)
	b.safety.footers = map[int64]string{}
	b.initCrisis()
	return b, nil
}

// Handle implements Handler.
func (b *Bot) Handle(ctx context.Context, ev bot.Event) bot.Reply { return b.router.Handle(ctx, ev) }

// Complete suggests values for an option with a completion source
// ("exercise", "timezone" or "country") that start with or contain prefix, best first,
// at most 25 (Discord's limit).
func (b *Bot) Complete(source, prefix string) []bot.Choice {
	prefix = strings.ToLower(strings.TrimSpace(prefix))
	var out []bot.Choice
	add := func(id, label string) {
		if len(out) < 25 {
			out = append(out, bot.Choice{ID: id, Label: label})
		}
	}
	switch source {
	case "exercise":
		// ids and titles that start with the prefix first, then those containing it
		for _, starts := range []bool{true, false} {
			for _, d := range b.lib.List() {
				id, title := strings.ToLower(d.ID), strings.ToLower(d.Title)
				isPrefix := strings.HasPrefix(id, prefix) || strings.HasPrefix(title, prefix)
				if isPrefix == starts && (isPrefix || strings.Contains(id, prefix) || strings.Contains(title, prefix)) {
					add(d.ID, d.ID+" — "+d.Title)
				}
			}
		}
	case "country":
		return b.completeCountry(prefix)
	case "timezone":
		for _, z := range timeZones {
			if strings.Contains(strings.ToLower(z), prefix) {
				add(z, z)
			}
		}
	}
	return out
}

// Router returns the bot's router, for adapters that register or parse commands.
func (b *Bot) Router() *bot.Router { return b.router }

// Library returns the exercise library.
func (b *Bot) Library() *exercises.Library { return b.lib }

// AddAdapter makes the bot post through a for groups on a.Platform().
func (b *Bot) AddAdapter(a bot.Adapter) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.adapters[a.Platform()] = a
}

func (b *Bot) adapter(platform string) (bot.Adapter, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	a, ok := b.adapters[platform]
	if !ok {
		return nil, fmt.Errorf("no adapter for platform %q", platform)
	}
	return a, nil
}

// groupAdapter loads a group and the adapter of its platform.
func (b *Bot) groupAdapter(ctx context.Context, groupID int64) (*bot.Group, bot.Adapter, error) {
	g, err := b.store.Group(ctx, groupID)
	if err != nil {
		return nil, nil, err
	}
	a, err := b.adapter(g.Platform)
	if err != nil {
		return nil, nil, err
	}
	return g, a, nil
}

// messenger returns the adapter of g's platform as a DirectMessenger, or
// errNoDM when that adapter cannot send direct messages.
func (b *Bot) messenger(g *bot.Group) (bot.DirectMessenger, error) {
	a, err := b.adapter(g.Platform)
	if err != nil {
		return nil, err
	}
	dm, ok := a.(bot.DirectMessenger)
	if !ok {
		return nil, errNoDM
	}
	return dm, nil
}

// authorize finds the channel's group and the invoker's membership, then
// applies the command's access level. A refusal names the role needed and
// reveals nothing about the group's data.
func (b *Bot) authorize(next bot.RequestHandler) bot.RequestHandler {
	return func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
		if req.Cmd == nil {
			if c, ok := req.Event.(*bot.Command); ok {
				spec, found := b.router.Spec(c.Name, c.Sub)
				if !found {
					return next(ctx, req)
				}
				req.Cmd, req.Spec = c, spec
			} else {
				return next(ctx, req)
			}
		}
		meta := req.Event.Meta()
		g, err := b.access.GroupByChannel(ctx, meta.Place.Platform, meta.Place.ChannelID)
		switch {
		case err == nil:
			req.Group = g
			m, err := b.access.Membership(ctx, g.ID, meta.User.ID)
			if err == nil {
				req.Member = m
			} else if bot.ErrorCode(err) != bot.ENotFound {
				return bot.Reply{}, err
			}
		case bot.ErrorCode(err) != bot.ENotFound:
			return bot.Reply{}, err
		}
		if req.Spec.Access == bot.AccessAnyone {
			return next(ctx, req)
		}
		if req.Group == nil {
			return bot.Reply{}, bot.Errorf(bot.ENotFound, "This channel has no group. Use /%s in your group's channel.", req.Spec.Path())
		}
		if !req.Spec.Access.Allows(req.Member) {
			return bot.Reply{}, bot.Errorf(bot.EForbidden, "Only %s can use /%s.", accessWho(req.Spec.Access), req.Spec.Path())
		}
		return next(ctx, req)
	}
}

func accessWho(a bot.Access) string {
	switch a {
	case bot.AccessMember:
		return "members of this group"
	case bot.AccessStaff:
		return "this group's therapists and observers"
	case bot.AccessTherapist:
		return "this group's therapists"
	case bot.AccessLead:
		return "this group's lead therapist"
	}
	return "some people"
}

// definition returns the frozen definition of a run, parsing it once.
func (b *Bot) definition(r *bot.Run) (*exercises.Definition, error) {
	key := r.ExerciseID + "@" + r.Version
	b.mu.RLock()
	d, ok := b.defs[key]
	b.mu.RUnlock()
	if ok {
		return d, nil
	}
	d, err := exercises.Parse("run:"+r.ExerciseID, r.Definition)
	if err != nil {
		return nil, fmt.Errorf("parse frozen definition of run %d: %w", r.ID, err)
	}
	b.mu.Lock()
	b.defs[key] = d
	b.mu.Unlock()
	return d, nil
}

// memberName returns a display name for a user id in a group.
func displayName(ms []*bot.Membership, userID string) string {
	for _, m := range ms {
		if m.UserID == userID && m.DisplayName != "" {
			return m.DisplayName
		}
	}
	return userID
}
