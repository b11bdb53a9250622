package web

import (
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/frontier-map/frontier/internal/testtool"
)

// TestGDAL reads the service the way GIS desks do, with GDAL's OAPIF
// driver over a real socket: every collection is listed, each reports the
// feature count the items resource gives, -spat returns the bbox subset,
// and ogr2ogr copies the frontier with its properties. It is skipped where
// GDAL is not installed (CI installs gdal-bin).
func TestGDAL(t *testing.T) {
	ogrinfo := testtool.GDAL(t, "ogrinfo")
	h := newTestServer(t, newTestStore(t))
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	ds := "OAPIF:" + srv.URL + "/"
	run := func(t *testing.T, name string, args ...string) string {
		t.Helper()
		out, err := exec.CommandContext(t.Context(), name, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
		return string(out)
	}
	count := func(t *testing.T, out string) int {
		t.Helper()
		m := regexp.MustCompile(`Feature Count: (\d+)`).FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("no feature count in\n%s", out)
		}
		n, _ := strconv.Atoi(m[1])
		return n
	}

	list := run(t, ogrinfo, "-ro", "-q", ds)
	for _, id := range collectionIDs {
		if !strings.Contains(list, ": "+id+" ") {
			t.Errorf("ogrinfo does not list %s:\n%s", id, list)
		}
	}
	for _, id := range collectionIDs {
		t.Run(id, func(t *testing.T) {
			want := getItems(t, h, "/collections/"+id+"/items?limit=10000").NumberMatched
			if got := count(t, run(t, ogrinfo, "-ro", "-so", ds, id)); got != want {
				t.Errorf("ogrinfo counts %d, items %d", got, want)
			}
			sub := getItems(t, h, "/collections/"+id+"/items?limit=10000&bbox=70.4,39.8,70.7,40").NumberMatched
			if got := count(t, run(t, ogrinfo, "-ro", "-so", "-spat", "70.4", "39.8", "70.7", "40", ds, id)); got != sub {
				t.Errorf("ogrinfo -spat counts %d, items with bbox %d", got, sub)
			}
		})
	}
	t.Run("ogr2ogr", func(t *testing.T) {
		ogr2ogr := testtool.GDAL(t, "ogr2ogr")
		out := filepath.Join(t.TempDir(), "out.gpkg")
		run(t, ogr2ogr, "-f", "GPKG", out, ds, "frontier")
		info := run(t, ogrinfo, "-ro", "-so", out, "frontier")
		want := getItems(t, h, "/collections/frontier/items?limit=10000").NumberMatched
		if got := count(t, info); got != want {
			t.Errorf("copied %d features, want %d", got, want)
		}
		for _, field := range []string{"sector:", "status:", "status_history:", "sources:", "length_km:"} {
			if !strings.Contains(info, field) {
				t.Errorf("the copy lacks the field %s\n%s", field, info)
			}
		}
	})
}
