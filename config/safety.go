package config

import (
	"encoding/base64"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// CrisisRegion is the crisis resources of one country or locale, in the
// order written. It corrects or extends groupwork's built-in table (by
// code); the first region is the default of /crisis unless safety.region
// is set.
type CrisisRegion struct {
	Code      string // "US", "DE", "en-GB"
	Name      string // "Germany"; "" keeps the built-in name
	Emergency string // the emergency number; "" keeps the built-in one
	Resources []CrisisResource
}

// CrisisResource is one place to turn to in a crisis.
type CrisisResource struct {
	Name    string
	Contact string
	How     string
}

// Safety configures safety alerts and the exercise footer.
type Safety struct {
	ResendAfter time.Duration // unacknowledged alerts are sent again after this; 2h
	Footer      string        // default footer under every exercise; "" for none
	// Region is the country (ISO 3166-1 alpha-2) of new groups whose time
	// zone names none, and the one /crisis names in direct messages.
	Region string
	// MinRespondents is the small-group guard: results are posted to the
	// group only when at least this many members answered. 0 means the
	// core's default (5); values below 3 are refused.
	MinRespondents int
	Escalation     Escalation
}

// Escalation says who else is told about a safety alert that nobody has
// acknowledged. Zero durations mean the core's defaults (30m, 2h).
type Escalation struct {
	BackupAfter     time.Duration // the backup therapist is told it is still open
	PracticeAfter   time.Duration // after BackupAfter, the practice contact is told
	PracticeContact string        // platform user id of a clinician of the practice; "" for none
}

// ConsentPlaceholders are the words in braces a consent notice may use.
var ConsentPlaceholders = []string{"group", "retention"}

var (
	placeholder = regexp.MustCompile(`\{[^{}\s]*\}`)
	userID      = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
)

// consentNotice reads consent.notice and checks its placeholders.
func (p *parser) consentNotice(v *yaml.Node, dst *string) {
	if !p.str(v, "consent.notice", dst) {
		return
	}
	for _, ph := range placeholder.FindAllString(*dst, -1) {
		if !slices.Contains(ConsentPlaceholders, ph[1:len(ph)-1]) {
			p.add(v, "consent.notice uses %s, which is not a placeholder; use {group} (the group's name) or {retention} (how long this group keeps answers)", ph)
		}
	}
}

func (p *parser) escalation(v *yaml.Node, dst *Escalation) {
	dur := func(v *yaml.Node, where string, min, max time.Duration, dst *time.Duration) {
		var s string
		if !p.str(v, where, &s) {
			return
		}
		d, err := time.ParseDuration(s)
		if err != nil || d < min || d > max {
			p.add(v, "%s is %q; use a duration from %s to %s, like 30m or 2h", where, s, shortDur(min), shortDur(max))
			return
		}
		*dst = d
	}
	p.mapping(v, "safety.escalation",
		field{"backup_after", func(v *yaml.Node) {
			dur(v, "safety.escalation.backup_after", 5*time.Minute, 24*time.Hour, &dst.BackupAfter)
		}},
		field{"practice_after", func(v *yaml.Node) {
			dur(v, "safety.escalation.practice_after", 5*time.Minute, 72*time.Hour, &dst.PracticeAfter)
		}},
		field{"practice_contact", func(v *yaml.Node) {
			if p.str(v, "safety.escalation.practice_contact", &dst.PracticeContact) && !userID.MatchString(dst.PracticeContact) {
				p.add(v, "safety.escalation.practice_contact is %q; use the platform user id of a person (for Discord, the number from Copy User ID)", dst.PracticeContact)
				dst.PracticeContact = ""
			}
		}})
}

func shortDur(d time.Duration) string {
	s := d.String()
	s = strings.TrimSuffix(s, "0s")
	return strings.TrimSuffix(s, "0m")
}

// Defaults of the safety keys.
const (
	DefaultResendAfter   = 2 * time.Hour
	DefaultRetentionDays = 365
)

var (
	regionCode      = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$`)
	countryCode     = regexp.MustCompile(`^[A-Za-z]{2}$`)
	emergencyNumber = regexp.MustCompile(`^[0-9][0-9 -]{1,14}$`)
)

func (p *parser) crisis(v *yaml.Node, dst *[]CrisisRegion) {
	if v.Kind != yaml.MappingNode {
		p.add(v, "crisis must be a set of regions, like US: [{name: ..., contact: \"988\", how: call or text}], not %s", kindWords(v))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, list := v.Content[i], v.Content[i+1]
		code := k.Value
		if !regionCode.MatchString(code) {
			p.add(k, "crisis: %q is not a country or locale code; use one like US, DE or en-GB", code)
			continue
		}
		if seen[strings.ToLower(code)] {
			p.add(k, "crisis: the region %q is given twice", code)
			continue
		}
		seen[strings.ToLower(code)] = true
		where := "crisis." + code
		rg := CrisisRegion{Code: code}
		if list.Kind == yaml.MappingNode {
			// The long form: {name: ..., emergency: ..., resources: [...]}.
			var res *yaml.Node
			p.mapping(list, where,
				field{"name", func(v *yaml.Node) { p.str(v, where+".name", &rg.Name) }},
				field{"emergency", func(v *yaml.Node) {
					if p.str(v, where+".emergency", &rg.Emergency) && !emergencyNumber.MatchString(rg.Emergency) {
						p.add(v, "%s.emergency is %q; write the number to call, like \"112\" or \"911\"", where, rg.Emergency)
					}
				}},
				field{"resources", func(v *yaml.Node) { res = v }})
			if res == nil {
				if rg.Name == "" && rg.Emergency == "" {
					p.add(list, "%s sets nothing; give a name, an emergency number or resources", where)
				}
				*dst = append(*dst, rg)
				continue
			}
			list, where = res, where+".resources"
		}
		if list.Kind != yaml.SequenceNode || len(list.Content) == 0 {
			p.add(list, "%s must be a list of resources, each {name: ..., contact: ..., how: ...}", where)
			continue
		}
		for j, item := range list.Content {
			iw := where + " entry " + strconv.Itoa(j+1)
			var r CrisisResource
			p.mapping(item, iw,
				field{"name", func(v *yaml.Node) { p.str(v, iw+" name", &r.Name) }},
				field{"contact", func(v *yaml.Node) { p.str(v, iw+" contact", &r.Contact) }},
				field{"how", func(v *yaml.Node) { p.str(v, iw+" how", &r.How) }})
			if item.Kind != yaml.MappingNode {
				continue
			}
			if strings.TrimSpace(r.Name) == "" || strings.TrimSpace(r.Contact) == "" {
				p.add(item, "%s needs a name and a contact (a number, a text line or a web address)", iw)
				continue
			}
			if len(r.Name)+len(r.Contact)+len(r.How) > 300 {
				p.add(item, "%s is too long; keep each resource under 300 characters", iw)
				continue
			}
			rg.Resources = append(rg.Resources, r)
		}
		*dst = append(*dst, rg)
	}
}

func (p *parser) safety(v *yaml.Node, dst *Safety) {
	p.mapping(v, "safety",
		field{"resend_after", func(v *yaml.Node) {
			var s string
			if !p.str(v, "safety.resend_after", &s) {
				return
			}
			d, err := time.ParseDuration(s)
			if err != nil || d < 10*time.Minute || d > 7*24*time.Hour {
				p.add(v, "safety.resend_after is %q; use a duration from 10m to 168h, like 2h or 90m", s)
				return
			}
			dst.ResendAfter = d
		}},
		field{"region", func(v *yaml.Node) {
			if p.str(v, "safety.region", &dst.Region) && !countryCode.MatchString(dst.Region) {
				p.add(v, "safety.region is %q; use a country's two letters, like DE, GB or US", dst.Region)
				return
			}
			dst.Region = strings.ToUpper(dst.Region)
		}},
		field{"min_respondents", func(v *yaml.Node) {
			var s string
			if !p.str(v, "safety.min_respondents", &s) {
				return
			}
			n, err := strconv.Atoi(s)
			if err != nil || n < 3 || n > 100 {
				p.add(v, "safety.min_respondents is %q; use a whole number from 3 to 100 (below 3, a total can give away who said what)", s)
				return
			}
			dst.MinRespondents = n
		}},
		field{"escalation", func(v *yaml.Node) { p.escalation(v, &dst.Escalation) }},
		field{"footer", func(v *yaml.Node) {
			if p.str(v, "safety.footer", &dst.Footer) && len([]rune(dst.Footer)) > 300 {
				p.add(v, "safety.footer has %d characters; keep it under 300 (one short line)", len([]rune(dst.Footer)))
			}
		}})
}

func (p *parser) days(v *yaml.Node, where string, dst *int) {
	var s string
	if !p.str(v, where, &s) {
		return
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 7 || n > 3650 {
		p.add(v, "%s is %q; use a whole number of days from 7 to 3650", where, s)
		return
	}
	*dst = n
}

func (p *parser) boolean(v *yaml.Node, where string, dst *bool) {
	var s string
	if !p.str(v, where, &s) {
		return
	}
	switch s {
	case "true", "yes":
		*dst = true
	case "false", "no":
		*dst = false
	default:
		p.add(v, "%s is %q; use true or false", where, s)
	}
}

// dataKey reads a data key: from the environment only, base64 of 32 bytes.
// Messages never contain the value.
func (p *parser) dataKey(v *yaml.Node, where string, dst *string) {
	before := len(p.probs)
	p.secret(v, where, "GROUPWORK_DATA_KEY", dst)
	if len(p.probs) > before {
		return
	}
	if key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(*dst)); err != nil || len(key) != 32 {
		p.add(v, "%s must be base64 of 32 random bytes (make one with: openssl rand -base64 32)", where)
		*dst = ""
	}
}

func (p *parser) oldKeys(v *yaml.Node, dst *[]string) {
	if v.Kind != yaml.SequenceNode {
		p.add(v, "old_data_keys must be a list, like [\"${GROUPWORK_OLD_DATA_KEY}\"], not %s", kindWords(v))
		return
	}
	for _, item := range v.Content {
		var k string
		if p.dataKey(item, "old_data_keys entries", &k); k != "" {
			*dst = append(*dst, k)
		}
	}
}
