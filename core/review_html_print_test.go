package core_test

import (
	"regexp"
	"strings"
	"testing"

	"groupwork/core"
	"groupwork/core/coretest"
)

// TestReportHTMLFitsA4: the printable report asks for A4 portrait, and no
// table has more columns than fit its 186 mm at 9 pt (11); every row has
// as many cells as its header, and names in any script are written as they are.
func TestReportHTMLFitsA4(t *testing.T) {
	h := coretest.NewBot(t)
	h.Do("Tess", `/group create "Zoë's circle" Europe/Berlin`)
	for _, who := range []string{"Łukasz", "Σοφία", "Дмитрий"} {
		h.Do("Tess", "/group add @"+who)
		h.Do(who, "/privacy accept")
	}
	h.Do("Tess", "/exercise start mood-checkin")
	h.Press("Σοφία", "Start")
	h.Press("Σοφία", "6")
	g, err := h.Store.GroupByChannel(t.Context(), coretest.Platform, h.Channel)
	if err != nil {
		t.Fatal(err)
	}
	rp, err := h.Bot.BuildReport(t.Context(), g, core.Period{})
	if err != nil {
		t.Fatal(err)
	}
	data, err := rp.HTML()
	if err != nil {
		t.Fatal(err)
	}
	page := string(data)
	for _, want := range []string{"@page { size: A4 portrait;", "thead { display: table-header-group; }", "table-layout: fixed", "Łukasz", "Σοφία", "Дмитрий"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	tables := regexp.MustCompile(`(?s)<table.*?</table>`).FindAllString(page, -1)
	if len(tables) < 2 {
		t.Fatalf("%d tables", len(tables))
	}
	cell := regexp.MustCompile(`<t[hd][ >]`)
	for i, tbl := range tables {
		rows := regexp.MustCompile(`(?s)<tr>.*?</tr>`).FindAllString(tbl, -1)
		cols := len(cell.FindAllString(rows[0], -1))
		if cols > 11 {
			t.Errorf("table %d has %d columns; at most 11 fit A4 portrait", i+1, cols)
		}
		for _, r := range rows[1:] {
			if n := len(cell.FindAllString(r, -1)); n != cols {
				t.Errorf("table %d: a row with %d cells under %d headers: %s", i+1, n, cols, r)
			}
		}
	}
}
