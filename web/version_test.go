package web

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/frontier-map/frontier/data"
)

// TestVersionTrust: the server trusts the dataset version it read for a
// second: a write through its own store shows in the next answer, a write
// by another process (another Store on the same file, as `frontier
// import` is) within versionTrust, with no request between.
func TestVersionTrust(t *testing.T) {
	st := newTestStore(t)
	h := newTestServer(t, st)
	matched := func() int {
		var fc struct {
			NumberMatched int `json:"numberMatched"`
		}
		if err := json.Unmarshal(get(t, h, "/collections/clashes/items?limit=1").Body.Bytes(), &fc); err != nil {
			t.Fatal(err)
		}
		return fc.NumberMatched
	}
	n := matched()
	ctx := context.Background()
	put := func(s *data.Store, id string) {
		t.Helper()
		e := st.ds.Events[0]
		e.ID = id
		if err := s.Bulk(ctx, func(b *data.Batch) error { return b.PutEvent(e) }); err != nil {
			t.Fatal(err)
		}
	}

	put(st.Store, "0000-own")
	if got := matched(); got != n+1 {
		t.Fatalf("after a write through the server's store: numberMatched %d, want %d", got, n+1)
	}

	other, err := data.Open(ctx, st.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	put(other, "0000-other")
	wrote := time.Now()
	for matched() != n+2 {
		if time.Since(wrote) > versionTrust+time.Second {
			t.Fatalf("a write by another process not shown %s after it", time.Since(wrote).Round(time.Millisecond))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// BenchmarkVersion is what a cached page pays to learn the dataset
// version: the store's query, and the server's trusted copy.
func BenchmarkVersion(b *testing.B) {
	st := newTestStore(b)
	s := newTestServer(b, st).(*Server)
	ctx := context.Background()
	b.Run("store", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := st.Version(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("server", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.version(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}
