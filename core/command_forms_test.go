package core_test

import (
	"strings"
	"testing"

	"groupwork/bot"
	"groupwork/core/coretest"
)

// submitForm fills in form as user, field by field.
func submitForm(h *coretest.Harness, user string, form *bot.Form, fields map[string]string) bot.Reply {
	return h.Event(user, &bot.Submit{EventMeta: h.Meta(user), CustomID: form.CustomID, Fields: fields})
}

// TestScheduleAddByForm: "/schedule add" alone opens a form (with what was
// typed filled in); the submitted form adds the schedule exactly as the
// typed command would, and a member can neither open nor forge it.
func TestScheduleAddByForm(t *testing.T) {
	h := safetyGroup(t)
	rep := h.Do("Tess", "/schedule add")
	if rep.Form == nil || rep.Form.Title != "Add a schedule" || len(rep.Form.Fields) != 4 {
		t.Fatalf("want the schedule form, got %+v", rep)
	}
	typed := h.Do("Tess", "/schedule add mood-checkin")
	if typed.Form == nil || typed.Form.Fields[0].Value != "mood-checkin" || typed.Form.Fields[1].Value != "" {
		t.Fatalf("the form should keep what was typed: %+v", typed.Form)
	}
	if text := coretest.Text(h.Do("Ana", "/schedule add")); !strings.HasPrefix(text, "Only ") {
		t.Errorf("a member was offered the form: %s", text)
	}
	if text := coretest.Text(submitForm(h, "Ana", rep.Form, map[string]string{"exercise": "mood-checkin", "when": "every monday 09:00"})); !strings.HasPrefix(text, "Only ") {
		t.Errorf("a member's forged form was accepted: %s", text)
	}
	bad := submitForm(h, "Tess", rep.Form, map[string]string{"exercise": "mood-checkin", "when": "someday soon"})
	if text := coretest.Text(bad); bad.Form != nil || !strings.Contains(text, "someday soon") {
		t.Errorf("a bad rhythm should be explained like the typed command's: %s", text)
	}
	ok := submitForm(h, "Tess", typed.Form, map[string]string{"exercise": "mood-checkin", "when": "every wednesday 18:00", "window": "", "remind": "4h"})
	if text := coretest.Text(ok); !strings.Contains(text, "Schedule 1:") || !strings.Contains(text, "reminder 4 hours before") {
		t.Fatalf("the form did not add the schedule: %s", text)
	}
	list := coretest.Text(h.Do("Tess", "/schedule list"))
	if !strings.Contains(list, "every Wednesday at 18:00") || strings.Count(list, "mood") != 1 {
		t.Errorf("one schedule, as submitted: %s", list)
	}
}

// TestAlertAckByForm: the alert list offers a button per open alert that
// opens the acknowledgement form with its number filled in; "/alerts ack 1"
// without a note opens the same form; the note is kept as written.
func TestAlertAckByForm(t *testing.T) {
	h := safetyGroup(t)
	h.Do("Tess", "/exercise start mood-checkin")
	h.Press("Ana", "Start")
	h.Press("Ana", "1")
	list := h.Do("Tess", "/alerts list")
	_, items := bot.Render(list.Message)
	var form *bot.Form
	for _, it := range items {
		if it.Label == "Acknowledge #1" {
			form = it.Form
		}
	}
	if form == nil || form.Fields[0].Value != "1" || !form.Fields[1].Long {
		t.Fatalf("no acknowledgement form button for #1: %+v", items)
	}
	typed := h.Do("Cora", "/alerts ack 1")
	if typed.Form == nil || typed.Form.CustomID != form.CustomID || typed.Form.Fields[0].Value != "1" {
		t.Fatalf("/alerts ack without a note: want the form, got %+v", typed)
	}
	if text := coretest.Text(submitForm(h, "Ana", form, map[string]string{"id": "1", "note": "I am fine"})); !strings.HasPrefix(text, "Only ") {
		t.Errorf("the member closed her own alert by a forged form: %s", text)
	}
	note := "Called Ana <@everyone>; safe; plan made for Tuesday  "
	if text := coretest.Text(submitForm(h, "Cora", form, map[string]string{"id": "1", "note": note})); !strings.Contains(text, "Alert #1 is acknowledged") {
		t.Fatalf("form ack: %s", text)
	}
	all := coretest.Text(h.Do("Tess", "/alerts list all:yes"))
	if !strings.Contains(all, "acknowledged by Cora") || !strings.Contains(all, strings.TrimSpace(note)) {
		t.Errorf("the note should be kept as written: %s", all)
	}
	if _, items := bot.Render(h.Do("Tess", "/alerts list all:yes").Message); len(items) != 0 {
		t.Errorf("an acknowledged alert still has a button: %+v", items)
	}
}
