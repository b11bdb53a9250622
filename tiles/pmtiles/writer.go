// Package pmtiles writes PMTiles v3 archives of Frontier's tiles: one file
// that a page or a map library reads tile by tile with HTTP range requests
// from any static host.
//
// The format is small (a 127-byte header, varint directories in Hilbert
// tile order, JSON metadata, the tile data), so it is written here rather
// than through github.com/protomaps/go-pmtiles, whose package brings the
// AWS, Azure and Google Cloud storage clients into every binary that
// imports it. go-pmtiles stays as the reader the tests check every archive
// with (writer_test.go), so it is in go.mod but not in bin/frontier.
package pmtiles

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/frontier-map/frontier/tiles"
)

// Compression is a PMTiles compression code (spec §3, "Compression").
type Compression uint8

// The codes this writer uses: the directories and metadata are written
// either way; tiles come to Put already gzipped.
const (
	None Compression = 1
	Gzip Compression = 2
)

const (
	headerLen = 127
	// rootBudget is what the root directory may take: a reader fetches the
	// first 16 KiB of the archive in one request and must find header and
	// root in it (spec §4).
	rootBudget = 16384 - headerLen
	// firstLeafSize is the entries per leaf directory tried first; it grows
	// until the root, one entry per leaf, fits the budget.
	firstLeafSize = 4096
	tileTypeMVT   = 1
)

// Writer collects tiles and writes a PMTiles v3 archive on Close: the
// tiles are held until then, sorted by tile id (a clustered archive), and
// identical tiles (open sea, the inside of a country) are stored once, a
// run of them in consecutive ids as one directory entry.
type Writer struct {
	w     io.Writer
	meta  tiles.ArchiveMetadata
	tiles map[uint64][]byte
	// Internal compresses the directories and metadata (Gzip by default).
	Internal Compression
}

// NewWriter returns a writer that writes to w on Close.
func NewWriter(w io.Writer, meta tiles.ArchiveMetadata) *Writer {
	return &Writer{w: w, meta: meta, tiles: map[uint64][]byte{}, Internal: Gzip}
}

// Put adds one gzipped tile.
func (p *Writer) Put(_ context.Context, k tiles.Key, gz []byte) error {
	p.tiles[TileID(k.Z, k.X, k.Y)] = gz
	return nil
}

// entry is one directory entry (spec §4.1): tiles TileID..TileID+RunLength-1
// are the Length bytes at Offset of the tile data; RunLength 0 makes it a
// pointer to a leaf directory at Offset of the leaf section.
type entry struct {
	TileID    uint64
	Offset    uint64
	Length    uint32
	RunLength uint32
}

// Close writes the archive.
func (p *Writer) Close() error {
	if p.Internal != None && p.Internal != Gzip {
		return fmt.Errorf("pmtiles: internal compression %d (want None or Gzip)", p.Internal)
	}
	ids := make([]uint64, 0, len(p.tiles))
	for id := range p.tiles {
		ids = append(ids, id)
	}
	slices.Sort(ids)

	var (
		entries []entry
		data    [][]byte
		size    uint64
		stored  = map[[sha256.Size]byte]entry{}
	)
	for _, id := range ids {
		b := p.tiles[id]
		sum := sha256.Sum256(b)
		if n := len(entries); n > 0 {
			last := &entries[n-1]
			if last.TileID+uint64(last.RunLength) == id && stored[sum] == *last {
				last.RunLength++
				stored[sum] = *last
				continue
			}
		}
		e, seen := stored[sum]
		if !seen {
			e = entry{Offset: size, Length: uint32(len(b))}
			data = append(data, b)
			size += uint64(len(b))
		}
		e.TileID, e.RunLength = id, 1
		entries = append(entries, e)
		stored[sum] = e
	}

	root, leaves, err := directories(entries, p.Internal)
	if err != nil {
		return err
	}
	meta, err := p.metadata()
	if err != nil {
		return err
	}
	h := header{
		rootOffset: headerLen, rootLength: uint64(len(root)),
		tileDataLength: size, addressed: uint64(len(ids)), entries: uint64(len(entries)), contents: uint64(len(data)),
		internal: p.Internal, meta: p.meta,
	}
	h.metaOffset = h.rootOffset + h.rootLength
	h.metaLength = uint64(len(meta))
	h.leafOffset = h.metaOffset + h.metaLength
	h.leafLength = uint64(len(leaves))
	h.tileDataOffset = h.leafOffset + h.leafLength
	for _, b := range append([][]byte{h.bytes(), root, meta, leaves}, data...) {
		if _, err := p.w.Write(b); err != nil {
			return fmt.Errorf("pmtiles: %w", err)
		}
	}
	return nil
}

