-- The feature tables (one per collection) and the sources attribute table.
-- Nested values (status histories, claims, source lists) are JSON text, which
-- GDAL reads as strings and Frontier decodes.
CREATE TABLE frontier (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  geom LINESTRING,
  id TEXT NOT NULL UNIQUE,
  sector TEXT NOT NULL,
  geometry_quality TEXT NOT NULL,
  length_km REAL NOT NULL,
  status_history TEXT NOT NULL,
  sources TEXT NOT NULL,
  notes TEXT
);

CREATE TABLE clashes (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  geom POINT,
  id TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  date_start DATE NOT NULL,
  date_end DATE NOT NULL,
  time_precision INTEGER NOT NULL,
  geo_precision INTEGER NOT NULL,
  place TEXT,
  place_spellings TEXT,
  admin1 TEXT,
  admin2 TEXT,
  country TEXT,
  event_type TEXT NOT NULL,
  sub_event_type TEXT,
  actors TEXT,
  fatalities_low INTEGER,
  fatalities_high INTEGER,
  claims TEXT,
  notes TEXT,
  sources TEXT NOT NULL
);
CREATE INDEX clashes_dates ON clashes (date_start, date_end);

CREATE TABLE deployments (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  geom POINT,
  id TEXT NOT NULL UNIQUE,
  system TEXT NOT NULL,
  category TEXT,
  operator TEXT NOT NULL,
  supplier TEXT,
  since DATE,
  status_claims TEXT NOT NULL,
  intended_area TEXT,
  geo_precision INTEGER NOT NULL,
  place TEXT,
  quantity TEXT,
  notes TEXT,
  sources TEXT NOT NULL
);

CREATE TABLE countries (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  geom MULTIPOLYGON,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  iso_a3 TEXT,
  source TEXT NOT NULL
);

CREATE TABLE places (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  geom POINT,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  spellings TEXT,
  country TEXT,
  admin TEXT,
  as_stated TEXT NOT NULL,
  note TEXT,
  source TEXT NOT NULL
);

CREATE TABLE sources (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  publisher TEXT NOT NULL,
  title TEXT NOT NULL,
  url TEXT,
  published TEXT,
  grade TEXT,
  note TEXT
);

INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES
  ('frontier', 'features', 'frontier', 'Kyrgyzstan–Tajikistan frontier segments with their status history (schematic geometry)', 4326),
  ('clashes', 'features', 'clashes', 'Clash events on and near the frontier, with casualty claims and sources', 4326),
  ('deployments', 'features', 'deployments', 'Deployments and arms build-up, with dated claims and sources', 4326),
  ('countries', 'features', 'countries', 'Kyrgyzstan, Tajikistan and Uzbekistan (Natural Earth 1:10m)', 4326),
  ('places', 'features', 'places', 'Gazetteer places whose coordinates a source states', 4326),
  ('sources', 'attributes', 'sources', 'Every source the features cite', NULL);

INSERT INTO gpkg_geometry_columns VALUES
  ('frontier', 'geom', 'LINESTRING', 4326, 0, 0),
  ('clashes', 'geom', 'POINT', 4326, 0, 0),
  ('deployments', 'geom', 'POINT', 4326, 0, 0),
  ('countries', 'geom', 'MULTIPOLYGON', 4326, 0, 0),
  ('places', 'geom', 'POINT', 4326, 0, 0);
