package exercises

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Fair scoring of a typed recall. A member writes the words they remember in
// any form: a list, a sentence, with typos, with an apology at the end. The
// rules below decide what counts, and docs/COGNITIVE.md explains them to
// therapists; FORMAT.md repeats the short version.
//
//  1. Order does not matter, nor do capital letters.
//  2. A plural or possessive counts ("apples", "apple's" for "apple").
//  3. Spelling is forgiven by edit distance scaled to the word's length
//     (the shorter of the typed and the list word, a plural "s" aside):
//     up to 3 letters exact, 4–5 letters 1 edit, 6–8 letters 2 edits,
//     9 or more 3 edits. An edit is a letter added, dropped, changed, or two
//     neighbours swapped ("chiar" for "chair"). The first letter must be
//     right for a forgiven spelling, so "look" is not "book".
//  4. Filler words never count against anyone ("I can't remember any more,
//     sorry" is no intrusion); nor do describing words ("a blue car").
//  5. Inside a sentence (a part with four or more words, at least half of
//     them filler) only a thing named after "a", "an", "the" or "some" is an
//     intrusion: "I think there was a table" notes "table", "my memory is
//     not great today" notes nothing.
//  6. A list word written again is a repetition, counted apart from
//     intrusions; a word not on the list is one intrusion however often it
//     is written. Neither takes points away.

// RecallResult is the reading of one typed recall.
type RecallResult struct {
	Hits        []string // list words recalled, in list order, spelt as in the list
	Forgiven    []string // of Hits, those recalled with a spelling slip, in list order
	Intrusions  []string // words not on the list, lower-cased, once each, in the order written
	Repetitions int      // list words written again after the first time
}

// RecallMatches returns which list words appear in text, and the intrusions:
// the hits and intrusions of Recall.
func RecallMatches(list []string, text string) (hits []string, intrusions []string) {
	r := Recall(list, text)
	return r.Hits, r.Intrusions
}

// Recall scores a typed recall of list by the rules above. It never panics,
// whatever the text.
func Recall(list []string, text string) RecallResult {
	lower := make([]string, len(list))
	for i, l := range list {
		lower[i] = strings.ToLower(l)
	}
	found := make([]bool, len(list))
	forgiven := make([]bool, len(list))
	seenOther := map[string]bool{}
	var res RecallResult
	for _, seg := range segments(text) {
		sentence := isSentence(seg)
		afterDeterminer := false
		for _, w := range seg {
			i, exact := matchWord(lower, found, w)
			switch {
			case i >= 0:
				if found[i] {
					res.Repetitions++
				} else {
					found[i], forgiven[i] = true, !exact
				}
				afterDeterminer = false
			case determiners[w]:
				afterDeterminer = true
			case fillers[w] || modifiers[w]:
				if !modifiers[w] {
					afterDeterminer = false
				}
			default:
				counts := !sentence || afterDeterminer
				afterDeterminer = false
				if counts && !seenOther[w] {
					seenOther[w] = true
					res.Intrusions = append(res.Intrusions, w)
				}
			}
		}
	}
	for i, l := range list {
		if found[i] {
			res.Hits = append(res.Hits, l)
			if forgiven[i] {
				res.Forgiven = append(res.Forgiven, l)
			}
		}
	}
	return res
}

// segments splits text into parts at punctuation and line breaks, and each
// part into lower-case words (letters, with apostrophes inside a word kept:
// "can't"). A possessive "'s" is dropped.
func segments(text string) [][]string {
	var out [][]string
	var seg []string
	var word strings.Builder
	flushWord := func() {
		w := strings.Trim(word.String(), "'")
		word.Reset()
		w = strings.TrimSuffix(w, "'s")
		if w != "" {
			seg = append(seg, w)
		}
	}
	flushSeg := func() {
		flushWord()
		if len(seg) > 0 {
			out = append(out, seg)
			seg = nil
		}
	}
	for _, r := range text {
		switch {
		case unicode.IsLetter(r):
			word.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '’' || r == '‘':
			if word.Len() > 0 {
				word.WriteByte('\'')
			}
		case unicode.IsSpace(r) && r != '\n' && r != '\r':
			flushWord()
		case unicode.IsDigit(r), r == '-', r == '_', r == '"', r == '“', r == '”':
			flushWord()
		default: // , ; . ! ? : ( ) / line breaks and other punctuation
			flushSeg()
		}
	}
	flushSeg()
	return out
}

