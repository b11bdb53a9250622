// Command frontier serves the Kyrgyzstan–Tajikistan frontier dataset as
// OGC API – Features GeoJSON and vector tiles to GIS tools and the bundled
// map.
//
//	frontier serve [--db frontier.gpkg] [--addr 127.0.0.1:8080] [--public-url URL]
//	frontier seed  [--db frontier.gpkg] [--force]
//	frontier healthcheck [--url http://127.0.0.1:8080/healthz]
//	frontier import FILE [--collection clashes|deployments] [--skip-invalid] [--as NAME] [--db PATH]
//	frontier export --format geojson|csv|gpkg|mbtiles|pmtiles|site --out FILE [--datetime D] [--minzoom Z --maxzoom Z]
//	frontier synth --events N --out FILE [--seed S]
//	frontier user add --name NAME --role editor|publisher|admin | list | revoke NAME [--db PATH]
//
// main only wires: flags, environment, the logger, the store, the
// http.Server and signals, one file per subcommand. What the commands do
// lives in the packages: reading an imported file in geo (NewRowReader),
// writing it in data (Store.Import), the export formats in export and site.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "frontier:", err)
		}
		os.Exit(exitCode(err))
	}
}

const usage = `usage: frontier <command> [flags]

commands:
  serve   serve the dataset over HTTP (the default)
  seed    write the bundled dataset into the store
  healthcheck  ask a running server's /healthz (for containers)
  import  read an ACLED-layout CSV or a GeoJSON file into the store
  export  write GeoJSON, CSV, a GeoPackage, or MBTiles/PMTiles tiles
  synth   write a synthetic event set for benchmarks
  user    add, list or revoke the desk's users (add prints the token once)

Run 'frontier <command> -h' for a command's flags.
`

// run is the whole program, testable without a process: it takes the
// arguments, the environment and the output streams, and returns when ctx is
// cancelled (serve) or the command is done.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, getenv, stdout, stderr)
	case "seed":
		return seed(ctx, args, getenv, stdout, stderr)
	case "healthcheck":
		return healthcheck(ctx, args, stdout, stderr)
	case "import":
		return importCmd(ctx, args, getenv, stdout, stderr)
	case "export":
		return exportCmd(ctx, args, getenv, stdout, stderr)
	case "synth":
		return synthCmd(ctx, args, stdout, stderr)
	case "user":
		return userCmd(ctx, args, getenv, stdout, stderr)
	case "help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return usageError{fmt.Sprintf("unknown command %q", cmd)}
	}
}
