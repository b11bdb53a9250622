// The optional raster basemap (--basemap-url) in a real headless Chromium:
// the page asks the one tile host it was given, and nothing else, and
// credits it. A tiny tile server on another loopback port stands in for
// OpenStreetMap (no network here).
//
//   node --test web/browsertest/basemap.test.mjs   (part of make test-browser)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHTTPServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const chromiumPath = process.env.FRONTIER_CHROMIUM || '/usr/bin/chromium';
const haveChromium = existsSync(chromiumPath);
if (!haveChromium && process.env.FRONTIER_REQUIRE_BROWSER === '1') {
  throw new Error(`browser tests: FRONTIER_REQUIRE_BROWSER=1 but there is no Chromium at ${chromiumPath}`);
}
const skip = haveChromium ? false : `no Chromium at ${chromiumPath}`;
const shots = join(root, 'artifacts', 'browser');

// A 1×1 grey PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGO4DgAA4gDhYXqnWwAAAABJRU5ErkJggg==', 'base64');

let server;
let tiles;
let tileRequests = 0;
let origin;
let tileOrigin;
let browser;
let tmp;

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

before(async () => {
  if (skip) return;
  const bin = join(root, 'bin', 'frontier');
  if (!existsSync(bin)) execFileSync('go', ['build', '-o', bin, './cmd/frontier'], { cwd: root, stdio: 'inherit' });
  tiles = createHTTPServer((req, res) => {
    tileRequests++;
    res.writeHead(200, { 'Content-Type': 'image/png' });
    res.end(PNG);
  });
  await new Promise((r) => tiles.listen(0, '127.0.0.1', r));
  tileOrigin = `http://127.0.0.1:${tiles.address().port}`;
  tmp = mkdtempSync(join(tmpdir(), 'frontier-basemap-'));
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  server = spawn(bin, ['serve', '--addr', `127.0.0.1:${port}`, '--db', join(tmp, 'frontier.gpkg'), '--log-level', 'warn',
    '--basemap-url', `${tileOrigin}/{z}/{x}/{y}.png`, '--basemap-attribution', 'Test tiles'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const end = Date.now() + 30000;
  for (;;) {
    try {
      if ((await fetch(`${origin}/healthz`)).ok) break;
    } catch {
      // not yet
    }
    if (Date.now() > end) throw new Error('frontier did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  mkdirSync(shots, { recursive: true });
});

after(async () => {
  if (browser) await browser.close();
  if (server) {
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r() : server.once('exit', r)));
  }
  if (tiles) tiles.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('--basemap-url: the page draws the basemap from that one host, credits it, and asks no other', { skip, timeout: 30000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  const hosts = new Set();
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('request', (r) => hosts.add(new URL(r.url()).origin));
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => document.querySelectorAll('.leaflet-tile-loaded').length > 0, null, { timeout: 15000 });
  await page.screenshot({ path: join(shots, 'basemap.png') });
  assert.ok(tileRequests > 0, 'no request reached the tile host');
  assert.deepEqual([...hosts].sort(), [origin, tileOrigin].sort(), `requests went to ${[...hosts].join(', ')}`);
  assert.match(await page.textContent('.leaflet-control-attribution'), /Test tiles/);
  assert.deepEqual(errors, [], `console errors (a CSP refusal would be one): ${errors.join('; ')}`);
  await context.close();
});
