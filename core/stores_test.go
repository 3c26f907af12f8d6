package core

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestNarrowConsumersKeepTheirStore: the scheduler, the review and report
// builders, retention and erasure, and the authorize middleware reach the store only through their narrow view
// (stores.go), never through the Bot's whole Store, so that what each one
// depends on stays written in one place.
func TestNarrowConsumersKeepTheirStore(t *testing.T) {
	narrow := map[string]string{ // function → the view it must use
		"BuildGroupReview": "reports", "collectScales": "reports", "BuildReport": "reports",
		"reviewAlerts": "reports", "attendanceFor": "reports",
		"Purge": "erasure", "retryTruncation": "erasure", "actForget": "erasure",
		"resultsNaming": "erasure", "unpostResults": "erasure", "expireResultPosts": "erasure",
		"authorize": "access",
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || fn.Body == nil {
				continue
			}
			recv := types(fn.Recv.List[0].Type)
			view, isNarrow := narrow[fn.Name.Name]
			if recv == "Scheduler" {
				view, isNarrow = "store", true
			} else if recv != "Bot" || !isNarrow {
				continue
			}
			checked++
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok || sel.Sel.Name != "store" {
					return true
				}
				// s.store is the Scheduler's own view; b.store and s.b.store are the whole Store.
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == "s" && recv == "Scheduler" {
					return true
				}
				t.Errorf("%s: %s.%s uses the whole Store; use its %s view", fset.Position(sel.Pos()), recv, fn.Name.Name, view)
				return true
			})
		}
	}
	if checked < len(narrow) {
		t.Errorf("checked %d functions, want at least %d: a consumer was renamed?", checked, len(narrow))
	}
}

func types(e ast.Expr) string {
	if s, ok := e.(*ast.StarExpr); ok {
		e = s.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}
