//go:build scale

// The ACLED-scale measurements (make bench-scale): synthetic event sets
// imported into a store, served by the real binary, cold tiles timed at z3,
// z8 and z14, memory read from the kernel, and the same points tiled by
// supercluster and geojson-vt in Node, side by side. It takes a few
// minutes and is not part of make test.
//
//	FRONTIER_BIN=bin/frontier FRONTIER_SCALE_N=10000,1000000 go test -tags scale -run TestScale -v -timeout 30m ./cmd/frontier
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/frontier-map/frontier/cmd/frontier/synth"
	"github.com/frontier-map/frontier/seeds"
	"github.com/frontier-map/frontier/tiles"
)

type scaleRun struct {
	n                 int
	importTime        time.Duration
	importRSSMiB      float64
	indexTime         time.Duration // first TileJSON: the snapshot and cluster index
	serveRSS, serveHW float64       // MiB after the tiles
	tileMs            map[uint32][]float64
	node              map[string]any
}

func TestScale(t *testing.T) {
	bin := os.Getenv("FRONTIER_BIN")
	if bin == "" {
		bin = "../../bin/frontier"
	}
	bin, _ = filepath.Abs(bin)
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("%s: %v (make build first)", bin, err)
	}
	sizes := []int{10000, 1000000}
	if s := os.Getenv("FRONTIER_SCALE_N"); s != "" {
		sizes = nil
		for _, f := range strings.Split(s, ",") {
			n, err := strconv.Atoi(f)
			if err != nil {
				t.Fatal(err)
			}
			sizes = append(sizes, n)
		}
	}
	dir := t.TempDir()
	keys := scaleKeys(t, sizes[0])
	keysFile := filepath.Join(dir, "keys.json")
	var kk [][3]uint32
	for _, k := range keys {
		kk = append(kk, [3]uint32{k.Z, k.X, k.Y})
	}
	b, _ := json.Marshal(kk)
	os.WriteFile(keysFile, b, 0o644)

	var runs []*scaleRun
	for _, n := range sizes {
		r := &scaleRun{n: n, tileMs: map[uint32][]float64{}}
		runs = append(runs, r)
		csv := filepath.Join(dir, fmt.Sprintf("events-%d.csv", n))
		db := filepath.Join(dir, fmt.Sprintf("store-%d.gpkg", n))
		mustRun(t, bin, "synth", "--events", strconv.Itoa(n), "--out", csv, "--seed", "1")
		mustRun(t, bin, "seed", "--db", db)
		start := time.Now()
		ps := mustRun(t, bin, "import", csv, "--db", db)
		r.importTime = time.Since(start)
		r.importRSSMiB = float64(ps.SysUsage().(*syscall.Rusage).Maxrss) / 1024

		addr := freeAddr(t)
		cmd := exec.Command(bin, "serve", "--db", db, "--addr", addr, "--tile-cache-mb", "0", "--log-level", "warn")
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		base := "http://" + addr
		waitHealthy(t, base)
		start = time.Now()
		get(t, base+"/tiles/border.json")
		r.indexTime = time.Since(start)
		// Every request is a cold tile: the tile cache is off.
		for _, k := range keys {
			s := time.Now()
			get(t, fmt.Sprintf("%s/tiles/border/%d/%d/%d.mvt", base, k.Z, k.X, k.Y))
			r.tileMs[k.Z] = append(r.tileMs[k.Z], float64(time.Since(s).Microseconds())/1000)
		}
		r.serveRSS, r.serveHW = procMiB(t, cmd.Process.Pid, "VmRSS"), procMiB(t, cmd.Process.Pid, "VmHWM")
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()

		if node, err := exec.LookPath("node"); err == nil {
			nodeDir, _ := filepath.Abs("../../tiles/testdata/bench-node")
			if _, err := os.Stat(filepath.Join(nodeDir, "node_modules")); err == nil {
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
				out, err := exec.CommandContext(ctx, node, "--max-old-space-size=8192", filepath.Join(nodeDir, "bench.mjs"), csv, keysFile).Output()
				cancel()
				if err != nil {
					t.Errorf("node bench: %v", err)
				} else if err := json.Unmarshal(out, &r.node); err != nil {
					t.Errorf("node bench: %v in %.300s", err, out)
				}
			} else {
				t.Log("tiles/testdata/bench-node has no node_modules (npm ci there): no Node comparison")
			}
		}
		os.Remove(csv)
	}
	report(t, runs)
}

