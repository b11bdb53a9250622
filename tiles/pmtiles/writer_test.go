package pmtiles

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	gopm "github.com/protomaps/go-pmtiles/pmtiles"

	"github.com/frontier-map/frontier/tiles"
)

// go-pmtiles, the reference implementation, is the oracle: only the tests
// import it, so its cloud clients stay out of the binary.

func TestTileIDMatchesGoPMTiles(t *testing.T) {
	for z := range uint32(9) {
		n := uint32(1) << z
		for x := range n {
			for y := range n {
				if got, want := TileID(z, x, y), gopm.ZxyToID(uint8(z), x, y); got != want {
					t.Fatalf("TileID(%d, %d, %d) = %d, go-pmtiles says %d", z, x, y, got, want)
				}
			}
		}
	}
	for _, k := range [][3]uint32{{14, 11412, 6203}, {20, 730000, 397000}, {26, 1 << 25, 1<<26 - 1}} {
		if got, want := TileID(k[0], k[1], k[2]), gopm.ZxyToID(uint8(k[0]), k[1], k[2]); got != want {
			t.Errorf("TileID%v = %d, go-pmtiles says %d", k, got, want)
		}
	}
}

// TestArchiveReadsBack writes archives small enough for one root directory
// and big enough to need leaves, with both internal compressions, repeated
// and distinct tiles, and reads every tile back through go-pmtiles: the
// header, the metadata and each tile's bytes must be what was put.
func TestArchiveReadsBack(t *testing.T) {
	meta := tiles.ArchiveMetadata{
		Name: "frontier", Attribution: "test", Bounds: [4]float64{69.2, 39.5, 71.9, 40.6},
		Center: [3]float64{70.6, 39.9, 7}, MinZoom: 0, MaxZoom: 8,
		VectorLayers: []tiles.VectorLayer{{ID: "frontier", Fields: map[string]string{"status": "String"}}},
	}
	for _, tc := range []struct {
		name     string
		maxZoom  uint32
		internal Compression
		leaves   bool
	}{
		{"root only, gzip", 4, Gzip, false},
		{"root only, uncompressed", 4, None, false},
		{"leaves, gzip", 8, Gzip, true},
		{"leaves, uncompressed", 8, None, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := map[uint64][]byte{}
			var buf bytes.Buffer
			w := NewWriter(&buf, meta)
			w.Internal = tc.internal
			for z := range tc.maxZoom + 1 {
				for x := range uint32(1) << z {
					for y := range uint32(1) << z {
						// Every third tile alike, as sea tiles are; the rest
						// distinct, so runs, repeats and unique tiles all occur.
						b := []byte("sea")
						if (x+y)%3 != 0 {
							b = fmt.Appendf(nil, "tile %d/%d/%d", z, x, y)
						}
						if err := w.Put(context.Background(), tiles.Key{Z: z, X: x, Y: y}, b); err != nil {
							t.Fatal(err)
						}
						want[gopm.ZxyToID(uint8(z), x, y)] = b
					}
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			f := buf.Bytes()
			h, err := gopm.DeserializeHeader(f[:gopm.HeaderV3LenBytes])
			if err != nil {
				t.Fatal(err)
			}
			if h.RootOffset+h.RootLength > 16384 {
				t.Errorf("root directory ends at byte %d, past the first 16 KiB", h.RootOffset+h.RootLength)
			}
			if got := h.LeafDirectoryLength > 0; got != tc.leaves {
				t.Errorf("leaf directories: %v, want %v", got, tc.leaves)
			}
			if h.AddressedTilesCount != uint64(len(want)) || h.InternalCompression != gopm.Compression(tc.internal) ||
				h.TileCompression != gopm.Gzip || h.TileType != gopm.Mvt || !h.Clustered ||
				h.MinZoom != 0 || h.MaxZoom != 8 || h.CenterZoom != 7 || h.MinLonE7 != 692000000 || h.MaxLatE7 != 406000000 {
				t.Errorf("header %+v", h)
			}
			if h.TileContentsCount >= h.TileEntriesCount || h.TileEntriesCount >= h.AddressedTilesCount {
				t.Errorf("repeats not stored once: %d addressed, %d entries, %d contents", h.AddressedTilesCount, h.TileEntriesCount, h.TileContentsCount)
			}
			md, err := gopm.DeserializeMetadata(bytes.NewReader(f[h.MetadataOffset:h.MetadataOffset+h.MetadataLength]), h.InternalCompression)
			if err != nil {
				t.Fatal(err)
			}
			if md["name"] != "frontier" || md["format"] != "pbf" || len(md["vector_layers"].([]any)) != 1 {
				t.Errorf("metadata %v", md)
			}
			got := map[uint64][]byte{}
			err = gopm.IterateEntries(h, func(off, n uint64) ([]byte, error) { return f[off : off+n], nil }, func(e gopm.EntryV3) {
				for i := range uint64(e.RunLength) {
					start := h.TileDataOffset + e.Offset
					got[e.TileID+i] = f[start : start+uint64(e.Length)]
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("read %d tiles back, wrote %d", len(got), len(want))
			}
			for id, b := range want {
				if !bytes.Equal(got[id], b) {
					z, x, y := gopm.IDToZxy(id)
					t.Fatalf("tile %d/%d/%d reads back as %q, want %q", z, x, y, got[id], b)
				}
			}
		})
	}
}
