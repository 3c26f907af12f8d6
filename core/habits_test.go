package core_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// engineFiles parses the non-test Go files of the core package.
func engineFiles(t *testing.T) (*token.FileSet, map[string]*ast.File) {
	t.Helper()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	files := map[string]*ast.File{}
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, n, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files[n] = f
	}
	if len(files) < 20 {
		t.Fatalf("found only %d engine files", len(files))
	}
	return fset, files
}

// TestEngineUsesCallersContext: the engine does I/O under the context of
// the event or the scheduler that asked for it, so that a deadline or a
// stop reaches every query. A fresh context.Background() or TODO() would
// escape both.
func TestEngineUsesCallersContext(t *testing.T) {
	fset, files := engineFiles(t)
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if x, ok := sel.X.(*ast.Ident); ok && x.Name == "context" && (sel.Sel.Name == "Background" || sel.Sel.Name == "TODO") {
				t.Errorf("%s: context.%s() in the engine: pass the caller's ctx", fset.Position(sel.Pos()), sel.Sel.Name)
			}
			return true
		})
	}
}

// TestDefinitionFieldsUseNamedValues: a value of an exercise definition's
// enumerated fields is compared with the exercises package's constant,
// never with a string literal that a typo would silently break.
func TestDefinitionFieldsUseNamedValues(t *testing.T) {
	fields := map[string]bool{"AnsweredBy": true, "LateAnswers": true, "ResultsToGroup": true, "VisibleTo": true, "Answer": true}
	fset, files := engineFiles(t)
	isField := func(e ast.Expr) (string, bool) {
		sel, ok := e.(*ast.SelectorExpr)
		if !ok {
			return "", false
		}
		return sel.Sel.Name, fields[sel.Sel.Name] || sel.Sel.Name == "Kind"
	}
	literal := func(e ast.Expr) (string, bool) {
		lit, ok := e.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return "", false
		}
		s, _ := strconv.Unquote(lit.Value)
		return s, s != "" // "" means unset, and has no constant
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if sw, ok := n.(*ast.SwitchStmt); ok && sw.Tag != nil {
				name, ok := isField(sw.Tag)
				for _, st := range sw.Body.List {
					for _, v := range st.(*ast.CaseClause).List {
						if s, lit := literal(v); ok && lit {
							t.Errorf("%s: case %q on .%s: use the exercises package's constant", fset.Position(v.Pos()), s, name)
						}
					}
				}
			}
			be, ok := n.(*ast.BinaryExpr)
			if !ok || (be.Op != token.EQL && be.Op != token.NEQ) {
				return true
			}
			for _, pair := range [][2]ast.Expr{{be.X, be.Y}, {be.Y, be.X}} {
				name, ok := isField(pair[0])
				if s, lit := literal(pair[1]); ok && lit {
					t.Errorf("%s: .%s compared with %q: use the exercises package's constant", fset.Position(be.Pos()), name, s)
				}
			}
			return true
		})
	}
}
