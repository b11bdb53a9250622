// vendor.mjs copies the map page's third-party files from node_modules
// into web/ui/vendor/, which go:embed then bakes into the binary. It runs
// from `make ui` after `npm ci`, so the versions are package-lock.json's.
//
// The ES modules are served as they are, except that the bare imports
// (@mapbox/vector-tile importing @mapbox/point-geometry, pmtiles importing
// fflate) are rewritten to relative paths: a browser resolves bare names only through an import map,
// and an inline import map would need 'unsafe-inline' in script-src.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const nm = join(root, 'node_modules');
const out = join(root, 'web', 'ui', 'vendor');

// [from under node_modules, to under vendor/, rewrite]
const files = [
  ['leaflet/dist/leaflet.js', 'leaflet.js'],
  ['leaflet/dist/leaflet.css', 'leaflet.css'],
  ['leaflet/LICENSE', 'LICENSE.leaflet'],
  ['pbf/index.js', 'pbf.js'],
  ['pbf/LICENSE', 'LICENSE.pbf'],
  ['@mapbox/point-geometry/index.js', 'point-geometry.js'],
  ['@mapbox/point-geometry/LICENSE', 'LICENSE.point-geometry'],
  [
    '@mapbox/vector-tile/index.js',
    'vector-tile.js',
    (s) => rewrite(s, "from '@mapbox/point-geometry'", "from './point-geometry.js'"),
  ],
  ['@mapbox/vector-tile/LICENSE.txt', 'LICENSE.vector-tile'],
  // The static site's page reads its tiles from a PMTiles archive; fflate
  // is pmtiles' gzip fallback where DecompressionStream is missing. Both
  // are loaded only by a static page (source.js imports them on demand).
  [
    'pmtiles/dist/esm/index.js',
    'pmtiles.js',
    (s) => rewrite(s, 'from"fflate"', 'from"./fflate.js"'),
  ],
  // pmtiles ships no LICENSE file; its package.json names BSD-3-Clause.
  ['pmtiles/package.json', 'LICENSE.pmtiles.package.json'],
  ['fflate/esm/browser.js', 'fflate.js'],
  ['fflate/LICENSE', 'LICENSE.fflate'],
];

function rewrite(s, from, to) {
  if (!s.includes(from)) {
    throw new Error(`vendor: ${from} not found; the package changed, update vendor.mjs`);
  }
  return s.replaceAll(from, to);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const [from, to, edit] of files) {
  const src = join(nm, from);
  if (edit) {
    writeFileSync(join(out, to), edit(readFileSync(src, 'utf8')));
  } else {
    copyFileSync(src, join(out, to));
  }
}
console.log(`vendor: ${files.length} files in web/ui/vendor`);
