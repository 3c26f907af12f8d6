package bot

import "time"

// farAway is how far from now a date must be for its year to be shown:
// "Mon 2 Jan" is ambiguous once it could be last year's or next year's.
const farAway = 183 * 24 * time.Hour

// FormatTimeFrom renders t for people in the group as seen at now: "Wed 25
// Nov, 18:00", with the year when t is more than six months before or after
// now ("Wed 25 Nov 2027, 18:00").
func (g *Group) FormatTimeFrom(t, now time.Time) string {
	lt := t.In(g.Location())
	if far(t, now) {
		return lt.Format("Mon 2 Jan 2006, 15:04")
	}
	return lt.Format("Mon 2 Jan, 15:04")
}

// DayFrom renders the day of t in loc as seen at now: "2 Jan", or "2 Jan
// 2006" when t is more than six months from now.
func DayFrom(t, now time.Time, loc *time.Location) string {
	if far(t, now) {
		return t.In(loc).Format("2 Jan 2006")
	}
	return t.In(loc).Format("2 Jan")
}

func far(t, now time.Time) bool {
	d := t.Sub(now)
	return d > farAway || d < -farAway
}

// FirstDay renders the first day of a range that ends at last, whose year
// is shown: "2 Jan", or "2 Jan 2006" when the range crosses a new year.
func FirstDay(first, last time.Time, loc *time.Location) string {
	if first.In(loc).Year() != last.In(loc).Year() {
		return first.In(loc).Format("2 Jan 2006")
	}
	return first.In(loc).Format("2 Jan")
}
