package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/frontier-map/frontier/data"
	"github.com/frontier-map/frontier/geo"
	"github.com/frontier-map/frontier/site"
	"github.com/frontier-map/frontier/tiles"
	"github.com/frontier-map/frontier/tiles/pmtiles"
)

// exportCmd writes the store's data in a format another tool opens:
// GeoJSON, ACLED-layout CSV and a GeoPackage for GIS desks, MBTiles and
// PMTiles archives of pre-rendered tiles for a static host.
func exportCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", env(getenv, "FRONTIER_DB", "frontier.gpkg"), "GeoPackage file (env FRONTIER_DB)")
	format := fs.String("format", "", "geojson, csv, gpkg, mbtiles, pmtiles or site")
	out := fs.String("out", "", "file to write (it must not exist); site: a folder, absent or empty")
	datetime := fs.String("datetime", "", "RFC 3339 instant, date or interval: the events and deployments up to then (tiles: the state then); all when empty")
	coll := fs.String("collection", "clashes", "geojson: clashes, deployments, frontier, countries or places; csv: clashes")
	minZoom := fs.Uint("minzoom", 0, "mbtiles/pmtiles: first zoom")
	maxZoom := fs.Uint("maxzoom", 10, "mbtiles/pmtiles/site: last zoom (at most 14)")
	publicURL := fs.String("public-url", getenv("FRONTIER_PUBLIC_URL"), "site: the URL it will be served at, for its links, share tags and oEmbed; empty: links from the host's root")
	lang := fs.String("lang", "", "site: the pages' language (en, ru, ky, tg)")
	if err := fs.Parse(args); err != nil {
		return usageErr(err)
	}
	if *out == "" || fs.NArg() > 0 {
		return usageError{"usage: frontier export --format geojson|csv|gpkg|mbtiles|pmtiles|site --out FILE [--datetime D] [--minzoom Z --maxzoom Z] [--collection C] [--public-url URL --lang L]"}
	}
	if *format == "site" {
		return exportSite(ctx, *dbPath, *out, site.Options{Out: *out, PublicURL: *publicURL, Lang: *lang,
			MinZoom: uint32(*minZoom), MaxZoom: uint32(*maxZoom), Progress: progress(stderr, "tiles")}, stdout)
	}
	if _, err := os.Stat(*out); err == nil {
		return fmt.Errorf("export: %s already exists", *out)
	} else if !errors.Is(err, iofs.ErrNotExist) {
		return fmt.Errorf("export: %w", err)
	}
	var iv *geo.Interval
	if *datetime != "" {
		v, err := geo.ParseInterval(*datetime)
		if err != nil {
			return usageError{"export: --datetime: " + err.Error()}
		}
		iv = &v
	}
	if *maxZoom > tiles.MaxZoom || *minZoom > *maxZoom {
		return usageError{fmt.Sprintf("export: zooms %d..%d: want 0..%d with --minzoom not past --maxzoom", *minZoom, *maxZoom, tiles.MaxZoom)}
	}

	store, err := data.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	start := time.Now()
	var what string
	switch *format {
	case "geojson":
		what, err = exportGeoJSON(ctx, store, *out, *coll, iv)
	case "csv":
		if *coll != "clashes" {
			return usageError{"export: --format csv writes clashes in the ACLED layout; use geojson or gpkg for " + *coll}
		}
		what, err = exportCSV(ctx, store, *out, iv)
	case "gpkg":
		what, err = exportGPKG(ctx, store, *out, iv)
	case "mbtiles", "pmtiles":
		asOf := time.Now()
		if iv != nil {
			asOf = iv.AsOf(asOf)
		}
		what, err = exportTiles(ctx, store, *format, *out, uint32(*minZoom), uint32(*maxZoom), asOf, stderr)
	default:
		return usageError{fmt.Sprintf("export: --format %q: want geojson, csv, gpkg, mbtiles or pmtiles", *format)}
	}
	if err != nil {
		os.Remove(*out)
		return fmt.Errorf("export %s: %w", *out, err)
	}
	fmt.Fprintf(stdout, "exported %s to %s in %s\n", what, *out, time.Since(start).Round(time.Millisecond))
	return nil
}

