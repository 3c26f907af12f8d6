package bot

import (
	"fmt"
	"time"
)

// HumanDuration renders 24h as "24 hours", 90m as "1 hour 30 minutes", 72h as "3 days".
func HumanDuration(d time.Duration) string {
	if d <= 0 {
		return "no time"
	}
	days := int(d / (24 * time.Hour))
	hours := int(d % (24 * time.Hour) / time.Hour)
	mins := int(d % time.Hour / time.Minute)
	if days > 0 && hours == 0 && mins == 0 && days != 1 {
		return Plural(days, "day")
	}
	hours += days * 24
	switch {
	case hours > 0 && mins > 0:
		return Plural(hours, "hour") + " " + Plural(mins, "minute")
	case hours > 0:
		return Plural(hours, "hour")
	}
	return Plural(mins, "minute")
}

// Plural renders a count with its unit: "1 day", "3 days".
func Plural(n int, unit string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", unit)
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
