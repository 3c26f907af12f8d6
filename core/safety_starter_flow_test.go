package core_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/core"
	"groupwork/core/coretest"
)

// TestFreeTextWatchedByDefault: with no keywords set, a written answer
// that says "I don't want to be alive any more" raises a private alert
// (the starter list), and everyday words that share a word with it don't.
func TestFreeTextWatchedByDefault(t *testing.T) {
	h := safetyGroup(t)
	h.Do("Tess", "/exercise start goal-set")
	h.Press("Bo", "Start")
	if text := coretest.Text(h.Fill("Bo", "Write my answer", "I could kill for a coffee, and this traffic is killing me")); strings.Contains(text, "your therapists will see that you may need support") {
		t.Errorf("an everyday answer raised an alert: %s", text)
	}
	h.Press("Ana", "Start")
	text := coretest.Text(h.Fill("Ana", "Write my answer", "I don’t want to be alive any more"))
	if !strings.Contains(text, "your therapists will see that you may need support") {
		t.Fatalf("no safety notice after a risk phrase: %s", text)
	}
	dms := strings.Join(h.DMs("Tess"), "\n")
	if !strings.Contains(dms, "Safety alert #1") || !strings.Contains(dms, "Member: Ana") {
		t.Fatalf("the lead got no alert: %s", dms)
	}
	if strings.Contains(dms, "alive") || strings.Contains(dms, "Bo") {
		t.Errorf("the alert quotes the answer or names someone else: %s", dms)
	}
	if !strings.Contains(h.LastDM("Cora"), "Safety alert #1") {
		t.Errorf("the backup got no alert")
	}
	if list := coretest.Text(h.Do("Tess", "/alerts list")); !strings.Contains(list, "keyword: dont want to be alive") {
		t.Errorf("the alert list does not say which phrase matched: %s", list)
	}
	if text := coretest.Text(h.Do("Tess", "/group keywords list")); !strings.Contains(text, "Starter list") || !strings.Contains(text, "dont want to be alive") {
		t.Errorf("a new group should watch the starter list: %s", text)
	} else {
		for _, line := range strings.Split(text, "\n") {
			if len(line) > 1900 {
				t.Errorf("a line of the list is too long for one chat message (%d bytes): %.80s…", len(line), line)
			}
		}
	}
}

// TestKeywordsPerGroup: a therapist adds several keywords in one command,
// removes starter phrases for this group only (shown in list), and puts
// them back; another group keeps the whole starter list.
func TestKeywordsPerGroup(t *testing.T) {
	h := safetyGroup(t)
	text := coretest.Text(h.Do("Tess", "/group keywords add dark thoughts, numb, Hopeless"))
	if !strings.Contains(text, `Added "dark thoughts", "numb"`) || !strings.Contains(text, `already has "hopeless"`) {
		t.Fatalf("add several: %s", text)
	}
	if text := coretest.Text(h.Do("Tess", `/group keywords add "calm, kill!"`)); !strings.Contains(text, "Nothing was changed") || !strings.Contains(text, `"kill!"`) {
		t.Errorf("a bad item should refuse the whole list: %s", text)
	}
	if text := coretest.Text(h.Do("Tess", "/group keywords list")); strings.Contains(text, "calm") {
		t.Errorf("half a list was added: %s", text)
	}
	text = coretest.Text(h.Do("Tess", "/group keywords remove hopeless, numb, no hope"))
	if !strings.Contains(text, `Removed "hopeless", "numb", "no hope"`) || !strings.Contains(text, "starter list for this group only") {
		t.Fatalf("remove several: %s", text)
	}
	list := coretest.Text(h.Do("Tess", "/group keywords list"))
	if !strings.Contains(list, "Your own (1): dark thoughts.") || !strings.Contains(list, "Removed from the starter list for this group (2): hopeless, no hope.") {
		t.Errorf("list after removing: %s", list)
	}

	// A second group of the same therapist still watches "hopeless".
	first := h.Channel
	h.Channel = "thursday-channel"
	h.Do("Tess", `/group create "Thursday group" Europe/Berlin`)
	h.Do("Tess", "/group add @Dan")
	h.Do("Dan", "/privacy accept")
	h.Do("Tess", "/exercise start goal-set")
	h.Press("Dan", "Start")
	if text := coretest.Text(h.Fill("Dan", "Write my answer", "I feel hopeless")); !strings.Contains(text, "your therapists will see that you may need support") {
		t.Errorf("a removal in one group turned the phrase off in another: %s", text)
	}

	// Back in the first group: the removed phrase no longer alerts, its own keyword does.
	h.Channel = first
	h.Do("Tess", "/exercise start goal-set")
	h.Press("Ana", "Start")
	if text := coretest.Text(h.Fill("Ana", "Write my answer", "I feel hopeless")); strings.Contains(text, "your therapists will see that you may need support") {
		t.Errorf("a removed starter phrase still alerts: %s", text)
	}
	h.Press("Bo", "Start")
	if text := coretest.Text(h.Fill("Bo", "Write my answer", "Dark thoughts again")); !strings.Contains(text, "your therapists will see that you may need support") {
		t.Errorf("the group's own keyword did not alert: %s", text)
	}

	if text := coretest.Text(h.Do("Tess", "/group keywords reset")); !strings.Contains(text, "Put back 2 phrases") {
		t.Errorf("reset: %s", text)
	}
	if list := coretest.Text(h.Do("Tess", "/group keywords list")); strings.Contains(list, "Removed from the starter list") || !strings.Contains(list, "dark thoughts") {
		t.Errorf("list after reset: %s", list)
	}
	if text := coretest.Text(h.Do("Tess", "/group keywords remove nothing, nowhere")); !strings.Contains(text, "no such keyword") {
		t.Errorf("remove unknown: %s", text)
	}
	if text := coretest.Text(h.Do("Ana", "/group keywords add calm")); strings.Contains(text, "Added") {
		t.Errorf("a member changed the keywords: %s", text)
	}
}

