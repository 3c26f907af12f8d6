// Package config loads groupwork's configuration file: strict YAML where
// every unknown key, wrong type or bad value is reported with file:line:col,
// all at once, and secrets come from the environment as ${VAR}.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"groupwork/exercises"
)

// Config is the whole configuration. Zero values are replaced by defaults.
type Config struct {
	Database      string   // SQLite file; "groupwork.db"
	TimeZone      string   // default for new groups; "UTC"
	ExercisesDir  string   // extra exercise files; same ids replace built-ins
	GroupCreators []string // platform user ids that may create groups; empty = anyone
	Consent       Consent
	Log           Log
	Discord       *Discord // nil when the section is absent
	Slack         *Slack   // nil when the section is absent

	// Safety and privacy (safety.go).
	Crisis            []CrisisRegion // crisis resources by region; the first is the default
	Safety            Safety
	Scheduler         Scheduler
	Intake            Intake   // per-person limit on inbound events; 20 at once, then one per 500ms
	Measures          Measures // progress notes, pre-session brief, engagement notices (measures.go)
	RetentionDays     int      // answers are kept this many days; 365
	ForgetKeepsCounts bool     // /forgetme keeps anonymous participation counts; true
	DataKey           string   // base64 AES-256 key sealing free text at rest; "" = off
	OldDataKeys       []string // earlier keys, still read until groupwork rotate-key has run

	// Operations (ops.go).
	Ops           Ops           // health and metrics endpoints; off by default
	AlertChannels AlertChannels // safety alerts by e-mail and webhook; none by default
}

// Consent is the notice members accept before anything they answer is stored.
type Consent struct {
	Notice  string
	Version string
}

// Log configures the operator's log.
type Log struct {
	Level  string // debug | info | warn | error
	Format string // text | json
}

// Discord configures the Discord adapter.
type Discord struct {
	Token         string
	ApplicationID string
	GuildIDs      []string
	BaseURL       string
}

// Defaults returns a configuration with every default filled in.
func Defaults() *Config {
	return &Config{Database: "groupwork.db", TimeZone: "UTC", Log: Log{Level: "info", Format: "text"},
		Safety: Safety{ResendAfter: DefaultResendAfter}, RetentionDays: DefaultRetentionDays, ForgetKeepsCounts: true,
		Scheduler: Scheduler{Grace: DefaultGrace}, Intake: Intake{Burst: DefaultIntakeBurst, Every: DefaultIntakeEvery}}
}

// Getenv looks up environment variables; tests replace it.
type Getenv func(string) (string, bool)

// Load reads and checks the file at path, taking ${VAR} values from the process environment.
func Load(path string) (*Config, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, exercises.Problems{{File: path, Msg: "cannot read the configuration file: " + plainErr(err)}}
	}
	return Parse(path, src, os.LookupEnv)
}

