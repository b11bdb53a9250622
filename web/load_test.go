//go:build load

package web

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"
)

// TestLoadTile is the tile load script (make load-tile): wrk serves one hot
// tile from Frontier's full handler and, in the same run, the same bytes
// from a bare net/http handler, and the test prints the ratio of their
// requests per second, over LOAD_ROUNDS rounds; and the ratio against a
// bare handler sending the same bytes with all of Frontier's headers
// (security headers, request id), which sets apart what the answer costs
// net/http from what Frontier does per request. All listen on loopback in
// this process; wrk runs as its own process. It asserts nothing about
// speed: the numbers are for the reader. LOAD_DURATION (per side and round)
// and LOAD_CONNECTIONS tune it.
func TestLoadTile(t *testing.T) {
	wrk, err := exec.LookPath("wrk")
	if err != nil {
		t.Skip("wrk not installed (apt-get install wrk)")
	}
	dur, conns := env("LOAD_DURATION", "5s"), env("LOAD_CONNECTIONS", "64")

	frontier := httptest.NewServer(newTestServer(t, newTestStore(t)))
	t.Cleanup(frontier.Close)
	target := vorukhTile + "?datetime=2023-09-01"
	req, _ := http.NewRequest(http.MethodGet, frontier.URL+target, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	hdr := resp.Header.Clone()

	bare := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, k := range []string{"Content-Type", "Content-Encoding", "Etag", "Vary", "Cache-Control"} {
			w.Header()[k] = hdr[k]
		}
		w.Write(body)
	}))
	t.Cleanup(bare.Close)
	// The same bytes with every header Frontier sends (its security
	// headers and request id too): what separates Frontier from the bare
	// handler is then its own work, not the answer's size.
	same := hdr.Clone()
	same.Del("Date")
	same.Del("Content-Length")
	bareSame := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range same {
			h[k] = v
		}
		w.Write(body)
	}))
	t.Cleanup(bareSame.Close)

	// rps runs wrk on url and returns its requests per second and the
	// CPU time this process (both servers live in it; wrk does not) spent
	// per request meanwhile: on a shared machine the throughput follows
	// the other processes' load, the CPU per request much less so.
	rps := func(url string) (float64, time.Duration) {
		before := cpuTime()
		out, err := exec.Command(wrk, "-t2", "-c"+conns, "-d"+dur, "--latency", "-H", "Accept-Encoding: gzip", url).CombinedOutput()
		used := cpuTime() - before
		if err != nil {
			t.Fatalf("wrk: %v\n%s", err, out)
		}
		t.Logf("%s\n%s", url, out)
		if m := regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`).FindSubmatch(out); m != nil {
			t.Errorf("%s: %s error responses", url, m[1])
		}
		m := regexp.MustCompile(`(\d+) requests in`).FindSubmatch(out)
		r := regexp.MustCompile(`Requests/sec:\s+([\d.]+)`).FindSubmatch(out)
		if m == nil || r == nil {
			t.Fatalf("no request count in wrk output:\n%s", out)
		}
		n, _ := strconv.Atoi(string(m[1]))
		v, _ := strconv.ParseFloat(string(r[1]), 64)
		return v, used / time.Duration(max(n, 1))
	}
	// On a shared machine the load of other processes drifts over a run:
	// rounds alternate which side goes first, and the median ratio of the
	// rounds is the figure.
	rounds, _ := strconv.Atoi(env("LOAD_ROUNDS", "3"))
	var ratios, cpuRatios, sameRatios, sameCPURatios []float64
	type side struct {
		url string
		rps float64
		cpu time.Duration
	}
	for i := range max(rounds, 1) {
		sides := []*side{{url: frontier.URL}, {url: bare.URL}, {url: bareSame.URL}}
		for j := range sides {
			s := sides[(i+j)%len(sides)]
			s.rps, s.cpu = rps(s.url + target)
		}
		f, b, bs := sides[0], sides[1], sides[2]
		ratios = append(ratios, f.rps/b.rps)
		cpuRatios = append(cpuRatios, b.cpu.Seconds()/f.cpu.Seconds())
		sameRatios = append(sameRatios, f.rps/bs.rps)
		sameCPURatios = append(sameCPURatios, bs.cpu.Seconds()/f.cpu.Seconds())
		fmt.Printf("round %d: frontier %.0f req/s (%s CPU each), bare net/http %.0f req/s (%s CPU each), bare with Frontier's headers %.0f req/s (%s CPU each): ratio %.1f%%, by CPU per request %.1f%%; against the same headers %.1f%%, by CPU %.1f%%\n",
			i+1, f.rps, f.cpu, b.rps, b.cpu, bs.rps, bs.cpu, 100*f.rps/b.rps, 100*b.cpu.Seconds()/f.cpu.Seconds(), 100*f.rps/bs.rps, 100*bs.cpu.Seconds()/f.cpu.Seconds())
	}
	median := func(v []float64) float64 {
		slices.Sort(v)
		return 100 * v[len(v)/2]
	}
	fmt.Printf("hot tile, %d bytes gzipped, %d rounds of %s: median ratio %.1f%% of the bare handler's req/s, %.1f%% by CPU per request; "+
		"against a bare handler sending Frontier's %d headers %.1f%%, by CPU %.1f%%\n",
		len(body), len(ratios), dur, median(ratios), median(cpuRatios), len(same), median(sameRatios), median(sameCPURatios))
}

func env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
