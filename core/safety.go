package core

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"groupwork/bot"
	"groupwork/exercises"
)

// Defaults of the safety settings.
const (
	DefaultAlertResend   = 2 * time.Hour
	DefaultRetentionDays = 365
	maxFooter            = 300
	maxAckNote           = 500
	maxAckButtons        = 5 // one row of buttons on every platform
)

// systemActor is the actor of audit records the bot writes by itself.
const systemActor = "groupwork"

// safetyState is the bot's in-memory safety bookkeeping.
type safetyState struct {
	mu        sync.Mutex
	footers   map[int64]string // group id → footer, as last loaded or set
	lastPurge time.Time
}

// settings returns the group's safety settings.
func (b *Bot) settings(ctx context.Context, groupID int64) (*bot.GroupSettings, error) {
	return b.store.GroupSettings(ctx, groupID)
}

func (b *Bot) retentionDays(s *bot.GroupSettings) int {
	switch {
	case s.RetentionDays > 0:
		return s.RetentionDays
	case b.cfg.RetentionDays > 0:
		return b.cfg.RetentionDays
	}
	return DefaultRetentionDays
}

func (b *Bot) groupFooter(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	text, _ := req.Cmd.String("text")
	s, err := b.settings(ctx, req.Group.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	text = bot.CleanText(strings.ReplaceAll(text, "\n", " "))
	if text == "" {
		cur := s.Footer
		switch {
		case cur == "-":
			return bot.PrivateText("This group shows no footer under exercises."), nil
		case cur == "" && b.cfg.SafetyFooter != "":
			return bot.PrivateText("This group shows the practice's footer: _" + b.cfg.SafetyFooter + "_"), nil
		case cur == "":
			return bot.PrivateText("This group shows no footer. Set one with /group footer TEXT."), nil
		}
		return bot.PrivateText("This group's footer: _" + cur + "_"), nil
	}
	if n := utf8.RuneCountInString(text); n > maxFooter {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "A footer can have at most %d characters; this one has %d. Keep it to one short line.", maxFooter, n)
	}
	switch strings.ToLower(text) {
	case "default":
		s.Footer = ""
	case "none", "off":
		s.Footer = "-"
	default:
		s.Footer = text
	}
	if err := b.store.SetGroupSettings(ctx, s); err != nil {
		return bot.Reply{}, err
	}
	b.safety.mu.Lock()
	delete(b.safety.footers, req.Group.ID)
	b.safety.mu.Unlock()
	if f := b.footerOf(s); f != "" {
		return bot.PrivateText("From now on every exercise in " + req.Group.Name + " ends with: _" + f + "_"), nil
	}
	return bot.PrivateText("Exercises in " + req.Group.Name + " will show no footer."), nil
}

// footerOf resolves a group's footer setting: "-" is none, "" the configured default.
func (b *Bot) footerOf(s *bot.GroupSettings) string {
	switch s.Footer {
	case "-":
		return ""
	case "":
		return b.cfg.SafetyFooter
	}
	return s.Footer
}

// footerLine returns the group's footer as a message line ("" for none).
// A cache miss loads the setting under a short timeout, so that a slow store
// delays a prompt by little; a failure shows the configured default.
func (b *Bot) footerLine(ctx context.Context, g *bot.Group) string {
	b.safety.mu.Lock()
	f, ok := b.safety.footers[g.ID]
	b.safety.mu.Unlock()
	if !ok {
		ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		s, err := b.settings(ctx, g.ID)
		if err != nil {
			s = &bot.GroupSettings{}
		}
		f = b.footerOf(s)
		b.safety.mu.Lock()
		b.safety.footers[g.ID] = f
		b.safety.mu.Unlock()
	}
	if f == "" {
		return ""
	}
	// A practice-wide footer names no country's numbers: {emergency}
	// becomes the number of this group's country.
	f = strings.ReplaceAll(f, "{emergency}", b.emergencyWords(g))
	return "\n_" + f + "_"
}

