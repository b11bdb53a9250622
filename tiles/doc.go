// Package tiles draws Frontier's map as Mapbox Vector Tiles (MVT): five
// layers (LayerFrontier, LayerClashes, LayerDeployments, LayerCountries,
// LayerPlaces, named like the features API's collections) as of any
// instant, in Web Mercator tiles addressed by Key (z/x/y). It knows no
// HTTP and no SQL: it reads a Source (data.Store satisfies it) and returns
// bytes, which web serves and Renderer.WriteArchive hands to a TileSink
// (data's MBTiles file, tiles/pmtiles' writer) for a static host or a CDN.
//
// The main types:
//
//   - Key is a tile's address; ParseKey reads one from a URL (z up to
//     MaxZoom, x and y below 2^z); KeysIn lists a zoom's tiles over a box.
//   - Renderer draws and caches tiles (NewRenderer, Options); Tile is one
//     encoded tile, raw and gzipped, with its ETags. View is what a
//     Renderer knows of one instant without drawing (the static picture in
//     tiles/staticmap keys its own cache by it).
//   - Schemas, TileJSON and Style describe the layers to clients: the
//     TileJSON's vector_layers, a MapLibre style.
//
// How a tile is made. A Renderer reads the dataset version from its Source
// (trusting it for Options.VersionTTL) and, once per version, builds a
// snapshot: the days on which anything a tile shows can change, the
// layers' extents, a cluster index over every clash's point (from
// PointSource when the Source offers it), and a shape index, which projects
// the frontier's lines and the countries' polygons to Web Mercator once and
// splits them into a tree of tiles down to z10, each node cut from its
// parent's share (geojson-vt's idea), so that a cold tile clips a few dozen
// vertices and reads nothing from the store. A tile as of an instant is
// then drawn for the change state the instant falls in (the latest change
// day on or before it): every instant between two changes shares one
// drawing. Geometry is clipped to the tile plus Buffer, simplified with
// Tolerance (the same in tile units at every zoom), encoded with orb's MVT
// encoder in a fixed order, so that the same data gives the same bytes,
// and gzipped once when that makes the tile smaller.
//
// The cache. Drawn tiles are kept in a cache bounded in bytes
// (DefaultCacheBytes, least recently used out) under the dataset version,
// the change state and the key; concurrent requests for a tile not yet
// cached share one drawing (singleflight), which finishes even when its
// requesters leave. Renderer.Tile returns a tile from the cache or drawn;
// Renderer.TileTimed also says how long the drawing took, which the
// server's fast path (web/hot_tiles.go) sends in Server-Timing.
// Renderer.ETag answers a conditional request from the version alone.
//
// Versioned tile URLs (VersionedTilePath) name the dataset version and the
// change state, so their bytes never change and a CDN may keep them for a
// year; an import publishes new URLs through the TileJSON instead of
// purging old ones.
package tiles
