package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/paulmach/orb"

	"github.com/frontier-map/frontier/geo"
)

// query builds the WHERE clause shared by every layer: the id, the bbox
// through the table's R-tree, and any extra conditions.
type query struct {
	where []string
	args  []any
}

func (q *query) add(cond string, args ...any) {
	q.where = append(q.where, cond)
	q.args = append(q.args, args...)
}

func (q *query) sql(table, cols string) string {
	s := `SELECT ` + cols + ` FROM ` + table
	if len(q.where) > 0 {
		s += ` WHERE ` + strings.Join(q.where, ` AND `)
	}
	return s + ` ORDER BY id`
}

func baseQuery(table string, f geo.Filter) *query {
	q := &query{}
	if f.ID != "" {
		q.add(`id = ?`, f.ID)
	}
	if f.IDs != nil && len(f.IDs) == 0 {
		q.add(`0`) // an empty list selects nothing
	} else if f.IDs != nil {
		marks := strings.TrimSuffix(strings.Repeat("?,", len(f.IDs)), ",")
		args := make([]any, len(f.IDs))
		for i, id := range f.IDs {
			args[i] = id
		}
		q.add(`id IN (`+marks+`)`, args...)
	}
	if f.BBox != nil && table != "sources" {
		b := *f.BBox
		q.add(`fid IN (SELECT id FROM rtree_`+table+`_geom WHERE minx <= ? AND maxx >= ? AND miny <= ? AND maxy >= ?)`,
			b.Max[0], b.Min[0], b.Max[1], b.Min[1])
	}
	return q
}

// within re-checks a geometry against the filter's bbox: the R-tree stores
// 32-bit bounds rounded outward, so it can return a feature just outside.
func within(f geo.Filter, g orb.Geometry) bool {
	if f.BBox == nil {
		return true
	}
	return g != nil && g.Bound().Intersects(*f.BBox)
}

