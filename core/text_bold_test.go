package core

import "testing"

func TestBoldLines(t *testing.T) {
	for in, want := range map[string]string{
		"How are you?":                           "**How are you?**",
		"Over the last 2 weeks?\n\nFeeling down": "**Over the last 2 weeks?**\n\n**Feeling down**",
		"  padded  \n":                           "**padded**\n",
	} {
		if got := boldLines(in); got != want {
			t.Errorf("boldLines(%q) = %q, want %q", in, got, want)
		}
	}
}
