//go:build unix

package web

import (
	"syscall"
	"testing"
	"time"
)

// reportCPU adds the process's CPU time per operation (user and system,
// garbage collection included) to a benchmark's results: on a machine
// shared with other work, wall-clock ns/op counts the waits for a core,
// and CPU time is what a request costs.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64((cpuTime()-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// cpuTime is the user and system CPU time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
