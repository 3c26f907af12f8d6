package main

import (
	"runtime/debug"
	"strings"
)

// version may be set at build time with -ldflags "-X main.version=v1.2.3"
// (the Dockerfile does, from a build argument, because a build context
// without .git has no VCS stamp). Otherwise the module's version is used.
var version = ""

// revision may be set the same way (-X main.revision=…) where the build
// has no VCS stamp; the stamp wins when there is one.
var revision = ""

// versionLine says which build this is: the version, the VCS revision and
// its time, "modified" when built from uncommitted changes, and the Go
// version. An operator pastes it into a bug report; an upgrade note
// compares it.
func versionLine(info *debug.BuildInfo, ok bool) string {
	v := version
	rev, at, goVer := revision, "", ""
	modified := false
	if ok {
		if v == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			v = info.Main.Version
		}
		goVer = info.GoVersion
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				at = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	if v == "" {
		v = "(development build)"
	}
	parts := []string{"groupwork " + v}
	if rev != "" {
		r := "revision " + rev[:min(len(rev), 12)]
		if at != "" {
			r += " (" + at + ")"
		}
		if modified {
			r += " with uncommitted changes"
		}
		parts = append(parts, r)
	} else {
		parts = append(parts, "no revision recorded")
	}
	if goVer != "" {
		parts = append(parts, goVer)
	}
	return strings.Join(parts, ", ")
}

func printVersion() string {
	info, ok := debug.ReadBuildInfo()
	return versionLine(info, ok)
}
