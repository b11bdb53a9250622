package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/frontier-map/frontier/data"
	"github.com/frontier-map/frontier/geo"
)

// importMemoryLimit is the Go heap's soft limit during an import (unless
// GOMEMLIMIT says otherwise). What an import of a million rows keeps live
// (the ids seen, to report duplicates by line) is a few hundred megabytes;
// by default the heap grows to twice that before it is collected. The
// limit makes the collector run sooner instead, so that with SQLite's
// page cache (data's bulkCacheKiB) the import stays under a gigabyte.
const importMemoryLimit = 448 << 20

// importCmd reads an ACLED-layout CSV or a GeoJSON FeatureCollection into
// the store in one transaction: every row is checked, an invalid row leaves
// the store as it was (or, with --skip-invalid, is listed and left out), and
// a row whose id the store holds updates it.
func importCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if getenv("GOMEMLIMIT") == "" {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(importMemoryLimit))
	}
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: frontier import FILE [--collection C] [--skip-invalid] [--as NAME] [--message TEXT] [--db PATH]")
		fs.PrintDefaults()
	}
	dbPath := fs.String("db", env(getenv, "FRONTIER_DB", "frontier.gpkg"), "GeoPackage file (env FRONTIER_DB)")
	coll := fs.String("collection", "clashes", "collection a GeoJSON file holds: "+geo.CollectionIDs((*geo.Collection).Writable)+" (a CSV is always ACLED clashes)")
	skip := fs.Bool("skip-invalid", false, "import the valid rows and list the invalid ones, rather than importing nothing")
	as := fs.String("as", "", "the desk user (publisher or admin) the import is recorded as, with a revision per feature; without it the import is not recorded")
	message := fs.String("message", "", "why, for the record and the corrections feed (default: the file's name)")
	file, err := parseArgs(fs, args, "import")
	if err != nil {
		return err
	}
	if file == "" {
		fs.Usage()
		return usageError{"import: which file?"}
	}
	collection, ok := geo.LookupCollection(*coll)
	if !ok || !collection.Writable() {
		return usageError{fmt.Sprintf("import: --collection %q: want %s", *coll, geo.CollectionIDs((*geo.Collection).Writable))}
	}
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	format := geo.SniffFormat(file, br)
	if format == geo.FormatACLED && *coll != "clashes" {
		return usageError{"import: a CSV is read in the ACLED layout, which holds clashes only"}
	}

	store, err := data.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	author, err := importAuthor(ctx, store, *as)
	if err != nil {
		return err
	}
	if *message == "" {
		*message = "import of " + filepath.Base(file)
	}
	known, err := store.Sources(ctx)
	if err != nil {
		return err
	}
	start := time.Now()
	rows, err := geo.NewRowReader(br, format, *coll, geo.Dataset{Sources: known}.Index())
	if err != nil {
		return fmt.Errorf("import %s: %w", file, err)
	}

	errw := bufio.NewWriter(stderr)
	defer errw.Flush()
	if author == "" {
		fmt.Fprintln(errw, "import: not recorded in the features' history; give --as NAME (a publisher) to record it")
	}
	st, err := store.Import(ctx, rows, data.ImportOptions{Collection: collection, SkipInvalid: *skip,
		Author: author, Message: *message, Invalid: func(e *geo.RowError) { fmt.Fprintln(errw, e) }})
	if ie := (*data.InvalidRowsError)(nil); errors.As(err, &ie) {
		return fmt.Errorf("import %s: %d invalid rows, nothing imported (add --skip-invalid to import the valid ones)", file, ie.Invalid)
	}
	if err != nil {
		return fmt.Errorf("import %s: %w", file, err)
	}
	errw.Flush()
	fmt.Fprintf(stdout, "imported %d %s and %d sources from %s into %s in %s", st.Imported, *coll, st.Sources, file, *dbPath, time.Since(start).Round(time.Millisecond))
	if st.Invalid > 0 {
		fmt.Fprintf(stdout, "; skipped %d invalid rows (listed on stderr)", st.Invalid)
	}
	fmt.Fprintln(stdout)
	return nil
}
