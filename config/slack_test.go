package config

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestSlackSection(t *testing.T) {
	vars := map[string]string{"B": "xoxb-1", "A": "xapp-1", "S": "sig"}
	cfg, err := Parse("c.yaml", []byte("slack:\n  bot_token: ${B}\n  app_token: ${A}\n  team_ids: [T0123ABCD]\n"), env(vars))
	if err != nil {
		t.Fatal(err)
	}
	want := &Slack{BotToken: "xoxb-1", AppToken: "xapp-1", Mode: "socket", APIURL: "https://slack.com/api/", TeamIDs: []string{"T0123ABCD"}, Command: "groupwork"}
	if !reflect.DeepEqual(cfg.Slack, want) {
		t.Errorf("socket mode: got %+v, want %+v", cfg.Slack, want)
	}
	if cfg.Discord != nil {
		t.Errorf("no discord section was given")
	}
	cfg, err = Parse("c.yaml", []byte("slack:\n  bot_token: ${B}\n  mode: http\n  signing_secret: ${S}\n  listen: \":3000\"\n  api_url: http://127.0.0.1:9/api\n  team_ids: [T0123ABCD, T0999ZZZZ]\n  command: /gw\n"), env(vars))
	if err != nil {
		t.Fatal(err)
	}
	if s := cfg.Slack; s.Mode != "http" || s.SigningSecret != "sig" || s.Listen != ":3000" || s.APIURL != "http://127.0.0.1:9/api/" || s.Command != "gw" || len(s.TeamIDs) != 2 {
		t.Errorf("http mode: %+v", s)
	}
}

func TestSlackProblems(t *testing.T) {
	vars := map[string]string{"B": "xoxb-1", "A": "xapp-1", "S": "sig"}
	cases := []struct {
		name, src string
		want      []string
	}{
		{"literal token", "slack:\n  bot_token: xoxb-123\n  app_token: ${A}\n  team_ids: [T0123ABCD]\n",
			[]string{"c.yaml:2:14: slack.bot_token must come from an environment variable"}},
		{"socket without app token", "slack:\n  bot_token: ${B}\n  team_ids: [T0123ABCD]\n",
			[]string{"c.yaml:2:3: slack needs app_token: ${SLACK_APP_TOKEN}"}},
		{"http without secret and listen", "slack:\n  bot_token: ${B}\n  mode: http\n  team_ids: [T0123ABCD]\n",
			[]string{"c.yaml:2:3: slack mode http needs signing_secret", "c.yaml:2:3: slack mode http needs listen"}},
		{"socket with http keys", "slack:\n  bot_token: ${B}\n  app_token: ${A}\n  signing_secret: ${S}\n  team_ids: [T0123ABCD]\n",
			[]string{"c.yaml:2:3: slack: signing_secret and listen are for mode: http"}},
		{"bad mode", "slack:\n  bot_token: ${B}\n  app_token: ${A}\n  mode: rtm\n  team_ids: [T0123ABCD]\n",
			[]string{`c.yaml:4:9: slack.mode is "rtm"; use one of: socket, http`}},
		{"no teams", "slack:\n  bot_token: ${B}\n  app_token: ${A}\n",
			[]string{"c.yaml:2:3: slack needs team_ids"}},
		{"bad team", "slack:\n  bot_token: ${B}\n  app_token: ${A}\n  team_ids: [acme]\n",
			[]string{`c.yaml:4:13: slack.team_ids: "acme" is not a workspace id`}},
		{"bad listen", "slack:\n  bot_token: ${B}\n  mode: http\n  signing_secret: ${S}\n  listen: everywhere\n  team_ids: [T0123ABCD]\n",
			[]string{"c.yaml:5:11: slack.listen must be an address"}},
		{"bad api url", "slack:\n  bot_token: ${B}\n  app_token: ${A}\n  api_url: slack.com\n  team_ids: [T0123ABCD]\n",
			[]string{"c.yaml:4:12: slack.api_url must be a web address"}},
		{"bad command", "slack:\n  bot_token: ${B}\n  app_token: ${A}\n  command: Group Work\n  team_ids: [T0123ABCD]\n",
			[]string{"c.yaml:4:12: slack.command must be a slash command name"}},
		{"unknown key", "slack:\n  bot_token: ${B}\n  app_token: ${A}\n  team_ids: [T0123ABCD]\n  token: x\n",
			[]string{`c.yaml:5:3: slack: unknown key "token"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("c.yaml", []byte(c.src), env(vars))
			if err == nil {
				t.Fatalf("no error; want %q", c.want)
			}
			got := err.Error()
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("want %q in:\n%s", w, got)
				}
			}
			if n := strings.Count(got, "\n") + 1; n != len(c.want) {
				t.Errorf("want %d problem(s), got:\n%s", len(c.want), got)
			}
		})
	}
}

// TestExampleSlackSection checks the commented-out slack section of
// config.example.yaml, uncommented, together with the rest of the file: a
// configuration may have Discord and Slack at once.
func TestExampleSlackSection(t *testing.T) {
	src, err := os.ReadFile("../config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	in := false
	for _, line := range strings.Split(string(src), "\n") {
		switch {
		case line == "# slack:":
			in = true
		case in && !strings.HasPrefix(line, "#  "):
			in = false
		}
		if in {
			line = strings.TrimPrefix(line, "# ")
		}
		out = append(out, line)
	}
	cfg, err := Parse("config.example.yaml", []byte(strings.Join(out, "\n")),
		env(map[string]string{"DISCORD_TOKEN": "d", "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}))
	if err != nil {
		t.Fatalf("the example's slack section, uncommented, must be valid:\n%v", err)
	}
	if cfg.Slack == nil || cfg.Discord == nil || cfg.Slack.Mode != "socket" || cfg.Slack.BotToken != "xoxb-1" {
		t.Errorf("example slack section parsed to %+v", cfg.Slack)
	}
}
