package web

import (
	"context"
	"runtime"
	"sync/atomic"
	"time"
)

// Heavy work (a /static.png drawing costs up to a second of CPU and 25 MB
// of pixels) runs through one heavyGate: at most half the cores draw at
// once, a few requests wait their turn, and the rest are told to come back
// (503 with Retry-After) instead of piling up goroutines and memory. What
// runs, runs on an OS thread of the lowest priority (lowerPriority), so on
// a busy host the threads answering tiles and pages are scheduled first.
type heavyGate struct {
	slots   chan struct{}
	waiting atomic.Int32
	queue   int32
	wait    time.Duration
	// rejected counts the requests sent away (a metric).
	rejected atomic.Int64
}

// Defaults: half the cores (one on a 2-core host), four waiting per slot,
// and no wait longer than a few drawings.
const (
	heavyQueuePerSlot = 4
	heavyMaxWait      = 5 * time.Second
	// heavyRetryAfter is the Retry-After of a refused request, in seconds:
	// about the time the queue takes to drain.
	heavyRetryAfter = 5
)

// newHeavyGate returns a gate with slots running at once (half of
// GOMAXPROCS, at least one, when slots <= 0), queuePerSlot waiting for each
// and wait the longest any of them waits.
func newHeavyGate(slots, queuePerSlot int, wait time.Duration) *heavyGate {
	if slots <= 0 {
		slots = max(1, runtime.GOMAXPROCS(0)/2)
	}
	return &heavyGate{slots: make(chan struct{}, slots), queue: int32(slots * queuePerSlot), wait: wait}
}

// BusyError is heavy work refused because the slots and the queue are
// full, or the wait ran out. It is answered with 503 and Retry-After.
type BusyError struct{ RetryAfter int }

func (e *BusyError) Error() string { return "web: busy with other heavy requests" }

// Run runs work when a slot is free, waiting in the queue if there is room
// in it, on a goroutine of its own locked to a low-priority thread; it
// returns when work has. staticmap.Renderer runs each drawing through it,
// so what runs is bounded even when the client that asked has gone.
func (g *heavyGate) Run(ctx context.Context, work func()) error {
	release, err := g.enter(ctx)
	if err != nil {
		return err
	}
	defer release()
	var failed any
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() { failed = recover() }()
		// The goroutine ends locked to its thread, so the runtime ends
		// the thread too rather than give its low priority to others.
		runtime.LockOSThread()
		lowerPriority()
		work()
	}()
	<-done
	if failed != nil {
		panic(failed)
	}
	return nil
}

// enter takes a slot, waiting in the queue if there is room in it; the
// caller calls release when its work is done.
func (g *heavyGate) enter(ctx context.Context) (release func(), err error) {
	select {
	case g.slots <- struct{}{}:
		return g.leave, nil
	default:
	}
	if g.waiting.Add(1) > g.queue {
		g.waiting.Add(-1)
		return nil, g.busy()
	}
	defer g.waiting.Add(-1)
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return g.leave, nil
	case <-t.C:
		return nil, g.busy()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (g *heavyGate) leave() { <-g.slots }

func (g *heavyGate) busy() error {
	g.rejected.Add(1)
	return &BusyError{RetryAfter: heavyRetryAfter}
}
