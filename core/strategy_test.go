package core_test

import (
	"strings"
	"testing"

	"groupwork/bot"
	"groupwork/core/coretest"
)

// boardGroup is a group of six members who accepted the notice.
func boardGroup(t *testing.T) *coretest.Harness {
	t.Helper()
	h := coretest.NewBot(t)
	h.Do("Tess", `/group create "Tuesday group" Europe/Berlin`)
	for _, m := range []string{"Ana", "Bo", "Cy", "Di", "Ed", "Flo"} {
		h.Do("Tess", "/group add @"+m)
		h.Do(m, "/privacy accept")
	}
	return h
}

// mark presses "I'll try this" (or "this helped") for strategy id, as the
// menu under /strategy list does.
func mark(t *testing.T, h *coretest.Harness, user, id string, helped bool) string {
	t.Helper()
	v := "try"
	if helped {
		v = "helped"
	}
	ev := &bot.Action{EventMeta: h.Meta(user), CustomID: bot.CustomID{Kind: "strat", Ref: 1, Value: v}.String(), Values: []string{id}}
	return coretest.Text(h.Event(user, ev))
}

// TestStrategyBoard: members share strategies and mark them; counts stay
// hidden until five people pressed a strategy's buttons; the list is most
// helpful first with pinned ones on top; the board survives a restart (a
// new Bot on the same database file); /forgetme keeps a strategy only
// without its author's name and only if they agreed, and takes their marks.
func TestStrategyBoard(t *testing.T) {
	h := boardGroup(t)
	mustDo(t, h, "Ana", "/strategy add #memory I write appointments on the fridge calendar.", "on the board of **Tuesday group** as number 1, with your name")
	if text := coretest.Text(h.Press("Ana", "Yes, keep it without my name")); !strings.Contains(text, "stays on the board without your name") {
		t.Fatalf("keep: %s", text)
	}
	mustDo(t, h, "Ana", "/mydata", "Strategies you shared on the board: 1.")
	mustDo(t, h, "Bo", "/strategy add Set a phone alarm for tablets", "as number 2")
	h.Press("Bo", "No, erase it too")
	mustDo(t, h, "Tess", "/strategy add topic:Sleep Same bedtime every day", "as number 3")
	mustDo(t, h, "Cy", "/strategy add", "")

	for _, u := range []string{"Bo", "Cy", "Di", "Ed"} {
		if text := mark(t, h, u, "1", false); !strings.Contains(text, "you will try strategy 1") {
			t.Fatalf("%s try: %s", u, text)
		}
	}
	mark(t, h, "Bo", "1", false) // twice is once
	list := mustDo(t, h, "Cy", "/strategy list", "**Strategy board of Tuesday group** (most helpful first)")
	if strings.Contains(list, ", trying") || !strings.Contains(list, "shown once at least 5 have pressed") || !strings.Contains(list, "you are trying it") {
		t.Errorf("four people: counts must stay hidden:\n%s", list)
	}
	for _, u := range []string{"Ana", "Cy", "Di", "Ed", "Flo"} {
		mark(t, h, u, "2", false)
	}
	mark(t, h, "Flo", "2", true)
	mark(t, h, "Ed", "2", true)
	mark(t, h, "Flo", "1", true) // helped implies tried: strategy 1 now has five
	h.Restart()
	list = mustDo(t, h, "Di", "/strategy list", "")
	want := []string{
		"2. Set a phone alarm for tablets — _Bo_ · helped 2, trying 5 · you are trying it",
		"1. I write appointments on the fridge calendar. — _Ana_ · memory · helped 1, trying 5 · you are trying it",
		"3. Same bedtime every day — _Tess_ · sleep",
	}
	if !strings.Contains(list, strings.Join(want, "\n")) {
		t.Errorf("after restart, list:\n%s\nwant lines:\n%s", list, strings.Join(want, "\n"))
	}
	mustDo(t, h, "Di", "/strategy pin 3", "Only this group's therapists")
	mustDo(t, h, "Tess", "/strategy pin 3", "Strategy 3 is pinned")
	mustDo(t, h, "Di", "/strategy list sleep", "📌 3. Same bedtime every day")
	if l := mustDo(t, h, "Di", "/strategy list", ""); !strings.Contains(l, "(most helpful first)\n📌 3.") {
		t.Errorf("pinned not first:\n%s", l)
	}
	h.Do("Tess", "/group add @Olga observer")
	mustDo(t, h, "Olga", "/strategy list", "observers see group totals only")
	mustDo(t, h, "Olga", "/strategy add Breathe", "observers see group totals only")
	mustDo(t, h, "Di", "/strategy list cooking", `No strategy on the board of **Tuesday group** is about "cooking" yet.`)

	for _, u := range []string{"Ana", "Bo"} {
		h.Do(u, "/forgetme")
		h.Press(u, "Erase my data")
	}
	list = mustDo(t, h, "Di", "/strategy list", "1. I write appointments on the fridge calendar. — _a former member_ · memory")
	if strings.Contains(list, "phone alarm") || strings.Contains(list, "Ana") || strings.Contains(list, "Bo") {
		t.Errorf("after /forgetme:\n%s", list)
	}
	// Bo's mark on strategy 1 went with Bo: four people left, counts hidden.
	if strings.Contains(list, "trying 5") || strings.Contains(list, "trying 4") {
		t.Errorf("counts after /forgetme:\n%s", list)
	}
	mustDo(t, h, "Tess", "/strategy edit 1 Write appointments on the calendar", "has erased their data")
	mustDo(t, h, "Tess", "/strategy remove 1", "Strategy 1 is removed")
	mustDo(t, h, "Tess", "/strategy remove 1", "There is no such strategy")
}

