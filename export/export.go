// Package export writes the store's data as a file another tool opens:
// GeoJSON and ACLED-layout CSV for scripts and spreadsheets, a GeoPackage
// for GIS desks, MBTiles and PMTiles archives of pre-rendered tiles for
// a tile server or a static host. (Package site writes a whole static
// site.)
package export

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"time"

	"github.com/frontier-map/frontier/data"
	"github.com/frontier-map/frontier/geo"
	"github.com/frontier-map/frontier/tiles"
	"github.com/frontier-map/frontier/tiles/pmtiles"
)

// Store is what an export reads: the collections, from which the tiles
// are drawn too, and the whole dataset for a GeoPackage. data.Store is one.
type Store interface {
	geo.Reader
	tiles.Source
	Dataset(ctx context.Context) (geo.Dataset, error)
}

// Formats are the formats Write writes.
var Formats = []string{"geojson", "csv", "gpkg", "mbtiles", "pmtiles"}

// Options say what an export writes, and where.
type Options struct {
	// Format is one of Formats.
	Format string
	// Out is the file written; it must not exist.
	Out string
	// Collection is the collection a GeoJSON file holds (geo.Collections).
	// A CSV always holds clashes, a GeoPackage every collection.
	Collection string
	// Time, when set, keeps the events and deployments up to it, and
	// draws tiles as of its end; nil keeps all and draws them as of now.
	Time *geo.Interval
	// MinZoom and MaxZoom bound a tile archive.
	MinZoom, MaxZoom uint32
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Progress, when set, is told of a tile archive's tiles as they are
	// drawn.
	Progress func(done, total int)
}

// Stats say what an export wrote; String says it in words.
type Stats struct {
	Format     string
	Collection string // geojson, csv
	Features   int    // geojson, csv
	// Segments, Clashes and Deployments count a GeoPackage's features.
	Segments, Clashes, Deployments int
	// Tiles and Empty count an archive's tiles written and left out.
	Tiles, Empty     int
	MinZoom, MaxZoom uint32
}

func (s Stats) String() string {
	switch s.Format {
	case "geojson":
		return fmt.Sprintf("%d %s as GeoJSON", s.Features, s.Collection)
	case "csv":
		return fmt.Sprintf("%d clashes as ACLED-layout CSV", s.Features)
	case "gpkg":
		return fmt.Sprintf("a GeoPackage with %d segments, %d clashes, %d deployments", s.Segments, s.Clashes, s.Deployments)
	default:
		return fmt.Sprintf("%d tiles (z%d–z%d, %d empty left out) as %s", s.Tiles, s.MinZoom, s.MaxZoom, s.Empty, s.Format)
	}
}

// ErrOptions is returned for options Write cannot follow.
var ErrOptions = errors.New("export: bad options")

