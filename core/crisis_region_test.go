package core_test

import (
	"strings"
	"testing"

	"groupwork/core"
	"groupwork/core/coretest"
)

// mustHave fails the test when text lacks any of want or has any of not,
// printing the transcript so far.
func mustHave(t *testing.T, h *coretest.Harness, what, text string, want []string, not []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q:\n%s\n--- transcript:\n%s", what, w, text, h.Transcript())
		}
	}
	for _, n := range not {
		if strings.Contains(text, n) {
			t.Errorf("%s shows %q:\n%s\n--- transcript:\n%s", what, n, text, h.Transcript())
		}
	}
}

// usNumbers are the US crisis numbers that main showed every group.
var usNumbers = []string{"988", "911"}

// TestCrisisFollowsTheGroupsCountry: a group created in Europe/Berlin gets
// Germany as its region, and the therapist is told so and how to change
// it; its members' /crisis shows German numbers, never the US ones; /group
// info shows the country; /group region GB changes what /crisis shows.
func TestCrisisFollowsTheGroupsCountry(t *testing.T) {
	h := coretest.NewBot(t)
	text := coretest.Text(h.Do("Tess", "/group create \"Tuesday group\" timezone:Europe/Berlin"))
	mustHave(t, h, "create reply", text, []string{"Crisis numbers: Germany (DE)", "from the time zone Europe/Berlin", "112", "TelefonSeelsorge", "/group region"}, usNumbers)
	h.Do("Tess", "/group add @Ana")

	text = coretest.Text(h.Do("Ana", "/crisis"))
	mustHave(t, h, "Ana's /crisis", text, []string{"(Germany)", "Emergency services: **112**", "TelefonSeelsorge: **0800 111 0 111**", "not an emergency service"}, usNumbers)

	mustHave(t, h, "/group info", coretest.Text(h.Do("Tess", "/group info")), []string{"Crisis numbers: Germany (DE)"}, nil)
	mustHave(t, h, "Ana's /group info", coretest.Text(h.Do("Ana", "/group info")), []string{"Crisis numbers: Germany (DE)"}, nil)

	// Only therapists change it.
	mustHave(t, h, "Ana's /group region", coretest.Text(h.Do("Ana", "/group region US")), []string{"Only this group's therapists"}, nil)
	mustHave(t, h, "/group region", coretest.Text(h.Do("Tess", "/group region")), []string{"Crisis numbers: Germany (DE)"}, nil)
	mustHave(t, h, "/group region Narnia", coretest.Text(h.Do("Tess", "/group region Narnia")), []string{`"Narnia" is not a country I know`}, nil)
	text = coretest.Text(h.Do("Tess", "/group region united kingdom"))
	mustHave(t, h, "/group region united kingdom", text, []string{"Changed.", "Crisis numbers: United Kingdom (GB)", "Samaritans 116 123", "emergency 999"}, nil)
	text = coretest.Text(h.Do("Ana", "/crisis"))
	mustHave(t, h, "Ana's /crisis after the change", text, []string{"(United Kingdom)", "**999**", "Samaritans: **116 123**"}, append([]string{"TelefonSeelsorge"}, usNumbers...))
	mustHave(t, h, "/group info after the change", coretest.Text(h.Do("Tess", "/group info")), []string{"Crisis numbers: United Kingdom (GB)"}, nil)
}

// TestCrisisRegionChosenAtCreate: region: at /group create wins over the
// time zone, by code or by name, and a country that is not one is refused
// before anything is created.
func TestCrisisRegionChosenAtCreate(t *testing.T) {
	h := coretest.NewBot(t)
	mustHave(t, h, "create with a bad region", coretest.Text(h.Do("Tess", "/group create G timezone:Europe/Berlin region:xx")), []string{`"xx" is not a country I know`}, nil)
	text := coretest.Text(h.Do("Tess", "/group create G timezone:Europe/Berlin region:fr"))
	mustHave(t, h, "create region:fr", text, []string{"Crisis numbers: France (FR)", "as you chose", "3114"}, append([]string{"TelefonSeelsorge"}, usNumbers...))
	mustHave(t, h, "/crisis", coretest.Text(h.Do("Tess", "/crisis")), []string{"(France)", "**3114**", "**112**"}, usNumbers)
	text = coretest.Text(h.DoIn("other-channel", "Tess", "/group create H timezone:America/Toronto region:Canada"))
	mustHave(t, h, "create region:Canada", text, []string{"Crisis numbers: Canada (CA)", "988", "911"}, nil)
	text = coretest.Text(h.DoIn("third-channel", "Tess", "/group create J timezone:UTC region:japan"))
	mustHave(t, h, "create region:japan", text, []string{"Crisis numbers: Japan (JP)", "as you chose", "I have no numbers for this country"}, nil)
}

// TestCountryCompletion: the region and where options suggest countries
// of the crisis table by code or name (Discord autocomplete).
func TestCountryCompletion(t *testing.T) {
	h := coretest.NewBot(t)
	for prefix, want := range map[string]string{"ger": "DE", "gb": "GB", "united k": "GB", "zeal": "NZ"} {
		got := h.Bot.Complete("country", prefix)
		if len(got) == 0 || got[0].ID != want {
			t.Errorf("Complete(country, %q) = %+v, want %s first", prefix, got, want)
		}
	}
}

