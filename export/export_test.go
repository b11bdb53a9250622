package export

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb/geojson"

	"github.com/frontier-map/frontier/data"
	"github.com/frontier-map/frontier/geo"
	"github.com/frontier-map/frontier/internal/teststore"
)

var now = func() time.Time { return time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC) }

// readRows reads an exported GeoJSON or CSV file back as an import would.
func readRows(t *testing.T, path string, f geo.Format, collection string, idx geo.SourceIndex) []geo.Row {
	t.Helper()
	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	rd, err := geo.NewRowReader(file, f, collection, idx)
	if err != nil {
		t.Fatalf("%s does not import back: %v", path, err)
	}
	var rows []geo.Row
	for {
		row, err := rd.Read()
		if errors.Is(err, io.EOF) {
			return rows
		}
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, row)
	}
}

// TestWriteReadsBack writes each format from a store holding the bundled
// data and reads it back: the GeoJSON and CSV import back to the stored
// values, the GeoPackage opens as a store holding them, and the archives
// hold the tiles their stats count.
func TestWriteReadsBack(t *testing.T) {
	store, ds := teststore.Seeded(t)
	ctx := context.Background()
	idx := ds.Index()
	until, err := geo.ParseInterval("../2021-12-31")
	if err != nil {
		t.Fatal(err)
	}
	early, err := store.Events(ctx, geo.Filter{Time: &until})
	if err != nil || len(early) == 0 || len(early) == len(ds.Events) {
		t.Fatalf("events up to 2021: %d of %d, %v", len(early), len(ds.Events), err)
	}
	dir := t.TempDir()
	write := func(t *testing.T, opts Options) (Stats, string) {
		t.Helper()
		opts.Out, opts.Now = filepath.Join(dir, t.Name()[len("TestWriteReadsBack/"):]), now
		st, err := Write(ctx, store, opts)
		if err != nil {
			t.Fatal(err)
		}
		return st, opts.Out
	}

	t.Run("clashes.geojson", func(t *testing.T) {
		st, out := write(t, Options{Format: "geojson", Collection: "clashes"})
		got := readRows(t, out, geo.FormatGeoJSON, "clashes", idx)
		if st.Features != len(ds.Events) || len(got) != len(ds.Events) || st.String() != strconv.Itoa(len(ds.Events))+" clashes as GeoJSON" {
			t.Fatalf("%q; read back %d of %d events", st, len(got), len(ds.Events))
		}
		stored, _ := store.Events(ctx, geo.Filter{})
		for i, row := range got {
			stored[i].CountryAtScale = "" // derived from the country polygons, not imported
			if !reflect.DeepEqual(row.Value, stored[i]) || row.Err != nil {
				t.Errorf("event %d read back as\n%+v (%v)\nstored\n%+v", i, row.Value, row.Err, stored[i])
			}
		}
	})
	t.Run("early.geojson", func(t *testing.T) {
		st, out := write(t, Options{Format: "geojson", Collection: "clashes", Time: &until})
		if got := readRows(t, out, geo.FormatGeoJSON, "clashes", idx); st.Features != len(early) || len(got) != len(early) {
			t.Errorf("%q; read back %d, want the %d up to 2021", st, len(got), len(early))
		}
	})
	t.Run("frontier.geojson", func(t *testing.T) {
		st, out := write(t, Options{Format: "geojson", Collection: "frontier"})
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		fc, err := geojson.UnmarshalFeatureCollection(b)
		if err != nil || len(fc.Features) != len(ds.Segments) || st.Features != len(ds.Segments) {
			t.Errorf("%q: %d features, want %d segments (%v)", st, len(fc.Features), len(ds.Segments), err)
		}
	})
	t.Run("clashes.csv", func(t *testing.T) {
		st, out := write(t, Options{Format: "csv", Time: &until})
		got := readRows(t, out, geo.FormatACLED, "clashes", idx)
		if st.Features != len(early) || len(got) != len(early) || st.String() != strconv.Itoa(len(early))+" clashes as ACLED-layout CSV" {
			t.Fatalf("%q; read back %d, want %d", st, len(got), len(early))
		}
		for i, row := range got {
			// Every event imports back, the unlocated ones too.
			if e, ok := row.Value.(geo.Event); row.Err != nil || !ok || e.ID != early[i].ID || (e.Location == nil) != (early[i].Location == nil) {
				t.Errorf("line %d: %+v (%v), want %s", row.Line, row.Value, row.Err, early[i].ID)
			}
		}
	})
	t.Run("copy.gpkg", func(t *testing.T) {
		st, out := write(t, Options{Format: "gpkg", Time: &until})
		cp, err := data.Open(ctx, out)
		if err != nil {
			t.Fatal(err)
		}
		defer cp.Close()
		got, err := cp.Dataset(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Segments) != len(ds.Segments) || len(got.Events) != len(early) || len(got.Places) != len(ds.Places) ||
			st.Segments != len(ds.Segments) || st.Clashes != len(early) || st.Deployments != len(got.Deployments) {
			t.Errorf("%q: the copy holds %d segments, %d events, %d places", st, len(got.Segments), len(got.Events), len(got.Places))
		}
	})
	t.Run("border.mbtiles", func(t *testing.T) {
		st, out := write(t, Options{Format: "mbtiles", MinZoom: 2, MaxZoom: 6})
		meta, zooms, err := data.MBTilesInfo(ctx, out)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, c := range zooms {
			n += c
		}
		if n != st.Tiles || st.Tiles == 0 || len(zooms) != 5 || meta["minzoom"] != "2" || meta["maxzoom"] != "6" {
			t.Errorf("%q: %d tiles at zooms %v, metadata %v", st, n, zooms, meta)
		}
	})
	t.Run("border.pmtiles", func(t *testing.T) {
		st, out := write(t, Options{Format: "pmtiles", MinZoom: 2, MaxZoom: 6})
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) < 127 || string(b[:7]) != "PMTiles" || b[7] != 3 || b[100] != 2 || b[101] != 6 || st.Tiles == 0 {
			t.Errorf("%q: the file starts %q", st, b[:min(len(b), 8)])
		}
		if want := "tiles (z2–z6, "; !strings.Contains(st.String(), want) {
			t.Errorf("%q does not say %q", st, want)
		}
	})
}

