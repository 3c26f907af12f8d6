package core

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"groupwork/bot"
)

// CrisisResource is one place to turn to in a crisis.
type CrisisResource struct {
	Name    string // "988 Suicide & Crisis Lifeline"
	Contact string // "988"
	How     string // "call or text, any time"
	Source  string // the page that confirmed the number (built-in entries); "" from configuration
}

// CrisisRegion is the crisis resources of one country (ISO 3166-1 alpha-2
// code) or locale.
type CrisisRegion struct {
	Code string // "US", "DE", "en-GB": what members type after /crisis where:
	Name string // "United States"; optional
	// Emergency is the number to call when someone is in danger now ("112");
	// "" when unknown, and members are told to call their local emergency number.
	Emergency       string
	EmergencySource string // the page that confirmed Emergency
	Resources       []CrisisResource
}

// crisisState is the crisis table the bot answers from: the built-in table
// merged with the configuration, and the regions of groups by channel as
// last seen, so that /crisis answers for a group's country without the store.
type crisisState struct {
	regions map[string]CrisisRegion // by upper-case code
	known   map[string]bool         // every country code a group may have
	def     string                  // the practice's default region; "" for none

	mu        sync.Mutex
	byChannel map[string]string // platform + "\x00" + channel id → region code ("" = none set)
}

// crisisFooter is the end of every crisis reply: what to expect from
// groupwork itself.
const crisisFooter = "groupwork is not an emergency service and nobody watches it around the clock."

// initCrisis merges the configured regions into the built-in table: a
// configured region replaces the name, emergency number or resources it
// sets, and adds regions the table lacks. The default region is the
// configured CrisisDefaultRegion only: the order of the configured regions
// means nothing (it used to pick the default, which silently gave every
// group the first region's numbers).
func (b *Bot) initCrisis() {
	c := &b.crisis
	c.regions = map[string]CrisisRegion{}
	c.known = map[string]bool{}
	c.byChannel = map[string]string{}
	for _, rg := range builtinCrisis {
		c.regions[rg.Code] = rg
	}
	for _, cc := range zoneCountry {
		c.known[cc] = true
	}
	for cc := range countryNames {
		c.known[cc] = true
	}
	for _, rg := range b.cfg.Crisis {
		code := strings.ToUpper(strings.TrimSpace(rg.Code))
		cur, ok := c.regions[code]
		if !ok {
			cur = CrisisRegion{Code: code}
		}
		if rg.Name != "" {
			cur.Name = rg.Name
		}
		if rg.Emergency != "" {
			cur.Emergency, cur.EmergencySource = rg.Emergency, rg.EmergencySource
		}
		if len(rg.Resources) > 0 {
			cur.Resources = rg.Resources
		}
		c.regions[code] = cur
	}
	for code := range c.regions {
		if isCountryCode(code) {
			c.known[code] = true
		}
	}
	c.def = strings.ToUpper(strings.TrimSpace(b.cfg.CrisisDefaultRegion))
}

