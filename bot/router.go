package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sort"
	"strings"
	"time"
)

// Access says who may run a command.
type Access int

// Access levels. Every level above AccessAnyone needs the channel's group.
const (
	AccessAnyone    Access = iota // anyone, anywhere (help, crisis)
	AccessMember                  // anyone with a role in the channel's group
	AccessStaff                   // lead, co-therapist or observer
	AccessTherapist               // lead or co-therapist
	AccessLead                    // the lead only
)

// Allows reports whether a membership satisfies the access level.
func (a Access) Allows(m *Membership) bool {
	if a == AccessAnyone {
		return true
	}
	if m == nil {
		return false
	}
	switch a {
	case AccessMember:
		return true
	case AccessStaff:
		return m.Role.Staff()
	case AccessTherapist:
		return m.Role.Therapist()
	case AccessLead:
		return m.Role == RoleLead
	}
	return false
}

// OptionSpec describes one option of a command.
type OptionSpec struct {
	Name        string
	Description string
	Type        OptionType
	Required    bool
	// Choices, when set, are the only accepted string values.
	Choices []string
	// Complete names a source of suggestions: "exercise" or "timezone".
	Complete string
	// Rest, on a string option given by position in a typed command line,
	// joins the words that follow to it: /review group since 2026-11-01.
	Rest   bool
	Label  string // Label, Long and MaxLen shape its field in a form
	Long   bool
	MaxLen int
}

// CommandSpec describes one command (or subcommand) and how it is handled.
// Adapters use the specs to register native commands or parse text.
type CommandSpec struct {
	Name        string
	Sub         string
	Description string
	Options     []OptionSpec
	Access      Access
	// Timeout bounds the handler; 0 means the router's default.
	Timeout time.Duration
	Handle  func(ctx context.Context, req *Request) (Reply, error)

	// Storeless commands run with recovery and logging only: no middleware
	// that touches the store (Dedupe, authorize), so they answer even when
	// the database is down. Their handler must not need the store either: it
	// may try it under a short timeout of its own, and answers when that fails.
	Storeless bool
	// DirectMessage commands also work in a direct message with the bot:
	// adapters offer them there too (Discord: registered globally as well).
	DirectMessage bool
	// Form titles a form of the options: a command missing a required one is
	// answered with it, filled in with what was given; the submitted form runs
	// the command through the same checks (see cmdform.go). Adapters register
	// such options as optional.
	Form string
}

// Path returns "group add".
func (s *CommandSpec) Path() string {
	if s.Sub == "" {
		return s.Name
	}
	return s.Name + " " + s.Sub
}

// Option returns the named option spec.
func (s *CommandSpec) Option(name string) (*OptionSpec, bool) {
	for i := range s.Options {
		if s.Options[i].Name == name {
			return &s.Options[i], true
		}
	}
	return nil, false
}

// Request is what a handler works on: the event, and what the router found
// out about it. Handlers receive it by pointer and may fill Group/Member.
type Request struct {
	Event  Event
	Cmd    *Command     // set for commands
	Spec   *CommandSpec // set for commands
	Group  *Group       // the channel's group, when there is one
	Member *Membership  // the invoker's active membership in Group, when any
	Now    time.Time
}

// RequestHandler handles one request.
type RequestHandler func(ctx context.Context, req *Request) (Reply, error)

// Middleware wraps a RequestHandler.
type Middleware func(next RequestHandler) RequestHandler

// ActionHandler handles actions and form submissions whose custom id starts
// with a registered kind.
type ActionHandler func(ctx context.Context, req *Request, id CustomID) (Reply, error)

// Router dispatches events to command and action handlers through middleware.
type Router struct {
	specs   []*CommandSpec
	byPath  map[string]*CommandSpec
	actions map[string]ActionHandler
	mw      []Middleware

	// presence handles *Presence events; see OnPresence.
	presence PresenceHandler

	log     *slog.Logger
	clock   Clock
	timeout time.Duration
}

// NewRouter returns an empty router.
func NewRouter(log *slog.Logger, clock Clock) *Router {
	return &Router{
		byPath:  map[string]*CommandSpec{},
		actions: map[string]ActionHandler{},
		log:     log,
		clock:   clock,
		timeout: 10 * time.Second,
	}
}

