package core_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"groupwork/bot"
	"groupwork/core"
	"groupwork/core/coretest"
)

// tableFile is the one file that declares what the bot answers.
const tableFile = "commands.go"

// TestNothingIsRegisteredOutsideTheTable reads the engine's source: only
// commands.go may register a command, an action kind or the presence
// handler, or spell out a command spec, and no register* function may
// grow a second chain of registrations.
func TestNothingIsRegisteredOutsideTheTable(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || name == tableFile {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				if strings.HasPrefix(n.Name.Name, "register") {
					t.Errorf("%s: func %s registers outside %s", fset.Position(n.Pos()), n.Name.Name, tableFile)
				}
			case *ast.CallExpr:
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && slices.Contains([]string{"Command", "Action", "OnPresence"}, sel.Sel.Name) {
					t.Errorf("%s: .%s(…) registers outside %s", fset.Position(n.Pos()), sel.Sel.Name, tableFile)
				}
			case *ast.SelectorExpr:
				if id, ok := n.X.(*ast.Ident); ok && id.Name == "bot" && n.Sel.Name == "CommandSpec" {
					t.Errorf("%s: a bot.CommandSpec outside %s", fset.Position(n.Pos()), tableFile)
				}
			}
			return true
		})
	}
	if checked < 20 {
		t.Fatalf("only %d source files checked; is the test running in the core directory?", checked)
	}
}

// TestTheRouterServesExactlyTheTable: every command and action kind the
// router knows comes from the tables, and every entry of the tables reaches
// the router unchanged.
func TestTheRouterServesExactlyTheTable(t *testing.T) {
	h := coretest.NewBot(t)
	r := h.Bot.Router()
	table := core.CommandTable(h.Bot)
	served := r.Specs()
	if len(served) != len(table) {
		t.Fatalf("the router serves %d commands, the table declares %d", len(served), len(table))
	}
	for _, want := range table {
		got, ok := r.Spec(want.Name, want.Sub)
		if !ok {
			t.Errorf("/%s is in the table but not served", want.Path())
			continue
		}
		if got.Description != want.Description || got.Access != want.Access || got.Timeout != want.Timeout ||
			got.Storeless != want.Storeless || got.DirectMessage != want.DirectMessage || !reflect.DeepEqual(got.Options, want.Options) ||
			got.Handle == nil {
			t.Errorf("/%s is served differently from the table:\n got %+v\nwant %+v", want.Path(), *got, want)
		}
	}
	kinds := core.ActionKinds(h.Bot)
	slices.Sort(kinds)
	if got := r.Kinds(); !slices.Equal(got, kinds) {
		t.Errorf("the router answers the action kinds %v, the table declares %v", got, kinds)
	}
}

// TestHelpListsEveryCommandEachRoleMayUse: /help is made from the table,
// and shows each person exactly the commands their role may use.
func TestHelpListsEveryCommandEachRoleMayUse(t *testing.T) {
	h := coretest.NewBot(t)
	h.Do("Tess", `/group create "Tuesday group"`)
	h.Do("Tess", "/group add @Cal co-therapist")
	h.Do("Tess", "/group add @Olu observer")
	h.Do("Tess", "/group add @Ana")
	people := []struct {
		name string
		role bot.Role // "" for someone outside the group
	}{{"Tess", bot.RoleLead}, {"Cal", bot.RoleCoTherapist}, {"Olu", bot.RoleObserver}, {"Ana", bot.RoleMember}, {"Zed", ""}}
	table := core.CommandTable(h.Bot)
	for _, p := range people {
		t.Run(p.name, func(t *testing.T) {
			var m *bot.Membership
			if p.role != "" {
				m = &bot.Membership{UserID: p.name, Role: p.role}
			}
			help := coretest.Text(h.Do(p.name, "/help"))
			shown := 0
			for _, s := range table {
				line := "\n- /" + s.Path() + " "
				may := s.Access == bot.AccessAnyone || s.Access.Allows(m)
				if got := strings.Contains(help, line); got != may {
					t.Errorf("/help for %s (%q): lists /%s = %v, want %v", p.name, p.role, s.Path(), got, may)
				}
				if may {
					shown++
				}
			}
			if lines := strings.Count(help, "\n- /"); lines != shown {
				t.Errorf("/help for %s lists %d commands, the table allows %d:\n%s", p.name, lines, shown, help)
			}
		})
	}
}
