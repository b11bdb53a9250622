package web

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb/encoding/mvt"

	"github.com/frontier-map/frontier/geo"
	"github.com/frontier-map/frontier/internal/testtool"
)

// vorukhTile holds the Vorukh enclave, a contested sector until 2025.
const vorukhTile = "/tiles/border/10/712/388.mvt"

// rawGet sends a hand-written HTTP/1.1 request over a socket, so that
// nothing between the test and the server adds or strips a header or
// decompresses a body, as Go's client would.
func rawGet(t *testing.T, srv *httptest.Server, target string, headers ...string) (*http.Response, []byte) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", strings.TrimPrefix(srv.URL, "http://"), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	req := "GET " + target + " HTTP/1.1\r\nHost: " + strings.TrimPrefix(srv.URL, "http://") + "\r\nConnection: close\r\n"
	for _, h := range headers {
		req += h + "\r\n"
	}
	if _, err := io.WriteString(conn, req+"\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func decodeTile(t *testing.T, b []byte) map[string]*mvt.Layer {
	t.Helper()
	layers, err := mvt.Unmarshal(b)
	if err != nil {
		t.Fatalf("tile does not decode: %v", err)
	}
	out := map[string]*mvt.Layer{}
	for _, l := range layers {
		out[l.Name] = l
	}
	return out
}

func TestTileEncodingAndCaching(t *testing.T) {
	srv := httptest.NewServer(newTestServer(t, newTestStore(t), func(c *Config) { c.TileMaxAge = 10 * time.Minute }))
	t.Cleanup(srv.Close)

	// identity: no Accept-Encoding, plain MVT bytes, no Content-Encoding.
	plain, plainBody := rawGet(t, srv, vorukhTile+"?datetime=2023-09-01")
	if plain.StatusCode != 200 || plain.Header.Get("Content-Encoding") != "" {
		t.Fatalf("identity: %s, Content-Encoding %q", plain.Status, plain.Header.Get("Content-Encoding"))
	}
	if got := plain.Header.Get("Content-Type"); got != mvtType {
		t.Errorf("Content-Type %q, want %q", got, mvtType)
	}
	if vary := strings.Join(plain.Header.Values("Vary"), ", "); !strings.Contains(vary, "Accept-Encoding") {
		t.Errorf("Vary %q lacks Accept-Encoding", vary)
	}
	if got := plain.Header.Get("Cache-Control"); got != "public, max-age=600" {
		t.Errorf("Cache-Control %q, want the configured max-age", got)
	}
	if l := decodeTile(t, plainBody); l["frontier"] == nil || len(l["frontier"].Features) == 0 {
		t.Fatalf("no frontier layer in %v", l)
	}

	// gzip: only with Content-Encoding, and the same tile inside.
	zipped, zBody := rawGet(t, srv, vorukhTile+"?datetime=2023-09-01", "Accept-Encoding: gzip, deflate, br")
	if zipped.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("gzip: Content-Encoding %q", zipped.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(zBody))
	if err != nil {
		t.Fatalf("body sent as gzip is not gzip: %v", err)
	}
	unzipped, _ := io.ReadAll(zr)
	if !bytes.Equal(unzipped, plainBody) {
		t.Error("gzipped and identity tiles differ")
	}
	if zipped.Header.Get("ETag") == plain.Header.Get("ETag") {
		t.Error("gzip and identity share an ETag; they are different representations")
	}
	// gzip refused explicitly.
	if r, _ := rawGet(t, srv, vorukhTile+"?datetime=2023-09-01", "Accept-Encoding: gzip;q=0, identity"); r.Header.Get("Content-Encoding") != "" {
		t.Error("gzip sent to a client that refused it (q=0)")
	}

	// 304 on If-None-Match, for each representation.
	for _, c := range []struct {
		etag string
		enc  []string
	}{{plain.Header.Get("ETag"), nil}, {zipped.Header.Get("ETag"), []string{"Accept-Encoding: gzip"}}} {
		r, body := rawGet(t, srv, vorukhTile+"?datetime=2023-09-01", append(c.enc, "If-None-Match: "+c.etag)...)
		if r.StatusCode != http.StatusNotModified || len(body) != 0 {
			t.Errorf("If-None-Match %s: %s with %d bytes, want 304 and none", c.etag, r.Status, len(body))
		}
	}
	// Another day with no change in between: the same state, the same ETag.
	if r, _ := rawGet(t, srv, vorukhTile+"?datetime=2023-09-02"); r.Header.Get("ETag") != plain.Header.Get("ETag") {
		t.Errorf("2023-09-02 ETag %s, want 2023-09-01's %s (nothing changed between them)", r.Header.Get("ETag"), plain.Header.Get("ETag"))
	}
	// After the 2025 agreement the frontier changed: a new ETag, no 304.
	r, _ := rawGet(t, srv, vorukhTile+"?datetime=2025-04-01", "If-None-Match: "+plain.Header.Get("ETag"))
	if r.StatusCode != 200 {
		t.Errorf("a stale ETag got %s, want 200", r.Status)
	}

	// A tile gzip would make larger (most at high zooms: a few hundred
	// bytes of varints) is sent as it is, to a client that takes gzip too,
	// and its ETag gets the 304 however the client asks.
	const small = "/tiles/border/12/2840/1545.mvt?datetime=2023-09-01"
	sr, sBody := rawGet(t, srv, small, "Accept-Encoding: gzip")
	if sr.StatusCode != 200 || sr.Header.Get("Content-Encoding") != "" || len(sBody) >= 512 {
		t.Errorf("small tile: %s, Content-Encoding %q, %d bytes; want a tile under 512 bytes sent raw", sr.Status, sr.Header.Get("Content-Encoding"), len(sBody))
	}
	decodeTile(t, sBody)
	for _, enc := range [][]string{nil, {"Accept-Encoding: gzip"}} {
		if r, _ := rawGet(t, srv, small, append(enc, "If-None-Match: "+sr.Header.Get("ETag"))...); r.StatusCode != http.StatusNotModified {
			t.Errorf("small tile, If-None-Match %s %v: %s, want 304", sr.Header.Get("ETag"), enc, r.Status)
		}
	}

	// An empty tile is 204 with no body.
	if r, body := rawGet(t, srv, "/tiles/border/10/0/0.mvt"); r.StatusCode != http.StatusNoContent || len(body) != 0 {
		t.Errorf("empty tile: %s with %d bytes, want 204", r.Status, len(body))
	}
}

