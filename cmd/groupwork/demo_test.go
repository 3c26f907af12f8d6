package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/storage/sqlite"
)

// TestDemoReviewMatchesScript runs the whole demo on a fresh SQLite file and
// checks that the therapist's review counts, member by member and status by
// status, are exactly what the script made each member do.
func TestDemoReviewMatchesScript(t *testing.T) {
	var out bytes.Buffer
	res, err := runDemo(context.Background(), filepath.Join(t.TempDir(), "demo.db"), &out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	defer res.Close()
	rv, err := res.bot.BuildGroupReview(context.Background(), res.group, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rv.Runs) != res.runs {
		t.Errorf("review has %d runs, the script started %d", len(rv.Runs), res.runs)
	}
	if len(rv.Members) != len(demoMembers) {
		t.Fatalf("review has %d members, want %d", len(rv.Members), len(demoMembers))
	}
	statuses := []bot.Status{bot.StatusAnswered, bot.StatusPartial, bot.StatusLate, bot.StatusExcused, bot.StatusMissed, bot.StatusNotDue, bot.StatusNoConsent, bot.StatusPending}
	total := 0
	for _, m := range rv.Members {
		want := res.expected[m.Name]
		for _, st := range statuses {
			if m.Counts[st] != want[st] {
				t.Errorf("%s %s: review says %d, the script did %d", m.Name, st, m.Counts[st], want[st])
			}
			total += want[st]
		}
		if m.Counts.Due() != want.Due() || m.Counts.Rate() != want.Rate() || m.Counts.OnTimeRate() != want.OnTimeRate() || m.Counts.LateRate() != want.LateRate() {
			t.Errorf("%s: due %d rate %.2f (on time %.2f, late %.2f), want %d %.2f (%.2f, %.2f)", m.Name, m.Counts.Due(), m.Counts.Rate(), m.Counts.OnTimeRate(), m.Counts.LateRate(),
				want.Due(), want.Rate(), want.OnTimeRate(), want.LateRate())
		}
	}
	if total != res.runs*len(demoMembers) {
		t.Errorf("the script accounted for %d member-runs, want %d (every member, every run)", total, res.runs*len(demoMembers))
	}
	transcript := out.String()
	for _, want := range []string{
		"Nothing has been saved yet", // Fay meets the consent gate
		"marked late",                // Eli's late answers
		"Review of Tuesday memory group",
		"first 7, last 8, mean 7.5, up", // Ana's mood over time (her member review)
		"Only this group's therapists",  // Dev refused
		"Tess, Fri 20 Nov, 13:56 (review group)",
		"A gentle reminder from", // a private nudge
		"Only you see this.",     // the therapist's digest
		"is paused",
		"Alert #1 is acknowledged",
		"Fay asked you to contact them",                       // the alert screen's answer reaches Tess
		"Cleo: marked late by Tess · roll call: Running late", // live-session attendance
		"Ben 1/1 (1 excused)",
		"The session of Tue 24 Nov 2026 is moved to **Thu 26 Nov, 17:00**", // a moved session, told in the channel
		"schedule 2 (`roll-call`): next Thu 26 Nov, 16:00",                 // the roll call follows it
		"1. I say a new name out loud three times. — _Ana_ · memory",       // the strategy board
		"so next time it will be a little harder: level 2 of 4",            // Ana moves up (demo_levels.go)
		"Next time it will be a little easier: level 2 of 4",               // Cleo moves down
		"Cleo · Learning a list of words: level 2 of 4 · 25% over the last 3 tries (below 50%)",
		"Training — Learning a list of words: level 2 of 4 · 3 tries", // the member review shows it
		"it is time for the last part",                                // the delayed recall, sent privately
		"Full report, legend and charts attached.",                    // the group review keeps the table when the rest does not fit
		"reliable change in the latest: Ana PHQ-9 ▲ -7",               // the PHQ-9 every two weeks: one reliable improvement
		"Why: PHQ-9 item 9", // and one item-9 alert
		"Alert #2 is acknowledged",
		"PROGRESS NOTE (DAP): Ana",
	} {
		if !strings.Contains(transcript, want) {
			t.Errorf("the demo transcript lacks %q", want)
		}
	}
	for _, private := range []string{"It was a hard week."} {
		if strings.Contains(transcript, private) {
			t.Errorf("the transcript shows a private answer %q", private)
		}
	}
}

func TestBackup(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	res, err := runDemo(context.Background(), filepath.Join(dir, "demo.db"), &out)
	if err != nil {
		t.Fatal(err)
	}
	res.Close()
	var stdout, stderr bytes.Buffer
	dst := filepath.Join(dir, "copy.db")
	if code := run(context.Background(), []string{"backup", "-db", filepath.Join(dir, "demo.db"), "-out", dst}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if code := run(context.Background(), []string{"backup", "-db", filepath.Join(dir, "demo.db"), "-out", dst}, nil, &stdout, &stderr); code != 1 {
		t.Errorf("a second backup onto the same file must fail, got exit %d", code)
	}
}

// TestBackupKeep: backup -dir -keep N makes a named copy, then deletes all
// but the newest N of groupwork's own backups in the folder (backups keep
// erased data until they are deleted), and nothing else.
func TestBackupKeep(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "groupwork.db")
	store, err := sqlite.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	store.Close()
	backups := filepath.Join(dir, "backups")
	if err := os.Mkdir(backups, 0o700); err != nil {
		t.Fatal(err)
	}
	old := []string{"groupwork-backup-20250101T000000Z.db", "groupwork-backup-20250102T000000Z.db", "groupwork-backup-20250103T000000Z.db"}
	for _, name := range append([]string{"keep-me.db"}, old...) {
		if err := os.WriteFile(filepath.Join(backups, name), []byte("old"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"backup", "-db", db, "-dir", backups, "-keep", "2"}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	entries, err := os.ReadDir(backups)
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if len(left) != 3 || left[0] != old[2] || !strings.HasPrefix(left[1], "groupwork-backup-20") || left[2] != "keep-me.db" {
		t.Errorf("left in the folder: %q\n%s", left, stdout.String())
	}
	if !strings.Contains(stdout.String(), "Deleted the older backup") {
		t.Errorf("output: %s", stdout.String())
	}
	stderr.Reset()
	if code := run(t.Context(), []string{"backup", "-db", db, "-out", filepath.Join(dir, "x.db"), "-keep", "2"}, nil, &stdout, &stderr); code != 2 {
		t.Errorf("-keep without -dir: exit %d", code)
	}
}

func TestSchedulePreview(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"preview", "every sunday 02:30", "-tz", "America/New_York", "-n", "2"}, 0,
			"1. Sun 8 Mar 2026, 03:00 EDT\n2. Sun 15 Mar 2026, 02:30 EDT\n"},
		{[]string{"preview", "-tz", "Europe/Berlin", "-n", "3", "weekdays 09:30"}, 0,
			"1. Mon 2 Mar 2026, 09:30 CET\n2. Tue 3 Mar 2026, 09:30 CET\n3. Wed 4 Mar 2026, 09:30 CET\n"},
		{[]string{"preview", "24h before session", "-tz", "Australia/Sydney", "-session", "wednesday 18:00", "-n", "1"}, 0,
			"1. Tue 3 Mar 2026, 18:00 AEDT\n"},
		{[]string{"preview", "24h before session", "-tz", "UTC"}, 1, "no session time is set"},
		{[]string{"preview", "every funday 9:00"}, 1, ""},
		{[]string{"preview"}, 2, "needs a rule"},
		{[]string{"list"}, 2, "schedule needs preview"},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := cmdSchedule(tc.args, now, &stdout, &stderr)
			if code := exitCode(err, &stderr); code != tc.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tc.code, stderr.String())
			}
			if tc.code == 0 && stdout.String() != tc.out {
				t.Errorf("got:\n%s\nwant:\n%s", stdout.String(), tc.out)
			}
			if tc.code != 0 && !strings.Contains(stderr.String(), tc.out) {
				t.Errorf("stderr %q lacks %q", stderr.String(), tc.out)
			}
		})
	}
}

