package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/frontier-map/frontier/geo"
)

// uiFiles is the map page's front end: our modules and stylesheet, and the
// npm libraries web/ui/vendor.mjs copies into ui/vendor (`make ui`). That
// copy is committed, so a fresh clone builds with the go command alone;
// the pattern names ui/vendor so that a tree without it fails to compile
// here rather than serve a page without its map.
//
//go:embed ui/*.js ui/*.css ui/*.svg ui/vendor
var uiFiles embed.FS

// pageCSP is the Content-Security-Policy of the map page: scripts, styles,
// tiles and data from this server only, no inline script, and framing by
// this origin only (/embed relaxes frame-ancestors for itself: embedCSP).
const pageCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"

// asset is one embedded front-end file, with its gzip form when that is
// smaller (the budget of issue 5 is counted gzipped, so it is served so).
type asset struct {
	body, gz []byte
	ctype    string
}

// uiAssets holds every front-end file and a version: a hash of all of
// them, which the page puts in the asset URLs (/ui/{version}/...). A
// versioned URL never changes its bytes, so it is cached for a year; the
// relative imports between modules stay inside the same version.
type uiAssets struct {
	version string
	files   map[string]asset
}

// loadUI reads and compresses the embedded files once per process: they
// are constant, so every server shares them.
var loadUI = sync.OnceValues(func() (*uiAssets, error) {
	ui := &uiAssets{files: map[string]asset{}}
	h := sha256.New()
	err := fs.WalkDir(uiFiles, "ui", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := uiFiles.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "ui/")
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(body))
		h.Write(body)
		a := asset{body: body, ctype: assetType(name)}
		if a.ctype != "text/plain; charset=utf-8" {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			zw.Write(body)
			zw.Close()
			if buf.Len() < len(body) {
				a.gz = buf.Bytes()
			}
		}
		ui.files[name] = a
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: read ui: %w", err)
	}
	ui.version = hex.EncodeToString(h.Sum(nil))[:12]
	return ui, nil
})

func assetType(name string) string {
	switch path.Ext(name) {
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	default:
		return "text/plain; charset=utf-8"
	}
}

// handleAsset answers GET /ui/{version}/{file}. A version other than the
// current one (a page cached across an upgrade) still gets the file, but
// not for a year.
func (s *Server) handleAsset(c echo.Context) error {
	ui, err := loadUI()
	if err != nil {
		return err
	}
	name := c.Param("*")
	a, ok := ui.files[name]
	if !ok {
		return &NotFoundError{What: fmt.Sprintf("file %q in the map page's assets", name)}
	}
	h := c.Response().Header()
	if c.Param("version") == ui.version {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	h.Set("X-Content-Type-Options", "nosniff")
	h.Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
	body := a.body
	if a.gz != nil && acceptsGzip(c.Request().Header.Get(echo.HeaderAcceptEncoding)) {
		body = a.gz
		h.Set(echo.HeaderContentEncoding, "gzip")
	}
	h.Set(echo.HeaderContentType, a.ctype)
	h.Set("ETag", `"`+ui.version+`"`)
	http.ServeContent(c.Response(), c.Request(), "", time.Time{}, bytes.NewReader(body))
	return nil
}

// mapPage is what templates/map.html needs.
type mapPage struct {
	Title       string
	Description string
	Disclaimer  string
	Attribution string
	// Base is the service's URL; Assets that of the current front end.
	Base, Assets string
	Collections  []*collection
	// Share are the Open Graph, Twitter card and oEmbed tags.
	Share shareMeta
	// Basemap is the optional raster basemap (--basemap-url).
	Basemap basemap
	// Langs are the page in each language; LangChosen says the request
	// named its language, which the permalink then keeps.
	Langs      []langLink
	LangChosen bool
}

// mapShell reads what the map page and the embed both start from: the
// base URL, the versioned URL of the front end's assets and the dataset's
// metadata.
func (s *Server) mapShell(c echo.Context) (base, assets string, meta geo.Meta, err error) {
	ui, err := loadUI()
	if err != nil {
		return "", "", meta, err
	}
	if base, err = s.baseURL(c); err != nil {
		return "", "", meta, err
	}
	meta, err = s.store.Meta(c.Request().Context())
	return base, base + "/ui/" + ui.version, meta, err
}

// handleMap answers GET / for browsers: the journalists' map page. It is
// a shell; web/ui/map.js reads everything else from the API.
func (s *Server) handleMap(c echo.Context) error {
	base, assets, meta, err := s.mapShell(c)
	if err != nil {
		return err
	}
	p := mapPage{
		Title:       meta.Title,
		Description: meta.Description,
		Disclaimer:  meta.Disclaimer,
		Attribution: meta.Attribution,
		Base:        base,
		Assets:      assets,
		Collections: s.collections,
		Basemap:     s.basemap,
	}
	if p.Title == "" {
		p.Title = "Frontier"
	}
	// The page's state is in its fragment, which the server never sees:
	// its picture is the default view, today.
	l := s.locale(c)
	p.Title, _ = dataText(l, p.Title)
	p.Description, _ = dataText(l, p.Description)
	p.Share = s.share(l, base, p.Title, p.Description, base+"/", viewState{})
	p.Langs, p.LangChosen = s.langLinks(c, base, l), s.langChosen(c)
	var buf bytes.Buffer
	if err := s.pages[l.Code]["map"].Execute(&buf, p); err != nil {
		return fmt.Errorf("render map: %w", err)
	}
	langHeaders(c, l)
	h := c.Response().Header()
	h.Set("Content-Security-Policy", s.pageCSP)
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-cache")
	return c.HTMLBlob(http.StatusOK, buf.Bytes())
}

// UIAssets returns the map page's front-end files by name and their
// version, as the page's asset URLs (/ui/{version}/{name}) name them: a
// static export copies them beside its pages.
func UIAssets() (version string, files map[string][]byte, err error) {
	ui, err := loadUI()
	if err != nil {
		return "", nil, err
	}
	files = make(map[string][]byte, len(ui.files))
	for name, a := range ui.files {
		files[name] = a.body
	}
	return ui.version, files, nil
}