func isCountryCode(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

// crisisCommand answers from the crisis table only. It needs no store, so
// it answers when the database is down, and it answers anyone, anywhere:
// in a group's channel for the group's country, in a direct message (or a
// channel without a group) with general advice and the practice's default
// region, named.
func (b *Bot) crisisCommand(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	if where, _ := req.Cmd.String("where"); strings.TrimSpace(where) != "" {
		return bot.PrivateText(b.CrisisText(where)), nil
	}
	place := req.Event.Meta().Place
	if !place.DM {
		if code, ok := b.channelRegion(ctx, place); ok {
			return bot.PrivateText(b.regionCrisisText(code, "this group's")), nil
		}
	}
	return bot.PrivateText(b.CrisisText("")), nil
}

// channelRegion returns the region of the group in place: from what the
// bot last saw, else from the store under a short timeout of its own. Any
// failure (database down, no group) reports false: the caller falls back
// to general advice, never to another country's numbers.
func (b *Bot) channelRegion(ctx context.Context, place bot.Place) (code string, ok bool) {
	key := place.Platform + "\x00" + place.ChannelID
	b.crisis.mu.Lock()
	code, ok = b.crisis.byChannel[key]
	b.crisis.mu.Unlock()
	if ok {
		return code, true
	}
	defer func() {
		if p := recover(); p != nil {
			b.log.Warn("crisis: group lookup failed; answering with general advice", "panic", fmt.Sprint(p))
			code, ok = "", false
		}
	}()
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	g, err := b.store.GroupByChannel(ctx, place.Platform, place.ChannelID)
	if err != nil {
		if bot.ErrorCode(err) != bot.ENotFound {
			b.log.Warn("crisis: group lookup failed; answering with general advice", "err", err)
		}
		return "", false
	}
	b.noteRegion(g)
	return g.Region, true
}

// noteRegion remembers g's region for /crisis in its channel.
func (b *Bot) noteRegion(g *bot.Group) {
	b.crisis.mu.Lock()
	b.crisis.byChannel[g.Platform+"\x00"+g.ChannelID] = g.Region
	b.crisis.mu.Unlock()
}

// noteGroupRegion is middleware that remembers the region of every group
// a request is about, so that /crisis knows it without the store.
func (b *Bot) noteGroupRegion(next bot.RequestHandler) bot.RequestHandler {
	return func(ctx context.Context, req *bot.Request) (bot.Reply, error) {
		if req.Group != nil {
			b.noteRegion(req.Group)
		}
		return next(ctx, req)
	}
}

// lookupRegion finds a region by code or country name, in any case.
func (b *Bot) lookupRegion(where string) (CrisisRegion, bool) {
	where = strings.TrimSpace(where)
	if rg, ok := b.crisis.regions[strings.ToUpper(where)]; ok {
		return rg, true
	}
	for _, rg := range b.crisis.regions {
		if rg.Name != "" && strings.EqualFold(rg.Name, where) {
			return rg, true
		}
	}
	return CrisisRegion{}, false
}

// regionName names a region code for people: "Germany (DE)", or the code.
func (b *Bot) regionName(code string) string {
	if rg, ok := b.crisis.regions[code]; ok && rg.Name != "" {
		return rg.Name + " (" + code + ")"
	}
	if n := countryNames[code]; n != "" {
		return n + " (" + code + ")"
	}
	return code
}

// CrisisText renders the crisis resources of the country where (a code
// like DE, or a name like Germany, in any case). When where is empty or
// unknown it says so plainly, gives the general advice to call the local
// emergency number, and shows the practice's default region under its name.
func (b *Bot) CrisisText(where string) string {
	where = strings.TrimSpace(where)
	if where == "" {
		return b.generalCrisisText("I don't know which country you are in, so I can't be sure which numbers work for you.")
	}
	if rg, ok := b.lookupRegion(where); ok {
		return regionText(rg)
	}
	return b.generalCrisisText(fmt.Sprintf("I don't have crisis numbers for %q.", shorten(bot.CleanText(where), 40)))
}

// GroupCrisisText renders the crisis resources of g's region, or says
// plainly that the group has none and gives the general advice.
func (b *Bot) GroupCrisisText(g *bot.Group) string {
	return b.regionCrisisText(g.Region, "this group's")
}

func (b *Bot) regionCrisisText(code, whose string) string {
	if code == "" {
		return b.generalCrisisText("I don't know " + whose + " country, so I can't be sure which numbers work for you.")
	}
	if rg, ok := b.crisis.regions[code]; ok {
		return regionText(rg)
	}
	return b.generalCrisisText(fmt.Sprintf("I don't have crisis numbers for %s country, %s.", whose, b.regionName(code)))
}

func regionText(rg CrisisRegion) string {
	var sb strings.Builder
	sb.WriteString("**If you need help right now**")
	if rg.Name != "" {
		sb.WriteString(" (" + rg.Name + ")")
	}
	sb.WriteString("\n")
	writeRegion(&sb, rg)
	sb.WriteString(crisisFooter)
	return sb.String()
}

func writeRegion(sb *strings.Builder, rg CrisisRegion) {
	if rg.Emergency != "" {
		fmt.Fprintf(sb, "- Emergency services: **%s**, if you or someone else is in danger now\n", rg.Emergency)
	} else {
		sb.WriteString("- If you or someone else is in danger now, call your local emergency number.\n")
	}
	for _, r := range rg.Resources {
		fmt.Fprintf(sb, "- %s: **%s**", r.Name, r.Contact)
		if r.How != "" {
			fmt.Fprintf(sb, " (%s)", r.How)
		}
		sb.WriteString("\n")
	}
}

// generalCrisisText is the answer when the country is not known: the lead
// sentence says so, then the general advice, the default region (named),
// and how to ask for a country.
func (b *Bot) generalCrisisText(lead string) string {
	var sb strings.Builder
	sb.WriteString("**If you need help right now**\n")
	sb.WriteString(lead + "\n")
	sb.WriteString("If you or someone else is in danger now, **call your local emergency number**.\n")
	if rg, ok := b.crisis.regions[b.crisis.def]; ok {
		name := rg.Name
		if name == "" {
			name = rg.Code
		}
		fmt.Fprintf(&sb, "Numbers for %s:\n", name)
		writeRegion(&sb, rg)
	}
	sb.WriteString("To see the numbers for your country, type /crisis where: and its two letters, like /crisis where:GB.\n")
	sb.WriteString(crisisFooter)
	return sb.String()
}

// emergencyWords is how a footer names the emergency number of g's
// country: "112", or "your local emergency number" when it is not known.
func (b *Bot) emergencyWords(g *bot.Group) string {
	if rg, ok := b.crisis.regions[g.Region]; ok && rg.Emergency != "" {
		return rg.Emergency
	}
	return "your local emergency number"
}

// completeCountry suggests countries of the crisis table whose code or
// name starts with or contains prefix (lower case).
func (b *Bot) completeCountry(prefix string) []bot.Choice {
	var codes []string
	for code := range b.crisis.regions {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	var out []bot.Choice
	for _, starts := range []bool{true, false} {
		for _, code := range codes {
			rg := b.crisis.regions[code]
			c, n := strings.ToLower(code), strings.ToLower(rg.Name)
			isPrefix := strings.HasPrefix(c, prefix) || strings.HasPrefix(n, prefix)
			if isPrefix == starts && (isPrefix || strings.Contains(n, prefix)) && len(out) < 25 {
				out = append(out, bot.Choice{ID: code, Label: b.regionName(code)})
			}
		}
	}
	return out
}
