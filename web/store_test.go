package web

import (
	"cmp"
	"context"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/frontier-map/frontier/geo"
	"github.com/frontier-map/frontier/seeds"
)

// memStore is an in-memory Store over a geo.Dataset, applying the Filter
// as data.Store does.
type memStore struct {
	ds      geo.Dataset
	pingErr error
	// fail, when set, is returned by every read: a store that breaks.
	fail error
	// panicOn, when set, makes Events panic: a handler bug.
	panicOn bool
	// version, when set, is the dataset version ("test" otherwise): a
	// test changes it to play an import.
	version string
}

// loadDataset reads the bundled dataset, validated as the binary loads it.
func loadDataset(tb testing.TB) geo.Dataset {
	tb.Helper()
	ds, err := seeds.Load()
	if err != nil {
		tb.Fatal(err)
	}
	return ds
}

func newMemStore(tb testing.TB) *memStore {
	tb.Helper()
	return &memStore{ds: loadDataset(tb)}
}

func (m *memStore) Meta(ctx context.Context) (geo.Meta, error) { return m.ds.Meta, m.fail }

func (m *memStore) Sources(ctx context.Context) ([]geo.Source, error) {
	return slices.Clone(m.ds.Sources), m.fail
}

func (m *memStore) Reported(ctx context.Context) ([]geo.ReportedFigure, error) {
	return slices.Clone(m.ds.Reported), m.fail
}

func (m *memStore) Segments(ctx context.Context, f geo.Filter) ([]geo.Segment, error) {
	return pick(m, m.ds.Segments, f, func(s geo.Segment) (string, orb.Geometry, bool) {
		return s.ID, s.Line, f.Time == nil || s.ActiveIn(*f.Time)
	})
}

func (m *memStore) Events(ctx context.Context, f geo.Filter) ([]geo.Event, error) {
	if m.panicOn {
		panic("memStore: events exploded")
	}
	return pick(m, m.ds.Events, f, func(e geo.Event) (string, orb.Geometry, bool) {
		return e.ID, point(e.Location), f.Time == nil || e.In(*f.Time)
	})
}

func (m *memStore) Deployments(ctx context.Context, f geo.Filter) ([]geo.Deployment, error) {
	return pick(m, m.ds.Deployments, f, func(d geo.Deployment) (string, orb.Geometry, bool) {
		return d.ID, point(d.Location), f.Time == nil || d.In(*f.Time)
	})
}

func (m *memStore) Countries(ctx context.Context, f geo.Filter) ([]geo.Country, error) {
	return pick(m, m.ds.Countries, f, func(c geo.Country) (string, orb.Geometry, bool) {
		return c.ID, c.Geometry, true
	})
}

func (m *memStore) Places(ctx context.Context, f geo.Filter) ([]geo.Place, error) {
	return pick(m, m.ds.Places, f, func(p geo.Place) (string, orb.Geometry, bool) {
		return p.ID, p.Location, true
	})
}

func (m *memStore) Version(ctx context.Context) (string, error) {
	if m.version != "" {
		return m.version, m.fail
	}
	return "test", m.fail
}

func (m *memStore) Ping(ctx context.Context) error {
	if m.pingErr != nil {
		return m.pingErr
	}
	return m.fail
}

func point(p *orb.Point) orb.Geometry {
	if p == nil {
		return nil
	}
	return *p
}

// pick applies the filter: id, bbox (bounds meet; no geometry never
// matches) and time (through inTime), sorted by id.
func pick[T any](m *memStore, all []T, f geo.Filter, meta func(T) (id string, g orb.Geometry, inTime bool)) ([]T, error) {
	if m.fail != nil {
		return nil, m.fail
	}
	var out []T
	for _, v := range all {
		id, g, inTime := meta(v)
		if f.ID != "" && id != f.ID {
			continue
		}
		if f.BBox != nil && (g == nil || !g.Bound().Intersects(*f.BBox)) {
			continue
		}
		if inTime {
			out = append(out, v)
		}
	}
	slices.SortFunc(out, func(a, b T) int {
		ida, _, _ := meta(a)
		idb, _, _ := meta(b)
		return cmp.Compare(ida, idb)
	})
	return out, nil
}
