-- The newsroom desk: who may write, what is waiting to be published, and
-- the record of every change. None of these tables is a layer: GIS tools
-- see them as plain SQLite tables and Frontier's readers never touch them,
-- so published reads keep their speed.

-- Desk users. The token itself is never stored: token_hash is SHA-256 of
-- it, enough for a 256-bit random token (no dictionary to guess from).
CREATE TABLE frontier_users (
  name TEXT NOT NULL PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('editor', 'publisher', 'admin')),
  token_hash BLOB NOT NULL UNIQUE,
  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  revoked TEXT
);

-- Pending changes, one per feature: a second edit of the same feature
-- replaces the first, and publishing applies and removes them all.
-- record is the feature as it will be published (NULL for a deletion);
-- base is the published feature the draft started from (NULL for a new one).
CREATE TABLE frontier_drafts (
  collection TEXT NOT NULL,
  feature_id TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('create', 'change', 'delete')),
  record TEXT,
  base TEXT,
  author TEXT NOT NULL,
  editors TEXT NOT NULL,
  updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (collection, feature_id)
);

-- A publication is one POST /publish (or one import) and its message.
CREATE TABLE frontier_publications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  author TEXT NOT NULL,
  message TEXT NOT NULL
);

-- Every change to a feature: a draft (publication NULL) or its publication.
-- before and after are the feature in its record form (GeoJSON, sources by
-- id); editors lists who drafted a published change.
CREATE TABLE frontier_revisions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  author TEXT NOT NULL,
  publication INTEGER REFERENCES frontier_publications (id),
  collection TEXT NOT NULL,
  feature_id TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('create', 'change', 'delete')),
  message TEXT,
  editors TEXT,
  before TEXT,
  after TEXT
);
CREATE INDEX frontier_revisions_feature ON frontier_revisions (collection, feature_id, id);
CREATE INDEX frontier_revisions_publication ON frontier_revisions (publication);

-- The record is append-only, and SQLite enforces it: not Frontier's Go
-- code, so neither a bug nor a hand with the sqlite3 shell can rewrite
-- what was published.
CREATE TRIGGER frontier_revisions_no_update BEFORE UPDATE ON frontier_revisions
BEGIN SELECT RAISE(ABORT, 'frontier_revisions is append-only'); END;
CREATE TRIGGER frontier_revisions_no_delete BEFORE DELETE ON frontier_revisions
BEGIN SELECT RAISE(ABORT, 'frontier_revisions is append-only'); END;
-- INSERT OR REPLACE removes the row it replaces without firing the
-- delete trigger, so an insert may not reuse an id either.
CREATE TRIGGER frontier_revisions_no_replace BEFORE INSERT ON frontier_revisions
WHEN EXISTS (SELECT 1 FROM frontier_revisions WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'frontier_revisions is append-only'); END;
CREATE TRIGGER frontier_publications_no_replace BEFORE INSERT ON frontier_publications
WHEN EXISTS (SELECT 1 FROM frontier_publications WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'frontier_publications is append-only'); END;
CREATE TRIGGER frontier_publications_no_update BEFORE UPDATE ON frontier_publications
BEGIN SELECT RAISE(ABORT, 'frontier_publications is append-only'); END;
CREATE TRIGGER frontier_publications_no_delete BEFORE DELETE ON frontier_publications
BEGIN SELECT RAISE(ABORT, 'frontier_publications is append-only'); END;
