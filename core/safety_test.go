package core_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/core"
	"groupwork/core/coretest"
	"groupwork/exercises"
)

// safetyGroup is setup plus a co-therapist Cora named as backup.
func safetyGroup(t *testing.T, opts ...coretest.Option) *coretest.Harness {
	t.Helper()
	h := coretest.NewBot(t, opts...)
	h.Do("Tess", "/group create \"Tuesday group\" Europe/Berlin")
	h.Do("Tess", "/group add @Ana")
	h.Do("Tess", "/group add @Bo")
	h.Do("Tess", "/group add @Cora co-therapist")
	h.Do("Ana", "/privacy accept")
	h.Do("Bo", "/privacy accept")
	if text := coretest.Text(h.Do("Tess", "/group backup @Cora")); !strings.Contains(text, "go to you and to Cora") {
		t.Fatalf("backup: %s", text)
	}
	return h
}

// TestScaleAlertReachesLeadAndBackupWithoutText: a mood of 2 raises one
// private alert to the lead and the backup, naming member, exercise and a
// reference but nothing the member wrote; the member sees resources and
// what to expect; the alert is audited and in the member's review.
func TestScaleAlertReachesLeadAndBackupWithoutText(t *testing.T) {
	h := safetyGroup(t)
	h.Do("Tess", "/exercise start mood-checkin")
	h.Press("Ana", "Start")
	rep := h.Press("Ana", "2")
	text := coretest.Text(rep)
	for _, want := range []string{"your therapists will see that you may need support", "not available around the clock", "TelefonSeelsorge", "not an emergency service", "Please contact me", "I'm OK for now"} {
		if !strings.Contains(text, want) {
			t.Errorf("member's reply lacks %q:\n%s", want, text)
		}
	}
	// a screen of its own: not the next question, never a question about sharing
	for _, not := range []string{"How has your energy been", "Would you like the group"} {
		if strings.Contains(text, not) {
			t.Errorf("the alert screen also shows %q:\n%s", not, text)
		}
	}
	if !rep.Private {
		t.Error("the safety notice must be private")
	}
	for _, who := range []string{"Tess", "Cora"} {
		dm := h.LastDM(who)
		for _, want := range []string{"Safety alert #1", "Tuesday group", "Member: Ana", "mood-checkin", "Mood rated 1 or 2", "/alerts ack 1"} {
			if !strings.Contains(dm, want) {
				t.Errorf("%s's alert lacks %q:\n%s", who, want, dm)
			}
		}
	}
	if n := len(h.DMs("Bo")) + len(h.DMs("Ana")); n != 0 {
		t.Errorf("alert went to members: %d messages", n)
	}
	// The rest of the check-in, with a written note: not in any alert.
	h.Press("Ana", "I'm OK for now")
	h.Press("Ana", "Continue")
	h.Press("Ana", "3")
	h.Press("Ana", "Wrote it down")
	h.Fill("Ana", "Write my answer", "SENTINEL-note-written-by-ana")
	for _, p := range h.Adapter.Posts() {
		if text, _ := bot.Render(&p.Message); strings.Contains(text, "SENTINEL-note") {
			t.Errorf("member text was posted to %s", p.To)
		}
	}
	// Answering 2 again (changing the answer) does not raise a second open alert.
	h.Press("Ana", "Start")
	h.Choose("Ana", "How has your mood been since our last session?")
	h.Press("Ana", "1")
	list := coretest.Text(h.Do("Tess", "/alerts list"))
	if !strings.Contains(list, "#1") || strings.Contains(list, "#2") || !strings.Contains(list, "open") {
		t.Errorf("alerts list:\n%s", list)
	}
	audits, err := h.Store.AuditAbout(t.Context(), 1, "u-ana")
	if err != nil {
		t.Fatal(err)
	}
	if len(audits) == 0 || audits[len(audits)-1].Action != "safety alert #1 raised" {
		t.Errorf("audit: %+v", audits)
	}
	lines, err := h.Bot.AlertLines(t.Context(), mustGroup(t, h), "u-ana")
	if err != nil || !strings.Contains(lines, "#1") || !strings.Contains(lines, "open") {
		t.Errorf("alert lines %q, %v", lines, err)
	}
}

