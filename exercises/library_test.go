package exercises

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBuiltin(t *testing.T) {
	defs, err := builtins()
	if err != nil {
		t.Fatalf("built-in library is invalid:\n%v", err)
	}
	want := []string{"categorise-attention", "early-signs", "everyday-steps", "gad-7", "goal-review", "goal-set", "homework-review", "mood-checkin",
		"number-span", "phq-9", "quick-choices", "remember-to-press", "roll-call", "session-reflection", "strategy-share", "vignette-feelings",
		"who-5", "word-learning", "word-recall"}
	if len(defs) != len(want) {
		t.Errorf("got %d builtins, want %d", len(defs), len(want))
	}
	l := Builtin()
	var ids []string
	for _, d := range l.List() {
		ids = append(ids, d.ID)
		if d.File != "builtin:"+d.ID+".yaml" {
			t.Errorf("%s: File = %q; name each file after its id", d.ID, d.File)
		}
	}
	if strings.Join(ids, " ") != strings.Join(want, " ") {
		t.Errorf("ids = %v, want %v", ids, want)
	}
	if d, ok := l.Get("roll-call"); !ok || d.AnsweredBy != AnsweredByGroup || d.Kind != "rollcall" {
		t.Errorf("roll-call = %+v, %v", d, ok)
	}
	// Each call is its own library.
	l.Merge(&Definition{ID: "mood-checkin", File: "local.yaml"})
	if d, _ := Builtin().Get("mood-checkin"); d.File != "builtin:mood-checkin.yaml" {
		t.Errorf("Merge into one Builtin() changed another: %s", d.File)
	}
}

func TestLibrary(t *testing.T) {
	a := &Definition{ID: "b", File: "b.yaml"}
	b := &Definition{ID: "a", File: "a.yaml"}
	l, err := NewLibrary(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if got := l.List(); len(got) != 2 || got[0] != b || got[1] != a {
		t.Errorf("List not sorted by id: %v", got)
	}
	if err := l.Add(&Definition{ID: "a", File: "other.yaml"}); err == nil || !strings.Contains(err.Error(), `"a" from other.yaml is already in the library from a.yaml`) {
		t.Errorf("Add duplicate: %v", err)
	}
	if err := l.Add(nil); err == nil {
		t.Error("Add(nil) succeeded")
	}
	if _, err := NewLibrary(a, a); err == nil {
		t.Error("NewLibrary with duplicate ids succeeded")
	}
	over := &Definition{ID: "a", File: "override.yaml"}
	l.Merge(over, nil)
	if got, _ := l.Get("a"); got != over {
		t.Errorf("Merge did not replace: %v", got)
	}
	var zero Library
	if err := zero.Add(a); err != nil {
		t.Fatal(err)
	}
	if _, ok := zero.Get("b"); !ok {
		t.Error("zero Library does not work")
	}
}

func TestLoadDir(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	valid := head + askStep
	write("a.yaml", valid)
	write("b.yml", valid) // same id as a.yaml
	write("c.yaml", strings.Replace(valid, "id: t", "id: c", 1))
	write("d.yaml", "id: d\n")
	write("notes.txt", "not an exercise")
	if err := os.Mkdir(filepath.Join(dir, "sub.yaml"), 0o755); err != nil {
		t.Fatal(err)
	}

	defs, err := LoadDir(dir)
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("err = %v, want Problems", err)
	}
	if len(defs) != 2 || defs[0].ID != "t" || defs[1].ID != "c" {
		t.Errorf("defs = %v", defs)
	}
	msg := err.Error()
	for _, want := range []string{
		filepath.Join(dir, "b.yml") + `:1:5: id "t" is already used by ` + filepath.Join(dir, "a.yaml"),
		filepath.Join(dir, "d.yaml") + ":1:1: title is missing",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("problems:\n%s\nwant:\n%s", msg, want)
		}
	}

	if _, err := LoadDir(filepath.Join(dir, "missing")); err == nil {
		t.Error("LoadDir of a missing directory succeeded")
	}
	if _, err := LoadFile(filepath.Join(dir, "missing.yaml")); err == nil || !strings.Contains(err.Error(), "cannot read the file") {
		t.Errorf("LoadFile missing: %v", err)
	}
	ok := t.TempDir()
	write2 := filepath.Join(ok, "x.yaml")
	if err := os.WriteFile(write2, []byte(valid), 0o644); err != nil {
		t.Fatal(err)
	}
	if defs, err := LoadDir(ok); err != nil || len(defs) != 1 {
		t.Errorf("LoadDir valid = %v, %v", defs, err)
	}
}
