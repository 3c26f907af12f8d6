package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"groupwork/bot"
	"groupwork/config"
	"groupwork/core"
)

func cmdDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", "", "the SQLite file to write (default: a new file in a temporary folder)")
	loadCfg := localConfig(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := loadCfg(stderr)
	if err != nil {
		return err
	}
	if *dbPath == "" {
		p, err := freshDB("demo")
		if err != nil {
			return err
		}
		*dbPath = p
	}
	res, err := runDemoWith(ctx, *dbPath, cfg, stdout)
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
	expected map[string]core.Counts
	runs     int
}

// demo is the script's state: who is who, and what they were made to do.
type demo struct {
	ctx   context.Context
	l     *local
	clock *bot.ManualClock
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
	return runDemoWith(ctx, dbPath, nil, out)
}

// runDemoWith is runDemo with cfg's settings (nil: the documented defaults).
func runDemoWith(ctx context.Context, dbPath string, cfg *config.Config, out io.Writer) (*demoResult, error) {
	loc, _ := time.LoadLocation("Europe/Berlin")
	clock := bot.NewManualClock(time.Date(2026, 11, 2, 10, 0, 0, 0, loc))
	l, err := openLocal(ctx, dbPath, cfg, clock, out, slog.New(slog.DiscardHandler))
	if err != nil {
		return nil, err
	}
	d := &demo{ctx: ctx, l: l, clock: clock, loc: loc, res: &demoResult{local: l, expected: map[string]core.Counts{}}}
	for _, m := range demoMembers {
		d.res.expected[m] = core.Counts{}
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

// The people's actions do nothing once the script has failed, so that the
// first error is the one reported.
func (d *demo) do(who, line string) {
	if d.err == nil {
		d.check(d.l.shell.Do(d.ctx, who, line).Err)
	}
}

func (d *demo) press(who, label string) {
	if d.err == nil {
		d.check(d.l.shell.Press(d.ctx, who, label).Err)
	}
}

func (d *demo) fill(who, label, text string) {
	if d.err == nil {
		d.check(d.l.shell.Fill(d.ctx, who, label, text).Err)
	}
}

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

// until moves simulated time forward to the given moment stopping at every
// quarter hour, letting the scheduler do whatever falls due on the way
// (post prompts, send reminders, close runs, send digests), as its loop
// would in real time.
func (d *demo) until(day, hour, min int) {
	target := time.Date(2026, 11, day, hour, min, 0, 0, d.loc)
	for d.err == nil && d.clock.Now().Before(target) {
		// stop at every quarter hour, where scheduled times fall
		now := d.clock.Now()
		next := now.Truncate(15 * time.Minute).Add(15 * time.Minute)
		if next.After(target) {
			next = target
		}
		d.clock.Set(next)
		d.check(d.l.bot.Scheduler().Tick(d.ctx))
	}
}

// liveHour plays the live part of Tuesday's session: a go-around with a
// pass and a timeout, the timed activity with its reveal, a live poll and
// a note. Live runs are part of the session, not between-session work, so
// nothing here changes the participation the review is checked against.
func (d *demo) liveHour() {
	d.say("A go-around: one message in the channel, edited as the turn moves. Passing is private; Gus's two minutes run out.")
	d.do(therapist, `/goaround One thing that went well this week minutes:2 order:"Ana, Cleo, Gus, Fay"`)
	d.liveFor(40 * time.Second)
	d.press(ana, "I'm done")
	d.press(cleo, "Pass")
	d.liveFor(2 * time.Minute)
	d.press(fay, "I'm done")
	d.do(therapist, "/goaround end")
	d.say("The timed activity: a quiet minute counted down (the message is redrawn once a minute and at ten seconds), a question, the group's totals — only four answered, so the small-group guard keeps them private.")
	d.do(therapist, "/activity start early-signs")
	d.liveFor(time.Minute)
	for i, m := range []string{ana, cleo, gus, fay} {
		d.press(m, []string{"In my body", "In my thoughts", "In my body", "In what I did"}[i])
	}
	d.liveFor(2 * time.Minute)
	d.do(therapist, "/activity end")
	d.say("A live poll, revealed on command.")
	d.do(therapist, "/poll start mood-checkin energy")
	for i, m := range []string{ana, cleo, gus, fay} {
		d.press(m, []string{"3", "4", "2", "4"}[i])
	}
	d.do(therapist, "/poll reveal")
	d.do(therapist, `/session note @Cleo "Passed in the go-around; spoke up in the discussion."`)
}

// liveFor lets d pass on the clock with a scheduler pass every 10 seconds,
// as the live hour's countdowns and turns need.
func (d *demo) liveFor(dur time.Duration) {
	for end := d.clock.Now().Add(dur); d.err == nil && d.clock.Now().Before(end); {
		d.clock.Advance(10 * time.Second)
		d.check(d.l.bot.Scheduler().Tick(d.ctx))
	}
}

// run counts a run that the schedule (or Tess) opened.
func (d *demo) run() { d.res.runs++ }

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
	d.press(who, "I have read them")
	d.press(who, "Spring")
	d.press(who, "7")
	d.fill(who, "Write my answer", recalled)
}

// vignette plays the social-cognition story at level 1: a feeling, one
// explanation that could be true, how sure, what to do; no comment.
func (d *demo) vignette(who, feels, could string) {
	d.press(who, "Start")
	d.press(who, "I have read it")
	d.press(who, feels)
	d.press(who, "Done: 1 picked")
	d.press(who, could)
	d.press(who, "Done: 1 picked")
	d.press(who, "Quite sure")
	d.press(who, "Give her a clean loaf and say sorry")
	d.press(who, "Skip this question")
}

func (d *demo) script() {
	d.say("Week 1 — Monday 2 November. Tess sets up her group and its rhythm.")
	d.at(2, 10, 0)
	d.do(therapist, `/group create "Tuesday memory group" Europe/Berlin`)
	g, err := d.l.store.GroupByChannel(d.ctx, "shell", d.l.shell.Channel())
	if err != nil {
		d.check(err)
		return
	}
	d.res.group = g
	for _, m := range []string{ana, ben, cleo, dev, eli, fay} {
		d.do(therapist, "/group add @"+m)
	}
	for _, m := range []string{ana, ben, cleo, dev, eli} {
		d.do(m, "/privacy accept")
	}
	d.do(therapist, "/group session tuesday 17:00")
	d.do(therapist, `/schedule add mood-checkin "every monday 18:00"`)
	d.do(therapist, `/schedule add roll-call "1h before session"`)
	d.do(therapist, `/schedule add word-recall "every wednesday 09:00"`)
	d.do(therapist, `/schedule add phq-9 "every 2 weeks friday 11:30 from 2026-11-06"`) // demo_measures.go
	d.do(therapist, "/schedule next")

	d.say("Run 1: Monday's check-in posts itself at 18:00. Fay has not accepted the privacy notice yet.")
	d.until(2, 18, 10)
	d.run()
	d.moodCheckin(ana, "7", "4", "Wrote it down", "Walking every morning helped me.", true)
	d.until(2, 19, 30)
	d.moodCheckin(ben, "6", "3", "Asked for help", "", false)
	d.until(2, 20, 0)
	d.press(fay, "Start")
	d.press(fay, "Not now")
	d.until(2, 21, 15)
	d.moodCheckin(cleo, "5", "3", "", "", false)
	d.expect(bot.StatusAnswered, ana, ben, cleo)
	d.expect(bot.StatusMissed, dev)
	d.expect(bot.StatusNoConsent, fay) // not asked: she has not accepted the privacy notice

	d.say("Tuesday's roll call, one hour before the live session: it is attendance, not an exercise run. Those who have not answered the check-in were reminded privately at 14:00.")
	d.until(3, 16, 5)
	d.press(ana, "I'm here")
	d.press(ben, "I'm here")
	d.press(cleo, "Running late")
	d.press(fay, "I'm here")
	d.press(fay, "Not now")
	d.say("17:00, the live session. The terminal has no voice channel, so Tess marks attendance herself (on Discord, voice presence does it).")
	d.until(3, 17, 0)
	d.do(therapist, "/session start")
	for _, m := range []string{ana, ben} {
		d.do(therapist, "/session mark @"+m+" present")
	}
	d.do(therapist, "/session mark @Cleo late")
	d.say("At 18:00 both the check-in and the roll call close; Tess gets a private digest of each.")
	d.until(3, 18, 30)
	d.do(therapist, "/session end")
	d.press(eli, "Running late")
	d.until(3, 20, 0)
	d.say("Eli answers the check-in two hours after it closed: it is kept, marked late.")
	d.moodCheckin(eli, "5", "2", "Took a break", "", false)
	d.expect(bot.StatusLate, eli)

	d.say("Run 2 (Wednesday 09:00): the word-recall exercise.")
	d.until(4, 9, 20)
	d.run()
	d.wordRecall(ana, "apple, chair, river, dog, bread, flower, book, clock")
	d.until(4, 12, 0)
	d.wordRecall(ben, "dog hat car apple table")
	d.until(4, 16, 0)
	d.press(cleo, "Start")
	d.press(cleo, "I have read them")
	d.press(cleo, "Spring")
	d.say("Cleo stops half-way through.")
	d.expect(bot.StatusAnswered, ana, ben)
	d.expect(bot.StatusPartial, cleo)
	d.expect(bot.StatusMissed, dev)
	d.expect(bot.StatusNoConsent, fay)
	d.until(6, 11, 0)
	d.wordRecall(eli, "apple river hat")
	d.expect(bot.StatusLate, eli)
	d.until(6, 11, 45)
	d.phqFirst() // demo_measures.go

	d.say("Week 2 — Monday 9 November. Gus joins; Ben is away this week.")
	d.until(9, 9, 0)
	d.do(therapist, "/group add @Gus")
	d.do(gus, "/privacy accept")
	d.do(therapist, "/group leave @Ben 2026-11-09 2026-11-15")
	d.expect(bot.StatusNotDue, gus, gus) // runs 1 and 2 opened before Gus joined

	d.say("Run 3: the check-in again. Fay reads the privacy notice and accepts this time.")
	d.until(9, 18, 5)
	d.run()
	d.moodCheckin(ana, "8", "4", "Used a reminder", "", false)
	d.until(9, 19, 0)
	d.press(fay, "Start")
	d.press(fay, "I accept")
	d.say("Fay rates her mood 2: her next screen, private, shows where to get help and asks whether she would like to be contacted; Tess gets a private alert that does not quote her.")
	d.press(fay, "2")
	d.press(fay, "Please contact me")
	d.press(fay, "Continue")
	d.press(fay, "2")
	d.press(fay, "Something else")
	d.fill(fay, "Write my answer", "It was a hard week.")
	d.press(fay, "Keep it private")
	d.until(9, 19, 30)
	d.do(therapist, "/alerts list")
	d.do(therapist, `/alerts ack 1 "Phoned Fay; she is safe; we will talk on Tuesday."`)
	d.until(9, 20, 0)
	d.moodCheckin(cleo, "6", "3", "", "", false)
	d.moodCheckin(gus, "5", "3", "Took a break", "", false)
	d.expect(bot.StatusAnswered, ana, fay, cleo, gus)
	d.expect(bot.StatusExcused, ben)
	d.expect(bot.StatusMissed, dev)

	d.say("Tuesday's roll call.")
	d.until(10, 16, 10)
	for _, m := range []string{ana, cleo, gus, fay} {
		d.press(m, "I'm here")
	}
	d.say("Tess plans the session: its goal, the topic members will see, a go-around and a timed activity.")
	d.do(therapist, `/session plan goal:"Notice one early sign of stress" topic:"Stress this week" goaround:"One thing that went well this week" activity:early-signs`)
	d.until(10, 17, 0)
	d.do(therapist, "/session start")
	for _, m := range []string{ana, cleo, gus, fay} {
		d.do(therapist, "/session mark @"+m+" present")
	}
	d.liveHour()
	d.until(10, 18, 30)
	d.do(therapist, `/session end goal:partly rating:yes note:"Good energy; the go-around ran long."`)
	d.press(ana, "4")
	d.press(ana, "5")
	d.press(eli, "I'm here")
	d.until(10, 21, 0)
	d.moodCheckin(eli, "6", "3", "Wrote it down", "", false)
	d.expect(bot.StatusLate, eli) // run 3

	d.say("Run 4 (Wednesday): word recall again.")
	d.until(11, 9, 30)
	d.run()
	d.wordRecall(ana, "apple chair river dog hat bread car flower book")
	d.wordRecall(cleo, "apple dog book")
	d.wordRecall(gus, "river flower clock car")
	d.wordRecall(fay, "apple bread")
	d.expect(bot.StatusAnswered, ana, cleo, gus, fay)
	d.expect(bot.StatusExcused, ben)
	d.expect(bot.StatusMissed, dev)

	d.say("Run 5 (Thursday): Tess starts a social-cognition story by hand.")
	d.until(12, 10, 0)
	d.start("vignette-feelings")
	d.until(12, 11, 0)
	d.vignette(ana, "Annoyed", "Rosa wants a clean loaf")
	d.vignette(cleo, "Disappointed", "Rosa is pleased with the loaf")
	d.vignette(gus, "Disgusted", "Rosa wants a clean loaf")
	d.vignette(fay, "Annoyed", "Rosa does not want bread that fell on the floor")
	d.expect(bot.StatusAnswered, ana, cleo, gus, fay)
	d.expect(bot.StatusExcused, ben)
	d.expect(bot.StatusMissed, dev)
	d.until(13, 11, 0)
	d.wordRecall(eli, "apple hat")
	d.expect(bot.StatusLate, eli) // run 4
	d.until(15, 12, 0)
	d.vignette(eli, "Annoyed", "Rosa wants a clean loaf")
	d.expect(bot.StatusLate, eli) // run 5

	d.say("Sunday 15 November: the practice closes for two days. Tess pauses the group; nothing is posted and nobody is counted as missing.")
	d.until(15, 20, 0)
	d.do(therapist, "/group pause")
	d.until(18, 8, 0)
	d.do(therapist, "/group resume")

	d.say("Run 6 (Wednesday 18 November): word recall; Ben is back.")
	d.until(18, 9, 30)
	d.run()
	d.wordRecall(ana, "apple chair river dog hat bread car flower book clock")
	d.wordRecall(ben, "dog hat car apple bread")
	d.wordRecall(cleo, "apple dog book hat")
	d.wordRecall(gus, "river flower clock car dog")
	d.wordRecall(fay, "apple bread chair")
	d.expect(bot.StatusAnswered, ana, ben, cleo, gus, fay)
	d.expect(bot.StatusMissed, dev)
	d.until(20, 10, 0)
	d.wordRecall(eli, "apple hat river")
	d.expect(bot.StatusLate, eli)
	d.until(20, 11, 45)
	d.phqSecond() // demo_measures.go

	d.levelsDemo() // demo_levels.go

	d.say("Tess reviews the group before the next session (only she sees this).")
	d.until(20, 12, 0)
	d.do(therapist, "/schedule list")
	d.do(therapist, "/review group")
	d.do(therapist, "/review member @Cleo")
	d.say("Tess cannot make next Tuesday: she moves that one session to Thursday. The roll call follows it, and one post tells the group.")
	d.do(therapist, "/session move 2026-11-26 17:00")
	d.do(therapist, "/schedule next")
	d.say("Ana shares a memory strategy on the group's board; Ben looks at the board.")
	d.do(ana, "/strategy add #memory I say a new name out loud three times.")
	d.do(ben, "/strategy list")
	d.do(therapist, "/review note @Ana") // a DAP progress note, ready to paste
	d.say("Ana checks who has looked at her answers.")
	d.do(ana, "/mydata")
	d.say("Dev, who is a member, tries to see the review: refused, nothing shown.")
	d.do(dev, "/review group")
	d.writeCharts() // the participation grid and mood chart as PNG files beside the database
}
