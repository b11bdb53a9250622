package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// requireNginx finds Debian's nginx; a developer without it skips the
// test, CI (FRONTIER_REQUIRE_NGINX=1, set by .ci/run) fails.
func requireNginx(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"/usr/sbin/nginx", "nginx"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("FRONTIER_REQUIRE_NGINX") != "" {
		t.Fatal("nginx not found, and FRONTIER_REQUIRE_NGINX is set")
	}
	t.Skip("nginx not installed (apt-get install nginx-light)")
	return ""
}

// nginxConf is a CDN in miniature: round-robin over the replicas, a
// proxy_cache that obeys their Cache-Control, and the cache's verdict in
// X-Cache-Status.
const nginxConf = `%s
pid %[2]s/nginx.pid;
error_log %[2]s/error.log warn;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path %[2]s/body;
	proxy_temp_path %[2]s/proxy;
	fastcgi_temp_path %[2]s/fastcgi;
	uwsgi_temp_path %[2]s/uwsgi;
	scgi_temp_path %[2]s/scgi;
	proxy_cache_path %[2]s/cache keys_zone=tiles:1m max_size=50m;
	upstream replicas { server %[3]s; server %[4]s; }
	server {
		listen %[5]s;
		location / {
			proxy_pass http://replicas;
			proxy_set_header Host $http_host;
			proxy_cache tiles;
			add_header X-Cache-Status $upstream_cache_status always;
		}
	}
}
`

// TestReplicasBehindNginx runs two `frontier serve` on one store behind
// nginx's proxy_cache: both give the same TileJSON, versioned tile URLs
// and ETags, the cache keeps a versioned tile, and after an import the
// TileJSON names new URLs that both replicas and the cache serve, without
// a purge.
func TestReplicasBehindNginx(t *testing.T) {
	nginx := requireNginx(t)
	front := freeAddr(t)
	public := "http://" + front
	a := startServer(t, "--public-url", public, "--tile-max-age", "1s")
	b := startServer(t, "--public-url", public, "--tile-max-age", "1s", "--db", a.db)

	dir := t.TempDir()
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;" // the cache lives in a folder only root may write
	}
	conf := filepath.Join(dir, "nginx.conf")
	text := fmt.Sprintf(nginxConf, user, dir, strings.TrimPrefix(a.base, "http://"), strings.TrimPrefix(b.base, "http://"), front)
	if err := os.WriteFile(conf, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, nginx, "-p", dir, "-c", conf, "-g", "daemon off;")
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	var nginxOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &nginxOut, &nginxOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		cmd.Wait()
	})

	type answer struct {
		status            int
		etag, cache, body string
		cacheControl      string
		encoding          string
	}
	fetch := func(base, path string) answer {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, base+path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		var resp *http.Response
		var err error
		for range 50 { // nginx takes a moment to listen
			if resp, err = http.DefaultTransport.RoundTrip(req); err == nil {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		if err != nil {
			errLog, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Fatalf("GET %s%s: %v\n%s%s", base, path, err, nginxOut.String(), errLog)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return answer{resp.StatusCode, resp.Header.Get("ETag"), resp.Header.Get("X-Cache-Status"), string(body), resp.Header.Get("Cache-Control"), resp.Header.Get("Content-Encoding")}
	}
	tileURL := func(base string) string {
		t.Helper()
		ans := fetch(base, "/tiles/border.json")
		body := ans.body
		if ans.encoding == "gzip" {
			zr, err := gzip.NewReader(strings.NewReader(body))
			if err != nil {
				t.Fatalf("TileJSON from %s: %v", base, err)
			}
			b, _ := io.ReadAll(zr)
			body = string(b)
		}
		var doc struct{ Tiles []string }
		if err := json.Unmarshal([]byte(body), &doc); err != nil || len(doc.Tiles) != 1 {
			t.Fatalf("TileJSON from %s: %v %.200s", base, err, ans.body)
		}
		// Vorukh at z10, where the imported events fall.
		return strings.TrimPrefix(strings.Replace(doc.Tiles[0], "{z}/{x}/{y}", "10/712/388", 1), public)
	}
	// sameEverywhere fetches a versioned tile from both replicas and twice
	// through the cache, and checks that all four answers agree and that
	// the second came from the cache.
	sameEverywhere := func(path string) answer {
		t.Helper()
		fromA, fromB := fetch(a.base, path), fetch(b.base, path)
		if fromA.status != http.StatusOK || fromA.etag == "" || fromA.etag != fromB.etag || fromA.body != fromB.body {
			t.Fatalf("%s: replica A %d %s, replica B %d %s: not interchangeable", path, fromA.status, fromA.etag, fromB.status, fromB.etag)
		}
		if fromA.cacheControl != "public, max-age=31536000, immutable" {
			t.Errorf("%s: Cache-Control %q", path, fromA.cacheControl)
		}
		first, second := fetch(public, path), fetch(public, path)
		if first.etag != fromA.etag || second.etag != fromA.etag || second.body != fromA.body {
			t.Fatalf("%s through nginx: ETags %s, %s, want %s", path, first.etag, second.etag, fromA.etag)
		}
		if second.cache != "HIT" {
			t.Errorf("%s: the second request through nginx is a cache %s, want a HIT", path, second.cache)
		}
		return fromA
	}

	before := tileURL(public)
	if other := tileURL(b.base); other != before {
		t.Fatalf("the replicas give different tile URLs: %s and %s", before, other)
	}
	old := sameEverywhere(before)

	csv := writeFile(t, t.TempDir(), "replicas.csv", acledCSVHeader+
		acledLine("REPL1", "2024-05-01", "39.85", 1)+acledLine("REPL2", "2024-05-02", "39.851", 0))
	if _, e, err := frontierCmd(t, "import", csv, "--db", a.db); err != nil {
		t.Fatalf("import: %v %s", err, e)
	}
	// The TileJSON is cached for --tile-max-age (1 s here) by nginx and
	// the replicas trust a version for a second: the new URL shows within
	// a few seconds, with no purge.
	var after string
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		if after = tileURL(public); after != before {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the import the TileJSON through nginx still gives %s", before)
		}
	}
	if !strings.HasPrefix(after, "/tiles/border/v/") {
		t.Fatalf("tile URL %s is not versioned", after)
	}
	fresh := sameEverywhere(after)
	if fresh.etag == old.etag || fresh.body == old.body {
		t.Errorf("the new version's tile is the old one: %s", fresh.etag)
	}
	// The old URL: the cache still holds its bytes (they never change);
	// a replica sends it on to the new one.
	if ans := fetch(public, before); ans.cache != "HIT" || ans.etag != old.etag {
		t.Errorf("old URL through nginx: %s %s", ans.cache, ans.etag)
	}
	req, _ := http.NewRequest(http.MethodGet, a.base+before, nil)
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusFound || loc != public+after {
		t.Errorf("old URL at a replica: %s, Location %q, want a redirect to %s", resp.Status, loc, public+after)
	}
}
