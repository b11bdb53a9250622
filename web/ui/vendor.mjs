// vendor.mjs copies the map page's third-party files from node_modules
// into web/ui/vendor/, which go:embed then bakes into the binary. It runs
// from `make ui` after `npm ci`, so the versions are package-lock.json's.
//
// The ES modules are served as they are, except that the one bare import
// (@mapbox/vector-tile importing @mapbox/point-geometry) is rewritten to a
// relative path: a browser resolves bare names only through an import map,
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
  ['@mapbox/vector-tile/index.js', 'vector-tile.js', (s) => rewrite(s, "from '@mapbox/point-geometry'", "from './point-geometry.js'")],
  ['@mapbox/vector-tile/LICENSE.txt', 'LICENSE.vector-tile'],
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
