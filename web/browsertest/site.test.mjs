// The static site (issue 15): `frontier export --format site` writes a
// folder, served here by a plain static server with byte ranges (harness
// serveFiles, as S3, a CDN or nginx answer) and no Frontier server running.
// In headless Chromium, as a reader: the map draws, typing another date
// changes the frontier's status and the stats line, a clash's popup shows
// its sources, no request goes to another host, and the PMTiles archive is
// read with 206 range requests.
//
//   node --test web/browsertest/site.test.mjs   (part of make test-browser)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { frontierBin, serveFiles, skip, useFrontier } from './harness.mjs';
import { onePopup, settled, shot } from './page.mjs';

// The static host starts first, so that the site is exported for its URL;
// no Frontier server runs. The export's test needs no Chromium.
const env = useFrontier({
  server: false,
  withoutChromium: true,
  prepare: async (env) => {
    env.tmp = mkdtempSync(join(tmpdir(), 'frontier-site-'));
    env.site = join(env.tmp, 'site');
    env.host = await serveFiles(env.site);
    const bin = frontierBin();
    const db = join(env.tmp, 'frontier.gpkg');
    execFileSync(bin, ['seed', '--db', db], { stdio: 'ignore' });
    execFileSync(
      bin,
      [
        'export',
        '--db',
        db,
        '--format',
        'site',
        '--out',
        env.site,
        '--maxzoom',
        '11',
        '--public-url',
        env.host.origin,
      ],
      { stdio: ['ignore', 'ignore', 'ignore'] },
    );
  },
  teardown: async ({ host, tmp }) => {
    if (host) await host.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  },
});

test('the export holds the page, embed, about, tables, archive, GeoJSON, picture, style and oEmbed', () => {
  for (const f of [
    'index.html',
    'embed/index.html',
    'about/index.html',
    'collections/clashes/items/index.html',
    'border.pmtiles',
    'data/frontier.geojson',
    'data/clashes.geojson',
    'data/deployments.geojson',
    'data/places.geojson',
    'data/countries.geojson',
    'static.png',
    'oembed.json',
    'styles/border.json',
    'meta.json',
  ]) {
    assert.ok(existsSync(join(env.site, f)), `no ${f}`);
  }
  const page = readFileSync(join(env.site, 'index.html'), 'utf8');
  assert.match(page, /<body data-static="true"/);
  assert.ok(
    page.includes(`<meta property="og:image" content="${env.host.origin}/static.png`),
    'og:image points at the site',
  );
  assert.ok(
    page.includes(`type="application/json+oembed" href="${env.host.origin}/oembed.json"`),
    'the oEmbed link points at the site',
  );
  const oembed = JSON.parse(readFileSync(join(env.site, 'oembed.json'), 'utf8'));
  assert.ok(
    oembed.html.includes(`${env.host.origin}/embed`),
    "the oEmbed snippet frames the site's embed",
  );
  const style = JSON.parse(readFileSync(join(env.site, 'styles/border.json'), 'utf8'));
  assert.equal(style.sources.frontier.url, `pmtiles://${env.host.origin}/border.pmtiles`);
});

test(
  'the site served statically: the map draws, a typed date changes the status, a popup shows sources, only range requests to the archive',
  { skip, timeout: 60000 },
  async () => {
    const { context, page, errors } = await env.newPage({
      viewport: { width: 1280, height: 800 },
      locale: 'en-US',
    });
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(
      `${env.host.origin}/#date=2023-09-01&map=10/39.95/70.52&layers=frontier,clashes,countries,places`,
    );
    await settled(page, '2023-09-01');
    // The archive's first tiles come after its header and directory.
    const drawn = (want) =>
      page
        .waitForFunction((w) => document.getElementById('map').dataset.drawnStatuses === w, want, {
          timeout: 15000,
        })
        .catch(() => {});
    await drawn('contested delimited');
    const look = () =>
      page.evaluate(() => ({
        ...document.getElementById('map').dataset,
        stats: document.getElementById('stats').textContent,
      }));
    let st = await look();
    await shot(page, 'site-2023-09-01');
    assert.match(
      st.drawnStatuses,
      /contested/,
      `statuses drawn on 2023-09-01: ${st.drawnStatuses}`,
    );
    assert.match(st.stats, /contested/);
    assert.match(
      st.stats,
      /official length 972 km \(\w/,
      `the official length's source is named: ${st.stats}`,
    );
    const before = st.stats;

    // A reader types the date after the treaty into the date field.
    await page.click('#date-input', { position: { x: 12, y: 10 } });
    await page.keyboard.type('04012025', { delay: 60 });
    await settled(page, '2025-04-01');
    await drawn('delimited');
    st = await look();
    await shot(page, 'site-2025-04-01');
    assert.equal(st.drawnStatuses, 'delimited', 'after the 2025 treaty the frontier is delimited');
    assert.notEqual(st.stats, before, 'the stats line follows the date');
    assert.match(st.stats, /0 km|0%/, `stats on 2025-04-01: ${st.stats}`);

    // A clash's popup, with its sources, opened from the keyboard as the
    // map page's markers are (a large area lies under the smaller ones).
    const marker = page.locator('path.ft-marker[data-id="2022-09-16-ovchi-kalacha-strike"]');
    await marker.focus();
    await page.keyboard.press('Enter');
    await onePopup(page);
    const popup = page.locator('.leaflet-popup');
    assert.match(await popup.innerText(), /Ovchi-Kalacha/);
    assert.ok(
      (await popup.locator('.sources a[href^="http"]').count()) > 0,
      'the popup links its sources',
    );
    await shot(page, 'site-popup');

    assert.deepEqual(
      errors,
      [],
      `console errors; not found: ${JSON.stringify(env.host.log.filter((r) => r.status === 404))}`,
    );
    const elsewhere = requests.filter(
      (u) => !u.startsWith(`${env.host.origin}/`) && !u.startsWith('data:'),
    );
    assert.deepEqual(elsewhere, [], 'requests to other hosts');
    const archive = env.host.log.filter((r) => r.path === '/border.pmtiles');
    assert.ok(archive.length > 1, 'the archive was read');
    assert.ok(
      archive.every((r) => r.status === 206 && r.range),
      `every archive request is a 206 range request: ${JSON.stringify(archive.filter((r) => r.status !== 206))}`,
    );
    assert.ok(
      !env.host.log.some(
        (r) => /^\/(tiles|collections\/[^/]+\/items$|stats)/.test(r.path) && r.status === 404,
      ),
      'the page asked for an API route',
    );
    await context.close();
  },
);
