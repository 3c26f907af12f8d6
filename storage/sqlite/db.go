// Package sqlite implements bot.Store on SQLite through mattn/go-sqlite3.
// It passes the store conformance suite, storage/storetest
// (conformance_test.go); its own tests keep what only SQLite shows.
//
// Every per-connection setting (WAL, synchronous=FULL, busy timeout, foreign
// keys, immediate transactions, secure delete) is in the DSN, so each pooled
// connection gets it; nothing runs PRAGMA through a pool. Writes go through
// a pool of one connection so that writers of this process queue in Go
// (honouring ctx) instead of spinning on SQLITE_BUSY; busy_timeout still
// covers other processes such as a backup. Reads use a separate pool and no
// transaction: each read is one statement, which SQLite runs on one snapshot,
// and a BEGIN IMMEDIATE would needlessly take the write lock.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/mattn/go-sqlite3"

	"groupwork/bot"
)

var _ bot.Store = (*DB)(nil)

//go:embed migrations/*.sql
var migrations embed.FS

// dsnParams are applied by the driver to every connection it opens.
const dsnParams = "_journal_mode=WAL&_synchronous=FULL&_busy_timeout=" + busyTimeoutMS +
	"&_foreign_keys=on&_txlock=immediate&_secure_delete=on"

// busyTimeoutMS is how long a connection waits for a lock, in milliseconds.
const busyTimeoutMS = "5000"

// DB is a groupwork store in one SQLite file. It is safe for concurrent use.
type DB struct {
	path  string
	write *sql.DB // one connection: every write transaction
	read  *sql.DB // reads, backups

	keys *Keyring // seals free text at rest when set (crypt.go)
}

// Open opens (creating if needed, with mode 0600) the database at path and
// applies any migrations not yet recorded.
func Open(ctx context.Context, path string) (*DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	// Create the file ourselves so it is owner-only from the first byte;
	// SQLite gives the -wal and -shm files the mode of the database file.
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}

	db := &DB{path: abs}
	dsn := dsn(abs)
	if db.write, err = sql.Open("sqlite3", dsn); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	db.write.SetMaxOpenConns(1)
	if db.read, err = sql.Open("sqlite3", dsn); err != nil {
		db.write.Close()
		return nil, fmt.Errorf("open store: %w", err)
	}
	db.read.SetMaxIdleConns(4)

	if err := db.migrateRetrying(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store: %w", err)
	}
	// Best effort: they normally already have the database file's mode.
	for _, suffix := range []string{"-wal", "-shm"} {
		_ = os.Chmod(abs+suffix, 0o600)
	}
	return db, nil
}

// dsn builds a file: URI so that any character in the path is escaped.
func dsn(abs string) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: dsnParams}
	return u.String()
}

// Path returns the absolute path of the database file.
func (db *DB) Path() string { return db.path }

// Close closes both connection pools.
func (db *DB) Close() error {
	return errors.Join(db.read.Close(), db.write.Close())
}

// migrate applies the embedded migrations in filename order, each in its own
// transaction. The applied check is inside the transaction, so two processes
// opening the same file at once never apply one twice.
// migrateRetrying runs migrate, retrying a few times when another process
// holds the database: while a new file is being switched to WAL mode by
// another connection, SQLite can report it busy without calling the busy
// handler. Each migration is idempotent, so a retry is safe.
func (db *DB) migrateRetrying(ctx context.Context) error {
	var err error
	for attempt := range 10 {
		if err = db.migrate(ctx); err == nil || !isBusy(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(time.Duration(attempt+1) * 50 * time.Millisecond):
		}
	}
	return err
}

// isBusy reports whether err is SQLite's "database is locked" or "busy".
func isBusy(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked)
}

func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    TEXT PRIMARY KEY,
		applied_at INTEGER NOT NULL
	)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if err := db.refuseNewer(ctx); err != nil {
		return err
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	slices.Sort(names) // Glob sorts today; the order is the contract, so say it.
	for _, name := range names {
		if err := db.migrateFile(ctx, name); err != nil {
			return fmt.Errorf("migrate %s: %w", filepath.Base(name), err)
		}
	}
	return nil
}

func (db *DB) migrateFile(ctx context.Context, name string) error {
	version := filepath.Base(name)
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	src, err := migrations.ReadFile(name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(src)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`,
		version, time.Now().UnixNano()); err != nil {
		return err
	}
	return tx.Commit()
}

// beginWrite starts a write transaction (BEGIN IMMEDIATE, from the DSN).
func (db *DB) beginWrite(ctx context.Context) (*sql.Tx, error) {
	return db.write.BeginTx(ctx, nil)
}

// queryer is what read helpers need; *sql.DB and *sql.Tx both have it.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// queryAll runs a query and scans every row with scan.
func queryAll[T any](ctx context.Context, q queryer, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Times are stored as Unix nanoseconds, which covers the years 1678 to 2262.
// The zero time.Time is stored as 0 so that it round-trips; the one instant
// this makes unrepresentable is 1970-01-01T00:00:00Z, which reads back as zero.
var (
	minTime = time.Unix(0, math.MinInt64)
	maxTime = time.Unix(0, math.MaxInt64)
)

func encTime(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func decTime(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

func encNullTime(t *time.Time) sql.NullInt64 {
	if t == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: encTime(*t), Valid: true}
}

func decNullTime(n sql.NullInt64) *time.Time {
	if !n.Valid {
		return nil
	}
	t := decTime(n.Int64)
	return &t
}

// checkTimes rejects instants that Unix nanoseconds cannot hold, rather than
// storing an overflowed number.
func checkTimes(ts ...time.Time) error {
	for _, t := range ts {
		if !t.IsZero() && (t.Before(minTime) || t.After(maxTime)) {
			return bot.Errorf(bot.EInvalid, "The date %s is out of range.", t.UTC().Format(time.DateOnly))
		}
	}
	return nil
}

// constraint maps a constraint violation to an application error using the
// driver's extended code. An empty message means that kind of violation is
// not expected here; it is then wrapped as an internal error under op.
func constraint(err error, op, conflict, missing string) error {
	var se sqlite3.Error
	if errors.As(err, &se) && se.Code == sqlite3.ErrConstraint {
		switch se.ExtendedCode {
		case sqlite3.ErrConstraintUnique, sqlite3.ErrConstraintPrimaryKey:
			if conflict != "" {
				return &bot.Error{Code: bot.EConflict, Msg: conflict, Err: err}
			}
		case sqlite3.ErrConstraintForeignKey:
			if missing != "" {
				return &bot.Error{Code: bot.ENotFound, Msg: missing, Err: err}
			}
		case sqlite3.ErrConstraintCheck, sqlite3.ErrConstraintNotNull:
			return &bot.Error{Code: bot.EInvalid, Msg: "Some of the details given are not valid.", Err: err}
		}
	}
	return fmt.Errorf("%s: %w", op, err)
}

// wrap prefixes op to errors that are not already application errors.
func wrap(err error, op string) error {
	var be *bot.Error
	if err == nil || errors.As(err, &be) {
		return err
	}
	return fmt.Errorf("%s: %w", op, err)
}

// Plain sentences for absent rows.
const (
	msgNoGroup      = "That group does not exist."
	msgNoMember     = "That person is not an active member of this group."
	msgNoRun        = "That exercise run does not exist."
	msgChannelTaken = "This channel already has a group."
	msgIsMember     = "That person is already a member of this group."
)

func notFound(msg string) error { return &bot.Error{Code: bot.ENotFound, Msg: msg} }
