package exercises

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// LoadFile reads and parses one exercise file. When the file is invalid or
// cannot be read the error is Problems.
func LoadFile(path string) (*Definition, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, Problems{{File: path, Msg: "cannot read the file: " + unwrapPath(err)}}
	}
	d, err := Parse(path, src)
	if err != nil {
		return nil, err
	}
	// A practice's file may not change a validated built-in (instrument.go).
	if b, berr := builtins(); berr == nil {
		if probs := CheckValidated(d, b); len(probs) > 0 {
			return nil, probs
		}
	}
	return d, nil
}

// LoadDir loads every *.yaml and *.yml file directly in dir (not in
// subdirectories), in name order. The problems of all files are collected
// into one Problems error, together with ids used by more than one file. The
// valid definitions are returned even when the error is not nil, so a caller
// may choose to run with them; a definition whose id was already taken by an
// earlier file is left out. Only a directory that cannot be read gives a
// plain error and no definitions.
func LoadDir(dir string) ([]*Definition, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read exercise directory: %w", err)
	}
	var names []string
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if !e.IsDir() && (ext == ".yaml" || ext == ".yml") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	var (
		defs  []*Definition
		probs Problems
		byID  = map[string]*Definition{}
	)
	for _, name := range names {
		d, err := LoadFile(filepath.Join(dir, name))
		if err != nil {
			probs = append(probs, asProblems(err)...)
			continue
		}
		if prev, dup := byID[d.ID]; dup {
			probs = append(probs, Problem{File: d.File, Line: d.idLine, Column: d.idCol,
				Msg: fmt.Sprintf("id %q is already used by %s; each exercise needs its own id", d.ID, prev.File)})
			continue
		}
		byID[d.ID] = d
		defs = append(defs, d)
	}
	if len(probs) > 0 {
		return defs, probs
	}
	return defs, nil
}

func asProblems(err error) Problems {
	if ps, ok := err.(Problems); ok {
		return ps
	}
	return Problems{{Msg: err.Error()}}
}

// unwrapPath drops the path from an *os.PathError, which the Problem already names.
func unwrapPath(err error) string {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}
