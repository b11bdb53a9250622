// Package site writes Frontier as a static site: a folder that any host
// answering HTTP range requests (S3, R2, GitHub Pages, Netlify, nginx, a
// CDN) serves with no Frontier server behind it. The pages are the
// server's own, rendered once and marked static; the map reads its tiles
// from one PMTiles archive and its features from GeoJSON files beside it.
package site

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/frontier-map/frontier/geo"
	"github.com/frontier-map/frontier/tiles"
	"github.com/frontier-map/frontier/tiles/pmtiles"
	"github.com/frontier-map/frontier/web"
)

// Store is what the site is written from: what the server reads, which is
// also what the tiles are drawn from.
type Store interface {
	web.Store
	tiles.Source
}

// Options say where the site goes and how it is reached.
type Options struct {
	// Out is the folder written; it must be empty or absent.
	Out string
	// PublicURL is where the site will be served ("https://maps.example.org/frontier"),
	// for its links, Open Graph tags and oEmbed. Empty writes links from
	// the host's root ("/about", "/border.pmtiles"): the site then works
	// at the root of any host, and its share tags are not absolute.
	PublicURL string
	// MinZoom and MaxZoom bound the PMTiles archive (a map zoomed past
	// MaxZoom scales the deepest tiles).
	MinZoom, MaxZoom uint32
	// Lang is the pages' language ("en" when empty).
	Lang string
	// Now is the clock (time.Now when nil): the archive's and pages' "today".
	Now func() time.Time
	// Progress, when set, is told of the archive's tiles as they are drawn.
	Progress func(done, total int)
}

// Stats say what a site holds.
type Stats struct {
	Files int
	Bytes int64
	Tiles int
}

// placeholder stands for the public URL while pages are rendered without
// one; it is replaced by "" (root-relative links) in what is written.
const placeholder = "http://frontier.invalid"

// Archive is the PMTiles file's name in the site.
const Archive = "border.pmtiles"

// Write writes the site into opts.Out.
func Write(ctx context.Context, store Store, opts Options) (Stats, error) {
	if opts.MaxZoom > tiles.MaxZoom || opts.MinZoom > opts.MaxZoom {
		return Stats{}, fmt.Errorf("site: zooms %d..%d: want 0..%d, min not past max", opts.MinZoom, opts.MaxZoom, tiles.MaxZoom)
	}
	if err := emptyDir(opts.Out); err != nil {
		return Stats{}, err
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	render := opts.PublicURL
	if render == "" {
		render = placeholder
	}
	render = strings.TrimRight(render, "/")
	u, err := url.Parse(render)
	if err != nil || u.Host == "" {
		return Stats{}, fmt.Errorf("site: public URL %q: want an absolute http or https URL", opts.PublicURL)
	}
	cfg := web.Config{PublicURL: render, Now: opts.Now, ReadOnly: true, TileCacheBytes: -1}
	srv, err := web.NewServer(cfg, store, slog.New(slog.DiscardHandler))
	if err != nil {
		return Stats{}, fmt.Errorf("site: %w", err)
	}
	w := &writer{
		out: opts.Out, base: render, public: strings.TrimRight(opts.PublicURL, "/"), host: u.Host, lang: opts.Lang,
		srv: srv,
	}
	if err := w.pages(ctx); err != nil {
		return w.stats, err
	}
	if err := w.data(ctx); err != nil {
		return w.stats, err
	}
	if err := w.assets(); err != nil {
		return w.stats, err
	}
	if err := w.archive(ctx, store, opts); err != nil {
		return w.stats, err
	}
	return w.stats, nil
}

// emptyDir makes dir, refusing one that holds anything: a site is written
// whole, never over another.
func emptyDir(dir string) error {
	if dir == "" {
		return errors.New("site: no output folder")
	}
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return os.MkdirAll(dir, 0o755)
	case err != nil:
		return fmt.Errorf("site: %w", err)
	case len(entries) > 0:
		return fmt.Errorf("site: %s is not empty", dir)
	}
	return nil
}

type writer struct {
	out    string
	base   string // the URL pages are rendered with
	public string // the site's URL, "" for root-relative links
	host   string
	lang   string
	srv    http.Handler
	stats  Stats
}

// get renders one resource of the server as a reader's request would.
func (w *writer) get(ctx context.Context, target, accept string) ([]byte, error) {
	if w.lang != "" {
		sep := "?"
		if strings.Contains(target, "?") {
			sep = "&"
		}
		if !strings.HasPrefix(target, "/collections/") || strings.Contains(target, "f=html") {
			target += sep + "lang=" + url.QueryEscape(w.lang)
		}
	}
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	req.Host = w.host
	req.Header.Set("Accept", accept)
	rec := httptest.NewRecorder()
	w.srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		return nil, fmt.Errorf("site: %s: %d %.300s", target, rec.Code, rec.Body.String())
	}
	return rec.Body.Bytes(), nil
}

// put writes one file of the site, its links moved to the public URL.
func (w *writer) put(name string, body []byte, rewrite bool) error {
	if rewrite && w.public != w.base {
		body = bytes.ReplaceAll(body, []byte(w.base), []byte(w.public))
	}
	p := filepath.Join(w.out, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("site: %w", err)
	}
	if err := os.WriteFile(p, body, 0o644); err != nil {
		return fmt.Errorf("site: %w", err)
	}
	w.stats.Files++
	w.stats.Bytes += int64(len(body))
	return nil
}

