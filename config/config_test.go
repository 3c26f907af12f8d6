package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"groupwork/exercises"
)

func env(vars map[string]string) Getenv {
	return func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
}

func TestExampleIsValid(t *testing.T) {
	src, err := os.ReadFile("../config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := Parse("config.example.yaml", src, env(map[string]string{"DISCORD_TOKEN": "tok"}))
	if err != nil {
		t.Fatalf("the example configuration must be valid:\n%v", err)
	}
	if cfg.Discord == nil || cfg.Discord.Token != "tok" || cfg.Discord.BaseURL != "https://discord.com/" || cfg.TimeZone != "Europe/Berlin" {
		t.Errorf("example parsed to %+v / %+v", cfg, cfg.Discord)
	}
	if !strings.Contains(cfg.Consent.Notice, "not an emergency service") {
		t.Errorf("consent notice not read: %q", cfg.Consent.Notice)
	}
}

func TestDefaults(t *testing.T) {
	cfg, err := Parse("c.yaml", []byte("database: x.db\n"), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Database != "x.db" || cfg.TimeZone != "UTC" || cfg.Log.Level != "info" || cfg.Discord != nil || cfg.Scheduler.Grace != time.Hour {
		t.Errorf("defaults: %+v", cfg)
	}
}

func TestProblems(t *testing.T) {
	cases := []struct {
		name string
		src  string
		env  map[string]string
		want []string
	}{
		{"empty", "", nil, []string{"c.yaml: the file is empty"}},
		{"syntax", "database: [\n", nil, []string{"c.yaml:1: this is not valid YAML"}},
		{"not a map", "- a\n", nil, []string{"c.yaml:1:1: the configuration must be a set of keys"}},
		{"unknown key", "databse: x\n", nil, []string{`c.yaml:1:1: the configuration: unknown key "databse"`}},
		{"duplicate key", "database: a\ndatabase: b\n", nil, []string{`c.yaml:2:1: the configuration: the key "database" is given twice`}},
		{"bad zone", "time_zone: Mars/Base\n", nil, []string{`c.yaml:1:12: time_zone "Mars/Base" is not a time zone name`}},
		{"wrong type", "group_creators: 12\n", nil, []string{"c.yaml:1:17: group_creators must be a list"}},
		{"bad level", "log:\n  level: loud\n", nil, []string{`c.yaml:2:10: log.level is "loud"; use one of: debug, info, warn, error`}},
		{"literal token", "discord:\n  token: abc.def\n  application_id: \"123456789012345678\"\n", nil,
			[]string{"c.yaml:2:10: discord.token must come from an environment variable"}},
		{"unset env", "discord:\n  token: ${DISCORD_TOKEN}\n  application_id: \"123456789012345678\"\n", nil,
			[]string{"c.yaml:2:10: discord.token uses the environment variable DISCORD_TOKEN, which is not set"}},
		{"missing discord keys", "discord:\n  guild_ids: [abc]\n", nil, []string{
			`c.yaml:2:14: discord.guild_ids: "abc" is not a server id`,
			"c.yaml:2:3: discord needs token",
			"c.yaml:2:3: discord needs application_id"}},
		{"bad base url", "discord:\n  token: ${T}\n  application_id: \"123456789012345678\"\n  base_url: ftp://x\n", map[string]string{"T": "t"},
			[]string{"c.yaml:4:13: discord.base_url must be a web address"}},
		{"bad grace", "scheduler:\n  grace: forever\n", nil, []string{`c.yaml:2:10: scheduler.grace is "forever"`}},
		{"grace too long", "scheduler: {grace: 48h}\n", nil, []string{`c.yaml:1:20: scheduler.grace is "48h"`}},
		{"burst too small", "intake: {burst: 1}\n", nil, []string{`c.yaml:1:17: intake.burst is "1"`}},
		{"bad every", "intake:\n  every: often\n", nil, []string{`c.yaml:2:10: intake.every is "often"`}},
		{"several at once", "databse: x\nlog: 3\ntime_zone: Nowhere\n", nil, []string{
			`c.yaml:1:1: the configuration: unknown key "databse"`,
			"c.yaml:2:6: log must be a set of keys",
			`c.yaml:3:12: time_zone "Nowhere"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("c.yaml", []byte(tc.src), env(tc.env))
			var ps exercises.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("want Problems, got %v", err)
			}
			if len(ps) != len(tc.want) {
				t.Fatalf("want %d problems, got %d:\n%v", len(tc.want), len(ps), err)
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(ps[i].Error(), w) {
					t.Errorf("problem %d:\n got %s\nwant %s…", i, ps[i].Error(), w)
				}
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.yaml"))
	if err == nil || !strings.Contains(err.Error(), "cannot read the configuration file: no such file or directory") {
		t.Errorf("got %v", err)
	}
}

func FuzzParse(f *testing.F) {
	if src, err := os.ReadFile("../config.example.yaml"); err == nil {
		f.Add(src)
	}
	f.Add([]byte("discord:\n  token: ${X}\n"))
	f.Add([]byte("log: {level: debug, format: json}\n"))
	f.Add([]byte("a: &x [*x]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		cfg, err := Parse("f.yaml", src, env(map[string]string{"X": "1"}))
		if (cfg == nil) == (err == nil) {
			t.Fatalf("exactly one of config and error must be set: %v %v", cfg, err)
		}
	})
}
