package bot

import (
	"fmt"
	"strings"
)

// Item is one thing a person can press or fill in, numbered in reading
// order by Render.
type Item struct {
	N        int
	Label    string
	CustomID string // the Action's custom id (a button, or the menu's id)
	Value    string // for a menu option: the value sent in Action.Values
	Multi    bool   // the menu accepts several values
	Form     *Form  // for a form button: the form to fill in
}

// Render turns a message into plain text with numbered items, for terminals
// and transcripts. Markdown is kept as typed; blocks become lines such as
// "[1] Start" or "(menu, choose one) [3] Apples".
func Render(m *Message) (string, []Item) {
	if m == nil {
		return "", nil
	}
	var sb strings.Builder
	var items []Item
	sb.WriteString(m.Text)
	add := func(it Item) string {
		it.N = len(items) + 1
		items = append(items, it)
		return fmt.Sprintf("[%d] %s", it.N, it.Label)
	}
	for _, b := range m.Blocks {
		sb.WriteString("\n")
		switch b := b.(type) {
		case *Buttons:
			var row []string
			for _, c := range b.Choices {
				row = append(row, add(Item{Label: c.Label, CustomID: c.ID}))
			}
			sb.WriteString(strings.Join(row, "  "))
		case *Select:
			how := "choose one"
			if b.Max > 1 {
				how = fmt.Sprintf("choose %d to %d, numbers separated by spaces", b.Min, b.Max)
			}
			fmt.Fprintf(&sb, "(menu, %s)", how)
			for _, c := range b.Choices {
				sb.WriteString("\n  " + add(Item{Label: c.Label, CustomID: b.CustomID, Value: c.ID, Multi: b.Max > 1}))
			}
		case *FormButton:
			f := b.Form
			sb.WriteString(add(Item{Label: b.Label, CustomID: f.CustomID, Form: &f}) + " (opens a form)")
		case *Image:
			fmt.Fprintf(&sb, "(image %s, %d bytes: %s)", b.Name, len(b.PNG), b.Alt)
		case *File:
			fmt.Fprintf(&sb, "(file %s, %d bytes)", b.Name, len(b.Data))
		}
	}
	return sb.String(), items
}
