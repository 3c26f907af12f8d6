package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"groupwork/bot"
	"groupwork/bot/bottest"
)

func cmdDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", "", "the SQLite file to write (default: a new file in a temporary folder)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dbPath == "" {
		dir, err := os.MkdirTemp("", "groupwork-demo-")
		if err != nil {
			return err
		}
		*dbPath = filepath.Join(dir, "demo.db")
	}
	res, err := runDemo(ctx, *dbPath, stdout)
	if err != nil {
		return err
	}
	defer res.Close()
	fmt.Fprintf(stdout, "\nThe demo's database is %s\nOpen it again with: groupwork console -db %s\n", *dbPath, *dbPath)
	return nil
}

// demoResult is what the demo leaves behind, for the test that checks the
// therapist's review against what the script did.
type demoResult struct {
	*local
	group *bot.Group
	// expected[name][status] counts what the script made each member do.
	expected map[string]bot.Counts
	runs     int
}

// demo is the script's state: who is who, and what they were made to do.
type demo struct {
	ctx   context.Context
	l     *local
	clock *bottest.Clock
	loc   *time.Location
	res   *demoResult
	err   error
}

// The demo's people. Tess leads; the members have different habits.
const (
	therapist = "Tess"
	ana       = "Ana"  // answers everything, quickly
	ben       = "Ben"  // answers; away on leave in week 2
	cleo      = "Cleo" // skips optional questions, once stops half-way
	dev       = "Dev"  // never answers
	eli       = "Eli"  // always answers, but after the exercise closed
	fay       = "Fay"  // has not accepted the privacy notice at first
	gus       = "Gus"  // joins in week 2
)

var demoMembers = []string{ana, ben, cleo, dev, eli, fay, gus}

// runDemo plays three weeks of a group on simulated time, through the shell
// adapter, the real core and a real SQLite file, then prints the review.
func runDemo(ctx context.Context, dbPath string, out io.Writer) (*demoResult, error) {
	loc, _ := time.LoadLocation("Europe/Berlin")
	clock := bottest.NewClock(time.Date(2026, 11, 2, 10, 0, 0, 0, loc))
	l, err := openLocal(ctx, dbPath, clock, out, slog.New(slog.DiscardHandler))
	if err != nil {
		return nil, err
	}
	d := &demo{ctx: ctx, l: l, clock: clock, loc: loc, res: &demoResult{local: l, expected: map[string]bot.Counts{}}}
	for _, m := range demoMembers {
		d.res.expected[m] = bot.Counts{}
	}
	d.script()
	if d.err != nil {
		l.Close()
		return nil, d.err
	}
	return d.res, nil
}

func (d *demo) at(day, hour, min int) {
	d.clock.Set(time.Date(2026, 11, day, hour, min, 0, 0, d.loc))
}

func (d *demo) say(format string, args ...any) { d.l.shell.Say(format, args...) }

func (d *demo) do(who, line string)            { d.check(d.l.shell.Do(d.ctx, who, line).Err) }
func (d *demo) press(who, label string)        { d.check(d.l.shell.Press(d.ctx, who, label).Err) }
func (d *demo) choose(who string, l ...string) { d.check(d.l.shell.Choose(d.ctx, who, l...).Err) }
func (d *demo) fill(who, label, text string)   { d.check(d.l.shell.Fill(d.ctx, who, label, text).Err) }

func (d *demo) check(err error) {
	if err != nil && d.err == nil {
		d.err = fmt.Errorf("demo script: %w", err)
	}
}

// expect records what a member's record for the current run should say.
func (d *demo) expect(st bot.Status, who ...string) {
	for _, w := range who {
		d.res.expected[w][st]++
	}
}

// start opens an exercise as the therapist and counts the run.
func (d *demo) start(exercise string) {
	d.do(therapist, "/exercise start "+exercise)
	d.res.runs++
}

// closeDue closes every run whose window has ended, as the bot's loop would.
func (d *demo) closeDue() { d.check(d.l.bot.CloseDue(d.ctx)) }

