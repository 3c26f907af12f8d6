package core_test

import (
	"bytes"
	"strings"
	"testing"

	"groupwork/core/coretest"
)

// TestLogsCarryNoContent runs a member through an exercise with a debug log
// and checks nothing they wrote or chose appears in it.
func TestLogsCarryNoContent(t *testing.T) {
	var log bytes.Buffer
	h := coretest.NewBot(t, coretest.WithLog(&log))
	h.Do("Tess", `/group create "Sentinel-Group-Name"`)
	h.Do("Tess", "/group add @Ana")
	h.Do("Ana", "/privacy accept")
	h.Do("Tess", "/exercise start session-reflection")
	h.Press("Ana", "Start")
	h.Press("Ana", "4")
	h.Fill("Ana", "Write my answer", "SENTINEL-answer-text")
	h.Do("Tess", "/review member @Ana")
	if !strings.Contains(log.String(), "command review member") {
		t.Fatalf("the log should record handled commands:\n%s", log.String())
	}
	for _, secret := range []string{"SENTINEL-answer-text", "Sentinel-Group-Name"} {
		if strings.Contains(log.String(), secret) {
			t.Errorf("the log contains %q:\n%s", secret, log.String())
		}
	}
}
