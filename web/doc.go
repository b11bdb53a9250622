// Package web is Frontier's HTTP face, an Echo v4 server that NewServer
// returns as an http.Handler (it owns no socket; cmd/frontier does, and
// tests drive it with httptest). It reads through the Store interface it
// declares and writes through Desk, so it never sees SQL; data.Store
// satisfies both. A Config it cannot serve as written is refused by
// NewServer with an error (Config.Validate gives the same one early).
//
// Routes. routes.go lists every route and the middleware every request
// passes (middleware.go: request id, metrics, the request log, panic
// recovery; security.go: headers and size limits; hosts.go: the Host
// check). They are:
//
//   - OGC API – Features (handle_landing.go, handle_collections.go,
//     handle_items.go): /, /conformance, /api, /collections and each
//     collection's items as GeoJSON for GIS tools, HTML tables for people
//     and CSV for spreadsheets, filtered by bbox, datetime, properties and
//     q, paged by offset or by key. The collections come from geo's
//     registry (geo.Collections), so web names no collection itself.
//   - Tiles: /tiles/border.json (TileJSON), /tiles/border/... (MVT, and
//     versioned immutable URLs), /styles/border.json, and OGC API – Tiles
//     (handle_ogctiles.go), all drawn by a tiles.Renderer.
//   - Pages: the map page and its embedded assets (handle_ui.go), /embed,
//     /oembed and /static.png (handle_embed.go, handle_oembed.go,
//     handle_static.go, all reading one viewState: view.go), /about and
//     /meta (handle_about.go), /stats, /healthz and /metrics.
//   - The newsroom desk (auth.go, handle_desk.go, handle_publish.go,
//     handle_users.go): POST, PUT, PATCH and DELETE of items by a desk
//     user's bearer token, each validated through the registry as an import
//     is and kept as a draft until a publisher's POST /publish applies the
//     drafts as one new dataset version; item history, /changes.atom and
//     /users. Without a Desk, or with Config.ReadOnly, writes are 405.
//
// Errors. Handlers return errors; errors.go is the one mapping from error
// to status and RFC 9457 problem body (an HTML problem page for a browser),
// and logs the unexpected ones once, answered with a bare 500.
//
// Caches. Everything cached is keyed by the dataset version, so a publish
// or an import is seen at once: rendered item pages (respcache.go,
// bounded in bytes, with their gzip form and ETag), numberMatched counts
// and collection extents (otter caches), tiles in the tiles.Renderer and
// pictures in the staticmap.Renderer.
//
// The hot path. A tile already in the Renderer's cache is answered before
// Echo by hot_tiles.go, with the same headers, log line and metrics as the
// full chain; anything else (a miss, a conditional request, another
// parameter, a Host outside the allow-list) goes through Echo untouched.
//
// Heavy work. Drawing a /static.png costs up to a second of CPU; heavy.go
// lets a few drawings run at once on low-priority threads, queues a few
// more, and answers the rest 503 with Retry-After (BusyError).
//
// Languages. Pages, tables, the embed and the picture's caption speak
// English, Russian, Kyrgyz and Tajik from the i18n catalogs; lang.go picks
// the language (lang=, else Accept-Language) and names it in
// Content-Language and Vary.
//
// Hosts. Absolute links start at Config.PublicURL, or at the request's own
// Host once hosts.go finds it in Config.AllowedHosts; any other Host is
// answered 421 (ErrMisdirected), and X-Forwarded-* are believed only from
// Config.TrustedProxies.
package web
