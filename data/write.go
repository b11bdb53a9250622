package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/paulmach/orb"

	"github.com/frontier-map/frontier/geo"
)

// Replace writes ds as the store's whole content, in one transaction: a
// failure leaves the previous content as it was. The dataset must validate.
func (s *Store) Replace(ctx context.Context, ds geo.Dataset) error {
	if err := ds.Validate(); err != nil {
		return fmt.Errorf("data: replace: %w", err)
	}
	return s.write(ctx, func(w *writer) error {
		for _, t := range allTables {
			if _, err := w.tx.ExecContext(ctx, `DELETE FROM `+t); err != nil {
				return err
			}
		}
		meta, err := json.Marshal(ds.Meta)
		if err != nil {
			return err
		}
		if _, err := w.tx.ExecContext(ctx, `UPDATE frontier_meta SET value = ? WHERE key = 'meta'`, string(meta)); err != nil {
			return err
		}
		return w.put(ctx, ds)
	})
}

// Put inserts or updates (by id) every feature and source in ds, in one
// transaction; what ds does not mention stays as it is. Meta is not touched.
func (s *Store) Put(ctx context.Context, ds geo.Dataset) error {
	return s.write(ctx, func(w *writer) error { return w.put(ctx, ds) })
}

// writer is one write transaction. It prepares each upsert statement once
// and reuses it: parsing the SQL anew for every row was most of the cost of
// a bulk import.
type writer struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func (s *Store) write(ctx context.Context, fn func(*writer) error) error {
	return s.writeConn(ctx, false, fn)
}

// bulkCacheKiB is the page cache of a bulk write's connection: a million
// events with their R-tree and indexes take a few hundred megabytes of
// pages, and with SQLite's default 2 MB cache the transaction spilled
// pages to the WAL over and over before it committed, half its time. A
// quarter of a gigabyte holds the tables' working set; past it SQLite
// writes the coldest dirty pages to the WAL early, which they reach at the
// commit anyway. (512 MiB was no faster and took an import of a million
// events past 1.2 GB resident.)
const bulkCacheKiB = 256 << 10

// rebuildCacheKiB is the cache while Bulk rebuilds the indexes it set
// aside: SQLite's sorter may take as much memory as the page cache is
// allowed, on top of it, and the rebuild reads the tables in order, which
// needs few cached pages.
const rebuildCacheKiB = 16 << 10

// writeConn runs fn in a transaction on a connection of its own; bulk gives
// that connection a large page cache for the length of the write.
func (s *Store) writeConn(ctx context.Context, bulk bool, fn func(*writer) error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("data: begin: %w", err)
	}
	defer conn.Close()
	if bulk {
		if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = -%d`, bulkCacheKiB)); err != nil {
			return fmt.Errorf("data: begin: %w", err)
		}
		// Back to the default before the connection returns to the pool,
		// so that the memory is given back when the write is done.
		defer conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA cache_size = -2000; PRAGMA shrink_memory`)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("data: begin: %w", err)
	}
	defer tx.Rollback()
	w := &writer{tx: tx, stmts: map[string]*sql.Stmt{}}
	defer func() {
		for _, st := range w.stmts {
			st.Close()
		}
	}()
	if err := fn(w); err != nil {
		return fmt.Errorf("data: write: %w", err)
	}
	if err := w.extents(ctx); err != nil {
		return fmt.Errorf("data: extents: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("data: commit: %w", err)
	}
	s.commits.Add(1)
	return nil
}

// jsonText encodes a nested value for a JSON text column; an absent list is
// stored as [] so that readers never meet the word null in a text field.
func jsonText(v any) (string, error) {
	b, err := json.Marshal(v)
	if string(b) == "null" {
		return "[]", err
	}
	return string(b), err
}

// row is one upsert: the table, its geometry when it has a geom column,
// and the other columns with their values (id first).
type row struct {
	table   string
	spatial bool
	geom    orb.Geometry
	cols    []string
	vals    []any
}

