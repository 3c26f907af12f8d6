package config

import (
	"net"
	"net/url"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Slack configures the Slack adapter. Mode is "socket" (the default: an
// outbound websocket, no public address needed) or "http" (Slack posts
// signed requests to Listen).
type Slack struct {
	BotToken      string   // xoxb-…
	AppToken      string   // xapp-…, Socket Mode only
	Mode          string   // socket | http
	SigningSecret string   // HTTP mode only
	Listen        string   // HTTP mode: address to listen on, like ":3000"
	APIURL        string   // Web API base; "https://slack.com/api/"
	TeamIDs       []string // workspaces served; events from others are refused
	Command       string   // the slash command, without "/"; "groupwork"
}

// SlackModes are the values slack.mode accepts.
var SlackModes = []string{"socket", "http"}

var (
	teamID      = regexp.MustCompile(`^[TE][A-Z0-9]{6,14}$`)
	commandName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,31}$`)
)

func (p *parser) slack(v *yaml.Node) *Slack {
	s := &Slack{Mode: "socket", APIURL: "https://slack.com/api/", Command: "groupwork"}
	var botToken, appToken, secret, listen, teams bool
	p.mapping(v, "slack",
		field{"bot_token", func(v *yaml.Node) {
			botToken = true
			p.secret(v, "slack.bot_token", "SLACK_BOT_TOKEN", &s.BotToken)
		}},
		field{"app_token", func(v *yaml.Node) {
			appToken = true
			p.secret(v, "slack.app_token", "SLACK_APP_TOKEN", &s.AppToken)
		}},
		field{"mode", func(v *yaml.Node) { p.oneOf(v, "slack.mode", &s.Mode, SlackModes...) }},
		field{"signing_secret", func(v *yaml.Node) {
			secret = true
			p.secret(v, "slack.signing_secret", "SLACK_SIGNING_SECRET", &s.SigningSecret)
		}},
		field{"listen", func(v *yaml.Node) {
			listen = true
			if p.str(v, "slack.listen", &s.Listen) {
				if _, port, err := net.SplitHostPort(s.Listen); err != nil || port == "" {
					p.add(v, "slack.listen must be an address to listen on, like \":3000\" or \"127.0.0.1:3000\"")
				}
			}
		}},
		field{"api_url", func(v *yaml.Node) {
			if p.str(v, "slack.api_url", &s.APIURL) {
				if u, err := url.Parse(s.APIURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
					p.add(v, "slack.api_url must be a web address like https://slack.com/api/")
				} else if !strings.HasSuffix(s.APIURL, "/") {
					s.APIURL += "/"
				}
			}
		}},
		field{"team_ids", func(v *yaml.Node) {
			teams = true
			p.strList(v, "slack.team_ids", &s.TeamIDs)
			for _, t := range s.TeamIDs {
				if !teamID.MatchString(t) {
					p.add(v, "slack.team_ids: %q is not a workspace id (it starts with T, like T0123ABCD)", t)
				}
			}
		}},
		field{"command", func(v *yaml.Node) {
			if p.str(v, "slack.command", &s.Command) {
				s.Command = strings.TrimPrefix(s.Command, "/")
				if !commandName.MatchString(s.Command) {
					p.add(v, "slack.command must be a slash command name of lower-case letters, digits, - or _, like groupwork")
				}
			}
		}},
	)
	if v.Kind != yaml.MappingNode {
		return s
	}
	if !botToken {
		p.add(v, "slack needs bot_token: ${SLACK_BOT_TOKEN}")
	}
	if !teams || len(s.TeamIDs) == 0 {
		p.add(v, "slack needs team_ids: the workspaces groupwork serves, like [T0123ABCD]")
	}
	switch s.Mode {
	case "socket":
		if !appToken {
			p.add(v, "slack needs app_token: ${SLACK_APP_TOKEN} for Socket Mode (or mode: http with a signing_secret)")
		}
		if secret || listen {
			p.add(v, "slack: signing_secret and listen are for mode: http; Socket Mode needs neither")
		}
	case "http":
		if !secret {
			p.add(v, "slack mode http needs signing_secret: ${SLACK_SIGNING_SECRET}")
		}
		if !listen {
			p.add(v, "slack mode http needs listen, the address Slack's requests arrive at, like \":3000\"")
		}
	}
	return s
}
