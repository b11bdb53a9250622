package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/frontier-map/frontier/cmd/frontier/synth"
	"github.com/frontier-map/frontier/geo"
	"github.com/frontier-map/frontier/seeds"
)

// synthCmd writes a reproducible synthetic event set, clustered around the
// bundled gazetteer's places, as an ACLED-layout CSV (or GeoJSON when FILE
// ends in .geojson), for benchmarks. It is never bundled.
func synthCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("synth", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("events", 10000, "number of events")
	out := fs.String("out", "", "file to write: .csv (ACLED layout) or .geojson")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same events")
	if err := fs.Parse(args); err != nil {
		return usageErr(err)
	}
	if *out == "" || *n < 0 || fs.NArg() > 0 {
		return usageError{"usage: frontier synth --events N --out FILE [--seed S]"}
	}
	ds, err := seeds.Load()
	if err != nil {
		return err
	}
	f, err := os.Create(*out)
	if err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	events := synth.Events(*seed, *n, ds.Places)
	if strings.EqualFold(filepath.Ext(*out), ".geojson") {
		records := func(yield func(*geo.Feature) bool) {
			for e := range events {
				if !yield(e.Record()) {
					return
				}
			}
		}
		_, err = geo.WriteFeatureCollection(ctx, w, records)
	} else {
		_, err = geo.WriteACLED(ctx, w, synth.Sources(), events)
	}
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Close()
	}
	if err != nil {
		return fmt.Errorf("synth %s: %w", *out, err)
	}
	fmt.Fprintf(stdout, "wrote %d synthetic events to %s (seed %d)\n", *n, *out, *seed)
	return nil
}
