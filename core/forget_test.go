package core_test

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/core"
	"groupwork/core/coretest"
)

// onDisk reports whether needle is in the database file or its WAL.
func onDisk(t *testing.T, h *coretest.Harness, needle string) bool {
	t.Helper()
	found := false
	for _, suffix := range []string{"", "-wal", "-journal"} {
		data, err := os.ReadFile(h.Store.Path() + suffix)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte(needle)) {
			t.Logf("%q found in %s", needle, "groupwork.db"+suffix)
			found = true
		}
	}
	return found
}

// writeAnswer has user answer session-reflection with text.
func writeAnswer(t *testing.T, h *coretest.Harness, user, text string) {
	t.Helper()
	h.Press(user, "Start")
	h.Press(user, "4")
	rep := h.Fill(user, "Write my answer", text)
	if strings.Contains(coretest.Text(rep), "Skip this question") {
		rep = h.Press(user, "Skip this question")
	}
	if !strings.Contains(coretest.Text(rep), "Your answers are saved") {
		t.Fatalf("answer: %s", coretest.Text(rep))
	}
}

// TestForgetMeErasesBytes: /forgetme asks first; "Keep my data" changes
// nothing; "Erase my data" deletes the member's answers and identifiers,
// keeps anonymous counts, tells the therapist, writes a content-free audit
// record — and the sentinel the member wrote is gone from the database file
// and its WAL.
func TestForgetMeErasesBytes(t *testing.T) {
	h := safetyGroup(t, func(c *core.Config) { c.ForgetKeepsCounts = true })
	const sentinel = "SENTINEL-forget-4f1c9e"
	h.Do("Tess", "/exercise start session-reflection")
	writeAnswer(t, h, "Ana", sentinel)
	writeAnswer(t, h, "Bo", "Bo keeps this answer")
	h.Do("Tess", "/exercise start mood-checkin")
	h.Press("Ana", "Start")
	h.Press("Ana", "1") // an alert about Ana
	h.Do("Tess", "/session start")
	h.Do("Tess", "/session mark @Ana present")
	h.Do("Tess", "/session end")
	if !onDisk(t, h, sentinel) {
		t.Fatal("the sentinel should be on disk before erasure (test is broken)")
	}
	rep := h.Do("Ana", "/forgetme")
	if text := coretest.Text(rep); !rep.Private || !strings.Contains(text, "cannot be undone") || !strings.Contains(text, "anonymous counts") {
		t.Fatalf("confirmation: %s", text)
	}
	// Someone else pressing Ana's button erases nothing of Ana (nor of themselves: Tess is no member).
	forged := &bot.Action{EventMeta: h.Meta("Tess"), CustomID: bot.CustomID{Kind: "forget", Ref: 1, Value: "yes"}.String()}
	if text := coretest.Text(h.Event("Tess", forged)); !strings.Contains(text, "/forgetme is for members") {
		t.Errorf("therapist pressed erase: %s", text)
	}
	h.Do("Ana", "/forgetme")
	if text := coretest.Text(h.Press("Ana", "Keep my data")); !strings.Contains(text, "Nothing was erased") {
		t.Errorf("keep: %s", text)
	}
	if recs, _ := h.Store.UserAnswers(t.Context(), 1, "u-ana"); len(recs) == 0 {
		t.Fatal("keep erased answers")
	}
	h.Do("Ana", "/forgetme")
	if text := coretest.Text(h.Press("Ana", "Erase my data")); !strings.Contains(text, "Your answers and your name are erased") {
		t.Fatalf("erase: %s", text)
	}
	if onDisk(t, h, sentinel) {
		t.Error("the member's text is still on disk after /forgetme")
	}
	if recs, _ := h.Store.UserAnswers(t.Context(), 1, "u-ana"); len(recs) != 0 {
		t.Errorf("answers left: %d", len(recs))
	}
	if recs, _ := h.Store.UserAnswers(t.Context(), 1, "u-bo"); len(recs) == 0 {
		t.Error("Bo's answers went too")
	}
	if _, err := h.Store.Membership(t.Context(), 1, "u-ana"); bot.ErrorCode(err) != bot.ENotFound {
		t.Errorf("Ana is still a member: %v", err)
	}
	ms, _ := h.Store.Memberships(t.Context(), 1)
	for _, m := range ms {
		if m.UserID == "u-ana" || m.DisplayName == "Ana" {
			t.Errorf("identifier kept: %+v", m)
		}
	}
	parts, _ := h.Store.Participation(t.Context(), 1)
	anon := 0
	for _, p := range parts {
		if p.UserID == "u-ana" {
			t.Errorf("participation still keyed to Ana")
		}
		if strings.HasPrefix(p.UserID, "anon-") {
			anon++
		}
	}
	if anon != 1 {
		t.Errorf("anonymous participation rows: %d, want 1 (counts kept)", anon)
	}
	marks, err := h.Store.AttendanceMarks(t.Context(), 1, time.Time{}, time.Time{})
	if err != nil || len(marks) != 1 || !strings.HasPrefix(marks[0].UserID, "anon-") {
		t.Errorf("attendance after erasure: %+v, %v", marks, err)
	}
	if dm := h.LastDM("Tess"); !strings.Contains(dm, "Ana used /forgetme") || !strings.Contains(dm, "anonymous counts") {
		t.Errorf("therapist not told: %s", dm)
	}
	if text := coretest.Text(h.Do("Tess", "/alerts list")); strings.Contains(text, "Ana") || !strings.Contains(text, "erased member") {
		t.Errorf("alert still names Ana: %s", text)
	}
	for _, a := range mustAudit(t, h) {
		for _, s := range append(a.Subjects, a.ActorID) {
			if s == "u-ana" {
				t.Errorf("audit still names Ana: %+v", a)
			}
		}
	}
	if onDisk(t, h, "u-ana") {
		t.Error("Ana's user id is still on disk")
	}
	// Ana is no longer in the group.
	if text := coretest.Text(h.Do("Ana", "/mydata")); !strings.HasPrefix(text, "Only ") {
		t.Errorf("mydata after erasure: %s", text)
	}
}

