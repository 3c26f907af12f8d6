package core_test

import (
	"strings"
	"testing"

	"groupwork/bot"
	"groupwork/core"
	"groupwork/core/coretest"
)

// TestConsentNoticeSaysEverythingThatHappens: the default notice tells a
// member about alerts and the scanning of written answers, that the
// therapist may contact them, voice join and leave times, that a shared
// answer carries their name, and how long THIS group keeps answers.
func TestConsentNoticeSaysEverythingThatHappens(t *testing.T) {
	h := coretest.NewBot(t)
	h.Do("Tess", "/group create \"Tuesday group\" Europe/Berlin")
	h.Do("Tess", "/group add @Ana")
	h.Do("Tess", "/group retention 30")
	h.Do("Tess", "/exercise start mood-checkin")
	notice := coretest.Text(h.Press("Ana", "Start"))
	wantIn(t, "consent notice", notice,
		"Tuesday group",
		"private alert",
		"checks your written answers",
		"your therapist may contact you",
		"join and leave the voice channel",
		"a shared answer shows your name",
		"kept for 30 days",
		"/forgetme",
		"Nothing you answer is saved until you accept")
	if strings.Contains(notice, "{") {
		t.Errorf("a placeholder was left in the notice:\n%s", notice)
	}
}

// TestPracticeConsentNoticeFillsPlaceholders: a practice's own notice keeps
// working, with {group} and {retention} filled in per group.
func TestPracticeConsentNoticeFillsPlaceholders(t *testing.T) {
	h := coretest.NewBot(t, func(c *core.Config) {
		c.ConsentNotice = "Our practice keeps what you write in {group} for {retention}."
		c.RetentionDays = 90
	})
	h.Do("Tess", "/group create \"Tuesday group\" Europe/Berlin")
	h.Do("Tess", "/group add @Ana")
	wantIn(t, "notice", coretest.Text(h.Do("Ana", "/privacy")), "Our practice keeps what you write in Tuesday group for 90 days.")
}

// TestNewConsentVersionAsksEveryMemberAgain: after consent.version changes,
// an acceptance of the earlier version no longer counts: the member's next
// answer is not stored and they see the new notice; once they accept, the
// history shows both versions.
func TestNewConsentVersionAsksEveryMemberAgain(t *testing.T) {
	h := coretest.NewBot(t, func(c *core.Config) { c.ConsentVersion = "2025-01" })
	h.Do("Tess", "/group create \"Tuesday group\" Europe/Berlin")
	h.Do("Tess", "/group add @Ana")
	h.Do("Ana", "/privacy accept")
	h.Do("Tess", "/exercise start mood-checkin")
	h.Press("Ana", "Start")
	h.Press("Ana", "7")
	g := mustGroup(t, h)
	before, err := h.Store.UserAnswers(t.Context(), g.ID, "u-ana")
	if err != nil || len(before) != 1 {
		t.Fatalf("answers before: %d, %v", len(before), err)
	}

	// The practice changes its notice: same database, new version.
	b2, err := core.New(core.Config{Store: h.Store, Library: h.Bot.Library(), Clock: h.Clock, ConsentVersion: "2026-06"})
	if err != nil {
		t.Fatal(err)
	}
	b2.AddAdapter(h.Adapter)
	h.Bot = b2

	wantIn(t, "group info", coretest.Text(h.Do("Tess", "/group info")), "Ana — consent: accepted an earlier notice (version 2025-01 · kept 365 days); will be asked again")
	rep := h.Press("Ana", "Start")
	wantIn(t, "the next answer", coretest.Text(rep), "The privacy notice of this group has changed since you accepted it", "I accept")
	changeTo3 := func() {
		h.Event("Ana", &bot.Action{EventMeta: h.Meta("Ana"), CustomID: bot.CustomID{Kind: "ans", Ref: 1, Step: "mood", Value: "3"}.String()})
	}
	changeTo3()
	after, err := h.Store.UserAnswers(t.Context(), g.ID, "u-ana")
	if err != nil || len(after) != 1 || after[0].Answer.Scale != 7 {
		t.Fatalf("an answer was stored under the old consent: %+v, %v", after, err)
	}
	wantIn(t, "/privacy", coretest.Text(h.Do("Ana", "/privacy")), "You accepted an earlier version of this notice")

	h.Press("Ana", "I accept")
	hist, err := h.Store.ConsentHistory(t.Context(), g.ID, "u-ana")
	if err != nil || len(hist) != 2 || hist[0].Version != "2025-01 · kept 365 days" || hist[1].Version != "2026-06 · kept 365 days" || hist[1].State != bot.ConsentAccepted {
		t.Fatalf("consent history: %+v, %v", hist, err)
	}
	wantIn(t, "group info", coretest.Text(h.Do("Tess", "/group info")), "Ana — consent: accepted")
	// The same press now counts: it was refused only for the old consent.
	changeTo3()
	if now, err := h.Store.UserAnswers(t.Context(), g.ID, "u-ana"); err != nil || len(now) != 1 || now[0].Answer.Scale != 3 {
		t.Fatalf("after accepting the new notice: %+v, %v", now, err)
	}
}

// TestDeclinePointsToForgetme: declining (by command or button) says how
// to erase what was already stored.
func TestDeclinePointsToForgetme(t *testing.T) {
	h := coretest.NewBot(t)
	h.Do("Tess", "/group create \"Tuesday group\" Europe/Berlin")
	h.Do("Tess", "/group add @Ana")
	h.Do("Tess", "/group add @Bo")
	wantIn(t, "/privacy decline", coretest.Text(h.Do("Ana", "/privacy decline")), "/forgetme", "Nothing you answer will be saved")
	h.Do("Tess", "/exercise start mood-checkin")
	h.Press("Bo", "Start")
	wantIn(t, "the Not now button", coretest.Text(h.Press("Bo", "Not now")), "/forgetme")
}

// TestLongerRetentionAsksAgain: members accepted a notice that names the
// group's retention; a longer one is a new notice (asked again), a shorter
// one is in their favour (not asked again).
func TestLongerRetentionAsksAgain(t *testing.T) {
	h := coretest.NewBot(t)
	h.Do("Tess", "/group create \"Tuesday group\" Europe/Berlin")
	h.Do("Tess", "/group add @Ana")
	h.Do("Ana", "/privacy accept")
	wantIn(t, "shorter retention", coretest.Text(h.Do("Tess", "/group retention 90")), "kept for 90 days")
	h.Do("Tess", "/exercise start mood-checkin")
	if text := coretest.Text(h.Press("Ana", "Start")); strings.Contains(text, "I accept") {
		t.Fatalf("asked again after a shorter retention:\n%s", text)
	}
	wantIn(t, "longer retention", coretest.Text(h.Do("Tess", "/group retention 400")), "longer than before", "asked to accept it again")
	text := coretest.Text(h.Press("Ana", "Start"))
	wantIn(t, "after a longer retention", text, "has changed since you accepted it", "kept for 400 days", "I accept")
}
