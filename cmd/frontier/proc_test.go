//go:build load || scale

package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// procMiB reads a memory figure of process pid from /proc/PID/status
// (VmRSS for the resident memory now, VmHWM for its peak) in MiB.
func procMiB(t testing.TB, pid int, field string) float64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}