func TestTileStatusFollowsDatetime(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	status := func(dt string) map[string]string {
		rec := get(t, h, vorukhTile+"?datetime="+dt)
		wantStatus(t, rec, 200, mvtType)
		out := map[string]string{}
		for _, f := range decodeTile(t, rec.Body.Bytes())["frontier"].Features {
			out[fmt.Sprint(f.Properties["id"])] = fmt.Sprint(f.Properties["status"])
		}
		return out
	}
	items := func(dt string) map[string]string {
		fc := getItems(t, h, "/collections/frontier/items?limit=10000&datetime="+dt)
		out := map[string]string{}
		for _, f := range fc.Features {
			out[fmt.Sprint(f.ID)] = statusOf(f)
		}
		return out
	}
	for _, dt := range []string{"2022-09-16", "2025-04-01"} {
		tile, geojson := status(dt), items(dt)
		if len(tile) == 0 {
			t.Fatalf("%s: no frontier features in the tile", dt)
		}
		for id, st := range tile {
			if geojson[id] != st {
				t.Errorf("%s: %s is %q in the tile and %q in the GeoJSON", dt, id, st, geojson[id])
			}
		}
	}
	if before, after := status("2022-09-16"), status("2025-04-01"); before["vorukh-enclave"] != "contested" || after["vorukh-enclave"] != "delimited" {
		t.Errorf("Vorukh: %q in 2022, %q in 2025; want contested, then delimited", before["vorukh-enclave"], after["vorukh-enclave"])
	}
}

