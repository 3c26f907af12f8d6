package core

import (
	"context"
	"fmt"
	"strings"

	"groupwork/bot"
)

// parseRegion turns what a therapist typed (a code like de, or a country
// name of the crisis table like Germany) into a country code. "none"
// clears it.
func (b *Bot) parseRegion(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if strings.EqualFold(raw, "none") {
		return "", nil
	}
	code := strings.ToUpper(raw)
	if b.crisis.known[code] {
		return code, nil
	}
	if rg, ok := b.lookupRegion(raw); ok && isCountryCode(rg.Code) {
		return rg.Code, nil
	}
	for cc, name := range countryNames {
		if strings.EqualFold(name, raw) {
			return cc, nil
		}
	}
	return "", bot.Errorf(bot.EInvalid, "%q is not a country I know. Use its two letters, like DE for Germany, GB for the United Kingdom or US for the United States.", shorten(bot.CleanText(raw), 40))
}

// defaultRegion is the region of a new group that names none: the country
// of its time zone, else the practice's default region, else none. why
// says where it came from, for the therapist.
func (b *Bot) defaultRegion(tz string) (code, why string) {
	if cc := zoneCountry[tz]; cc != "" {
		return cc, "from the time zone " + tz
	}
	if b.crisis.def != "" && isCountryCode(b.crisis.def) {
		return b.crisis.def, "the practice's default, because the time zone " + tz + " names no country"
	}
	return "", "the time zone " + tz + " names no country"
}

// regionReport tells the therapist which crisis numbers the group's
// members will see, and how to change them.
func (b *Bot) regionReport(g *bot.Group, why string) string {
	if g.Region == "" {
		return fmt.Sprintf("**Crisis numbers: no country set** (%s). Members who type /crisis are told to call their local emergency number, and no crisis line. Set the country with /group region, like /group region DE.", why)
	}
	if why != "" {
		why = " (" + why + ")"
	}
	rg, ok := b.crisis.regions[g.Region]
	if !ok || rg.Emergency == "" && len(rg.Resources) == 0 {
		return fmt.Sprintf("**Crisis numbers: %s**%s. I have no numbers for this country: members who type /crisis are told to call their local emergency number. Your practice can add its numbers in the configuration (crisis:). Change the country with /group region.", b.regionName(g.Region), why)
	}
	var nums []string
	if rg.Emergency != "" {
		nums = append(nums, "emergency "+rg.Emergency)
	}
	for _, r := range rg.Resources {
		nums = append(nums, r.Name+" "+r.Contact)
	}
	return fmt.Sprintf("**Crisis numbers: %s**%s: /crisis shows %s. Not right? Change the country with /group region, like /group region GB.", b.regionName(g.Region), why, strings.Join(nums, ", "))
}

func (b *Bot) groupRegion(ctx context.Context, req *bot.Request) (bot.Reply, error) {
	raw, _ := req.Cmd.String("region")
	g := req.Group
	if strings.TrimSpace(raw) == "" {
		return bot.PrivateText(b.regionReport(g, "")), nil
	}
	code, err := b.parseRegion(raw)
	if err != nil {
		return bot.Reply{}, err
	}
	if err := b.store.SetGroupRegion(ctx, g.ID, code); err != nil {
		return bot.Reply{}, err
	}
	g.Region = code
	b.noteRegion(g)
	b.log.Info("group region set", "group", g.ID, "region", code)
	return bot.PrivateText("Changed. " + b.regionReport(g, "")), nil
}

// groupRegionWords names a group's region for /group info.
func (b *Bot) groupRegionWords(g *bot.Group) string {
	if g.Region == "" {
		return "no country set (members are told to call their local emergency number; set it with /group region)"
	}
	return b.regionName(g.Region)
}
