package web

import (
	"context"
	"fmt"
	"time"

	"github.com/frontier-map/frontier/geo"
)

// collection is one layer of the dataset as the API serves it: its entry
// in the registry (geo.Collections: name, type, filters, store access) and
// how its HTML table reads.
type collection struct {
	*geo.Collection
	// Columns are the HTML table's columns.
	Columns []column
}

// newCatalog lists the registry's collections in the order the API shows
// them.
func newCatalog() []*collection {
	var out []*collection
	for _, c := range geo.Collections() {
		out = append(out, &collection{Collection: c, Columns: tableColumns(c)})
	}
	return out
}

// features reads the collection's features meeting the filter (the store
// applies all of it: bbox, time, property filters, paging), rendered as of
// view.
func (s *Server) features(ctx context.Context, coll *collection, f geo.Filter, view geo.Interval, now time.Time) ([]*geo.Feature, error) {
	srcs, err := s.store.Sources(ctx)
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	idx := geo.Dataset{Sources: srcs}.Index()
	fs, err := coll.Features(ctx, s.store, f, geo.View{Interval: view, Now: now, Sources: idx})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", coll.ID, err)
	}
	return fs, nil
}
