package web

import (
	"testing"

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