func (w *writer) upsert(ctx context.Context, r row) error {
	cols, vals := r.cols, r.vals
	if r.spatial {
		blob, err := encodeGeometry(r.geom)
		if err != nil {
			return fmt.Errorf("%s %v: %w", r.table, r.vals[0], err)
		}
		cols = append([]string{"geom"}, cols...)
		vals = append([]any{blob}, vals...)
	}
	key := r.table + "\x00" + strings.Join(cols, ",")
	st, ok := w.stmts[key]
	if !ok {
		marks := make([]string, len(cols))
		set := make([]string, len(cols))
		for i, c := range cols {
			marks[i] = "?"
			set[i] = c + " = excluded." + c
		}
		q := fmt.Sprintf(`INSERT INTO %s (%s) VALUES (%s) ON CONFLICT (id) DO UPDATE SET %s`,
			r.table, strings.Join(cols, ", "), strings.Join(marks, ", "), strings.Join(set, ", "))
		var err error
		if st, err = w.tx.PrepareContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", r.table, err)
		}
		w.stmts[key] = st
	}
	if _, err := st.ExecContext(ctx, vals...); err != nil {
		return fmt.Errorf("%s %v: %w", r.table, r.vals[0], err)
	}
	return nil
}

func (w *writer) put(ctx context.Context, ds geo.Dataset) error {
	var rows []row
	for _, src := range ds.Sources {
		rows = append(rows, sourceRow(src))
	}
	for _, sg := range ds.Segments {
		hist, err := jsonText(sg.History)
		if err != nil {
			return err
		}
		srcs, err := jsonText(sg.Sources())
		if err != nil {
			return err
		}
		rows = append(rows, row{table: "frontier", spatial: true, geom: sg.Line,
			cols: []string{"id", "sector", "geometry_quality", "length_km", "status_history", "sources", "notes"},
			vals: []any{sg.ID, sg.Sector, sg.GeometryQuality, sg.LengthKm(), hist, srcs, sg.Notes}})
	}
	for _, e := range ds.Events {
		r, err := eventRow(e)
		if err != nil {
			return err
		}
		rows = append(rows, r)
	}
	for _, d := range ds.Deployments {
		r, err := deploymentRow(d)
		if err != nil {
			return err
		}
		rows = append(rows, r)
	}
	for _, c := range ds.Countries {
		rows = append(rows, row{table: "countries", spatial: true, geom: c.Geometry,
			cols: []string{"id", "name", "iso_a3", "source"},
			vals: []any{c.ID, c.Name, c.ISO3, c.Source}})
	}
	for _, p := range ds.Places {
		sp, err := jsonText(p.Spellings)
		if err != nil {
			return err
		}
		rows = append(rows, row{table: "places", spatial: true, geom: p.Location,
			cols: []string{"id", "name", "spellings", "country", "admin", "as_stated", "note", "source", "country_at_scale"},
			vals: []any{p.ID, p.Name, sp, p.Country, p.Admin, p.AsStated, p.Note, p.Source, nullText(p.CountryAtScale)}})
	}
	for _, f := range ds.Reported {
		r, err := reportedRow(f)
		if err != nil {
			return err
		}
		rows = append(rows, r)
	}
	for _, r := range rows {
		if err := w.upsert(ctx, r); err != nil {
			return err
		}
	}
	return nil
}

func sourceRow(src geo.Source) row {
	return row{table: "sources",
		cols: []string{"id", "publisher", "title", "url", "published", "grade", "note", "mirror", "mirror_url"},
		vals: []any{src.ID, src.Publisher, src.Title, src.URL, src.Published, src.Grade, src.Note, src.Mirror, nullText(src.MirrorURL)}}
}

func reportedRow(f geo.ReportedFigure) (row, error) {
	srcs, err := jsonText(f.Sources)
	if err != nil {
		return row{}, err
	}
	num := func(v float64) sql.NullFloat64 { return sql.NullFloat64{Float64: v, Valid: v != 0} }
	return row{table: "reported",
		cols: []string{"id", "date", "time_precision", "date_basis", "claimant", "claimant_side", "kind", "measure",
			"figure", "qualifier", "value", "value_high", "unit", "of_km", "sources", "grade", "note"},
		vals: []any{f.ID, f.Date.String(), int(f.TimePrecision), nullText(f.DateBasis), f.Claimant, nullText(f.ClaimantSide), f.Kind, f.Measure,
			f.Figure, nullText(f.Qualifier), num(f.Value), num(f.ValueHigh), nullText(f.Unit), num(f.OfKm), srcs, f.Grade, nullText(f.Note)}}, nil
}

