//go:build load

package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/frontier-map/frontier/tiles"
)

// TestBenchCold is make bench-cold (issue 14): the cold z0–z12 pyramid over
// the frontier's box, all five layers as of 2023-09-01, fetched over HTTP
// by one keep-alive client from
//   - bin/frontier with its tile cache off, so every tile is drawn, and
//   - a Node server (tiles/testdata/bench-node/cold.mjs) tiling the same
//     layers, as GeoJSON written by Frontier's items API, with geojson-vt
//     and vt-pbf.
//
// Both have indexed their data before the clock starts (Frontier builds its
// snapshot on the first TileJSON request). Rounds alternate which goes
// first, since the load of a shared machine drifts; it prints every
// round's times and the median ratio. It asserts nothing about speed.
func TestBenchCold(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	nodeDir, _ := filepath.Abs("../../tiles/testdata/bench-node")
	if _, err := os.Stat(filepath.Join(nodeDir, "node_modules")); err != nil {
		t.Fatal("tiles/testdata/bench-node has no node_modules: npm ci there (make bench-cold does)")
	}
	bin, dir := buildBinary(t)
	srv := startBinary(t, bin, []string{"--db", filepath.Join(dir, "f.gpkg"), "--tile-cache-mb", "0", "--log-level", "warn"}, nil)
	const asOf = "2023-09-01"

	// The same five layers as GeoJSON, from the items API.
	var box orb.Bound
	for _, c := range []string{"countries", "frontier", "deployments", "clashes", "places"} {
		q := "?limit=10000&datetime=" + asOf
		if c == "clashes" || c == "deployments" {
			q = "?limit=10000&datetime=../" + asOf
		}
		b := fetch(t, srv.base+"/collections/"+c+"/items"+q)
		fc, err := geojson.UnmarshalFeatureCollection(b)
		if err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		if c == "frontier" {
			for i, f := range fc.Features {
				if i == 0 {
					box = f.Geometry.Bound()
				}
				box = box.Union(f.Geometry.Bound())
			}
		}
		if err := os.WriteFile(filepath.Join(dir, c+".geojson"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var keys []tiles.Key
	for z := range uint32(13) {
		keys = append(keys, tiles.KeysIn(box, z)...)
	}

	srv.cmd.Process.Kill()
	<-srv.done
	// Each round starts both servers afresh, so that every tile of every
	// round is cold: geojson-vt keeps the tiles it has cut in its tree, and
	// Frontier its index's nodes.
	startFrontier := func() (string, func()) {
		srv := startBinary(t, bin, []string{"--db", filepath.Join(dir, "f.gpkg"), "--tile-cache-mb", "0", "--log-level", "warn"}, nil)
		fetch(t, srv.base+"/tiles/border.json") // the snapshot, built before the clock
		return srv.base, func() { srv.cmd.Process.Kill(); <-srv.done }
	}
	startNode := func() (string, func()) {
		ns := exec.Command(node, filepath.Join(nodeDir, "cold.mjs"), dir)
		ns.Stderr = os.Stderr
		out, _ := ns.StdoutPipe()
		if err := ns.Start(); err != nil {
			t.Fatal(err)
		}
		stop := func() { ns.Process.Kill(); ns.Wait() }
		line, err := bufio.NewReader(out).ReadString('\n')
		if err != nil {
			stop()
			t.Fatalf("node server: %v", err)
		}
		return "http://127.0.0.1:" + strings.TrimSpace(line), stop
	}
	pyramid := func(base, path string) (time.Duration, int) {
		client := &http.Client{Transport: &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 1}}
		defer client.CloseIdleConnections()
		start, bytes := time.Now(), 0
		for _, k := range keys {
			req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s%s/%d/%d/%d.mvt%s", base, path, k.Z, k.X, k.Y, map[bool]string{true: "?datetime=" + asOf}[path != ""]), nil)
			req.Header.Set("Accept-Encoding", "gzip")
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			n, _ := io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNoContent {
				t.Fatalf("%s %s: %s", base, k, resp.Status)
			}
			bytes += int(n)
		}
		return time.Since(start), bytes
	}

	rounds, _ := strconv.Atoi(envOr("LOAD_ROUNDS", "3"))
	var ratios []float64
	for i := range max(rounds, 1) {
		var f, n time.Duration
		var fb, nb int
		frontier := func() {
			base, stop := startFrontier()
			defer stop()
			f, fb = pyramid(base, "/tiles/border")
		}
		geojsonVT := func() {
			base, stop := startNode()
			defer stop()
			n, nb = pyramid(base, "")
		}
		if i%2 == 0 {
			frontier()
			geojsonVT()
		} else {
			geojsonVT()
			frontier()
		}
		ratios = append(ratios, n.Seconds()/f.Seconds())
		fmt.Printf("round %d: %d tiles z0–z12: frontier %s (%d bytes gzipped), geojson-vt + vt-pbf %s (%d bytes gzipped): frontier %.2f× as fast\n",
			i+1, len(keys), f.Round(time.Millisecond), fb, n.Round(time.Millisecond), nb, n.Seconds()/f.Seconds())
	}
	slices.Sort(ratios)
	fmt.Printf("cold pyramid, %d tiles, %d rounds: frontier median %.2f× as fast as geojson-vt + vt-pbf\n", len(keys), len(ratios), ratios[len(ratios)/2])
}

func fetch(t *testing.T, url string) []byte {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %v %s", url, err, resp.Status)
	}
	return b
}
