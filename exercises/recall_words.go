package exercises

// The word lists of fair recall scoring (recall.go). They are small on
// purpose: a word here can never be an intrusion, so each one is a word
// people write around a recall (pronouns, helping verbs, words about
// remembering, apologies, hedges), never a thing a list would name.

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// determiners come before a named thing: inside a sentence, the thing after
// one is a recall attempt (rule 5).
var determiners = set("a", "an", "the", "some", "two", "three", "another", "this", "that", "those", "these")

// fillers are never intrusions (rule 4).
var fillers = set(
	// pronouns and their forms
	"i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine", "myself", "you", "your", "we", "our", "us",
	"he", "she", "they", "them", "their", "it", "it's", "its", "there", "there's", "here", "what", "which", "who",
	// helping verbs, negatives, little verbs
	"am", "is", "are", "was", "were", "be", "been", "being", "do", "does", "did", "done", "have", "has", "had",
	"can", "can't", "cannot", "could", "couldn't", "can", "will", "would", "won't", "should", "may", "might", "must",
	"don't", "doesn't", "didn't", "isn't", "wasn't", "weren't", "haven't", "hasn't", "not", "no", "nothing", "none",
	"get", "got", "go", "went", "gone", "see", "saw", "seen", "say", "said", "write", "wrote", "written", "let", "let's",
	// about remembering
	"remember", "remembered", "recall", "recalled", "forget", "forgot", "forgotten", "know", "knew", "think",
	"thought", "guess", "sure", "mind", "memory", "brain", "head", "blank", "word", "words", "list", "rest",
	// connecting words and prepositions
	"and", "or", "but", "so", "then", "also", "too", "of", "in", "on", "at", "to", "for", "with", "from",
	"about", "by", "as", "if", "like", "than", "that's", "else", "all", "any", "more", "most", "much", "many",
	"only", "just", "still", "yet", "again", "else", "other", "others", "one", "ones", "thing", "things", "something",
	"anything", "everything", "lot", "bit", "very", "really", "quite", "well", "now", "today", "sorry", "apologies",
	// hedges and noises
	"maybe", "perhaps", "probably", "possibly", "um", "umm", "uh", "er", "erm", "hmm", "ah", "oh", "ok", "okay",
	"yes", "yeah", "hi", "hello", "thanks", "thank", "please", "etc", "s", "t", "m", "d", "ll", "ve", "re",
	"hard", "difficult", "easy", "great", "good", "bad", "tired", "time", "dunno", "idk",
)

// modifiers describe a recalled thing ("a blue car", "an old clock") and
// are never intrusions themselves (rule 4).
var modifiers = set(
	"big", "small", "little", "large", "tiny", "long", "short", "tall", "old", "new", "young",
	"red", "blue", "green", "yellow", "black", "white", "brown", "grey", "gray", "pink", "orange", "purple",
	"nice", "pretty", "round", "soft", "hot", "cold", "wooden", "fresh",
)
