// Package data is Frontier's store: one SQLite file in GeoPackage layout
// (the core tables, GeoPackage binary geometries, the R-tree spatial index
// extension), so that QGIS and GDAL open it as it is. It is the only package
// that speaks SQL; it takes and returns geo types.
package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
)

// applicationID is "GPKG" in ASCII, the GeoPackage application id.
const applicationID = 0x47504B47

// userVersion marks the GeoPackage version this file follows (1.3.0).
const userVersion = 10300

// Errors of opening a store.
var (
	ErrNotGeoPackage = errors.New("data: not a GeoPackage (application_id is not GPKG); refusing to use or overwrite it")
	ErrCorrupt       = errors.New("data: file is not a readable SQLite database")
)

// Store is the GeoPackage file Frontier reads and writes.
type Store struct {
	db       *sql.DB
	path     string
	readOnly bool
	// commits counts the writes this Store has committed (Commits).
	commits atomic.Uint64
}

// ErrReadOnly is returned for a write to a store opened read-only.
var ErrReadOnly = errors.New("data: the store is read-only")

// Open opens the GeoPackage at path, creating it (empty) when it does not
// exist, and brings its schema up to date.
//
// A file Frontier may not write (its own permissions, or a folder where
// SQLite cannot create the journal beside it) is opened read-only: the
// store serves what it holds and refuses writes with ErrReadOnly.
func Open(ctx context.Context, path string) (*Store, error) {
	register()
	fresh := true
	if fi, err := os.Stat(path); err == nil {
		fresh = fi.Size() == 0
	}
	if !fresh && !writable(path) {
		return openReadOnly(ctx, path)
	}
	// The busy timeout makes a reader wait out a writer's commit instead of
	// failing. WAL is switched on only once the file is known to be ours
	// (see check): setting it rewrites the file header.
	q := url.Values{}
	q.Set("_busy_timeout", "5000")
	q.Set("_foreign_keys", "1")
	q.Set("_txlock", "immediate")
	db, err := sql.Open(driverName, "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("data: open %s: %w", path, err)
	}
	s := &Store{db: db, path: path}
	if err := s.check(ctx, fresh); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return s, nil
}

// writable reports whether SQLite can write the file and, beside it, the
// WAL and shared-memory files it keeps in the same folder.
func writable(path string) bool {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return false
	}
	f.Close()
	probe, err := os.CreateTemp(filepath.Dir(path), ".frontier-probe-*")
	if err != nil {
		return false
	}
	probe.Close()
	os.Remove(probe.Name())
	return true
}

// openReadOnly opens a file Frontier cannot write. immutable=1 tells SQLite
// no one else writes it either, so it needs neither locks nor the WAL files
// it could not create; a store written by Frontier is checkpointed on close,
// so nothing is left in a WAL that this would miss.
func openReadOnly(ctx context.Context, path string) (*Store, error) {
	q := url.Values{}
	q.Set("mode", "ro")
	q.Set("immutable", "1")
	db, err := sql.Open(driverName, "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("data: open %s: %w", path, err)
	}
	s := &Store{db: db, path: path, readOnly: true}
	var id int64
	if err := db.QueryRowContext(ctx, `PRAGMA application_id`).Scan(&id); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w: %v", path, ErrCorrupt, err)
	}
	if id != applicationID {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, ErrNotGeoPackage)
	}
	var done int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM frontier_migrations`).Scan(&done); err != nil || done < len(migrations) {
		db.Close()
		return nil, fmt.Errorf("open %s: %w, and its schema is older than this Frontier's (run once where it can be written)", path, ErrReadOnly)
	}
	return s, nil
}

// ReadOnly reports whether the store was opened read-only.
func (s *Store) ReadOnly() bool { return s.readOnly }

// check refuses a file that is not a GeoPackage, and stamps a new one.
func (s *Store) check(ctx context.Context, fresh bool) error {
	var id int64
	if err := s.db.QueryRowContext(ctx, `PRAGMA application_id`).Scan(&id); err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if fresh {
		_, err := s.db.ExecContext(ctx, `PRAGMA application_id = `+strconv.Itoa(applicationID)+`; PRAGMA user_version = `+strconv.Itoa(userVersion))
		if err != nil {
			return err
		}
	} else if id != applicationID {
		return ErrNotGeoPackage
	}
	// WAL lets readers (the server) go on while a writer (an import)
	// commits, and a crash mid-write leaves the last commit intact.
	_, err := s.db.ExecContext(ctx, `PRAGMA journal_mode = WAL`)
	return err
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Path is the file the store reads.
func (s *Store) Path() string { return s.path }

// Ping checks that the database answers a query.
func (s *Store) Ping(ctx context.Context) error {
	var n int
	return s.db.QueryRowContext(ctx, `SELECT count(*) FROM gpkg_contents`).Scan(&n)
}

// Version is the dataset version: it changes whenever any feature or source
// changes, through triggers on every table. Caches and ETags key on it.
func (s *Store) Version(ctx context.Context) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT g.value || '-' || v.value FROM frontier_meta g, frontier_meta v
		WHERE g.key = 'generation' AND v.key = 'version'`).Scan(&v)
	if err != nil {
		return "", fmt.Errorf("data: version: %w", err)
	}
	return v, nil
}

// Commits counts the writes committed through this Store. A reader that
// keeps the dataset version for a moment instead of asking Version on
// every request (the server trusts it for a second, as other processes'
// writes may take that long to show) asks again at once when the count
// has moved, so that its own process's writes show immediately.
func (s *Store) Commits() uint64 { return s.commits.Load() }

// IntegrityCheck runs SQLite's integrity check over the whole file (every
// table, index and the R-trees' shadow tables).
func (s *Store) IntegrityCheck(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("data: integrity check: %w", err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return fmt.Errorf("data: integrity check: %w", err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("data: integrity check: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("data: integrity check: %s", strings.Join(problems, "; "))
	}
	return nil
}
