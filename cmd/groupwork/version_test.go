package main

import (
	"bytes"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionLine(t *testing.T) {
	stamped := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "groupwork", Version: "v1.4.0"},
		Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: "a1b6a179600dfc0a31db7c7bfdda9cc013cacca2"},
			{Key: "vcs.time", Value: "2026-12-03T08:08:47Z"},
			{Key: "vcs.modified", Value: "true"},
		}}
	cases := []struct {
		name string
		info *debug.BuildInfo
		ok   bool
		want string
	}{
		{"released and stamped", stamped, true, "groupwork v1.4.0, revision a1b6a179600d (2026-12-03T08:08:47Z) with uncommitted changes, go1.26.8"},
		{"a development build", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}}, true, "groupwork (development build), no revision recorded, go1.26.8"},
		{"no build info", nil, false, "groupwork (development build), no revision recorded"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := versionLine(tc.info, tc.ok); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
	// -ldflags values (the Docker build) fill in what the stamp lacks.
	version, revision = "v1.5.0", "0123456789abcdef"
	defer func() { version, revision = "", "" }()
	if got := versionLine(&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}}, true); got != "groupwork v1.5.0, revision 0123456789ab, go1.26.8" {
		t.Errorf("from -ldflags: %q", got)
	}
}

func TestVersionCommand(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"version"}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if out := stdout.String(); !strings.HasPrefix(out, "groupwork ") || strings.Contains(out, "groupwork dev\n") {
		t.Errorf("version printed %q", out)
	}
}
