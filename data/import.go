package data

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/frontier-map/frontier/geo"
)

// ImportOptions say how Store.Import writes an imported file's rows.
type ImportOptions struct {
	// Collection stores each row's value (clashes, deployments).
	Collection *geo.Collection
	// SkipInvalid writes the valid rows when some are invalid; without
	// it one invalid row means nothing is written.
	SkipInvalid bool
	// Author, when set, records the import in the features' history as
	// that desk user's, with Message as the reason (Store.BulkAs).
	Author, Message string
	// Invalid, when set, is told each problem of each invalid row, in
	// the file's order.
	Invalid func(*geo.RowError)
}

// ImportStats count what an import wrote and left out; after an error
// only Invalid, as nothing was written.
type ImportStats struct {
	Imported int // rows written
	Sources  int // sources the rows brought, written with them
	Invalid  int // rows that did not decode or validate
}

// InvalidRowsError is an import that wrote nothing because rows were
// invalid (each was reported to ImportOptions.Invalid).
type InvalidRowsError struct{ Invalid int }

func (e *InvalidRowsError) Error() string {
	return fmt.Sprintf("data: %d invalid rows, nothing imported", e.Invalid)
}

// Import writes every row rows gives into the store, in one transaction:
// a row whose id the store holds updates it, and an invalid row leaves the
// store as it was (or, with SkipInvalid, is left out). The rows after the
// first invalid one are still read and checked, so that every problem in
// a file is reported at once.
func (s *Store) Import(ctx context.Context, rows geo.RowReader, o ImportOptions) (ImportStats, error) {
	var st ImportStats
	bulk := s.Bulk
	if o.Author != "" {
		bulk = func(ctx context.Context, fn func(*Batch) error) error {
			return s.BulkAs(ctx, o.Author, o.Message, fn)
		}
	}
	err := bulk(ctx, func(b *Batch) error {
		for {
			if err := ctx.Err(); err != nil {
				return err
			}
			row, err := rows.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return err
			}
			if row.Err != nil {
				st.Invalid++
				if o.Invalid != nil {
					for _, e := range row.Errors() {
						o.Invalid(e)
					}
				}
				continue
			}
			if st.Invalid > 0 && !o.SkipInvalid {
				continue // the import fails: check the rest, write nothing
			}
			for _, src := range row.Sources {
				if err := b.PutSource(src); err != nil {
					return err
				}
				st.Sources++
			}
			if err := o.Collection.Put(b, row.Value); err != nil {
				return err
			}
			st.Imported++
		}
		if st.Invalid > 0 && !o.SkipInvalid {
			return &InvalidRowsError{Invalid: st.Invalid}
		}
		return nil
	})
	if err != nil {
		return ImportStats{Invalid: st.Invalid}, err // nothing was written
	}
	return st, nil
}
