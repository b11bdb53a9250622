// The optional raster basemap (--basemap-url) in a real headless Chromium:
// the page asks the one tile host it was given, and nothing else, and
// credits it. A tiny tile server on another loopback port stands in for
// OpenStreetMap (no network here).
//
//   node --test web/browsertest/basemap.test.mjs   (part of make test-browser)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { serveHTTP, shots, skip, useFrontier } from './harness.mjs';

// A 1×1 grey PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGO4DgAA4gDhYXqnWwAAAABJRU5ErkJggg==',
  'base64',
);

let tileRequests = 0;

// A stand-in tile host on another loopback port, started first: the
// server's --basemap-url points at it.
const env = useFrontier({
  prepare: async (env) => {
    env.tiles = await serveHTTP((req, res) => {
      tileRequests++;
      res.writeHead(200, { 'Content-Type': 'image/png' });
      res.end(PNG);
    });
  },
  flags: ({ tiles }) => [
    '--basemap-url',
    `${tiles.origin}/{z}/{x}/{y}.png`,
    '--basemap-attribution',
    'Test tiles',
  ],
  teardown: ({ tiles }) => tiles?.close(),
});

test(
  '--basemap-url: the page draws the basemap from that one host, credits it, and asks no other',
  { skip, timeout: 30000 },
  async () => {
    const { context, page } = await env.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = [];
    const hosts = new Set();
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('request', (r) => hosts.add(new URL(r.url()).origin));
    await page.goto(`${env.origin}/`);
    await page.waitForFunction(
      () => document.querySelectorAll('.leaflet-tile-loaded').length > 0,
      null,
      { timeout: 15000 },
    );
    await page.screenshot({ path: join(shots, 'basemap.png') });
    assert.ok(tileRequests > 0, 'no request reached the tile host');
    assert.deepEqual(
      [...hosts].sort(),
      [env.origin, env.tiles.origin].sort(),
      `requests went to ${[...hosts].join(', ')}`,
    );
    assert.match(await page.textContent('.leaflet-control-attribution'), /Test tiles/);
    assert.deepEqual(
      errors,
      [],
      `console errors (a CSP refusal would be one): ${errors.join('; ')}`,
    );
    await context.close();
  },
);
