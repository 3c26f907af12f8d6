package exercises

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Levels, as in cognitive-rehabilitation software: an exercise may declare
// levels from easiest to hardest, each changing some of its steps (the item
// set, the list length, the distractors) and optionally setting a time
// limit. Every member has a current level per family of exercises, and
// moves up or down by the progression rule. A level may also carry
// alternate forms (matched lists), so that practice effects on one list do
// not look like progress (docs/COGNITIVE.md).
//
// Steps keep their ids, kinds and answer types at every level: only their
// content changes. So the engine walks every level the same way, and an
// answer is always read against the level and form the member was given.

// Limits of levels.
const (
	maxLevels       = 10
	maxForms        = 12
	maxLevelName    = 40
	minTimeLimit    = 10 * time.Second
	maxTimeLimit    = time.Hour
	defaultOver     = 3
	defaultUp       = 80
	defaultDown     = 50
	maxOver         = 10
	levelFieldsHelp = "name, time_limit, steps, forms"
)

var (
	levelFields       = []string{"name", "time_limit", "steps", "forms"}
	progressionFields = []string{"over", "up", "down"}
)

// Level is one level of a levelled exercise.
type Level struct {
	Name      string        // for the therapist, e.g. "Eight words"
	TimeLimit time.Duration // 0: none; else how long the task may take once started
	// Forms holds the whole step list at this level, one per alternate
	// form; a level without forms has exactly one.
	Forms [][]Step
	Line  int
}

// Progression is the rule that moves a member between levels: over the last
// Over attempts at their level, an average accuracy above Up percent moves
// them up, below Down percent moves them down.
type Progression struct {
	Over, Up, Down int
}

// Levelled reports whether the exercise declares levels.
func (d *Definition) Levelled() bool { return len(d.Levels) > 0 }

// FamilyID is the family whose level a member plays this exercise at: the
// family the file names, else the exercise's own id.
func (d *Definition) FamilyID() string {
	if d.Family != "" {
		return d.Family
	}
	return d.ID
}

// Forms returns how many alternate forms level (1-based) has; 0 when the
// exercise has no such level.
func (d *Definition) Forms(level int) int {
	if level < 1 || level > len(d.Levels) {
		return 0
	}
	return len(d.Levels[level-1].Forms)
}

// AtLevel returns the exercise as played at level (1-based, clamped to the
// levels there are) in alternate form form (0-based, taken modulo the
// number of forms). An exercise without levels is returned as it is.
func (d *Definition) AtLevel(level, form int) *Definition {
	if !d.Levelled() {
		return d
	}
	level = min(max(level, 1), len(d.Levels))
	lv := &d.Levels[level-1]
	c := *d
	c.Steps = lv.Forms[((form%len(lv.Forms))+len(lv.Forms))%len(lv.Forms)]
	c.Level = level
	return &c
}

// levels reads the levels and progression fields.
func (p *parser) levels(d *Definition, f fields, stepsNode *yaml.Node) {
	if v := f.val["family"]; v != nil {
		if s, ok := p.text(v, "", "family", 100); ok {
			if idRe.MatchString(s) {
				d.Family = s
			} else {
				p.add(v, "family %q may only use lowercase letters a-z, digits and -, and be at most 40 characters", s)
			}
		}
	}
	pv, lv := f.val["progression"], f.val["levels"]
	if pv != nil && lv == nil {
		p.add(f.key["progression"], "progression needs levels; add a levels list or remove progression")
	}
	if lv == nil {
		return
	}
	d.Progression = p.progression(pv)
	if lv.Kind != yaml.SequenceNode {
		p.add(lv, "levels must be a list of levels (each starting with \"- name: ...\"), not %s", describe(lv))
		return
	}
	if len(lv.Content) < 2 || len(lv.Content) > maxLevels {
		p.add(lv, "levels lists %d %s; write from 2 to %d levels, easiest first", len(lv.Content), plural(len(lv.Content), "level", "levels"), maxLevels)
		return
	}
	if d.AnsweredBy == AnsweredByGroup {
		p.add(f.key["levels"], "levels are per member, so a group exercise (answered_by: group) cannot have them")
		return
	}
	if d.ResultsToGroup == ResultsAggregate {
		p.add(f.val["results_to_group"], "results_to_group cannot be aggregate in an exercise with levels: members answer different items, so totals would mix them; use none or shared-answers")
	}
	if stepsNode == nil || stepsNode.Kind != yaml.SequenceNode || p.unsureKinds {
		return // the steps' own problems are reported; levels change steps, so stop here
	}
	base := map[string]*yaml.Node{}
	for _, n := range stepsNode.Content {
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == "id" {
					base[n.Content[i+1].Value] = n
				}
			}
		}
	}
	for i, n := range lv.Content {
		d.Levels = append(d.Levels, p.level(d, n, i+1, stepsNode, base))
	}
}

