// What every browser test file shares: where Chromium is (and whether the
// tests must run), a free loopback port, the real server started on it with
// a temporary store, Chromium launched the way this machine allows (no
// sandbox as root, no background networking on a closed network), and
// useFrontier, which does all of that in one test file's before and after.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHTTPServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const chromiumPath = process.env.FRONTIER_CHROMIUM || '/usr/bin/chromium';
export const shots = join(root, 'artifacts', 'browser');

const haveChromium = existsSync(chromiumPath);
if (!haveChromium && process.env.FRONTIER_REQUIRE_BROWSER === '1') {
  throw new Error(
    `browser tests: FRONTIER_REQUIRE_BROWSER=1 but there is no Chromium at ${chromiumPath} (apt-get install chromium)`,
  );
}
if (!haveChromium) {
  console.log(
    `browser tests skipped: no Chromium at ${chromiumPath} (apt-get install chromium, or set FRONTIER_CHROMIUM)`,
  );
}
// skip is the node:test skip option: false, or why the tests are skipped.
export const skip = haveChromium ? false : `no Chromium at ${chromiumPath}`;

export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export async function waitHealthy(url, ms) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > end) throw new Error(`server not healthy at ${url} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// frontierBin is bin/frontier, built first if it is missing (make
// test-browser builds it; a single file run with node --test may not have).
export function frontierBin() {
  const bin = join(root, 'bin', 'frontier');
  if (!existsSync(bin))
    execFileSync('go', ['build', '-o', bin, './cmd/frontier'], { cwd: root, stdio: 'inherit' });
  return bin;
}

// startFrontier runs bin/frontier (built if missing) on a free port with a
// new store and any extra flags; stop() ends it with SIGTERM and removes
// the store.
export async function startFrontier(extra = []) {
  const bin = frontierBin();
  const tmp = mkdtempSync(join(tmpdir(), 'frontier-browser-'));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const server = spawn(
    bin,
    [
      'serve',
      '--addr',
      `127.0.0.1:${port}`,
      '--db',
      join(tmp, 'frontier.gpkg'),
      '--log-level',
      'warn',
      ...extra,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  server.once('exit', (code) => {
    if (code) console.error(`frontier exited with ${code}`);
  });
  await waitHealthy(`${origin}/healthz`, 30000);
  return {
    origin,
    db: join(tmp, 'frontier.gpkg'),
    bin,
    async stop() {
      server.kill('SIGTERM');
      await new Promise((r) => (server.exitCode !== null ? r() : server.once('exit', r)));
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

// useFrontier registers a test file's before and after hooks: before, the
// real server (startFrontier with `flags`) and Chromium (launchBrowser with
// `webgl`); after, both closed. It returns env, which the before hook fills
// in: env.server (with .origin, .db, .bin), env.origin, env.browser, and
// env.newPage. The file's own fixtures hang on the same env:
//   prepare(env)  before the server starts (a stand-in host whose address
//                 goes into the flags: give `flags` as a function of env);
//   setup(env)    once the server is healthy (users, an article's host);
//   teardown(env) after the browser and the server have stopped.
// Without Chromium nothing starts, unless `withoutChromium` (a file with
// tests that need no browser): then all but Chromium does. `server: false`
// starts no server.
export function useFrontier({
  flags = [],
  webgl = false,
  server = true,
  withoutChromium = false,
  prepare,
  setup,
  teardown,
} = {}) {
  const env = {
    server: undefined,
    origin: undefined,
    browser: undefined,
    // newPage opens a page in a new browser context (Playwright's context
    // options: viewport, locale, extraHTTPHeaders...) and collects its
    // console errors and uncaught exceptions in errors.
    async newPage(options = {}) {
      const context = await env.browser.newContext(options);
      const page = await context.newPage();
      const errors = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      return { context, page, errors };
    },
  };
  before(async () => {
    if (skip && !withoutChromium) return;
    if (prepare) await prepare(env);
    if (server) {
      env.server = await startFrontier(typeof flags === 'function' ? flags(env) : flags);
      env.origin = env.server.origin;
    }
    if (setup) await setup(env);
    if (!skip) env.browser = await launchBrowser({ webgl });
  });
  after(async () => {
    if (env.browser) await env.browser.close();
    if (env.server) await env.server.stop();
    if (teardown) await teardown(env);
  });
  return env;
}

// launchBrowser starts Debian's Chromium headless through playwright-core.
// With { webgl: true } it renders WebGL in software (SwiftShader through
// ANGLE) for MapLibre, as a machine without a GPU must.
export async function launchBrowser({ webgl = false } = {}) {
  const { chromium } = await import('playwright-core');
  mkdirSync(shots, { recursive: true });
  const gpu = webgl
    ? ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist']
    : ['--disable-gpu'];
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      ...gpu,
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

// serveHTTP runs handler on a free loopback port, another origin than the
// server's: an article embedding the map, a stand-in tile host. close()
// stops it.
export async function serveHTTP(handler) {
  const srv = createHTTPServer(handler);
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${srv.address().port}`,
    close: () => new Promise((r) => srv.close(r)),
  };
}

// serveFiles serves files from a folder on a free loopback port, with
// byte ranges (206) as S3, a CDN or nginx answer them: the static site's
// host and the MapLibre test page's. It records every request's path,
// Range and status. close() stops it.
export async function serveFiles(dir) {
  const { readFile } = await import('node:fs/promises');
  const { extname, normalize } = await import('node:path');
  const types = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript',
    '.mjs': 'text/javascript',
    '.css': 'text/css',
    '.json': 'application/json',
    '.geojson': 'application/geo+json',
    '.png': 'image/png',
    '.svg': 'image/svg+xml',
    '.pmtiles': 'application/vnd.pmtiles',
    '.csv': 'text/csv; charset=utf-8',
  };
  const log = [];
  const srv = await serveHTTP(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = normalize(join(dir, path));
    if (!file.startsWith(dir)) file = join(dir, '\0');
    if (path.endsWith('/')) file = join(file, 'index.html');
    let body;
    try {
      body = await readFile(file);
    } catch {
      try {
        body = await readFile(join(file, 'index.html'));
        file = join(file, 'index.html');
      } catch {
        log.push({ path, range: req.headers.range, status: 404 });
        res.writeHead(404).end();
        return;
      }
    }
    const headers = {
      'Content-Type': types[extname(file)] || 'application/octet-stream',
      'Accept-Ranges': 'bytes',
    };
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range || '');
    if (m) {
      const start = Number(m[1]);
      const end = Math.min(m[2] ? Number(m[2]) : body.length - 1, body.length - 1);
      if (start >= body.length || end < start) {
        log.push({ path, range: req.headers.range, status: 416 });
        res.writeHead(416, { 'Content-Range': `bytes */${body.length}` }).end();
        return;
      }
      log.push({ path, range: req.headers.range, status: 206 });
      res.writeHead(206, {
        ...headers,
        'Content-Range': `bytes ${start}-${end}/${body.length}`,
        'Content-Length': end - start + 1,
      });
      res.end(body.subarray(start, end + 1));
      return;
    }
    log.push({ path, status: 200 });
    res.writeHead(200, { ...headers, 'Content-Length': body.length });
    res.end(body);
  });
  return { ...srv, log };
}
