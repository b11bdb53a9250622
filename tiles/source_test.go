package tiles

import (
	"testing"

	"github.com/frontier-map/frontier/data"
	"github.com/frontier-map/frontier/geo"
	"github.com/frontier-map/frontier/internal/teststore"
)

// seeded is the real store holding the bundled dataset (teststore), with
// that dataset for the values a test expects.
type seeded struct {
	*data.Store
	ds geo.Dataset
}

var _ Source = (*seeded)(nil)

func seedSource(tb testing.TB) *seeded {
	tb.Helper()
	st, ds := teststore.Seeded(tb)
	return &seeded{Store: st, ds: ds}
}
