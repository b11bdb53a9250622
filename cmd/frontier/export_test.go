package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/protomaps/go-pmtiles/pmtiles"

	"github.com/frontier-map/frontier/data"
	"github.com/frontier-map/frontier/geo"
	"github.com/frontier-map/frontier/internal/testtool"
	"github.com/frontier-map/frontier/tiles"
)

// TestExportOpensInTools writes every export format from a store with the
// bundled data and an imported ACLED file, and opens each in the tool a
// reader would: GDAL's ogrinfo for GeoJSON, CSV, GeoPackage and MBTiles,
// go-pmtiles for PMTiles. The counts and zooms must be what was asked.
func TestExportOpensInTools(t *testing.T) {
	db := seededStore(t)
	dir := t.TempDir()
	var rows strings.Builder
	rows.WriteString(acledCSVHeader)
	for i := range 50 {
		rows.WriteString(acledLine("EXP"+strconv.Itoa(i), "2023-0"+strconv.Itoa(1+i%9)+"-10", strconv.FormatFloat(39.80+float64(i)/500, 'f', 4, 64), i%3))
	}
	csv := writeFile(t, dir, "in.csv", rows.String())
	if _, e, err := frontierCmd(t, "import", csv, "--db", db); err != nil {
		t.Fatalf("import: %v %s", err, e)
	}
	st := openStore(t, db)
	ctx := context.Background()
	all, err := st.Events(ctx, geo.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	iv, _ := geo.ParseInterval("../2023-05-31")
	upTo, _ := st.Events(ctx, geo.Filter{Time: &iv})
	if len(upTo) == len(all) || len(upTo) == 0 {
		t.Fatalf("the datetime should select some events: %d of %d", len(upTo), len(all))
	}

	out := func(name string) string { return filepath.Join(dir, name) }
	for _, args := range [][]string{
		{"--format", "geojson", "--out", out("c.geojson")},
		{"--format", "geojson", "--out", out("c-upto.geojson"), "--datetime", "../2023-05-31"},
		{"--format", "geojson", "--collection", "frontier", "--out", out("f.geojson")},
		{"--format", "csv", "--out", out("c.csv")},
		{"--format", "gpkg", "--out", out("x.gpkg")},
		{"--format", "mbtiles", "--out", out("t.mbtiles"), "--minzoom", "3", "--maxzoom", "9"},
		{"--format", "pmtiles", "--out", out("t.pmtiles"), "--minzoom", "3", "--maxzoom", "9"},
	} {
		if o, e, err := frontierCmd(t, append([]string{"export", "--db", db}, args...)...); err != nil {
			t.Fatalf("export %v: %v\n%s%s", args, err, o, e)
		} else if !strings.Contains(e, "100%") && strings.Contains(args[1], "tiles") {
			t.Errorf("export %v: no progress on stderr: %q", args, e)
		}
	}
	if _, _, err := frontierCmd(t, "export", "--db", db, "--format", "csv", "--out", out("c.csv")); err == nil {
		t.Error("export overwrote a file")
	}

	// The expected tiles: what the renderer draws over the data's bounds.
	r := tiles.NewRenderer(st, tiles.Options{})
	want := map[uint32]int{}
	var sink countSink
	st2, err := r.WriteArchive(ctx, &sink, tiles.ArchiveOptions{MinZoom: 3, MaxZoom: 9, AsOf: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	for z, n := range st2.Zooms {
		want[z] = n
	}
	if len(want) != 7 {
		t.Fatalf("want tiles at 7 zooms, the renderer drew %v", want)
	}

	t.Run("pmtiles", func(t *testing.T) {
		var show bytes.Buffer
		if err := pmtiles.Show(nil, &show, "", out("t.pmtiles"), true, false, false, "", false, 0, 0, 0); err != nil {
			t.Fatalf("pmtiles show: %v", err)
		}
		var h map[string]any
		if err := json.Unmarshal(show.Bytes(), &h); err != nil {
			t.Fatalf("show: %v\n%s", err, show.String())
		}
		if h["minzoom"] != 3.0 || h["maxzoom"] != 9.0 || h["tile_type"] != "mvt" || h["tile_compression"] != "gzip" {
			t.Errorf("pmtiles show: header %v", h)
		}
		f, err := os.ReadFile(out("t.pmtiles"))
		if err != nil {
			t.Fatal(err)
		}
		hdr, err := pmtiles.DeserializeHeader(f[:pmtiles.HeaderV3LenBytes])
		if err != nil {
			t.Fatal(err)
		}
		if hdr.AddressedTilesCount != uint64(st2.Tiles) || hdr.MinZoom != 3 || hdr.MaxZoom != 9 {
			t.Errorf("pmtiles header: %d tiles z%d–z%d, want %d z3–z9", hdr.AddressedTilesCount, hdr.MinZoom, hdr.MaxZoom, st2.Tiles)
		}
		got := map[uint32]int{}
		err = pmtiles.IterateEntries(hdr, func(off, n uint64) ([]byte, error) { return f[off : off+n], nil }, func(e pmtiles.EntryV3) {
			z, _, _ := pmtiles.IDToZxy(e.TileID)
			got[uint32(z)] += int(e.RunLength)
		})
		if err != nil {
			t.Fatal(err)
		}
		if !equalCounts(got, want) {
			t.Errorf("pmtiles tiles per zoom %v, want %v", got, want)
		}
	})
	t.Run("mbtiles metadata", func(t *testing.T) {
		meta, zooms, err := data.MBTilesInfo(ctx, out("t.mbtiles"))
		if err != nil {
			t.Fatal(err)
		}
		if !equalCounts(zooms, want) {
			t.Errorf("mbtiles tiles per zoom %v, want %v", zooms, want)
		}
		if meta["format"] != "pbf" || meta["minzoom"] != "3" || meta["maxzoom"] != "9" || !strings.Contains(meta["json"], `"vector_layers"`) ||
			len(strings.Split(meta["bounds"], ",")) != 4 || len(strings.Split(meta["center"], ",")) != 3 {
			t.Errorf("metadata %v", meta)
		}
	})

	ogrinfo := testtool.GDAL(t, "ogrinfo")
	count := func(t *testing.T, args ...string) map[string]int {
		t.Helper()
		o, err := exec.Command(ogrinfo, append([]string{"-ro", "-so", "-al"}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("ogrinfo %v: %v\n%s", args, err, o)
		}
		if strings.Contains(string(o), "ERROR") {
			t.Errorf("ogrinfo %v reported errors:\n%s", args, o)
		}
		counts := map[string]int{}
		re := regexp.MustCompile(`(?m)^Layer name: (\S+)\n(?:.*\n)*?Feature Count: (\d+)`)
		for _, m := range re.FindAllStringSubmatch(string(o), -1) {
			n, _ := strconv.Atoi(m[2])
			counts[m[1]] = n
		}
		return counts
	}
	segs, _ := st.Segments(ctx, geo.Filter{})
	tests := []struct {
		file  string
		args  []string
		layer string
		want  int
	}{
		{"c.geojson", nil, "c", len(all)},
		{"c-upto.geojson", nil, "c-upto", len(upTo)},
		{"f.geojson", nil, "f", len(segs)},
		{"c.csv", nil, "c", len(all)},
		{"x.gpkg", nil, "clashes", len(all)},
		{"x.gpkg", nil, "frontier", len(segs)},
	}
	for _, tt := range tests {
		t.Run("ogrinfo "+tt.file+" "+tt.layer, func(t *testing.T) {
			if got := count(t, append(tt.args, out(tt.file))...)[tt.layer]; got != tt.want {
				t.Errorf("ogrinfo counts %d features in %s, want %d", got, tt.layer, tt.want)
			}
		})
	}
	t.Run("ogrinfo mbtiles", func(t *testing.T) {
		o, err := exec.Command(ogrinfo, "-ro", "-so", out("t.mbtiles")).CombinedOutput()
		if err != nil {
			t.Fatalf("ogrinfo: %v\n%s", err, o)
		}
		for _, layer := range []string{"frontier", "clashes", "countries"} {
			if !strings.Contains(string(o), ": "+layer) {
				t.Errorf("ogrinfo lists no %s layer:\n%s", layer, o)
			}
		}
		// GDAL reads the zoom levels from the metadata and the tiles table.
		o, err = exec.Command(ogrinfo, "-ro", "-so", "-oo", "ZOOM_LEVEL=9", out("t.mbtiles"), "clashes").CombinedOutput()
		if err != nil || !regexp.MustCompile(`Feature Count: [1-9]`).Match(o) {
			t.Errorf("ogrinfo clashes at z9: %v\n%s", err, o)
		}
	})
}

type countSink struct{ n int }

func (c *countSink) Put(context.Context, tiles.Key, []byte) error { c.n++; return nil }

func equalCounts(a, b map[uint32]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
