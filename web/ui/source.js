// source.js is where the map page and the embed get their data: from
// Frontier's API, or, in a static export (`frontier export --format site`,
// which marks the page's body data-static), from the files beside the page:
// one PMTiles archive read with range requests and the GeoJSON of every
// collection, filtered here by date as the API would filter them.
const base = document.body.dataset.base;
export const isStatic = document.body.dataset.static === 'true';

// cache is the fetch cache mode of API requests: no-cache once the desk
// has published from this page (desk.js asks map.js for a reload), since
// what the browser holds is then stale.
let cache = 'default';
export function noCache() {
  cache = 'no-cache';
}

// ---- static files --------------------------------------------------------

let archive;
async function pmtiles() {
  if (!archive) {
    // Imported on demand: a page served by Frontier never loads it.
    archive = import('./vendor/pmtiles.js').then(
      ({ PMTiles }) => new PMTiles(`${base}/border.pmtiles`),
    );
  }
  return archive;
}

const files = new Map();
function file(name) {
  if (!files.has(name)) {
    files.set(
      name,
      fetch(`${base}/${name}`).then((r) => {
        if (!r.ok) throw new Error(`${name}: ${r.status}`);
        return r.json();
      }),
    );
  }
  return files.get(name);
}

// periodAt returns the status period of a history that holds on date.
function periodAt(history, date) {
  return (history || []).find(
    (p) => (!p.valid_from || p.valid_from <= date) && (!p.valid_to || date < p.valid_to),
  );
}

// statusAt reads a tile's status_periods ("status:from:to,...") at date.
export function statusAt(periods, date) {
  for (const part of (periods || '').split(',')) {
    const [status, from, to] = part.split(':');
    if (status && (!from || from <= date) && (!to || date < to)) return status;
  }
  return undefined;
}

// A feature's own time, as the API's datetime=../DATE keeps it: an event
// from its first day, a deployment from its earliest dated claim.
function since(kind, p) {
  if (kind === 'clashes') return p.date_start;
  const dates = (p.status_claims || [])
    .map((c) => c.date)
    .filter(Boolean)
    .sort();
  return dates[0] || p.since;
}

// asOf copies a feature with the properties the API gives as of date: a
// deployment's latest claimed status, a segment's status then.
function asOf(kind, f, date) {
  const p = { ...f.properties };
  if (kind === 'deployments') {
    const claims = (p.status_claims || [])
      .filter((c) => c.date && c.date <= date)
      .sort((a, b) => (a.date < b.date ? -1 : 1));
    if (claims.length) {
      p.status = claims[claims.length - 1].status;
      p.status_date = claims[claims.length - 1].date;
    }
  }
  if (kind === 'frontier') {
    const per = periodAt(p.status_history, date);
    p.status = per ? per.status : null;
  }
  return { ...f, properties: p };
}

// ---- what the page asks for ----------------------------------------------

// tiles returns the border layer's source for date: an object with a key
// (a new key redraws the tiles), get(z, x, y) resolving to the MVT bytes
// (null for an empty tile) and status(properties) naming a segment's status
// to draw.
export async function tiles(date) {
  if (isStatic) {
    const p = await pmtiles();
    return {
      key: `pmtiles@${date}`,
      get: async (z, x, y) => {
        const t = await p.getZxy(z, x, y);
        return t ? t.data : null;
      },
      status: (props) => statusAt(props.status_periods, date),
    };
  }
  const r = await fetch(`${base}/tiles/border.json?datetime=${date}`, { cache });
  if (!r.ok) throw new Error(`TileJSON: ${r.status}`);
  return templateSource((await r.json()).tiles[0]);
}

// templateSource fetches tiles from a URL template, as TileJSON gives it.
export function templateSource(template) {
  return {
    key: template,
    get: async (z, x, y) => {
      const url = template.replace('{z}', z).replace('{x}', x).replace('{y}', y);
      const r = await fetch(url);
      if (r.status === 204) return null; // an empty tile
      if (!r.ok) throw new Error(`tile ${url}: ${r.status}`);
      return r.arrayBuffer();
    },
    status: (props) => props.status,
  };
}

// features returns the FeatureCollection of kind up to date: its first
// page, with numberMatched. Of the clashes, when they are more than a
// page, it returns none of them (the page draws them from the tiles): a
// page of one first says how many there are, so that an ACLED-sized set
// costs a one-feature answer, not a thousand features nobody sees.
export async function features(kind, date) {
  if (isStatic) {
    const fc = await file(`data/${kind}.geojson`);
    const kept = fc.features.filter((f) => {
      const s = since(kind, f.properties);
      return s && s <= date;
    });
    return {
      type: 'FeatureCollection',
      features: kept.map((f) => asOf(kind, f, date)),
      numberMatched: kept.length,
    };
  }
  const query = { datetime: `../${date}` };
  if (kind !== 'clashes') return items(kind, query);
  const head = await items(kind, { ...query, limit: '1' });
  if (head.numberMatched <= head.features.length) return head;
  if (head.numberMatched > PAGE) return { ...head, features: [], numberReturned: 0 };
  return items(kind, query);
}

// PAGE is the most features the page asks for at once: a view never
// fetches more than it can show (the table pages through the rest).
export const PAGE = 1000;

// items returns one page of a collection's features meeting the query (an
// object of parameters; limit defaults to PAGE), with the API's
// numberMatched and links; next(page) returns the page after it.
async function items(kind, query) {
  const q = new URLSearchParams({ limit: String(PAGE), ...query });
  return page(`${base}/collections/${kind}/items?${q}`, kind);
}

