package core

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"groupwork/bot"
)

// Keyword rules match whole words of a written answer:
//
//   - case does not matter, and the answer is cleaned (CleanText) first, so
//     invisible characters and direction overrides cannot split a word;
//     combining marks are ignored (Zalgo text cannot hide a word, and a
//     decomposed é is e);
//   - a keyword of several words matches those words in a row ("hurt myself");
//   - each word also matches simple English endings: -s, -es, -ed, -d, -ing,
//     -er, -ers, -ness, a doubled last consonant (cut: cutting), -y to -ies
//     and -ied, and a dropped final e (hate: hating); words of one or two
//     letters match only as they are;
//   - apostrophes are dropped inside words (don't is "dont");
//   - negation is NOT inferred: "I would never hurt myself" matches "hurt
//     myself". A keyword is a prompt for the therapist to read the answer,
//     never a judgement about it.
const (
	maxKeywordWords = 6
	maxKeywordLen   = 60
)

// ParseKeyword checks a keyword rule typed by a therapist and returns its
// normal form: lower case, words separated by one space. The error is an
// EInvalid *Error with a sentence saying what to type.
func ParseKeyword(s string) (string, error) {
	s = bot.CleanText(s)
	if s == "" {
		return "", bot.Errorf(bot.EInvalid, "Give a keyword of one to %d words, e.g. /group keywords add \"dark thoughts\".", maxKeywordWords)
	}
	if utf8.RuneCountInString(s) > maxKeywordLen {
		return "", bot.Errorf(bot.EInvalid, "A keyword can have at most %d characters.", maxKeywordLen)
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsSpace(r) && r != '\'' && r != '’' && r != '-' && !unicode.Is(unicode.Mn, r) {
			return "", bot.Errorf(bot.EInvalid, "A keyword is made of words only (letters, digits, ' and -), not %q.", string(r))
		}
	}
	words := keywordTokens(s)
	if len(words) == 0 {
		return "", bot.Errorf(bot.EInvalid, "A keyword needs at least one letter or digit.")
	}
	if len(words) > maxKeywordWords {
		return "", bot.Errorf(bot.EInvalid, "A keyword can have at most %d words; add shorter ones separately.", maxKeywordWords)
	}
	return strings.Join(words, " "), nil
}

// keywordTokens lower-cases s and splits it into words of letters and
// digits; apostrophes inside a word are dropped, everything else separates.
func keywordTokens(s string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur.WriteRune(r)
		case unicode.Is(unicode.Mn, r), r == '\'', r == '’':
			// marks and apostrophes are dropped without splitting the word
		default:
			flush()
		}
	}
	flush()
	return out
}

// wordMatches reports whether token t is keyword word w or w with a simple ending.
func wordMatches(w, t string) bool {
	if t == w {
		return true
	}
	if len(w) <= 2 || !strings.HasPrefix(t, w[:len(w)-1]) {
		return false
	}
	if rest, ok := strings.CutPrefix(t, w); ok {
		switch rest {
		case "s", "es", "ed", "d", "ing", "er", "ers", "ness":
			return true
		}
		// doubled last consonant: cut → cutting, cutter
		last := w[len(w)-1:]
		if !strings.ContainsAny(last, "aeiouy") {
			switch rest {
			case last + "ing", last + "ed", last + "er":
				return true
			}
		}
		return false
	}
	stem, end := w[:len(w)-1], w[len(w)-1]
	rest := t[len(stem):]
	switch end {
	case 'e': // hate → hating, hated
		return rest == "ing" || rest == "ed"
	case 'y': // cry → cries, cried
		return rest == "ies" || rest == "ied"
	}
	return false
}

// MatchKeyword reports whether text contains keyword (in ParseKeyword's
// normal form) under the rules above.
func MatchKeyword(keyword, text string) bool {
	return matchTokens(strings.Fields(keyword), keywordTokens(bot.CleanText(text)))
}

func matchTokens(kw, toks []string) bool {
	if len(kw) == 0 {
		return false
	}
	for i := 0; i+len(kw) <= len(toks); i++ {
		all := true
		for j, w := range kw {
			if !wordMatches(w, toks[i+j]) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// MatchKeywords returns the first keyword that text matches. The text is
// cleaned and split once, whatever the number of keywords.
func MatchKeywords(keywords []string, text string) (string, bool) {
	toks := keywordTokens(bot.CleanText(text))
	for _, k := range keywords {
		if matchTokens(strings.Fields(k), toks) {
			return k, true
		}
	}
	return "", false
}
