package web

import (
	"context"
	"fmt"
	"slices"
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

// features reads the collection's features meeting the filter and the
// property filters given, rendered as of view. The store selects by the
// bbox's bounds; features refines that to the geometry itself.
func (s *Server) features(ctx context.Context, coll *collection, f geo.Filter, view geo.Interval, now time.Time, props map[string]string) ([]*geo.Feature, error) {
	srcs, err := s.store.Sources(ctx)
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	idx := geo.Dataset{Sources: srcs}.Index()
	fs, err := coll.Features(ctx, s.store, f, geo.View{Interval: view, Now: now, Sources: idx})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", coll.ID, err)
	}
	return slices.DeleteFunc(fs, func(ft *geo.Feature) bool {
		if f.BBox != nil && !meets(ft.Geometry, *f.BBox) {
			return true
		}
		for _, q := range coll.Queryables {
			if want, ok := props[q.Name]; ok && !q.Matches(ft.Properties, want) {
				return true
			}
		}
		return false
	}), nil
}
