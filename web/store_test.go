package web

import (
	"context"
	"strings"
	"testing"

	"github.com/frontier-map/frontier/cmd/frontier/synth"
	"github.com/frontier-map/frontier/data"
	"github.com/frontier-map/frontier/geo"
	"github.com/frontier-map/frontier/internal/teststore"
)

// testStore is the real store holding the bundled dataset (teststore), with
// that dataset for the values a test expects.
type testStore struct {
	*data.Store
	ds geo.Dataset
}

func newTestStore(tb testing.TB) *testStore {
	tb.Helper()
	st, ds := teststore.Seeded(tb)
	return &testStore{Store: st, ds: ds}
}

// addSynthetic imports n synthetic clashes (seeded by seed) into the
// store, for tests and benchmarks of large collections.
func (s *testStore) addSynthetic(tb testing.TB, seed uint64, n int) {
	tb.Helper()
	err := s.Bulk(context.Background(), func(w *data.Batch) error {
		for e := range synth.Events(seed, n, s.ds.Places) {
			if err := w.PutEvent(e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// version is the dataset version the store reports, which tile URLs name.
func (s *testStore) version(tb testing.TB) string {
	tb.Helper()
	v, err := s.Version(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// sampleURL is route's URL in sampleURLs with the store's version put in.
func (s *testStore) sampleURL(tb testing.TB, route string) string {
	tb.Helper()
	return strings.ReplaceAll(sampleURLs[route], "{version}", s.version(tb))
}

// loadDataset is the bundled dataset (teststore.Dataset): shared, so clone
// a slice before changing it.
func loadDataset(tb testing.TB) geo.Dataset {
	tb.Helper()
	return teststore.Dataset(tb)
}
