package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
)

// mbtilesApplicationID is "MPBX", the SQLite application id MBTiles 1.3
// recommends.
const mbtilesApplicationID = 0x4d504258

// MBTiles writes an MBTiles 1.3 archive: the metadata table and the tiles
// table, in one transaction committed by Close. It lives in data because it
// is SQL; package tiles decides what goes in it.
type MBTiles struct {
	db   *sql.DB
	tx   *sql.Tx
	put  *sql.Stmt
	path string
	n    int
}

// CreateMBTiles creates a new MBTiles file at path with the metadata given
// (name, format, bounds, center, minzoom, maxzoom, json, ...). It refuses to
// overwrite a file.
func CreateMBTiles(ctx context.Context, path string, metadata map[string]string) (*MBTiles, error) {
	if _, err := os.Stat(path); err == nil {
		return nil, fmt.Errorf("data: mbtiles: %s already exists", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("data: mbtiles: %w", err)
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("data: mbtiles: %w", err)
	}
	db.SetMaxOpenConns(1)
	m := &MBTiles{db: db, path: path}
	if err := m.init(ctx, metadata); err != nil {
		db.Close()
		os.Remove(path)
		return nil, fmt.Errorf("data: mbtiles %s: %w", path, err)
	}
	return m, nil
}

func (m *MBTiles) init(ctx context.Context, metadata map[string]string) error {
	_, err := m.db.ExecContext(ctx, fmt.Sprintf(`PRAGMA application_id = %d;
		CREATE TABLE metadata (name TEXT NOT NULL, value TEXT);
		CREATE UNIQUE INDEX metadata_name ON metadata (name);
		CREATE TABLE tiles (zoom_level INTEGER NOT NULL, tile_column INTEGER NOT NULL, tile_row INTEGER NOT NULL, tile_data BLOB NOT NULL);
		CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);`, mbtilesApplicationID))
	if err != nil {
		return err
	}
	if m.tx, err = m.db.BeginTx(ctx, nil); err != nil {
		return err
	}
	names := make([]string, 0, len(metadata))
	for k := range metadata {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if _, err := m.tx.ExecContext(ctx, `INSERT INTO metadata (name, value) VALUES (?, ?)`, k, metadata[k]); err != nil {
			return err
		}
	}
	m.put, err = m.tx.PrepareContext(ctx, `INSERT OR REPLACE INTO tiles (zoom_level, tile_column, tile_row, tile_data) VALUES (?, ?, ?, ?)`)
	return err
}

// Put stores one tile given in XYZ (y grows southwards); MBTiles rows are
// TMS, counted from the south, so the row is flipped here.
func (m *MBTiles) Put(ctx context.Context, z, x, y uint32, tile []byte) error {
	row := (uint32(1) << z) - 1 - y
	if _, err := m.put.ExecContext(ctx, z, x, row, tile); err != nil {
		return fmt.Errorf("data: mbtiles %d/%d/%d: %w", z, x, y, err)
	}
	m.n++
	return nil
}

// Count is the number of tiles put so far.
func (m *MBTiles) Count() int { return m.n }

// Close commits the tiles and closes the file.
func (m *MBTiles) Close() error {
	var err error
	if m.put != nil {
		m.put.Close()
	}
	if m.tx != nil {
		err = m.tx.Commit()
	}
	return errors.Join(err, m.db.Close())
}

// Abort drops what was written and removes the file.
func (m *MBTiles) Abort() error {
	if m.put != nil {
		m.put.Close()
	}
	if m.tx != nil {
		m.tx.Rollback()
	}
	err := m.db.Close()
	return errors.Join(err, os.Remove(m.path))
}

// MBTilesInfo reads an MBTiles file's metadata and its tile count per zoom,
// for checking an archive.
func MBTilesInfo(ctx context.Context, path string) (map[string]string, map[uint32]int, error) {
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		return nil, nil, err
	}
	defer db.Close()
	meta := map[string]string{}
	rows, err := db.QueryContext(ctx, `SELECT name, value FROM metadata`)
	if err != nil {
		return nil, nil, fmt.Errorf("data: mbtiles %s: %w", path, err)
	}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			rows.Close()
			return nil, nil, err
		}
		meta[k] = v
	}
	rows.Close()
	zooms := map[uint32]int{}
	rows, err = db.QueryContext(ctx, `SELECT zoom_level, count(*) FROM tiles GROUP BY zoom_level`)
	if err != nil {
		return nil, nil, fmt.Errorf("data: mbtiles %s: %w", path, err)
	}
	defer rows.Close()
	for rows.Next() {
		var z uint32
		var n int
		if err := rows.Scan(&z, &n); err != nil {
			return nil, nil, err
		}
		zooms[z] = n
	}
	return meta, zooms, rows.Err()
}
