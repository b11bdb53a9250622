package tiles

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func TestTileJSON(t *testing.T) {
	src := seedSource(t)
	r := NewRenderer(src, Options{})
	tests := []struct {
		name      string
		opts      TileJSONOptions
		wantTiles string
		wantAbout string
	}{
		{
			"plain",
			TileJSONOptions{BaseURL: "https://frontier.example.org/"},
			"https://frontier.example.org/tiles/border/{z}/{x}/{y}.mvt",
			`href="https://frontier.example.org/about"`,
		},
		{
			"behind a proxy, with a datetime",
			TileJSONOptions{BaseURL: "https://example.org/maps/frontier", Datetime: "2022-09-16T12:00:00+05:00"},
			"https://example.org/maps/frontier/tiles/border/{z}/{x}/{y}.mvt?datetime=2022-09-16T12%3A00%3A00%2B05%3A00",
			`href="https://example.org/maps/frontier/about"`,
		},
		{
			"an interval",
			TileJSONOptions{BaseURL: "http://localhost:8080", Datetime: "../2025-04-01"},
			"http://localhost:8080/tiles/border/{z}/{x}/{y}.mvt?datetime=..%2F2025-04-01",
			`href="http://localhost:8080/about"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tj, err := r.TileJSON(context.Background(), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if tj.TileJSON != "3.0.0" || len(tj.Tiles) != 1 || tj.Tiles[0] != tt.wantTiles {
				t.Errorf("tilejson %q tiles %q, want 3.0.0 and %q", tj.TileJSON, tj.Tiles, tt.wantTiles)
			}
			if !strings.Contains(tj.Attribution, "Natural Earth") || !strings.Contains(tj.Attribution, tt.wantAbout) {
				t.Errorf("attribution %q names no Natural Earth or no %s", tj.Attribution, tt.wantAbout)
			}
		})
	}

	tj, err := r.TileJSON(context.Background(), TileJSONOptions{BaseURL: "http://x"})
	if err != nil {
		t.Fatal(err)
	}
	if tj.MinZoom != 0 || tj.MaxZoom != MaxZoom {
		t.Errorf("zooms %d–%d, want 0–%d", tj.MinZoom, tj.MaxZoom, MaxZoom)
	}
	b := tj.Bounds
	fb := frontierBound(src)
	if b[0] > fb.Min[0] || b[1] > fb.Min[1] || b[2] < fb.Max[0] || b[3] < fb.Max[1] {
		t.Errorf("bounds %v do not hold the frontier %v", b, fb)
	}
	c := tj.Center
	if !fb.Contains([2]float64{c[0], c[1]}) || c[2] < 6 || c[2] > 10 {
		t.Errorf("center %v: want on the frontier %v at a zoom that shows all of it", c, fb)
	}
	var ids []string
	for _, vl := range tj.VectorLayers {
		ids = append(ids, vl.ID)
		if vl.Description == "" || len(vl.Fields) == 0 || vl.MaxZoom != MaxZoom {
			t.Errorf("layer %+v lacks a description, fields or zooms", vl)
		}
		for name, typ := range vl.Fields {
			if typ != FieldString && typ != FieldNumber && typ != FieldBoolean {
				t.Errorf("layer %s field %s has type %q", vl.ID, name, typ)
			}
		}
	}
	if got := strings.Join(ids, ","); got != "countries,frontier,deployments,clashes,places" {
		t.Errorf("vector_layers %s", got)
	}
	if st := tj.VectorLayers[1].Fields["status"]; st != FieldString {
		t.Errorf("frontier status field is %q", st)
	}
	raw, err := json.Marshal(tj)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"tilejson":"3.0.0"`, `"vector_layers":[`, `"bounds":[`, `"center":[`, `"minzoom":0`, `"maxzoom":14`} {
		if !strings.Contains(string(raw), key) {
			t.Errorf("JSON lacks %s: %s", key, raw)
		}
	}
}
