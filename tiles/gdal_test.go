package tiles

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/frontier-map/frontier/internal/testtool"
)

// TestGDALReadsTiles opens tiles with GDAL's MVT driver, as QGIS does, and
// checks it sees the layers and features orb decodes. It needs ogrinfo
// (Debian's gdal-bin): see testtool.GDAL.
func TestGDALReadsTiles(t *testing.T) {
	ogrinfo := testtool.GDAL(t, "ogrinfo")
	r := NewRenderer(seedSource(t), Options{})
	layer := regexp.MustCompile(`(?m)^Layer name: (\w+)\n(?:.*\n)*?Feature Count: (\d+)`)
	for _, k := range []Key{keyAt(batken, 6), keyAt(vorukh, 10), keyAt(kokTash, 12)} {
		t.Run(k.String(), func(t *testing.T) {
			tl := tile(t, r, k, goldenAsOf)
			want := map[string]int{}
			for name, l := range decode(t, tl) {
				want[name] = len(l.Features)
			}
			// GDAL reads the tile's place from its path, z/x/y.mvt.
			path := filepath.Join(t.TempDir(), fmt.Sprint(k.Z), fmt.Sprint(k.X), fmt.Sprint(k.Y)+".mvt")
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, tl.Raw, 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(ogrinfo, "-ro", "-so", "-al", path).CombinedOutput()
			if err != nil {
				t.Fatalf("ogrinfo: %v\n%s", err, out)
			}
			got := map[string]int{}
			for _, m := range layer.FindAllStringSubmatch(string(out), -1) {
				got[m[1]], _ = strconv.Atoi(m[2])
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("GDAL sees %v, want %v\n%s", got, want, out)
			}
		})
	}
}
