package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"html"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"groupwork/bot"
	"groupwork/core"
)

func TestReportOffline(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	var demoOut bytes.Buffer
	res, err := runDemo(context.Background(), db, &demoOut)
	if err != nil {
		t.Fatal(err)
	}
	groupID := res.group.ID
	res.Close()
	for _, name := range []string{"demo-participation.png", "demo-scale-mood-checkin-mood.png"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("the demo did not write %s: %v", name, err)
		}
		if img, err := png.Decode(bytes.NewReader(data)); err != nil || img.Bounds().Dx() != core.ChartWidth {
			t.Errorf("%s: %v", name, err)
		}
	}

	report := func(args ...string) (string, string, int) {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), append([]string{"report", "-db", db}, args...), nil, &stdout, &stderr)
		return stdout.String(), stderr.String(), code
	}
	out, _, code := report("-group", "1", "-from", "2026-11-02", "-to", "2026-11-08")
	if code != 0 || !strings.Contains(out, "Review of Tuesday memory group · 2 Nov 2026 – 8 Nov 2026") || strings.Contains(out, "**") {
		t.Errorf("text report (exit %d):\n%s", code, out)
	}
	for _, want := range []string{
		"Ana          3   3    0    0    0   0   0   0    100%    0%", // the roll call is attendance, not an exercise run
		"Eli          3   0    2    0    1   0   0   0      0%   67%", // late is never shown as on time; the PHQ-9 missed
		"Fay          0   0    0    0    0   0   0   3       —     —", // had not accepted the notice: no consent, not missed
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text report numbers lack %q:\n%s", want, out)
		}
	}

	htmlPath := filepath.Join(dir, "report.html")
	if _, stderr, code := report("-group", "1", "-format", "html", "-out", htmlPath); code != 0 {
		t.Fatalf("html: exit %d: %s", code, stderr)
	}
	page, err := os.ReadFile(htmlPath)
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(htmlPath); fi.Mode().Perm() != 0o600 {
		t.Errorf("report mode %v", fi.Mode().Perm())
	}
	for _, want := range []string{"<!DOCTYPE html>", "@media print", "Confidential clinical record", "<td>Ana</td>",
		"<h2>Questionnaires</h2>", "14 (moderate) → 20 Nov 7 (mild) ▲ reliable improvement (-7)", "No permission required to reproduce"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("html lacks %q", want)
		}
	}
	if bytes.Contains(page, []byte("http://")) || bytes.Contains(page, []byte("https://")) {
		t.Error("the html report refers to something outside itself")
	}
	imgs := regexp.MustCompile(`src="data:image/png;base64,([^"]+)"`).FindAllSubmatch(page, -1)
	if len(imgs) != 6 { // participation, the PHQ-9 over its bands, two scales, and level over time for the demo's two levelled exercises
		t.Fatalf("%d embedded charts, want 6", len(imgs))
	}
	for _, m := range imgs {
		data, err := base64.StdEncoding.DecodeString(html.UnescapeString(string(m[1])))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := png.Decode(bytes.NewReader(data)); err != nil {
			t.Error(err)
		}
	}

	out, _, code = report("-group", "1", "-format", "csv", "-period", "since 2026-11-16")
	if code != 0 || !strings.HasPrefix(out, "\uFEFFrecord,member,run,exercise,opened,closes,status") {
		t.Errorf("csv (exit %d): %.200s", code, out)
	}
	out, _, code = report("-group", "1", "-format", "json")
	var x core.Export
	if err := json.Unmarshal([]byte(out), &x); err != nil || code != 0 || x.Schema != core.ExportSchema || len(x.Members) != 7 {
		t.Errorf("json (exit %d): %v", code, err)
	}

	// Every report is in the members' access log.
	res2, err := openLocal(context.Background(), db, nil, bot.SystemClock{}, &bytes.Buffer{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer res2.Close()
	ms, err := res2.store.Memberships(context.Background(), groupID)
	if err != nil {
		t.Fatal(err)
	}
	anaID := ""
	for _, m := range ms {
		if m.DisplayName == "Ana" {
			anaID = m.UserID
		}
	}
	audits, err := res2.store.AuditAbout(context.Background(), groupID, anaID)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, a := range audits {
		if a.ActorID == core.OperatorActor {
			actions = append(actions, a.Action)
		}
	}
	if strings.Join(actions, ",") != "report json,report csv,report html,report text" {
		t.Errorf("operator audit rows: %q", actions)
	}

	for _, args := range [][]string{{"-group", "1", "-format", "pdf"}, {"-group", "99"}, {"-group", "1", "-period", "whenever"}, {"-group", "1", "-period", "this month", "-from", "2026-11-01"}} {
		if _, _, code := report(args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"report", "-group", "1"}, nil, &bytes.Buffer{}, &stderr); code != 2 {
		t.Errorf("without -db or -config: exit %d", code)
	}
	if code := run(context.Background(), []string{"report", "-db", filepath.Join(dir, "missing.db"), "-group", "1"}, nil, &bytes.Buffer{}, &stderr); code != 1 {
		t.Errorf("missing database: exit %d", code)
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); err == nil {
		t.Error("report created a database")
	}
}