var (
	bodyTag    = regexp.MustCompile(`<body\b`)
	oembedLink = regexp.MustCompile(`(<link rel="alternate" type="application/json\+oembed" href=")[^"]*(")`)
)

// page renders an HTML page and marks it static: the page's scripts then
// read the files beside it instead of the API, and oEmbed consumers find
// the oEmbed document the site carries.
func (w *writer) page(ctx context.Context, target, name string) error {
	body, err := w.get(ctx, target, "text/html")
	if err != nil {
		return err
	}
	body = bodyTag.ReplaceAll(body, []byte(`<body data-static="true"`))
	body = oembedLink.ReplaceAll(body, []byte("${1}"+w.base+"/oembed.json${2}"))
	return w.put(name, body, true)
}

// pages writes the map page, the embed, /about and the tables.
func (w *writer) pages(ctx context.Context) error {
	for target, name := range map[string]string{"/": "index.html", "/embed": "embed/index.html", "/about": "about/index.html"} {
		if err := w.page(ctx, target, name); err != nil {
			return err
		}
	}
	for _, c := range geo.Collections() {
		// The tables' links say ?f=html; a static host ignores the query
		// and answers the folder's index.
		if err := w.page(ctx, "/collections/"+c.ID+"/items?f=html&limit=10000", "collections/"+c.ID+"/items/index.html"); err != nil {
			return err
		}
	}
	oembed, err := w.get(ctx, "/oembed?url="+url.QueryEscape(w.base+"/"), "application/json")
	if err != nil {
		return err
	}
	if err := w.put("oembed.json", oembed, true); err != nil {
		return err
	}
	// One picture for every share tag: a static host ignores the query of
	// /static.png?datetime=... and answers this file.
	png, err := w.get(ctx, "/static.png", "image/png")
	if err != nil {
		return err
	}
	return w.put("static.png", png, false)
}

// data writes the GeoJSON of every collection, the dataset's metadata and
// the MapLibre style, which the static page and other clients read.
func (w *writer) data(ctx context.Context) error {
	for _, c := range geo.Collections() {
		fc, err := w.collection(ctx, c.ID)
		if err != nil {
			return err
		}
		if err := w.put("data/"+c.ID+".geojson", fc, true); err != nil {
			return err
		}
	}
	// Every reported figure with its sources in full, as /stats gives
	// them: the static page keeps those up to its date.
	stats, err := w.get(ctx, "/stats?datetime=9999-12-31", "application/json")
	if err != nil {
		return err
	}
	var reported struct {
		Reported json.RawMessage `json:"reported"`
	}
	if err := json.Unmarshal(stats, &reported); err != nil {
		return fmt.Errorf("site: /stats: %w", err)
	}
	if err := w.put("data/reported.json", reported.Reported, true); err != nil {
		return err
	}
	meta, err := w.get(ctx, "/meta", "application/json")
	if err != nil {
		return err
	}
	if err := w.put("meta.json", meta, true); err != nil {
		return err
	}
	style, err := json.MarshalIndent(tiles.Style(tiles.StyleOptions{SourceURL: "pmtiles://" + w.base + "/" + Archive}), "", " ")
	if err != nil {
		return err
	}
	return w.put("styles/border.json", style, true)
}

// collection reads every feature of a collection, following the next
// links past the page size.
func (w *writer) collection(ctx context.Context, id string) ([]byte, error) {
	var all struct {
		Type     string            `json:"type"`
		Features []json.RawMessage `json:"features"`
	}
	all.Type = "FeatureCollection"
	all.Features = []json.RawMessage{}
	for offset := 0; ; {
		body, err := w.get(ctx, fmt.Sprintf("/collections/%s/items?f=json&limit=10000&offset=%d", id, offset), "application/geo+json")
		if err != nil {
			return nil, err
		}
		var page struct {
			Features []json.RawMessage `json:"features"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return nil, fmt.Errorf("site: %s: %w", id, err)
		}
		all.Features = append(all.Features, page.Features...)
		if len(page.Features) < 10000 {
			break
		}
		offset += len(page.Features)
	}
	return json.Marshal(all)
}

// assets copies the page's scripts and styles where its URLs point.
func (w *writer) assets() error {
	version, files, err := web.UIAssets()
	if err != nil {
		return err
	}
	for name, body := range files {
		if err := w.put(path.Join("ui", version, name), body, false); err != nil {
			return err
		}
	}
	return nil
}

// archive writes the PMTiles file: every tile carries the frontier's whole
// status history (tiles.Options.Validity), so one set of tiles serves
// every date.
func (w *writer) archive(ctx context.Context, store Store, opts Options) error {
	r := tiles.NewRenderer(store, tiles.Options{CacheBytes: -1, Validity: true})
	meta, err := r.Metadata(ctx, opts.MinZoom, opts.MaxZoom)
	if err != nil {
		return err
	}
	p := filepath.Join(w.out, Archive)
	f, err := os.Create(p)
	if err != nil {
		return fmt.Errorf("site: %w", err)
	}
	pw := pmtiles.NewWriter(f, meta)
	st, err := r.WriteArchive(ctx, pw, tiles.ArchiveOptions{MinZoom: opts.MinZoom, MaxZoom: opts.MaxZoom, AsOf: opts.Now(), Progress: opts.Progress})
	if err == nil {
		err = pw.Close()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("site: %s: %w", Archive, err)
	}
	fi, err := os.Stat(p)
	if err != nil {
		return err
	}
	w.stats.Files++
	w.stats.Bytes += fi.Size()
	w.stats.Tiles = st.Tiles
	return nil
}
