package core

import (
	"bufio"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
)

var (
	dialable = regexp.MustCompile(`^[0-9][0-9 -]*[0-9]$`)
	isoCode  = regexp.MustCompile(`^[A-Z]{2}$`)
)

func sourceURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// TestCrisisTable: the built-in table covers at least 25 countries; every
// entry has an ISO code, a name, an emergency number and the page that
// confirmed it; every crisis line has a number and its own source; codes
// are sorted and unique, and every code is one the time zone table knows.
func TestCrisisTable(t *testing.T) {
	if len(builtinCrisis) < 25 {
		t.Errorf("the table has %d countries; want at least 25", len(builtinCrisis))
	}
	countries := map[string]bool{}
	for _, cc := range zoneCountry {
		countries[cc] = true
	}
	lines := 0
	for i, rg := range builtinCrisis {
		if !isoCode.MatchString(rg.Code) || rg.Name == "" {
			t.Errorf("entry %d: code %q name %q", i, rg.Code, rg.Name)
		}
		if !countries[rg.Code] {
			t.Errorf("%s is not a country of the time zone table", rg.Code)
		}
		if i > 0 && builtinCrisis[i-1].Code >= rg.Code {
			t.Errorf("%s: codes must be sorted and unique", rg.Code)
		}
		if !dialable.MatchString(rg.Emergency) || !sourceURL(rg.EmergencySource) {
			t.Errorf("%s: emergency %q, source %q", rg.Code, rg.Emergency, rg.EmergencySource)
		}
		for _, r := range rg.Resources {
			lines++
			if r.Name == "" || !dialable.MatchString(r.Contact) || !sourceURL(r.Source) {
				t.Errorf("%s: resource %+v needs a name, a number and a source URL", rg.Code, r)
			}
		}
	}
	t.Logf("built-in crisis table: %d countries, %d national crisis lines", len(builtinCrisis), lines)
}

// TestCrisisTableSourceComments: in crisis_table.go every crisis line is
// preceded by a comment quoting or summarising its source, so a reviewer
// sees what the cited page says without opening it.
func TestCrisisTableSourceComments(t *testing.T) {
	f, err := os.Open("crisis_table.go")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	prev := ""
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "{Name:") && !strings.HasPrefix(prev, "//") {
			t.Errorf("crisis_table.go:%d: a crisis line without a comment on its source above it", n)
		}
		prev = line
	}
}

// TestRegionFromTimeZone: the time zone decides a new group's default
// country; zones that name no country give none.
func TestRegionFromTimeZone(t *testing.T) {
	for tz, want := range map[string]string{
		"Europe/Berlin": "DE", "Europe/London": "GB", "Europe/Dublin": "IE", "America/New_York": "US",
		"America/Toronto": "CA", "Asia/Kolkata": "IN", "Asia/Calcutta": "IN", "Europe/Kiev": "UA",
		"America/Buenos_Aires": "AR", "Australia/Sydney": "AU", "US/Eastern": "US", "Iceland": "IS",
		"Europe/Zurich": "CH", "Europe/Oslo": "NO", "UTC": "", "Etc/GMT+2": "", "CET": "", "EST5EDT": "",
	} {
		if got := zoneCountry[tz]; got != want {
			t.Errorf("%s → %q, want %q", tz, got, want)
		}
	}
	for _, tz := range timeZones {
		if tz != "UTC" && zoneCountry[tz] == "" {
			t.Errorf("the suggested time zone %s names no country", tz)
		}
	}
}

// TestZoneCountryMatchesTzdata: where the system has the IANA zone.tab,
// every zone in it maps to its country here (the map was generated from
// it; a newer tzdata may add zones, which are reported, not failed).
func TestZoneCountryMatchesTzdata(t *testing.T) {
	f, err := os.Open("/usr/share/zoneinfo/zone.tab")
	if err != nil {
		t.Skip("no zone.tab on this system")
	}
	defer f.Close()
	var missing []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		p := strings.Split(sc.Text(), "\t")
		if strings.HasPrefix(p[0], "#") || len(p) < 3 {
			continue
		}
		got, ok := zoneCountry[p[2]]
		if !ok {
			missing = append(missing, p[2])
			continue
		}
		if got != p[0] {
			t.Errorf("%s → %s here, %s in zone.tab", p[2], got, p[0])
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Logf("zones of this system's zone.tab not in the map (regenerate zone_country.go): %v", missing)
	}
}
