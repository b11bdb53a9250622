package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestBinaryLinksNoCloudClients lists the packages bin/frontier links and
// fails on any cloud storage or telemetry client: they came in once through
// go-pmtiles (now a test-only oracle) and were half of a 58 MB binary.
func TestBinaryLinksNoCloudClients(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	banned := []string{
		"github.com/protomaps/go-pmtiles", "gocloud.dev", "github.com/aws/", "github.com/Azure/",
		"cloud.google.com/", "google.golang.org/grpc", "go.opentelemetry.io/", "modernc.org/sqlite", "zombiezen.com/",
	}
	for _, pkg := range strings.Fields(string(out)) {
		for _, b := range banned {
			if strings.HasPrefix(pkg, b) {
				t.Errorf("bin/frontier links %s", pkg)
			}
		}
	}
}