// nullText stores an absent text as NULL, not "".
func nullText(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

func optionalGeometry(p *orb.Point) orb.Geometry {
	if p == nil {
		return nil
	}
	return *p
}

func nullInt(v int, ok bool) sql.NullInt64 { return sql.NullInt64{Int64: int64(v), Valid: ok} }

func eventRow(e geo.Event) (row, error) {
	end := e.DateEnd
	if end.IsZero() {
		end = e.DateStart
	}
	var texts [5]string
	for i, v := range []any{e.Spellings, e.Actors, e.Claims, e.Sources, e.AreaOf} {
		t, err := jsonText(v)
		if err != nil {
			return row{}, err
		}
		texts[i] = t
	}
	lo, hi, ok := e.Figures("killed")
	return row{table: "clashes", spatial: true, geom: optionalGeometry(e.Location),
		cols: []string{"id", "title", "date_start", "date_end", "time_precision", "geo_precision", "place", "place_spellings",
			"admin1", "admin2", "country", "event_type", "sub_event_type", "actors", "fatalities_low", "fatalities_high",
			"claims", "notes", "sources", "kind", "date_basis", "location_basis", "area_of", "country_at_scale"},
		vals: []any{e.ID, e.Title, e.DateStart.String(), end.String(), int(e.TimePrecision), int(e.GeoPrecision), e.Place, texts[0],
			e.Admin1, e.Admin2, e.Country, e.EventType, e.SubEventType, texts[1], nullInt(lo, ok), nullInt(hi, ok),
			texts[2], e.Notes, texts[3], nullText(e.Kind), nullText(e.DateBasis), nullText(e.LocationBasis), texts[4],
			nullText(e.CountryAtScale)}}, nil
}

func deploymentRow(d geo.Deployment) (row, error) {
	var texts [3]string
	for i, v := range []any{d.Claims, d.Quantity, d.Sources} {
		t, err := jsonText(v)
		if err != nil {
			return row{}, err
		}
		texts[i] = t
	}
	return row{table: "deployments", spatial: true, geom: optionalGeometry(d.Location),
		cols: []string{"id", "system", "category", "operator", "supplier", "since", "status_claims", "intended_area",
			"geo_precision", "place", "quantity", "notes", "sources", "location_basis"},
		vals: []any{d.ID, d.System, d.Category, d.Operator, d.Supplier, d.Since().String(), texts[0], d.IntendedArea,
			int(d.GeoPrecision), d.Place, texts[1], d.Notes, texts[2], nullText(d.LocationBasis)}}, nil
}

// extents records each feature table's bounds and last change in
// gpkg_contents, as GeoPackage asks (readers use it to zoom to a layer).
func (w *writer) extents(ctx context.Context) error {
	for _, t := range featureTables {
		_, err := w.tx.ExecContext(ctx, `UPDATE gpkg_contents SET
			min_x = (SELECT min(minx) FROM rtree_`+t+`_geom), max_x = (SELECT max(maxx) FROM rtree_`+t+`_geom),
			min_y = (SELECT min(miny) FROM rtree_`+t+`_geom), max_y = (SELECT max(maxy) FROM rtree_`+t+`_geom),
			last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now')
			WHERE table_name = ?`, t)
		if err != nil {
			return err
		}
	}
	return nil
}

// SeedIfEmpty writes the dataset load gives into a store that holds none
// yet (a new file), and returns it; nil when the store held data already,
// which it leaves as it is. A read-only store that holds none is
// ErrReadOnly: there is nothing to serve.
func (s *Store) SeedIfEmpty(ctx context.Context, load func() (geo.Dataset, error)) (*geo.Dataset, error) {
	empty, err := s.Empty(ctx)
	if err != nil || !empty {
		return nil, err
	}
	if s.readOnly {
		return nil, fmt.Errorf("%s holds no data: %w", s.path, ErrReadOnly)
	}
	ds, err := load()
	if err != nil {
		return nil, err
	}
	if err := s.Replace(ctx, ds); err != nil {
		return nil, err
	}
	return &ds, nil
}
