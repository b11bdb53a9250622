package tiles

import (
	"context"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// batken is the district town the golden and benchmark tiles centre on.
var batken = orb.Point{70.816667, 40.05}

func keyAt(p orb.Point, z uint32) Key {
	t := maptile.At(p, maptile.Zoom(z))
	return Key{Z: z, X: t.X, Y: t.Y}
}

var benchAsOf = time.Date(2023, 9, 1, 12, 0, 0, 0, time.UTC)

// BenchmarkEncode draws one tile over Batken at each zoom with the cache
// off: reading, projecting, clipping, simplifying, encoding and gzipping.
func BenchmarkEncode(b *testing.B) {
	src := seedSource(b)
	for _, z := range []uint32{4, 8, 12} {
		b.Run(keyAt(batken, z).String(), func(b *testing.B) {
			r := NewRenderer(src, Options{CacheBytes: -1})
			k := keyAt(batken, z)
			ctx := context.Background()
			var size int
			b.ReportAllocs()
			for b.Loop() {
				t, err := r.Tile(ctx, k, benchAsOf)
				if err != nil {
					b.Fatal(err)
				}
				size = len(t.Gzip)
			}
			b.ReportMetric(float64(size), "gzip-bytes")
		})
	}
}

// BenchmarkRendererHot serves one tile from a warm cache: what a map
// panning over tiles it has seen costs.
func BenchmarkRendererHot(b *testing.B) {
	r := NewRenderer(seedSource(b), Options{VersionTTL: time.Second})
	k := keyAt(batken, 10)
	ctx := context.Background()
	if _, err := r.Tile(ctx, k, benchAsOf); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Tile(ctx, k, benchAsOf); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPyramid draws make bench-cold's pyramid in process: every tile
// of z0–z12 over the frontier's box, as of 2023-09-01, each drawn once by a
// fresh Renderer with the cache off (so the shape index is cold too). It
// is the server's share of that benchmark without HTTP:
//
//	go test ./tiles -run '^$' -bench Pyramid -cpuprofile cpu.out
func BenchmarkPyramid(b *testing.B) {
	src := seedSource(b)
	box := frontierBound(src)
	var keys []Key
	for z := range uint32(13) {
		keys = append(keys, KeysIn(box, z)...)
	}
	ctx := context.Background()
	asOf := time.Date(2023, 9, 1, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		// The version is read once, as a server trusts it for a second,
		// and the snapshot built before the clock, as in bench-cold.
		r := NewRenderer(src, Options{CacheBytes: -1, VersionTTL: time.Minute})
		if _, err := r.ETag(ctx, keys[0], asOf); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for _, k := range keys {
			if _, err := r.Tile(ctx, k, asOf); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(keys)), "tiles")
}
