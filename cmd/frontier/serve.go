package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"time"

	"github.com/frontier-map/frontier/data"
	"github.com/frontier-map/frontier/seeds"
	"github.com/frontier-map/frontier/web"
)

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", env(getenv, "FRONTIER_DB", "frontier.gpkg"), "GeoPackage file; created from the bundled data when absent (env FRONTIER_DB)")
	addr := fs.String("addr", env(getenv, "FRONTIER_ADDR", "127.0.0.1:8080"), "address to listen on; loopback unless you say otherwise (env FRONTIER_ADDR)")
	publicURL := fs.String("public-url", getenv("FRONTIER_PUBLIC_URL"), "absolute URL the service is reached at, behind a proxy (env FRONTIER_PUBLIC_URL)")
	allowedHosts := fs.String("allowed-hosts", getenv("FRONTIER_ALLOWED_HOSTS"), "hosts a request may name, comma-separated (maps.example.org,*.example.net,10.0.0.5:8080); default the listen address, localhost and loopback; any other Host gets 421 (env FRONTIER_ALLOWED_HOSTS)")
	trustProxy := fs.String("trust-proxy", getenv("FRONTIER_TRUST_PROXY"), "addresses or CIDR prefixes of proxies whose X-Forwarded-Host and X-Forwarded-Proto are believed, comma-separated (env FRONTIER_TRUST_PROXY)")
	defMaxAge := time.Minute
	if v := getenv("FRONTIER_TILE_MAX_AGE"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			return usageError{fmt.Sprintf("FRONTIER_TILE_MAX_AGE=%q: want a duration such as 60s or 5m", v)}
		}
		defMaxAge = d
	}
	tileMaxAge := fs.Duration("tile-max-age", defMaxAge, "Cache-Control max-age of tiles; clients revalidate with the ETag after it (env FRONTIER_TILE_MAX_AGE)")
	embedOrigins := fs.String("embed-origins", getenv("FRONTIER_EMBED_ORIGINS"), "origins allowed to frame /embed, comma-separated (https://news.example.org,https://*.example.net); empty allows any (env FRONTIER_EMBED_ORIGINS)")
	basemapURL := fs.String("basemap-url", getenv("FRONTIER_BASEMAP_URL"), "optional raster basemap, a tile URL template such as https://tile.openstreetmap.org/{z}/{x}/{y}.png; its host is the only other one the page then loads from (env FRONTIER_BASEMAP_URL)")
	basemapAttr := fs.String("basemap-attribution", getenv("FRONTIER_BASEMAP_ATTRIBUTION"), "the basemap's attribution, required with --basemap-url (env FRONTIER_BASEMAP_ATTRIBUTION)")
	tileCacheMB := fs.Int("tile-cache-mb", 64, "memory for encoded tiles, in MiB (0 turns the cache off)")
	readOnly := fs.Bool("read-only", env(getenv, "FRONTIER_READ_ONLY", "") == "true", "refuse every write from the desk (405), and say so on /healthz (env FRONTIER_READ_ONLY=true)")
	logLevel := fs.String("log-level", env(getenv, "FRONTIER_LOG_LEVEL", "info"), "debug, info, warn or error")
	if err := fs.Parse(args); err != nil {
		return usageErr(err)
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("serve: unexpected argument %q", fs.Arg(0))}
	}
	logger, err := newLogger(stdout, *logLevel)
	if err != nil {
		return err
	}
	if *tileCacheMB < 0 || *tileMaxAge < 0 {
		return usageError{"serve: --tile-cache-mb and --tile-max-age cannot be negative"}
	}
	cacheBytes := int64(*tileCacheMB) << 20
	if cacheBytes == 0 {
		cacheBytes = -1 // tiles.Options: negative turns the cache off
	}
	cfg := web.Config{PublicURL: *publicURL, TileMaxAge: *tileMaxAge, TileCacheBytes: cacheBytes,
		BasemapURL: *basemapURL, BasemapAttribution: *basemapAttr, ReadOnly: *readOnly}
	cfg.EmbedOrigins = commaList(*embedOrigins)
	cfg.AllowedHosts = commaList(*allowedHosts)
	if cfg.AllowedHosts == nil {
		cfg.AllowedHosts = web.DefaultAllowedHosts(*addr)
	}
	cfg.TrustedProxies = commaList(*trustProxy)
	if err := cfg.Validate(); err != nil {
		return usageError{"serve: " + err.Error()}
	}

	store, err := openSeeded(ctx, *dbPath, logger)
	if err != nil {
		return err
	}
	defer store.Close()

	handler, err := web.NewServer(cfg, store, logger)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	logger.Info("listening", "addr", ln.Addr().String(), "db", *dbPath)
	return listenAndServe(ctx, ln, handler, logger)
}

// openSeeded opens the store, writing the bundled dataset into it when it
// holds none yet (a new file).
func openSeeded(ctx context.Context, path string, logger *slog.Logger) (*data.Store, error) {
	store, err := data.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	ds, err := store.SeedIfEmpty(ctx, seeds.Load)
	if errors.Is(err, data.ErrReadOnly) {
		err = fmt.Errorf("%s is read-only and holds no data to serve", path)
	}
	switch {
	case err != nil:
		store.Close()
		return nil, err
	case store.ReadOnly():
		logger.Warn("the store is read-only: serving what it holds; imports need a writable file and folder", "db", path)
	case ds != nil:
		logger.Info("seeded the store from the bundled dataset", "db", path,
			"segments", len(ds.Segments), "clashes", len(ds.Events), "deployments", len(ds.Deployments))
	}
	return store, nil
}
