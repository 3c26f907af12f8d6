package core_test

import (
	"strings"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/core/coretest"
)

// noEditor is the harness's adapter without the Editor capability, as on a
// platform that cannot change a posted message.
type noEditor struct {
	bot.Adapter
	bot.DirectMessenger
}

// sharedResults has six members answer the check-in, Ana and Bo sharing
// their notes, and closes it: the channel's results post quotes Ana, and
// after her erasure five answers remain (the default small-group guard).
func sharedResults(t *testing.T) (*coretest.Harness, string) {
	t.Helper()
	h := guardGroup(t, "Ana", "Bo", "Cy", "Dee", "Eve", "Fay")
	checkinWithNote(h, "Ana", "7", "3", "canary: my sister helped", true)
	checkinWithNote(h, "Bo", "6", "4", "walks helped me", true)
	for _, who := range []string{"Cy", "Dee", "Eve", "Fay"} {
		checkinWithNote(h, who, "5", "2", "a private note", false)
	}
	post := closedPost(t, h)
	if !strings.Contains(post, "Ana: “canary: my sister helped”") {
		t.Fatalf("the results post does not quote Ana; the test proves nothing:\n%s", post)
	}
	return h, post
}

// TestForgetMeEditsSharedAnswersOutOfPosts: after /forgetme, the results
// post that quoted the member is edited to read as it would without them
// (their line and their part in the counts gone, the others' shares kept),
// and the member is told.
func TestForgetMeEditsSharedAnswersOutOfPosts(t *testing.T) {
	h, _ := sharedResults(t)
	h.Do("Ana", "/forgetme")
	text := coretest.Text(h.Press("Ana", "Erase my data"))
	if !strings.Contains(text, "What you shared was also taken out of 1 results post in the group channel.") {
		t.Errorf("member not told about the post:\n%s", text)
	}
	channel := strings.Join(h.PostsTo(h.Channel), "\n---\n")
	if strings.Contains(channel, "canary") || strings.Contains(channel, "Ana") {
		t.Errorf("the channel still quotes the erased member:\n%s", channel)
	}
	if !strings.Contains(channel, "Bo: “walks helped me”") || !strings.Contains(channel, "5 answers") {
		t.Errorf("the edited post lost the others' shares, or still counts the erased member:\n%s", channel)
	}
	if !strings.Contains(h.Transcript(), "# edited") {
		t.Error("no edit in the transcript")
	}
}

// TestForgetMeWithoutEditorTellsMemberAndLead: where the platform cannot
// edit posts, the member is told plainly that the post still shows their
// answer, and the lead is asked to delete it by hand.
func TestForgetMeWithoutEditorTellsMemberAndLead(t *testing.T) {
	h, _ := sharedResults(t)
	h.Bot.AddAdapter(noEditor{h.Adapter, h.Adapter})
	h.Do("Ana", "/forgetme")
	text := coretest.Text(h.Press("Ana", "Erase my data"))
	if !strings.Contains(text, "1 results post in the group channel still shows an answer you shared: I could not change it, so your therapist has been asked to delete it.") {
		t.Errorf("member not told:\n%s", text)
	}
	lead := strings.Join(posts(h, "dm:u-tess", ""), "\n")
	if !strings.Contains(lead, "Please delete by hand these results posts") || !strings.Contains(lead, "Between-session check-in, closed") {
		t.Errorf("lead not asked to delete the post:\n%s", lead)
	}
}

// TestRetentionPurgeExpiresResultsPosts: the answers members shared in a
// results post are kept no longer than the answers themselves: the purge
// replaces the post. Without an editor the lead is asked, once, to delete it.
func TestRetentionPurgeExpiresResultsPosts(t *testing.T) {
	for _, canEdit := range []bool{true, false} {
		t.Run(map[bool]string{true: "edit", false: "no editor"}[canEdit], func(t *testing.T) {
			h, _ := sharedResults(t)
			if !canEdit {
				h.Bot.AddAdapter(noEditor{h.Adapter, h.Adapter})
			}
			mustDo(t, h, "Tess", "/group retention 7", "7 days")
			h.Clock.Advance(3 * 24 * time.Hour)
			if err := h.Bot.Purge(t.Context()); err != nil {
				t.Fatal(err)
			}
			if channel := strings.Join(h.PostsTo(h.Channel), "\n"); !strings.Contains(channel, "canary") {
				t.Fatal("the post was changed before the retention period")
			}
			h.Clock.Advance(5 * 24 * time.Hour)
			for range 2 {
				if err := h.Bot.Purge(t.Context()); err != nil {
					t.Fatal(err)
				}
			}
			channel := strings.Join(h.PostsTo(h.Channel), "\n")
			lead := posts(h, "dm:u-tess", "")
			asked := 0
			for _, text := range lead {
				if strings.Contains(text, "Please delete it by hand") {
					asked++
				}
			}
			if canEdit {
				if strings.Contains(channel, "canary") || !strings.Contains(channel, "its results were removed after this group's retention period") {
					t.Errorf("the results post outlived the retention period:\n%s", channel)
				}
			} else if asked != 1 {
				t.Errorf("lead asked %d times to delete the expired post:\n%s", asked, strings.Join(lead, "\n---\n"))
			}
		})
	}
}
