package tiles

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Archives: pre-rendered tiles for a static host or a CDN (an MBTiles file
// for tile servers and GDAL, a PMTiles file that a page reads with HTTP
// range requests), the way to serve a map to more readers than one server
// can.

// ArchiveOptions say which tiles an archive holds.
type ArchiveOptions struct {
	MinZoom, MaxZoom uint32
	// AsOf is the instant the tiles show (as a tile request's datetime).
	AsOf time.Time
	// Progress, when set, is called after each tile with the tiles done and
	// the total to do.
	Progress func(done, total int)
}

// TileSink receives an archive's tiles, gzipped MVT, in XYZ keys.
type TileSink interface {
	Put(ctx context.Context, k Key, gz []byte) error
}

// ArchiveStats say what an archive holds.
type ArchiveStats struct {
	Tiles int // tiles written (empty ones are left out)
	Empty int // tiles in the bounds with nothing in them
	// Zooms counts the tiles written per zoom.
	Zooms map[uint32]int
}

// Bounds returns the bounds of everything the tiles show, and whether there
// is anything.
func (r *Renderer) Bounds(ctx context.Context) (minLon, minLat, maxLon, maxLat float64, ok bool, err error) {
	s, err := r.current(ctx)
	if err != nil || s.empty {
		return 0, 0, 0, 0, false, err
	}
	return s.bounds.Min[0], s.bounds.Min[1], s.bounds.Max[0], s.bounds.Max[1], true, nil
}

// WriteArchive renders every tile over the data's bounds from MinZoom to
// MaxZoom (tiles.KeysIn per zoom) and puts each non-empty one into w.
func (r *Renderer) WriteArchive(ctx context.Context, w TileSink, opts ArchiveOptions) (ArchiveStats, error) {
	st := ArchiveStats{Zooms: map[uint32]int{}}
	if opts.MaxZoom > MaxZoom || opts.MinZoom > opts.MaxZoom {
		return st, fmt.Errorf("%w: zooms %d..%d (want 0..%d, min not past max)", ErrOutOfRange, opts.MinZoom, opts.MaxZoom, MaxZoom)
	}
	s, err := r.current(ctx)
	if err != nil || s.empty {
		return st, err
	}
	var keys []Key
	for z := opts.MinZoom; z <= opts.MaxZoom; z++ {
		keys = append(keys, KeysIn(s.bounds, z)...)
	}
	for i, k := range keys {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		t, err := r.Tile(ctx, k, opts.AsOf)
		if err != nil {
			return st, err
		}
		if t.Empty {
			st.Empty++
		} else {
			gz, err := t.GzipBytes()
			if err != nil {
				return st, err
			}
			if err := w.Put(ctx, k, gz); err != nil {
				return st, err
			}
			st.Tiles++
			st.Zooms[k.Z]++
		}
		if opts.Progress != nil {
			opts.Progress(i+1, len(keys))
		}
	}
	return st, nil
}

// ArchiveMetadata is what an archive says about its tiles: the TileJSON
// fields MBTiles 1.3 and PMTiles v3 readers look for.
type ArchiveMetadata struct {
	Name, Description, Attribution string
	Bounds                         [4]float64 // west, south, east, north
	Center                         [3]float64 // lon, lat, zoom
	MinZoom, MaxZoom               uint32
	VectorLayers                   []VectorLayer
}

// Metadata describes an archive of zooms minZoom..maxZoom of the current
// dataset: the TileJSON's layers, bounds and centre.
func (r *Renderer) Metadata(ctx context.Context, minZoom, maxZoom uint32) (ArchiveMetadata, error) {
	tj, err := r.TileJSON(ctx, TileJSONOptions{})
	if err != nil {
		return ArchiveMetadata{}, err
	}
	for i := range tj.VectorLayers {
		tj.VectorLayers[i].MinZoom = max(tj.VectorLayers[i].MinZoom, minZoom)
		tj.VectorLayers[i].MaxZoom = min(tj.VectorLayers[i].MaxZoom, maxZoom)
	}
	center := tj.Center
	center[2] = float64(min(max(uint32(center[2]), minZoom), maxZoom))
	return ArchiveMetadata{
		Name: tj.Name, Description: tj.Description,
		Attribution: "Frontier · boundaries from Natural Earth",
		Bounds:      tj.Bounds, Center: center, MinZoom: minZoom, MaxZoom: maxZoom,
		VectorLayers: tj.VectorLayers,
	}, nil
}

// MBTilesMetadata is the metadata table of an MBTiles 1.3 vector tileset.
func (m ArchiveMetadata) MBTilesMetadata() (map[string]string, error) {
	layers, err := json.Marshal(map[string]any{"vector_layers": m.VectorLayers})
	if err != nil {
		return nil, err
	}
	f := func(v float64) string { return fmt.Sprintf("%g", v) }
	return map[string]string{
		"name":        m.Name,
		"format":      "pbf",
		"type":        "overlay",
		"version":     "1",
		"description": m.Description,
		"attribution": m.Attribution,
		"bounds":      f(m.Bounds[0]) + "," + f(m.Bounds[1]) + "," + f(m.Bounds[2]) + "," + f(m.Bounds[3]),
		"center":      f(m.Center[0]) + "," + f(m.Center[1]) + "," + f(m.Center[2]),
		"minzoom":     fmt.Sprint(m.MinZoom),
		"maxzoom":     fmt.Sprint(m.MaxZoom),
		"json":        string(layers),
	}, nil
}
