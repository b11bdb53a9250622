// The optional raster basemap (--basemap-url) in a real headless Chromium:
// the page asks the one tile host it was given, and nothing else, and
// credits it. A tiny tile server on another loopback port stands in for
// OpenStreetMap (no network here).
//
//   node --test web/browsertest/basemap.test.mjs   (part of make test-browser)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHTTPServer } from 'node:http';
import { join } from 'node:path';

import { launchBrowser, shots, skip, startFrontier } from './harness.mjs';

// A 1×1 grey PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGO4DgAA4gDhYXqnWwAAAABJRU5ErkJggg==',
  'base64',
);

let server;
let tiles;
let tileRequests = 0;
let origin;
let tileOrigin;
let browser;

before(async () => {
  if (skip) return;
  tiles = createHTTPServer((req, res) => {
    tileRequests++;
    res.writeHead(200, { 'Content-Type': 'image/png' });
    res.end(PNG);
  });
  await new Promise((r) => tiles.listen(0, '127.0.0.1', r));
  tileOrigin = `http://127.0.0.1:${tiles.address().port}`;
  server = await startFrontier([
    '--basemap-url',
    `${tileOrigin}/{z}/{x}/{y}.png`,
    '--basemap-attribution',
    'Test tiles',
  ]);
  origin = server.origin;
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
  if (tiles) tiles.close();
});

test(
  '--basemap-url: the page draws the basemap from that one host, credits it, and asks no other',
  { skip, timeout: 30000 },
  async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = [];
    const hosts = new Set();
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('request', (r) => hosts.add(new URL(r.url()).origin));
    await page.goto(`${origin}/`);
    await page.waitForFunction(
      () => document.querySelectorAll('.leaflet-tile-loaded').length > 0,
      null,
      { timeout: 15000 },
    );
    await page.screenshot({ path: join(shots, 'basemap.png') });
    assert.ok(tileRequests > 0, 'no request reached the tile host');
    assert.deepEqual(
      [...hosts].sort(),
      [origin, tileOrigin].sort(),
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