// TestWriteRefuses: Write leaves no file behind when it cannot write one,
// and never writes over a file that is there.
func TestWriteRefuses(t *testing.T) {
	store, _ := teststore.Seeded(t)
	dir := t.TempDir()
	there := filepath.Join(dir, "there.geojson")
	if err := os.WriteFile(there, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		opts Options
		is   error
	}{
		{"an unknown format", nil, Options{Format: "shp"}, ErrOptions},
		{"an unknown collection", nil, Options{Format: "geojson", Collection: "roads"}, ErrOptions},
		{"deployments as CSV", nil, Options{Format: "csv", Collection: "deployments"}, ErrOptions},
		{"zooms the wrong way", nil, Options{Format: "pmtiles", MinZoom: 5, MaxZoom: 3}, ErrOptions},
		{"zooms past 14", nil, Options{Format: "mbtiles", MaxZoom: 15}, ErrOptions},
		{"a file that is there", nil, Options{Format: "geojson", Collection: "clashes", Out: there}, fs.ErrExist},
		{"a cancelled GeoJSON", cancelled, Options{Format: "geojson", Collection: "clashes"}, context.Canceled},
		{"a cancelled CSV", cancelled, Options{Format: "csv"}, context.Canceled},
		{"a cancelled GeoPackage", cancelled, Options{Format: "gpkg"}, context.Canceled},
		{"a cancelled MBTiles", cancelled, Options{Format: "mbtiles", MaxZoom: 4}, context.Canceled},
		{"a cancelled PMTiles", cancelled, Options{Format: "pmtiles", MaxZoom: 4}, context.Canceled},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := tt.ctx
			if ctx == nil {
				ctx = context.Background()
			}
			if tt.opts.Out == "" {
				tt.opts.Out = filepath.Join(dir, strconv.Itoa(i))
			}
			_, err := Write(ctx, store, tt.opts)
			if !errors.Is(err, tt.is) {
				t.Fatalf("Write: %v, want %v", err, tt.is)
			}
			if b, err := os.ReadFile(tt.opts.Out); tt.opts.Out == there && string(b) != "keep" {
				t.Errorf("the file there was changed: %q %v", b, err)
			} else if tt.opts.Out != there && !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("a failed export left %s", tt.opts.Out)
			}
		})
	}
}
