package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"os/exec"

	"github.com/paulmach/orb"

	"github.com/frontier-map/frontier/data"
	"github.com/frontier-map/frontier/geo"
)

// addDrafts drafts n made-up events dated 2030, as author, straight into
// the store at path: test data for volume, never served as news.
func addDrafts(t *testing.T, path, author string, n int) {
	t.Helper()
	ctx := context.Background()
	st, err := data.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	clashes, _ := geo.LookupCollection("clashes")
	day, _ := geo.ParseDate("2030-06-01")
	for i := range n {
		p := orb.Point{70 + float64(i%100)/100, 39.5 + float64(i/100)/1000}
		e := geo.Event{ID: fmt.Sprintf("draft-%05d", i), Title: "test event " + strings.Repeat("x", 600),
			DateStart: day, DateEnd: day, TimePrecision: geo.PrecisionDay, Location: &p, GeoPrecision: geo.NearPlace,
			LocationBasis: "test point", EventType: "Battles", Sources: []string{"S1"}}
		f, err := clashes.Record(e)
		if err != nil {
			t.Fatal(err)
		}
		rec, _ := json.Marshal(f)
		if _, err := st.SaveDraft(ctx, author, geo.DraftChange{Collection: "clashes", FeatureID: e.ID, Record: rec},
			func(json.RawMessage) error { return nil }); err != nil {
			t.Fatal(err)
		}
	}
}

// TestKillDuringPublish kills the server with SIGKILL while it publishes
// thousands of drafts, then opens the store: either every draft is
// published (with its revisions and one publication) or none is (all
// still pending, nothing in the record), and SQLite's integrity check
// passes.
func TestKillDuringPublish(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and publishes thousands of drafts")
	}
	const n = 6000
	bin, dir := buildBinary(t)
	db := filepath.Join(dir, "desk.gpkg")
	if out, err := runBin(bin, "seed", "--db", db); err != nil {
		t.Fatalf("seed: %v\n%s", err, out)
	}
	out, err := runBin(bin, "user", "add", "--name", "bek", "--role", "publisher", "--db", db)
	if err != nil {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	token := lastLine(out)
	addDrafts(t, db, "aida", n)

	ctx := context.Background()
	counts := func() (published, pending, pubs int) {
		t.Helper()
		st, err := data.Open(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if err := st.IntegrityCheck(ctx); err != nil {
			t.Errorf("integrity: %v", err)
		}
		evs, err := st.Events(ctx, geo.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			if strings.HasPrefix(e.ID, "draft-") {
				published++
			}
		}
		drafts, err := st.Drafts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ps, err := st.Publications(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		return published, len(drafts), len(ps)
	}

	srv := startBinary(t, bin, []string{"--db", db}, nil)
	wal := db + "-wal"
	walSize := func() int64 {
		fi, err := os.Stat(wal)
		if err != nil {
			return 0
		}
		return fi.Size()
	}
	start := walSize()
	answered := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, srv.base+"/publish", strings.NewReader(`{"message":"volume test"}`))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			answered <- 0
			return
		}
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	// Kill it once the publish is well into writing: the WAL grows as it
	// goes.
	deadline := time.Now().Add(60 * time.Second)
	for walSize() < start+2<<20 {
		select {
		case code := <-answered:
			t.Fatalf("the publish finished (%d) before it was killed; draft more", code)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("the publish never got going:\n%s", srv.logs.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := srv.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-srv.done
	if code := <-answered; code != 0 {
		t.Fatalf("the publish answered %d before the kill; draft more", code)
	}
	published, pending, pubs := counts()
	if published != 0 || pending != n || pubs != 0 {
		t.Errorf("after SIGKILL mid-publish: %d published, %d pending, %d publications; want none of it (0, %d, 0)", published, pending, pubs, n)
	}

	// The store is whole: the same publish, run again, publishes all.
	srv = startBinary(t, bin, []string{"--db", db}, nil)
	req, _ := http.NewRequest(http.MethodPost, srv.base+"/publish", strings.NewReader(`{"message":"volume test, again"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("publish after the restart: %d", resp.StatusCode)
	}
	srv.cmd.Process.Signal(syscall.SIGTERM)
	<-srv.done
	if published, pending, pubs := counts(); published != n || pending != 0 || pubs != 1 {
		t.Errorf("after a whole publish: %d published, %d pending, %d publications; want %d, 0, 1", published, pending, pubs, n)
	}
}

// runBin runs the binary and returns what it printed.
func runBin(bin string, args ...string) (string, error) {
	out, err := exec.Command(bin, args...).Output()
	return string(out), err
}