// exportSite writes the static site (package site) from the store at
// dbPath into the folder out.
func exportSite(ctx context.Context, dbPath, out string, opts site.Options, stdout io.Writer) error {
	if opts.MaxZoom > tiles.MaxZoom || opts.MinZoom > opts.MaxZoom {
		return usageError{fmt.Sprintf("export: zooms %d..%d: want 0..%d with --minzoom not past --maxzoom", opts.MinZoom, opts.MaxZoom, tiles.MaxZoom)}
	}
	store, err := data.Open(ctx, dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	start := time.Now()
	st, err := site.Write(ctx, store, opts)
	if err != nil {
		return fmt.Errorf("export %s: %w", out, err)
	}
	fmt.Fprintf(stdout, "exported a static site to %s (%d files, %.1f MB, %d tiles) in %s\n",
		out, st.Files, float64(st.Bytes)/1e6, st.Tiles, time.Since(start).Round(time.Millisecond))
	return nil
}

func timeFilter(iv *geo.Interval) geo.Filter { return geo.Filter{Time: iv} }

// createFile creates out for writing, buffered; done flushes and closes.
func createFile(out string) (*bufio.Writer, func() error, error) {
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, nil, err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	return w, func() error { return errors.Join(w.Flush(), f.Close()) }, nil
}

func exportGeoJSON(ctx context.Context, store *data.Store, out, coll string, iv *geo.Interval) (string, error) {
	f := timeFilter(iv)
	srcs, err := store.Sources(ctx)
	if err != nil {
		return "", err
	}
	idx := geo.Dataset{Sources: srcs}.Index()
	collection, ok := geo.LookupCollection(coll)
	if !ok {
		return "", usageError{fmt.Sprintf("export: --collection %q: want %s", coll, geo.CollectionIDs(nil))}
	}
	view := geo.View{Interval: geo.Interval{OpenStart: true, OpenEnd: true}, Now: time.Now(), Sources: idx}
	if iv != nil {
		view.Interval = *iv
	}
	feats, err := collection.Records(ctx, store, f, view)
	if err != nil {
		return "", err
	}
	w, done, err := createFile(out)
	if err != nil {
		return "", err
	}
	io.WriteString(w, `{"type":"FeatureCollection","features":[`)
	for i, ft := range feats {
		if i > 0 {
			io.WriteString(w, ",\n")
		}
		b, err := json.Marshal(ft)
		if err != nil {
			done()
			return "", err
		}
		w.Write(b)
	}
	io.WriteString(w, "]}\n")
	if err := done(); err != nil {
		return "", err
	}
	return fmt.Sprintf("%d %s as GeoJSON", len(feats), coll), nil
}

func exportCSV(ctx context.Context, store *data.Store, out string, iv *geo.Interval) (string, error) {
	srcs, err := store.Sources(ctx)
	if err != nil {
		return "", err
	}
	evs, err := store.Events(ctx, timeFilter(iv))
	if err != nil {
		return "", err
	}
	w, done, err := createFile(out)
	if err != nil {
		return "", err
	}
	aw, err := geo.NewACLEDWriter(w, geo.Dataset{Sources: srcs}.Index())
	if err == nil {
		for _, e := range evs {
			if err = aw.Write(e); err != nil {
				break
			}
		}
	}
	if err == nil {
		err = aw.Flush()
	}
	if err = errors.Join(err, done()); err != nil {
		return "", err
	}
	return fmt.Sprintf("%d clashes as ACLED-layout CSV", len(evs)), nil
}

// exportGPKG writes a new GeoPackage holding the store's data (the events
// and deployments up to --datetime when given).
func exportGPKG(ctx context.Context, store *data.Store, out string, iv *geo.Interval) (string, error) {
	ds, err := store.Dataset(ctx)
	if err != nil {
		return "", err
	}
	if iv != nil {
		f := timeFilter(iv)
		if ds.Events, err = store.Events(ctx, f); err != nil {
			return "", err
		}
		if ds.Deployments, err = store.Deployments(ctx, f); err != nil {
			return "", err
		}
	}
	dst, err := data.Open(ctx, out)
	if err != nil {
		return "", err
	}
	if err := dst.Replace(ctx, ds); err != nil {
		dst.Close()
		return "", err
	}
	if err := dst.Close(); err != nil {
		return "", err
	}
	return fmt.Sprintf("a GeoPackage with %d segments, %d clashes, %d deployments", len(ds.Segments), len(ds.Events), len(ds.Deployments)), nil
}

type mbtilesSink struct{ m *data.MBTiles }

func (s mbtilesSink) Put(ctx context.Context, k tiles.Key, gz []byte) error {
	return s.m.Put(ctx, k.Z, k.X, k.Y, gz)
}

func exportTiles(ctx context.Context, store *data.Store, format, out string, minZoom, maxZoom uint32, asOf time.Time, stderr io.Writer) (string, error) {
	r := tiles.NewRenderer(store, tiles.Options{CacheBytes: -1})
	meta, err := r.Metadata(ctx, minZoom, maxZoom)
	if err != nil {
		return "", err
	}
	opts := tiles.ArchiveOptions{MinZoom: minZoom, MaxZoom: maxZoom, AsOf: asOf, Progress: progress(stderr, "tiles")}
	var st tiles.ArchiveStats
	switch format {
	case "mbtiles":
		md, err := meta.MBTilesMetadata()
		if err != nil {
			return "", err
		}
		m, err := data.CreateMBTiles(ctx, out, md)
		if err != nil {
			return "", err
		}
		if st, err = r.WriteArchive(ctx, mbtilesSink{m}, opts); err != nil {
			m.Abort()
			return "", err
		}
		if err := m.Close(); err != nil {
			return "", err
		}
	case "pmtiles":
		w, done, err := createFile(out)
		if err != nil {
			return "", err
		}
		pw := pmtiles.NewWriter(w, meta)
		st, err = r.WriteArchive(ctx, pw, opts)
		if err == nil {
			err = pw.Close()
		}
		if err = errors.Join(err, done()); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("%d tiles (z%d–z%d, %d empty left out) as %s", st.Tiles, minZoom, maxZoom, st.Empty, format), nil
}

// progress reports progress on stderr: a bar on a terminal, a plain line
// every tenth of the way otherwise (a log, CI).
func progress(stderr io.Writer, what string) func(done, total int) {
	if f, ok := stderr.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			var bar *progressbar.ProgressBar
			return func(done, total int) {
				if bar == nil {
					bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(stderr), progressbar.OptionSetDescription(what),
						progressbar.OptionShowCount(), progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
				}
				bar.Set(done)
				if done == total {
					bar.Finish()
				}
			}
		}
	}
	last := -1
	return func(done, total int) {
		if tenth := done * 10 / max(total, 1); tenth != last && (tenth > last) {
			last = tenth
			fmt.Fprintf(stderr, "%s: %d of %d (%d%%)\n", what, done, total, done*100/max(total, 1))
		}
	}
}