// Command registers a command spec. Registering a path twice panics: it is a
// programming error caught by every test.
func (r *Router) Command(s CommandSpec) {
	if _, dup := r.byPath[s.Path()]; dup {
		panic("bot: duplicate command " + s.Path())
	}
	sp := &s
	checkFormSpec(sp)
	r.specs = append(r.specs, sp)
	r.byPath[s.Path()] = sp
}

// Action registers the handler for custom ids of one kind. Registering a
// kind twice panics, like a command.
func (r *Router) Action(kind string, h ActionHandler) {
	if _, dup := r.actions[kind]; dup {
		panic("bot: duplicate action kind " + kind)
	}
	r.actions[kind] = h
}

// Kinds returns the registered action kinds, sorted.
func (r *Router) Kinds() []string {
	out := make([]string, 0, len(r.actions))
	for k := range r.actions {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Use appends middleware; the first added is the outermost.
func (r *Router) Use(mw ...Middleware) { r.mw = append(r.mw, mw...) }

// SetMiddleware replaces the middleware added so far with mw.
func (r *Router) SetMiddleware(mw ...Middleware) { r.mw = mw }

// SetTimeout sets how long an action handler, or a command handler whose
// spec sets no Timeout, may run (10 seconds unless set).
func (r *Router) SetTimeout(d time.Duration) { r.timeout = d }

// Specs returns the registered commands sorted by path.
func (r *Router) Specs() []CommandSpec {
	out := make([]CommandSpec, 0, len(r.specs))
	for _, s := range r.specs {
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path() < out[j].Path() })
	return out
}

// Spec returns the spec of "name sub".
func (r *Router) Spec(name, sub string) (*CommandSpec, bool) {
	s, ok := r.byPath[strings.TrimSpace(name+" "+sub)]
	return s, ok
}

// Handle runs the event through the middleware chain and returns the reply.
// Errors become private replies: coded ones with their sentence, others with a
// generic sentence and a reference that is logged beside the detail.
func (r *Router) Handle(ctx context.Context, ev Event) Reply {
	if s, ok := ev.(*Submit); ok {
		c, err := r.formCommand(s)
		if err != nil {
			return PrivateText(ErrorMessage(err))
		}
		if c != nil {
			ev = c
		}
	}
	req := &Request{Event: ev, Now: r.clock.Now()}
	h := r.dispatch
	mw := r.mw
	if r.storeless(ev) {
		mw = []Middleware{Recover(r.log), Log(r.log, r.clock)}
	}
	for i := len(mw) - 1; i >= 0; i-- {
		h = mw[i](h)
	}
	reply, err := h(ctx, req)
	if err == nil {
		return reply
	}
	if ErrorCode(err) == EInternal {
		ref := newRef()
		r.log.Error("handler failed", "ref", ref, "event", describe(ev), "err", err)
		return PrivateText(ErrorMessage(err) + " (reference " + ref + ")")
	}
	return PrivateText(ErrorMessage(err))
}

func (r *Router) dispatch(ctx context.Context, req *Request) (Reply, error) {
	switch ev := req.Event.(type) {
	case *Command:
		spec, ok := r.Spec(ev.Name, ev.Sub)
		if !ok {
			return Reply{}, unknownCommand(ev.Path())
		}
		req.Cmd, req.Spec = ev, spec
		if err := checkRequired(spec, ev); err != nil && spec.Form != "" {
			return Reply{Form: commandForm(spec, formValues(ev)), Private: true}, nil
		}
		if err := checkOptions(spec, ev); err != nil {
			return Reply{}, err
		}
		timeout := spec.Timeout
		if timeout == 0 {
			timeout = r.timeout
		}
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		return spec.Handle(ctx, req)
	case *Action:
		return r.dispatchAction(ctx, req, ev.CustomID)
	case *Submit:
		return r.dispatchAction(ctx, req, ev.CustomID)
	case *Presence:
		if r.presence != nil {
			return r.presence(ctx, req, ev)
		}
	}
	return Reply{}, Errorf(EInvalid, "That kind of event is not supported.")
}

func (r *Router) dispatchAction(ctx context.Context, req *Request, raw string) (Reply, error) {
	id, err := ParseCustomID(raw)
	if err != nil {
		return Reply{}, err
	}
	h, ok := r.actions[id.Kind]
	if !ok {
		return Reply{}, Errorf(EInvalid, "That button is no longer in use.")
	}
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	return h(ctx, req, id)
}

func unknownCommand(path string) error {
	return Errorf(EInvalid, "I don't know the command %q. Type /help to see what you can do.", path)
}

// checkOptions rejects unknown options, wrong types, missing required
// options and values outside a fixed list, before any handler sees them.
func checkOptions(spec *CommandSpec, c *Command) error {
	for name, o := range c.Options {
		os, ok := spec.Option(name)
		if !ok {
			return Errorf(EInvalid, "/%s has no option %q. Type /help %s to see its options.", spec.Path(), name, spec.Name)
		}
		if o.Type != os.Type {
			return Errorf(EInvalid, "The option %q of /%s should be a %s.", name, spec.Path(), os.Type)
		}
		if _, err := c.opt(name, os.Type); err != nil {
			return err
		}
		if len(os.Choices) > 0 {
			v, _ := o.Value.(string)
			if !contains(os.Choices, v) {
				return Errorf(EInvalid, "%q is not a valid %s. Use one of: %s.", v, name, strings.Join(os.Choices, ", "))
			}
		}
	}
	return checkRequired(spec, c)
}

func checkRequired(spec *CommandSpec, c *Command) error {
	for _, os := range spec.Options {
		if _, ok := c.Options[os.Name]; os.Required && !ok {
			return Errorf(EInvalid, "/%s needs a %s (%s).", spec.Path(), os.Name, os.Description)
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Recover turns a panic in a handler into an internal error; the stack goes
// to the log, never to the chat.
func Recover(log *slog.Logger) Middleware {
	return func(next RequestHandler) RequestHandler {
		return func(ctx context.Context, req *Request) (rep Reply, err error) {
			defer func() {
				if p := recover(); p != nil {
					log.Error("handler panicked", "event", describe(req.Event), "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
					rep, err = Reply{}, fmt.Errorf("panic in handler")
				}
			}()
			return next(ctx, req)
		}
	}
}

// Log records each event's kind, ids and outcome. It never logs option
// values, field values or message text: they may be clinical content.
func Log(log *slog.Logger, clock Clock) Middleware {
	return func(next RequestHandler) RequestHandler {
		return func(ctx context.Context, req *Request) (Reply, error) {
			start := clock.Now()
			rep, err := next(ctx, req)
			attrs := []any{"event", describe(req.Event), "user", req.Event.Meta().User.ID, "took", clock.Now().Sub(start)}
			if err != nil {
				attrs = append(attrs, "code", ErrorCode(err))
			}
			log.Debug("handled", attrs...)
			return rep, err
		}
	}
}

// Dedupe claims each delivery id once; a redelivered event gets Silence (no
// response at all) and no effect. When handling fails with an internal error the claim
// is released so that a platform retry is handled again.
func Dedupe(store DeliveryStore) Middleware {
	return func(next RequestHandler) RequestHandler {
		return func(ctx context.Context, req *Request) (Reply, error) {
			id := req.Event.Meta().DeliveryID
			if id == "" {
				return next(ctx, req)
			}
			first, err := store.ClaimDelivery(ctx, id, req.Now)
			if err != nil {
				return Reply{}, fmt.Errorf("claim delivery: %w", err)
			}
			if !first {
				return Silence, nil
			}
			rep, err := next(ctx, req)
			if err != nil && ErrorCode(err) == EInternal {
				if rerr := store.ReleaseDelivery(context.WithoutCancel(ctx), id); rerr != nil {
					err = fmt.Errorf("%w (and release delivery: %v)", err, rerr)
				}
			}
			return rep, err
		}
	}
}

// describe names an event for logs without any content.
func describe(ev Event) string {
	switch e := ev.(type) {
	case *Command:
		return "command " + e.Path()
	case *Action:
		return "action " + actionKind(e.CustomID)
	case *Submit:
		return "submit " + actionKind(e.CustomID)
	}
	return fmt.Sprintf("%T", ev)
}

func actionKind(raw string) string {
	if id, err := ParseCustomID(raw); err == nil {
		return id.Kind
	}
	return "unknown"
}

func newRef() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// storeless reports whether ev is a command whose spec runs without the
// store-touching middleware.
func (r *Router) storeless(ev Event) bool {
	c, ok := ev.(*Command)
	if !ok {
		return false
	}
	s, ok := r.Spec(c.Name, c.Sub)
	return ok && s.Storeless
}

// PresenceHandler handles a voice presence change.
type PresenceHandler func(ctx context.Context, req *Request, ev *Presence) (Reply, error)

// OnPresence sets the handler of *Presence events. Without one, presence
// events are refused as unsupported.
func (r *Router) OnPresence(h PresenceHandler) { r.presence = h }