// isSentence reports whether a part reads as a sentence rather than a list:
// four or more words, at least half of them filler.
func isSentence(seg []string) bool {
	if len(seg) < 4 {
		return false
	}
	n := 0
	for _, w := range seg {
		if fillers[w] || determiners[w] {
			n++
		}
	}
	return 2*n >= len(seg)
}

// matchWord finds the list word that w recalls: an exact match (give or take
// a plural) first, else the nearest forgiven spelling, preferring a word not
// yet recalled. It returns -1 when none fits. exact is false for a forgiven
// spelling. Filler words only match exactly, so "there" never recalls
// "three".
func matchWord(list []string, found []bool, w string) (i int, exact bool) {
	first := -1
	for j, l := range list {
		if sameWord(w, l) {
			if !found[j] {
				return j, true
			}
			if first < 0 {
				first = j
			}
		}
	}
	if first >= 0 {
		return first, true
	}
	if fillers[w] || determiners[w] || modifiers[w] {
		return -1, false
	}
	best, bestD, bestFound := -1, 0, true
	for j, l := range list {
		d, ok := forgivable(w, l)
		if !ok {
			continue
		}
		if best < 0 || d < bestD || (d == bestD && bestFound && !found[j]) {
			best, bestD, bestFound = j, d, found[j]
		}
	}
	return best, false
}

// sameWord reports whether a and b are the same word give or take a plural
// ending.
func sameWord(a, b string) bool {
	return a == b || a == b+"s" || a == b+"es" || b == a+"s" || b == a+"es"
}

// Tolerance is how many edits a typed word may be from a list word of n
// letters and still count (rule 3).
func Tolerance(n int) int {
	switch {
	case n <= 3:
		return 0
	case n <= 5:
		return 1
	case n <= 8:
		return 2
	}
	return 3
}

// forgivable reports whether typed w is a forgiven spelling of list word l
// (or of its plural), and how many edits apart they are.
func forgivable(w, l string) (int, bool) {
	// The shorter word sets the tolerance, so a short real word ("cat")
	// is not a slip for a longer one ("coat").
	tol := Tolerance(min(utf8.RuneCountInString(l), utf8.RuneCountInString(strings.TrimSuffix(w, "s"))))
	if tol == 0 {
		return 0, false
	}
	wr, lr := []rune(w), []rune(l)
	if len(wr) == 0 || wr[0] != lr[0] {
		return 0, false
	}
	best := -1
	for _, cand := range [][]rune{wr, []rune(strings.TrimSuffix(w, "s"))} {
		if len(cand) == 0 {
			continue
		}
		if d := editDistance(cand, lr, tol); d <= tol && (best < 0 || d < best) {
			best = d
		}
	}
	return best, best >= 0
}

// editDistance is the optimal string alignment distance between a and b
// (insertions, deletions, substitutions and swaps of neighbours), or a
// number above limit as soon as it is sure to exceed it.
func editDistance(a, b []rune, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// Label says the result in plain words for the member and the therapist:
// "recalled 7 of 10 words, 1 word not on the list, 2 repeated".
func (r RecallResult) Label(of int) string {
	label := fmt.Sprintf("recalled %d of %d words", len(r.Hits), of)
	if n := len(r.Intrusions); n > 0 {
		label += fmt.Sprintf(", %d %s not on the list", n, plural(n, "word", "words"))
	}
	if r.Repetitions > 0 {
		label += fmt.Sprintf(", %d repeated", r.Repetitions)
	}
	return label
}
