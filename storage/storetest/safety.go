package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
)

// testGroupSettings: settings are zero until set, replaced whole, and
// refused for a group that does not exist.
func testGroupSettings(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c1")
	s, err := db.GroupSettings(ctx, g.ID)
	if err != nil || s.Footer != "" || s.RetentionDays != 0 || s.EndedAt != nil {
		t.Fatalf("settings before any were set: %+v, %v", s, err)
	}
	ended := t0.Add(time.Hour)
	want := &bot.GroupSettings{GroupID: g.ID, Footer: "call 112", RetentionDays: 30, BackupUserID: "co-1", EndedAt: &ended, EndedBy: "lead-1"}
	if err := db.SetGroupSettings(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err := db.GroupSettings(ctx, g.ID)
	if err != nil || got.Footer != want.Footer || got.RetentionDays != 30 || got.BackupUserID != "co-1" ||
		got.EndedAt == nil || !got.EndedAt.Equal(ended) || got.EndedBy != "lead-1" {
		t.Fatalf("settings %+v, %v", got, err)
	}
	if err := db.SetGroupSettings(ctx, &bot.GroupSettings{GroupID: g.ID, RetentionDays: 7}); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.GroupSettings(ctx, g.ID); got.Footer != "" || got.RetentionDays != 7 || got.EndedAt != nil {
		t.Errorf("settings not replaced whole: %+v", got)
	}
	wantCode(t, db.SetGroupSettings(ctx, &bot.GroupSettings{GroupID: 9999}), bot.ENotFound)
}

// testKeywords: rules are per group, sorted, unique, and removable once.
func testKeywords(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c1")
	other := mustGroup(t, db, "c2")
	for _, k := range []string{"worthless", "give up"} {
		wantCode(t, db.AddKeyword(ctx, g.ID, k), "")
	}
	wantCode(t, db.AddKeyword(ctx, g.ID, "give up"), bot.EConflict)
	wantCode(t, db.AddKeyword(ctx, other.ID, "give up"), "")
	if ks, err := db.Keywords(ctx, g.ID); err != nil || !slices.Equal(ks, []string{"give up", "worthless"}) {
		t.Fatalf("keywords %q, %v", ks, err)
	}
	wantCode(t, db.RemoveKeyword(ctx, g.ID, "give up"), "")
	wantCode(t, db.RemoveKeyword(ctx, g.ID, "give up"), bot.ENotFound)
	if ks, _ := db.Keywords(ctx, g.ID); !slices.Equal(ks, []string{"worthless"}) {
		t.Errorf("after removal %q", ks)
	}
	if ks, _ := db.Keywords(ctx, other.ID); !slices.Equal(ks, []string{"give up"}) {
		t.Errorf("the other group's rules changed: %q", ks)
	}
}

// testAlerts: an alert is raised once per open (rule, run, member, step),
// read per group, sent and resent, and acknowledged once.
func testAlerts(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c1")
	other := mustGroup(t, db, "c2")
	r := mustRun(t, db, g, t0, "ann", "bob")
	al := &bot.SafetyAlert{GroupID: g.ID, UserID: "ann", RunID: r.ID, ExerciseID: "mood-check", StepID: "mood",
		Rule: bot.RuleScale, Reason: "low mood rating", RaisedAt: t0}
	if ok, err := db.RaiseAlert(ctx, al); err != nil || !ok || al.ID == 0 {
		t.Fatalf("raise: %v %v id %d", ok, err, al.ID)
	}
	again := *al
	again.ID = 0
	if ok, err := db.RaiseAlert(ctx, &again); err != nil || ok {
		t.Fatalf("the same open alert was raised twice: %v %v", ok, err)
	}
	bob := &bot.SafetyAlert{GroupID: g.ID, UserID: "bob", RunID: r.ID, StepID: "note", Rule: bot.RuleKeyword, Reason: "keyword: x", RaisedAt: t0.Add(time.Minute)}
	if ok, err := db.RaiseAlert(ctx, bob); err != nil || !ok {
		t.Fatalf("raise bob: %v %v", ok, err)
	}
	got, err := db.Alert(ctx, g.ID, al.ID)
	if err != nil || got.UserID != "ann" || got.Rule != bot.RuleScale || got.Reason != "low mood rating" || !got.RaisedAt.Equal(t0) || !got.Open() {
		t.Fatalf("alert %+v, %v", got, err)
	}
	_, err = db.Alert(ctx, other.ID, al.ID)
	wantCode(t, err, bot.ENotFound)
	if as, _ := db.Alerts(ctx, g.ID, true); len(as) != 2 || as[0].ID != bob.ID {
		t.Errorf("open alerts, newest first: %+v", as)
	}
	if as, _ := db.AlertsAbout(ctx, g.ID, "ann"); len(as) != 1 || as[0].ID != al.ID {
		t.Errorf("alerts about ann: %+v", as)
	}
	if as, _ := db.UnsentAlerts(ctx, t0.Add(time.Hour)); len(as) != 2 || as[0].ID != al.ID {
		t.Fatalf("unsent alerts, oldest first: %+v", as)
	}
	if err := db.MarkAlertSent(ctx, al.ID, t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if a, _ := db.Alert(ctx, g.ID, al.ID); a.Sends != 1 || !a.SentAt.Equal(t0.Add(2*time.Hour)) {
		t.Errorf("after send: sends %d at %v", a.Sends, a.SentAt)
	}
	if as, _ := db.UnsentAlerts(ctx, t0.Add(time.Hour)); len(as) != 1 || as[0].ID != bob.ID {
		t.Errorf("an alert sent later is still due: %+v", as)
	}
	wantCode(t, db.AckAlert(ctx, other.ID, al.ID, "lead-1", "", t0), bot.ENotFound)
	wantCode(t, db.AckAlert(ctx, g.ID, al.ID, "lead-1", "called her", t0.Add(3*time.Hour)), "")
	wantCode(t, db.AckAlert(ctx, g.ID, al.ID, "lead-1", "again", t0.Add(4*time.Hour)), bot.EConflict)
	a, _ := db.Alert(ctx, g.ID, al.ID)
	if a.Open() || a.AckedBy != "lead-1" || a.Note != "called her" || !a.AckedAt.Equal(t0.Add(3*time.Hour)) {
		t.Errorf("acknowledged alert %+v", a)
	}
	if as, _ := db.Alerts(ctx, g.ID, true); len(as) != 1 || as[0].ID != bob.ID {
		t.Errorf("open alerts after ack: %+v", as)
	}
	if as, _ := db.Alerts(ctx, g.ID, false); len(as) != 2 {
		t.Errorf("all alerts: %+v", as)
	}
	// Acknowledged, the same rule may raise a new alert.
	if ok, err := db.RaiseAlert(ctx, &again); err != nil || !ok {
		t.Errorf("a new alert after acknowledgement: %v %v", ok, err)
	}
}

// testPurge: runs opened before the cutoff lose their answers and
// participation, acknowledged old alerts go, open ones wait, and the rest
// of the group stays.
func testPurge(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c1")
	other := mustGroup(t, db, "c2")
	old := mustRun(t, db, g, t0, "ann", "bob")
	recent := mustRun(t, db, g, t0.Add(40*24*time.Hour), "ann")
	elsewhere := mustRun(t, db, other, t0, "ann")
	for _, r := range []*bot.Run{old, recent, elsewhere} {
		if err := db.SaveAnswer(ctx, &bot.AnswerRecord{RunID: r.ID, UserID: "ann", StepID: "mood", Answer: exercises.Answer{Scale: 3}, AnsweredAt: r.OpenedAt}, bot.StatusAnswered); err != nil {
			t.Fatal(err)
		}
	}
	acked := &bot.SafetyAlert{GroupID: g.ID, UserID: "ann", RunID: old.ID, StepID: "mood", Rule: bot.RuleScale, RaisedAt: t0}
	open := &bot.SafetyAlert{GroupID: g.ID, UserID: "bob", RunID: old.ID, StepID: "mood", Rule: bot.RuleScale, RaisedAt: t0}
	for _, a := range []*bot.SafetyAlert{acked, open} {
		if ok, err := db.RaiseAlert(ctx, a); err != nil || !ok {
			t.Fatal(err)
		}
	}
	if err := db.AckAlert(ctx, g.ID, acked.ID, "lead-1", "", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	c, err := db.Purge(ctx, g.ID, t0.Add(30*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if c.Answers != 1 || c.Participation != 2 || c.Alerts != 1 {
		t.Errorf("counts %+v, want 1 answer, 2 participation rows, 1 alert", c)
	}
	if as, _ := db.Answers(ctx, old.ID, ""); len(as) != 0 {
		t.Errorf("old answers left: %+v", as)
	}
	if ps, _ := db.Participation(ctx, old.ID); len(ps) != 0 {
		t.Errorf("old participation left: %+v", ps)
	}
	if as, _ := db.Answers(ctx, recent.ID, ""); len(as) != 1 {
		t.Errorf("recent answers: %+v", as)
	}
	if as, _ := db.Answers(ctx, elsewhere.ID, ""); len(as) != 1 {
		t.Errorf("another group's answers were purged: %+v", as)
	}
	if as, _ := db.Alerts(ctx, g.ID, false); len(as) != 1 || as[0].ID != open.ID {
		t.Errorf("alerts after purge %+v: the open one must wait", as)
	}
	if _, err := db.Run(ctx, old.ID); err != nil {
		t.Errorf("the run itself is kept: %v", err)
	}
}

// testForget: a member's answers, versions, consent and leaves are gone;
// their membership, participation, alerts and audit carry the anonymous
// id; with keepCounts false their participation goes too.
func testForget(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c1")
	ms := []*bot.Membership{
		{GroupID: g.ID, UserID: "ann", DisplayName: "Ann", Role: bot.RoleMember, JoinedAt: t0},
		{GroupID: g.ID, UserID: "bob", DisplayName: "Bob", Role: bot.RoleMember, JoinedAt: t0},
	}
	for _, m := range ms {
		if err := db.AddMember(ctx, m); err != nil {
			t.Fatal(err)
		}
		if err := db.SetConsent(ctx, &bot.Consent{GroupID: g.ID, UserID: m.UserID, State: bot.ConsentAccepted, Version: "1", DecidedAt: t0}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.AddLeave(ctx, &bot.Leave{GroupID: g.ID, UserID: "ann", From: t0, To: t0.Add(48 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	r := mustRun(t, db, g, t0, "ann", "bob")
	var version int64
	for i, u := range []string{"ann", "ann", "bob"} {
		rec := &bot.AnswerRecord{RunID: r.ID, UserID: u, StepID: "mood", Answer: exercises.Answer{Scale: i + 1}, AnsweredAt: t0.Add(time.Duration(i) * time.Minute)}
		if err := db.SaveAnswer(ctx, rec, bot.StatusAnswered); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			version = rec.Version
		}
	}
	al := &bot.SafetyAlert{GroupID: g.ID, UserID: "ann", RunID: r.ID, StepID: "mood", Rule: bot.RuleScale, RaisedAt: t0}
	if ok, err := db.RaiseAlert(ctx, al); err != nil || !ok {
		t.Fatal(err)
	}
	if err := db.AddAudit(ctx, &bot.AuditRecord{GroupID: g.ID, ActorID: "lead-1", Action: "review member", Subjects: []string{"ann"}, At: t0}); err != nil {
		t.Fatal(err)
	}

	c, err := db.Forget(ctx, g.ID, "ann", "anon-1", true, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if c.Answers != 1 {
		t.Errorf("counts %+v, want ann's 1 answer", c)
	}
	if as, _ := db.Answers(ctx, r.ID, ""); len(as) != 1 || as[0].UserID != "bob" {
		t.Errorf("answers after forget: %+v", as)
	}
	for _, u := range []string{"ann", "anon-1"} {
		if as, _ := db.UserAnswers(ctx, g.ID, u); len(as) != 0 {
			t.Errorf("answers of %s left: %+v", u, as)
		}
		if h, _ := db.AnswerHistory(ctx, g.ID, u, time.Time{}, time.Time{}); len(h) != 0 {
			t.Errorf("versions of %s left: %+v", u, h)
		}
		if cs, _ := db.ConsentHistory(ctx, g.ID, u); len(cs) != 0 {
			t.Errorf("consent history of %s left: %+v", u, cs)
		}
	}
	_, err = db.AnswerVersion(ctx, version)
	wantCode(t, err, bot.ENotFound)
	if cs, _ := db.Consent(ctx, g.ID, "ann"); cs.State != bot.ConsentNone {
		t.Errorf("consent left: %+v", cs)
	}
	if ls, _ := db.Leaves(ctx, g.ID); len(ls) != 0 {
		t.Errorf("leaves left: %+v", ls)
	}
	_, err = db.Membership(ctx, g.ID, "ann")
	wantCode(t, err, bot.ENotFound)
	all, _ := db.Memberships(ctx, g.ID)
	var anon *bot.Membership
	for _, m := range all {
		if m.UserID == "ann" {
			t.Errorf("the member's id is left in memberships")
		}
		if m.UserID == "anon-1" {
			anon = m
		}
	}
	if anon == nil || anon.DisplayName != "erased member" || anon.LeftAt == nil || !anon.LeftAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("anonymous membership %+v", anon)
	}
	ps, _ := db.Participation(ctx, r.ID)
	users := map[string]bool{}
	for _, p := range ps {
		users[p.UserID] = true
	}
	if users["ann"] || !users["anon-1"] || !users["bob"] {
		t.Errorf("participation kept for counts under the anonymous id: %v", users)
	}
	if as, _ := db.AlertsAbout(ctx, g.ID, "anon-1"); len(as) != 1 {
		t.Errorf("alerts re-keyed: %+v", as)
	}
	if as, _ := db.AlertsAbout(ctx, g.ID, "ann"); len(as) != 0 {
		t.Errorf("alerts still name the member: %+v", as)
	}
	if rs, _ := db.AuditAbout(ctx, g.ID, "anon-1"); len(rs) != 1 {
		t.Errorf("audit re-keyed: %+v", rs)
	}
	if rs, _ := db.AuditAbout(ctx, g.ID, "ann"); len(rs) != 0 {
		t.Errorf("audit still names the member: %+v", rs)
	}

	if _, err := db.Forget(ctx, g.ID, "bob", "anon-2", false, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	ps, _ = db.Participation(ctx, r.ID)
	for _, p := range ps {
		if p.UserID == "bob" || p.UserID == "anon-2" {
			t.Errorf("without keepCounts the participation row stays: %+v", p)
		}
	}
}

// testPurgeAndForgetStayInTheGroup: purge and erasure reach no other group,
// and an erasure re-keys the member inside an audit record's subjects in place.
func testPurgeAndForgetStayInTheGroup(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c1")
	other := mustGroup(t, db, "c2")
	old := mustRun(t, db, g, t0, "ann", "bob")
	recent := mustRun(t, db, g, t0.Add(100*24*time.Hour), "ann", "bob")
	elsewhere := mustRun(t, db, other, t0, "ann")
	for _, r := range []*bot.Run{old, recent, elsewhere} {
		for _, u := range []string{"ann", "bob"} {
			if r == elsewhere && u == "bob" {
				continue
			}
			rec := &bot.AnswerRecord{RunID: r.ID, UserID: u, StepID: "s", Answer: exercises.Answer{Text: "T-" + u}, AnsweredAt: r.OpenedAt}
			if err := db.SaveAnswer(ctx, rec, bot.StatusAnswered); err != nil {
				t.Fatal(err)
			}
		}
	}
	c, err := db.Purge(ctx, g.ID, t0.Add(50*24*time.Hour))
	if err != nil || c.Answers != 2 || c.Participation != 2 {
		t.Fatalf("purge: %+v, %v", c, err)
	}
	if as, _ := db.Answers(ctx, elsewhere.ID, ""); len(as) != 1 {
		t.Error("purge reached another group")
	}
	if err := db.AddMember(ctx, &bot.Membership{GroupID: g.ID, UserID: "ann", DisplayName: "Ann", Role: bot.RoleMember, JoinedAt: t0}); err != nil {
		t.Fatal(err)
	}
	if err := db.AddAudit(ctx, &bot.AuditRecord{GroupID: g.ID, ActorID: "lead-1", Action: "review member", Subjects: []string{"bob", "ann"}, At: t0}); err != nil {
		t.Fatal(err)
	}
	c, err = db.Forget(ctx, g.ID, "ann", "anon-1", true, t0)
	if err != nil || c.Answers != 1 {
		t.Fatalf("forget: %+v, %v", c, err)
	}
	ps, _ := db.Participation(ctx, recent.ID)
	if len(ps) != 2 || (ps[0].UserID != "anon-1" && ps[1].UserID != "anon-1") {
		t.Errorf("participation after forget: %+v", ps)
	}
	if as, _ := db.Answers(ctx, elsewhere.ID, "ann"); len(as) != 1 {
		t.Error("forget reached another group")
	}
	if rs, _ := db.AuditAbout(ctx, g.ID, "anon-1"); len(rs) != 1 || rs[0].Subjects[0] != "bob" || rs[0].Subjects[1] != "anon-1" {
		t.Errorf("audit after forget: %+v", rs)
	}
	if _, err := db.Membership(ctx, g.ID, "anon-1"); bot.ErrorCode(err) != bot.ENotFound {
		t.Errorf("the erased membership should have ended: %v", err)
	}
}