func collect[T any](ctx context.Context, db *sql.DB, q *query, table, cols string, scan func(*sql.Rows) (T, error)) ([]T, error) {
	rows, err := db.QueryContext(ctx, q.sql(table, cols), q.args...)
	if err != nil {
		return nil, fmt.Errorf("data: %s: %w", table, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("data: %s: %w", table, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("data: %s: %w", table, err)
	}
	return out, nil
}

// decoder gathers the JSON and geometry decoding errors of one row.
type decoder struct{ err error }

func (d *decoder) json(text sql.NullString, v any) {
	if d.err != nil || !text.Valid || text.String == "" || text.String == "[]" {
		return
	}
	d.err = json.Unmarshal([]byte(text.String), v)
}

func (d *decoder) geom(b []byte) orb.Geometry {
	if d.err != nil {
		return nil
	}
	g, err := decodeGeometry(b)
	d.err = err
	return g
}

func (d *decoder) date(s sql.NullString) geo.Date {
	if d.err != nil || !s.Valid || s.String == "" {
		return geo.Date{}
	}
	v, err := geo.ParseDate(s.String)
	d.err = err
	return v
}

func (d *decoder) point(b []byte) *orb.Point {
	switch g := d.geom(b).(type) {
	case nil:
		return nil
	case orb.Point:
		return &g
	default:
		d.err = errors.Join(d.err, fmt.Errorf("%w: want a point, have %s", ErrGeometry, g.GeoJSONType()))
		return nil
	}
}

// Segments returns the frontier segments the filter selects.
func (s *Store) Segments(ctx context.Context, f geo.Filter) ([]geo.Segment, error) {
	q := baseQuery("frontier", f)
	segs, err := collect(ctx, s.db, q, "frontier", `id, geom, sector, geometry_quality, status_history, notes`,
		func(r *sql.Rows) (geo.Segment, error) {
			var sg geo.Segment
			var blob []byte
			var hist, notes sql.NullString
			if err := r.Scan(&sg.ID, &blob, &sg.Sector, &sg.GeometryQuality, &hist, &notes); err != nil {
				return sg, err
			}
			var d decoder
			ls, ok := d.geom(blob).(orb.LineString)
			if d.err == nil && !ok {
				d.err = fmt.Errorf("segment %s: %w: want a line", sg.ID, ErrGeometry)
			}
			sg.Line = ls
			d.json(hist, &sg.History)
			sg.Notes = notes.String
			return sg, d.err
		})
	if err != nil {
		return nil, err
	}
	out := segs[:0]
	for _, sg := range segs {
		if within(f, sg.Line) && (f.Time == nil || sg.ActiveIn(*f.Time)) {
			out = append(out, sg)
		}
	}
	return out, nil
}

// dayBounds turns an interval into the first and last day it touches, for
// comparing with the stored dates; open ends give "".
func dayBounds(iv geo.Interval) (first, last string) {
	if !iv.OpenStart {
		first = geo.DateOf(iv.Start).String()
	}
	if !iv.OpenEnd {
		last = geo.DateOf(iv.End).String()
	}
	return first, last
}

// Events returns the clash events the filter selects. An event meets an
// interval when its days overlap it.
func (s *Store) Events(ctx context.Context, f geo.Filter) ([]geo.Event, error) {
	q := baseQuery("clashes", f)
	if f.Time != nil {
		first, last := dayBounds(*f.Time)
		if last != "" {
			q.add(`date_start <= ?`, last)
		}
		if first != "" {
			q.add(`date_end >= ?`, first)
		}
	}
	evs, err := collect(ctx, s.db, q, "clashes", `id, geom, title, CAST(date_start AS TEXT), CAST(date_end AS TEXT), time_precision, geo_precision,
		place, place_spellings, admin1, admin2, country, event_type, sub_event_type, actors, claims, notes, sources`,
		func(r *sql.Rows) (geo.Event, error) {
			var e geo.Event
			var blob []byte
			var ds, de, place, spell, a1, a2, country, sub, actors, claims, notes, srcs sql.NullString
			if err := r.Scan(&e.ID, &blob, &e.Title, &ds, &de, &e.TimePrecision, &e.GeoPrecision,
				&place, &spell, &a1, &a2, &country, &e.EventType, &sub, &actors, &claims, &notes, &srcs); err != nil {
				return e, err
			}
			var d decoder
			e.Location = d.point(blob)
			e.DateStart, e.DateEnd = d.date(ds), d.date(de)
			e.Place, e.Admin1, e.Admin2, e.Country = place.String, a1.String, a2.String, country.String
			e.SubEventType, e.Notes = sub.String, notes.String
			d.json(spell, &e.Spellings)
			d.json(actors, &e.Actors)
			d.json(claims, &e.Claims)
			d.json(srcs, &e.Sources)
			return e, d.err
		})
	if err != nil {
		return nil, err
	}
	out := evs[:0]
	for _, e := range evs {
		if within(f, pointGeometry(e.Location)) {
			out = append(out, e)
		}
	}
	return out, nil
}

func pointGeometry(p *orb.Point) orb.Geometry {
	if p == nil {
		return nil
	}
	return *p
}

// Deployments returns the deployments the filter selects. A deployment meets
// an interval when its earliest dated claim is not after the interval's end.
func (s *Store) Deployments(ctx context.Context, f geo.Filter) ([]geo.Deployment, error) {
	q := baseQuery("deployments", f)
	if f.Time != nil {
		if _, last := dayBounds(*f.Time); last != "" {
			q.add(`(since IS NULL OR since = '' OR since <= ?)`, last)
		}
	}
	deps, err := collect(ctx, s.db, q, "deployments", `id, geom, system, category, operator, supplier, status_claims,
		intended_area, geo_precision, place, quantity, notes, sources`,
		func(r *sql.Rows) (geo.Deployment, error) {
			var dp geo.Deployment
			var blob []byte
			var cat, sup, claims, area, place, qty, notes, srcs sql.NullString
			if err := r.Scan(&dp.ID, &blob, &dp.System, &cat, &dp.Operator, &sup, &claims, &area,
				&dp.GeoPrecision, &place, &qty, &notes, &srcs); err != nil {
				return dp, err
			}
			var d decoder
			dp.Location = d.point(blob)
			dp.Category, dp.Supplier, dp.IntendedArea, dp.Place, dp.Notes = cat.String, sup.String, area.String, place.String, notes.String
			d.json(claims, &dp.Claims)
			d.json(qty, &dp.Quantity)
			d.json(srcs, &dp.Sources)
			return dp, d.err
		})
	if err != nil {
		return nil, err
	}
	out := deps[:0]
	for _, dp := range deps {
		if within(f, pointGeometry(dp.Location)) {
			out = append(out, dp)
		}
	}
	return out, nil
}

// Countries returns the country polygons the filter selects.
func (s *Store) Countries(ctx context.Context, f geo.Filter) ([]geo.Country, error) {
	cs, err := collect(ctx, s.db, baseQuery("countries", f), "countries", `id, geom, name, iso_a3, source`,
		func(r *sql.Rows) (geo.Country, error) {
			var c geo.Country
			var blob []byte
			var iso sql.NullString
			if err := r.Scan(&c.ID, &blob, &c.Name, &iso, &c.Source); err != nil {
				return c, err
			}
			var d decoder
			switch g := d.geom(blob).(type) {
			case orb.MultiPolygon:
				c.Geometry = g
			case orb.Polygon:
				c.Geometry = orb.MultiPolygon{g}
			}
			c.ISO3 = iso.String
			return c, d.err
		})
	if err != nil {
		return nil, err
	}
	out := cs[:0]
	for _, c := range cs {
		if within(f, c.Geometry) {
			out = append(out, c)
		}
	}
	return out, nil
}

// Places returns the gazetteer places the filter selects.
func (s *Store) Places(ctx context.Context, f geo.Filter) ([]geo.Place, error) {
	ps, err := collect(ctx, s.db, baseQuery("places", f), "places", `id, geom, name, spellings, country, admin, as_stated, note, source`,
		func(r *sql.Rows) (geo.Place, error) {
			var p geo.Place
			var blob []byte
			var spell, country, admin, note sql.NullString
			if err := r.Scan(&p.ID, &blob, &p.Name, &spell, &country, &admin, &p.AsStated, &note, &p.Source); err != nil {
				return p, err
			}
			var d decoder
			if pt := d.point(blob); pt != nil {
				p.Location = *pt
			} else if d.err == nil {
				d.err = fmt.Errorf("place %s: %w: no point", p.ID, ErrGeometry)
			}
			d.json(spell, &p.Spellings)
			p.Country, p.Admin, p.Note = country.String, admin.String, note.String
			return p, d.err
		})
	if err != nil {
		return nil, err
	}
	out := ps[:0]
	for _, p := range ps {
		if within(f, p.Location) {
			out = append(out, p)
		}
	}
	return out, nil
}

// Sources returns every source, by id.
func (s *Store) Sources(ctx context.Context) ([]geo.Source, error) {
	return collect(ctx, s.db, &query{}, "sources", `id, publisher, title, url, published, grade, note`,
		func(r *sql.Rows) (geo.Source, error) {
			var src geo.Source
			var u, pub, grade, note sql.NullString
			err := r.Scan(&src.ID, &src.Publisher, &src.Title, &u, &pub, &grade, &note)
			src.URL, src.Published, src.Grade, src.Note = u.String, pub.String, grade.String, note.String
			return src, err
		})
}

// Meta returns the dataset's metadata.
func (s *Store) Meta(ctx context.Context) (geo.Meta, error) {
	var m geo.Meta
	var text string
	if err := s.db.QueryRowContext(ctx, `SELECT value FROM frontier_meta WHERE key = 'meta'`).Scan(&text); err != nil {
		return m, fmt.Errorf("data: meta: %w", err)
	}
	if err := json.Unmarshal([]byte(text), &m); err != nil {
		return m, fmt.Errorf("data: meta: %w", err)
	}
	return m, nil
}

// Dataset reads the whole store back.
func (s *Store) Dataset(ctx context.Context) (geo.Dataset, error) {
	var ds geo.Dataset
	var err error
	all := geo.Filter{}
	steps := []func() error{
		func() error { ds.Meta, err = s.Meta(ctx); return err },
		func() error { ds.Sources, err = s.Sources(ctx); return err },
		func() error { ds.Segments, err = s.Segments(ctx, all); return err },
		func() error { ds.Events, err = s.Events(ctx, all); return err },
		func() error { ds.Deployments, err = s.Deployments(ctx, all); return err },
		func() error { ds.Countries, err = s.Countries(ctx, all); return err },
		func() error { ds.Places, err = s.Places(ctx, all); return err },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return ds, err
		}
	}
	return ds, nil
}

// Empty reports whether the store holds no frontier segments yet.
func (s *Store) Empty(ctx context.Context) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM frontier`).Scan(&n)
	return n == 0, err
}
