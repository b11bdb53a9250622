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
)

// TestLoadTile is the tile load script (make load-tile): wrk serves one hot
// tile from Frontier's full handler and, in the same run, the same bytes
// from a bare net/http handler, and the test prints the ratio of their
// requests per second, over LOAD_ROUNDS rounds. Both listen on loopback in
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
		for _, k := range []string{"Content-Type", "Content-Encoding", "ETag", "Vary", "Cache-Control"} {
			w.Header()[k] = hdr[k]
		}
		w.Write(body)
	}))
	t.Cleanup(bare.Close)

	rps := func(url string) float64 {
		out, err := exec.Command(wrk, "-t2", "-c"+conns, "-d"+dur, "--latency", "-H", "Accept-Encoding: gzip", url).CombinedOutput()
		if err != nil {
			t.Fatalf("wrk: %v\n%s", err, out)
		}
		t.Logf("%s\n%s", url, out)
		if m := regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`).FindSubmatch(out); m != nil {
			t.Errorf("%s: %s error responses", url, m[1])
		}
		m := regexp.MustCompile(`Requests/sec:\s+([\d.]+)`).FindSubmatch(out)
		if m == nil {
			t.Fatalf("no Requests/sec in wrk output:\n%s", out)
		}
		v, _ := strconv.ParseFloat(string(m[1]), 64)
		return v
	}
	// On a shared machine the load of other processes drifts over a run:
	// rounds alternate which side goes first, and the median ratio of the
	// rounds is the figure.
	rounds, _ := strconv.Atoi(env("LOAD_ROUNDS", "3"))
	var ratios []float64
	for i := range max(rounds, 1) {
		var f, b float64
		if i%2 == 0 {
			f, b = rps(frontier.URL+target), rps(bare.URL+target)
		} else {
			b, f = rps(bare.URL+target), rps(frontier.URL+target)
		}
		ratios = append(ratios, f/b)
		fmt.Printf("round %d: frontier %.0f req/s, bare net/http %.0f req/s, ratio %.1f%%\n", i+1, f, b, 100*f/b)
	}
	slices.Sort(ratios)
	fmt.Printf("hot tile, %d bytes gzipped, %d rounds of %s: median ratio %.1f%% of the bare handler\n", len(body), len(ratios), dur, 100*ratios[len(ratios)/2])
}

func env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
