// The MapLibre style (/styles/border.json, issue 15): it validates with
// MapLibre's own style-spec validator, and MapLibre GL JS (from npm, served
// from this machine) draws it in headless Chromium with software WebGL
// (SwiftShader): the contested and delimited frontier, the countries, and
// the clash areas, from the server's TileJSON and tiles.
//
//   node --test web/browsertest/style.test.mjs   (part of make test-browser)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';

import { root, serveFiles, shots, skip, useFrontier } from './harness.mjs';

// The test page and MapLibre GL JS come from another loopback origin, as a
// newsroom's page would load the style across origins. The server runs
// without Chromium too: the first test needs only it.
const env = useFrontier({
  webgl: true,
  withoutChromium: true,
  setup: async (env) => {
    if (skip) return;
    env.dir = mkdtempSync(join(tmpdir(), 'frontier-maplibre-'));
    copyFileSync(
      join(root, 'web', 'browsertest', 'testdata', 'maplibre.html'),
      join(env.dir, 'index.html'),
    );
    symlinkSync(join(root, 'node_modules', 'maplibre-gl', 'dist'), join(env.dir, 'maplibre'));
    env.pages = await serveFiles(env.dir);
  },
  teardown: async ({ pages, dir }) => {
    if (pages) await pages.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  },
});

test('/styles/border.json validates with @maplibre/maplibre-gl-style-spec', async () => {
  const r = await fetch(`${env.origin}/styles/border.json`);
  assert.equal(r.status, 200);
  const style = await r.json();
  const errors = validateStyleMin(style);
  assert.deepEqual(
    errors.map((e) => e.message),
    [],
    'the validator found errors',
  );
  assert.equal(style.version, 8);
  assert.equal(style.sources.frontier.url, `${env.origin}/tiles/border.json`);
  const ids = style.layers.map((l) => l.id);
  for (const id of [
    'countries-fill',
    'frontier-contested',
    'frontier-delimited',
    'clashes',
    'deployments',
    'places',
  ]) {
    assert.ok(ids.includes(id), `no layer ${id}`);
  }
  const sourceLayers = new Set(style.layers.map((l) => l['source-layer']).filter(Boolean));
  assert.deepEqual(
    [...sourceLayers].sort(),
    ['clashes', 'countries', 'deployments', 'frontier', 'places'],
    'every tile layer is drawn',
  );
  assert.ok(
    !('glyphs' in style) && !style.layers.some((l) => l.type === 'symbol'),
    'no glyphs are served, so no text layer',
  );
  // The validator is a real check: a broken copy fails it.
  const broken = structuredClone(style);
  broken.layers.find((l) => l.id === 'frontier-contested').paint['line-width'] = 'thick';
  assert.ok(validateStyleMin(broken).length > 0, 'the validator accepts a broken style');
});

test(
  'MapLibre GL JS draws the style in headless Chromium (software WebGL)',
  { skip, timeout: 90000 },
  async () => {
    const { context, page, errors } = await env.newPage({ viewport: { width: 900, height: 700 } });
    page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
    // 2023-09-01 is not in the style's TileJSON (now): on the default date
    // the frontier is delimited; the contested layer is checked at a date
    // through the TileJSON's datetime below.
    await page.goto(
      `${env.pages.origin}/?style=${encodeURIComponent(`${env.origin}/styles/border.json`)}`,
    );
    await page.waitForFunction(
      () => document.body.dataset.idle === 'true' || (window.mapErrors || []).length > 0,
      null,
      { timeout: 60000 },
    );
    const mapErrors = await page.evaluate(() => window.mapErrors || []);
    assert.deepEqual(mapErrors, [], 'MapLibre reported errors');
    const drawn = await page.evaluate(() => {
      const count = (layer) => window.map.queryRenderedFeatures({ layers: [layer] }).length;
      return {
        delimited: count('frontier-delimited'),
        countries: count('countries-fill'),
        clashes: count('clashes') + count('clashes-clusters'),
        places: count('places'),
      };
    });
    assert.ok(
      drawn.delimited > 0 && drawn.countries > 0 && drawn.places > 0,
      `rendered features ${JSON.stringify(drawn)}`,
    );
    await page.screenshot({ path: join(shots, 'maplibre-style-now.png') });

    // The same style on a TileJSON as of 2023-09-01: the Vorukh sector is
    // contested, drawn dashed in the contested red.
    await page.evaluate((url) => {
      document.body.dataset.idle = 'false';
      window.map.once('idle', () => {
        document.body.dataset.idle = 'true';
      });
      window.map.getSource('frontier').setUrl(url);
    }, `${env.origin}/tiles/border.json?datetime=2023-09-01`);
    await page.waitForFunction(() => document.body.dataset.idle === 'true', null, {
      timeout: 60000,
    });
    const contested = await page.evaluate(
      () => window.map.queryRenderedFeatures({ layers: ['frontier-contested'] }).length,
    );
    assert.ok(contested > 0, 'no contested segment drawn on 2023-09-01');
    const red = await page.evaluate(() => {
      const c = window.map.getCanvas();
      const gl = c.getContext('webgl2') || c.getContext('webgl');
      const px = new Uint8Array(c.width * c.height * 4);
      gl.readPixels(0, 0, c.width, c.height, gl.RGBA, gl.UNSIGNED_BYTE, px);
      let n = 0;
      for (let i = 0; i < px.length; i += 4) {
        if (
          Math.abs(px[i] - 0xb3) < 24 &&
          Math.abs(px[i + 1] - 0x26) < 24 &&
          Math.abs(px[i + 2] - 0x1e) < 24
        )
          n++;
      }
      return n;
    });
    await page.screenshot({ path: join(shots, 'maplibre-style-2023-09-01.png') });
    assert.ok(red > 50, `only ${red} pixels in the contested red`);
    assert.deepEqual(errors, [], `console errors: ${errors.join('; ')}`);
    await context.close();
  },
);
