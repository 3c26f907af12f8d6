package shell

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"groupwork/bot"
)

const consoleHelp = `You are playing people in a therapy group, in one terminal.
  /as NAME        become NAME (for example /as Tess, the therapist, or /as Ana, a member)
  /help           the bot's commands, as the current person
  1, 2 …          press the button or menu option with that number
  1 3 4           choose several options of one menu
  /quit or Ctrl-D end
Anything else that starts with / is a command, typed as on Discord: /exercise start mood-checkin`

// Console lets a person play in the terminal: it reads lines from in until
// EOF, /quit or ctx ends. It starts as the person called first.
func (a *Adapter) Console(ctx context.Context, in io.Reader, first string) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 64*1024)
	who := first
	a.narrate("%s\n\nYou are %s.\n", consoleHelp, who)
	for {
		a.narrate("%s> ", who)
		if !sc.Scan() {
			a.narrate("\n")
			return sc.Err()
		}
		if ctx.Err() != nil {
			return nil
		}
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "":
			continue
		case line == "/quit" || line == "/exit":
			return nil
		case line == "/as":
			a.narrate("Type /as NAME, for example /as Ana.\n")
		case strings.HasPrefix(line, "/as "):
			who = strings.TrimSpace(strings.TrimPrefix(line, "/as "))
			a.narrate("You are now %s.\n", a.Person(who).Name)
			if v := a.View(who); v != "" {
				a.narrate("The last message you were shown:\n%s\n", indent(v))
			}
		case strings.HasPrefix(line, "/"):
			a.report(a.Do(ctx, who, line))
		case isNumbers(line):
			a.report(a.pressNumbers(ctx, sc, who, strings.Fields(line)))
		default:
			a.narrate("Type a command starting with /, or the number of a button. /as NAME switches person; /quit ends.\n")
		}
	}
}

func (a *Adapter) report(r Result) {
	if r.Err != nil {
		a.narrate("  %v\n", r.Err)
	}
}

func isNumbers(s string) bool {
	for _, f := range strings.Fields(s) {
		for _, r := range f {
			if r < '0' || r > '9' {
				return false
			}
		}
	}
	return true
}

// pressNumbers presses one item, chooses several options of one menu, or
// asks for a form's fields one by one.
func (a *Adapter) pressNumbers(ctx context.Context, sc *bufio.Scanner, who string, nums []string) Result {
	text, items := a.Pressable(who)
	if len(items) > 0 && text != a.View(who) {
		a.narrate("  (pressing on the earlier message: %s)\n", firstLine(text))
	}
	var picked []bot.Item
	for _, n := range nums {
		i, _ := strconv.Atoi(n)
		if i < 1 || i > len(items) {
			if len(items) == 0 {
				return Result{Err: fmt.Errorf("there is nothing to press yet")}
			}
			return Result{Err: fmt.Errorf("there is no [%s] here; the numbers shown go from 1 to %d", n, len(items))}
		}
		picked = append(picked, items[i-1])
	}
	if len(picked) == 1 {
		it := picked[0]
		if it.Form != nil {
			return a.fillInteractive(ctx, sc, who, it.Label, it.Form.Fields)
		}
		return a.pressItem(ctx, who, it)
	}
	var labels []string
	for _, it := range picked {
		if !it.Multi {
			return Result{Err: fmt.Errorf("several numbers only work for a menu that says you can choose more than one")}
		}
		labels = append(labels, it.Label)
	}
	return a.Choose(ctx, who, labels...)
}

func (a *Adapter) fillInteractive(ctx context.Context, sc *bufio.Scanner, who, label string, fields []bot.Field) Result {
	var values []string
	for _, f := range fields {
		hint := fmt.Sprintf("up to %d characters", f.MaxLen)
		if !f.Required {
			hint += "; press Enter to leave it empty"
		}
		a.narrate("  %s (%s):\n  %s> ", f.Label, hint, who)
		if !sc.Scan() {
			return Result{Err: fmt.Errorf("the form was not sent")}
		}
		values = append(values, sc.Text())
	}
	return a.Fill(ctx, who, label, values...)
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