// TestCrisisFooterUnderWrittenQuestions: every written question ends with
// where to get help, also when the group shows no footer; the group's own
// footer comes first; other questions follow the group's setting.
func TestCrisisFooterUnderWrittenQuestions(t *testing.T) {
	h := safetyGroup(t)
	h.Do("Tess", "/group footer none")
	h.Do("Tess", "/exercise start goal-set")
	text := coretest.Text(h.Press("Ana", "Start"))
	if !strings.Contains(text, "What is your goal") || !strings.Contains(text, "type /crisis") {
		t.Fatalf("a written question without the crisis line:\n%s", text)
	}
	text = coretest.Text(h.Fill("Ana", "Write my answer", "Walk to the shop on Tuesday"))
	if !strings.Contains(text, "How sure are you") || strings.Contains(text, "/crisis") {
		t.Errorf("a scale question in a group without footer shows the written-question line:\n%s", text)
	}

	h.Do("Tess", `/group footer "Not watched around the clock. In an emergency call 112."`)
	h.Do("Tess", "/exercise start goal-set")
	text = coretest.Text(h.Press("Bo", "Start"))
	footer, crisis := strings.Index(text, "call 112"), strings.Index(text, "type /crisis")
	if footer < 0 || crisis < footer {
		t.Errorf("want the group's footer, then the crisis line:\n%s", text)
	}
}

// TestDigestCountsUnreadWrittenAnswers: when a run closes, the lead's
// private digest says how many written answers wait to be read and whose,
// without quoting them; a /review member marks that member's as read.
func TestDigestCountsUnreadWrittenAnswers(t *testing.T) {
	h := safetyGroup(t)
	closeRun := func() string {
		t.Helper()
		h.Clock.Advance(49 * time.Hour) // goal-set is open for 2 days
		if err := h.Bot.Scheduler().Tick(t.Context()); err != nil {
			t.Fatal(err)
		}
		dm := h.LastDM("Tess")
		if !strings.Contains(dm, "has closed") {
			t.Fatalf("no digest: %s", dm)
		}
		return dm
	}
	h.Do("Tess", "/exercise start goal-set")
	h.Press("Ana", "Start")
	h.Fill("Ana", "Write my answer", "Walk to the shop on Tuesday")
	h.Press("Ana", "4")
	h.Press("Bo", "Start")
	h.Fill("Bo", "Write my answer", "Call my sister")
	dm := closeRun()
	if !strings.Contains(dm, "Written answers waiting to be read: 2 (Ana 1, Bo 1)") {
		t.Errorf("digest without the unread written answers:\n%s", dm)
	}
	if strings.Contains(dm, "Walk to the shop") || strings.Contains(dm, "Call my sister") {
		t.Errorf("the digest quotes an answer:\n%s", dm)
	}
	for _, p := range h.PostsTo(h.Channel) {
		if strings.Contains(p, "waiting to be read") {
			t.Errorf("the count reached the channel: %s", p)
		}
	}

	h.Clock.Advance(time.Hour)
	h.Do("Tess", "/review member @Ana")
	h.Clock.Advance(time.Hour)
	h.Do("Tess", "/exercise start goal-set")
	h.Press("Bo", "Start")
	h.Fill("Bo", "Write my answer", "Go to the library")
	dm = closeRun()
	if !strings.Contains(dm, "Written answers waiting to be read: 2 (Bo 2)") {
		t.Errorf("after reading Ana's answers, only Bo's should wait:\n%s", dm)
	}

	h.Clock.Advance(time.Hour)
	h.Do("Cora", "/review member @Bo") // the co-therapist reads them: the team has read them
	h.Clock.Advance(time.Hour)
	h.Do("Tess", "/exercise start goal-set")
	dm = closeRun()
	if strings.Contains(dm, "waiting to be read") {
		t.Errorf("nothing new was written, yet the digest says answers wait:\n%s", dm)
	}
}

// brokenKeywords is a store whose keyword lookups fail.
type brokenKeywords struct{ bot.Store }

func (brokenKeywords) Keywords(context.Context, int64) ([]string, error) {
	return nil, errTest
}

func (brokenKeywords) RemovedStarterKeywords(context.Context, int64) ([]string, error) {
	return nil, errTest
}

// TestKeywordsFailClosed: when a group's keywords and removals cannot be
// read, written answers are still checked against the whole starter list.
func TestKeywordsFailClosed(t *testing.T) {
	h := safetyGroup(t, func(c *core.Config) { c.Store = brokenKeywords{c.Store} })
	h.Do("Tess", "/exercise start goal-set")
	h.Press("Ana", "Start")
	if text := coretest.Text(h.Fill("Ana", "Write my answer", "I want to kill myself")); !strings.Contains(text, "your therapists will see that you may need support") {
		t.Fatalf("no alert when the keyword settings could not be read: %s", text)
	}
	if !strings.Contains(h.LastDM("Tess"), "Safety alert #1") {
		t.Errorf("the lead got no alert")
	}
}
