package main

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// rawRequest writes req as it is onto a new connection to addr and reads
// one response. A server that does not answer within the deadline fails
// the test: a hang is as bad as a 500.
func rawRequest(t *testing.T, addr, req string) (*http.Response, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, req); err != nil {
		t.Fatalf("write: %v", err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no HTTP answer: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func get1(path string, headers ...string) string {
	return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + strings.Join(append(headers, ""), "\r\n") + "\r\n"
}

// TestHostileRequests sends what scanners and broken clients send to a
// public server and checks each gets the 4xx it deserves, never a 500 and
// never a hang. It runs against the real server, so http.Server's own
// limits (header size, timeouts) are part of what is tested.
func TestHostileRequests(t *testing.T) {
	s := startServer(t)
	addr := strings.TrimPrefix(s.base, "http://")
	long := strings.Repeat("a", 5000)
	tests := []struct {
		name   string
		req    string
		status int
	}{
		{"path traversal in assets", get1("/ui/x/../../../../etc/passwd"), 404},
		{"encoded path traversal", get1("/ui/x/%2e%2e/%2e%2e/etc/passwd"), 404},
		{"double-encoded traversal", get1("/ui/x/%252e%252e/%252e%252e/etc/passwd"), 404},
		{"traversal into seeds", get1("/ui/x/../../seeds/sources.json"), 404},
		{"dotfile", get1("/.git/config"), 404},
		{"env file", get1("/.env"), 404},
		{"admin probe", get1("/wp-admin/"), 404},
		{"php probe", get1("/index.php?x=1"), 404},
		{"NUL in path", get1("/collections/clashes%00/items"), 404},
		{"unknown collection", get1("/collections/secrets/items"), 404},
		{"unknown feature", get1("/collections/clashes/items/nope"), 404},
		{"SQL in a feature id", get1("/collections/clashes/items/x'%20OR%20'1'='1"), 404},
		{"SQL in a filter", get1("/collections/clashes/items?event_type=x'%20OR%201=1--"), 200},
		{"SQL in a bbox", get1("/collections/clashes/items?bbox=1,2,3,4);DROP%20TABLE%20clashes;--"), 400},
		{"bbox NaN", get1("/collections/clashes/items?bbox=NaN,0,1,1"), 400},
		{"bbox Inf", get1("/collections/clashes/items?bbox=-Inf,0,1,1"), 400},
		{"bbox huge number", get1("/collections/clashes/items?bbox=1e400,0,1,1"), 400},
		{"bbox reversed", get1("/collections/clashes/items?bbox=71,40,69,39"), 400},
		{"bbox three numbers", get1("/collections/clashes/items?bbox=1,2,3"), 400},
		{"bbox empty", get1("/collections/clashes/items?bbox="), 400},
		{"bbox twice", get1("/collections/clashes/items?bbox=1,2,3,4&bbox=1,2,3,4"), 400},
		{"limit zero", get1("/collections/clashes/items?limit=0"), 400},
		{"limit negative", get1("/collections/clashes/items?limit=-5"), 400},
		{"limit overflow", get1("/collections/clashes/items?limit=99999999999999999999999"), 200},
		{"limit hex", get1("/collections/clashes/items?limit=0x10"), 400},
		{"offset negative", get1("/collections/clashes/items?offset=-1"), 400},
		{"offset text", get1("/collections/clashes/items?offset=abc"), 400},
		{"datetime garbage", get1("/collections/clashes/items?datetime=%3Cscript%3E"), 400},
		{"datetime reversed", get1("/collections/clashes/items?datetime=2025-01-01/2020-01-01"), 400},
		{"datetime open both ends", get1("/collections/clashes/items?datetime=../.."), 400},
		{"datetime year 99999", get1("/collections/clashes/items?datetime=99999-01-01"), 400},
		{"unknown parameter", get1("/collections/clashes/items?debug=1"), 400},
		{"unknown format", get1("/collections/clashes/items?f=xml"), 400},
		{"malformed escape", get1("/collections/clashes/items?bbox=%zz"), 400},
		{"semicolon query", get1("/collections/clashes/items?limit=1;limit=2"), 400},
		{"query too long", get1("/collections/clashes/items?x=" + long), 414},
		{"tile key letters", get1("/tiles/border/a/b/c.mvt"), 400},
		{"tile zoom 99", get1("/tiles/border/99/0/0.mvt"), 404},
		{"tile x out of range", get1("/tiles/border/2/9/0.mvt"), 404},
		{"tile key overflow", get1("/tiles/border/4/99999999999999999999/0.mvt"), 404},
		{"tile wrong format", get1("/tiles/border/0/0/0.png"), 404},
		{"stats bad datetime", get1("/stats?datetime=tomorrow"), 400},
		// The desk's writes (issue 12) need a token: without one, 401.
		{"POST to items", "POST /collections/clashes/items HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}", 401},
		{"PUT a feature", "PUT /collections/clashes/items/x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}", 401},
		{"DELETE a feature", "DELETE /collections/clashes/items/x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 401},
		{"POST to countries", "POST /collections/countries/items HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer frt_x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}", 401},
		{"PATCH", "PATCH /collections HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 405},
		{"TRACE", "TRACE / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 405},
		{"body on a GET", "GET /collections HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4096\r\nConnection: close\r\n\r\n" + strings.Repeat("x", 4096), 413},
		{"a sane request, for contrast", get1("/collections"), 200},
		{"Host with a path", "GET /collections HTTP/1.1\r\nHost: evil.example/x\r\nConnection: close\r\n\r\n", 400},
		{"Host with spaces", "GET /collections HTTP/1.1\r\nHost: evil example\r\nConnection: close\r\n\r\n", 400},
		{"no Host on HTTP/1.1", "GET /collections HTTP/1.1\r\nConnection: close\r\n\r\n", 400},
		{"header too large", get1("/collections", "X-Junk: "+strings.Repeat("j", 40<<10)), 431},
		{"malformed request line", "GET\r\n\r\n", 400},
		{"unsupported HTTP version", "GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n", 505},
		{"Accept nothing we have", get1("/collections?f=json", "Accept: image/png"), 200},
		{"oversized Accept-Encoding", get1("/tiles/border/0/0/0.mvt", "Accept-Encoding: "+strings.Repeat("gzip;q=0.5, ", 200)), 200},
	}
	if len(tests) < 50 {
		t.Fatalf("only %d hostile requests; the table promises at least 50", len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := rawRequest(t, addr, tt.req)
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d; body %.300s", resp.StatusCode, tt.status, body)
			}
			if resp.StatusCode >= 500 && resp.StatusCode != 505 {
				t.Errorf("a server error for bad input: %d", resp.StatusCode)
			}
			if strings.Contains(body, "root:") || strings.Contains(body, "[core]") {
				t.Errorf("leaked a file: %.200s", body)
			}
		})
	}
}

// TestLinksIgnoreForwardedHost checks that absolute URLs never echo a
// forwarded host a client made up.
func TestLinksIgnoreForwardedHost(t *testing.T) {
	s := startServer(t)
	addr := strings.TrimPrefix(s.base, "http://")
	for _, path := range []string{"/?f=json", "/collections", "/tiles/border.json", "/collections/clashes/items?limit=1"} {
		_, body := rawRequest(t, addr, get1(path, "X-Forwarded-Host: evil.example", "X-Forwarded-Proto: https", "Forwarded: host=evil.example"))
		if strings.Contains(body, "evil.example") {
			t.Errorf("%s: the answer echoes a forwarded host: %.300s", path, body)
		}
	}
}
