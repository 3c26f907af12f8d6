package storetest

import (
	"bytes"
	"context"
	"reflect"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/exercises"
)

func testRuns(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c1")
	other := mustGroup(t, db, "c2")
	day := 24 * time.Hour
	r1 := mustRun(t, db, g, t0, "ann", "bob")
	r2 := mustRun(t, db, g, t0.Add(7*day), "ann")
	r3 := mustRun(t, db, g, t0.Add(14*day))
	r4 := mustRun(t, db, other, t0.Add(day))

	t.Run("create", func(t *testing.T) {
		for _, tc := range []struct {
			name  string
			r     bot.Run
			parts []*bot.Participation
			code  string
		}{
			{"unknown group", bot.Run{GroupID: 9999, OpenedAt: t0}, nil, bot.ENotFound},
			{"user twice", bot.Run{GroupID: g.ID, OpenedAt: t0}, []*bot.Participation{
				{UserID: "ann", Status: bot.StatusPending}, {UserID: "ann", Status: bot.StatusNotDue}}, bot.EConflict},
			{"unknown status", bot.Run{GroupID: g.ID, OpenedAt: t0}, []*bot.Participation{
				{UserID: "ann", Status: "asleep"}}, bot.EInvalid},
			{"nil definition", bot.Run{GroupID: other.ID, OpenedAt: t0.Add(30 * day)}, nil, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				wantCode(t, db.CreateRun(ctx, &tc.r, tc.parts), tc.code)
			})
		}
		t.Run("failed create leaves nothing", func(t *testing.T) {
			rs, err := db.Runs(ctx, g.ID, time.Time{}, time.Time{})
			if err != nil || len(rs) != 3 {
				t.Errorf("Runs = %d, %v; want the 3 good ones", len(rs), err)
			}
		})
	})

	t.Run("get", func(t *testing.T) {
		got, err := db.Run(ctx, r1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != r1.ID || got.GroupID != g.ID || got.ExerciseID != r1.ExerciseID || got.Version != r1.Version ||
			!bytes.Equal(got.Definition, r1.Definition) || !got.OpenedAt.Equal(r1.OpenedAt) ||
			!got.ClosesAt.Equal(r1.ClosesAt) || got.ClosedAt != nil || got.StartedBy != r1.StartedBy || got.MessageID != "" {
			t.Errorf("Run = %+v, want %+v", got, r1)
		}
		_, err = db.Run(ctx, 9999)
		wantCode(t, err, bot.ENotFound)
	})

	t.Run("range", func(t *testing.T) {
		for _, tc := range []struct {
			name     string
			from, to time.Time
			want     []int64
		}{
			{"all", time.Time{}, time.Time{}, []int64{r1.ID, r2.ID, r3.ID}},
			{"from is inclusive", t0.Add(7 * day), time.Time{}, []int64{r2.ID, r3.ID}},
			{"to is exclusive", t0, t0.Add(14 * day), []int64{r1.ID, r2.ID}},
			{"empty", t0.Add(time.Microsecond), t0.Add(7 * day), nil},
			{"no upper bound", t0.Add(time.Microsecond), time.Time{}, []int64{r2.ID, r3.ID}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				rs, err := db.Runs(ctx, g.ID, tc.from, tc.to)
				if err != nil {
					t.Fatal(err)
				}
				if got := runIDs(rs); !reflect.DeepEqual(got, tc.want) {
					t.Errorf("Runs = %v, want %v", got, tc.want)
				}
			})
		}
	})

	t.Run("message", func(t *testing.T) {
		if err := db.SetRunMessage(ctx, r1.ID, "msg-1"); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.Run(ctx, r1.ID); got.MessageID != "msg-1" {
			t.Errorf("MessageID = %q", got.MessageID)
		}
		wantCode(t, db.SetRunMessage(ctx, 9999, "m"), bot.ENotFound)
	})

	t.Run("open", func(t *testing.T) {
		if err := db.CloseRun(ctx, r2.ID, t0.Add(8*day)); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name    string
			groupID int64
			want    int
		}{
			{"one group", g.ID, 2},
			{"other group", other.ID, 2},
			{"every group", 0, 4},
			{"unknown group", 9999, 0},
		} {
			t.Run(tc.name, func(t *testing.T) {
				rs, err := db.OpenRuns(ctx, tc.groupID)
				if err != nil {
					t.Fatal(err)
				}
				if len(rs) != tc.want {
					t.Errorf("%d open runs, want %d: %v", len(rs), tc.want, runIDs(rs))
				}
				for _, r := range rs {
					if r.ClosedAt != nil || r.ID == r2.ID {
						t.Errorf("closed run %d listed as open", r.ID)
					}
				}
			})
		}
		_ = r4
	})
}

