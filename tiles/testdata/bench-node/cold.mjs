// The Node side of `make bench-cold`: the five layers Frontier serves, read
// from GeoJSON that Frontier's own API wrote, tiled by geojson-vt and
// encoded with vt-pbf on request, over HTTP, the way a Node tile server
// built on them answers.
//
//   node cold.mjs DIR    (DIR holds countries, frontier, deployments,
//                         clashes and places .geojson)
//
// Each layer is indexed before the server listens (as Frontier builds its
// snapshot before the timing starts); every tile is then cut from
// geojson-vt's tree on its first request, gzipped as Frontier gzips (when
// the client accepts it and it pays), and not kept as bytes. It prints the port it listens on.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import zlib from 'node:zlib';
import { GeoJSONVT } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';

const dir = process.argv[2];
// Frontier's settings: 4096 units, a 64-unit buffer, a 4-unit tolerance.
const options = {
  maxZoom: 14,
  indexMaxZoom: 5,
  indexMaxPoints: 100000,
  extent: 4096,
  buffer: 64,
  tolerance: 4,
};
const layers = {};
for (const name of ['countries', 'frontier', 'deployments', 'clashes', 'places']) {
  layers[name] = new GeoJSONVT(JSON.parse(readFileSync(`${dir}/${name}.geojson`, 'utf8')), options);
}

const server = http.createServer((req, res) => {
  const m = /^\/(\d+)\/(\d+)\/(\d+)\.mvt$/.exec(req.url);
  if (!m) {
    res.writeHead(404).end();
    return;
  }
  const [z, x, y] = m.slice(1).map(Number);
  const start = performance.now();
  const tile = {};
  let any = false;
  for (const [name, index] of Object.entries(layers)) {
    const t = index.getTile(z, x, y);
    if (t && t.features.length > 0) {
      tile[name] = t;
      any = true;
    }
  }
  // Server-Timing as Frontier sends it: the drawing, from the request
  // read to the bytes ready (gzip included), in milliseconds.
  const timing = () => `draw;dur=${(performance.now() - start).toFixed(3)}`;
  if (!any) {
    res.writeHead(204, { 'Server-Timing': timing() }).end();
    return;
  }
  let body = Buffer.from(fromGeojsonVt(tile, { version: 2, extent: 4096 }));
  const headers = { 'Content-Type': 'application/vnd.mapbox-vector-tile' };
  // Frontier's gzip policy (tiles/render.go minGzip): only a tile of
  // 512 bytes or more, and only when gzip makes it smaller, at the
  // fastest level, as Frontier compresses.
  if (body.length >= 512 && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
    const gz = zlib.gzipSync(body, { level: 1 });
    if (gz.length < body.length) {
      body = gz;
      headers['Content-Encoding'] = 'gzip';
    }
  }
  headers['Content-Length'] = body.length;
  headers['Server-Timing'] = timing();
  res.writeHead(200, headers).end(body);
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
