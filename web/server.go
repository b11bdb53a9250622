package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/maypok86/otter/v2"

	"github.com/frontier-map/frontier/geo"
	"github.com/frontier-map/frontier/i18n"
	"github.com/frontier-map/frontier/tiles"
	"github.com/frontier-map/frontier/tiles/staticmap"
)

// Store is what the server reads. data.Store satisfies it.
type Store interface {
	// Reader reads the collections' features (geo.Collection).
	geo.Reader
	Meta(ctx context.Context) (geo.Meta, error)
	Sources(ctx context.Context) ([]geo.Source, error)
	// Reported are the reported figures on the frontier's status.
	Reported(ctx context.Context) ([]geo.ReportedFigure, error)
	// Count is how many features of a collection the filter selects,
	// Limit and Offset aside (numberMatched).
	Count(ctx context.Context, collection string, f geo.Filter) (int, error)
	// Extent is the space and time a collection's features cover.
	Extent(ctx context.Context, collection string) (geo.Extent, error)
	// Version changes whenever the data changes (for ETags and caches).
	Version(ctx context.Context) (string, error)
	Ping(ctx context.Context) error
}

// Config is what the server needs besides its store and logger.
type Config struct {
	// PublicURL is the absolute URL the service is reached at, path prefix
	// included ("https://maps.example.org/frontier"), for links and the
	// OpenAPI servers entry when Frontier runs behind a proxy. When empty,
	// links are built from the request's scheme and Host header, once the
	// Host is found in AllowedHosts.
	PublicURL string
	// AllowedHosts are the hosts a request may name (DefaultAllowedHosts
	// when nil; PublicURL's host is always allowed): "name", "name:port",
	// "*.name" or an address. Any other Host is answered 421.
	AllowedHosts []string
	// TrustedProxies are the addresses (or CIDR prefixes) of the proxies
	// whose X-Forwarded-Host and X-Forwarded-Proto are believed. From any
	// other peer those headers are ignored, since any client can set them.
	TrustedProxies []string
	// Now is the clock (time.Now when nil): the default datetime and the
	// timeStamp of every response. Tests pin it.
	Now func() time.Time
	// TileMaxAge is the Cache-Control max-age of tiles; zero answers
	// no-cache (clients revalidate with the ETag every time).
	TileMaxAge time.Duration
	// TileCacheBytes bounds the in-memory tile cache (tiles.DefaultCacheBytes
	// when zero, off when negative).
	TileCacheBytes int64
	// ResponseCacheBytes bounds the rendered pages of items kept in
	// memory (DefaultResponseCacheBytes when zero, off when negative).
	ResponseCacheBytes int64
	// EmbedOrigins are the origins (scheme://host[:port], "*." for every
	// subdomain) allowed to frame /embed; empty allows every origin. Every
	// other page may be framed by this origin only.
	EmbedOrigins []string
	// BasemapURL is an optional raster basemap for the map page and the
	// embed, a Leaflet tile URL template, with its BasemapAttribution.
	BasemapURL, BasemapAttribution string
	// ReadOnly refuses every write (405) even when the store could take
	// it, and says so on /healthz.
	ReadOnly bool
}

// Validate reports whether the configuration can be served: the error
// NewServer would return for it. cmd calls it before opening the store so
// that a bad --public-url stops the program before anything is written.
func (c Config) Validate() error {
	_, err := c.parse()
	return err
}

// settings are what NewServer builds from a Config once it is checked.
type settings struct {
	hosts   hostPolicy
	origins []string
	basemap basemap
}

// parse reads every setting a user can get wrong: the public URL, the host
// allow-list and trusted proxies, the embed origins and the basemap.
func (c Config) parse() (settings, error) {
	var set settings
	var err error
	if set.hosts, err = c.hostPolicy(); err != nil {
		return settings{}, err
	}
	for _, o := range c.EmbedOrigins {
		o, err := parseEmbedOrigin(o)
		if err != nil {
			return settings{}, err
		}
		set.origins = append(set.origins, o)
	}
	if set.basemap, err = parseBasemap(c.BasemapURL, c.BasemapAttribution); err != nil {
		return settings{}, err
	}
	return set, nil
}

