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
	"strconv"
	"testing"
)

// TestLoadTile is the tile load script (make load-tile): wrk serves one hot
// tile from Frontier's full handler and, in the same run, the same bytes
// from a bare net/http handler, and the test prints the ratio of their
// requests per second. Both listen on loopback in this process; wrk runs as
// its own process. It asserts nothing about speed: the numbers are for the
// reader. LOAD_DURATION and LOAD_CONNECTIONS tune it.
func TestLoadTile(t *testing.T) {
	wrk, err := exec.LookPath("wrk")
	if err != nil {
		t.Skip("wrk not installed (apt-get install wrk)")
	}
	dur, conns := env("LOAD_DURATION", "10s"), env("LOAD_CONNECTIONS", "64")

	frontier := httptest.NewServer(newTestServer(t, newMemStore(t)))
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
	f := rps(frontier.URL + target)
	b := rps(bare.URL + target)
	fmt.Printf("hot tile, %d bytes gzipped: frontier %.0f req/s, bare net/http %.0f req/s, ratio %.1f%%\n", len(body), f, b, 100*f/b)
}

func env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
