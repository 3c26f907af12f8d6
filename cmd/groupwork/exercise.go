package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"groupwork/config"
	"groupwork/core"
	"groupwork/exercises"
)

// loadLibrary returns the built-in exercises merged with those in dir (same
// ids replace built-ins). dir may be "".
func loadLibrary(dir string) (*exercises.Library, error) {
	lib := exercises.Builtin()
	if dir == "" {
		return lib, nil
	}
	defs, err := exercises.LoadDir(dir)
	if err != nil {
		return nil, err
	}
	lib.Merge(defs...)
	return lib, nil
}

func cmdExercise(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{"exercise needs list, show ID or validate FILE..."}
	}
	if args[0] == "validate" { // the same check as groupwork validate
		return cmdValidate(args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("exercise "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", "", "a folder of extra exercise files")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	lib, err := loadLibrary(*dir)
	if err != nil {
		return err
	}
	switch args[0] {
	case "list":
		for _, d := range lib.List() {
			fmt.Fprintf(stdout, "%-22s %-18s %-12s %s\n", d.ID, d.Kind, d.AnsweredBy, d.Title)
			if d.Levelled() {
				fmt.Fprintf(stdout, "%-22s %s\n", "", core.LevelsLine(d))
			}
		}
		return nil
	case "show":
		if fs.NArg() != 1 {
			return usageError{"exercise show needs one exercise id, e.g. groupwork exercise show mood-checkin"}
		}
		d, ok := lib.Get(fs.Arg(0))
		if !ok {
			return fmt.Errorf("there is no exercise %q; see groupwork exercise list", fs.Arg(0))
		}
		fmt.Fprintln(stdout, core.PreviewText(d))
		fmt.Fprintf(stdout, "\nSource (%s):\n%s", d.File, d.Source)
		return nil
	}
	return usageError{fmt.Sprintf("exercise has no %q; use list, show or validate", args[0])}
}

// cmdValidate checks a configuration file and exercise files or folders,
// printing every problem with file:line:column.
func cmdValidate(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", "", "a configuration file to check")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *cfgPath == "" && fs.NArg() == 0 {
		return usageError{"validate needs -config FILE and/or exercise files or folders"}
	}
	var problems exercises.Problems
	checked := 0
	collect := func(err error) {
		var ps exercises.Problems
		if errors.As(err, &ps) {
			problems = append(problems, ps...)
		} else if err != nil {
			problems = append(problems, exercises.Problem{Msg: err.Error()})
		}
	}
	if *cfgPath != "" {
		cfg, err := config.Load(*cfgPath)
		collect(err)
		checked++
		if err == nil && cfg.ExercisesDir != "" {
			dir := cfg.ExercisesDir
			if !filepath.IsAbs(dir) {
				dir = filepath.Join(filepath.Dir(*cfgPath), dir)
			}
			n, err := validatePath(dir)
			checked += n
			collect(err)
		}
	}
	for _, p := range fs.Args() {
		n, err := validatePath(p)
		checked += n
		collect(err)
	}
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].File < problems[j].File })
	for _, p := range problems {
		fmt.Fprintln(stdout, p.Error())
	}
	if len(problems) > 0 {
		fmt.Fprintf(stdout, "%d problem(s) in %d file(s) checked.\n", len(problems), checked)
		return problemsFound{len(problems)}
	}
	fmt.Fprintf(stdout, "%d file(s) checked: no problems.\n", checked)
	return nil
}

func validatePath(p string) (int, error) {
	st, err := os.Stat(p)
	if err != nil {
		return 1, exercises.Problems{{File: p, Msg: "cannot read it: " + errors.Unwrap(err).Error()}}
	}
	if !st.IsDir() {
		_, err := exercises.LoadFile(p)
		return 1, err
	}
	files, _ := filepath.Glob(filepath.Join(p, "*.y*ml"))
	defs, err := exercises.LoadDir(p)
	return len(files), withEarlierProblems(defs, err)
}

// withEarlierProblems adds the {earlier …} references of the directory's
// files that name no exercise or question, against the built-ins and the
// directory together (exercises/earlier.go).
func withEarlierProblems(defs []*exercises.Definition, err error) error {
	lib := exercises.Builtin()
	lib.Merge(defs...)
	var probs exercises.Problems
	if err != nil {
		var ps exercises.Problems
		if !errors.As(err, &ps) {
			return err
		}
		probs = ps
	}
	for _, pr := range lib.CheckEarlier() {
		if !strings.HasPrefix(pr.File, "builtin:") {
			probs = append(probs, pr)
		}
	}
	if len(probs) == 0 {
		return nil
	}
	return probs
}
