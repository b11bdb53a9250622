package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb"

	"github.com/frontier-map/frontier/geo"
)

// collect reads the page of rows the filter selects (all of them when it
// sets no limit or offset).
func collect[T any](ctx context.Context, s *Store, layer string, f geo.Filter, cols string, scan func(*sql.Rows) (T, error)) ([]T, error) {
	q, err := s.layerQuery(ctx, layer, f)
	if err != nil {
		return nil, err
	}
	text, args := q.sql(cols, f.Limit, f.Offset)
	rows, err := s.db.QueryContext(ctx, text, args...)
	if err != nil {
		return nil, fmt.Errorf("data: %s: %w", layer, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("data: %s: %w", layer, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("data: %s: %w", layer, err)
	}
	return out, nil
}

// decoder gathers the JSON and geometry decoding errors of one row.
type decoder struct{ err error }

func (d *decoder) json(text sql.NullString, v any) {
	if d.err != nil || !text.Valid || text.String == "" || text.String == "[]" {
		return
	}
	if p, ok := v.(*[]string); ok {
		if list, ok := stringList(text.String); ok {
			*p = list
			return
		}
	}
	d.err = json.Unmarshal([]byte(text.String), v)
}

// stringList reads a list of texts as json.Marshal stores it (["a","b"]:
// no space, no escape) without encoding/json, whose Unmarshal was a sixth
// of a large page's CPU; ok is false for anything else (an escape, a
// space, a number, text json would have to repair), left to encoding/json.
// Without a backslash a quote can only be a delimiter, so cutting at ","
// finds the entries.
func stringList(s string) ([]string, bool) {
	if len(s) < 4 || !strings.HasPrefix(s, `["`) || !strings.HasSuffix(s, `"]`) || !utf8.ValidString(s) {
		return nil, false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '\\' {
			return nil, false
		}
	}
	list := strings.Split(s[2:len(s)-2], `","`)
	for _, e := range list {
		if strings.Contains(e, `"`) {
			return nil, false
		}
	}
	return list, true
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

// Segments returns the frontier segments the filter selects. The frontier
// is a few segments, and whether one is active in an interval or holds a
// status is judged from its history, so the page is cut after reading.
func (s *Store) Segments(ctx context.Context, f geo.Filter) ([]geo.Segment, error) {
	all := f
	all.Limit, all.Offset = 0, 0
	segs, err := collect(ctx, s, "frontier", all, `t.id, geom, sector, geometry_quality, status_history, notes`,
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
	status, byStatus := f.Props["status"]
	out := segs[:0]
	for _, sg := range segs {
		if f.Time != nil && !sg.ActiveIn(*f.Time) {
			continue
		}
		if byStatus && !sg.HasStatusAt(status, f.AsOf()) {
			continue
		}
		out = append(out, sg)
	}
	return page(out, f), nil
}

// page cuts the filter's page out of everything it selects.
func page[T any](all []T, f geo.Filter) []T {
	all = all[min(f.Offset, len(all)):]
	if f.Limit > 0 {
		all = all[:min(f.Limit, len(all))]
	}
	return all
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
	return collect(ctx, s, "clashes", f, `t.id, geom, title, CAST(date_start AS TEXT), CAST(date_end AS TEXT), time_precision, geo_precision,
		place, place_spellings, admin1, admin2, country, event_type, sub_event_type, actors, claims, notes, sources,
		kind, date_basis, location_basis, area_of, country_at_scale`,
		func(r *sql.Rows) (geo.Event, error) {
			var e geo.Event
			var blob []byte
			var ds, de, place, spell, a1, a2, country, sub, actors, claims, notes, srcs sql.NullString
			var kind, dateBasis, locBasis, areaOf, atScale sql.NullString
			if err := r.Scan(&e.ID, &blob, &e.Title, &ds, &de, &e.TimePrecision, &e.GeoPrecision,
				&place, &spell, &a1, &a2, &country, &e.EventType, &sub, &actors, &claims, &notes, &srcs,
				&kind, &dateBasis, &locBasis, &areaOf, &atScale); err != nil {
				return e, err
			}
			e.Kind, e.DateBasis, e.LocationBasis, e.CountryAtScale = kind.String, dateBasis.String, locBasis.String, atScale.String
			var d decoder
			e.Location = d.point(blob)
			e.DateStart, e.DateEnd = d.date(ds), d.date(de)
			e.Place, e.Admin1, e.Admin2, e.Country = place.String, a1.String, a2.String, country.String
			e.SubEventType, e.Notes = sub.String, notes.String
			d.json(spell, &e.Spellings)
			d.json(actors, &e.Actors)
			d.json(claims, &e.Claims)
			d.json(srcs, &e.Sources)
			d.json(areaOf, &e.AreaOf)
			return e, d.err
		})
}

// Deployments returns the deployments the filter selects. A deployment meets
// an interval when its earliest dated claim is not after the interval's end.
func (s *Store) Deployments(ctx context.Context, f geo.Filter) ([]geo.Deployment, error) {
	return collect(ctx, s, "deployments", f, `t.id, geom, system, category, operator, supplier, status_claims,
		intended_area, geo_precision, place, quantity, notes, sources, location_basis`,
		func(r *sql.Rows) (geo.Deployment, error) {
			var dp geo.Deployment
			var blob []byte
			var cat, sup, claims, area, place, qty, notes, srcs, basis sql.NullString
			if err := r.Scan(&dp.ID, &blob, &dp.System, &cat, &dp.Operator, &sup, &claims, &area,
				&dp.GeoPrecision, &place, &qty, &notes, &srcs, &basis); err != nil {
				return dp, err
			}
			dp.LocationBasis = basis.String
			var d decoder
			dp.Location = d.point(blob)
			dp.Category, dp.Supplier, dp.IntendedArea, dp.Place, dp.Notes = cat.String, sup.String, area.String, place.String, notes.String
			d.json(claims, &dp.Claims)
			d.json(qty, &dp.Quantity)
			d.json(srcs, &dp.Sources)
			return dp, d.err
		})
}

// Countries returns the country polygons the filter selects.
func (s *Store) Countries(ctx context.Context, f geo.Filter) ([]geo.Country, error) {
	return collect(ctx, s, "countries", f, `t.id, geom, name, iso_a3, source`,
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
}

// Places returns the gazetteer places the filter selects.
func (s *Store) Places(ctx context.Context, f geo.Filter) ([]geo.Place, error) {
	return collect(ctx, s, "places", f, `t.id, geom, name, spellings, country, admin, as_stated, note, source, country_at_scale`,
		func(r *sql.Rows) (geo.Place, error) {
			var p geo.Place
			var blob []byte
			var spell, country, admin, note, atScale sql.NullString
			if err := r.Scan(&p.ID, &blob, &p.Name, &spell, &country, &admin, &p.AsStated, &note, &p.Source, &atScale); err != nil {
				return p, err
			}
			p.CountryAtScale = atScale.String
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
}

// Sources returns every source, by id.
func (s *Store) Sources(ctx context.Context) ([]geo.Source, error) {
	return s.SourcesWhere(ctx, geo.Filter{})
}

// SourcesWhere returns the sources the filter selects, by id: ids,
// publisher and grade, the key to page after, limit and offset. A bbox
// selects none, as no source has a geometry.
func (s *Store) SourcesWhere(ctx context.Context, f geo.Filter) ([]geo.Source, error) {
	return collect(ctx, s, "sources", f, `t.id, publisher, title, url, published, grade, note, mirror, mirror_url`,
		func(r *sql.Rows) (geo.Source, error) {
			var src geo.Source
			var u, pub, grade, note, mirror sql.NullString
			err := r.Scan(&src.ID, &src.Publisher, &src.Title, &u, &pub, &grade, &note, &src.Mirror, &mirror)
			src.URL, src.Published, src.Grade, src.Note, src.MirrorURL = u.String, pub.String, grade.String, note.String, mirror.String
			return src, err
		})
}

// Reported returns every reported figure, by id (the seeds' ids begin
// with the date; geo.ReportedUpTo orders by date).
func (s *Store) Reported(ctx context.Context) ([]geo.ReportedFigure, error) {
	return collect(ctx, s, "reported", geo.Filter{}, `t.id, CAST(date AS TEXT), time_precision, date_basis, claimant, claimant_side, kind, measure,
		figure, qualifier, value, value_high, unit, of_km, sources, grade, note`,
		func(r *sql.Rows) (geo.ReportedFigure, error) {
			var f geo.ReportedFigure
			var date, dateBasis, side, qual, unit, srcs, note sql.NullString
			var value, high, of sql.NullFloat64
			if err := r.Scan(&f.ID, &date, &f.TimePrecision, &dateBasis, &f.Claimant, &side, &f.Kind, &f.Measure,
				&f.Figure, &qual, &value, &high, &unit, &of, &srcs, &f.Grade, &note); err != nil {
				return f, err
			}
			var d decoder
			f.Date = d.date(date)
			f.DateBasis, f.ClaimantSide, f.Qualifier, f.Unit, f.Note = dateBasis.String, side.String, qual.String, unit.String, note.String
			f.Value, f.ValueHigh, f.OfKm = value.Float64, high.Float64, of.Float64
			d.json(srcs, &f.Sources)
			return f, d.err
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
		func() error { ds.Reported, err = s.Reported(ctx); return err },
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
