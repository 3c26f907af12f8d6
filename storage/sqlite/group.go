package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"groupwork/bot"
)

// CreateGroup stores g, sets g.ID, and stores lead (its GroupID set to g.ID)
// as the group's first membership, in one transaction. The role of lead is
// stored as given. EConflict if the channel already has a group.
func (db *DB) CreateGroup(ctx context.Context, g *bot.Group, lead *bot.Membership) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return wrap(err, "create group")
	}
	defer tx.Rollback()

	if err := createGroup(ctx, tx, g); err != nil {
		return err
	}
	if lead != nil {
		lead.GroupID = g.ID
		if err := addMember(ctx, tx, lead); err != nil {
			return err
		}
	}
	return wrap(tx.Commit(), "create group")
}

// Group returns the group with the given id.
func (db *DB) Group(ctx context.Context, id int64) (*bot.Group, error) {
	g, err := scanGroup(db.read.QueryRowContext(ctx, selectGroup+` WHERE id = ?`, id))
	return g, wrap(err, "group")
}

// GroupByChannel returns the group bound to a platform channel.
func (db *DB) GroupByChannel(ctx context.Context, platform, channelID string) (*bot.Group, error) {
	g, err := scanGroup(db.read.QueryRowContext(ctx,
		selectGroup+` WHERE platform = ? AND channel_id = ?`, platform, channelID))
	return g, wrap(err, "group by channel")
}

// Groups returns every group, oldest first.
func (db *DB) Groups(ctx context.Context) ([]*bot.Group, error) {
	rows, err := db.read.QueryContext(ctx, selectGroup+` ORDER BY id`)
	if err != nil {
		return nil, wrap(err, "groups")
	}
	defer rows.Close()
	var gs []*bot.Group
	for rows.Next() {
		g, err := scanGroup(rows)
		if err != nil {
			return nil, wrap(err, "groups")
		}
		gs = append(gs, g)
	}
	return gs, wrap(rows.Err(), "groups")
}

// AddMember stores an active membership. EConflict if the user is already an
// active member of the group; ENotFound if the group does not exist.
func (db *DB) AddMember(ctx context.Context, m *bot.Membership) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return wrap(err, "add member")
	}
	defer tx.Rollback()

	if err := addMember(ctx, tx, m); err != nil {
		return err
	}
	return wrap(tx.Commit(), "add member")
}

// EndMembership sets LeftAt on the user's active membership (ENotFound if none).
func (db *DB) EndMembership(ctx context.Context, groupID int64, userID string, at time.Time) error {
	if err := checkTimes(at); err != nil {
		return err
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return wrap(err, "end membership")
	}
	defer tx.Rollback()

	if err := updateActiveMembership(ctx, tx, `left_at = ?`, encTime(at), groupID, userID); err != nil {
		return wrap(err, "end membership")
	}
	return wrap(tx.Commit(), "end membership")
}

// SetRole changes the role of the user's active membership (ENotFound if
// none, EInvalid for an unknown role).
func (db *DB) SetRole(ctx context.Context, groupID int64, userID string, role bot.Role) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return wrap(err, "set role")
	}
	defer tx.Rollback()

	if err := updateActiveMembership(ctx, tx, `role = ?`, string(role), groupID, userID); err != nil {
		return wrap(err, "set role")
	}
	return wrap(tx.Commit(), "set role")
}

// Membership returns the user's active membership (ENotFound if none).
func (db *DB) Membership(ctx context.Context, groupID int64, userID string) (*bot.Membership, error) {
	m, err := scanMembership(db.read.QueryRowContext(ctx,
		selectMembership+` WHERE m.group_id = ? AND m.user_id = ? AND m.left_at IS NULL`, groupID, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(msgNoMember)
	}
	return m, wrap(err, "membership")
}

// Memberships returns every membership of the group, ended ones included,
// ordered by join time.
func (db *DB) Memberships(ctx context.Context, groupID int64) ([]*bot.Membership, error) {
	ms, err := queryMemberships(ctx, db.read,
		selectMembership+` WHERE m.group_id = ? ORDER BY m.joined_at, m.id`, groupID)
	return ms, wrap(err, "memberships")
}

// MembershipsOfUser returns the user's active memberships in groups on platform.
func (db *DB) MembershipsOfUser(ctx context.Context, platform, userID string) ([]*bot.Membership, error) {
	ms, err := queryMemberships(ctx, db.read, selectMembership+`
		JOIN groups g ON g.id = m.group_id
		WHERE g.platform = ? AND m.user_id = ? AND m.left_at IS NULL
		ORDER BY m.joined_at, m.id`, platform, userID)
	return ms, wrap(err, "memberships of user")
}

func createGroup(ctx context.Context, tx *sql.Tx, g *bot.Group) error {
	if err := checkTimes(g.CreatedAt); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO groups
		(name, platform, channel_id, time_zone, created_by, created_at, region)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		g.Name, g.Platform, g.ChannelID, g.TimeZone, g.CreatedBy, encTime(g.CreatedAt), g.Region)
	if err != nil {
		return constraint(err, "create group", msgChannelTaken, "")
	}
	if g.ID, err = res.LastInsertId(); err != nil {
		return wrap(err, "create group")
	}
	return nil
}

func addMember(ctx context.Context, tx *sql.Tx, m *bot.Membership) error {
	if err := checkTimes(m.JoinedAt); err != nil {
		return err
	}
	if m.LeftAt != nil {
		return bot.Errorf(bot.EInvalid, "A new membership cannot have ended already.")
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO memberships
		(group_id, user_id, display_name, role, joined_at) VALUES (?, ?, ?, ?, ?)`,
		m.GroupID, m.UserID, m.DisplayName, string(m.Role), encTime(m.JoinedAt))
	if err != nil {
		return constraint(err, "add member", msgIsMember, msgNoGroup)
	}
	return nil
}

// updateActiveMembership sets one column of the active membership.
func updateActiveMembership(ctx context.Context, tx *sql.Tx, set string, value any, groupID int64, userID string) error {
	res, err := tx.ExecContext(ctx, `UPDATE memberships SET `+set+`
		WHERE group_id = ? AND user_id = ? AND left_at IS NULL`, value, groupID, userID)
	if err != nil {
		return constraint(err, "update membership", "", "")
	}
	return mustAffect(res, msgNoMember)
}

const selectGroup = `SELECT id, name, platform, channel_id, time_zone, created_by, created_at, region FROM groups`

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

func scanGroup(s scanner) (*bot.Group, error) {
	var g bot.Group
	var created int64
	err := s.Scan(&g.ID, &g.Name, &g.Platform, &g.ChannelID, &g.TimeZone, &g.CreatedBy, &created, &g.Region)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(msgNoGroup)
	}
	if err != nil {
		return nil, err
	}
	g.CreatedAt = decTime(created)
	return &g, nil
}

const selectMembership = `SELECT m.group_id, m.user_id, m.display_name, m.role, m.joined_at, m.left_at
	FROM memberships m`

func scanMembership(s scanner) (*bot.Membership, error) {
	var m bot.Membership
	var joined int64
	var left sql.NullInt64
	if err := s.Scan(&m.GroupID, &m.UserID, &m.DisplayName, &m.Role, &joined, &left); err != nil {
		return nil, err
	}
	m.JoinedAt = decTime(joined)
	m.LeftAt = decNullTime(left)
	return &m, nil
}

func queryMemberships(ctx context.Context, q queryer, query string, args ...any) ([]*bot.Membership, error) {
	return queryAll(ctx, q, scanMembership, query, args...)
}
