package exercises

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// parser collects problems while walking one file's yaml.Node tree. Working
// on the node tree instead of unmarshalling into structs is what lets us
// report every problem, each with its line and column.
type parser struct {
	file  string
	probs Problems

	unsureKinds bool // some step's kind could not be told; skip whole-exercise step counts
}

func (p *parser) add(n *yaml.Node, format string, args ...any) {
	pr := Problem{File: p.file, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		pr.Line, pr.Column = n.Line, n.Column
	}
	p.probs = append(p.probs, pr)
}

// decode reads the single YAML document in src and returns its root node, or
// nil after recording why there is none.
func (p *parser) decode(src []byte) (root *yaml.Node) {
	defer func() {
		// The YAML library is not ours; a panic on strange input must not take
		// the bot down with it.
		if r := recover(); r != nil {
			root = nil
			p.probs = append(p.probs, Problem{File: p.file, Msg: "the file could not be read as YAML"})
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			p.probs = append(p.probs, Problem{File: p.file, Msg: msgEmpty})
		} else {
			p.syntax(err)
		}
		return nil
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		p.syntax(err)
		return nil
	default:
		p.add(&next, "the file holds more than one YAML document (a line with ---); put each exercise in its own file")
	}
	if len(doc.Content) == 0 || (doc.Content[0].Kind == yaml.ScalarNode && doc.Content[0].Tag == "!!null") {
		p.probs = append(p.probs, Problem{File: p.file, Msg: msgEmpty})
		return nil
	}
	root = doc.Content[0]
	if p.aliases(root) {
		return nil
	}
	if root.Kind != yaml.MappingNode {
		p.add(root, "an exercise file must be a set of fields (id: ..., title: ..., steps: ...), not %s", describe(root))
		return nil
	}
	return root
}

const msgEmpty = "the file is empty; an exercise needs at least id, title, kind, goal and steps"

// aliases reports every YAML alias (*name). They are refused so that each
// exercise reads top to bottom, and so that no file can expand into a huge
// tree ("billion laughs").
func (p *parser) aliases(n *yaml.Node) bool {
	found := false
	if n.Kind == yaml.AliasNode {
		p.add(n, "aliases (*%s) are not supported; write the value out in full", n.Value)
		return true
	}
	for _, c := range n.Content {
		if p.aliases(c) {
			found = true
		}
	}
	return found
}

var (
	yamlLineRe = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	bigIntRe   = regexp.MustCompile(`^[-+]?[0-9_]+$`)
)

// parserProblems are the messages of the YAML library's parser (not its
// scanner). For these it reports the 0-based line where the enclosing block
// starts, so we add one and say so.
var parserProblems = []string{
	"did not find expected <stream-start>",
	"did not find expected <document start>",
	"found undefined tag handle",
	"did not find expected node content",
	"did not find expected '-' indicator",
	"did not find expected key",
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found duplicate %TAG directive",
}

var syntaxHints = map[string]string{
	"mapping values are not allowed in this context":  `text that contains ": " must be put in quotes, or a line is indented wrongly`,
	"found a tab character that violates indentation": "indent with spaces, not tabs",
	"found character that cannot start any token":     "a tab is used to indent, or a value starts with a character that needs quotes, such as @ or `",
	"did not find expected key":                       "check the indentation of the lines in the block that starts here",
	"did not find expected ',' or ']'":                "a list in [ ] is not closed, or an item containing a comma needs quotes",
	"did not find expected ',' or '}'":                "a group in { } is not closed",
	"did not find expected '-' indicator":             "check the indentation of the list that starts here",
	"found unexpected end of stream":                  "a quote is opened here but never closed",
	"could not find expected ':'":                     "a field name is missing its ':', or a quote is not closed",
}

// syntax turns the YAML library's error into a positioned problem.
func (p *parser) syntax(err error) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1 // the library leaves the line out when it is the first one
	if m := yamlLineRe.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		line, msg = n, m[2]
		if slices.Contains(parserProblems, msg) {
			line++
		}
	}
	text := "this is not valid YAML: " + msg
	if h, ok := syntaxHints[msg]; ok {
		text += " (" + h + ")"
	}
	p.probs = append(p.probs, Problem{File: p.file, Line: line, Msg: text})
}

// describe names what a node is, for "must be X, not Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a group of fields"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.ScalarNode:
		v := n.Value
		if utf8.RuneCountInString(v) > 30 {
			v = string([]rune(v)[:30]) + "..."
		}
		switch n.Tag {
		case "!!null":
			return "empty"
		case "!!int", "!!float":
			return "the number " + v
		case "!!bool":
			return v
		}
		return strconv.Quote(v)
	}
	return "something else"
}

// fields is one YAML mapping whose keys have been checked.
type fields struct {
	node      *yaml.Node
	key, val  map[string]*yaml.Node
	order     []string        // known keys in file order
	suggested map[string]bool // known keys that an unknown key was probably meant to be
}

// fields checks the keys of mapping n: duplicates and unknown names are
// problems. prefix starts every message; in names the mapping ("scale") or is
// empty for the top level and steps.
func (p *parser) fields(n *yaml.Node, prefix, in string, allowed []string) fields {
	f := fields{node: n, key: map[string]*yaml.Node{}, val: map[string]*yaml.Node{}, suggested: map[string]bool{}}
	where := ""
	if in != "" {
		where = " in " + in
	}
	present := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		present[n.Content[i].Value] = true
	}
	// Only suggest names that are not already there.
	var missing []string
	for _, a := range allowed {
		if !present[a] {
			missing = append(missing, a)
		}
	}
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			p.add(k, "%sa field name must be a plain word, not %s", prefix, describe(k))
			continue
		}
		name := k.Value
		if prev, ok := seen[name]; ok {
			p.add(k, "%s%s is set twice%s (first on line %d); keep one", prefix, quoteIfOdd(name), where, prev.Line)
			continue
		}
		seen[name] = k
		if !slices.Contains(allowed, name) {
			s := suggest(name, missing)
			hint := ""
			if s != "" {
				f.suggested[s] = true
				hint = fmt.Sprintf(" (did you mean %s?)", s)
			} else {
				hint = "; allowed fields are " + strings.Join(allowed, ", ")
			}
			p.add(k, "%sunknown field %q%s%s", prefix, name, where, hint)
			continue
		}
		f.key[name], f.val[name] = k, v
		f.order = append(f.order, name)
	}
	return f
}

