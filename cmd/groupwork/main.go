// Command groupwork runs the groupwork bot and its tools.
//
//	groupwork demo                     a simulated group, end to end, in seconds
//	groupwork console                  play therapist and members in the terminal
//	groupwork run -config FILE         connect to Discord and/or Slack
//	groupwork validate [-config FILE] [PATH...]
//	groupwork exercise list | show ID
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

const usage = `groupwork — structured exercises and check-ins for therapy groups on Discord and Slack.

Usage:
  groupwork demo [-db FILE]                     run a simulated group through several exercises and show the review
  groupwork console [-db FILE] [-as NAME]       play the therapist and members in this terminal
  groupwork run -config FILE                    connect to the platforms in the configuration and serve
  groupwork validate [-config FILE] [PATH...]   check a configuration and exercise files or folders
  groupwork purge -config FILE                  delete data older than each group's retention period now
  groupwork rotate-key -config FILE             re-encrypt stored text with data_key (old keys in old_data_keys)
  groupwork schedule preview 'WHEN' -tz ZONE [-n 5] [-session 'wednesday 18:00']   the next times a schedule would post
  groupwork discord invite -config FILE         the link that adds the bot to a Discord server
  groupwork slack manifest [-config FILE] [-url URL]   the Slack app manifest (JSON) to create the app from
  groupwork backup -db FILE|-config FILE -out FILE   copy the database safely while the bot runs
  groupwork report -config FILE|-db FILE -group ID [-from DAY -to DAY | -period TEXT] [-format text|csv|json|html] [-out FILE]   a group's review offline
  groupwork exercise list [-dir DIR]            list the exercises
  groupwork exercise show [-dir DIR] ID         show one exercise
  groupwork version                             the version, VCS revision and Go version of this build

Run "groupwork COMMAND -h" for a command's options.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one subcommand and returns the process exit code: 0 on
// success, 1 when the work found problems or failed, 2 for bad usage.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "demo":
		err = cmdDemo(ctx, args[1:], stdout, stderr)
	case "console":
		err = cmdConsole(ctx, args[1:], stdin, stdout, stderr)
	case "run":
		err = cmdRun(ctx, args[1:], stdout, stderr)
	case "purge":
		err = cmdPurge(ctx, args[1:], stdout, stderr)
	case "rotate-key":
		err = cmdRotateKey(ctx, args[1:], stdout, stderr)
	case "validate":
		err = cmdValidate(args[1:], stdout, stderr)
	case "schedule":
		err = cmdSchedule(args[1:], time.Now(), stdout, stderr)
	case "discord":
		err = cmdDiscord(args[1:], stdout, stderr)
	case "slack":
		err = cmdSlack(args[1:], stdout, stderr)
	case "backup":
		err = cmdBackup(ctx, args[1:], stdout, stderr)
	case "report":
		err = cmdReport(ctx, args[1:], stdout, stderr)
	case "exercise", "exercises":
		err = cmdExercise(args[1:], stdout, stderr)
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, printVersion())
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "groupwork: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	return exitCode(err, stderr)
}

// usageError marks a mistake in how the command was called (exit code 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// problemsFound means the command ran and reported problems itself (exit code 1).
type problemsFound struct{ n int }

func (e problemsFound) Error() string { return fmt.Sprintf("%d problem(s) found", e.n) }

// exitCode reports err on stderr and returns the process's exit code. A
// request for -h has printed its usage already and is not a failure.
func exitCode(err error, stderr io.Writer) int {
	var (
		usage    usageError
		problems problemsFound
	)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &usage):
		fmt.Fprintln(stderr, "groupwork:", usage.msg)
		return 2
	case errors.As(err, &problems):
		return 1
	}
	fmt.Fprintln(stderr, "groupwork:", err)
	return 1
}
