package exercises

import (
	goparser "go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImports keeps the package pure: the standard library and the YAML
// parser only, never a platform SDK, a database driver, the contract (bot)
// or the engine (core).
func TestImports(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := goparser.ParseFile(token.NewFileSet(), f, nil, goparser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range file.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			first, _, _ := strings.Cut(path, "/")
			if (strings.Contains(first, ".") || first == "groupwork") && path != "go.yaml.in/yaml/v3" {
				t.Errorf("%s imports %s; exercises may only use the standard library and go.yaml.in/yaml/v3", f, path)
			}
		}
	}
}