async function page(url, what) {
  const r = await fetch(url, { cache });
  if (!r.ok) throw new Error(`${what}: ${r.status}`);
  return r.json();
}

// next returns the page after fc (from its next link), or null at the end.
export async function next(fc) {
  const link = (fc.links || []).find((l) => l.rel === 'next');
  return link ? page(link.href, 'next page') : null;
}

// everything returns every feature meeting the query, a page at a time:
// for the collections that are few (segments, places).
async function everything(kind, query) {
  let fc = await items(kind, query);
  const features = [...fc.features];
  while ((fc = await next(fc))) features.push(...fc.features);
  return { type: 'FeatureCollection', features, numberMatched: features.length };
}

// item returns one feature of kind by id: a clash a reader opens from the
// tiles, which carry only what draws it.
export async function item(kind, id) {
  if (isStatic) {
    const f = (await file(`data/${kind}.geojson`)).features.find((x) => x.id === id);
    if (!f) throw new Error(`${kind} ${id}: not found`);
    return f;
  }
  return page(`${base}/collections/${kind}/items/${encodeURIComponent(id)}`, `${kind} ${id}`);
}

// unmapped returns the first page of the clashes up to date that no source
// locates (geo_precision 0); next() pages on. Only asked for when the date
// holds more clashes than one page, so never of a static site.
export async function unmapped(date) {
  return items('clashes', { datetime: `../${date}`, geo_precision: '0' });
}

// find returns the first limit clashes up to date whose title or place
// holds text (the API's q), with numberMatched.
export async function find(text, date, limit) {
  return items('clashes', { datetime: `../${date}`, q: text, limit: String(limit) });
}

// near returns the first limit clashes up to date within box (a Leaflet
// LatLngBounds): the events of a cluster that never splits.
export async function near(box, date, limit) {
  return items('clashes', {
    datetime: `../${date}`,
    bbox: box.toBBoxString(),
    limit: String(limit),
  });
}

// tableURL is the accessible table of the clashes meeting the same query.
export function tableURL(query) {
  return `${base}/collections/clashes/items?${new URLSearchParams({ ...query, f: 'html' })}`;
}

// sectors returns the frontier's segments at date, each with its status
// then.
export async function sectors(date) {
  if (isStatic) {
    const fc = await file('data/frontier.geojson');
    const kept = fc.features.filter((f) => periodAt(f.properties.status_history, date));
    return { type: 'FeatureCollection', features: kept.map((f) => asOf('frontier', f, date)) };
  }
  return everything('frontier', { datetime: date });
}

// all returns every feature of a collection (places, for search).
export async function all(kind) {
  if (isStatic) return file(`data/${kind}.geojson`);
  return everything(kind, {});
}

// meta returns the dataset's description (/meta).
export async function meta() {
  if (isStatic) return file('meta.json');
  const r = await fetch(`${base}/meta`);
  if (!r.ok) throw new Error(`meta: ${r.status}`);
  return r.json();
}

// frontierBounds returns the frontier's [west, south, east, north].
export async function frontierBounds() {
  if (isStatic) {
    const fc = await file('data/frontier.geojson');
    const b = [Infinity, Infinity, -Infinity, -Infinity];
    for (const f of fc.features) {
      for (const line of f.geometry.type === 'LineString'
        ? [f.geometry.coordinates]
        : f.geometry.coordinates) {
        for (const [x, y] of line) {
          b[0] = Math.min(b[0], x);
          b[1] = Math.min(b[1], y);
          b[2] = Math.max(b[2], x);
          b[3] = Math.max(b[3], y);
        }
      }
    }
    return b;
  }
  const r = await fetch(`${base}/collections/frontier`);
  return (await r.json()).extent.spatial.bbox[0];
}

// stats returns the figures of /stats for date; in a static page they are
// computed from the frontier's GeoJSON (each segment's length and status
// history) and the dataset's metadata, as the server computes them.
export async function stats(date) {
  if (!isStatic) {
    const r = await fetch(`${base}/stats?datetime=${date}`, { cache });
    if (!r.ok) throw new Error(`stats: ${r.status}`);
    return r.json();
  }
  const [fc, m, figures] = await Promise.all([
    file('data/frontier.geojson'),
    meta(),
    file('data/reported.json'),
  ]);
  const km = {};
  let total = 0;
  for (const f of fc.features) {
    const len = f.properties.length_km || 0;
    total += len;
    const per = periodAt(f.properties.status_history, date);
    if (per) km[per.status] = (km[per.status] || 0) + len;
  }
  const share = {};
  for (const [s, v] of Object.entries(km)) share[s] = total ? v / total : 0;
  // The figures reported up to the date, oldest first, and the status
  // figures of the latest day that has any (as /stats picks them).
  const reported = (figures || [])
    .filter((f) => f.date && f.date <= date)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const latest = [];
  for (let i = reported.length - 1; i >= 0; i--) {
    const f = reported[i];
    if (f.kind !== 'status') continue;
    if (latest.length && f.date !== latest[0].date) break;
    latest.unshift(f);
  }
  return {
    km,
    share,
    measured_length_km: total,
    reported,
    reported_latest: latest,
    // /meta names the source by id; /stats gives the source itself.
    official_length_km: m.official_length_km,
    official_length_source: (m.sources || []).find((x) => x.id === m.official_length_source) || {
      id: m.official_length_source,
    },
  };
}
