package data

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"slices"
	"strings"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// featureTables are the GeoPackage feature tables, each with a geom column.
var featureTables = []string{"frontier", "clashes", "deployments", "countries", "places"}

// allTables are the tables whose changes bump the dataset version.
var allTables = append(append([]string(nil), featureTables...), "sources", "reported")

// migration is one step of the schema. Steps run in order, once each, in one
// transaction with the record that they ran.
type migration struct {
	name string
	run  func(ctx context.Context, tx *sql.Tx) error
}

func sqlFile(name string) migration {
	return migration{name: name, run: func(ctx context.Context, tx *sql.Tx) error {
		b, err := migrationFiles.ReadFile("migrations/" + name)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, string(b))
		return err
	}}
}

var migrations = []migration{
	sqlFile("001_gpkg_core.sql"),
	sqlFile("002_layers.sql"),
	{name: "003_rtree_and_version", run: func(ctx context.Context, tx *sql.Tx) error {
		var b strings.Builder
		for _, t := range featureTables {
			b.WriteString(rtreeSQL(t, "geom", "fid"))
		}
		// The tables as they were when this step was written; later
		// tables get their triggers in their own step.
		for _, t := range append(slices.Clone(featureTables), "sources") {
			b.WriteString(versionSQL(t))
		}
		_, err := tx.ExecContext(ctx, b.String())
		return err
	}},
	sqlFile("004_desk.sql"),
	sqlFile("005_filter_indexes.sql"),
	sqlFile("006_record.sql"),
	{name: "007_reported_version", run: func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, versionSQL("reported"))
		return err
	}},
}

// rtreeSQL is the GeoPackage R-tree spatial index extension for table t's
// geometry column c with primary key i: the virtual table, the triggers that
// keep it current, and its registration. The triggers are GeoPackage 1.4's
// (Annex F.3), whose updates work under UPSERT, which 1.3's INSERT OR
// REPLACE ones do not.
func rtreeSQL(t, c, i string) string {
	r := strings.NewReplacer("<t>", t, "<c>", c, "<i>", i)
	return r.Replace(`
CREATE VIRTUAL TABLE rtree_<t>_<c> USING rtree(id, minx, maxx, miny, maxy);
CREATE TRIGGER rtree_<t>_<c>_insert AFTER INSERT ON <t>
  WHEN (new.<c> NOT NULL AND NOT ST_IsEmpty(NEW.<c>))
BEGIN
  INSERT OR REPLACE INTO rtree_<t>_<c> VALUES (NEW.<i>, ST_MinX(NEW.<c>), ST_MaxX(NEW.<c>), ST_MinY(NEW.<c>), ST_MaxY(NEW.<c>));
END;
CREATE TRIGGER rtree_<t>_<c>_update6 AFTER UPDATE OF <c> ON <t>
  WHEN OLD.<i> = NEW.<i> AND (NEW.<c> NOTNULL AND NOT ST_IsEmpty(NEW.<c>)) AND (OLD.<c> NOTNULL AND NOT ST_IsEmpty(OLD.<c>))
BEGIN
  UPDATE rtree_<t>_<c> SET minx = ST_MinX(NEW.<c>), maxx = ST_MaxX(NEW.<c>), miny = ST_MinY(NEW.<c>), maxy = ST_MaxY(NEW.<c>)
  WHERE id = NEW.<i>;
END;
CREATE TRIGGER rtree_<t>_<c>_update7 AFTER UPDATE OF <c> ON <t>
  WHEN OLD.<i> = NEW.<i> AND (NEW.<c> NOTNULL AND NOT ST_IsEmpty(NEW.<c>)) AND (OLD.<c> ISNULL OR ST_IsEmpty(OLD.<c>))
BEGIN
  INSERT INTO rtree_<t>_<c> VALUES (NEW.<i>, ST_MinX(NEW.<c>), ST_MaxX(NEW.<c>), ST_MinY(NEW.<c>), ST_MaxY(NEW.<c>));
END;
CREATE TRIGGER rtree_<t>_<c>_update2 AFTER UPDATE OF <c> ON <t>
  WHEN OLD.<i> = NEW.<i> AND (NEW.<c> IS NULL OR ST_IsEmpty(NEW.<c>))
BEGIN
  DELETE FROM rtree_<t>_<c> WHERE id = OLD.<i>;
END;
CREATE TRIGGER rtree_<t>_<c>_update5 AFTER UPDATE ON <t>
  WHEN OLD.<i> != NEW.<i> AND (NEW.<c> NOTNULL AND NOT ST_IsEmpty(NEW.<c>))
BEGIN
  DELETE FROM rtree_<t>_<c> WHERE id = OLD.<i>;
  INSERT INTO rtree_<t>_<c> VALUES (NEW.<i>, ST_MinX(NEW.<c>), ST_MaxX(NEW.<c>), ST_MinY(NEW.<c>), ST_MaxY(NEW.<c>));
END;
CREATE TRIGGER rtree_<t>_<c>_update4 AFTER UPDATE ON <t>
  WHEN OLD.<i> != NEW.<i> AND (NEW.<c> IS NULL OR ST_IsEmpty(NEW.<c>))
BEGIN
  DELETE FROM rtree_<t>_<c> WHERE id IN (OLD.<i>, NEW.<i>);
END;
CREATE TRIGGER rtree_<t>_<c>_delete AFTER DELETE ON <t>
  WHEN old.<c> NOT NULL
BEGIN
  DELETE FROM rtree_<t>_<c> WHERE id = OLD.<i>;
END;
INSERT INTO gpkg_extensions VALUES ('<t>', '<c>', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');
`)
}

// versionSQL makes every change to table t bump the dataset version, whoever
// makes it: Frontier's import or an edit in QGIS. Triggers fire per row, so a
// bulk write bumps it many times; the version only has to change, not count.
func versionSQL(t string) string {
	var b strings.Builder
	for _, op := range []string{"INSERT", "UPDATE", "DELETE"} {
		fmt.Fprintf(&b, `
CREATE TRIGGER frontier_version_%[1]s_%[2]s AFTER %[2]s ON %[1]s
BEGIN
  UPDATE frontier_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'version';
END;`, t, strings.ToLower(op))
	}
	return b.String()
}

// migrate runs the steps the database has not seen yet.
func migrate(ctx context.Context, db *sql.DB) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS frontier_migrations (name TEXT NOT NULL PRIMARY KEY, applied TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))`); err != nil {
		return fmt.Errorf("data: migrations table: %w", err)
	}
	for _, m := range migrations {
		if err := runMigration(ctx, db, m); err != nil {
			return fmt.Errorf("data: migration %s: %w", m.name, err)
		}
	}
	return nil
}

func runMigration(ctx context.Context, db *sql.DB, m migration) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM frontier_migrations WHERE name = ?`, m.name).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if err := m.run(ctx, tx); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO frontier_migrations (name) VALUES (?)`, m.name); err != nil {
		return err
	}
	return tx.Commit()
}
