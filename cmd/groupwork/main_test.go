package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"testing"
)

// TestExitCode: errors are told apart by type and identity, not by their
// text, so a wrapped one keeps its exit code.
func TestExitCode(t *testing.T) {
	cases := []struct {
		name   string
		err    error
		code   int
		stderr string
	}{
		{"nil", nil, 0, ""},
		{"help", flag.ErrHelp, 0, ""},
		{"wrapped help", fmt.Errorf("purge: %w", flag.ErrHelp), 0, ""},
		{"usage", usageError{"demo needs nothing"}, 2, "groupwork: demo needs nothing\n"},
		{"wrapped usage", fmt.Errorf("schedule: %w", usageError{"schedule needs preview"}), 2, "groupwork: schedule needs preview\n"},
		{"problems", problemsFound{3}, 1, ""},
		{"other", errors.New("open database: locked"), 1, "groupwork: open database: locked\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			if code := exitCode(tc.err, &stderr); code != tc.code || stderr.String() != tc.stderr {
				t.Errorf("exit %d, stderr %q; want %d, %q", code, stderr.String(), tc.code, tc.stderr)
			}
		})
	}
}

// TestHelpFlag: -h prints the subcommand's flags and exits 0.
func TestHelpFlag(t *testing.T) {
	for _, sub := range []string{"purge", "report", "backup", "validate"} {
		t.Run(sub, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(t.Context(), []string{sub, "-h"}, nil, &stdout, &stderr); code != 0 {
				t.Errorf("exit %d; stderr: %s", code, stderr.String())
			}
			if !bytes.Contains(stderr.Bytes(), []byte("-config")) && !bytes.Contains(stderr.Bytes(), []byte("-db")) {
				t.Errorf("no usage printed: %q", stderr.String())
			}
		})
	}
}