func mustGroup(t *testing.T, h *coretest.Harness) *bot.Group {
	t.Helper()
	g, err := h.Store.GroupByChannel(t.Context(), coretest.Platform, h.Channel)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestAlertAcknowledgementAndResend: unacknowledged alerts are re-sent
// after the interval; a member cannot close one ("you misunderstood");
// a therapist's acknowledgement needs a note, is audited, and stops resends.
func TestAlertAcknowledgementAndResend(t *testing.T) {
	h := safetyGroup(t, func(c *core.Config) { c.AlertResendAfter = time.Hour })
	h.Do("Tess", "/exercise start mood-checkin")
	h.Press("Ana", "Start")
	h.Press("Ana", "1")
	sent := len(h.DMs("Tess"))
	h.Clock.Advance(30 * time.Minute)
	if err := h.Bot.ResendAlerts(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := len(h.DMs("Tess")); n != sent {
		t.Fatalf("re-sent before the interval: %d → %d", sent, n)
	}
	h.Clock.Advance(31 * time.Minute)
	if err := h.Bot.ResendAlerts(t.Context()); err != nil {
		t.Fatal(err)
	}
	if dm := h.LastDM("Cora"); len(h.DMs("Tess")) != sent+1 || !strings.Contains(dm, "not yet acknowledged: sent again") {
		t.Fatalf("not re-sent after the interval: %d, %s", len(h.DMs("Tess")), dm)
	}
	// The member cannot close it, in any way.
	for _, line := range []string{`/alerts ack 1 "you misunderstood, I am fine"`, "/alerts list"} {
		if text := coretest.Text(h.Do("Ana", line)); !strings.HasPrefix(text, "Only ") {
			t.Errorf("member ran %s: %s", line, text)
		}
	}
	if text := coretest.Text(h.Do("Tess", `/alerts ack 1 ""`)); !strings.Contains(text, "note") {
		t.Errorf("ack without note: %s", text)
	}
	if text := coretest.Text(h.Do("Tess", "/alerts ack 9 checked")); !strings.Contains(text, "no alert with that number") {
		t.Errorf("ack of unknown alert: %s", text)
	}
	if text := coretest.Text(h.Do("Cora", `/alerts ack 1 "Called Ana; safe; plan made"`)); !strings.Contains(text, "Alert #1 is acknowledged") {
		t.Fatalf("ack: %s", text)
	}
	if text := coretest.Text(h.Do("Tess", `/alerts ack 1 again`)); !strings.Contains(text, "already acknowledged") {
		t.Errorf("second ack: %s", text)
	}
	if text := coretest.Text(h.Do("Tess", "/alerts list")); !strings.Contains(text, "No open safety alerts") {
		t.Errorf("open alerts after ack: %s", text)
	}
	if text := coretest.Text(h.Do("Tess", "/alerts list all:true")); !strings.Contains(text, "acknowledged by Cora") || !strings.Contains(text, "Called Ana") {
		t.Errorf("all alerts: %s", text)
	}
	if text := coretest.Text(h.Do("Tess", "/review member @Ana")); !strings.Contains(text, "**Safety alerts**") || !strings.Contains(text, "#1") || !strings.Contains(text, "acknowledged by Cora: Called Ana") {
		t.Errorf("review member lacks the alert: %s", text)
	}
	h.Clock.Advance(3 * time.Hour)
	before := len(h.DMs("Tess"))
	if err := h.Bot.ResendAlerts(t.Context()); err != nil {
		t.Fatal(err)
	}
	if len(h.DMs("Tess")) != before {
		t.Error("an acknowledged alert was sent again")
	}
	audits, err := h.Store.AuditAbout(t.Context(), 1, "u-ana")
	if err != nil {
		t.Fatal(err)
	}
	acked := false
	for _, a := range audits {
		acked = acked || (a.Action == "safety alert #1 acknowledged" && a.ActorID == "u-cora")
	}
	if !acked {
		t.Errorf("no audit of the acknowledgement: %+v", audits)
	}
	// The member sees in /mydata that an alert was raised and acknowledged,
	// and who (groupwork itself, then Cora) touched their record — not the note.
	rep := h.Do("Ana", "/mydata")
	text := coretest.Text(rep)
	if !strings.Contains(text, "Safety alerts your answers raised for your therapist: 1") || !strings.Contains(text, "groupwork (automatic)") || !strings.Contains(text, "safety alert #1 acknowledged") {
		t.Errorf("mydata: %s", text)
	}
	var data []byte
	for _, b := range rep.Message.Blocks {
		if f, ok := b.(*bot.File); ok {
			data = f.Data
		}
	}
	var exp core.MyDataExport
	if err := json.Unmarshal(data, &exp); err != nil {
		t.Fatal(err)
	}
	if len(exp.Alerts) != 1 || exp.Alerts[0].AcknowledgedAt == nil || exp.Alerts[0].Why != "Mood rated 1 or 2 in the check-in." || exp.ConsentVersion != core.DefaultConsentVersion+" · kept 365 days" || exp.ConsentDecidedAt == nil {
		t.Errorf("mydata export: %+v", exp.MyDataSafety)
	}
	if strings.Contains(string(data), "Called Ana") {
		t.Error("the therapist's note is in the member's export")
	}
}

// TestAlertsWhenPlatformCannotDM: without direct messages the alert stays
// unsent, /alerts list shows it, and ResendAlerts delivers it once the
// platform is back.
func TestAlertsWhenDeliveryFails(t *testing.T) {
	h := safetyGroup(t)
	h.Do("Tess", "/exercise start mood-checkin")
	h.Press("Ana", "Start")
	h.Adapter.FailPost = errTest
	rep := h.Press("Ana", "1")
	h.Adapter.FailPost = nil
	if !strings.Contains(coretest.Text(rep), "Please contact me") {
		t.Fatalf("the member must see the alert screen although the alert could not be sent: %s", coretest.Text(rep))
	}
	if n := len(h.DMs("Tess")); n != 0 {
		t.Fatalf("dms: %d", n)
	}
	if text := coretest.Text(h.Do("Tess", "/alerts list")); !strings.Contains(text, "sent 0 time(s)") {
		t.Errorf("list: %s", text)
	}
	h.Press("Ana", "I'm OK for now")
	if text := coretest.Text(h.Press("Ana", "Continue")); !strings.Contains(text, "How has your energy") {
		t.Fatalf("the answer must be saved although the alert could not be sent: %s", text)
	}
	if err := h.Bot.ResendAlerts(t.Context()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h.LastDM("Tess"), "Safety alert #1") {
		t.Errorf("not delivered on retry")
	}
}

type testErr string

func (e testErr) Error() string { return string(e) }

const errTest = testErr("platform down")

// TestChoiceAndKeywordAlerts: a choice rule in an exercise file and the
// group's keywords on written answers.
func TestChoiceAndKeywordAlerts(t *testing.T) {
	src := `id: safety-check
title: Safety check
kind: checkin
goal: Check in.
steps:
  - id: safe
    ask: How safe do you feel right now?
    choose: [Safe, Not sure, Not safe]
    alert: {choice: Not safe, say: member chose not safe}
  - id: note
    ask: Anything else?
    text: {max: 300}
    optional: true
`
	d, err := exercises.Parse("safety-check.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	lib := exercises.Builtin()
	if err := lib.Add(d); err != nil {
		t.Fatal(err)
	}
	h := safetyGroup(t, coretest.WithLibrary(lib))
	if text := coretest.Text(h.Do("Tess", `/group keywords add "Dark THOUGHTS"`)); !strings.Contains(text, `Added "dark thoughts"`) || !strings.Contains(text, "cannot tell") {
		t.Fatalf("add keyword: %s", text)
	}
	h.Do("Tess", "/group keywords add numb")
	if text := coretest.Text(h.Do("Tess", "/group keywords add numb")); !strings.Contains(text, "already has") {
		t.Errorf("duplicate keyword: %s", text)
	}
	if text := coretest.Text(h.Do("Tess", "/group keywords list")); !strings.Contains(text, "dark thoughts, numb") {
		t.Errorf("list: %s", text)
	}
	h.Do("Tess", "/exercise start safety-check")
	h.Press("Bo", "Start")
	rep := h.Press("Bo", "Not sure")
	if strings.Contains(coretest.Text(rep), "may need support") {
		t.Errorf("notice without a match")
	}
	h.Fill("Bo", "Write my answer", "Walking helped a lot")
	h.Press("Ana", "Start")
	if text := coretest.Text(h.Press("Ana", "Not safe")); !strings.Contains(text, "your therapists will see that you may need support") {
		t.Errorf("choice alert screen missing: %s", text)
	}
	h.Press("Ana", "I'm OK for now")
	h.Press("Ana", "Continue")
	if text := coretest.Text(h.Fill("Ana", "Write my answer", "Some days I have DARK thoughts")); !strings.Contains(text, "your therapists will see that you may need support") {
		t.Errorf("keyword alert screen missing: %s", text)
	}
	dms := strings.Join(h.DMs("Tess"), "\n")
	if !strings.Contains(dms, "member chose not safe") || !strings.Contains(dms, "matched one of this group's keywords") {
		t.Errorf("alerts: %s", dms)
	}
	if strings.Contains(dms, "DARK") || strings.Contains(dms, "dark thoughts") {
		t.Errorf("the alert shows the member's words or the keyword: %s", dms)
	}
	list := coretest.Text(h.Do("Tess", "/alerts list"))
	if !strings.Contains(list, "#1") || !strings.Contains(list, "#2") || !strings.Contains(list, "keyword: dark thoughts") || strings.Contains(list, "Bo") {
		t.Errorf("list: %s", list)
	}
	if text := coretest.Text(h.Do("Tess", `/group keywords remove "dark thoughts"`)); !strings.Contains(text, "Removed") {
		t.Errorf("remove: %s", text)
	}
	if text := coretest.Text(h.Do("Tess", `/group keywords remove nothing`)); !strings.Contains(text, "no such keyword") {
		t.Errorf("remove absent: %s", text)
	}
	for _, bad := range []string{`/group keywords add`, `/group keywords add "a b c d e f g"`, `/group keywords add "kill!"`} {
		if text := coretest.Text(h.Do("Tess", bad)); !strings.Contains(text, "keyword") {
			t.Errorf("%s: %s", bad, text)
		}
	}
}

// TestGroupFooter: a group's footer (or the configured default) is shown
// under the prompt and every question; none turns it off.
func TestGroupFooter(t *testing.T) {
	h := safetyGroup(t, func(c *core.Config) { c.SafetyFooter = "Practice footer: call 988 in a crisis." })
	h.Do("Tess", "/exercise start roll-call")
	if posts := h.PostsTo(h.Channel); !strings.Contains(posts[len(posts)-1], "Practice footer") {
		t.Errorf("default footer missing: %s", posts[len(posts)-1])
	}
	if text := coretest.Text(h.Do("Tess", "/group footer")); !strings.Contains(text, "practice's footer") {
		t.Errorf("show footer: %s", text)
	}
	if text := coretest.Text(h.Do("Tess", `/group footer "Not monitored around the clock. In an emergency call 112."`)); !strings.Contains(text, "every exercise") {
		t.Errorf("set footer: %s", text)
	}
	h.Do("Tess", "/exercise start mood-checkin")
	posts := h.PostsTo(h.Channel)
	if !strings.Contains(posts[len(posts)-1], "call 112") || strings.Contains(posts[len(posts)-1], "Practice footer") {
		t.Errorf("group footer missing from prompt: %s", posts[len(posts)-1])
	}
	if text := coretest.Text(h.Press("Ana", "Start")); !strings.Contains(text, "call 112") {
		t.Errorf("group footer missing from question: %s", text)
	}
	if text := coretest.Text(h.Do("Tess", "/group footer "+strings.Repeat("x", 301))); !strings.Contains(text, "at most 300") {
		t.Errorf("long footer: %s", text)
	}
	h.Do("Tess", "/group footer none")
	h.Do("Tess", "/exercise start roll-call")
	h.Press("Tess", "Start a second one") // the first roll call is still open
	posts = h.PostsTo(h.Channel)
	if strings.Contains(posts[len(posts)-1], "112") || strings.Contains(posts[len(posts)-1], "Practice") {
		t.Errorf("footer shown after none: %s", posts[len(posts)-1])
	}
}

// TestSchedulerTickResendsAlerts: the scheduler's pass is what re-sends
// unacknowledged alerts in production.
func TestSchedulerTickResendsAlerts(t *testing.T) {
	h := safetyGroup(t, func(c *core.Config) { c.AlertResendAfter = time.Hour })
	h.Do("Tess", "/exercise start mood-checkin")
	h.Press("Ana", "Start")
	h.Press("Ana", "1")
	sent := len(h.DMs("Tess"))
	h.Clock.Advance(61 * time.Minute)
	if err := h.Bot.Scheduler().Tick(t.Context()); err != nil {
		t.Fatal(err)
	}
	if dm := h.LastDM("Tess"); len(h.DMs("Tess")) != sent+1 || !strings.Contains(dm, "sent again") {
		t.Fatalf("the scheduler pass did not re-send the alert: %d DMs, last %q", len(h.DMs("Tess")), dm)
	}
}

// TestBackupCanBeCleared: the lead names a backup, then clears it; alerts
// then reach the lead only.
func TestBackupCanBeCleared(t *testing.T) {
	h := safetyGroup(t)
	if text := coretest.Text(h.Do("Tess", "/group backup")); !strings.Contains(text, "Cora") {
		t.Fatalf("backup before clearing: %s", text)
	}
	if text := coretest.Text(h.Do("Tess", "/group backup @Cora clear:yes")); !strings.Contains(text, "not both") {
		t.Errorf("naming and clearing at once: %s", text)
	}
	if text := coretest.Text(h.Do("Tess", "/group backup clear:yes")); !strings.Contains(text, "no backup therapist now") {
		t.Fatalf("clear: %s", text)
	}
	h.Do("Tess", "/exercise start mood-checkin")
	h.Press("Ana", "Start")
	h.Press("Ana", "1")
	if !strings.Contains(h.LastDM("Tess"), "Safety alert #1") {
		t.Errorf("the lead did not get the alert")
	}
	if n := len(h.DMs("Cora")); n != 0 {
		t.Errorf("the cleared backup still got %d alert(s)", n)
	}
}
