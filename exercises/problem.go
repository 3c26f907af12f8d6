package exercises

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one positioned problem in an exercise file. Line and Column are
// 1-based; either may be 0 when the position is not known (a YAML syntax error
// only tells the line, an unreadable file tells nothing).
type Problem struct {
	File         string
	Line, Column int
	Msg          string
}

// Error formats the problem as "file:line:col: msg", leaving out the parts of
// the position that are unknown so editors can still jump to it.
func (p Problem) Error() string {
	switch {
	case p.Line <= 0:
		return fmt.Sprintf("%s: %s", p.File, p.Msg)
	case p.Column <= 0:
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	default:
		return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Column, p.Msg)
	}
}

// Problems is every problem found in one or more files. A non-empty Problems
// is the error returned by Parse, LoadFile and LoadDir when files are invalid.
type Problems []Problem

// Error lists the problems one per line.
func (ps Problems) Error() string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.Error())
	}
	return b.String()
}

// sort orders problems by file, line and column, keeping the order in which
// they were found for problems at the same place.
func (ps Problems) sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}
