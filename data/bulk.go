package data

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"

	"github.com/frontier-map/frontier/geo"
)

// Batch is one bulk write in progress: every Put goes into the same
// transaction, through statements prepared once. It is only valid inside
// the function given to Store.Bulk.
type Batch struct {
	ctx context.Context
	w   *writer
	// rec, when set, records every Put as a published revision.
	rec *recorder
}

// Bulk runs fn in one write transaction and commits when it returns nil;
// any error leaves the store as it was. An import of a million rows streams
// through one Batch rather than building a geo.Dataset in memory.
//
// Each row still bumps the dataset version through the triggers (so an edit
// in QGIS and an import behave alike); the bump is one UPDATE of a one-row
// table per row, a small share of the insert and its R-tree entry.
//
// The R-tree is the costly part of an insert: entered row by row between
// inserts into the table and its indexes, a spatial index entry took twice
// as long as everything else together. So for the length of the batch the
// insert triggers of the point layers are set aside, and the new rows
// (those past the largest fid before the batch; AUTOINCREMENT never reuses
// one) are entered at the end in one statement, west to east. All of it is
// inside the transaction: readers never see the index behind the table,
// and a failed batch brings the triggers back with the rollback.
func (s *Store) Bulk(ctx context.Context, fn func(*Batch) error) error {
	return s.bulk(ctx, nil, fn)
}

// BulkAs is Bulk recorded as one publication by author, with message:
// every feature written becomes a published revision naming its author,
// as a desk publish does, so that an import leaves the same trace.
func (s *Store) BulkAs(ctx context.Context, author, message string, fn func(*Batch) error) error {
	return s.bulk(ctx, &recorder{author: author, message: message}, fn)
}

