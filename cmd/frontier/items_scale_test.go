//go:build scale

// The items measurements of issue 14 (make bench-items): 100,000 synthetic
// events imported, served by the real binary, the pages GIS clients and
// scripts ask for timed cold (first request) and warm, and GDAL's ogr2ogr
// copying the whole collection at its default page size and at 10,000.
//
//	FRONTIER_ITEMS_N=100000 go test -tags scale -run TestItemsScale -v -timeout 20m ./cmd/frontier
package main

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"
)

func TestItemsScale(t *testing.T) {
	count := os.Getenv("FRONTIER_ITEMS_N")
	if count == "" {
		count = "100000"
	}
	n, err := strconv.Atoi(count)
	if err != nil {
		t.Fatal(err)
	}
	bin, dir := buildBinary(t)
	db, csv := filepath.Join(dir, "items.gpkg"), filepath.Join(dir, "events.csv")
	for _, args := range [][]string{{"synth", "--events", strconv.Itoa(n), "--out", csv}, {"seed", "--db", db}, {"import", csv, "--db", db}} {
		if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", args[0], err, out)
		}
	}
	srv := startBinary(t, bin, []string{"--db", db, "--log-level", "warn"}, nil)

	// numberMatched of the whole collection, to check every page against.
	var all struct {
		NumberMatched int `json:"numberMatched"`
	}
	fetchJSON(t, srv.base+"/collections/clashes/items?limit=1", &all)
	if all.NumberMatched < n {
		t.Fatalf("numberMatched %d, want at least the %d imported", all.NumberMatched, n)
	}
	pages := []string{
		"/collections/clashes/items?limit=1",
		fmt.Sprintf("/collections/clashes/items?offset=%d&limit=100", n-1000),
		"/collections/clashes/items?event_type=Riots&limit=100",
		"/collections/clashes/items?datetime=2022-01-01/2022-12-31&limit=100",
		"/collections/clashes/items?bbox=69.5,39.8,71,40.3&limit=100",
		"/collections/clashes/items?limit=10000",
	}
	fmt.Printf("\n%d events; numberMatched %d\n%-72s %9s %9s %9s\n", n, all.NumberMatched, "request (Accept-Encoding: gzip)", "cold ms", "warm ms", "gzip KB")
	for _, p := range pages {
		cold, size := timed(t, srv.base+p)
		warm := time.Duration(1<<63 - 1)
		for range 5 {
			d, _ := timed(t, srv.base+p)
			warm = min(warm, d)
		}
		fmt.Printf("%-72s %9.1f %9.1f %9.1f\n", p, ms(cold), ms(warm), float64(size)/1024)
	}

	// GDAL: the whole collection, paged as it pages by default (10
	// features a page before GDAL 3.8) and at the largest page.
	ogr, err := exec.LookPath("ogr2ogr")
	if err != nil {
		t.Log("ogr2ogr not installed: GDAL not measured")
		return
	}
	for _, size := range []string{"", "10000"} {
		out := filepath.Join(dir, "out"+size+".gpkg")
		args := []string{"-f", "GPKG", out, "OAPIF:" + srv.base + "/", "clashes"}
		if size != "" {
			args = append(args, "-oo", "PAGE_SIZE="+size)
		}
		start := time.Now()
		if b, err := exec.Command(ogr, args...).CombinedOutput(); err != nil {
			t.Fatalf("ogr2ogr %v: %v\n%s", args, err, b)
		}
		took := time.Since(start)
		info, err := exec.Command("ogrinfo", "-so", out, "clashes").CombinedOutput()
		if err != nil {
			t.Fatalf("ogrinfo: %v\n%s", err, info)
		}
		m := regexp.MustCompile(`Feature Count: (\d+)`).FindSubmatch(info)
		if m == nil || string(m[1]) != strconv.Itoa(all.NumberMatched) {
			t.Errorf("ogr2ogr copied %s features, want %d", m, all.NumberMatched)
		}
		if size == "" {
			size = "GDAL's default"
		}
		fmt.Printf("ogr2ogr -f GPKG out.gpkg OAPIF:%s/ clashes, page size %s: %.1f s, %s features\n", srv.base, size, took.Seconds(), m[1])
		os.Remove(out)
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// timed gets url as a browser would (gzip accepted), checks the answer is
// gzipped JSON, and returns how long the whole body took and its size.
func timed(t *testing.T, url string) (time.Duration, int) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	req.Header.Set("Accept", "application/json")
	start := time.Now()
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	took := time.Since(start)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d %v", url, resp.StatusCode, err)
	}
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("%s: Content-Encoding %q, want gzip", url, resp.Header.Get("Content-Encoding"))
	}
	return took, len(b)
}

// fetchJSON reads url's JSON into v (gzipped on the wire, as timed checks).
func fetchJSON(t *testing.T, url string, v any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatalf("%s: not gzipped: %v", url, err)
	}
	if err := json.NewDecoder(zr).Decode(v); err != nil {
		t.Fatal(err)
	}
}
