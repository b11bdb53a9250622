// Package testtool finds the outside programs some tests drive, GDAL's
// ogrinfo and ogr2ogr, which read Frontier's output as QGIS does.
package testtool

import (
	"os"
	"os/exec"
	"testing"
)

// RequireGDAL is the variable that makes a missing GDAL program a failure
// rather than a skip. .ci/run sets it, so CI cannot pass by skipping.
const RequireGDAL = "FRONTIER_REQUIRE_GDAL"

// GDAL returns the path of the GDAL program name. Where it is not installed
// the test is skipped, unless RequireGDAL is set: then it fails.
func GDAL(tb testing.TB, name string) string {
	tb.Helper()
	return look(tb, name, os.Getenv)
}

func look(tb testing.TB, name string, getenv func(string) string) string {
	tb.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if getenv(RequireGDAL) != "" {
		tb.Fatalf("%s not found, and %s is set", name, RequireGDAL)
	}
	tb.Skipf("%s not installed (apt-get install gdal-bin)", name)
	return ""
}
