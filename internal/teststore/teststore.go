// Package teststore gives tests the real store, data.Store on a temporary
// file, so that what a test reads has been filtered, indexed and encoded as
// it is when Frontier serves it; no test re-implements the store's
// filtering in a fake.
package teststore

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/frontier-map/frontier/data"
	"github.com/frontier-map/frontier/geo"
	"github.com/frontier-map/frontier/seeds"
)

// New returns a store on a file in tb's temporary folder holding ds; it is
// closed when the test ends.
func New(tb testing.TB, ds geo.Dataset) *data.Store {
	tb.Helper()
	st := open(tb, nil)
	if err := st.Replace(context.Background(), ds); err != nil {
		tb.Fatalf("teststore: %v", err)
	}
	return st
}

// Seeded returns a store holding the bundled dataset, and that dataset as
// the binary loads it (validated), for the values a test expects. A bundled
// file that is missing or invalid fails the test. The dataset is shared by
// every test of the binary: clone a slice before changing it.
func Seeded(tb testing.TB) (*data.Store, geo.Dataset) {
	tb.Helper()
	ds := Dataset(tb)
	return open(tb, seeded.file), ds
}

// Dataset returns the bundled dataset as the binary loads it (validated),
// shared by every test of the binary: clone a slice before changing it.
func Dataset(tb testing.TB) geo.Dataset {
	tb.Helper()
	seeded.once.Do(func() { seeded.file, seeded.ds, seeded.err = seedFile() })
	if seeded.err != nil {
		tb.Fatalf("teststore: the bundled dataset: %v", seeded.err)
	}
	return seeded.ds
}

// seeded is the bundled dataset written once per test binary, as the bytes
// of a GeoPackage that each test copies: opening a new file and writing the
// dataset takes about ten times as long as copying it.
var seeded struct {
	once sync.Once
	file []byte
	ds   geo.Dataset
	err  error
}

func seedFile() ([]byte, geo.Dataset, error) {
	ds, err := seeds.Load()
	if err != nil {
		return nil, ds, err
	}
	dir, err := os.MkdirTemp("", "frontier-teststore-")
	if err != nil {
		return nil, ds, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "seeded.gpkg")
	ctx := context.Background()
	st, err := data.Open(ctx, path)
	if err != nil {
		return nil, ds, err
	}
	if err := st.Replace(ctx, ds); err != nil {
		st.Close()
		return nil, ds, err
	}
	if err := st.Close(); err != nil {
		return nil, ds, err
	}
	b, err := os.ReadFile(path)
	return b, ds, err
}

// open opens a store on a new file holding file's bytes (an empty store when
// nil).
func open(tb testing.TB, file []byte) *data.Store {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "test.gpkg")
	if file != nil {
		if err := os.WriteFile(path, file, 0o644); err != nil {
			tb.Fatalf("teststore: %v", err)
		}
	}
	st, err := data.Open(context.Background(), path)
	if err != nil {
		tb.Fatalf("teststore: %v", err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}