func plainErr(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Parse checks src (named file in messages). The error, when not nil, is
// exercises.Problems listing every problem found.
func Parse(file string, src []byte, env Getenv) (*Config, error) {
	p := &parser{file: file, env: env}
	cfg := Defaults()
	root := p.decode(src)
	if root != nil {
		p.top(root, cfg)
	}
	if len(p.probs) > 0 {
		return nil, p.probs
	}
	return cfg, nil
}

type parser struct {
	file  string
	env   Getenv
	probs exercises.Problems
}

func (p *parser) add(n *yaml.Node, format string, args ...any) {
	pr := exercises.Problem{File: p.file, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		pr.Line, pr.Column = n.Line, n.Column
	}
	p.probs = append(p.probs, pr)
}

var syntaxLine = regexp.MustCompile(`line (\d+)`)

func (p *parser) decode(src []byte) (root *yaml.Node) {
	defer func() {
		if r := recover(); r != nil {
			root = nil
			p.add(nil, "the file could not be read as YAML")
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			p.add(nil, "the file is empty; see config.example.yaml for what it can hold")
			return nil
		}
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		pr := exercises.Problem{File: p.file, Msg: "this is not valid YAML: " + msg}
		if m := syntaxLine.FindStringSubmatch(msg); m != nil {
			fmt.Sscan(m[1], &pr.Line)
		}
		p.probs = append(p.probs, pr)
		return nil
	}
	if len(doc.Content) == 0 {
		p.add(nil, "the file is empty; see config.example.yaml for what it can hold")
		return nil
	}
	root = doc.Content[0]
	if root.Kind != yaml.MappingNode {
		p.add(root, "the configuration must be a set of keys (database: ..., discord: ...)")
		return nil
	}
	return root
}

// field is one allowed key of a mapping and what to do with its value.
type field struct {
	name string
	set  func(v *yaml.Node)
}

// mapping walks a mapping node, reporting unknown and duplicate keys.
func (p *parser) mapping(n *yaml.Node, where string, fields ...field) {
	if n.Kind != yaml.MappingNode {
		p.add(n, "%s must be a set of keys, not %s", where, kindWords(n))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if seen[k.Value] {
			p.add(k, "%s: the key %q is given twice", where, k.Value)
			continue
		}
		seen[k.Value] = true
		var f *field
		for j := range fields {
			if fields[j].name == k.Value {
				f = &fields[j]
			}
		}
		if f == nil {
			var names []string
			for _, f := range fields {
				names = append(names, f.name)
			}
			p.add(k, "%s: unknown key %q; the keys allowed here are %s", where, k.Value, strings.Join(names, ", "))
			continue
		}
		f.set(v)
	}
}

func kindWords(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a set of keys"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.Tag == "!!null" {
		return "empty"
	}
	return fmt.Sprintf("the value %q", n.Value)
}

var envRef = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// str reads a string scalar and expands ${VAR} references.
func (p *parser) str(v *yaml.Node, where string, dst *string) bool {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		p.add(v, "%s must be a single value, not %s", where, kindWords(v))
		return false
	}
	ok := true
	out := envRef.ReplaceAllStringFunc(v.Value, func(ref string) string {
		name := envRef.FindStringSubmatch(ref)[1]
		val, set := p.env(name)
		if !set {
			p.add(v, "%s uses the environment variable %s, which is not set", where, name)
			ok = false
		}
		return val
	})
	*dst = out
	return ok
}

func (p *parser) strList(v *yaml.Node, where string, dst *[]string) {
	if v.Kind != yaml.SequenceNode {
		p.add(v, "%s must be a list, like [\"123\", \"456\"], not %s", where, kindWords(v))
		return
	}
	for _, item := range v.Content {
		var s string
		if p.str(item, where+" entries", &s) {
			*dst = append(*dst, s)
		}
	}
}

func (p *parser) oneOf(v *yaml.Node, where string, dst *string, allowed ...string) {
	var s string
	if !p.str(v, where, &s) {
		return
	}
	for _, a := range allowed {
		if s == a {
			*dst = s
			return
		}
	}
	p.add(v, "%s is %q; use one of: %s", where, s, strings.Join(allowed, ", "))
}

// secret reads a value that must come from the environment.
func (p *parser) secret(v *yaml.Node, where, example string, dst *string) {
	if v.Kind == yaml.ScalarNode && v.Value != "" && !envRef.MatchString(v.Value) {
		p.add(v, "%s must come from an environment variable, not be written in the file: %s: ${%s}", where, lastPart(where), example)
		return
	}
	if p.str(v, where, dst) && *dst == "" {
		p.add(v, "%s is empty; set the environment variable %s", where, example)
	}
}

func lastPart(where string) string {
	return where[strings.LastIndex(where, ".")+1:]
}

