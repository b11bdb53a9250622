package data

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/mattn/go-sqlite3"

	"github.com/frontier-map/frontier/geo"
)

// Errors of the user commands.
var (
	ErrNoUser     = geo.ErrNoUser
	ErrUserExists = geo.ErrUserExists
	ErrBadUser    = geo.ErrBadUser
)

// tokenPrefix marks Frontier's tokens, so that a secret scanner (or a
// person) can tell one pasted where it should not be.
const tokenPrefix = "frt_"

// tokenBytes is the token's randomness: 256 bits.
const tokenBytes = 32

// hashToken is what the store keeps of a token. A plain SHA-256 is enough:
// the token is 256 random bits, so there is no dictionary to try, and a
// fast hash keeps the per-request lookup cheap.
func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// checkName refuses a user name that would be awkward in a log, a feed or
// a command line: it is 1 to 64 letters, digits, '.', '-' or '_'.
func checkName(name string) error {
	if name == "" || len(name) > 64 {
		return fmt.Errorf("%w: name %q: want 1 to 64 characters", ErrBadUser, name)
	}
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(".-_", r) {
			return fmt.Errorf("%w: name %q: only letters, digits, '.', '-' and '_'", ErrBadUser, name)
		}
	}
	return nil
}

// AddUser creates a user and returns its token, which the store does not
// keep: this is the only time anyone sees it.
func (s *Store) AddUser(ctx context.Context, name string, role geo.Role) (geo.User, string, error) {
	if s.readOnly {
		return geo.User{}, "", ErrReadOnly
	}
	if err := checkName(name); err != nil {
		return geo.User{}, "", err
	}
	if !role.Valid() {
		return geo.User{}, "", fmt.Errorf("%w: role %q: want editor, publisher or admin", ErrBadUser, role)
	}
	b := make([]byte, tokenBytes)
	rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	token := tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	_, err := s.db.ExecContext(ctx, `INSERT INTO frontier_users (name, role, token_hash) VALUES (?, ?, ?)`, name, string(role), hashToken(token))
	var se sqlite3.Error
	if errors.As(err, &se) && se.Code == sqlite3.ErrConstraint {
		return geo.User{}, "", fmt.Errorf("%w: %q", ErrUserExists, name)
	}
	if err != nil {
		return geo.User{}, "", fmt.Errorf("data: add user: %w", err)
	}
	u, err := s.user(ctx, `name = ?`, name)
	return u, token, err
}

// Users lists every user, revoked ones too, by name.
func (s *Store) Users(ctx context.Context) ([]geo.User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, role, created, revoked FROM frontier_users ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("data: users: %w", err)
	}
	defer rows.Close()
	var out []geo.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// RevokeUser revokes the user's token from now on. A running server looks
// tokens up on every request, so it honours this at once.
func (s *Store) RevokeUser(ctx context.Context, name string) error {
	if s.readOnly {
		return ErrReadOnly
	}
	res, err := s.db.ExecContext(ctx, `UPDATE frontier_users SET revoked = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
		WHERE name = ? AND revoked IS NULL`, name)
	if err != nil {
		return fmt.Errorf("data: revoke %s: %w", name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: %q (or already revoked)", ErrNoUser, name)
	}
	return nil
}

// UserByToken returns the user holding token, unless it is revoked. It is
// one indexed lookup, made on every request that carries a token, so that
// a revocation holds at once without a cache to expire.
func (s *Store) UserByToken(ctx context.Context, token string) (geo.User, error) {
	if !strings.HasPrefix(token, tokenPrefix) {
		return geo.User{}, ErrNoUser
	}
	return s.user(ctx, `token_hash = ? AND revoked IS NULL`, hashToken(token))
}

// UserByName returns the user with that name, unless it is revoked.
func (s *Store) UserByName(ctx context.Context, name string) (geo.User, error) {
	return s.user(ctx, `name = ? AND revoked IS NULL`, name)
}

func (s *Store) user(ctx context.Context, where string, arg any) (geo.User, error) {
	row := s.db.QueryRowContext(ctx, `SELECT name, role, created, revoked FROM frontier_users WHERE `+where, arg)
	u, err := scanUser(row)
	if errors.Is(err, sql.ErrNoRows) {
		return geo.User{}, ErrNoUser
	}
	return u, err
}

func scanUser(r interface{ Scan(...any) error }) (geo.User, error) {
	var u geo.User
	var created string
	var revoked sql.NullString
	if err := r.Scan(&u.Name, &u.Role, &created, &revoked); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return u, err
		}
		return u, fmt.Errorf("data: user: %w", err)
	}
	u.Created = parseStamp(created)
	if revoked.Valid {
		t := parseStamp(revoked.String)
		u.Revoked = &t
	}
	return u, nil
}

// parseStamp reads the timestamps SQLite writes (strftime with
// milliseconds, UTC).
func parseStamp(s string) time.Time {
	t, err := time.Parse("2006-01-02T15:04:05.000Z", s)
	if err != nil {
		t, _ = time.Parse(time.RFC3339Nano, s)
	}
	return t.UTC()
}