func (b *Bot) groupBackup(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	uid, _ := req.Cmd.UserOpt("therapist")
	s, err := b.settings(ctx, req.Group.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	names, err := b.names(ctx, req.Group.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	if clear, _ := req.Cmd.Bool("clear"); clear {
		if uid != "" {
			return bot.Reply{}, bot.Errorf(bot.EInvalid, "Name a backup or clear it, not both.")
		}
		s.BackupUserID = ""
		if err := b.store.SetGroupSettings(ctx, s); err != nil {
			return bot.Reply{}, err
		}
		return bot.PrivateText("This group has no backup therapist now: safety alerts go to you only." + b.noBackupWarning(ctx, req.Group)), nil
	}
	if uid == "" {
		if s.BackupUserID == "" {
			return bot.PrivateText("This group has no backup therapist: safety alerts go to you only. Name one with /group backup @co-therapist."), nil
		}
		return bot.PrivateText("Safety alerts go to you and to " + names[s.BackupUserID] + "."), nil
	}
	m, err := b.store.Membership(ctx, req.Group.ID, uid)
	if err != nil && bot.ErrorCode(err) != bot.ENotFound {
		return bot.Reply{}, err
	}
	if m == nil || m.Role != bot.RoleCoTherapist {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "The backup must be a co-therapist of this group, so that they can read and acknowledge alerts. Add them first with /group add @name co-therapist.")
	}
	s.BackupUserID = uid
	if err := b.store.SetGroupSettings(ctx, s); err != nil {
		return bot.Reply{}, err
	}
	return bot.PrivateText(fmt.Sprintf("Safety alerts of %s now go to you and to %s.", req.Group.Name, m.DisplayName)), nil
}

// retentionConsentWords tells the therapist what a new retention does to
// members' consent.
func (b *Bot) retentionConsentWords() string {
	if strings.Contains(b.cfg.ConsentNotice, "{retention}") {
		return " This is longer than before: the privacy notice says so now, and every member is asked to accept it again before their next answer."
	}
	return " Your practice's privacy notice does not state the period: tell your members yourself."
}

func (b *Bot) groupRetention(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	days, given, _ := req.Cmd.Int("days")
	s, err := b.settings(ctx, req.Group.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	if !given {
		return bot.PrivateText(fmt.Sprintf("Answers in %s are kept for %d days, then deleted for good.", req.Group.Name, b.retentionDays(s))), nil
	}
	if days < 7 || days > 3650 {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "Keep answers for 7 to 3650 days (ten years); %d is outside that.", days)
	}
	longer := int(days) > b.retentionDays(s)
	s.RetentionDays = int(days)
	if err := b.store.SetGroupSettings(ctx, s); err != nil {
		return bot.Reply{}, err
	}
	more := ""
	if longer {
		more = b.retentionConsentWords()
	}
	return bot.PrivateText(fmt.Sprintf("Answers in %s will be kept for %d days after each exercise, then deleted for good.%s", req.Group.Name, days, more)), nil
}

// groupFooter's cache is dropped when settings change; ResendAlerts and the
// rules below never read it.

// alertRecipients returns the lead and the backup therapist (when set and
// still a therapist of the group).
func (b *Bot) alertRecipients(ctx context.Context, g *bot.Group) ([]*bot.Membership, error) {
	ms, err := b.store.Memberships(ctx, g.ID)
	if err != nil {
		return nil, err
	}
	s, err := b.settings(ctx, g.ID)
	if err != nil {
		return nil, err
	}
	now := b.clock.Now()
	var out []*bot.Membership
	for _, m := range ms {
		if !m.Active(now) {
			continue
		}
		if m.Role == bot.RoleLead || (m.UserID == s.BackupUserID && m.Role.Therapist()) {
			out = append(out, m)
		}
	}
	return out, nil
}

// safetyMatches applies the exercise's alert rules and the group's keywords
// to one answer and returns the alerts it would raise (not yet stored).
func (b *Bot) safetyMatches(ctx context.Context, a *answerer, stepID string, ans exercises.Answer) []*bot.SafetyAlert {
	st, ok := a.def.Step(stepID)
	if !ok || ans.Skipped {
		return nil
	}
	var raise []*bot.SafetyAlert
	for _, t := range a.def.Alerts(map[string]exercises.Answer{stepID: ans}) {
		rule := bot.RuleScale
		if st.Answer != exercises.AnswerScale {
			rule = bot.RuleChoice
		}
		raise = append(raise, &bot.SafetyAlert{Rule: rule, Reason: t.Say})
	}
	if st.Answer == exercises.AnswerText && ans.Text != "" {
		kws, err := b.watchedKeywords(ctx, a.group.ID) // the starter list and the group's own (safety_keywords_cmd.go)
		if err != nil {
			b.log.Error("safety keywords", "group", a.group.ID, "err", err)
		}
		if kw, ok := MatchKeywords(kws, ans.Text); ok {
			raise = append(raise, &bot.SafetyAlert{Rule: bot.RuleKeyword, Reason: "keyword: " + kw})
		}
	}
	return raise
}

// raiseAlerts raises the alerts an answer matched (once per open rule, run,
// member and step). Sending failures are logged and left to ResendAlerts:
// the member's answer is saved regardless, and the member is shown the
// alert screen (safety_share.go).
func (b *Bot) raiseAlerts(ctx context.Context, a *answerer, stepID string, raise []*bot.SafetyAlert) {
	for _, al := range raise {
		al.GroupID, al.UserID, al.RunID, al.ExerciseID, al.StepID, al.RaisedAt = a.group.ID, a.member.UserID, a.run.ID, a.run.ExerciseID, stepID, b.clock.Now()
		al.AnswerVersion = a.version // the alert keeps the value that raised it
		if err := b.raise(ctx, a.group, al); err != nil {
			b.log.Error("raise safety alert", "group", a.group.ID, "run", a.run.ID, "rule", al.Rule, "err", err)
		}
	}
}

// raise stores an alert, audits it and sends it to the therapists.
func (b *Bot) raise(ctx context.Context, g *bot.Group, al *bot.SafetyAlert) error {
	ctx = context.WithoutCancel(ctx) // the member's request may end; the alert must not be half-raised
	created, err := b.store.RaiseAlert(ctx, al)
	if err != nil || !created {
		return err
	}
	b.log.Warn("safety alert raised", "group", g.ID, "alert", al.ID, "run", al.RunID, "rule", al.Rule)
	if err := b.store.AddAudit(ctx, &bot.AuditRecord{GroupID: g.ID, ActorID: systemActor, Action: fmt.Sprintf("safety alert #%d raised", al.ID), Subjects: []string{al.UserID}, At: al.RaisedAt}); err != nil {
		return err
	}
	return b.deliverAlert(ctx, g, al)
}

func (b *Bot) resendAfter() time.Duration {
	if b.cfg.AlertResendAfter > 0 {
		return b.cfg.AlertResendAfter
	}
	return DefaultAlertResend
}

// ResendAlerts takes every unacknowledged safety alert one step further
// (see deliverAlert): it escalates to the backup and the practice contact
// when their time has come, tells therapists whose quiet hours have ended,
// and sends again what was last sent longer ago than the resend interval
// (or never sent, e.g. because the platform was down). It returns the
// errors joined after trying all of them. The scheduler's loop calls it
// with its clock; it is safe to call at any time.
func (b *Bot) ResendAlerts(ctx context.Context) error {
	als, err := b.store.UnsentAlerts(ctx, b.clock.Now())
	if err != nil {
		return err
	}
	groups := map[int64]*bot.Group{}
	var errs []error
	for _, al := range als {
		g, ok := groups[al.GroupID]
		if !ok {
			if g, err = b.store.Group(ctx, al.GroupID); err != nil {
				errs = append(errs, err)
				continue
			}
			groups[al.GroupID] = g
		}
		if err := b.deliverAlert(ctx, g, al); err != nil {
			errs = append(errs, fmt.Errorf("alert %d: %w", al.ID, err))
		}
	}
	return errors.Join(errs...)
}

func (b *Bot) alertsList(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	all := false
	if o, ok := req.Cmd.Options["all"]; ok {
		all, _ = o.Value.(bool)
	}
	als, err := b.store.Alerts(ctx, req.Group.ID, !all)
	if err != nil {
		return bot.Reply{}, err
	}
	names, err := b.names(ctx, req.Group.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	if len(als) == 0 {
		return bot.PrivateText("No open safety alerts in " + req.Group.Name + "." + b.noBackupWarning(ctx, req.Group)), nil
	}
	resps, err := b.store.AlertResponses(ctx, req.Group.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "**Safety alerts in %s**\n", req.Group.Name)
	for _, al := range als {
		fmt.Fprintf(&sb, "- #%d %s · %s · %s · %s", al.ID, req.Group.FormatTimeFrom(al.RaisedAt, req.Now), orWord(names[al.UserID], "(erased member)"), al.ExerciseID, b.alertWhat(ctx, req.Group, al))
		r, ok := resps[al.ID]
		sb.WriteString(responseWords(req.Group, r, ok, req.Now))
		if al.Open() {
			fmt.Fprintf(&sb, " · **open**, sent %d time(s)", al.Sends)
		} else {
			fmt.Fprintf(&sb, " · acknowledged by %s on %s: %s", orWord(names[al.AckedBy], "a therapist"), req.Group.FormatTimeFrom(*al.AckedAt, req.Now), al.Note)
		}
		sb.WriteString(b.alertDelivery(ctx, req.Group, al, names) + "\n")
	}
	sb.WriteString("Acknowledge with /alerts ack ID NOTE, or with a button below.")
	sb.WriteString(b.noBackupWarning(ctx, req.Group))
	msg := &bot.Message{Text: sb.String()}
	var row []bot.Block
	for _, al := range als {
		if al.Open() && len(row) < maxAckButtons {
			f := b.router.FormFor("alerts", "ack", map[string]string{"id": strconv.FormatInt(al.ID, 10)})
			row = append(row, &bot.FormButton{Label: fmt.Sprintf("Acknowledge #%d", al.ID), Form: *f})
		}
	}
	msg.Blocks = row
	return bot.Reply{Message: msg, Private: true}, nil
}

func (b *Bot) alertsAck(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	id, _, _ := req.Cmd.Int("id")
	note, _ := req.Cmd.String("note")
	if why := bot.CheckMemberText(note); why != "" { // kept as written, like answers
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "%s", why)
	}
	if bot.Blank(note) {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "Please add a short note of what you did or decided, e.g. \"called her, safe, plan for Tuesday\".")
	}
	if n := utf8.RuneCountInString(note); n > maxAckNote {
		return bot.Reply{}, bot.Errorf(bot.EInvalid, "The note can have at most %d characters; this one has %d.", maxAckNote, n)
	}
	al, err := b.store.Alert(ctx, req.Group.ID, id)
	if err != nil {
		return bot.Reply{}, err
	}
	if err := b.store.AckAlert(ctx, req.Group.ID, id, req.Member.UserID, note, req.Now); err != nil {
		return bot.Reply{}, err
	}
	if err := b.store.AddAudit(ctx, &bot.AuditRecord{GroupID: req.Group.ID, ActorID: req.Member.UserID, Action: fmt.Sprintf("safety alert #%d acknowledged", id), Subjects: []string{al.UserID}, At: req.Now}); err != nil {
		return bot.Reply{}, err
	}
	b.log.Info("safety alert acknowledged", "group", req.Group.ID, "alert", id)
	return bot.PrivateText(fmt.Sprintf("Alert #%d is acknowledged; your note is kept with it and it will not be sent again.", id)), nil
}

