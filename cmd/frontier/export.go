package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"slices"
	"time"

	"github.com/frontier-map/frontier/data"
	"github.com/frontier-map/frontier/export"
	"github.com/frontier-map/frontier/geo"
	"github.com/frontier-map/frontier/site"
	"github.com/frontier-map/frontier/tiles"
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
	if *format != "site" {
		if _, err := os.Stat(*out); err == nil {
			return fmt.Errorf("export: %s already exists", *out)
		} else if !errors.Is(err, iofs.ErrNotExist) {
			return fmt.Errorf("export: %w", err)
		}
	}
	opts := export.Options{Format: *format, Out: *out, Collection: *coll,
		MinZoom: uint32(*minZoom), MaxZoom: uint32(*maxZoom), Progress: progress(stderr, "tiles")}
	if *datetime != "" && *format != "site" {
		v, err := geo.ParseInterval(*datetime)
		if err != nil {
			return usageError{"export: --datetime: " + err.Error()}
		}
		opts.Time = &v
	}
	if *maxZoom > tiles.MaxZoom || *minZoom > *maxZoom {
		return usageError{fmt.Sprintf("export: zooms %d..%d: want 0..%d with --minzoom not past --maxzoom", *minZoom, *maxZoom, tiles.MaxZoom)}
	}
	switch _, known := geo.LookupCollection(*coll); {
	case *format == "site":
	case !slices.Contains(export.Formats, *format):
		return usageError{fmt.Sprintf("export: --format %q: want geojson, csv, gpkg, mbtiles or pmtiles", *format)}
	case *format == "csv" && *coll != "clashes":
		return usageError{"export: --format csv writes clashes in the ACLED layout; use geojson or gpkg for " + *coll}
	case *format == "geojson" && !known:
		return usageError{fmt.Sprintf("export: --collection %q: want %s", *coll, geo.CollectionIDs(nil))}
	}

	store, err := data.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	start := time.Now()
	var what string
	if *format == "site" {
		var st site.Stats
		st, err = site.Write(ctx, store, site.Options{Out: *out, PublicURL: *publicURL, Lang: *lang,
			MinZoom: opts.MinZoom, MaxZoom: opts.MaxZoom, Progress: opts.Progress})
		what = fmt.Sprintf("a static site to %s (%d files, %.1f MB, %d tiles)", *out, st.Files, float64(st.Bytes)/1e6, st.Tiles)
	} else {
		var st export.Stats
		st, err = export.Write(ctx, store, opts)
		what = fmt.Sprintf("%s to %s", st, *out)
	}
	if err != nil {
		return fmt.Errorf("export %s: %w", *out, err)
	}
	fmt.Fprintf(stdout, "exported %s in %s\n", what, time.Since(start).Round(time.Millisecond))
	return nil
}
