-- Indexes for the property filters of the items routes (data/query.go's
-- propColumns): each leads with the filtered column, in the collation the
-- filter compares with, and ends with id, so a filtered page in id order is
-- read off the index without sorting, and its count without reading rows.
-- The event dates already have clashes_dates (002).
CREATE INDEX frontier_sector ON frontier (sector COLLATE NOCASE, id);
CREATE INDEX clashes_event_type ON clashes (event_type COLLATE NOCASE, id);
CREATE INDEX clashes_country ON clashes (country COLLATE NOCASE, id);
CREATE INDEX clashes_geo_precision ON clashes (geo_precision, id);
CREATE INDEX deployments_operator ON deployments (operator COLLATE NOCASE, id);
CREATE INDEX deployments_category ON deployments (category COLLATE NOCASE, id);
CREATE INDEX countries_iso_a3 ON countries (iso_a3 COLLATE NOCASE, id);
CREATE INDEX places_country ON places (country COLLATE NOCASE, id);
