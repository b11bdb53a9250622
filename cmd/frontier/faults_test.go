package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/frontier-map/frontier/data"
	"github.com/frontier-map/frontier/geo"
)

// buildBinary builds the program into a folder anyone may read, so that a
// test can run it as another user.
func buildBinary(t *testing.T) (bin, dir string) {
	t.Helper()
	dir = t.TempDir()
	for d := dir; d != filepath.Dir(d) && strings.HasPrefix(d, os.TempDir()+"/"); d = filepath.Dir(d) {
		os.Chmod(d, 0o755) // t.TempDir's folders are private
	}
	bin = filepath.Join(dir, "frontier")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin, dir
}

// running is the program started as its own process by startBinary.
type running struct {
	base string
	cmd  *exec.Cmd
	logs *syncBuffer
	done chan error // receives the exit
}

// startBinary runs `bin serve` with args on a free loopback port as its own
// process (prepare may set, say, the user it runs as), waits until /healthz
// answers, and kills it when the test ends if it is still running.
func startBinary(t *testing.T, bin string, args []string, prepare func(*exec.Cmd)) *running {
	t.Helper()
	addr := freeAddr(t)
	args = append([]string{"serve", "--addr", addr}, args...)
	r := &running{base: "http://" + addr, cmd: exec.Command(bin, args...), logs: &syncBuffer{}, done: make(chan error, 1)}
	r.cmd.Stdout, r.cmd.Stderr = r.logs, r.logs
	if prepare != nil {
		prepare(r.cmd)
	}
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { r.done <- r.cmd.Wait() }()
	t.Cleanup(func() { r.cmd.Process.Kill() })
	deadline := time.Now().Add(30 * time.Second)
	for {
		if resp, err := http.Get(r.base + "/healthz"); err == nil {
			resp.Body.Close()
			return r
		}
		select {
		case err := <-r.done:
			t.Fatalf("the server stopped (%v):\n%s", err, r.logs.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not start:\n%s", r.logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestReadOnlyStore: a store in a folder and file Frontier may not write (a
// mounted volume, a shared drive) is still served, unchanged, and /healthz
// says it is read-only. Run as root (as CI is), the server runs as nobody,
// since root writes through permission bits.
func TestReadOnlyStore(t *testing.T) {
	bin, dir := buildBinary(t)
	ds, err := seedsInto(t, filepath.Join(dir, "w.gpkg"))
	if err != nil {
		t.Fatal(err)
	}
	roDir := filepath.Join(dir, "ro")
	if err := os.Mkdir(roDir, 0o755); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "w.gpkg"))
	if err != nil {
		t.Fatal(err)
	}
	ro := filepath.Join(roDir, "frontier.gpkg")
	if err := os.WriteFile(ro, b, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(roDir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(roDir, 0o755) })

	srv := startBinary(t, bin, []string{"--db", ro}, func(cmd *exec.Cmd) {
		if os.Geteuid() == 0 {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		}
	})
	var health struct {
		Status   string `json:"status"`
		ReadOnly bool   `json:"read_only"`
	}
	resp, err := http.Get(srv.base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(resp.Body).Decode(&health)
	resp.Body.Close()
	if health.Status != "ok" || !health.ReadOnly {
		t.Errorf("healthz %+v, want ok and read_only", health)
	}
	resp, err = http.Get(srv.base + "/collections/clashes/items")
	if err != nil {
		t.Fatal(err)
	}
	var fc struct{ Features []json.RawMessage }
	json.NewDecoder(resp.Body).Decode(&fc)
	resp.Body.Close()
	if len(fc.Features) != ds {
		t.Errorf("read-only store serves %d clashes, want %d", len(fc.Features), ds)
	}
	if !strings.Contains(srv.logs.String(), "read-only") {
		t.Errorf("the server does not say the store is read-only:\n%s", srv.logs.String())
	}
	if after, _ := os.ReadFile(ro); string(after) != string(b) {
		t.Error("the read-only file changed")
	}
}

// seedsInto writes the bundled data into a new store at path with the seed
// command and returns how many clashes it holds.
func seedsInto(t *testing.T, path string) (int, error) {
	t.Helper()
	var out strings.Builder
	if err := run(context.Background(), []string{"seed", "--db", path}, func(string) string { return "" }, &out, &out); err != nil {
		return 0, err
	}
	var n int
	_, err := fmt.Sscanf(out.String()[strings.Index(out.String(), "segments, ")+len("segments, "):], "%d clashes", &n)
	return n, err
}

// TestSIGTERMDrainsInFlightRequests runs the real binary and sends SIGTERM
// while a slow client is downloading a large answer (ten thousand events,
// some 10 MB, behind a small receive window: more than the kernel buffers
// hold, so the handler is blocked in its write when the signal comes). New
// connections are refused at once, the server keeps running until the
// answer is out, the answer arrives whole, and the process exits 0 within
// the deadline.
func TestSIGTERMDrainsInFlightRequests(t *testing.T) {
	bin, dir := buildBinary(t)
	db := filepath.Join(dir, "f.gpkg")
	if _, err := seedsInto(t, db); err != nil {
		t.Fatal(err)
	}
	const events = 10000
	addEvents(t, db, events)

	srv := startBinary(t, bin, []string{"--db", db}, nil)
	addr := strings.TrimPrefix(srv.base, "http://")
	cmd, logs, done := srv.cmd, srv.logs, srv.done

	slow := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		var serr error
		err := c.Control(func(fd uintptr) {
			serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096)
		})
		if err != nil {
			return err
		}
		return serr
	}}
	conn, err := slow.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(60 * time.Second))
	io.WriteString(conn, "GET /collections/clashes/items?limit=10000&datetime=2030-01-01/2030-12-31 HTTP/1.1\r\nHost: "+addr+"\r\nAccept: application/geo+json\r\n\r\n")
	time.Sleep(time.Second)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Error("a new connection was accepted after SIGTERM")
	}
	select {
	case err := <-done:
		t.Fatalf("the server exited (%v) while it was still answering\n%s", err, logs.String())
	default:
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("the in-flight request got no answer: %v\n%s", err, logs.String())
	}
	var fc struct{ Features []json.RawMessage }
	if err := json.NewDecoder(resp.Body).Decode(&fc); err != nil || resp.StatusCode != 200 || len(fc.Features) != events {
		t.Errorf("in-flight answer: %s, %d features, %v; want %d whole", resp.Status, len(fc.Features), err, events)
	}
	resp.Body.Close()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit: %v\n%s", err, logs.String())
		}
	case <-time.After(shutdownGrace + 5*time.Second):
		t.Fatalf("still running after the shutdown deadline\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), `"msg":"stopped"`) {
		t.Errorf("no clean stop in the logs:\n%s", logs.String())
	}
}