func TestCommandLine(t *testing.T) {
	cases := []struct {
		args []string
		code int
		out  string
	}{
		{nil, 2, "Usage:"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"exercise", "list"}, 0, "mood-checkin"},
		{[]string{"exercise", "show", "word-recall"}, 0, "Remember ten words"},
		{[]string{"exercise", "show", "nope"}, 1, `there is no exercise "nope"`},
		{[]string{"validate", "../../exercises/library"}, 0, "19 file(s) checked: no problems."},
		{[]string{"validate", "../../exercises/testdata/bad/unknown-field.yaml"}, 1, "unknown-field.yaml:"},
		{[]string{"validate", "-config", "../../config.example.yaml"}, 1, "DISCORD_TOKEN, which is not set"},
		{[]string{"validate"}, 2, "validate needs"},
		{[]string{"run"}, 2, "run needs -config"},
		{[]string{"version"}, 0, "groupwork (development build)"},
		{[]string{"backup", "-db", "x.db"}, 2, "backup needs -out FILE"},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tc.args, strings.NewReader(""), &stdout, &stderr)
			got := stdout.String() + stderr.String()
			if code != tc.code || !strings.Contains(got, tc.out) {
				t.Errorf("exit %d (want %d), output:\n%s\nwant it to contain %q", code, tc.code, got, tc.out)
			}
		})
	}
}