// TestStrategyEditNeedsAuthor: new wording from the therapist changes the
// strategy only when its author says yes; no one else can answer for them.
func TestStrategyEditNeedsAuthor(t *testing.T) {
	h := boardGroup(t)
	mustDo(t, h, "Ana", "/strategy add Write it down", "number 1")
	mustDo(t, h, "Tess", "/strategy edit 1 Write it down in your notebook", "Strategy 1 changes only if they agree")
	dm := h.LastDM("Ana")
	if !strings.Contains(dm, "Suggested: Write it down in your notebook") {
		t.Fatalf("Ana's DM: %s", dm)
	}
	bad := &bot.Action{EventMeta: h.Meta("Bo"), CustomID: bot.CustomID{Kind: "strat", Ref: 1, Value: "editok"}.String()}
	if text := coretest.Text(h.Event("Bo", bad)); !strings.Contains(text, "Only the person who shared") {
		t.Errorf("Bo answered for Ana: %s", text)
	}
	mustDo(t, h, "Cy", "/strategy list", "1. Write it down — _Ana_")
	h.Press("Ana", "Yes, use the new wording")
	mustDo(t, h, "Cy", "/strategy list", "1. Write it down in your notebook — _Ana_")
	mustDo(t, h, "Tess", "/strategy edit 1 Something else", "changes only if they agree")
	h.Press("Ana", "No, keep mine")
	mustDo(t, h, "Cy", "/strategy list", "1. Write it down in your notebook — _Ana_")
}

// TestStrategyFromExercise: a strategy shared in the strategy-share
// exercise joins the board with its topic when the exercise closes, if
// enough people answered; one kept private does not; a text that matches a
// watched phrase is never put on the board by /strategy add.
func TestStrategyFromExercise(t *testing.T) {
	h := boardGroup(t)
	mustDo(t, h, "Tess", "/exercise start strategy-share", "Started")
	for i, u := range []string{"Ana", "Bo", "Cy", "Di", "Ed"} {
		h.SeeChannel(u)
		h.Press(u, "Start")
		h.Press(u, []string{"Remembering things", "Planning my day", "Staying calm", "Talking with people", "Managing tiredness"}[i])
		h.Fill(u, "Write my answer", "strategy of "+u)
		if u == "Ana" || u == "Bo" {
			h.Press(u, "Share with the group")
		} else {
			h.Press(u, "Keep it private")
		}
	}
	mustDo(t, h, "Tess", "/exercise stop", "")
	list := mustDo(t, h, "Cy", "/strategy list", "strategy of Ana — _Ana_ · remembering things")
	if !strings.Contains(list, "strategy of Bo — _Bo_ · planning my day") || strings.Contains(list, "strategy of Cy") {
		t.Errorf("board after the exercise:\n%s", list)
	}
	if dm := h.LastDM("Ana"); !strings.Contains(dm, "now on the group's strategy board") {
		t.Errorf("Ana was not asked about keeping it: %s", dm)
	}
	rep := mustDo(t, h, "Ed", "/strategy add I want to kill myself", "not put on the board")
	if !strings.Contains(rep, "What happens next") {
		t.Errorf("reply: %s", rep)
	}
	if l := mustDo(t, h, "Cy", "/strategy list", ""); strings.Contains(l, "kill") {
		t.Errorf("a text with a watched phrase is on the board:\n%s", l)
	}
}