func (p *parser) progression(v *yaml.Node) Progression {
	pr := Progression{Over: defaultOver, Up: defaultUp, Down: defaultDown}
	if v == nil {
		return pr
	}
	if v.Kind != yaml.MappingNode {
		p.add(v, "progression must be a group of fields like {over: 3, up: 80%%, down: 50%%}, not %s", describe(v))
		return pr
	}
	f := p.fields(v, "", "progression", progressionFields)
	if n := f.val["over"]; n != nil {
		if o, ok := p.integer(n, "", "progression over"); ok {
			if o < 1 || o > maxOver {
				p.add(n, "progression over (%d) must be from 1 to %d attempts", o, maxOver)
			} else {
				pr.Over = o
			}
		}
	}
	upOK, downOK := true, true
	if n := f.val["up"]; n != nil {
		pr.Up, upOK = p.percent(n, "progression up", 1, 100)
	}
	if n := f.val["down"]; n != nil {
		pr.Down, downOK = p.percent(n, "progression down", 0, 99)
	}
	if upOK && downOK && pr.Down >= pr.Up {
		p.add(v, "progression down (%d%%) must be below up (%d%%), or members would move both ways at once", pr.Down, pr.Up)
	}
	return pr
}

// percent reads 80 or "80%".
func (p *parser) percent(v *yaml.Node, name string, lo, hi int) (int, bool) {
	s := strings.TrimSpace(v.Value)
	n, err := strconv.Atoi(strings.TrimSuffix(s, "%"))
	if v.Kind != yaml.ScalarNode || err != nil {
		p.add(v, "%s must be a percentage like 80%%, not %s", name, describe(v))
		return 0, false
	}
	if n < lo || n > hi {
		p.add(v, "%s (%d%%) must be from %d%% to %d%%", name, n, lo, hi)
		return 0, false
	}
	return n, true
}

// level reads one level: its name, time limit, and the step changes of the
// level and of each alternate form, each checked as a whole step.
func (p *parser) level(d *Definition, n *yaml.Node, num int, stepsNode *yaml.Node, base map[string]*yaml.Node) Level {
	lv := Level{Line: n.Line}
	prefix := fmt.Sprintf("level %d: ", num)
	if n.Kind != yaml.MappingNode {
		p.add(n, "level %d must be a group of fields (%s), not %s", num, levelFieldsHelp, describe(n))
		return lv
	}
	f := p.fields(n, prefix, "", levelFields)
	if v := p.require(f, prefix, "name"); v != nil {
		lv.Name, _ = p.text(v, prefix, "name", maxLevelName)
	}
	if v := f.val["time_limit"]; v != nil {
		if s, ok := p.text(v, prefix, "time_limit", 20); ok {
			t, err := parseDuration(s)
			switch {
			case err != nil:
				p.add(v, "%stime_limit %q is not a length of time; write it like 45s, 2m or 1m30s", prefix, s)
			case t < minTimeLimit || t > maxTimeLimit:
				p.add(v, "%stime_limit %s must be from 10s to 1h", prefix, s)
			case d.HasLater():
				p.add(v, "%stime_limit cannot be used in an exercise with a later step: the wait would count as time taken", prefix)
			default:
				lv.TimeLimit = t
			}
		}
	}
	var levelChanges *yaml.Node
	if v := f.val["steps"]; v != nil {
		levelChanges = v
		if !p.changesOK(v, prefix, base) {
			return lv
		}
	}
	fv := f.val["forms"]
	if fv == nil {
		lv.Forms = [][]Step{p.variant(stepsNode, prefix, levelChanges, nil)}
		return lv
	}
	if fv.Kind != yaml.SequenceNode || len(fv.Content) < 2 || len(fv.Content) > maxForms {
		p.add(fv, "%sforms must be a list of 2 to %d alternate forms, each a group of step changes like steps", prefix, maxForms)
		return lv
	}
	var good []int // forms without problems, checked for matching sizes
	for i, form := range fv.Content {
		fp := fmt.Sprintf("level %d form %d: ", num, i+1)
		before := len(p.probs)
		var steps []Step // nil for a form in error: the file is refused then
		if p.changesOK(form, fp, base) {
			steps = p.variant(stepsNode, fp, levelChanges, form)
		}
		lv.Forms = append(lv.Forms, steps)
		if len(p.probs) == before {
			good = append(good, i)
		}
	}
	p.matched(lv.Forms, good, fv, prefix)
	return lv
}

