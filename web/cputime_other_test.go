//go:build !unix

package web

import (
	"testing"
	"time"
)

// reportCPU reports nothing where getrusage is missing.
func reportCPU(*testing.B, time.Duration) {}

func cpuTime() time.Duration { return 0 }