func (p *parser) top(root *yaml.Node, cfg *Config) {
	p.mapping(root, "the configuration",
		field{"database", func(v *yaml.Node) { p.str(v, "database", &cfg.Database) }},
		field{"time_zone", func(v *yaml.Node) {
			if p.str(v, "time_zone", &cfg.TimeZone) {
				if _, err := time.LoadLocation(cfg.TimeZone); err != nil || cfg.TimeZone == "Local" || cfg.TimeZone == "" {
					p.add(v, "time_zone %q is not a time zone name; use one like Europe/Berlin or America/New_York", cfg.TimeZone)
				}
			}
		}},
		field{"exercises_dir", func(v *yaml.Node) { p.str(v, "exercises_dir", &cfg.ExercisesDir) }},
		field{"group_creators", func(v *yaml.Node) { p.strList(v, "group_creators", &cfg.GroupCreators) }},
		field{"consent", func(v *yaml.Node) {
			p.mapping(v, "consent",
				field{"notice", func(v *yaml.Node) { p.consentNotice(v, &cfg.Consent.Notice) }},
				field{"version", func(v *yaml.Node) { p.str(v, "consent.version", &cfg.Consent.Version) }})
		}},
		field{"log", func(v *yaml.Node) {
			p.mapping(v, "log",
				field{"level", func(v *yaml.Node) { p.oneOf(v, "log.level", &cfg.Log.Level, "debug", "info", "warn", "error") }},
				field{"format", func(v *yaml.Node) { p.oneOf(v, "log.format", &cfg.Log.Format, "text", "json") }})
		}},
		field{"discord", func(v *yaml.Node) { cfg.Discord = p.discord(v) }},
		field{"slack", func(v *yaml.Node) { cfg.Slack = p.slack(v) }},
		field{"crisis", func(v *yaml.Node) { p.crisis(v, &cfg.Crisis) }},
		field{"safety", func(v *yaml.Node) { p.safety(v, &cfg.Safety) }},
		field{"scheduler", func(v *yaml.Node) { p.scheduler(v, &cfg.Scheduler) }},
		field{"intake", func(v *yaml.Node) { p.intake(v, &cfg.Intake) }},
		field{"measures", func(v *yaml.Node) { p.measures(v, &cfg.Measures) }},
		field{"retention_days", func(v *yaml.Node) { p.days(v, "retention_days", &cfg.RetentionDays) }},
		field{"forget_keeps_counts", func(v *yaml.Node) { p.boolean(v, "forget_keeps_counts", &cfg.ForgetKeepsCounts) }},
		field{"data_key", func(v *yaml.Node) { p.dataKey(v, "data_key", &cfg.DataKey) }},
		field{"old_data_keys", func(v *yaml.Node) { p.oldKeys(v, &cfg.OldDataKeys) }},
		field{"ops", func(v *yaml.Node) { p.ops(v, &cfg.Ops) }},
		field{"alert_channels", func(v *yaml.Node) { p.alertChannels(v, &cfg.AlertChannels) }},
	)
}

func (p *parser) discord(v *yaml.Node) *Discord {
	d := &Discord{BaseURL: "https://discord.com/"}
	var token, app bool
	p.mapping(v, "discord",
		field{"token", func(v *yaml.Node) { token = true; p.secret(v, "discord.token", "DISCORD_TOKEN", &d.Token) }},
		field{"application_id", func(v *yaml.Node) {
			app = true
			if p.str(v, "discord.application_id", &d.ApplicationID) && !isSnowflake(d.ApplicationID) {
				p.add(v, "discord.application_id must be the number shown in the Discord developer portal, like \"123456789012345678\"")
			}
		}},
		field{"guild_ids", func(v *yaml.Node) {
			p.strList(v, "discord.guild_ids", &d.GuildIDs)
			for _, g := range d.GuildIDs {
				if !isSnowflake(g) {
					p.add(v, "discord.guild_ids: %q is not a server id (a long number)", g)
				}
			}
		}},
		field{"base_url", func(v *yaml.Node) {
			if p.str(v, "discord.base_url", &d.BaseURL) {
				if u, err := url.Parse(d.BaseURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
					p.add(v, "discord.base_url must be a web address like https://discord.com/")
				}
			}
		}},
	)
	if v.Kind == yaml.MappingNode {
		if !token {
			p.add(v, "discord needs token: ${DISCORD_TOKEN}")
		}
		if !app {
			p.add(v, "discord needs application_id (from the Discord developer portal)")
		}
	}
	return d
}

func isSnowflake(s string) bool {
	if len(s) < 5 || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
