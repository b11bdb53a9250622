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
// snapshot on the first TileJSON request). Each side is measured two ways:
// the server process's CPU time over the pyramid (all its threads, from
// /proc), the server time the comparison is about, and the wall-clock
// time the client waits, which adds the loopback round trips: on a small
// machine those alone are about 130 µs a request for any Go or Node
// server, so the same pyramid served from Frontier's cache is timed too,
// as the floor. Rounds alternate which goes first, since the load of a
// shared machine drifts; it prints every round and the median ratios. It
// asserts nothing about speed.
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
	startFrontier := func() (string, int, func()) {
		srv := startBinary(t, bin, []string{"--db", filepath.Join(dir, "f.gpkg"), "--tile-cache-mb", "0", "--log-level", "warn"}, nil)
		fetch(t, srv.base+"/tiles/border.json") // the snapshot, built before the clock
		return srv.base, srv.cmd.Process.Pid, func() { srv.cmd.Process.Kill(); <-srv.done }
	}
	startNode := func() (string, int, func()) {
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
		return "http://127.0.0.1:" + strings.TrimSpace(line), ns.Process.Pid, stop
	}
	// pyramid fetches every tile from base and returns the wall-clock
	// time, the bytes and the drawing time the server reported in
	// Server-Timing, summed.
	pyramid := func(base, path string) (time.Duration, int, time.Duration) {
		client := &http.Client{Transport: &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 1}}
		defer client.CloseIdleConnections()
		start, bytes, drawing := time.Now(), 0, time.Duration(0)
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
			if v, ok := strings.CutPrefix(resp.Header.Get("Server-Timing"), "draw;dur="); ok {
				ms, _ := strconv.ParseFloat(v, 64)
				drawing += time.Duration(ms * float64(time.Millisecond))
			}
		}
		return time.Since(start), bytes, drawing
	}

	// The floor: the same requests answered from Frontier's tile cache,
	// nearly all of it the HTTP round trip, none of it drawing.
	{
		srv := startBinary(t, bin, []string{"--db", filepath.Join(dir, "f.gpkg"), "--log-level", "warn"}, nil)
		pyramid(srv.base, "/tiles/border")
		before := procCPU(t, srv.cmd.Process.Pid)
		hot, _, _ := pyramid(srv.base, "/tiles/border")
		cpu := procCPU(t, srv.cmd.Process.Pid) - before
		srv.cmd.Process.Kill()
		<-srv.done
		fmt.Printf("the same %d tiles from Frontier's cache: %s wall-clock, %s of server CPU\n", len(keys), hot.Round(time.Millisecond), cpu.Round(time.Millisecond))
	}

	// A run is one server's pyramid: wall-clock (what the client waits,
	// the loopback round trips included) and the server process's CPU
	// (its HTTP stack and its drawing, every thread).
	type run struct {
		wall, cpu, drawing time.Duration
		bytes              int
	}
	measure := func(start func() (string, int, func()), path string) run {
		base, pid, stop := start()
		defer stop()
		before := procCPU(t, pid)
		var r run
		r.wall, r.bytes, r.drawing = pyramid(base, path)
		r.cpu = procCPU(t, pid) - before
		return r
	}
	rounds, _ := strconv.Atoi(envOr("LOAD_ROUNDS", "3"))
	var wallRatios, cpuRatios, drawRatios []float64
	for i := range max(rounds, 1) {
		var f, n run
		if i%2 == 0 {
			f = measure(startFrontier, "/tiles/border")
			n = measure(startNode, "")
		} else {
			n = measure(startNode, "")
			f = measure(startFrontier, "/tiles/border")
		}
		wallRatios = append(wallRatios, n.wall.Seconds()/f.wall.Seconds())
		cpuRatios = append(cpuRatios, n.cpu.Seconds()/f.cpu.Seconds())
		drawRatios = append(drawRatios, n.drawing.Seconds()/f.drawing.Seconds())
		fmt.Printf("round %d: %d tiles z0–z12: frontier %s drawing, %s server CPU, %s wall-clock (%d bytes sent); geojson-vt + vt-pbf %s drawing, %s server CPU, %s wall-clock (%d bytes sent): frontier %.2f× as fast drawing, %.2f× by server CPU, %.2f× by the clock\n",
			i+1, len(keys), f.drawing.Round(time.Millisecond), f.cpu.Round(time.Millisecond), f.wall.Round(time.Millisecond), f.bytes,
			n.drawing.Round(time.Millisecond), n.cpu.Round(time.Millisecond), n.wall.Round(time.Millisecond), n.bytes, drawRatios[i], cpuRatios[i], wallRatios[i])
	}
	median := func(v []float64) float64 { slices.Sort(v); return v[len(v)/2] }
	fmt.Printf("cold pyramid, %d tiles, %d rounds: frontier median %.2f× as fast as geojson-vt + vt-pbf drawing (Server-Timing), %.2f× by server CPU, %.2f× by the clock\n",
		len(keys), len(cpuRatios), median(drawRatios), median(cpuRatios), median(wallRatios))
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
