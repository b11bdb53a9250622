// The Node side of `make bench-scale`: the same points Frontier serves,
// clustered by supercluster and tiled by geojson-vt, each tile encoded with
// vt-pbf, timed tile by tile.
//
//   node bench.mjs EVENTS.csv KEYS.json   (KEYS: [[z, x, y], ...])
//
// Prints one JSON object: load and index times, and per zoom the time of
// each tile (ms) for supercluster (clustered like Frontier's clash layer:
// radius 320 of a 4096 extent, clusters up to z14) and for geojson-vt
// (every point, unclustered).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import Supercluster from 'supercluster';
import { GeoJSONVT } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';

const [csvPath, keysPath] = process.argv.slice(2);
const keys = JSON.parse(readFileSync(keysPath, 'utf8'));

// A small CSV reader: quoted fields with doubled quotes, as encoding/csv writes.
function* rows(text) {
  let i = 0;
  const n = text.length;
  while (i < n) {
    const row = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          const j = text.indexOf('"', i);
          field += text.slice(i, j);
          i = j + 1;
          if (text[i] === '"') {
            field += '"';
            i++;
          } else break;
        }
      } else {
        let j = i;
        while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
        field = text.slice(i, j);
        i = j;
      }
      row.push(field);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') i++;
      break;
    }
    yield row;
  }
}

const t0 = performance.now();
const text = readFileSync(csvPath, 'utf8');
const it = rows(text);
const head = it.next().value;
const col = Object.fromEntries(head.map((h, i) => [h, i]));
const features = [];
for (const r of it) {
  if (r.length < head.length) continue;
  features.push({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [+r[col.longitude], +r[col.latitude]] },
    properties: {
      id: r[col.event_id_cnty],
      date_start: r[col.event_date],
      event_type: r[col.event_type],
      fatalities: +r[col.fatalities] || 0,
    },
  });
}
const loadMs = performance.now() - t0;

const t1 = performance.now();
const sc = new Supercluster({
  radius: 320,
  extent: 4096,
  maxZoom: 14,
  minPoints: 2,
  map: (p) => ({ fatalities: p.fatalities, first: p.date_start, last: p.date_start }),
  reduce: (a, b) => {
    a.fatalities += b.fatalities;
    if (b.first < a.first) a.first = b.first;
    if (b.last > a.last) a.last = b.last;
  },
});
sc.load(features);
const scIndexMs = performance.now() - t1;

const t2 = performance.now();
const vt = new GeoJSONVT(
  { type: 'FeatureCollection', features },
  { maxZoom: 14, indexMaxZoom: 5, indexMaxPoints: 100000, extent: 4096, buffer: 64 },
);
const vtIndexMs = performance.now() - t2;

// geojson-vt slices a million unclustered points tile by tile from its
// z5 index and takes minutes for the z14 tiles; past a budget its remaining
// tiles are counted as skipped rather than timed.
const budgetMs = +(process.env.BENCH_NODE_BUDGET_MS || 90000);
let vtSpent = 0;
const out = {
  events: features.length,
  load_ms: loadMs,
  supercluster_index_ms: scIndexMs,
  geojsonvt_index_ms: vtIndexMs,
  supercluster: {},
  geojsonvt: {},
};
for (const [z, x, y] of keys) {
  let s = performance.now();
  const ct = sc.getTile(z, x, y);
  const a = ct ? fromGeojsonVt({ clashes: ct }, { version: 2, extent: 4096 }) : null;
  (out.supercluster[z] ||= []).push(performance.now() - s);
  let b = null;
  if (vtSpent < budgetMs) {
    s = performance.now();
    const vtile = vt.getTile(z, x, y);
    b = vtile ? fromGeojsonVt({ clashes: vtile }, { version: 2, extent: 4096 }) : null;
    const ms = performance.now() - s;
    vtSpent += ms;
    (out.geojsonvt[z] ||= []).push(ms);
  } else {
    out.geojsonvt_skipped = (out.geojsonvt_skipped || 0) + 1;
  }
  if ((a && a.length < 0) || (b && b.length < 0)) throw new Error('unreachable');
}
console.log(JSON.stringify(out));