// metadata is the JSON metadata section (spec §5): the TileJSON fields a
// viewer shows, vector_layers for styling.
func (p *Writer) metadata() ([]byte, error) {
	b, err := json.Marshal(map[string]any{
		"name": p.meta.Name, "description": p.meta.Description, "attribution": p.meta.Attribution,
		"type": "overlay", "format": "pbf", "vector_layers": p.meta.VectorLayers,
	})
	if err != nil {
		return nil, fmt.Errorf("pmtiles metadata: %w", err)
	}
	return compress(b, p.Internal)
}

// directories encodes the root directory and, when the entries do not fit
// the root's budget, the leaf directories it points to: leaves of
// firstLeafSize entries, doubled until the root of leaf pointers fits.
func directories(entries []entry, c Compression) (root, leaves []byte, err error) {
	root, err = encodeDirectory(entries, c)
	if err != nil || len(root) <= rootBudget {
		return root, nil, err
	}
	for size := firstLeafSize; ; size *= 2 {
		var (
			pointers []entry
			buf      bytes.Buffer
		)
		for chunk := range slices.Chunk(entries, size) {
			leaf, err := encodeDirectory(chunk, c)
			if err != nil {
				return nil, nil, err
			}
			pointers = append(pointers, entry{TileID: chunk[0].TileID, Offset: uint64(buf.Len()), Length: uint32(len(leaf))})
			buf.Write(leaf)
		}
		root, err = encodeDirectory(pointers, c)
		if err != nil {
			return nil, nil, err
		}
		if len(root) <= rootBudget || len(pointers) == 1 {
			return root, buf.Bytes(), nil
		}
	}
}

// encodeDirectory writes entries in the spec's columns (§4.1): their count,
// then the tile ids as deltas, the run lengths, the lengths, and the
// offsets, where 0 means "right after the previous entry's data" and any
// other value is the offset plus one.
func encodeDirectory(entries []entry, c Compression) ([]byte, error) {
	b := binary.AppendUvarint(nil, uint64(len(entries)))
	var last uint64
	for _, e := range entries {
		b = binary.AppendUvarint(b, e.TileID-last)
		last = e.TileID
	}
	for _, e := range entries {
		b = binary.AppendUvarint(b, uint64(e.RunLength))
	}
	for _, e := range entries {
		b = binary.AppendUvarint(b, uint64(e.Length))
	}
	for i, e := range entries {
		if i > 0 && e.Offset == entries[i-1].Offset+uint64(entries[i-1].Length) {
			b = binary.AppendUvarint(b, 0)
		} else {
			b = binary.AppendUvarint(b, e.Offset+1)
		}
	}
	return compress(b, c)
}

func compress(b []byte, c Compression) ([]byte, error) {
	if c == None {
		return b, nil
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		return nil, fmt.Errorf("pmtiles: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("pmtiles: %w", err)
	}
	return buf.Bytes(), nil
}

// header is the fixed 127-byte start of the archive (spec §3).
type header struct {
	rootOffset, rootLength         uint64
	metaOffset, metaLength         uint64
	leafOffset, leafLength         uint64
	tileDataOffset, tileDataLength uint64
	addressed, entries, contents   uint64
	internal                       Compression
	meta                           tiles.ArchiveMetadata
}

func (h header) bytes() []byte {
	b := make([]byte, 0, headerLen)
	b = append(b, "PMTiles"...)
	b = append(b, 3)
	for _, v := range []uint64{
		h.rootOffset, h.rootLength, h.metaOffset, h.metaLength, h.leafOffset, h.leafLength,
		h.tileDataOffset, h.tileDataLength, h.addressed, h.entries, h.contents,
	} {
		b = binary.LittleEndian.AppendUint64(b, v)
	}
	m := h.meta
	// Clustered (tile data in tile id order), the compressions, MVT.
	b = append(b, 1, byte(h.internal), byte(Gzip), tileTypeMVT, byte(m.MinZoom), byte(m.MaxZoom))
	for _, v := range []float64{m.Bounds[0], m.Bounds[1], m.Bounds[2], m.Bounds[3]} {
		b = binary.LittleEndian.AppendUint32(b, uint32(e7(v)))
	}
	b = append(b, byte(m.Center[2]))
	b = binary.LittleEndian.AppendUint32(b, uint32(e7(m.Center[0])))
	b = binary.LittleEndian.AppendUint32(b, uint32(e7(m.Center[1])))
	return b
}

// e7 is a coordinate in the header's fixed point: degrees × 10⁷.
func e7(deg float64) int32 { return int32(math.Round(deg * 1e7)) }