// scaleKeys are the tiles timed: the z3 tile over the region (many times:
// every request is drawn anew), z8 tiles over the places, and the z14 tiles
// of 300 events of the smallest set (the first events of every set, since
// synth makes the larger sets by going on from the same seed).
func scaleKeys(t *testing.T, n int) []tiles.Key {
	ds, err := seeds.Load()
	if err != nil {
		t.Fatal(err)
	}
	var b orb.Bound
	for i, p := range ds.Places {
		if i == 0 {
			b = p.Location.Bound()
		}
		b = b.Extend(p.Location)
	}
	b = b.Pad(0.3)
	var keys []tiles.Key
	for range 100 {
		keys = append(keys, tiles.KeysIn(b, 3)...)
	}
	z8 := tiles.KeysIn(b, 8)
	for len(keys) < 100*len(tiles.KeysIn(b, 3))+300 {
		keys = append(keys, z8...)
	}
	keys = keys[:100*len(tiles.KeysIn(b, 3))+300]
	var evs []orb.Point
	for e := range synth.Events(1, n, ds.Places) {
		evs = append(evs, *e.Location)
	}
	r := rand.New(rand.NewPCG(7, 7))
	for range 300 {
		p := evs[r.IntN(len(evs))]
		keys = append(keys, tiles.KeysIn(p.Bound(), 14)[0])
	}
	return keys
}

func mustRun(t *testing.T, bin string, args ...string) *os.ProcessState {
	t.Helper()
	cmd := exec.Command(bin, args...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", bin, args, err, out)
	}
	t.Logf("%s", strings.TrimSpace(string(out)))
	return cmd.ProcessState
}

func waitHealthy(t *testing.T, base string) {
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("server not healthy within 60 s")
}

func get(t *testing.T, url string) {
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 && resp.StatusCode != 204 {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
}

func pct(ms []float64, p float64) float64 {
	s := slices.Clone(ms)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[min(len(s)-1, int(p*float64(len(s))))]
}

func nodeMs(m map[string]any, lib string, z uint32) []float64 {
	byZ, _ := m[lib].(map[string]any)
	list, _ := byZ[strconv.Itoa(int(z))].([]any)
	var out []float64
	for _, v := range list {
		f, _ := v.(float64)
		out = append(out, f)
	}
	return out
}

func report(t *testing.T, runs []*scaleRun) {
	w := os.Stdout
	fmt.Fprintf(w, "\n%-9s %9s %10s %10s %10s %10s\n", "events", "import s", "import MiB", "index s", "serve MiB", "serve HWM")
	for _, r := range runs {
		fmt.Fprintf(w, "%-9d %9.1f %10.0f %10.1f %10.0f %10.0f\n", r.n, r.importTime.Seconds(), r.importRSSMiB, r.indexTime.Seconds(), r.serveRSS, r.serveHW)
	}
	fmt.Fprintf(w, "\ncold tile time in ms, p50 / p99 (max), over the same keys\n%-9s %-4s %6s %26s %26s %26s\n", "events", "zoom", "tiles", "frontier (HTTP, loopback)", "supercluster+vt-pbf", "geojson-vt+vt-pbf")
	for _, r := range runs {
		for _, z := range []uint32{3, 8, 14} {
			f := r.tileMs[z]
			sc, vt := nodeMs(r.node, "supercluster", z), nodeMs(r.node, "geojsonvt", z)
			fmt.Fprintf(w, "%-9d z%-3d %6d %9.2f / %6.2f (%6.2f) %9.2f / %6.2f (%6.2f) %9.2f / %6.2f (%6.2f)\n", r.n, z, len(f),
				pct(f, .5), pct(f, .99), pct(f, 1), pct(sc, .5), pct(sc, .99), pct(sc, 1), pct(vt, .5), pct(vt, .99), pct(vt, 1))
		}
		if r.node != nil {
			fmt.Fprintf(w, "%-9d node: CSV load %.0f ms, supercluster index %.0f ms, geojson-vt index %.0f ms, geojson-vt tiles skipped past its time budget: %v\n", r.n,
				r.node["load_ms"], r.node["supercluster_index_ms"], r.node["geojsonvt_index_ms"], r.node["geojsonvt_skipped"])
		}
	}
	if len(runs) >= 2 {
		a, b := runs[0], runs[len(runs)-1]
		fmt.Fprintf(w, "\nz14 p50 at %d events / at %d: %.2f (p99 %.2f)\n", b.n, a.n,
			pct(b.tileMs[14], .5)/pct(a.tileMs[14], .5), pct(b.tileMs[14], .99)/pct(a.tileMs[14], .99))
	}
}
