// Package pmtiles writes PMTiles v3 archives of Frontier's tiles, through
// go-pmtiles' directory encoding. It is apart from package tiles because
// go-pmtiles brings its cloud storage clients with it, which the server
// (package web, through tiles) has no use for: only the export command
// links them.
package pmtiles

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"math"
	"slices"

	gopm "github.com/protomaps/go-pmtiles/pmtiles"

	"github.com/frontier-map/frontier/tiles"
)

// Writer collects tiles and writes a PMTiles v3 archive, through
// go-pmtiles' directory encoding: the tiles are held until Close, which
// sorts them by tile id (a clustered archive) and writes header, root
// directory, metadata, leaf directories and tile data in one pass.
type Writer struct {
	w     io.Writer
	meta  tiles.ArchiveMetadata
	tiles map[uint64][]byte
}

// NewWriter returns a writer that writes to w on Close.
func NewWriter(w io.Writer, meta tiles.ArchiveMetadata) *Writer {
	return &Writer{w: w, meta: meta, tiles: map[uint64][]byte{}}
}

// Put adds one gzipped tile.
func (p *Writer) Put(_ context.Context, k tiles.Key, gz []byte) error {
	p.tiles[gopm.ZxyToID(uint8(k.Z), k.X, k.Y)] = gz
	return nil
}

// Close writes the archive.
func (p *Writer) Close() error {
	ids := make([]uint64, 0, len(p.tiles))
	for id := range p.tiles {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	entries := make([]gopm.EntryV3, 0, len(ids))
	var offset uint64
	for _, id := range ids {
		n := uint64(len(p.tiles[id]))
		entries = append(entries, gopm.EntryV3{TileID: id, Offset: offset, Length: uint32(n), RunLength: 1})
		offset += n
	}
	slices.SortFunc(entries, func(a, b gopm.EntryV3) int { return cmp.Compare(a.TileID, b.TileID) })
	root, leaves, _ := gopm.BuildDirectories(entries, 16384-gopm.HeaderV3LenBytes, gopm.Gzip)
	meta, err := gopm.SerializeMetadata(map[string]any{
		"name": p.meta.Name, "description": p.meta.Description, "attribution": p.meta.Attribution,
		"type": "overlay", "format": "pbf", "vector_layers": p.meta.VectorLayers,
	}, gopm.Gzip)
	if err != nil {
		return fmt.Errorf("pmtiles metadata: %w", err)
	}
	e7 := func(v float64) int32 { return int32(math.Round(v * 1e7)) }
	h := gopm.HeaderV3{
		SpecVersion:         3,
		RootOffset:          gopm.HeaderV3LenBytes,
		RootLength:          uint64(len(root)),
		AddressedTilesCount: uint64(len(entries)),
		TileEntriesCount:    uint64(len(entries)),
		TileContentsCount:   uint64(len(entries)),
		Clustered:           true,
		InternalCompression: gopm.Gzip,
		TileCompression:     gopm.Gzip,
		TileType:            gopm.Mvt,
		MinZoom:             uint8(p.meta.MinZoom),
		MaxZoom:             uint8(p.meta.MaxZoom),
		MinLonE7:            e7(p.meta.Bounds[0]),
		MinLatE7:            e7(p.meta.Bounds[1]),
		MaxLonE7:            e7(p.meta.Bounds[2]),
		MaxLatE7:            e7(p.meta.Bounds[3]),
		CenterZoom:          uint8(p.meta.Center[2]),
		CenterLonE7:         e7(p.meta.Center[0]),
		CenterLatE7:         e7(p.meta.Center[1]),
	}
	h.MetadataOffset = h.RootOffset + h.RootLength
	h.MetadataLength = uint64(len(meta))
	h.LeafDirectoryOffset = h.MetadataOffset + h.MetadataLength
	h.LeafDirectoryLength = uint64(len(leaves))
	h.TileDataOffset = h.LeafDirectoryOffset + h.LeafDirectoryLength
	h.TileDataLength = offset
	for _, b := range [][]byte{gopm.SerializeHeader(h), root, meta, leaves} {
		if _, err := p.w.Write(b); err != nil {
			return fmt.Errorf("pmtiles: %w", err)
		}
	}
	for _, id := range ids {
		if _, err := p.w.Write(p.tiles[id]); err != nil {
			return fmt.Errorf("pmtiles: %w", err)
		}
	}
	return nil
}