// changesOK checks the shape of a set of step changes: a mapping from ids
// of existing steps to groups of step fields, without an id of their own.
func (p *parser) changesOK(v *yaml.Node, prefix string, base map[string]*yaml.Node) bool {
	if v.Kind != yaml.MappingNode { // {} is fine: a form that is the level as it is
		p.add(v, "%sstep changes must be a group like {recall: {recall: [a, b]}}: a step id, then the fields that change, not %s", prefix, describe(v))
		return false
	}
	ok := true
	seen := map[string]bool{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		switch {
		case base[k.Value] == nil:
			p.add(k, "%sthere is no step %q to change; levels change the steps listed under steps, by id", prefix, k.Value)
			ok = false
		case seen[k.Value]:
			p.add(k, "%sstep %q is changed twice; keep one", prefix, k.Value)
			ok = false
		case val.Kind != yaml.MappingNode:
			p.add(val, "%sthe changes to step %q must be a group of fields like {say: ...}, not %s", prefix, k.Value, describe(val))
			ok = false
		case sharedStep(base[k.Value]):
			p.add(k, "%sstep %q can be shown to the group, so it must read the same at every level; change another step", prefix, k.Value)
			ok = false
		default:
			for j := 0; j+1 < len(val.Content); j += 2 {
				if val.Content[j].Value == "id" {
					p.add(val.Content[j], "%sa step's id cannot change at a level", prefix)
					ok = false
				}
			}
		}
		seen[k.Value] = true
	}
	return ok
}

// variant builds and checks the whole step list with the level's changes
// and then the form's applied. Problems are reported with the level (and
// form) named first.
func (p *parser) variant(stepsNode *yaml.Node, prefix string, changes ...*yaml.Node) []Step {
	before := len(p.probs)
	seen := map[string]*yaml.Node{}
	var out []Step
	for i, n := range stepsNode.Content {
		if n.Kind != yaml.MappingNode {
			continue
		}
		merged := n
		for _, ch := range changes {
			merged = mergeStep(merged, stepID(n), ch)
		}
		// A change keeps the step's own kind and answer fields, so a change
		// of what the step does shows as a step with two kinds or two
		// answer types, and is reported by step as such.
		out = append(out, p.step(merged, i+1, seen))
	}
	for i := before; i < len(p.probs); i++ {
		p.probs[i].Msg = prefix + p.probs[i].Msg
	}
	return out
}

func stepID(n *yaml.Node) string {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "id" {
			return n.Content[i+1].Value
		}
	}
	return ""
}

// mergeStep returns step node n with the fields changed for it in changes
// (a mapping from step id to fields) replaced or added; n itself when
// nothing changes. The changed values keep their own lines, so a problem in
// them points at the level that wrote them.
func mergeStep(n *yaml.Node, id string, changes *yaml.Node) *yaml.Node {
	if changes == nil {
		return n
	}
	var ch *yaml.Node
	for i := 0; i+1 < len(changes.Content); i += 2 {
		if changes.Content[i].Value == id {
			ch = changes.Content[i+1]
		}
	}
	if ch == nil {
		return n
	}
	m := *n
	m.Content = slices.Clone(n.Content)
	for j := 0; j+1 < len(ch.Content); j += 2 {
		k, v := ch.Content[j], ch.Content[j+1]
		replaced := false
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == k.Value {
				m.Content[i+1] = v
				replaced = true
			}
		}
		if !replaced {
			m.Content = append(m.Content, k, v)
		}
	}
	return &m
}

// matched checks that the alternate forms of a level are matched in size:
// each recall list, and each set of choices, has the same length in every
// form, so that a score on one form means what it means on another. Only
// the forms in good (indexes into forms and fv.Content) are compared.
func (p *parser) matched(forms [][]Step, good []int, fv *yaml.Node, prefix string) {
	if len(good) < 2 {
		return
	}
	ref := forms[good[0]]
	for _, fi := range good[1:] {
		for si := range min(len(ref), len(forms[fi])) {
			a, b := &ref[si], &forms[fi][si]
			if len(a.Recall) != len(b.Recall) {
				p.add(fv.Content[fi], "%sform %d's step %q has %d words to recall, form %d's has %d; alternate forms must be the same length",
					prefix, fi+1, b.ID, len(b.Recall), good[0]+1, len(a.Recall))
			}
			if len(a.Choices) != len(b.Choices) || len(a.Correct) != len(b.Correct) || len(a.Order) != len(b.Order) {
				p.add(fv.Content[fi], "%sform %d's step %q has %d choices (%d right), form %d's has %d (%d right); alternate forms must match",
					prefix, fi+1, b.ID, len(b.Choices), len(b.Correct), good[0]+1, len(a.Choices), len(a.Correct))
			}
		}
	}
}

// sharedStep reports whether a step's node lets the group see its answers
// (visible_to other than therapist): the group sees them under the
// question as written in steps, so a level may not change it.
func sharedStep(n *yaml.Node) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "visible_to" && n.Content[i+1].Value != string(VisibleTherapist) {
			return true
		}
	}
	return false
}
