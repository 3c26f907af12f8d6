package discord_test

import (
	"strings"
	"testing"

	"groupwork/adapters/adaptertest"
)

// TestForgetMeEditsResultsPost: on Discord, after /forgetme the results
// post that quoted the member's shared answer is edited in place (the fake
// applies the PATCH), every part of it when it was too long for one
// message, and the member is told.
func TestForgetMeEditsResultsPost(t *testing.T) {
	d := newDriver(t, adaptertest.Options{}).(*driver)
	d.Do(t, "Tess", `/group create "Erasure group"`)
	members := []string{"Ana", "Bo", "Cy", "Dee", "Eve", "Fay"} // five remain: the small-group guard
	for _, who := range members {
		d.Do(t, "Tess", "/group add @"+who)
		d.Do(t, who, "/privacy accept")
	}
	d.Do(t, "Tess", "/exercise start mood-checkin")
	for _, who := range members {
		d.Press(t, who, "Start")
		d.Press(t, who, "6")
		d.Press(t, who, "3")
		d.Press(t, who, "Wrote it down")
		// Long notes: the results post no longer fits in one Discord message.
		d.Fill(t, who, "Write my answer", who+" canary note "+strings.Repeat("and more words ", 28))
		d.Press(t, who, "Share with the group")
	}
	d.Do(t, "Tess", "/exercise stop")
	channel := func() string {
		var texts []string
		for _, s := range d.Channel(t) {
			texts = append(texts, s.Text)
		}
		return strings.Join(texts, "\n---\n")
	}
	if !strings.Contains(channel(), "Ana canary note") {
		t.Fatalf("the results post does not quote Ana; the test proves nothing:\n%s", channel())
	}
	parts := 0
	for _, m := range d.Channel(t) {
		if strings.Contains(m.Text, "canary note") {
			parts++
		}
	}
	if parts < 2 {
		t.Fatalf("the results post was not split (%d messages quote notes); the test proves less than it says", parts)
	}
	d.Do(t, "Ana", "/forgetme")
	must(t, "erase", d.Press(t, "Ana", "Erase my data"), "taken out of 1 results post")
	if got := channel(); strings.Contains(got, "Ana") || !strings.Contains(got, "Bo canary note") {
		t.Errorf("after /forgetme the channel reads:\n%s", got)
	}
}