func mustAudit(t *testing.T, h *coretest.Harness) []*bot.AuditRecord {
	t.Helper()
	var out []*bot.AuditRecord
	ms, _ := h.Store.Memberships(t.Context(), 1)
	seen := map[int64]bool{}
	for _, m := range append(ms, &bot.Membership{UserID: "u-ana"}) {
		rs, err := h.Store.AuditAbout(t.Context(), 1, m.UserID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if !seen[r.ID] {
				seen[r.ID] = true
				out = append(out, r)
			}
		}
	}
	return out
}

// TestForgetWithoutCounts deletes the participation rows too.
func TestForgetWithoutCounts(t *testing.T) {
	h := safetyGroup(t)
	h.Do("Tess", "/exercise start session-reflection")
	writeAnswer(t, h, "Ana", "some words")
	h.Do("Ana", "/forgetme")
	h.Press("Ana", "Erase my data")
	parts, _ := h.Store.Participation(t.Context(), 1)
	for _, p := range parts {
		if p.UserID != "u-bo" {
			t.Errorf("participation row left: %+v", p)
		}
	}
}

// TestRetentionPurgeErasesBytes: answers older than the group's retention
// are deleted by Purge (bytes gone from the file and WAL), newer ones stay;
// /group end offers the record, and after the retention period everything goes.
func TestRetentionPurgeErasesBytes(t *testing.T) {
	h := safetyGroup(t, func(c *core.Config) { c.RetentionDays = 30 })
	const old, recent = "SENTINEL-purge-old-8d2a", "SENTINEL-purge-recent-51bb"
	if text := coretest.Text(h.Do("Tess", "/group retention")); !strings.Contains(text, "kept for 30 days") {
		t.Errorf("retention default: %s", text)
	}
	for _, bad := range []string{"/group retention 3", "/group retention 5000"} {
		if text := coretest.Text(h.Do("Tess", bad)); !strings.Contains(text, "7 to 3650 days") {
			t.Errorf("%s: %s", bad, text)
		}
	}
	if text := coretest.Text(h.Do("Tess", "/group retention 60")); !strings.Contains(text, "kept for 60 days") {
		t.Errorf("retention set: %s", text)
	}
	h.Do("Ana", "/privacy accept") // the notice now says 60 days, longer than she accepted
	h.Do("Tess", "/exercise start session-reflection")
	writeAnswer(t, h, "Ana", old)
	h.Clock.Advance(40 * 24 * time.Hour)
	h.Do("Tess", "/exercise start session-reflection")
	writeAnswer(t, h, "Ana", recent)
	if err := h.Bot.Purge(t.Context()); err != nil {
		t.Fatal(err)
	}
	if !onDisk(t, h, old) || !onDisk(t, h, recent) {
		t.Fatal("nothing is 60 days old yet: both answers stay")
	}
	h.Clock.Advance(25 * 24 * time.Hour) // the first run is 65 days old, the second 25
	if err := h.Bot.Purge(t.Context()); err != nil {
		t.Fatal(err)
	}
	if onDisk(t, h, old) {
		t.Error("expired answer still on disk after the purge")
	}
	if !onDisk(t, h, recent) {
		t.Error("the recent answer was purged")
	}
	if parts, _ := h.Store.Participation(t.Context(), 1); len(parts) != 0 {
		t.Errorf("participation of the purged run: %+v", parts)
	}
	// End the group: the lead gets the record, then everything goes after 60 days.
	if text := coretest.Text(h.Do("Cora", "/group end")); !strings.HasPrefix(text, "Only ") {
		t.Errorf("co-therapist ended the group: %s", text)
	}
	h.Do("Tess", "/group end")
	rep := h.Press("Tess", "End the group")
	if text := coretest.Text(rep); !strings.Contains(text, "has ended") || !strings.Contains(text, "60 days") {
		t.Fatalf("end: %s", text)
	}
	forged := &bot.Action{EventMeta: h.Meta("Ana"), CustomID: bot.CustomID{Kind: "endexp", Ref: 1}.String()}
	if text := coretest.Text(h.Event("Ana", forged)); !strings.Contains(text, "Only this group's therapists") {
		t.Errorf("member downloaded the record: %s", text)
	}
	h.Do("Tess", "/group end")
	exp := h.Press("Tess", "Download the group's record")
	var data []byte
	for _, b := range exp.Message.Blocks {
		if f, ok := b.(*bot.File); ok {
			data = f.Data
		}
	}
	if !bytes.Contains(data, []byte(recent)) {
		t.Errorf("record lacks the recent answer: %s", data)
	}
	h.Clock.Advance(34 * 24 * time.Hour) // the recent run is 59 days old
	if err := h.Bot.Purge(t.Context()); err != nil {
		t.Fatal(err)
	}
	if !onDisk(t, h, recent) {
		t.Error("purged before the retention period")
	}
	h.Clock.Advance(2 * 24 * time.Hour)
	if err := h.Bot.Maintain(t.Context()); err != nil {
		t.Fatal(err)
	}
	if onDisk(t, h, recent) {
		t.Error("the ended group's answers are still on disk after its retention period")
	}
}

