package web

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/frontier-map/frontier/data"
	"github.com/frontier-map/frontier/geo"
	"github.com/frontier-map/frontier/seeds"
)

// memStore is the tests' store: a dataset (the bundled one, or a copy a
// test changed first) written into a real data.Store in a temporary folder
// on the first read, so that filters, paging and counts are the store's
// own, and hooks to make it fail.
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

	dir  string
	once sync.Once
	st   *data.Store
	err  error
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
	// The folder is made now: a fuzz target may not ask for one.
	m := &memStore{ds: loadDataset(tb), dir: tb.TempDir()}
	tb.Cleanup(func() {
		if m.st != nil {
			m.st.Close()
		}
	})
	return m
}

// store writes the dataset into the store on first use.
func (m *memStore) store() (*data.Store, error) {
	m.once.Do(func() {
		ctx := context.Background()
		if m.st, m.err = data.Open(ctx, filepath.Join(m.dir, "test.gpkg")); m.err == nil {
			m.err = m.st.Replace(ctx, m.ds)
		}
	})
	return m.st, m.err
}

// read is one read through the store, or the failure set.
func read[T any](m *memStore, fn func(*data.Store) (T, error)) (T, error) {
	if m.fail != nil {
		var zero T
		return zero, m.fail
	}
	s, err := m.store()
	if err != nil {
		var zero T
		return zero, err
	}
	return fn(s)
}

func (m *memStore) Meta(ctx context.Context) (geo.Meta, error) {
	return read(m, func(s *data.Store) (geo.Meta, error) { return s.Meta(ctx) })
}

func (m *memStore) Sources(ctx context.Context) ([]geo.Source, error) {
	if m.fail != nil {
		return nil, m.fail
	}
	return slices.Clone(m.ds.Sources), nil
}

func (m *memStore) Reported(ctx context.Context) ([]geo.ReportedFigure, error) {
	return slices.Clone(m.ds.Reported), m.fail
}

func (m *memStore) Segments(ctx context.Context, f geo.Filter) ([]geo.Segment, error) {
	return read(m, func(s *data.Store) ([]geo.Segment, error) { return s.Segments(ctx, f) })
}

func (m *memStore) Events(ctx context.Context, f geo.Filter) ([]geo.Event, error) {
	if m.panicOn {
		panic("memStore: events exploded")
	}
	return read(m, func(s *data.Store) ([]geo.Event, error) { return s.Events(ctx, f) })
}

func (m *memStore) Deployments(ctx context.Context, f geo.Filter) ([]geo.Deployment, error) {
	return read(m, func(s *data.Store) ([]geo.Deployment, error) { return s.Deployments(ctx, f) })
}

func (m *memStore) Countries(ctx context.Context, f geo.Filter) ([]geo.Country, error) {
	return read(m, func(s *data.Store) ([]geo.Country, error) { return s.Countries(ctx, f) })
}

func (m *memStore) Places(ctx context.Context, f geo.Filter) ([]geo.Place, error) {
	return read(m, func(s *data.Store) ([]geo.Place, error) { return s.Places(ctx, f) })
}

func (m *memStore) Extent(ctx context.Context, layer string) (geo.Extent, error) {
	return read(m, func(s *data.Store) (geo.Extent, error) { return s.Extent(ctx, layer) })
}

func (m *memStore) Count(ctx context.Context, layer string, f geo.Filter) (int, error) {
	return read(m, func(s *data.Store) (int, error) { return s.Count(ctx, layer, f) })
}

// Version is "test", or the version a test set: the tests name it in the
// URLs they expect.
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
	_, err := read(m, func(s *data.Store) (struct{}, error) { return struct{}{}, s.Ping(ctx) })
	return err
}
