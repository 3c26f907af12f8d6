// Package deploy holds the packaging files; its test checks them where
// Docker or systemd cannot be run (no daemon, no network in tests).
package deploy

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// unit reads a systemd unit file into section → key → values.
func unit(t *testing.T, path string) map[string]map[string][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]map[string][]string{}
	section := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "["):
			section = strings.Trim(line, "[]")
			out[section] = map[string][]string{}
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok || section == "" {
				t.Fatalf("%s: a line that is not key=value in a section: %q", path, line)
			}
			out[section][k] = append(out[section][k], v)
		}
	}
	return out
}

func TestServiceIsHardened(t *testing.T) {
	u := unit(t, "groupwork.service")
	svc := u["Service"]
	want := map[string]string{
		"User": "groupwork", "Group": "groupwork", "NoNewPrivileges": "yes", "ProtectSystem": "strict",
		"ProtectHome": "yes", "PrivateTmp": "yes", "Restart": "on-failure", "UMask": "0077",
		"StateDirectoryMode": "0700", "EnvironmentFile": "/etc/groupwork/groupwork.env",
		"CapabilityBoundingSet": "", "WorkingDirectory": "/var/lib/groupwork",
	}
	for k, v := range want {
		if got := svc[k]; len(got) != 1 || got[0] != v {
			t.Errorf("[Service] %s = %q, want %q", k, got, v)
		}
	}
	if sd := svc["StateDirectory"]; len(sd) != 1 || !strings.HasPrefix(sd[0], "groupwork") {
		t.Errorf("StateDirectory = %q, want groupwork…", sd)
	}
	if es := svc["ExecStart"]; len(es) != 1 || !strings.Contains(es[0], "groupwork run -config /etc/groupwork/config.yaml") {
		t.Errorf("ExecStart = %q", es)
	}
	if u["Unit"]["StartLimitBurst"] == nil || u["Install"]["WantedBy"] == nil {
		t.Error("no start limit or no [Install] section")
	}
	if _, ok := svc["DynamicUser"]; ok {
		t.Error("DynamicUser: the brief asks for a dedicated user that owns the database and backups")
	}
}

// TestEnvFileHoldsNoSecretsAndNamesEveryVariable: the committed file is
// a commented template, and it names every ${VAR} config.example.yaml uses.
func TestEnvFileHoldsNoSecretsAndNamesEveryVariable(t *testing.T) {
	env, err := os.ReadFile("groupwork.env")
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(env), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			t.Errorf("groupwork.env:%d sets a value; the template must leave every secret commented out", i+1)
		}
	}
	example, err := os.ReadFile("../config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`\$\{([A-Z0-9_]+)\}`).FindAllStringSubmatch(string(example), -1) {
		if m[1] == "GROUPWORK_OLD_DATA_KEY" || m[1] == "VAR" { // VAR: the comment explaining ${VAR}
			continue // only during a key rotation, explained beside old_data_keys
		}
		if !strings.Contains(string(env), "#"+m[1]+"=") {
			t.Errorf("groupwork.env does not name %s, which config.example.yaml uses", m[1])
		}
	}
}

// TestSystemdAnalyzeVerify runs systemd-analyze verify on the units where
// it exists, with ExecStart pointed at an executable that is there.
func TestSystemdAnalyzeVerify(t *testing.T) {
	sa, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze is not installed here")
	}
	dir := t.TempDir()
	var names []string
	for _, n := range []string{"groupwork.service", "groupwork-backup.service", "groupwork-backup.timer"} {
		src, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		fixed := strings.ReplaceAll(string(src), "/usr/local/bin/groupwork", "/bin/true")
		if err := os.WriteFile(filepath.Join(dir, n), []byte(fixed), 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, filepath.Join(dir, n))
	}
	out, err := exec.Command(sa, append([]string{"verify", "--man=no"}, names...)...).CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}

// dockerfile reads the Dockerfile's instructions (continuations joined).
func dockerfile(t *testing.T) [][2]string {
	t.Helper()
	src, err := os.ReadFile("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	var out [][2]string
	text := strings.ReplaceAll(string(src), "\\\n", " ")
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		op, rest, _ := strings.Cut(line, " ")
		out = append(out, [2]string{strings.ToUpper(op), strings.TrimSpace(rest)})
	}
	return out
}

// TestDockerfile checks what `docker build` cannot be run here to show: a
// multi-stage cgo build, a small runtime image without the toolchain, a
// non-root user, the database on a volume. Where a Docker daemon exists,
// README "Operations" has the build command.
func TestDockerfile(t *testing.T) {
	ins := dockerfile(t)
	var stages []string
	last := -1
	for i, in := range ins {
		if in[0] == "FROM" {
			stages = append(stages, in[1])
			last = i
		}
	}
	if len(stages) < 2 {
		t.Fatalf("want a multi-stage build, got FROM %q", stages)
	}
	if !strings.Contains(stages[0], "golang:") || !strings.HasSuffix(stages[0], " AS build") {
		t.Errorf("the first stage should build with the Go image: FROM %s", stages[0])
	}
	final := stages[len(stages)-1]
	if strings.Contains(final, "golang") || !strings.Contains(final, "distroless/base") {
		t.Errorf("the runtime image should be small and have glibc for cgo: FROM %s", final)
	}
	has := func(from int, op, sub string) bool {
		for _, in := range ins[from:] {
			if in[0] == op && strings.Contains(in[1], sub) {
				return true
			}
		}
		return false
	}
	if !has(0, "RUN", "CGO_ENABLED=1 go build") {
		t.Error("the build does not set CGO_ENABLED=1 (go-sqlite3 needs cgo)")
	}
	if !has(0, "RUN", "-X main.version=${VERSION}") || !has(0, "RUN", "-X main.revision=${REVISION}") {
		t.Error("the build does not stamp the version and revision")
	}
	if !has(last, "COPY", "--from=build /out/groupwork") {
		t.Error("the runtime stage does not copy the binary from the build stage")
	}
	user := ""
	for _, in := range ins[last:] {
		if in[0] == "USER" {
			user = in[1]
		}
	}
	if user == "" || user == "root" || strings.HasPrefix(user, "0") {
		t.Errorf("the runtime stage runs as %q, want a non-root user", user)
	}
	if !has(last, "VOLUME", "/var/lib/groupwork") || !has(last, "WORKDIR", "/var/lib/groupwork") {
		t.Error("the database folder is not a volume")
	}
	if !has(last, "ENTRYPOINT", "/usr/local/bin/groupwork") {
		t.Error("no entrypoint")
	}
	ignore, err := os.ReadFile("../.dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"*.db", "*.env", "config.yaml", "groupwork-backup-*"} {
		if !strings.Contains(string(ignore), p+"\n") {
			t.Errorf(".dockerignore does not keep %s out of the build context", p)
		}
	}
}