// AlertLines returns one line per safety alert about a member, newest
// first, for the member's review ("" when none).
func (b *Bot) AlertLines(ctx context.Context, g *bot.Group, userID string) (string, error) {
	als, err := b.store.AlertsAbout(ctx, g.ID, userID)
	if err != nil || len(als) == 0 {
		return "", err
	}
	names, err := b.names(ctx, g.ID)
	if err != nil {
		return "", err
	}
	resps, err := b.store.AlertResponses(ctx, g.ID)
	if err != nil {
		return "", err
	}
	var sb strings.Builder
	sb.WriteString("\n**Safety alerts**\n")
	for _, al := range als {
		fmt.Fprintf(&sb, "- #%d %s · %s · %s", al.ID, g.FormatTimeFrom(al.RaisedAt, b.clock.Now()), al.ExerciseID, b.alertWhat(ctx, g, al))
		r, ok := resps[al.ID]
		sb.WriteString(responseWords(g, r, ok, b.clock.Now()))
		if al.Open() {
			sb.WriteString(" · **open**\n")
		} else {
			fmt.Fprintf(&sb, " · acknowledged by %s: %s\n", orWord(names[al.AckedBy], "a therapist"), al.Note)
		}
	}
	return strings.TrimRight(sb.String(), "\n"), nil
}
