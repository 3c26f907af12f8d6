package core

// StarterGroups is the built-in list of risk phrases every group watches
// in written answers, unless its therapists remove some of them (/group
// keywords remove). It is the one source of truth: docs/SAFETY.md explains
// it and TestStarterKeywordRecall measures it on a labelled set
// (testdata/risk_phrases.tsv).
//
// How it was chosen:
//   - plain phrasings people write, in the matching rules of
//     safety_keywords.go: whole words in a row, simple endings ("kill
//     myself" also matches "killing myself"), apostrophes dropped ("dont"),
//     any case;
//   - a miss is worse than a false alarm: the list errs towards alerting,
//     and the therapist reads the answer; negation is not inferred ("I
//     would never hurt myself" alerts);
//   - single words only where they are rarely anything but a risk
//     ("suicidal", "overdose"); otherwise short phrases, so that "I could
//     kill for a coffee" and "this traffic is killing me" stay quiet;
//   - common misspellings and split words ("my self") are phrases of
//     their own; irregular past forms too ("gave up on life").
//
// Every phrase must be in ParseKeyword's normal form and have at most
// maxKeywordWords words (TestStarterKeywordsAreNormal).
var StarterGroups = []StarterGroup{
	{"Suicidal thoughts and plans", []string{
		"suicide", "suicidal", "sucide", "suicde", "sucidal", "suicidel",
		"kill myself", "kill my self", "kil myself",
		"end my life", "end my own life", "take my life", "take my own life",
		"end it all", "want to end things",
		"want to die", "wanna die", "wish i was dead", "wish i were dead", "wish i could die",
		"wish i had died", "wish i was never born", "wish i wasnt born", "never been born",
		"better off dead", "better off without me", "if i was gone", "if i were gone",
		"dont want to live", "do not want to live", "didnt want to live", "dont wanna live",
		"dont want to be alive", "do not want to be alive", "alive anymore", "alive any more",
		"want to be here anymore", "want to be here any more",
		"dont want to wake up", "hope i dont wake up", "never wake up",
		"no reason to live", "nothing to live for", "not worth living", "isnt worth living",
		"no point in living", "no point living", "point of living",
		"tired of living", "tired of life", "sick of living", "sick of life",
		"done with life", "done with living", "give up on life", "gave up on life", "given up on life",
		"want to disappear", "goodbye forever", "goodbye letter", "goodbye note", "not be here tomorrow",
		"overdose", "all my pills at once", "bottle of pills", "stockpile pills", "save up pills", "save up my pills",
		"hang myself", "cut my wrist", "slit my wrist", "slash my wrist",
		"off a bridge", "off the bridge", "front of a train", "front of a bus", "front of a car",
	}},
	{"Self-harm", []string{
		"hurt myself", "hurt my self", "harm myself", "harm my self", "self harm", "selfharm",
		"self injury", "injure myself", "cut myself", "cut my self", "burn myself", "starve myself",
	}},
	{"Harm to others", []string{
		"kill him", "kill her", "kill them", "kill you", "kill someone", "kill somebody", "kill everyone",
		"hurt someone", "hurt somebody", "harm someone", "hurt other people", "harm other people",
		"stab him", "stab her", "stab someone", "shoot him", "shoot her", "shoot someone", "shoot them",
		"get a gun", "buy a gun", "bought a gun",
	}},
	{"Hopelessness and being a burden", []string{
		"hopeless", "no hope", "no way out", "no future", "worthless",
		"cant go on", "cannot go on", "can not go on",
		"cant do this anymore", "cant take it anymore", "cant take this anymore",
		"im a burden", "am a burden", "such a burden", "like a burden", "burden to everyone", "burden on everyone",
	}},
	{"Abuse and immediate danger", []string{
		"abuse me", "was abused", "being abused", "been abused", "abusive",
		"hits me", "hitting me", "he hit me", "she hit me", "beats me", "beat me up", "he hurts me", "she hurts me",
		"choke me", "strangle me", "threaten me", "threaten to kill",
		"rape", "sexually assaulted", "assault me", "molest",
		"afraid of him", "afraid of her", "scared of him", "scared of her",
		"not safe at home", "unsafe at home", "afraid to go home", "scared to go home",
		"dont feel safe", "do not feel safe", "not feel safe", "feel unsafe", "im not safe", "am not safe",
		"im in danger", "am in danger",
	}},
}

// StarterGroup is one kind of risk in the starter list.
type StarterGroup struct {
	Name    string
	Phrases []string
}

// StarterKeywords is every phrase of StarterGroups, in order.
var StarterKeywords = starterKeywords()

func starterKeywords() []string {
	var out []string
	for _, g := range StarterGroups {
		out = append(out, g.Phrases...)
	}
	return out
}
