package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/frontier-map/frontier/geo"
)

// recorder writes a bulk write's published revisions: one per feature,
// under one publication, in the same transaction as the features.
type recorder struct {
	author, message string
	publication     int64
}

// recorded runs put, and records it as a revision when the batch keeps a
// record. The feature before is the last published revision's; a feature
// from before the record began (the bundled data) has none, and its first
// change says so with an empty before.
func (b *Batch) recorded(table, id string, v any, put func() error) error {
	if b.rec == nil {
		return put()
	}
	ctx := b.ctx
	var exists bool
	if err := b.w.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+table+` WHERE id = ?)`, id).Scan(&exists); err != nil {
		return fmt.Errorf("%s %s: %w", table, id, err)
	}
	var before sql.NullString
	if exists {
		err := b.w.queryRow(ctx, `SELECT after FROM frontier_revisions WHERE collection = ? AND feature_id = ? AND publication IS NOT NULL
			ORDER BY id DESC LIMIT 1`, table, id).Scan(&before)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%s %s: %w", table, id, err)
		}
	}
	if err := put(); err != nil {
		return err
	}
	coll, ok := geo.LookupCollection(table)
	if !ok {
		return fmt.Errorf("%w: %q", ErrCollection, table)
	}
	f, err := coll.Record(v)
	if err != nil {
		return fmt.Errorf("%s %s: %w", table, id, err)
	}
	after, err := json.Marshal(f)
	if err != nil {
		return fmt.Errorf("%s %s: %w", table, id, err)
	}
	op := geo.OpCreate
	if exists {
		op = geo.OpChange
	}
	return insertRevision(ctx, b.w.tx, geo.Revision{Author: b.rec.author, Publication: b.rec.publication, Collection: table, FeatureID: id,
		Op: op, Message: b.rec.message, Before: rawJSON(before), After: after})
}

// queryRow runs a one-row query through a statement prepared once per
// transaction.
func (w *writer) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	st, ok := w.stmts[q]
	if !ok {
		var err error
		if st, err = w.tx.PrepareContext(ctx, q); err != nil {
			return w.tx.QueryRowContext(ctx, q, args...)
		}
		w.stmts[q] = st
	}
	return st.QueryRowContext(ctx, args...)
}