func testCloseRun(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c1")
	r := mustRun(t, db, g, t0, "ann", "bob", "cy", "dee")
	closeAt := t0.Add(24 * time.Hour)
	// ann answered, bob answered part, dee is excused, cy did nothing.
	save := func(user string, status bot.Status) {
		t.Helper()
		err := db.SaveAnswer(ctx, &bot.AnswerRecord{RunID: r.ID, UserID: user, StepID: "mood",
			Answer: exercises.Answer{Scale: 3}, AnsweredAt: t0.Add(time.Hour)}, status)
		if err != nil {
			t.Fatal(err)
		}
	}
	save("ann", bot.StatusAnswered)
	save("bob", bot.StatusPartial)
	if err := db.SetParticipation(ctx, &bot.Participation{RunID: r.ID, UserID: "dee", Status: bot.StatusExcused, UpdatedAt: t0}); err != nil {
		t.Fatal(err)
	}

	if err := db.CloseRun(ctx, r.ID, closeAt); err != nil {
		t.Fatal(err)
	}
	want := map[string]bot.Status{"ann": bot.StatusAnswered, "bob": bot.StatusPartial, "cy": bot.StatusMissed, "dee": bot.StatusExcused}
	check := func(t *testing.T) {
		t.Helper()
		got, err := db.Run(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.ClosedAt == nil || !got.ClosedAt.Equal(closeAt) {
			t.Errorf("ClosedAt = %v, want %v", got.ClosedAt, closeAt)
		}
		ps, err := db.Participation(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			if p.Status != want[p.UserID] {
				t.Errorf("%s: status %s, want %s", p.UserID, p.Status, want[p.UserID])
			}
			if p.UserID == "cy" && !p.UpdatedAt.Equal(closeAt) {
				t.Errorf("missed row updated at %v, want %v", p.UpdatedAt, closeAt)
			}
		}
	}

	t.Run("first close", check)
	t.Run("second close is a no-op", func(t *testing.T) {
		// A later pending row must stay pending: the run was already closed.
		if err := db.SetParticipation(ctx, &bot.Participation{RunID: r.ID, UserID: "eve", Status: bot.StatusPending, UpdatedAt: closeAt}); err != nil {
			t.Fatal(err)
		}
		want["eve"] = bot.StatusPending
		if err := db.CloseRun(ctx, r.ID, closeAt.Add(time.Hour)); err != nil {
			t.Fatalf("second CloseRun: %v", err)
		}
		check(t)
	})
	t.Run("unknown run", func(t *testing.T) {
		wantCode(t, db.CloseRun(ctx, 9999, closeAt), bot.ENotFound)
	})
}

func testParticipation(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c1")
	r := mustRun(t, db, g, t0, "bob", "ann")

	for _, tc := range []struct {
		name string
		p    bot.Participation
		code string
	}{
		{"new row for a late joiner", bot.Participation{RunID: r.ID, UserID: "cy", Status: bot.StatusNotDue, UpdatedAt: t0.Add(time.Hour)}, ""},
		{"replace existing", bot.Participation{RunID: r.ID, UserID: "ann", Status: bot.StatusExcused, UpdatedAt: t0.Add(2 * time.Hour)}, ""},
		{"unknown status", bot.Participation{RunID: r.ID, UserID: "ann", Status: "gone", UpdatedAt: t0}, bot.EInvalid},
		{"unknown run", bot.Participation{RunID: 9999, UserID: "ann", Status: bot.StatusPending, UpdatedAt: t0}, bot.ENotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantCode(t, db.SetParticipation(ctx, &tc.p), tc.code)
		})
	}

	t.Run("rows", func(t *testing.T) {
		ps, err := db.Participation(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		type row struct {
			user   string
			status bot.Status
			at     time.Duration
		}
		var got []row
		for _, p := range ps {
			if p.RunID != r.ID {
				t.Errorf("RunID = %d", p.RunID)
			}
			got = append(got, row{p.UserID, p.Status, p.UpdatedAt.Sub(t0)})
		}
		want := []row{{"ann", bot.StatusExcused, 2 * time.Hour}, {"bob", bot.StatusPending, 0}, {"cy", bot.StatusNotDue, time.Hour}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Participation = %v, want %v", got, want)
		}
	})
}

func testAnswers(t *testing.T, db bot.Store) {
	ctx := context.Background()
	g := mustGroup(t, db, "c1")
	other := mustGroup(t, db, "c2")
	r1 := mustRun(t, db, g, t0, "ann", "bob")
	r2 := mustRun(t, db, g, t0.Add(7*24*time.Hour), "ann")
	r3 := mustRun(t, db, other, t0, "ann")
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }

	full := exercises.Answer{Scale: 4, Choices: []int{0, 2}, Text: "walked twice, \"slept\" better\n", Shared: true}
	for _, tc := range []struct {
		name   string
		a      bot.AnswerRecord
		status bot.Status
		code   string
	}{
		{"ann step 1", bot.AnswerRecord{RunID: r1.ID, UserID: "ann", StepID: "mood", Answer: exercises.Answer{Scale: 2}, AnsweredAt: at(1)}, bot.StatusPartial, ""},
		{"ann step 2", bot.AnswerRecord{RunID: r1.ID, UserID: "ann", StepID: "note", Answer: full, AnsweredAt: at(2)}, bot.StatusAnswered, ""},
		{"ann changes step 1", bot.AnswerRecord{RunID: r1.ID, UserID: "ann", StepID: "mood", Answer: exercises.Answer{Scale: 5}, AnsweredAt: at(3)}, bot.StatusAnswered, ""},
		{"bob skips late", bot.AnswerRecord{RunID: r1.ID, UserID: "bob", StepID: "mood", Answer: exercises.Answer{Skipped: true}, AnsweredAt: at(4), Late: true}, bot.StatusLate, ""},
		{"ann next week", bot.AnswerRecord{RunID: r2.ID, UserID: "ann", StepID: "mood", Answer: exercises.Answer{Scale: 1}, AnsweredAt: at(5)}, bot.StatusAnswered, ""},
		{"ann other group", bot.AnswerRecord{RunID: r3.ID, UserID: "ann", StepID: "mood", AnsweredAt: at(0)}, bot.StatusAnswered, ""},
		{"unknown run", bot.AnswerRecord{RunID: 9999, UserID: "ann", StepID: "mood", AnsweredAt: at(6)}, bot.StatusAnswered, bot.ENotFound},
		{"unknown status", bot.AnswerRecord{RunID: r1.ID, UserID: "cy", StepID: "mood", AnsweredAt: at(6)}, "done", bot.EInvalid},
	} {
		t.Run("save/"+tc.name, func(t *testing.T) {
			wantCode(t, db.SaveAnswer(ctx, &tc.a, tc.status), tc.code)
		})
	}

	type key struct {
		run        int64
		user, step string
		minute     int
		late       bool
	}
	keys := func(as []*bot.AnswerRecord) []key {
		var ks []key
		for _, a := range as {
			ks = append(ks, key{a.RunID, a.UserID, a.StepID, int(a.AnsweredAt.Sub(t0).Minutes()), a.Late})
		}
		return ks
	}
	for _, tc := range []struct {
		name string
		get  func() ([]*bot.AnswerRecord, error)
		want []key
	}{
		{"run", func() ([]*bot.AnswerRecord, error) { return db.Answers(ctx, r1.ID, "") },
			[]key{{r1.ID, "ann", "note", 2, false}, {r1.ID, "ann", "mood", 3, false}, {r1.ID, "bob", "mood", 4, true}}},
		{"run and user", func() ([]*bot.AnswerRecord, error) { return db.Answers(ctx, r1.ID, "bob") },
			[]key{{r1.ID, "bob", "mood", 4, true}}},
		{"unknown run", func() ([]*bot.AnswerRecord, error) { return db.Answers(ctx, 9999, "") }, nil},
		{"user in group", func() ([]*bot.AnswerRecord, error) { return db.UserAnswers(ctx, g.ID, "ann") },
			[]key{{r1.ID, "ann", "note", 2, false}, {r1.ID, "ann", "mood", 3, false}, {r2.ID, "ann", "mood", 5, false}}},
		{"user in other group", func() ([]*bot.AnswerRecord, error) { return db.UserAnswers(ctx, other.ID, "ann") },
			[]key{{r3.ID, "ann", "mood", 0, false}}},
		{"user without answers", func() ([]*bot.AnswerRecord, error) { return db.UserAnswers(ctx, g.ID, "cy") }, nil},
	} {
		t.Run("list/"+tc.name, func(t *testing.T) {
			as, err := tc.get()
			if err != nil {
				t.Fatal(err)
			}
			if got := keys(as); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}

	t.Run("values round-trip", func(t *testing.T) {
		as, err := db.Answers(ctx, r1.ID, "ann")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(as[0].Answer, full) {
			t.Errorf("note = %+v, want %+v", as[0].Answer, full)
		}
		if as[1].Answer.Scale != 5 {
			t.Errorf("mood after upsert = %+v, want scale 5", as[1].Answer)
		}
	})

	t.Run("participation follows", func(t *testing.T) {
		ps, err := db.Participation(ctx, r1.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bot.Status{}
		for _, p := range ps {
			got[p.UserID] = p.Status
			if p.UserID == "ann" && !p.UpdatedAt.Equal(at(3)) {
				t.Errorf("ann updated at %v, want %v", p.UpdatedAt, at(3))
			}
		}
		want := map[string]bot.Status{"ann": bot.StatusAnswered, "bob": bot.StatusLate}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("statuses = %v, want %v (no row for the failed save)", got, want)
		}
	})
}

func runIDs(rs []*bot.Run) []int64 {
	var ids []int64
	for _, r := range rs {
		ids = append(ids, r.ID)
	}
	return ids
}
