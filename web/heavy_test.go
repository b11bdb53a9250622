package web

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestHeavyGate: one slot and one place in the queue. The second request
// waits and starts when the first ends; a third, with the queue full, is
// refused at once; a waiter whose wait runs out is refused too.
func TestHeavyGate(t *testing.T) {
	g := newHeavyGate(1, 1, time.Minute)
	ctx := context.Background()
	release, err := g.enter(ctx)
	if err != nil {
		t.Fatal(err)
	}
	second := make(chan error, 1)
	go func() {
		rel, err := g.enter(ctx)
		if err == nil {
			rel()
		}
		second <- err
	}()
	waitFor(t, func() bool { return g.waiting.Load() == 1 })
	var busy *BusyError
	if _, err := g.enter(ctx); !errors.As(err, &busy) || busy.RetryAfter <= 0 {
		t.Fatalf("third request with the queue full: %v, want a BusyError with Retry-After", err)
	}
	select {
	case err := <-second:
		t.Fatalf("the second request ran while the slot was taken (%v)", err)
	case <-time.After(20 * time.Millisecond):
	}
	release()
	if err := <-second; err != nil {
		t.Fatalf("second request after the first ended: %v", err)
	}

	short := newHeavyGate(1, 1, 10*time.Millisecond)
	rel, _ := short.enter(ctx)
	defer rel()
	if _, err := short.enter(ctx); !errors.As(err, &busy) {
		t.Fatalf("a wait that ran out: %v, want a BusyError", err)
	}
	if short.rejected.Load() != 1 {
		t.Errorf("rejected %d, want 1", short.rejected.Load())
	}
}

// TestStaticPNGBusy: while every drawing slot is taken and nobody may
// wait, a picture not yet drawn is a 503 problem with Retry-After, counted
// in /metrics; a request already in the queue is drawn once a slot frees.
func TestStaticPNGBusy(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	s := h.(*Server)
	for range cap(s.heavy.slots) {
		s.heavy.slots <- struct{}{}
	}
	queue := s.heavy.queue
	s.heavy.queue = 0
	rec := get(t, h, "/static.png?width=300&height=200")
	wantStatus(t, rec, http.StatusServiceUnavailable, "application/problem+json")
	if ra := rec.Header().Get("Retry-After"); ra != "5" {
		t.Errorf("Retry-After %q, want 5", ra)
	}
	if rec.Header().Get("ETag") != "" {
		t.Error("a 503 carries the picture's ETag")
	}
	if p := decodeBody[problem](t, rec); !strings.Contains(p.Detail, "try again") {
		t.Errorf("problem %+v", p)
	}
	if m := get(t, h, "/metrics").Body.String(); !strings.Contains(m, "frontier_heavy_rejected_total 1") {
		t.Error("/metrics does not count the refused picture")
	}

	s.heavy.queue = queue
	done := make(chan *httptest.ResponseRecorder, 1)
	go func() { done <- get(t, h, "/static.png?width=300&height=200") }()
	waitFor(t, func() bool { return s.heavy.waiting.Load() == 1 })
	for range cap(s.heavy.slots) {
		<-s.heavy.slots
	}
	decodePNG(t, <-done)
}

// waitFor polls cond for up to ten seconds.
func waitFor(tb testing.TB, cond func() bool) {
	tb.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			tb.Fatal("condition not reached in 10 s")
		}
	}
}