func (s *Store) bulk(ctx context.Context, rec *recorder, fn func(*Batch) error) error {
	return s.writeConn(ctx, true, func(w *writer) error {
		if rec != nil {
			pub, err := insertPublication(ctx, w.tx, rec.author, rec.message)
			if err != nil {
				return err
			}
			rec.publication = pub.ID
		}
		type deferred struct {
			table, trigger, sql string
			maxFID              int64
		}
		var defs []deferred
		for _, t := range []string{"clashes", "deployments"} {
			d := deferred{table: t, trigger: "rtree_" + t + "_geom_insert"}
			err := w.tx.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?`, d.trigger).Scan(&d.sql)
			if errors.Is(err, sql.ErrNoRows) {
				continue // someone dropped it; leave the table as it is
			}
			if err != nil {
				return err
			}
			if err := w.tx.QueryRowContext(ctx, `SELECT coalesce(max(fid), 0) FROM `+t).Scan(&d.maxFID); err != nil {
				return err
			}
			if _, err := w.tx.ExecContext(ctx, `DROP TRIGGER `+d.trigger); err != nil {
				return err
			}
			defs = append(defs, d)
		}
		// The point layers' plain indexes (the dates) are set aside too and
		// built again at the end in one sorted pass, a second for a million
		// rows, rather than entered row by row in date order, which is
		// random order for an import. The unique id indexes stay: an
		// upsert finds the row to update through them.
		type index struct{ name, sql string }
		var indexes []index
		rows, err := w.tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_master
			WHERE type = 'index' AND tbl_name IN ('clashes', 'deployments') AND sql IS NOT NULL AND sql NOT LIKE '%UNIQUE%'`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var ix index
			if err := rows.Scan(&ix.name, &ix.sql); err != nil {
				rows.Close()
				return err
			}
			indexes = append(indexes, ix)
		}
		rows.Close()
		for _, ix := range indexes {
			if _, err := w.tx.ExecContext(ctx, `DROP INDEX `+ix.name); err != nil {
				return err
			}
		}
		if err := fn(&Batch{ctx: ctx, w: w, rec: rec}); err != nil {
			return err
		}
		if _, err := w.tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = -%d`, rebuildCacheKiB)); err != nil {
			return err
		}
		for _, ix := range indexes {
			if _, err := w.tx.ExecContext(ctx, ix.sql); err != nil {
				return fmt.Errorf("restore index %s: %w", ix.name, err)
			}
		}
		for _, d := range defs {
			if _, err := w.tx.ExecContext(ctx, `INSERT OR REPLACE INTO rtree_`+d.table+`_geom
				SELECT fid, ST_MinX(geom), ST_MaxX(geom), ST_MinY(geom), ST_MaxY(geom) FROM `+d.table+`
				WHERE fid > ? AND geom NOT NULL AND NOT ST_IsEmpty(geom) ORDER BY ST_MinX(geom)`, d.maxFID); err != nil {
				return fmt.Errorf("%s: spatial index: %w", d.table, err)
			}
			if _, err := w.tx.ExecContext(ctx, d.sql); err != nil {
				return fmt.Errorf("%s: restore %s: %w", d.table, d.trigger, err)
			}
		}
		return nil
	})
}

// PutEvent inserts the event, or updates the one with its id.
func (b *Batch) PutEvent(e geo.Event) error {
	return b.recorded("clashes", e.ID, e, func() error {
		r, err := eventRow(e)
		if err != nil {
			return err
		}
		return b.w.upsert(b.ctx, r)
	})
}

// PutDeployment inserts the deployment, or updates the one with its id.
func (b *Batch) PutDeployment(d geo.Deployment) error {
	return b.recorded("deployments", d.ID, d, func() error {
		r, err := deploymentRow(d)
		if err != nil {
			return err
		}
		return b.w.upsert(b.ctx, r)
	})
}

// PutSegment inserts the frontier segment, or updates the one with its id.
func (b *Batch) PutSegment(sg geo.Segment) error {
	return b.recorded("frontier", sg.ID, sg, func() error {
		return b.w.put(b.ctx, geo.Dataset{Segments: []geo.Segment{sg}})
	})
}

// PutPlace inserts the place, or updates the one with its id.
func (b *Batch) PutPlace(p geo.Place) error {
	return b.recorded("places", p.ID, p, func() error {
		return b.w.put(b.ctx, geo.Dataset{Places: []geo.Place{p}})
	})
}

// PutSource inserts the source, or updates the one with its id.
func (b *Batch) PutSource(src geo.Source) error {
	return b.recorded("sources", src.ID, src, func() error {
		return b.w.upsert(b.ctx, sourceRow(src))
	})
}

// EachEventPoint calls fn with every located event's point, dates and
// fatality figures, in fid order, reading only those columns: the tile
// cluster index is built from a million of them in about a second.
func (s *Store) EachEventPoint(ctx context.Context, fn func(geo.EventPoint) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT id, geom, CAST(date_start AS TEXT), CAST(date_end AS TEXT),
		fatalities_low, fatalities_high FROM clashes WHERE geom IS NOT NULL`)
	if err != nil {
		return fmt.Errorf("data: event points: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p geo.EventPoint
		var blob sql.RawBytes
		var ds, de string
		var lo, hi sql.NullInt64
		if err := rows.Scan(&p.ID, &blob, &ds, &de, &lo, &hi); err != nil {
			return fmt.Errorf("data: event points: %w", err)
		}
		pt, ok, err := decodePoint(blob)
		if err != nil {
			return fmt.Errorf("data: event %s: %w", p.ID, err)
		}
		if !ok {
			continue
		}
		p.Location = pt
		if p.Start, err = geo.ParseDate(ds); err != nil {
			return fmt.Errorf("data: event %s: %w", p.ID, err)
		}
		if p.End, err = geo.ParseDate(de); err != nil {
			return fmt.Errorf("data: event %s: %w", p.ID, err)
		}
		p.FatalitiesLow, p.FatalitiesHigh = -1, -1
		if lo.Valid && hi.Valid {
			p.FatalitiesLow, p.FatalitiesHigh = int(lo.Int64), int(hi.Int64)
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("data: event points: %w", err)
	}
	return nil
}

// decodePoint reads a GeoPackage point without go-geom's allocations; it
// falls back to decodeGeometry for anything but a plain 2D WKB point.
func decodePoint(b []byte) (orb.Point, bool, error) {
	h, err := parseHeader(b)
	if err != nil {
		return orb.Point{}, false, err
	}
	if h.empty {
		return orb.Point{}, false, nil
	}
	w := h.wkb
	if len(w) == 21 && (w[0] == 0 || w[0] == 1) {
		var order binary.ByteOrder = binary.BigEndian
		if w[0] == 1 {
			order = binary.LittleEndian
		}
		if order.Uint32(w[1:]) == 1 {
			x := math.Float64frombits(order.Uint64(w[5:]))
			y := math.Float64frombits(order.Uint64(w[13:]))
			if math.IsNaN(x) && math.IsNaN(y) {
				return orb.Point{}, false, nil
			}
			return orb.Point{x, y}, true, nil
		}
	}
	g, err := decodeGeometry(b)
	if err != nil || g == nil {
		return orb.Point{}, false, err
	}
	p, ok := g.(orb.Point)
	if !ok {
		return orb.Point{}, false, fmt.Errorf("%w: want a point, have %s", ErrGeometry, g.GeoJSONType())
	}
	return p, true, nil
}
