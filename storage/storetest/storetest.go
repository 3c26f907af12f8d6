// Package storetest is the conformance suite that every implementation of
// bot.Store passes, in the spirit of litestream's one suite for every
// replica client: the behaviour the core relies on is stated once, here, and
// proved by each store. storage/sqlite runs it in conformance_test.go; a
// PostgreSQL store will run it the same way:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) bot.Store { return open(t) })
//	}
//
// Run calls open once per subtest; each call must return an empty store of
// its own, closed by the caller's cleanup. The suite covers every per-noun
// interface of bot.Store through the interfaces only: CRUD of each noun
// with its ENotFound and EConflict codes; times; concurrent writers;
// delivery and notice claims exactly once, also when concurrent; answers
// and participation written together; answer versions; audit; consent
// history; alerts with their notices and responses; schedules, fire claims
// and fire states; calendars; attendance; retention purges and erasure.
//
// It uses nothing of a particular database: times are whole microseconds
// (what PostgreSQL keeps) and come back as the same instants in UTC, and
// nothing is read behind the interfaces.
// What only one implementation can show (SQLite's secure delete and WAL
// canaries, migrations, file modes) stays in that implementation's own tests.
package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"groupwork/bot"
)

// Open returns a new, empty store for one subtest; the store is closed at
// t's cleanup.
type Open func(t *testing.T) bot.Store

// cases lists every behaviour of the suite, by name.
var cases = []struct {
	name string
	test func(t *testing.T, s bot.Store)
}{
	{"Times", testTimes},
	{"ConcurrentWriters", testConcurrentWriters},
	{"Groups", testGroups},
	{"Memberships", testMemberships},
	{"GroupRegion", testGroupRegion},
	{"Consent", testConsent},
	{"ConsentHistory", testConsentHistory},
	{"Leaves", testLeaves},
	{"Runs", testRuns},
	{"CloseRun", testCloseRun},
	{"Participation", testParticipation},
	{"ParticipationNoConsent", testParticipationNoConsent},
	{"Answers", testAnswers},
	{"AnswerAndParticipationTogether", testAnswerAndParticipationTogether},
	{"AnswerVersionsKeepWhatWasSaid", testAnswerVersionsKeepWhatWasSaid},
	{"GroupParticipationAndAnswers", testGroupParticipationAndAnswers},
	{"ResultPosts", testResultPosts},
	{"Schedules", testSchedules},
	{"ClaimFiresIsIdempotentAndAdvancesInSteps", testClaimFiresIsIdempotentAndAdvancesInSteps},
	{"FireStates", testFireStates},
	{"ClaimNotice", testClaimNotice},
	{"ForgetDropsNoticeKeys", testForgetDropsNoticeKeys}, // notices.go
	{"CalendarAndHolidays", testCalendarAndHolidays},
	{"SessionChanges", testSessionChanges},
	{"Strategies", testStrategies},
	{"LiveSessions", testLiveSessions},
	{"LiveHour", testLiveHour}, // livehour.go
	{"GroupSettings", testGroupSettings},
	{"Keywords", testKeywords},
	{"KeywordRemovals", testKeywordRemovals},
	{"Alerts", testAlerts},
	{"AlertResponses", testAlertResponses},
	{"AlertNoticesAndQuietHours", testAlertNoticesAndQuietHours},
	{"AlertOutbox", testAlertOutbox},
	{"Purge", testPurge},
	{"Forget", testForget},
	{"PurgeAndForgetStayInTheGroup", testPurgeAndForgetStayInTheGroup},
	{"Audit", testAudit},
	{"Deliveries", testDeliveries},
	{"PruneDeliveries", testPruneDeliveries},
	{"ConcurrentDeliveryClaims", testConcurrentDeliveryClaims},
	{"Levels", testLevels}, // level.go (issue 13)
}

// Run runs the whole suite against the stores open returns, one subtest per
// behaviour, each on a fresh store.
func Run(t *testing.T, open Open) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.test(t, open(t))
		})
	}
}

// t0 is a fixed instant in a non-UTC zone, with microseconds, so round
// trips show both the precision every store keeps and the conversion of
// zones.
var t0 = time.Date(2025, 3, 10, 9, 30, 0, 123456000, time.FixedZone("CET", 3600))

// mustGroup creates a group bound to channel with lead "lead-1".
func mustGroup(tb testing.TB, db bot.Store, channel string) *bot.Group {
	tb.Helper()
	g := &bot.Group{Name: "Group " + channel, Platform: "discord", ChannelID: channel,
		TimeZone: "Europe/Berlin", CreatedBy: "lead-1", CreatedAt: t0}
	lead := &bot.Membership{UserID: "lead-1", DisplayName: "Dr Lee", Role: bot.RoleLead, JoinedAt: t0}
	if err := db.CreateGroup(context.Background(), g, lead); err != nil {
		tb.Fatalf("CreateGroup: %v", err)
	}
	return g
}

// mustRun opens a run in g with pending participation for users.
func mustRun(tb testing.TB, db bot.Store, g *bot.Group, opened time.Time, users ...string) *bot.Run {
	tb.Helper()
	r := &bot.Run{GroupID: g.ID, ExerciseID: "mood-check", Version: "1", Definition: []byte("id: mood-check\n"),
		OpenedAt: opened, ClosesAt: opened.Add(24 * time.Hour), StartedBy: "schedule:1"}
	var parts []*bot.Participation
	for _, u := range users {
		parts = append(parts, &bot.Participation{UserID: u, Status: bot.StatusPending, UpdatedAt: opened})
	}
	if err := db.CreateRun(context.Background(), r, parts); err != nil {
		tb.Fatalf("CreateRun: %v", err)
	}
	return r
}

// wantCode fails unless err carries code ("" for no error), and unless a
// coded error's message is a plain sentence a member may read.
func wantCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := bot.ErrorCode(err); got != code {
		tb.Fatalf("error code = %q, want %q (err: %v)", got, code, err)
	}
	if code != "" && code != bot.EInternal {
		if msg := bot.ErrorMessage(err); !strings.HasSuffix(msg, ".") {
			tb.Errorf("message %q is not a plain sentence", msg)
		}
	}
}
