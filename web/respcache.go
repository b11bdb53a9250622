package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/maypok86/otter/v2"
)

// DefaultResponseCacheBytes bounds the rendered responses kept when
// Config.ResponseCacheBytes is zero: some hundreds of pages of features.
const DefaultResponseCacheBytes = 64 << 20

// rendered is a response body made once and served many times: raw and
// gzipped, each with its strong ETag (a hash of the bytes sent, so two
// renderings that differ in any byte never share one). Without gz, the raw
// bytes go to every client.
type rendered struct {
	contentType []string
	raw, gz     []byte
	etag, gzTag string
	// after is, for a page of items with a next page, the id that page
	// starts after (what prefetchNext renders ahead).
	after string
}

func (r *rendered) size() uint32 {
	return uint32(min(len(r.raw)+len(r.gz)+len(r.etag)+len(r.gzTag)+256, 1<<31))
}

// render makes a rendered from a body.
func render(contentType string, body []byte) (*rendered, error) {
	var buf bytes.Buffer
	// BestSpeed: a page of 10,000 features is several megabytes, and
	// compresses to about a tenth at this level in a tenth of the time
	// the default level takes.
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(body); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	tag := `"` + base64.RawURLEncoding.EncodeToString(sum[:18])
	return &rendered{contentType: []string{contentType}, raw: body, gz: buf.Bytes(), etag: tag + `"`, gzTag: tag + `-gzip"`}, nil
}

// responseCache keeps rendered responses by what they depend on (see
// cacheKey), least recently used first out, bounded in bytes. Its loader
// renders a missing entry once however many requests ask for it at once.
type responseCache struct {
	c *otter.Cache[string, *rendered]
}

func newResponseCache(maxBytes int64) *responseCache {
	if maxBytes == 0 {
		maxBytes = DefaultResponseCacheBytes
	}
	if maxBytes < 0 {
		return &responseCache{}
	}
	return &responseCache{c: otter.Must(&otter.Options[string, *rendered]{
		MaximumWeight: uint64(maxBytes),
		Weigher:       func(_ string, r *rendered) uint32 { return r.size() },
	})}
}

// get returns the response under key, rendering it when absent.
func (rc *responseCache) get(ctx context.Context, key string, build func() (*rendered, error)) (*rendered, error) {
	if rc.c == nil {
		return build()
	}
	return rc.c.Get(ctx, key, otter.LoaderFunc[string, *rendered](func(context.Context, string) (*rendered, error) {
		return build()
	}))
}

// enabled reports whether responses are kept at all.
func (rc *responseCache) enabled() bool { return rc.c != nil }

// has reports whether the response under key is cached.
func (rc *responseCache) has(key string) bool {
	if rc.c == nil {
		return false
	}
	_, ok := rc.c.GetIfPresent(key)
	return ok
}

// serve writes a rendered response: gzipped (when it has a gzipped
// form) to a client that accepts gzip (with Content-Encoding, and Vary: Accept-Encoding either way), 304
// to an If-None-Match naming its ETag.
func serve(c echo.Context, r *rendered) error {
	h := c.Response().Header()
	h.Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
	body, etag := r.raw, r.etag
	if r.gz != nil && acceptsGzip(c.Request().Header.Get(echo.HeaderAcceptEncoding)) {
		body, etag = r.gz, r.gzTag
		h[echo.HeaderContentEncoding] = gzipEncoding
	}
	h["Etag"] = []string{etag}
	if inm := c.Request().Header.Get("If-None-Match"); inm != "" && etagMatches(inm, etag) {
		h.Del(echo.HeaderContentEncoding)
		return c.NoContent(http.StatusNotModified)
	}
	h[echo.HeaderContentType] = r.contentType
	h[echo.HeaderContentLength] = []string{strconv.Itoa(len(body))}
	c.Response().WriteHeader(http.StatusOK)
	_, err := c.Response().Write(body)
	return err
}

// serveDocument answers with build's value as JSON under contentType,
// rendered once for everything the answer depends on (the dataset
// version, the base of its links, the path and query, and vary: whatever
// else it depends on, such as the second when it shows a state as of
// now) and then served from the response cache, gzipped to clients that
// take it, with a strong ETag. /collections and /stats cost a millisecond
// of CPU to build, a hundred times what serving the bytes costs, and
// clients ask them over and over between two changes of the data.
func (s *Server) serveDocument(c echo.Context, contentType, vary string, build func(ctx context.Context) (any, error)) error {
	base, err := s.baseURL(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	version, err := s.version(ctx)
	if err != nil {
		return err
	}
	key := strings.Join([]string{"doc", version, base, c.Request().URL.Path, c.QueryParams().Encode(), contentType, vary}, "\x00")
	r, err := s.responses.get(ctx, key, func() (*rendered, error) {
		// Built once for every request waiting: it finishes even if the
		// one that started it goes away.
		v, err := build(context.WithoutCancel(ctx))
		if err != nil {
			return nil, err
		}
		b, err := encodeJSON(v)
		if err != nil {
			return nil, fmt.Errorf("encode %s: %w", c.Request().URL.Path, err)
		}
		return render(contentType, b)
	})
	if err != nil {
		return err
	}
	return serve(c, r)
}
