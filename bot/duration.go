package bot

import (
	"fmt"
	"time"
)

// humanDuration renders 24h as "24 hours", 90m as "1 hour 30 minutes", 72h as "3 days".
func humanDuration(d time.Duration) string {
	if d <= 0 {
		return "no time"
	}
	days := int(d / (24 * time.Hour))
	hours := int(d % (24 * time.Hour) / time.Hour)
	mins := int(d % time.Hour / time.Minute)
	if days > 0 && hours == 0 && mins == 0 && days != 1 {
		return plural(days, "day")
	}
	hours += days * 24
	switch {
	case hours > 0 && mins > 0:
		return plural(hours, "hour") + " " + plural(mins, "minute")
	case hours > 0:
		return plural(hours, "hour")
	}
	return plural(mins, "minute")
}

func plural(n int, unit string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", unit)
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