func (d *demo) moodCheckin(who string, mood, energy string, strategy string, note string, share bool) {
	d.press(who, "Start")
	d.press(who, mood)
	d.press(who, energy)
	if strategy == "" {
		d.press(who, "Skip this question")
	} else {
		d.press(who, strategy)
	}
	if note == "" {
		d.press(who, "Skip this question")
		return
	}
	d.fill(who, "Write my answer", note)
	if share {
		d.press(who, "Share with the group")
	} else {
		d.press(who, "Keep it private")
	}
}

func (d *demo) wordRecall(who, recalled string) {
	d.press(who, "Start")
	d.press(who, "Spring")
	d.press(who, "7")
	d.fill(who, "Write my answer", recalled)
}

func (d *demo) vignette(who, feels, thinks string) {
	d.press(who, "Start")
	d.press(who, feels)
	d.press(who, thinks)
}

func (d *demo) script() {
	d.say("Week 1 — Monday 2 November. Tess sets up her group.")
	d.at(2, 10, 0)
	d.do(therapist, `/group create "Tuesday memory group" Europe/Berlin`)
	for _, m := range []string{ana, ben, cleo, dev, eli, fay} {
		d.do(therapist, "/group add @"+m)
	}
	for _, m := range []string{ana, ben, cleo, dev, eli} {
		d.do(m, "/privacy accept")
	}

	d.say("Run 1: the between-session check-in. Fay has not accepted the privacy notice yet.")
	d.at(2, 18, 0)
	d.start("mood-checkin")
	d.at(2, 18, 10)
	d.moodCheckin(ana, "7", "4", "Wrote it down", "Walking every morning helped me.", true)
	d.at(2, 19, 30)
	d.moodCheckin(ben, "6", "3", "Asked for help", "", false)
	d.at(2, 20, 0)
	d.press(fay, "Start")
	d.press(fay, "Not now")
	d.at(2, 21, 15)
	d.moodCheckin(cleo, "5", "3", "", "", false)
	d.expect(bot.StatusAnswered, ana, ben, cleo)
	d.expect(bot.StatusMissed, dev, fay)
	d.at(3, 18, 0)
	d.closeDue()
	d.at(3, 20, 0)
	d.say("Eli answers two hours after the check-in closed: it is kept, marked late.")
	d.moodCheckin(eli, "5", "2", "Took a break", "", false)
	d.expect(bot.StatusLate, eli)

	d.say("Run 2 (Wednesday): the word-recall exercise.")
	d.at(4, 9, 0)
	d.start("word-recall")
	d.at(4, 9, 20)
	d.wordRecall(ana, "apple, chair, river, dog, bread, flower, book, clock")
	d.at(4, 12, 0)
	d.wordRecall(ben, "dog hat car apple table")
	d.at(4, 16, 0)
	d.press(cleo, "Start")
	d.press(cleo, "Spring")
	d.say("Cleo stops half-way through.")
	d.expect(bot.StatusAnswered, ana, ben)
	d.expect(bot.StatusPartial, cleo)
	d.expect(bot.StatusMissed, dev, fay)
	d.at(6, 9, 0)
	d.closeDue()
	d.at(6, 11, 0)
	d.wordRecall(eli, "apple river hat")
	d.expect(bot.StatusLate, eli)

	d.say("Week 2 — Monday 9 November. Gus joins; Ben is away this week.")
	d.at(9, 9, 0)
	d.do(therapist, "/group add @Gus")
	d.do(gus, "/privacy accept")
	g, err := d.l.store.GroupByChannel(d.ctx, "shell", d.l.shell.Channel())
	if err != nil {
		d.check(err)
		return
	}
	d.res.group = g
	d.check(d.l.store.AddLeave(d.ctx, &bot.Leave{GroupID: g.ID, UserID: "ben", From: time.Date(2026, 11, 9, 0, 0, 0, 0, d.loc), To: time.Date(2026, 11, 16, 0, 0, 0, 0, d.loc)}))
	d.expect(bot.StatusNotDue, gus, gus) // runs 1 and 2 opened before Gus joined

	d.say("Run 3: the check-in again. Fay reads the privacy notice and accepts this time.")
	d.at(9, 18, 0)
	d.start("mood-checkin")
	d.at(9, 18, 5)
	d.moodCheckin(ana, "8", "4", "Used a reminder", "", false)
	d.at(9, 19, 0)
	d.press(fay, "Start")
	d.press(fay, "I accept")
	d.press(fay, "4")
	d.press(fay, "2")
	d.press(fay, "Something else")
	d.fill(fay, "Write my answer", "It was a hard week.")
	d.press(fay, "Keep it private")
	d.at(9, 20, 0)
	d.moodCheckin(cleo, "6", "3", "", "", false)
	d.moodCheckin(gus, "5", "3", "Took a break", "", false)
	d.expect(bot.StatusAnswered, ana, fay, cleo, gus)
	d.expect(bot.StatusExcused, ben)
	d.expect(bot.StatusMissed, dev)
	d.at(10, 18, 0)
	d.closeDue()
	d.at(10, 21, 0)
	d.moodCheckin(eli, "6", "3", "Wrote it down", "", false)
	d.expect(bot.StatusLate, eli)

	d.say("Run 4 (Thursday): a social-cognition story.")
	d.at(12, 10, 0)
	d.start("vignette-feelings")
	d.at(12, 11, 0)
	d.vignette(ana, "Hurt or confused", "I didn't see Sam")
	d.vignette(cleo, "Hurt or confused", "I don't like Sam")
	d.vignette(gus, "Sleepy", "I didn't see Sam")
	d.vignette(fay, "Hurt or confused", "I didn't see Sam")
	d.expect(bot.StatusAnswered, ana, cleo, gus, fay)
	d.expect(bot.StatusExcused, ben)
	d.expect(bot.StatusMissed, dev)
	d.at(15, 10, 0)
	d.closeDue()
	d.at(15, 12, 0)
	d.vignette(eli, "Hurt or confused", "Sam is rude")
	d.expect(bot.StatusLate, eli)

	d.say("Week 3 — Monday 16 November. Ben is back. Roll call before the live session.")
	d.at(16, 16, 0)
	d.start("roll-call")
	d.at(16, 16, 5)
	d.press(ana, "I'm here")
	d.press(ben, "I'm here")
	d.press(cleo, "Running late")
	d.press(gus, "I'm here")
	d.press(fay, "Can't make it today")
	d.expect(bot.StatusAnswered, ana, ben, cleo, gus, fay)
	d.expect(bot.StatusMissed, dev)
	d.at(16, 18, 0)
	d.closeDue()
	d.at(16, 18, 30)
	d.press(eli, "Running late")
	d.expect(bot.StatusLate, eli)

	d.say("Run 5: the check-in after the session.")
	d.at(16, 19, 0)
	d.start("mood-checkin")
	d.at(16, 19, 30)
	d.moodCheckin(ana, "9", "5", "Wrote it down", "I remembered all my appointments this week.", true)
	d.moodCheckin(ben, "7", "4", "Asked for help", "", false)
	d.moodCheckin(cleo, "6", "4", "", "", false)
	d.moodCheckin(gus, "6", "3", "Took a break", "The breathing exercise helps before sleep.", true)
	d.moodCheckin(fay, "5", "3", "Asked for help", "", false)
	d.expect(bot.StatusAnswered, ana, ben, cleo, gus, fay)
	d.expect(bot.StatusMissed, dev)
	d.at(17, 19, 0)
	d.closeDue()
	d.at(17, 22, 0)
	d.moodCheckin(eli, "6", "3", "", "", false)
	d.expect(bot.StatusLate, eli)

	d.say("Tess reviews the group before the next session (only she sees this).")
	d.at(18, 9, 0)
	d.do(therapist, "/review group")
	d.do(therapist, "/review member @Cleo")
	d.say("Ana checks who has looked at her answers.")
	d.do(ana, "/mydata")
	d.say("Dev, who is a member, tries to see the review: refused, nothing shown.")
	d.do(dev, "/review group")
}