func TestTileBadKeys(t *testing.T) {
	h := newTestServer(t, newTestStore(t))
	for _, c := range []struct {
		target string
		status int
	}{
		{"/tiles/border/a/0/0.mvt", 400},
		{"/tiles/border/0/0/x.mvt", 400},
		{"/tiles/border/-1/0/0.mvt", 400},
		{"/tiles/border/99/0/0.mvt", 404},
		{"/tiles/border/3/8/0.mvt", 404},
		{"/tiles/border/3/0/8.mvt", 404},
		{"/tiles/border/3/0/0.png", 404},
		{"/tiles/border/3/0/0.mvt?datetime=yesterday", 400},
		{"/tiles/border/3/0/0.mvt?zoom=3", 400},
		{"/tiles/border.json?datetime=2022-13-01", 400},
	} {
		rec := get(t, h, c.target)
		if rec.Code != c.status || rec.Header().Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: %d %s, want %d with a problem body", c.target, rec.Code, rec.Header().Get("Content-Type"), c.status)
		}
	}
}

func TestTileJSON(t *testing.T) {
	st := newTestStore(t)
	h := newTestServer(t, st, func(c *Config) { c.PublicURL = "https://maps.example.org/frontier" })
	rec := get(t, h, "/tiles/border.json?datetime=2023-09-01")
	wantStatus(t, rec, 200, "")
	var doc struct {
		TileJSON     string   `json:"tilejson"`
		Tiles        []string `json:"tiles"`
		VectorLayers []struct {
			ID     string            `json:"id"`
			Fields map[string]string `json:"fields"`
		} `json:"vector_layers"`
		Bounds      []float64 `json:"bounds"`
		Attribution string    `json:"attribution"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.TileJSON != "3.0.0" || len(doc.Tiles) != 1 || len(doc.Bounds) != 4 {
		t.Fatalf("TileJSON %+v", doc)
	}
	if want := "https://maps.example.org/frontier/tiles/border/v/" + st.version(t) + "/2023-04-01/{z}/{x}/{y}.mvt"; doc.Tiles[0] != want {
		t.Errorf("tiles %q, want %q", doc.Tiles[0], want)
	}
	ids := map[string]bool{}
	for _, l := range doc.VectorLayers {
		ids[l.ID] = len(l.Fields) > 0
	}
	for _, id := range []string{"frontier", "clashes", "deployments", "countries", "places"} {
		if !ids[id] {
			t.Errorf("vector_layers lacks %s or its fields", id)
		}
	}
	if !strings.Contains(doc.Attribution, "Natural Earth") {
		t.Errorf("attribution %q does not name Natural Earth", doc.Attribution)
	}
}

// tileJSONTiles returns the tile URL template of /tiles/border.json?query.
func tileJSONTiles(tb testing.TB, h http.Handler, query string) string {
	tb.Helper()
	rec := get(tb, h, "/tiles/border.json"+query)
	wantStatus(tb, rec, http.StatusOK, "")
	doc := decodeBody[struct {
		Tiles []string `json:"tiles"`
	}](tb, rec)
	if len(doc.Tiles) != 1 {
		tb.Fatalf("tiles %v", doc.Tiles)
	}
	return doc.Tiles[0]
}

// TestVersionedTiles checks the URLs a CDN keeps: TileJSON's tile URLs name
// the version and state, answer the same bytes as the unversioned tile with
// a year's immutable caching, and after an import the old ones redirect to
// the new ones, which TileJSON then gives.
func TestVersionedTiles(t *testing.T) {
	st := newTestStore(t)
	ctx := context.Background()
	version, err := st.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	srv := newTestServer(t, st, func(c *Config) { c.TileMaxAge = time.Minute }).(*Server)
	template := tileJSONTiles(t, srv, "?datetime=2023-09-01")
	const vorukh = "/10/712/388.mvt"
	want := "http://example.com/tiles/border/v/" + version + "/2023-04-01/{z}/{x}/{y}.mvt"
	if template != want {
		t.Fatalf("tiles %q, want %q", template, want)
	}
	versioned := strings.TrimPrefix(strings.Replace(template, "/{z}/{x}/{y}.mvt", vorukh, 1), "http://example.com")

	rec := get(t, srv, versioned, "Accept-Encoding: gzip")
	wantStatus(t, rec, http.StatusOK, mvtType)
	if cc := rec.Header().Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
		t.Errorf("versioned tile: Cache-Control %q", cc)
	}
	plain := get(t, srv, vorukhTile+"?datetime=2023-09-01", "Accept-Encoding: gzip")
	if cc := plain.Header().Get("Cache-Control"); cc != "public, max-age=60" {
		t.Errorf("unversioned tile: Cache-Control %q, want the short max-age", cc)
	}
	if !bytes.Equal(rec.Body.Bytes(), plain.Body.Bytes()) || rec.Header().Get("ETag") != plain.Header().Get("ETag") {
		t.Error("the versioned tile differs from the unversioned one of the same state")
	}
	rec304 := get(t, srv, versioned, "Accept-Encoding: gzip", "If-None-Match: "+rec.Header().Get("ETag"))
	if rec304.Code != http.StatusNotModified || !strings.Contains(rec304.Header().Get("Cache-Control"), "immutable") {
		t.Errorf("revalidation: %d %q", rec304.Code, rec304.Header().Get("Cache-Control"))
	}

	// A day inside the state is sent to the state's first day.
	rec = get(t, srv, "/tiles/border/v/"+version+"/2023-08-31"+vorukh)
	if rec.Code != http.StatusFound || rec.Header().Get("Location") != "http://example.com"+versioned {
		t.Errorf("a day inside the state: %d, Location %q", rec.Code, rec.Header().Get("Location"))
	}
	for _, bad := range []string{"/tiles/border/v/" + version + "/yesterday" + vorukh, "/tiles/border/v/" + version + "/2023-04-01/10/712/388.png", versioned + "?datetime=2022-01-01"} {
		if rec := get(t, srv, bad); rec.Code/100 != 4 {
			t.Errorf("%s: %d, want a 4xx", bad, rec.Code)
		}
	}

	// An import: another replica hands out the new version's URL before
	// this process has read the version again; it asks the store at once.
	if err := st.Put(ctx, geo.Dataset{Events: st.ds.Events[:1]}); err != nil {
		t.Fatal(err)
	}
	version2, err := st.Version(ctx)
	if err != nil || version2 == version {
		t.Fatalf("the write left the version at %s (%v)", version2, err)
	}
	newURL := strings.Replace(versioned, "/v/"+version+"/", "/v/"+version2+"/", 1)
	rec = get(t, srv, newURL)
	wantStatus(t, rec, http.StatusOK, mvtType)
	if got := tileJSONTiles(t, srv, "?datetime=2023-09-01"); !strings.Contains(got, "/v/"+version2+"/2023-04-01/") {
		t.Errorf("after the import TileJSON gives %q", got)
	}
	rec = get(t, srv, versioned)
	if rec.Code != http.StatusFound || rec.Header().Get("Location") != "http://example.com"+newURL {
		t.Errorf("the old version's URL: %d, Location %q, want a redirect to %s", rec.Code, rec.Header().Get("Location"), newURL)
	}
	if cc := rec.Header().Get("Cache-Control"); strings.Contains(cc, "immutable") {
		t.Errorf("the redirect is cached as immutable: %q", cc)
	}
}

// TestTileOpensInGDAL fetches a tile over HTTP and opens it with GDAL's MVT
// driver, as QGIS would.
func TestTileOpensInGDAL(t *testing.T) {
	ogrinfo := testtool.GDAL(t, "ogrinfo")
	srv := httptest.NewServer(newTestServer(t, newTestStore(t)))
	t.Cleanup(srv.Close)
	resp, body := rawGet(t, srv, vorukhTile+"?datetime=2023-09-01")
	if resp.StatusCode != 200 {
		t.Fatal(resp.Status)
	}
	path := filepath.Join(t.TempDir(), "10", "712", "388.mvt")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, body, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(ogrinfo, "-ro", "-al", "-q", path).CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo: %v\n%s", err, out)
	}
	for _, want := range []string{"Layer name: frontier", "Layer name: countries", "status (String) = contested", "sector (String) = Vorukh enclave"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("ogrinfo output lacks %q:\n%.2000s", want, out)
		}
	}
}
