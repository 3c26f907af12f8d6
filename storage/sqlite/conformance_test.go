package sqlite_test

import (
	"testing"

	"groupwork/bot"
	"groupwork/storage/sqlite/sqlitetest"
	"groupwork/storage/storetest"
)

// TestConformance runs the store conformance suite against SQLite.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) bot.Store { return sqlitetest.Open(t) })
}