// TestConsentHistoryInMyDataAndForgotten: every accept and decline is kept
// and shown to the member; /forgetme erases that history too.
func TestConsentHistoryInMyDataAndForgotten(t *testing.T) {
	h := coretest.NewBot(t)
	h.Do("Tess", "/group create G")
	h.Do("Tess", "/group add @Fay")
	h.Do("Tess", "/exercise start mood-checkin")
	h.Press("Fay", "Start")
	h.Press("Fay", "Not now")
	h.Clock.Advance(time.Hour)
	h.Do("Fay", "/privacy accept")
	rep := h.Do("Fay", "/mydata")
	if text := coretest.Text(rep); !strings.Contains(text, "Your privacy decisions: declined Mon 2 Nov, 09:00, then accepted Mon 2 Nov, 10:00.") {
		t.Errorf("mydata text:\n%s", text)
	}
	var exp core.MyDataExport
	for _, b := range rep.Message.Blocks {
		if f, ok := b.(*bot.File); ok {
			if err := json.Unmarshal(f.Data, &exp); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(exp.ConsentHistory) != 2 || exp.ConsentHistory[0].Decision != bot.ConsentDeclined || exp.ConsentHistory[1].Decision != bot.ConsentAccepted {
		t.Errorf("export consent history: %+v", exp.ConsentHistory)
	}
	h.Do("Fay", "/forgetme")
	h.Press("Fay", "Erase my data")
	g, err := h.Store.GroupByChannel(t.Context(), coretest.Platform, h.Channel)
	if err != nil {
		t.Fatal(err)
	}
	if hist, err := h.Store.ConsentHistory(t.Context(), g.ID, "u-fay"); err != nil || len(hist) != 0 {
		t.Errorf("consent history after forgetme: %+v %v", hist, err)
	}
}
