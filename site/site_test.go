package site

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/frontier-map/frontier/data"
	"github.com/frontier-map/frontier/seeds"
)

func seededStore(t *testing.T) *data.Store {
	t.Helper()
	ctx := context.Background()
	st, err := data.Open(ctx, filepath.Join(t.TempDir(), "frontier.gpkg"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ds, err := seeds.Load()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Replace(ctx, ds); err != nil {
		t.Fatal(err)
	}
	return st
}

// TestWrite writes a site without a public URL (links from the host's
// root) and checks what a static host would serve: the pages marked static,
// no trace of the placeholder host, the archive and the GeoJSON.
func TestWrite(t *testing.T) {
	st := seededStore(t)
	out := filepath.Join(t.TempDir(), "site")
	now := func() time.Time { return time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC) }
	stats, err := Write(context.Background(), st, Options{Out: out, MaxZoom: 6, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Tiles == 0 || stats.Files < 20 {
		t.Errorf("stats %+v", stats)
	}
	err = filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".pmtiles") || strings.HasSuffix(p, ".png") {
			return err
		}
		body, err := os.ReadFile(p)
		if strings.Contains(string(body), "frontier.invalid") {
			t.Errorf("%s names the placeholder host", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	page, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !strings.Contains(string(page), `<body data-static="true"`) || !strings.Contains(string(page), `href="/oembed.json"`) {
		t.Errorf("index.html is not marked static or lacks the oEmbed link")
	}
	var fc struct{ Features []json.RawMessage }
	raw, _ := os.ReadFile(filepath.Join(out, "data", "clashes.geojson"))
	if err := json.Unmarshal(raw, &fc); err != nil || len(fc.Features) == 0 {
		t.Errorf("clashes.geojson: %v, %d features", err, len(fc.Features))
	}
	head := make([]byte, 7)
	f, err := os.Open(filepath.Join(out, Archive))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Read(head); err != nil || string(head) != "PMTiles" {
		t.Errorf("border.pmtiles starts %q", head)
	}

	// A second export never writes over the first.
	if _, err := Write(context.Background(), st, Options{Out: out, MaxZoom: 6, Now: now}); err == nil {
		t.Error("Write wrote into a folder that was not empty")
	}
	if _, err := Write(context.Background(), st, Options{Out: filepath.Join(t.TempDir(), "x"), MinZoom: 5, MaxZoom: 3}); err == nil {
		t.Error("Write accepted zooms 5..3")
	}
}
