package exercises

import (
	"slices"
	"strings"
	"testing"
)

// FuzzRecall checks the recall reader on any text: it never panics, and its
// result keeps the rules' promises.
func FuzzRecall(f *testing.F) {
	f.Add("aple, chiar, rivr", "river")
	f.Add("I can't remember any more, sorry", "sorry")
	f.Add("there was a blue umbrela\nand the dog's hat dog", "umbrella")
	f.Add("’'’s 1. 🍎 a-b", "a")
	f.Fuzz(func(t *testing.T, text, extra string) {
		list := []string{"apple", "chair", "umbrella", "telephone", extra}
		r := Recall(list, text)
		seen := map[string]bool{}
		for _, h := range r.Hits {
			if !slices.Contains(list, h) {
				t.Fatalf("hit %q is not a list word", h)
			}
			if seen[h] && h != extra {
				t.Fatalf("hit %q twice", h)
			}
			seen[h] = true
		}
		for _, fg := range r.Forgiven {
			if !slices.Contains(r.Hits, fg) {
				t.Fatalf("forgiven %q is not a hit", fg)
			}
		}
		others := map[string]bool{}
		for _, w := range r.Intrusions {
			if others[w] || w == "" || fillers[w] || modifiers[w] || determiners[w] {
				t.Fatalf("intrusion %q repeated, empty or a filler: %q", w, r.Intrusions)
			}
			others[w] = true
		}
		if r.Repetitions < 0 {
			t.Fatalf("negative repetitions")
		}
		// Order-free: the same parts in reverse order recall the same words.
		parts := strings.Split(text, "\n")
		slices.Reverse(parts)
		if back := Recall(list, strings.Join(parts, "\n")); !slices.Equal(back.Hits, r.Hits) && !strings.ContainsAny(text, "\r") {
			t.Fatalf("hits depend on order: %q vs %q", r.Hits, back.Hits)
		}
		// Writing the list itself recalls every word.
		all := Recall(list[:4], strings.Join(list[:4], ", ")+"\n"+text)
		if len(all.Hits) != 4 {
			t.Fatalf("the list itself recalled %q", all.Hits)
		}
	})
}
