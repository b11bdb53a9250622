-- Issue 11, "the record as the sources tell it": what a point or a date
-- stands for, episodes, mirrors of sources, the side of the schematic line a
-- place falls on, and the reported figures on the frontier's status.
ALTER TABLE clashes ADD COLUMN kind TEXT;
ALTER TABLE clashes ADD COLUMN date_basis TEXT;
ALTER TABLE clashes ADD COLUMN location_basis TEXT;
ALTER TABLE clashes ADD COLUMN area_of TEXT;
ALTER TABLE clashes ADD COLUMN country_at_scale TEXT;
ALTER TABLE deployments ADD COLUMN location_basis TEXT;
ALTER TABLE places ADD COLUMN country_at_scale TEXT;
ALTER TABLE sources ADD COLUMN mirror INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN mirror_url TEXT;

-- One row per reported figure: a claim by a named party about how much of
-- the frontier was agreed, described or contested, or how long it is. An
-- attribute table (no geometry): the figures cannot be placed on the line.
CREATE TABLE reported (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  date DATE NOT NULL,
  time_precision INTEGER NOT NULL,
  date_basis TEXT,
  claimant TEXT NOT NULL,
  claimant_side TEXT,
  kind TEXT NOT NULL,
  measure TEXT NOT NULL,
  figure TEXT NOT NULL,
  qualifier TEXT,
  value REAL,
  value_high REAL,
  unit TEXT,
  of_km REAL,
  sources TEXT NOT NULL,
  grade TEXT NOT NULL,
  note TEXT
);

INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES
  ('reported', 'attributes', 'reported', 'Reported figures on how much of the frontier was agreed, described or contested, each a claim by a named party', NULL);
