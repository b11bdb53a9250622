package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb/geojson"

	"github.com/frontier-map/frontier/geo"
	"github.com/frontier-map/frontier/internal/testtool"
)

// server is a running `frontier serve` on a free loopback port.
type server struct {
	base string
	dir  string
	db   string
}

// syncBuffer collects the server's log lines across goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// startServer runs the program as a user would, in an empty folder, and
// waits for /healthz. It stops the server when the test ends and checks that
// it shut down cleanly.
func startServer(t *testing.T, extra ...string) *server {
	t.Helper()
	dir := t.TempDir()
	addr := freeAddr(t)
	s := &server{base: "http://" + addr, dir: dir, db: filepath.Join(dir, "frontier.gpkg")}
	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncBuffer{}
	done := make(chan error, 1)
	args := append([]string{"serve", "--addr", addr, "--db", s.db}, extra...)
	go func() { done <- run(ctx, args, func(string) string { return "" }, logs, logs) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve returned %v after shutdown; logs:\n%s", err, logs)
			}
		case <-time.After(15 * time.Second):
			t.Error("serve did not stop within 15 s of its context ending")
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		select {
		case err := <-done:
			t.Fatalf("serve stopped early: %v; logs:\n%s", err, logs)
		default:
		}
		resp, err := http.Get(s.base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no healthy server within 60 s; logs:\n%s", logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (s *server) get(t *testing.T, path string, v any) *http.Response {
	t.Helper()
	resp, err := http.Get(s.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s: %s", path, resp.Status, body)
	}
	if v != nil {
		if err := json.Unmarshal(body, v); err != nil {
			t.Fatalf("GET %s: %v in %.200s", path, err, body)
		}
	}
	return resp
}

func sourcesOf(f *geojson.Feature) []map[string]any {
	var out []map[string]any
	list, _ := f.Properties["sources"].([]any)
	for _, s := range list {
		if m, ok := s.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func TestServeBundledData(t *testing.T) {
	s := startServer(t)
	if _, err := os.Stat(s.db); err != nil {
		t.Fatalf("serve did not write the store: %v", err)
	}

	var frontier geojson.FeatureCollection
	s.get(t, "/collections/frontier/items?datetime=2023-09-01&limit=10000", &frontier)
	if len(frontier.Features) == 0 {
		t.Fatal("no frontier segments")
	}
	var total, contested float64
	for _, f := range frontier.Features {
		if f.Geometry == nil || f.Geometry.GeoJSONType() != "LineString" {
			t.Errorf("%v: geometry %v, want a LineString", f.ID, f.Geometry)
			continue
		}
		status := f.Properties.MustString("status", "")
		if status != "contested" && status != "delimited" {
			t.Errorf("%v: status %q", f.ID, status)
		}
		if f.Properties.MustString("sector", "") == "" {
			t.Errorf("%v: no sector", f.ID)
		}
		srcs := sourcesOf(f)
		if len(srcs) == 0 || srcs[0]["url"] == nil {
			t.Errorf("%v: sources %v, want at least one with a url", f.ID, f.Properties["sources"])
		}
		km := geo.LengthKm(f.Geometry)
		total += km
		if status == "contested" {
			contested += km
		}
	}
	if total < 780 || total > 1000 {
		t.Errorf("frontier length %.1f km, want 780..1000", total)
	}
	if share := contested / total; share < 0.25 || share > 0.40 {
		t.Errorf("contested share %.3f at 2023-09-01, want 0.25..0.40", share)
	}

	var after geojson.FeatureCollection
	s.get(t, "/collections/frontier/items?datetime=2025-04-01&limit=10000", &after)
	if len(after.Features) != len(frontier.Features) {
		t.Errorf("2025-04-01: %d segments, want %d", len(after.Features), len(frontier.Features))
	}
	for _, f := range after.Features {
		if st := f.Properties.MustString("status", ""); st != "delimited" {
			t.Errorf("2025-04-01: %v is %q, want delimited", f.ID, st)
		}
	}

	var stats struct {
		OfficialLengthKm     float64            `json:"official_length_km"`
		OfficialLengthSource map[string]any     `json:"official_length_source"`
		MeasuredLengthKm     float64            `json:"measured_length_km"`
		Km                   map[string]float64 `json:"km"`
		Share                map[string]float64 `json:"share"`
	}
	s.get(t, "/stats?datetime=2023-09-01", &stats)
	if stats.OfficialLengthKm != 972 || stats.OfficialLengthSource["url"] == nil {
		t.Errorf("stats official length %v from %v, want 972 with a sourced url", stats.OfficialLengthKm, stats.OfficialLengthSource)
	}
	if d := stats.MeasuredLengthKm - total; d > 0.5 || d < -0.5 {
		t.Errorf("stats measured %.1f km, the items add up to %.1f", stats.MeasuredLengthKm, total)
	}
	if d := stats.Share["contested"] - contested/total; d > 0.005 || d < -0.005 {
		t.Errorf("stats contested share %.3f, the items give %.3f", stats.Share["contested"], contested/total)
	}

	var clashes geojson.FeatureCollection
	s.get(t, "/collections/clashes/items?limit=10000", &clashes)
	if len(clashes.Features) < 12 {
		t.Errorf("%d clash events, want at least 12", len(clashes.Features))
	}
	days := map[string]bool{}
	for _, f := range clashes.Features {
		start := f.Properties.MustString("date_start", "")
		days[start] = true
		if start == "" || f.Properties["time_precision"] == nil || f.Properties["geo_precision"] == nil {
			t.Errorf("%v: dates or precisions missing: %v", f.ID, f.Properties)
		}
		if len(sourcesOf(f)) == 0 {
			t.Errorf("%v: no sources", f.ID)
		}
	}
	for _, d := range []string{"2021-04-29", "2022-01-27", "2022-09-16"} {
		if !days[d] {
			t.Errorf("no clash event on %s", d)
		}
	}

	var deps geojson.FeatureCollection
	s.get(t, "/collections/deployments/items?limit=10000", &deps)
	found := false
	for _, f := range deps.Features {
		if !strings.Contains(f.Properties.MustString("system", ""), "Pechora") {
			continue
		}
		found = true
		claims, _ := f.Properties["status_claims"].([]any)
		months := map[string]bool{}
		for _, c := range claims {
			if m, ok := c.(map[string]any); ok {
				d, _ := m["date"].(string)
				if len(d) >= 7 {
					months[d[:7]] = true
				}
			}
		}
		if !months["2023-04"] || !(months["2023-02"] || months["2023-03"]) {
			t.Errorf("Pechora-2BM claims %v: want the April 2023 claim and the Feb–Mar 2023 one", months)
		}
	}
	if !found {
		t.Error("no Belarusian air defence (Pechora-2BM) among the deployments")
	}
}

// TestGeoPackageOpensInGDAL is the check a GIS user makes first: ogrinfo
// lists the layers of the file the server wrote, with their features.
func TestGeoPackageOpensInGDAL(t *testing.T) {
	ogrinfo := testtool.GDAL(t, "ogrinfo")
	s := startServer(t)
	want := map[string]int{}
	for _, coll := range []string{"frontier", "clashes", "deployments", "countries", "places"} {
		var fc geojson.FeatureCollection
		s.get(t, "/collections/"+coll+"/items?limit=10000", &fc)
		want[coll] = len(fc.Features)
	}
	out, err := exec.Command(ogrinfo, "-ro", "-so", "-al", s.db).CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo: %v\n%s", err, out)
	}
	counts := map[string]int{}
	re := regexp.MustCompile(`(?m)^Layer name: (\w+)\n(?:.*\n)*?Feature Count: (\d+)`)
	for _, m := range re.FindAllStringSubmatch(string(out), -1) {
		n, _ := strconv.Atoi(m[2])
		counts[m[1]] = n
	}
	for coll, n := range want {
		if counts[coll] != n {
			t.Errorf("ogrinfo: layer %s has %d features, the server serves %d", coll, counts[coll], n)
		}
	}
	if strings.Contains(string(out), "ERROR") {
		t.Errorf("ogrinfo reported errors:\n%s", out)
	}
}

func TestCommandLine(t *testing.T) {
	dir := t.TempDir()
	notGpkg := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notGpkg, bytes.Repeat([]byte("my notes\n"), 200), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		code int
		says string
	}{
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"unknown flag", []string{"serve", "--nope"}, 2, "flag provided but not defined"},
		{"bad log level", []string{"serve", "--log-level", "loud", "--db", filepath.Join(dir, "x.gpkg")}, 2, "bad --log-level"},
		{"bad public url", []string{"serve", "--public-url", "not a url", "--db", filepath.Join(dir, "y.gpkg")}, 2, "public"},
		{"bad embed origin", []string{"serve", "--embed-origins", "https://ok.example,news.example.org/path", "--db", filepath.Join(dir, "y.gpkg")}, 2, "news.example.org/path"},
		{"a file that is not a GeoPackage", []string{"serve", "--db", notGpkg, "--addr", "127.0.0.1:0"}, 1, "not a readable SQLite database"},
		{"seed twice without --force", []string{"seed", "--db", filepath.Join(dir, "z.gpkg")}, 0, "seeded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := run(context.Background(), tt.args, func(string) string { return "" }, &out, &out)
			code := 0
			if err != nil {
				code = exitCode(err)
				fmt.Fprintln(&out, err)
			}
			if code != tt.code || !strings.Contains(out.String(), tt.says) {
				t.Errorf("exit %d, output %q; want exit %d saying %q", code, out.String(), tt.code, tt.says)
			}
		})
	}
	before, _ := os.ReadFile(notGpkg)
	if !bytes.Contains(before, []byte("my notes")) || len(before) != 9*200 {
		t.Error("serve changed a file that was not a GeoPackage")
	}
	var out bytes.Buffer
	err := run(context.Background(), []string{"seed", "--db", filepath.Join(dir, "z.gpkg")}, func(string) string { return "" }, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("second seed: %v, want a refusal naming --force", err)
	}
}
