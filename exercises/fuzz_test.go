package exercises

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// seeds returns the built-in files and the malformed test files.
func seeds(tb testing.TB) [][]byte {
	tb.Helper()
	var out [][]byte
	names, _ := fs.Glob(libraryFS, "library/*.yaml")
	for _, n := range names {
		src, err := fs.ReadFile(libraryFS, n)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, src)
	}
	bad, _ := filepath.Glob(filepath.Join("testdata", "bad", "*.yaml"))
	for _, n := range bad {
		src, err := os.ReadFile(n)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, src)
	}
	return out
}

// FuzzParse checks that Parse never panics, that it returns either a
// definition or Problems, and that the runner never panics on what it returns.
func FuzzParse(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		d, err := Parse("fuzz.yaml", src)
		if err != nil {
			var ps Problems
			if d != nil || !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("Parse = %v, %T %v; want nil and non-empty Problems", d, err, err)
			}
			for _, p := range ps {
				if p.File != "fuzz.yaml" || p.Msg == "" || p.Line < 0 || p.Column < 0 {
					t.Fatalf("bad problem %+v", p)
				}
			}
			return
		}
		if d == nil {
			t.Fatal("Parse returned neither a definition nor an error")
		}
		asks := d.AskSteps()
		if len(d.Steps) == 0 || len(d.Steps) > maxSteps || len(asks) == 0 || len(d.Version) != 12 {
			t.Fatalf("invalid definition accepted: %+v", d)
		}
		exerciseRunner(t, d)
	})
}

// exerciseRunner drives every runner function with in-range and out-of-range
// answers; it only fails by panicking or by an inconsistent result.
func exerciseRunner(t *testing.T, d *Definition) {
	answers := map[string]Answer{}
	passed := ""
	for range len(d.Steps) + 1 {
		sc := d.NextPast(answers, passed)
		if sc.Continue != nil {
			passed = sc.Continue.ID
			continue
		}
		if sc.Ask == nil {
			break
		}
		s := sc.Ask
		candidates := []Answer{
			{}, {Skipped: true}, {Scale: -1 << 40}, {Choices: []int{-1}}, {Choices: []int{len(s.Choices)}},
			{Choices: []int{0, 0}}, {Text: string([]byte{0xff, 0xfe})},
		}
		var good Answer
		switch s.Answer {
		case AnswerScale:
			good = Answer{Scale: s.Scale.Min}
		case AnswerChoose:
			good = Answer{Choices: []int{len(s.Choices) - 1}}
		case AnswerChooseMany:
			good = Answer{Choices: []int{0, len(s.Choices) - 1}}
		case AnswerText:
			good = Answer{Text: "apple chair river"}
		case AnswerSequence:
			good = Answer{Choices: []int{len(s.Choices) - 1, 0}}
		default:
			t.Fatalf("ask step %q without an answer kind", s.ID)
		}
		for _, a := range candidates {
			_ = d.Check(s.ID, a)
			d.Score(map[string]Answer{s.ID: a})
			d.Alerts(map[string]Answer{s.ID: a})
		}
		if err := d.Check(s.ID, good); err != nil {
			t.Fatalf("step %q rejects a valid answer %+v: %v", s.ID, good, err)
		}
		answers[s.ID] = good
	}
	if !d.Complete(answers) {
		t.Fatalf("not complete after answering every question: %v", answers)
	}
	d.Score(answers)
	d.Alerts(answers)
	d.Scored()
}

func FuzzRecallMatches(f *testing.F) {
	f.Add("apple chair", "Apples, and a CHAIR! dog")
	f.Add("box", "boxes")
	f.Fuzz(func(t *testing.T, list, text string) {
		words := []string{list, "apple"}
		hits, _ := RecallMatches(words, text)
		if len(hits) > len(words) {
			t.Fatalf("more hits than words: %q", hits)
		}
		for _, h := range hits {
			if h != list && h != "apple" {
				t.Fatalf("hit %q is not a list word", h)
			}
		}
	})
}

func BenchmarkParseBuiltins(b *testing.B) {
	srcs := seeds(b)[:len(mustNames(b))]
	b.ReportAllocs()
	for b.Loop() {
		for _, src := range srcs {
			if _, err := Parse("bench.yaml", src); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func mustNames(tb testing.TB) []string {
	tb.Helper()
	names, err := fs.Glob(libraryFS, "library/*.yaml")
	if err != nil || len(names) == 0 {
		tb.Fatalf("no built-in files: %v", err)
	}
	return names
}
