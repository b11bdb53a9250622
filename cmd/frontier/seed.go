package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/frontier-map/frontier/data"
	"github.com/frontier-map/frontier/seeds"
)

// seed writes the bundled dataset into the store: into a new file, or, with
// --force, over what an existing one holds (in one transaction).
func seed(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", env(getenv, "FRONTIER_DB", "frontier.gpkg"), "GeoPackage file (env FRONTIER_DB)")
	force := fs.Bool("force", false, "replace the store's content even when it holds data")
	if err := fs.Parse(args); err != nil {
		return usageErr(err)
	}
	ds, err := seeds.Load()
	if err != nil {
		return err
	}
	store, err := data.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	empty, err := store.Empty(ctx)
	if err != nil {
		return err
	}
	if !empty && !*force {
		return fmt.Errorf("seed: %s already holds data; add --force to replace it", *dbPath)
	}
	if err := store.Replace(ctx, ds); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "seeded %s: %d segments, %d clashes, %d deployments, %d countries, %d places, %d sources\n",
		*dbPath, len(ds.Segments), len(ds.Events), len(ds.Deployments), len(ds.Countries), len(ds.Places), len(ds.Sources))
	return nil
}
