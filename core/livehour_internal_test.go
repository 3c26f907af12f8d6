package core

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"groupwork/bot"
)

// TestCountdownEditsAreCoarse ticks countdowns every second and counts the
// redraws: once per whole minute left and once at ten seconds, never per
// second, whatever the length.
func TestCountdownEditsAreCoarse(t *testing.T) {
	start := time.Date(2026, 11, 5, 18, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		length time.Duration
		edits  int // redraws before the end (the end itself moves the step on)
	}{
		{time.Minute, 1},       // 10 s left
		{3 * time.Minute, 3},   // 2 min, 1 min, 10 s
		{60 * time.Minute, 60}, // 59 whole minutes and 10 s
		{90 * time.Second, 2},  // 1 min, 10 s
	} {
		ends := start.Add(c.length)
		next := nextCountdownEdit(ends, start)
		edits := 0
		for now := start.Add(time.Second); now.Before(ends); now = now.Add(time.Second) {
			if !now.Before(next) {
				edits++
				next = nextCountdownEdit(ends, now)
				if !next.After(now) && now.Before(ends) && next != ends {
					t.Fatalf("%s: next edit %s is not after %s", c.length, next, now)
				}
			}
		}
		if edits != c.edits {
			t.Errorf("a %s countdown ticked every second redraws %d times, want %d", c.length, edits, c.edits)
		}
	}
	for _, c := range []struct {
		left time.Duration
		want string
	}{{3 * time.Minute, "About 3 minutes left."}, {150 * time.Second, "About 3 minutes left."}, {time.Minute, "About a minute left."},
		{10 * time.Second, "About 10 seconds left."}, {0, "Time is up."}} {
		if got := countdownWords(start.Add(c.left), start); got != c.want {
			t.Errorf("%s left: %q, want %q", c.left, got, c.want)
		}
	}
}

func members(names ...string) []*bot.Membership {
	var out []*bot.Membership
	for _, n := range names {
		out = append(out, &bot.Membership{UserID: "u-" + strings.ToLower(n), DisplayName: n, Role: bot.RoleMember})
	}
	return out
}

func names(ms []*bot.Membership) string {
	var out []string
	for _, m := range ms {
		out = append(out, m.DisplayName)
	}
	return strings.Join(out, ",")
}

func TestOrderMembers(t *testing.T) {
	ms := members("Ana", "Bo", "Cy", "Di")
	reverse := func(n int, swap func(i, j int)) {
		for i := 0; i < n/2; i++ {
			swap(i, n-1-i)
		}
	}
	for _, c := range []struct{ order, want, err string }{
		{"", "Ana,Bo,Cy,Di", ""},
		{"group", "Ana,Bo,Cy,Di", ""},
		{"random", "Di,Cy,Bo,Ana", ""},
		{"Cy, @ana", "Cy,Ana,Bo,Di", ""},
		{" di ,, BO ", "Di,Bo,Ana,Cy", ""},
		{"Zed", "", `"Zed" is not one of the members`},
		{"Ana, Ana", "", `"Ana" is not one of the members to invite (or is named twice)`},
	} {
		got, err := orderMembers(ms, c.order, reverse)
		if c.err != "" {
			if err == nil || !strings.Contains(bot.ErrorMessage(err), c.err) {
				t.Errorf("%q: err %v, want %q", c.order, err, c.err)
			}
			continue
		}
		if err != nil || names(got) != c.want {
			t.Errorf("%q: %s, %v; want %s", c.order, names(got), err, c.want)
		}
	}
	if names(ms) != "Ana,Bo,Cy,Di" {
		t.Errorf("ordering changed the caller's slice: %s", names(ms))
	}
}

// FuzzOrderMembers feeds /goaround order: anything a therapist may type.
// Every member is invited exactly once, or the order is refused with a
// plain sentence.
func FuzzOrderMembers(f *testing.F) {
	for _, s := range []string{"", "random", "Cy, Ana", "@bo", ",,,", "Ana, Ana", "ÄNA", "a\x00b", strings.Repeat("Bo,", 50)} {
		f.Add(s)
	}
	ms := members("Ana", "Bo", "Cy", "Ärnö")
	f.Fuzz(func(t *testing.T, order string) {
		got, err := orderMembers(ms, order, func(n int, swap func(i, j int)) { swap(0, n-1) })
		if err != nil {
			msg := bot.ErrorMessage(err)
			if bot.ErrorCode(err) != bot.EInvalid || !strings.HasSuffix(msg, ".") || !utf8.ValidString(msg) && utf8.ValidString(order) {
				t.Fatalf("refusal %q (%s)", msg, bot.ErrorCode(err))
			}
			return
		}
		seen := map[string]bool{}
		for _, m := range got {
			if seen[m.UserID] {
				t.Fatalf("%q: %s invited twice", order, m.DisplayName)
			}
			seen[m.UserID] = true
		}
		if len(got) != len(ms) {
			t.Fatalf("%q: %d invited, want %d", order, len(got), len(ms))
		}
	})
}
