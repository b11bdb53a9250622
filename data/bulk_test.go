package data

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"

	"github.com/frontier-map/frontier/geo"
)

func bulkEvents(n int) []geo.Event {
	src := geo.ACLEDSource("Kabar")
	out := make([]geo.Event, n)
	for i := range out {
		p := orb.Point{70 + float64(i%1000)/1000, 39.5 + float64(i/1000%1000)/1000}
		d := geo.NewDate(2010+i%15, 1, 1+i%28)
		out[i] = geo.Event{ID: fmt.Sprintf("B%07d", i), Title: "Armed clash at X", DateStart: d, DateEnd: d,
			TimePrecision: geo.PrecisionDay, Location: &p, GeoPrecision: geo.NearPlace, Place: "X", EventType: "Battles",
			Actors: []string{"a", "b"}, Claims: []geo.Claim{{Low: i % 3, What: "killed", Claimant: "ACLED", Source: src.ID}},
			Notes: "synthetic", Sources: []string{src.ID}}
	}
	return out
}

func BenchmarkBulkEvents(b *testing.B) {
	evs := bulkEvents(20000)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		s, err := Open(ctx, filepath.Join(b.TempDir(), "b.gpkg"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		err = s.Bulk(ctx, func(w *Batch) error {
			if err := w.PutSource(geo.ACLEDSource("Kabar")); err != nil {
				return err
			}
			for _, e := range evs {
				if err := w.PutEvent(e); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(evs)), "ns/event")
}