// parsePublicURL reads PublicURL as an absolute http(s) base without query
// or fragment, returned without a trailing slash; "" stays "".
func parsePublicURL(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("web: public URL %q: %w", s, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("web: public URL %q: want an absolute http or https URL with no query, fragment or user", s)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// hostPolicy reads PublicURL, AllowedHosts and TrustedProxies.
func (c Config) hostPolicy() (hostPolicy, error) {
	base, err := parsePublicURL(c.PublicURL)
	if err != nil {
		return hostPolicy{}, err
	}
	allowed := c.AllowedHosts
	if allowed == nil {
		allowed = DefaultAllowedHosts("")
	}
	return newHostPolicy(base, allowed, c.TrustedProxies)
}

// Server answers Frontier's HTTP API. It is an http.Handler; it owns no
// socket, so tests drive it with httptest.
type Server struct {
	echo        *echo.Echo
	store       Store
	logger      *slog.Logger
	now         func() time.Time
	hosts       hostPolicy
	collections []*collection
	// pages are the HTML templates by language code, then name; words
	// the message catalogs.
	pages map[string]map[string]*template.Template
	words *i18n.Catalogs

	tiles            *tiles.Renderer
	tileCacheControl []string
	// responses are rendered pages of items, by what they depend on.
	responses *responseCache
	// seen is the dataset version last read (version.go).
	seen atomic.Pointer[seenVersion]
	// prefetching is set while a next page of items is rendered ahead
	// (prefetchNext).
	prefetching atomic.Bool
	// counts are numberMatched by dataset version, collection and filter.
	counts *otter.Cache[string, int]
	// extents are the collections' extents by dataset version.
	extents *otter.Cache[string, geo.Extent]
	metrics *metrics
	// hot answers cached tiles before Echo (hot_tiles.go); ids gives
	// every request its X-Request-Id on either path.
	hot *hotTiles
	ids *requestIDs

	// pictures draws /static.png; embedCSP is the policy of /embed.
	pictures *staticmap.Renderer
	// heavy lets through the drawings of pictures, a few at a time.
	heavy    *heavyGate
	embedCSP string
	// basemap is the optional raster basemap; pageCSP the map page's
	// policy, which names its host.
	basemap basemap
	pageCSP string

	// desk is the store's desk (nil when it has none); forcedReadOnly is
	// Config.ReadOnly; failures counts failed sign-ins per client.
	desk           Desk
	forcedReadOnly bool
	failures       *failures
}

// ErrNoStore is NewServer called without a store.
var ErrNoStore = errors.New("web: a server needs a store")

// NewServer returns the handler for every route in routes.go, or the error
// Config.Validate gives for cfg: a setting it cannot serve as written is
// refused, never logged and dropped (an ignored --embed-origins would let
// every site frame the map; an ignored --public-url would link elsewhere).
func NewServer(cfg Config, store Store, logger *slog.Logger) (http.Handler, error) {
	if store == nil {
		return nil, ErrNoStore
	}
	set, err := cfg.parse()
	if err != nil {
		return nil, err
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		echo:        echo.New(),
		store:       store,
		logger:      logger,
		now:         cfg.Now,
		collections: newCatalog(),
		words:       i18n.MustLoad(),
	}
	s.pages = parsePages(s.words)
	if s.now == nil {
		s.now = time.Now
	}
	s.desk, _ = store.(Desk)
	s.forcedReadOnly = cfg.ReadOnly
	s.failures = newFailures(time.Now)
	// A second of trust in the dataset version lets a hot tile come from
	// memory alone; an import shows in tiles within that second.
	s.tiles = tiles.NewRenderer(store, tiles.Options{CacheBytes: cfg.TileCacheBytes, VersionTTL: time.Second})
	s.tileCacheControl = tileCacheControl(cfg.TileMaxAge)
	s.responses = newResponseCache(cfg.ResponseCacheBytes)
	s.counts = otter.Must(&otter.Options[string, int]{MaximumSize: 4096})
	s.extents = otter.Must(&otter.Options[string, geo.Extent]{MaximumSize: 256})
	s.metrics = newMetrics(s)
	s.hot = newHotTiles(s.metrics)
	s.ids = newRequestIDs()
	s.hosts = set.hosts
	s.heavy = newHeavyGate(0, heavyQueuePerSlot, heavyMaxWait)
	s.pictures = staticmap.NewRenderer(store, pictureCacheBytes, s.heavy)
	s.basemap = set.basemap
	s.pageCSP = set.basemap.withImages(pageCSP)
	s.embedCSP = set.basemap.withImages(embedCSP(set.origins))
	s.echo.HideBanner = true
	s.echo.HidePort = true
	s.echo.HTTPErrorHandler = s.handleError
	s.routes()
	return s, nil
}

// ServeHTTP serves one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.serveTileFast(w, r) {
		return
	}
	s.echo.ServeHTTP(w, r)
}

// collection returns the catalogue entry with that id.
func (s *Server) collection(id string) (*collection, error) {
	for _, c := range s.collections {
		if c.ID == id {
			return c, nil
		}
	}
	return nil, &NotFoundError{What: fmt.Sprintf("collection %q", id)}
}

// baseURL is the absolute URL every link starts with: the configured public
// URL, or the request's scheme and allowed Host, as checkHost found it.
func (s *Server) baseURL(c echo.Context) (string, error) {
	if b, ok := c.Get(baseKey).(string); ok {
		return b, nil
	}
	return s.hosts.base(c.Request())
}

// validHost reports whether h is host[:port] with a DNS name, IPv4 address
// or bracketed IPv6 address: nothing that could smuggle a path, userinfo or
// markup into a link.
func validHost(h string) bool {
	if h == "" || len(h) > 261 {
		return false
	}
	host, port := h, ""
	allowed := func(r rune) bool { return r == '.' || r == '-' || r == '_' || isAlnum(r) }
	if strings.HasPrefix(h, "[") {
		end := strings.IndexByte(h, ']')
		if end < 0 {
			return false
		}
		host, port = h[1:end], h[end+1:]
		allowed = func(r rune) bool { return r == ':' || r == '.' || isHex(r) }
	} else if i := strings.LastIndexByte(h, ':'); i >= 0 {
		host, port = h[:i], h[i:]
	}
	if host == "" || strings.IndexFunc(host, func(r rune) bool { return !allowed(r) }) >= 0 {
		return false
	}
	if port == "" {
		return true
	}
	if port[0] != ':' || len(port) < 2 || len(port) > 6 {
		return false
	}
	return strings.IndexFunc(port[1:], func(r rune) bool { return r < '0' || r > '9' }) < 0
}

func isAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

func isHex(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F'
}
