//go:build load

package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestLoadMixed is the load script of the hardening issue (make load): the
// real binary on loopback, and wrk at LOAD_CONNECTIONS (256) connections
// for LOAD_DURATION (60s) over a mix of tiles, items, stats and page
// assets, the way a map embedded in a widely read article is hit. It fails
// on any error or non-2xx/3xx answer and prints p50/p99 and the server's
// resident memory after warm-up and at the end. With LOAD_EVENTS=N, N
// synthetic events are imported first (make load LOAD_EVENTS=100000).
func TestLoadMixed(t *testing.T) {
	wrk, err := exec.LookPath("wrk")
	if err != nil {
		t.Skip("wrk not installed (apt-get install wrk)")
	}
	conns, dur := envOr("LOAD_CONNECTIONS", "256"), envOr("LOAD_DURATION", "60s")
	bin, dir := buildBinary(t)
	db := filepath.Join(dir, "f.gpkg")
	if n := os.Getenv("LOAD_EVENTS"); n != "" {
		csv := filepath.Join(dir, "events.csv")
		for _, args := range [][]string{{"synth", "--events", n, "--out", csv}, {"seed", "--db", db}, {"import", csv, "--db", db}} {
			if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", args[0], err, out)
			}
		}
	}
	srv := startBinary(t, bin, []string{"--db", db, "--log-level", "warn"}, nil)
	base, cmd := srv.base, srv.cmd

	// The page's asset paths carry a content hash: read them off the page.
	req, _ := http.NewRequest(http.MethodGet, base+"/", nil)
	req.Header.Set("Accept", "text/html")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assets := regexp.MustCompile(`(?:src|href)="(?:https?://[^/"]+)?(/ui/[^"]+)"`).FindAllStringSubmatch(string(page), -1)
	if len(assets) == 0 {
		t.Fatalf("no /ui/ asset found on the map page: the mix would leave them out\n%s", page)
	}
	paths := []string{
		"/tiles/border/6/44/24.mvt?datetime=2023-09-01", "/tiles/border/10/712/388.mvt?datetime=2022-09-16",
		"/tiles/border/8/178/96.mvt", "/tiles/border/4/11/6.mvt?datetime=2025-04-01", "/tiles/border/12/2850/1551.mvt",
		"/tiles/border.json", "/collections/clashes/items?datetime=../2022-09-16&limit=10000",
		"/collections/frontier/items?datetime=2023-09-01", "/collections/deployments/items", "/collections/places/items",
		"/stats?datetime=2023-09-01", "/stats", "/collections", "/?f=json",
	}
	for _, a := range assets {
		paths = append(paths, a[1])
	}
	var lua strings.Builder
	lua.WriteString("local paths = {\n")
	for _, p := range paths {
		fmt.Fprintf(&lua, "  %q,\n", p)
	}
	lua.WriteString(`}
local i = math.random(#paths)
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], {["Accept-Encoding"] = "gzip"})
end
`)
	script := filepath.Join(dir, "mix.lua")
	if err := os.WriteFile(script, []byte(lua.String()), 0o644); err != nil {
		t.Fatal(err)
	}

	rss := func() float64 { return procMiB(t, cmd.Process.Pid, "VmRSS") }
	run := func(d string) string {
		out, err := exec.Command(wrk, "-t2", "-c"+conns, "-d"+d, "--timeout", "10s", "--latency", "-s", script, base).CombinedOutput()
		if err != nil {
			t.Fatalf("wrk: %v\n%s", err, out)
		}
		return string(out)
	}
	run("20s") // warm-up: caches filled, pools grown
	warm := rss()
	// Resident memory every 5 s through the run: after warm-up it should
	// level off, not climb.
	var series []string
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(5 * time.Second)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				series = append(series, fmt.Sprintf("%.0f", rss()))
			}
		}
	}()
	out := run(dur)
	close(stop)
	<-sampled
	end := rss()
	t.Logf("wrk over %d paths:\n%s", len(paths), out)
	if m := regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`).FindStringSubmatch(out); m != nil {
		t.Errorf("%s answers were not 2xx/3xx", m[1])
	}
	if m := regexp.MustCompile(`Socket errors: (.*)`).FindStringSubmatch(out); m != nil {
		t.Errorf("socket errors: %s", m[1])
	}
	pct := func(p string) string {
		if m := regexp.MustCompile(`(?m)^\s+` + p + `%\s+(\S+)`).FindStringSubmatch(out); m != nil {
			return m[1]
		}
		return "?"
	}
	rate := "?"
	if m := regexp.MustCompile(`Requests/sec:\s+(\S+)`).FindStringSubmatch(out); m != nil {
		rate = m[1]
	}
	fmt.Printf("mixed load, %s events imported, %s connections for %s: %s req/s, p50 %s, p99 %s; RSS %.0f MiB after warm-up, %.0f MiB at the end; every 5 s: %s MiB\n",
		envOr("LOAD_EVENTS", "no"), conns, dur, rate, pct("50"), pct("99"), warm, end, strings.Join(series, " "))
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
