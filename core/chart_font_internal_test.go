package core

import "testing"

func TestChartFontCoversLatinGreekCyrillic(t *testing.T) {
	for _, alphabet := range []string{
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzÄÖÜäöüßÀÉÈÊËÏÎÔÛÇàéèêëïîôûçŁłŃńŚśŹźŻżĄąĘęĆćŠšŽžČčŘřĚěŮůŐőŰűĞğİıŞş",
		"ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩαβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώϊϋΐΰ",
		"АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюяІіЇїЄєҐґЎўЈјЉљЊњЋћЏџ",
		"0123456789 ·–—‘’“”…→€",
	} {
		for _, r := range alphabet {
			if !covered(r) {
				t.Errorf("the chart font has no glyph for %q (U+%04X)", r, r)
			}
		}
	}
}

func TestChartNameNeverQuestionMark(t *testing.T) {
	for _, c := range []struct {
		name string
		n    int
		want string
	}{
		{"Zoë", 1, "Zoë"}, {"Łukasz", 2, "Łukasz"}, {"Σοφία", 3, "Σοφία"}, {"Дмитрий", 4, "Дмитрий"},
		{"李", 5, "member 5"}, {"李 Anna", 6, "A."}, {"Anna 李", 7, "A."}, {"", 8, "member 8"}, {"   ", 12, "member 12"},
		{"Jo 😀", 9, "J."},
	} {
		if got := chartName(c.name, c.n); got != c.want {
			t.Errorf("chartName(%q, %d) = %q, want %q", c.name, c.n, got, c.want)
		}
	}
	if got := fontText("Mood 😀 check\u202e-in"); got != "Mood  check-in" {
		t.Errorf("fontText = %q", got)
	}
}
