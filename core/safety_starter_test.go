package core_test

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"groupwork/core"
)

// Floors of TestStarterKeywordRecall, set from the measured figures (see
// docs/SAFETY.md): a change to the list or to the matching rules that
// loses a risk phrasing, or alerts on more everyday ones, fails here.
const (
	minRecall       = 0.96
	maxFalsePosRate = 0.09
)

// TestStarterKeywordRecall measures the starter list on the labelled set in
// testdata/risk_phrases.tsv and prints recall and the false-positive rate:
//
//	go test ./core -run TestStarterKeywordRecall -v
func TestStarterKeywordRecall(t *testing.T) {
	f, err := os.Open("testdata/risk_phrases.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var risk, safe, hits, falsePos int
	var missed, alarms []string
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		row := sc.Text()
		if row == "" || strings.HasPrefix(row, "#") {
			continue
		}
		label, text, ok := strings.Cut(row, "\t")
		if !ok || text == "" {
			t.Fatalf("risk_phrases.tsv:%d: want label TAB text", line)
		}
		kw, matched := core.MatchKeywords(core.StarterKeywords, text)
		switch label {
		case "risk":
			risk++
			if matched {
				hits++
			} else {
				missed = append(missed, text)
			}
		case "safe":
			safe++
			if matched {
				falsePos++
				alarms = append(alarms, text+"  ← "+kw)
			}
		default:
			t.Fatalf("risk_phrases.tsv:%d: label %q is neither risk nor safe", line, label)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if risk+safe < 100 || risk < 50 || safe < 50 {
		t.Fatalf("the labelled set is too small: %d risk, %d safe", risk, safe)
	}
	recall := float64(hits) / float64(risk)
	fpr := float64(falsePos) / float64(safe)
	t.Logf("starter list: %d phrases; labelled set: %d risk, %d safe", len(core.StarterKeywords), risk, safe)
	t.Logf("recall %.3f (%d of %d risk phrasings alert); false-positive rate %.3f (%d of %d safe phrasings alert)", recall, hits, risk, fpr, falsePos, safe)
	for _, m := range missed {
		t.Logf("missed: %s", m)
	}
	for _, a := range alarms {
		t.Logf("false alarm: %s", a)
	}
	if recall < minRecall {
		t.Errorf("recall %.3f is below the floor %.2f", recall, minRecall)
	}
	if fpr > maxFalsePosRate {
		t.Errorf("false-positive rate %.3f is above the ceiling %.2f", fpr, maxFalsePosRate)
	}
}

// TestStarterKeywordsAreNormal: every starter phrase is a keyword a
// therapist could type (so remove and add work on it), in normal form, once.
func TestStarterKeywordsAreNormal(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range core.StarterKeywords {
		n, err := core.ParseKeyword(k)
		if err != nil || n != k {
			t.Errorf("starter phrase %q: normal form %q, %v", k, n, err)
		}
		if seen[k] {
			t.Errorf("starter phrase %q is listed twice", k)
		}
		seen[k] = true
		if !core.MatchKeyword(k, "I wrote: "+k+".") {
			t.Errorf("starter phrase %q does not match itself", k)
		}
	}
}

// TestStarterListInSafetyDoc: docs/SAFETY.md shows the whole starter list,
// between markers, exactly as the code has it (go test ./core -run
// TestStarterListInSafetyDoc -update rewrites the block).
func TestStarterListInSafetyDoc(t *testing.T) {
	const path = "../docs/SAFETY.md"
	const begin, end = "<!-- starter list: generated from core/safety_starter.go -->\n", "<!-- end of starter list -->\n"
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	for _, g := range core.StarterGroups {
		sb.WriteString("- **" + g.Name + "**: " + strings.Join(g.Phrases, ", ") + ".\n")
	}
	before, rest, ok1 := strings.Cut(string(doc), begin)
	_, after, ok2 := strings.Cut(rest, end)
	if !ok1 || !ok2 {
		t.Fatalf("%s lacks the markers %q and %q", path, begin, end)
	}
	want := before + begin + sb.String() + end + after
	if want == string(doc) {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("the starter list in %s differs from core.StarterGroups; run with -update", path)
}
