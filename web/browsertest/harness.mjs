// What every browser test file shares: where Chromium is (and whether the
// tests must run), a free loopback port, the real server started on it with
// a temporary store, and Chromium launched the way this machine allows
// (no sandbox as root, no background networking on a closed network).
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const chromiumPath = process.env.FRONTIER_CHROMIUM || '/usr/bin/chromium';
export const shots = join(root, 'artifacts', 'browser');

const haveChromium = existsSync(chromiumPath);
if (!haveChromium && process.env.FRONTIER_REQUIRE_BROWSER === '1') {
  throw new Error(`browser tests: FRONTIER_REQUIRE_BROWSER=1 but there is no Chromium at ${chromiumPath} (apt-get install chromium)`);
}
if (!haveChromium) {
  console.log(`browser tests skipped: no Chromium at ${chromiumPath} (apt-get install chromium, or set FRONTIER_CHROMIUM)`);
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

// startFrontier runs bin/frontier (built if missing) on a free port with a
// new store and any extra flags; stop() ends it with SIGTERM and removes
// the store.
export async function startFrontier(extra = []) {
  const bin = join(root, 'bin', 'frontier');
  if (!existsSync(bin)) execFileSync('go', ['build', '-o', bin, './cmd/frontier'], { cwd: root, stdio: 'inherit' });
  const tmp = mkdtempSync(join(tmpdir(), 'frontier-browser-'));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const server = spawn(bin, ['serve', '--addr', `127.0.0.1:${port}`, '--db', join(tmp, 'frontier.gpkg'), '--log-level', 'warn', ...extra],
    { stdio: ['ignore', 'ignore', 'inherit'] });
  server.once('exit', (code) => {
    if (code) console.error(`frontier exited with ${code}`);
  });
  await waitHealthy(`${origin}/healthz`, 30000);
  return {
    origin,
    async stop() {
      server.kill('SIGTERM');
      await new Promise((r) => (server.exitCode !== null ? r() : server.once('exit', r)));
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

// launchBrowser starts Debian's Chromium headless through playwright-core.
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  mkdirSync(shots, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