// Write writes the export opts describe. When it fails, no file is left
// at opts.Out (unless one was there before: Write refuses to replace it).
func Write(ctx context.Context, store Store, opts Options) (Stats, error) {
	if err := check(opts); err != nil {
		return Stats{}, err
	}
	if _, err := os.Lstat(opts.Out); err == nil {
		return Stats{}, fmt.Errorf("export: %s: %w", opts.Out, fs.ErrExist)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	st := Stats{Format: opts.Format, MinZoom: opts.MinZoom, MaxZoom: opts.MaxZoom}
	var err error
	switch opts.Format {
	case "geojson":
		st.Collection = opts.Collection
		err = toFile(opts.Out, func(w io.Writer) (err error) {
			st.Features, err = geoJSON(ctx, w, store, opts)
			return err
		})
	case "csv":
		st.Collection = "clashes"
		err = toFile(opts.Out, func(w io.Writer) (err error) {
			st.Features, err = acledCSV(ctx, w, store, opts.Time)
			return err
		})
	case "gpkg":
		err = geoPackage(ctx, store, opts.Out, opts.Time, &st)
	case "mbtiles", "pmtiles":
		err = archive(ctx, store, opts, &st)
	}
	if err != nil {
		os.Remove(opts.Out)
		return Stats{}, err
	}
	return st, nil
}

// check refuses what Write cannot write.
func check(opts Options) error {
	if !slices.Contains(Formats, opts.Format) {
		return fmt.Errorf("%w: format %q (want one of %v)", ErrOptions, opts.Format, Formats)
	}
	if _, ok := geo.LookupCollection(opts.Collection); opts.Format == "geojson" && !ok {
		return fmt.Errorf("%w: no collection %q", ErrOptions, opts.Collection)
	}
	if opts.Format == "csv" && opts.Collection != "" && opts.Collection != "clashes" {
		return fmt.Errorf("%w: a CSV holds clashes, not %s", ErrOptions, opts.Collection)
	}
	if opts.MaxZoom > tiles.MaxZoom || opts.MinZoom > opts.MaxZoom {
		return fmt.Errorf("%w: zooms %d..%d (want 0..%d, min not past max)", ErrOptions, opts.MinZoom, opts.MaxZoom, tiles.MaxZoom)
	}
	return nil
}

// toFile creates out (it must not exist) and writes it through a buffer.
func toFile(out string, write func(io.Writer) error) error {
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	err = write(w)
	if err == nil {
		err = w.Flush()
	}
	return errors.Join(err, f.Close())
}

// geoJSON writes opts.Collection as a FeatureCollection in the form it
// imports back from (geo.Collection.Records: sources by id), and returns
// how many features it holds.
func geoJSON(ctx context.Context, w io.Writer, store Store, opts Options) (int, error) {
	collection, _ := geo.LookupCollection(opts.Collection)
	srcs, err := store.Sources(ctx)
	if err != nil {
		return 0, err
	}
	view := geo.View{Interval: geo.Interval{OpenStart: true, OpenEnd: true}, Now: opts.Now(), Sources: geo.Dataset{Sources: srcs}.Index()}
	if opts.Time != nil {
		view.Interval = *opts.Time
	}
	feats, err := collection.Records(ctx, store, geo.Filter{Time: opts.Time}, view)
	if err != nil {
		return 0, err
	}
	return geo.WriteFeatureCollection(ctx, w, slices.Values(feats))
}

// acledCSV writes the clashes (up to iv, when set) in the ACLED layout,
// which imports back, and returns how many it wrote.
func acledCSV(ctx context.Context, w io.Writer, store Store, iv *geo.Interval) (int, error) {
	srcs, err := store.Sources(ctx)
	if err != nil {
		return 0, err
	}
	evs, err := store.Events(ctx, geo.Filter{Time: iv})
	if err != nil {
		return 0, err
	}
	return geo.WriteACLED(ctx, w, geo.Dataset{Sources: srcs}.Index(), slices.Values(evs))
}

// geoPackage writes a new GeoPackage at out holding the store's data (the
// events and deployments up to iv, when set).
func geoPackage(ctx context.Context, store Store, out string, iv *geo.Interval, st *Stats) error {
	ds, err := store.Dataset(ctx)
	if err != nil {
		return err
	}
	if iv != nil {
		f := geo.Filter{Time: iv}
		if ds.Events, err = store.Events(ctx, f); err != nil {
			return err
		}
		if ds.Deployments, err = store.Deployments(ctx, f); err != nil {
			return err
		}
	}
	dst, err := data.Open(ctx, out)
	if err != nil {
		return err
	}
	if err := dst.Replace(ctx, ds); err != nil {
		dst.Close()
		return err
	}
	if err := dst.Close(); err != nil {
		return err
	}
	st.Segments, st.Clashes, st.Deployments = len(ds.Segments), len(ds.Events), len(ds.Deployments)
	return nil
}

// archive writes every non-empty tile over the data's bounds at each zoom
// asked, as of opts.Time's end (or now), to an MBTiles or PMTiles file.
func archive(ctx context.Context, store Store, opts Options, st *Stats) error {
	r := tiles.NewRenderer(store, tiles.Options{CacheBytes: -1})
	meta, err := r.Metadata(ctx, opts.MinZoom, opts.MaxZoom)
	if err != nil {
		return err
	}
	asOf := opts.Now()
	if opts.Time != nil {
		asOf = opts.Time.AsOf(asOf)
	}
	ao := tiles.ArchiveOptions{MinZoom: opts.MinZoom, MaxZoom: opts.MaxZoom, AsOf: asOf, Progress: opts.Progress}
	var as tiles.ArchiveStats
	if opts.Format == "pmtiles" {
		err = toFile(opts.Out, func(w io.Writer) (err error) {
			pw := pmtiles.NewWriter(w, meta)
			if as, err = r.WriteArchive(ctx, pw, ao); err != nil {
				return err
			}
			return pw.Close()
		})
	} else {
		err = mbtiles(ctx, r, meta, opts.Out, ao, &as)
	}
	st.Tiles, st.Empty = as.Tiles, as.Empty
	return err
}

// mbtiles writes the archive to an MBTiles 1.3 file at out.
func mbtiles(ctx context.Context, r *tiles.Renderer, meta tiles.ArchiveMetadata, out string, ao tiles.ArchiveOptions, as *tiles.ArchiveStats) error {
	md, err := meta.MBTilesMetadata()
	if err != nil {
		return err
	}
	m, err := data.CreateMBTiles(ctx, out, md)
	if err != nil {
		return err
	}
	if *as, err = r.WriteArchive(ctx, mbtilesSink{m}, ao); err != nil {
		m.Abort()
		return err
	}
	return m.Close()
}

// mbtilesSink puts an archive's tiles into an MBTiles file.
type mbtilesSink struct{ m *data.MBTiles }

func (s mbtilesSink) Put(ctx context.Context, k tiles.Key, gz []byte) error {
	return s.m.Put(ctx, k.Z, k.X, k.Y, gz)
}