func quoteIfOdd(s string) string {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r == '_') {
			return strconv.Quote(s)
		}
	}
	return s
}

// require returns the value of a required field, reporting it when missing
// (unless a misspelt field was probably meant to be it; that was reported).
func (p *parser) require(f fields, prefix, name string) *yaml.Node {
	v := f.val[name]
	if v == nil && !f.suggested[name] {
		p.add(f.node, "%s%s is missing", prefix, name)
	}
	return v
}

// text reads a text value: non-empty after trimming and at most max characters.
func (p *parser) text(v *yaml.Node, prefix, name string, max int) (string, bool) {
	if v.Kind != yaml.ScalarNode {
		p.add(v, "%s%s must be text, not %s", prefix, name, describe(v))
		return "", false
	}
	s := strings.TrimSpace(v.Value)
	if v.Tag == "!!null" || s == "" {
		p.add(v, "%s%s is empty", prefix, name)
		return "", false
	}
	if n := utf8.RuneCountInString(s); n > max {
		p.add(v, "%s%s is too long (%d characters; the limit is %d)", prefix, name, n, max)
		return "", false
	}
	return s, true
}

// integer reads a whole number.
func (p *parser) integer(v *yaml.Node, prefix, name string) (int, bool) {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!float" && bigIntRe.MatchString(v.Value) {
		p.add(v, "%s%s is too big a number", prefix, name)
		return 0, false
	}
	if v.Kind != yaml.ScalarNode || v.Tag != "!!int" {
		p.add(v, "%s%s must be a whole number, not %s", prefix, name, describe(v))
		return 0, false
	}
	var i int
	if err := v.Decode(&i); err != nil || i < -1_000_000 || i > 1_000_000 {
		p.add(v, "%s%s is too big a number", prefix, name)
		return 0, false
	}
	return i, true
}

// boolean reads true or false.
func (p *parser) boolean(v *yaml.Node, prefix, name string) (bool, bool) {
	var b bool
	if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" || v.Decode(&b) != nil {
		p.add(v, "%s%s must be true or false, not %s", prefix, name, describe(v))
		return false, false
	}
	return b, true
}

// enum reads a text value that must be one of allowed.
func (p *parser) enum(v *yaml.Node, prefix, name string, allowed []string) (string, bool) {
	s, ok := p.text(v, prefix, name, 100)
	if !ok {
		return "", false
	}
	if !slices.Contains(allowed, s) {
		hint := ""
		if sug := suggest(s, allowed); sug != "" {
			hint = fmt.Sprintf(" (did you mean %s?)", sug)
		}
		p.add(v, "%s%s %q is not allowed; use one of: %s%s", prefix, name, s, strings.Join(allowed, ", "), hint)
		return "", false
	}
	return s, true
}

// list reads a list of texts; item names each item in messages ("choice").
// The nodes are returned beside the values so later checks can point at them.
func (p *parser) list(v *yaml.Node, prefix, name, item string, max int) ([]string, []*yaml.Node, bool) {
	if v.Kind != yaml.SequenceNode {
		p.add(v, "%s%s must be a list like [a, b, c], not %s", prefix, name, describe(v))
		return nil, nil, false
	}
	ok := true
	var out []string
	var nodes []*yaml.Node
	for i, c := range v.Content {
		s, good := p.text(c, prefix, fmt.Sprintf("%s %d", item, i+1), max)
		if !good {
			ok = false
			continue
		}
		out = append(out, s)
		nodes = append(nodes, c)
	}
	return out, nodes, ok
}

// aliasesOf maps a misremembered field name to the real one.
var aliasesOf = map[string]string{
	"question": "ask", "prompt": "ask", "options": "choose", "choices": "choose",
	"answers": "choose", "name": "title", "description": "goal", "type": "kind",
	"multi": "choose_many", "reminder": "remind", "max_length": "max",
}

// suggest returns the allowed name closest to s, or "" when none is close.
func suggest(s string, allowed []string) string {
	ls := strings.ToLower(s)
	if a, ok := aliasesOf[ls]; ok && slices.Contains(allowed, a) {
		return a
	}
	best, bestD := "", 0
	for _, a := range allowed {
		d := distance(ls, strings.ToLower(a))
		if best == "" || d < bestD {
			best, bestD = a, d
		}
	}
	limit := 2
	switch n := utf8.RuneCountInString(s); {
	case n < 3:
		limit = 0
	case n <= 4:
		limit = 1
	}
	if best == "" || bestD > limit {
		return ""
	}
	return best
}

// distance is the optimal string alignment distance (Levenshtein plus swaps of
// neighbouring letters) between a and b, counting '-' and
// '_' as the same letter.
func distance(a, b string) int {
	ra, rb := []rune(strings.ReplaceAll(a, "-", "_")), []rune(strings.ReplaceAll(b, "-", "_"))
	if len(ra) > 64 || len(rb) > 64 {
		return 1 << 20
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1) // a swap of two letters
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
