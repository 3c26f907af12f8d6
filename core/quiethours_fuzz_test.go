package core

import (
	"fmt"
	"testing"
)

// FuzzParseQuietHours: quiet hours typed by a therapist are refused with a
// plain EInvalid, or they are two different minutes of the day that read
// back from their HH:MM-HH:MM form.
func FuzzParseQuietHours(f *testing.F) {
	for _, s := range []string{"22:00-07:00", "13:00-14:30", " 22:00 - 07:00 ", "22:00", "25:00-07:00", "07:00-07:00", "late", "off", "-", "9:00-5:00", "22:00-07:00-08:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		from, to, err := ParseQuietHours(s)
		if err != nil {
			checkPlain(t, err)
			return
		}
		if from < 0 || from >= 24*60 || to < 0 || to >= 24*60 || from == to {
			t.Fatalf("%q read as %d-%d", s, from, to)
		}
		text := fmt.Sprintf("%02d:%02d-%02d:%02d", from/60, from%60, to/60, to%60)
		if f2, t2, err := ParseQuietHours(text); err != nil || f2 != from || t2 != to {
			t.Fatalf("%q read as %s, which reads back as %d-%d, %v", s, text, f2, t2, err)
		}
	})
}
