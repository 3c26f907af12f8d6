package slack

import (
	"strings"
	"testing"

	"groupwork/adapters/adaptertest"
)

// TestConnectedForReadiness: Connected (what /readyz asks) is false before
// Run, true once events flow — in Socket Mode and in HTTP mode — and false
// again after Run returns.
func TestConnectedForReadiness(t *testing.T) {
	for _, mode := range []struct {
		name string
		http bool
	}{{"socket", false}, {"http", true}} {
		t.Run(mode.name, func(t *testing.T) {
			a, err := New(Config{BotToken: "xoxb-1", AppToken: "xapp-1", TeamIDs: []string{"T1"}}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if a.Connected() {
				t.Error("connected before Run")
			}
			d := newDriver(t, mode.http, adaptertest.Options{})
			if seen := d.Do(t, "Tess", "/help"); !strings.Contains(seen.Text, "group") {
				t.Fatalf("/help answered %q", seen.Text)
			}
			if !d.e.a.Connected() {
				t.Error("not connected while events flow")
			}
			if err := <-d.Stop(t); err != nil {
				t.Fatal(err)
			}
			if d.e.a.Connected() {
				t.Error("still connected after Run returned")
			}
		})
	}
}