// TestCrisisUnknownRegionSaysSo: a group whose time zone names no country
// (UTC, the default) and a group in a country the table has no numbers for
// are told so plainly at create; their members' /crisis says it does not
// know and gives the general advice, with no country's numbers at all.
func TestCrisisUnknownRegionSaysSo(t *testing.T) {
	h := coretest.NewBot(t)
	text := coretest.Text(h.Do("Tess", "/group create G"))
	mustHave(t, h, "create in UTC", text, []string{"Crisis numbers: no country set", "the time zone UTC names no country", "/group region DE"}, nil)
	h.Do("Tess", "/group add @Ana")
	text = coretest.Text(h.Do("Ana", "/crisis"))
	mustHave(t, h, "Ana's /crisis in UTC", text, []string{"I don't know this group's country", "**call your local emergency number**", "/crisis where:GB"},
		[]string{"988", "911", "112", "999", "116", "Numbers for"})
	mustHave(t, h, "/group info", coretest.Text(h.Do("Tess", "/group info")), []string{"Crisis numbers: no country set"}, nil)
	// Members can still ask for a country.
	mustHave(t, h, "/crisis where:de", coretest.Text(h.Do("Ana", "/crisis where:de")), []string{"(Germany)", "TelefonSeelsorge"}, usNumbers)

	// A real country the table has no numbers for: Japan, from its time zone.
	text = coretest.Text(h.DoIn("other-channel", "Tess", "/group create H timezone:Asia/Tokyo"))
	mustHave(t, h, "create in Tokyo", text, []string{"Crisis numbers: Japan (JP)", "I have no numbers for this country", "local emergency number"}, usNumbers)
	text = coretest.Text(h.DoIn("other-channel", "Tess", "/crisis"))
	if testing.Verbose() {
		t.Log(h.Transcript())
	}
	mustHave(t, h, "/crisis in Tokyo", text, []string{"I don't have crisis numbers for this group's country, Japan (JP)", "call your local emergency number"}, append([]string{"112"}, usNumbers...))
}

// TestCrisisDefaultRegionOfThePractice: with safety.region set, a group in
// UTC gets it (and the therapist is told where it came from), and /crisis
// in a direct message names it, under its name, after the general advice.
func TestCrisisDefaultRegionOfThePractice(t *testing.T) {
	h := coretest.NewBot(t, func(c *core.Config) { c.CrisisDefaultRegion = "IE" })
	text := coretest.Text(h.Do("Tess", "/group create G"))
	mustHave(t, h, "create", text, []string{"Crisis numbers: Ireland (IE)", "the practice's default", "UTC names no country"}, nil)
	text = coretest.Text(h.DoIn("no-group-channel", "Ana", "/crisis"))
	mustHave(t, h, "/crisis in a channel without a group", text, []string{"I don't know which country you are in", "call your local emergency number", "Numbers for Ireland:", "116 123"}, usNumbers)
}

// TestFooterNamesTheGroupsEmergencyNumber: a practice-wide footer written
// with {emergency} shows each group's own emergency number, and the
// general words where the group has no country: never another country's.
func TestFooterNamesTheGroupsEmergencyNumber(t *testing.T) {
	h := coretest.NewBot(t, func(c *core.Config) {
		c.SafetyFooter = "Not monitored around the clock. In an emergency call {emergency}, or type /crisis."
	})
	h.Do("Tess", "/group create G timezone:Europe/Berlin")
	h.Do("Tess", "/group add @Ana")
	h.Do("Tess", "/exercise start mood-checkin")
	text := strings.Join(h.PostsTo(h.Channel), "\n")
	mustHave(t, h, "Berlin prompt", text, []string{"In an emergency call 112, or type /crisis."}, append([]string{"{emergency}"}, usNumbers...))

	h.DoIn("utc-channel", "Tess", "/group create H")
	h.DoIn("utc-channel", "Tess", "/exercise start mood-checkin")
	text = strings.Join(h.PostsTo("utc-channel"), "\n")
	mustHave(t, h, "UTC prompt", text, []string{"In an emergency call your local emergency number, or type /crisis."}, append([]string{"{emergency}"}, usNumbers...))
}

// TestAlertScreenShowsTheGroupsCountry: the member's screen after an alert
// shows the crisis numbers of the group's own country (UK: Samaritans and
// 999), and in a group without a country it says so and gives the general
// advice; neither shows the US numbers that main showed everyone.
func TestAlertScreenShowsTheGroupsCountry(t *testing.T) {
	for _, tc := range []struct {
		create string
		want   []string
	}{
		{`/group create G timezone:Europe/London`, []string{"(United Kingdom)", "Samaritans: **116 123**", "**999**"}},
		{`/group create G`, []string{"I don't know this group's country", "call your local emergency number"}},
	} {
		t.Run(tc.create, func(t *testing.T) {
			h := coretest.NewBot(t)
			h.Do("Tess", tc.create)
			h.Do("Tess", "/group add @Ana")
			h.Do("Ana", "/privacy accept")
			h.Do("Tess", "/exercise start mood-checkin")
			h.Press("Ana", "Start")
			text := coretest.Text(h.Press("Ana", "2"))
			mustHave(t, h, "alert screen", text, append(tc.want, "Please contact me"), usNumbers)
		})
	}
}
