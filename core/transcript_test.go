package core_test

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"groupwork/bot"
	"groupwork/core/coretest"
	"groupwork/exercises"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with testdata/NAME, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./core -run %s -update to create it)", err, t.Name())
	}
	if string(want) != got {
		t.Errorf("transcript differs from %s (run with -update after checking the change):\n%s", path, diff(string(want), got))
	}
}

func diff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "first difference at line " + itoa(i+1) + ":\nwant: " + w + "\n got: " + g
		}
	}
	return ""
}

func itoa(i int) string { return strconv.Itoa(i) }

// answerAll plays a member through an exercise with a fixed policy: the
// middle of a scale, the first option of a menu or row, "Keep it private"
// when asked to share, and a short text for forms. It stops at the end
// screen and fails after too many steps.
func answerAll(t *testing.T, h *coretest.Harness, who string, rep bot.Reply, text string) bot.Reply {
	t.Helper()
	for i := 0; i < 30; i++ {
		body, items := bot.Render(rep.Message)
		if strings.Contains(body, "Your answers are saved") || len(items) == 0 {
			return rep
		}
		var nums []bot.Item
		for _, it := range items {
			if it.Label >= "0" && it.Label <= "9999" && len(it.Label) <= 2 {
				nums = append(nums, it)
			}
		}
		done, undo := "", false
		for _, it := range items {
			if strings.HasPrefix(it.Label, "Done: ") {
				done = it.Label
			}
			undo = undo || it.Label == "Undo"
		}
		switch {
		case undo: // a sequence: one press, then Done
			rep = h.Press(who, "Done")
		case done != "" && strings.HasPrefix(items[0].Label, "✓ "): // a toggle grid: the first pick, then Done
			rep = h.Press(who, done)
		case items[0].Form != nil:
			rep = h.Fill(who, items[0].Label, text)
		case items[0].Label == "Share with the group":
			rep = h.Press(who, "Keep it private")
		case len(nums) > 2:
			rep = h.Press(who, nums[len(nums)/2].Label)
		default:
			rep = h.Press(who, items[0].Label)
		}
	}
	t.Fatalf("%s did not reach the end of the exercise", who)
	return rep
}

// TestBuiltinTranscripts plays every built-in exercise in a group of three
// consented members and compares the whole chat with a golden transcript:
// the prompt, every screen a member sees, the closing message and the
// therapist's review of one member.
func TestBuiltinTranscripts(t *testing.T) {
	for _, def := range exercises.Builtin().List() {
		t.Run(def.ID, func(t *testing.T) {
			h := setup(t)
			h.Do("Tess", "/group add @Cy")
			h.Do("Cy", "/privacy accept")
			h.Do("Tess", "/exercise start "+def.ID)
			for _, who := range []string{"Ana", "Bo", "Cy"} {
				h.Clock.Advance(10 * time.Minute)
				if def.AnsweredBy == exercises.AnsweredByGroup {
					h.SeeChannel(who)
					h.Press(who, def.AskSteps()[0].Choices[0])
					continue
				}
				h.SeeChannel(who)
				answerAll(t, h, who, h.Press(who, "Start"), "apple chair river dog hat")
			}
			h.Do("Tess", "/exercise stop")
			h.Do("Tess", "/review member @Ana")
			golden(t, filepath.Join("transcripts", def.ID+".golden"), h.Transcript())
		})
	}
}