// addEvents puts n made-up events dated 2030 into the store at path: test
// data for volume, never served as news.
func addEvents(t *testing.T, path string, n int) {
	t.Helper()
	ctx := context.Background()
	st, err := data.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	day, _ := geo.ParseDate("2030-06-01")
	evs := make([]geo.Event, n)
	for i := range evs {
		p := orb.Point{70 + float64(i%100)/100, 39.5 + float64(i/100)/100}
		evs[i] = geo.Event{ID: fmt.Sprintf("test-%05d", i), Title: "test event " + strings.Repeat("x", 600),
			DateStart: day, DateEnd: day, TimePrecision: geo.PrecisionDay, Location: &p, GeoPrecision: geo.NearPlace,
			EventType: "Battles", Sources: []string{"S1"}}
	}
	if err := st.Put(ctx, geo.Dataset{Events: evs}); err != nil {
		t.Fatal(err)
	}
}

// TestKillDuringImport kills `frontier import` with SIGKILL half-way through
// a large import: the store opens afterwards with the old data intact, the
// same version, and a clean integrity check. SQLite's atomic commit is what
// holds it; the test makes sure nothing of Frontier's breaks it (no
// commit per batch, no file rewritten in place).
func TestKillDuringImport(t *testing.T) {
	bin, dir := buildBinary(t)
	db := filepath.Join(dir, "f.gpkg")
	clashes, err := seedsInto(t, db)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	version := func() string {
		st, err := data.Open(ctx, db)
		if err != nil {
			t.Fatalf("the store does not open: %v", err)
		}
		defer st.Close()
		v, err := st.Version(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	before := version()

	csv := filepath.Join(dir, "events.csv")
	if out, err := exec.Command(bin, "synth", "--events", "150000", "--out", csv).CombinedOutput(); err != nil {
		t.Fatalf("synth: %v\n%s", err, out)
	}
	imp := exec.Command(bin, "import", csv, "--db", db)
	logs := &syncBuffer{}
	imp.Stdout, imp.Stderr = logs, logs
	if err := imp.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once it is well into writing: the WAL file grows as it goes.
	wal := db + "-wal"
	deadline := time.Now().Add(60 * time.Second)
	for {
		if fi, err := os.Stat(wal); err == nil && fi.Size() > 4<<20 {
			break
		}
		if time.Now().After(deadline) {
			imp.Process.Kill()
			t.Fatalf("the import never got going:\n%s", logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := imp.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err = imp.Wait()
	if ws, ok := imp.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("the import finished before it was killed (%v); make the file larger\n%s", err, logs.String())
	}

	if after := version(); after != before {
		t.Errorf("version %s after the killed import, want %s", after, before)
	}
	st, err := data.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	evs, err := st.Events(ctx, geo.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != clashes {
		t.Errorf("%d events after the killed import, want the %d from before", len(evs), clashes)
	}
	if err := st.IntegrityCheck(ctx); err != nil {
		t.Errorf("integrity: %v", err)
	}
}
