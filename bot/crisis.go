package bot

import (
	"context"
	"fmt"
	"strings"
)

// CrisisResource is one place to turn to in a crisis.
type CrisisResource struct {
	Name    string // "988 Suicide & Crisis Lifeline"
	Contact string // "988"
	How     string // "call or text, 24/7"
}

// CrisisRegion is the crisis resources of one country or locale.
type CrisisRegion struct {
	Code      string // "US", "DE", "en-GB": what members type after /crisis
	Name      string // "United States"; optional
	Resources []CrisisResource
}

// DefaultCrisis is used when the configuration lists no crisis resources.
var DefaultCrisis = []CrisisRegion{{Code: "US", Name: "United States", Resources: []CrisisResource{
	{Name: "988 Suicide & Crisis Lifeline", Contact: "988", How: "call or text, any time"},
	{Name: "Emergency services", Contact: "911", How: "call if you or someone else is in danger now"},
}}}

// crisisWords is what every crisis reply and safety notice says about
// what to expect from groupwork itself.
const crisisWords = "groupwork is not an emergency service and nobody watches it around the clock. If you are in danger now, call your local emergency number."

// storeless reports whether ev is a command whose spec runs without the
// store-touching middleware.
func (r *Router) storeless(ev Event) bool {
	c, ok := ev.(*Command)
	if !ok {
		return false
	}
	s, ok := r.Spec(c.Name, c.Sub)
	return ok && s.Storeless
}

func (b *Bot) registerCrisis() {
	var codes []string
	for _, rg := range b.crisisRegions() {
		codes = append(codes, rg.Code)
	}
	b.router.Command(CommandSpec{Name: "crisis", Description: "Where to get help right now (always private)",
		Options: []OptionSpec{{Name: "where", Description: "country or region code: " + strings.Join(codes, ", "), Type: OptString}},
		Access:  AccessAnyone, Storeless: true, Handle: b.crisis})
}

func (b *Bot) crisisRegions() []CrisisRegion {
	if len(b.cfg.Crisis) > 0 {
		return b.cfg.Crisis
	}
	return DefaultCrisis
}

// crisis answers from configuration only: it never touches the store, so it
// answers when the database is down, and it answers anyone, anywhere.
func (b *Bot) crisis(ctx context.Context, req *Request) (Reply, error) {
	where, _ := req.Cmd.String("where")
	return PrivateText(b.CrisisText(where)), nil
}

// CrisisText renders the crisis resources of the region with code where
// (case-insensitive), or of every configured region, the default first, when
// where is empty or unknown.
func (b *Bot) CrisisText(where string) string {
	regions := b.crisisRegions()
	var pick []CrisisRegion
	for _, rg := range regions {
		if strings.EqualFold(rg.Code, strings.TrimSpace(where)) {
			pick = []CrisisRegion{rg}
		}
	}
	if pick == nil {
		pick = regions
	}
	var sb strings.Builder
	sb.WriteString("**If you need help right now**\n")
	for _, rg := range pick {
		if len(pick) > 1 || rg.Name != "" {
			name := rg.Name
			if name == "" {
				name = rg.Code
			}
			fmt.Fprintf(&sb, "%s:\n", name)
		}
		for _, r := range rg.Resources {
			fmt.Fprintf(&sb, "- %s: **%s**", r.Name, r.Contact)
			if r.How != "" {
				fmt.Fprintf(&sb, " (%s)", r.How)
			}
			sb.WriteString("\n")
		}
	}
	sb.WriteString(crisisWords)
	return sb.String()
}
