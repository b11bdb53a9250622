// The map page at ACLED scale (issue 14): 100,000 synthetic events
// imported, the page opened at 1280×800 as a reader opens it. The clashes
// come from the vector tiles' clusters, so no request asks the API for more
// than a page of 1,000 features; a cluster zooms in when clicked or opened
// with Enter, an event opens its popup, and search and the "not on the map"
// list ask the API a page at a time.
//
//   node --test web/browsertest/scale.test.mjs        (part of make test-browser)
//   FRONTIER_MAP_EVENTS=20000 node --test ...         (a smaller set)
//   FRONTIER_STRICT_TIMING=1 node --test ...          (fail when it settles in 5 s or more)
//
// It prints the time from opening the page to the map settled (every tile
// drawn, the clusters placed): the issue asks for under 5 s. On a shared
// machine under load the time is printed and only checked against the
// page's own 15 s wait, unless FRONTIER_STRICT_TIMING is set.
// Screenshots go to artifacts/browser/14-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { frontierBin, skip, useFrontier } from './harness.mjs';
import { onePopup, settled, shot } from './page.mjs';

const EVENTS = Number(process.env.FRONTIER_MAP_EVENTS || 100000);
const STRICT = Boolean(process.env.FRONTIER_STRICT_TIMING);
const SETTLE_MS = 5000;
const PAGE = 1000;

// A store with EVENTS synthetic clashes besides the bundled data, made
// with the frontier command.
const env = useFrontier({
  flags: ({ bigDb }) => ['--db', bigDb], // the later --db wins
  prepare: (env) => {
    const bin = frontierBin();
    env.tmp = mkdtempSync(join(tmpdir(), 'frontier-scale-'));
    env.bigDb = join(env.tmp, 'big.gpkg');
    const csv = join(env.tmp, 'events.csv');
    const t0 = Date.now();
    execFileSync(bin, ['synth', '--events', String(EVENTS), '--out', csv]);
    execFileSync(bin, ['seed', '--db', env.bigDb]);
    execFileSync(bin, ['import', csv, '--db', env.bigDb], { stdio: 'ignore' });
    console.log(`imported ${EVENTS} synthetic events in ${Date.now() - t0} ms`);
  },
  teardown: ({ tmp }) => tmp && rmSync(tmp, { recursive: true, force: true }),
});

// record keeps every request of a page, and for each items response the
// features it returned.
function record(page) {
  const requests = [];
  const pages = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('response', async (r) => {
    const u = new URL(r.url());
    if (!/\/collections\/[^/]+\/items$/.test(u.pathname)) return;
    const body = await r.json().catch(() => null);
    pages.push({ url: r.url(), features: body?.features?.length ?? 0 });
  });
  return { requests, pages };
}

// itemsLimits returns the limit of every items request (10,000 when a
// request gives none: the API's default would be 100, but a request
// without one is a page the test did not expect).
function itemsRequests(requests) {
  return requests
    .map((r) => new URL(r))
    .filter((u) => /\/collections\/[^/]+\/items$/.test(u.pathname))
    .map((u) => ({ url: u.href, limit: Number(u.searchParams.get('limit') ?? 10000) }));
}

async function mapState(page) {
  return page.evaluate(() => ({ ...document.getElementById('map').dataset }));
}

// biggestCluster returns the locator of the cluster with the most events
// that zooms in (not one whose events share a spot) and that a click
// reaches.
async function biggestCluster(page) {
  const id = await page.evaluate(() => {
    const all = [...document.querySelectorAll('.ft-cluster')].filter((c) => {
      const r = c.getBoundingClientRect();
      const m = document.getElementById('map').getBoundingClientRect();
      const [x, y] = [r.left + r.width / 2, r.top + r.height / 2];
      // In the map, clear of its controls, and not under another disc.
      const inside =
        r.left > m.left + 40 &&
        r.right < m.right - 40 &&
        r.top > m.top + 80 &&
        r.bottom < m.bottom - 40;
      return inside && c.contains(document.elementFromPoint(x, y));
    });
    all.sort((a, b) => Number(b.dataset.count) - Number(a.dataset.count));
    return all.find((c) => c.dataset.splits === 'true')?.dataset.id;
  });
  assert.ok(id, 'a cluster that zooms in is on screen');
  return page.locator(`.ft-cluster[data-id="${id}"]`);
}

test(
  `14.3 the map page with ${EVENTS} events: clusters from the tiles, no page over ${PAGE} features`,
  { skip, timeout: 180000 },
  async () => {
    const { context, page, errors } = await env.newPage({ viewport: { width: 1280, height: 800 } });
    const { requests, pages } = record(page);

    const t0 = Date.now();
    await page.goto(`${env.origin}/`);
    await settled(page);
    await page.waitForFunction(() => Number(document.getElementById('map').dataset.clusters) > 0);
    const settleMs = Date.now() - t0;
    console.log(
      `${EVENTS} events: the map page settled in ${settleMs} ms (1280×800, first visit to a fresh server)`,
    );
    await shot(page, '14-scale-first-view');
    if (STRICT)
      assert.ok(settleMs < SETTLE_MS, `settled in ${settleMs} ms, want under ${SETTLE_MS}`);

    const st = await mapState(page);
    assert.equal(st.clashesFrom, 'tiles', 'the clashes come from the tiles');
    assert.ok(Number(st.clusters) > 0, 'clusters drawn');
    const counted = await page.evaluate(() =>
      [...document.querySelectorAll('.ft-cluster')].reduce(
        (n, c) => n + Number(c.dataset.count),
        0,
      ),
    );
    assert.ok(counted > EVENTS / 2, `the clusters on screen hold ${counted} events`);
    assert.ok(
      await page.locator('#partial').isHidden(),
      'no "showing N of M" note: the clusters count them all',
    );

    // Another date on which the tiles are the same (the synthetic events
    // end in 2025): the clusters stay drawn.
    const drawn = () => page.locator('.ft-cluster').count();
    const clusters = await drawn();
    await page.fill('#date-input', '2025-12-31');
    await settled(page, '2025-12-31');
    assert.equal(await drawn(), clusters, 'the same clusters drawn on 31 December 2025');

    // Keyboard: a cluster is a button; Enter zooms in to where it splits.
    const before = Number(st.zoom);
    const cluster = await biggestCluster(page);
    const label = await cluster.getAttribute('aria-label');
    assert.match(label, /^[\d,]+ clashes, .*; zoom in$/, `cluster name ${label}`);
    assert.equal(await cluster.getAttribute('role'), 'button');
    await cluster.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      (z) => Number(document.getElementById('map').dataset.zoom) > z,
      before,
    );
    await settled(page);
    await shot(page, '14-scale-cluster-enter');

    // Clicks, as a reader zooms in on the densest place, until events are
    // drawn as themselves.
    let zoomed = Number((await mapState(page)).zoom);
    const afterEnter = zoomed;
    const events = () => page.locator('path.ft-marker[data-kind=clashes]').count();
    for (let i = 0; i < 8 && (i === 0 || (await events()) < 3); i++) {
      await (await biggestCluster(page)).click();
      await page.waitForFunction(
        (z) => Number(document.getElementById('map').dataset.zoom) > z,
        zoomed,
      );
      await settled(page);
      zoomed = Number((await mapState(page)).zoom);
    }
    assert.ok(zoomed > afterEnter, `a click zoomed from ${afterEnter} to ${zoomed}`);
    await shot(page, '14-scale-cluster-click');

    // An event drawn from the tiles opens its popup, read from the API as
    // one feature.
    // Where a reader can click an event: the middle of its circle, where
    // nothing else is drawn over it.
    const target = await page.evaluate(() => {
      for (const p of document.querySelectorAll('path.ft-marker[data-kind=clashes]')) {
        const r = p.getBoundingClientRect();
        const [x, y] = [r.left + r.width / 2, r.top + r.height / 2];
        if (document.elementFromPoint(x, y) === p)
          return { id: p.dataset.id, label: p.getAttribute('aria-label'), x, y };
      }
      return null;
    });
    assert.ok(target, 'an event on screen that a click reaches');
    const { id } = target;
    await page.mouse.click(target.x, target.y);
    await onePopup(page);
    const popup = page.locator('.leaflet-popup');
    const text = await popup.innerText();
    const name = target.label.split(',')[0];
    assert.ok(text.includes(name), `popup of ${name}: ${text.slice(0, 200)}`);
    // The notes are not in the tiles: the popup holds the event in full.
    assert.match(text, /Synthetic event generated by/, 'the popup shows the notes');
    assert.ok(
      requests.some((r) => r.includes(`/collections/clashes/items/${encodeURIComponent(id)}`)),
      'the event read by its id',
    );
    assert.equal((await mapState(page)).selected, `clashes:${id}`);
    await shot(page, '14-scale-event-popup');

    // The permalink keeps the selection: reloaded, the page reads the
    // event by its id again and reopens it.
    assert.match(decodeURIComponent(page.url()), new RegExp(`sel=clashes:${id}`));
    await page.reload();
    await settled(page);
    await onePopup(page);
    assert.ok((await popup.innerText()).includes(name), 'the selected event reopens');
    await page.keyboard.press('Escape');

    // Search asks the API (q), typed key by key.
    await page.locator('#search').click();
    await page.keyboard.type('Vorukh', { delay: 30 });
    await page.waitForFunction(
      () => document.querySelectorAll('#results button[data-kind=clashes]').length > 0,
    );
    const found = await page.locator('#results button[data-kind=clashes]').count();
    assert.ok(found > 0 && found <= 15, `${found} clashes listed`);
    assert.match(
      await page.locator('#results a').last().getAttribute('href'),
      /q=Vorukh/,
      'a link to all of them in the table',
    );
    assert.ok(
      requests.some((r) => /\/collections\/clashes\/items\?.*q=Vorukh/.test(r)),
      'search asked the API',
    );
    await shot(page, '14-scale-search');

    // The events no source locates: listed from the API.
    assert.ok(
      (await page.locator('#unmapped button[data-kind=clashes]').count()) > 0,
      'unmapped clashes listed',
    );

    // Nothing asked for, or answered with, more than a page of 1,000.
    const asked = itemsRequests(requests);
    assert.ok(asked.length > 0);
    const over = asked.filter((r) => r.limit > PAGE);
    assert.deepEqual(over, [], 'items requests with a limit over 1,000');
    const big = pages.filter((p) => p.features > PAGE);
    assert.deepEqual(big, [], 'items answers of more than 1,000 features');
    console.log(
      `${asked.length} items requests, the largest answer ${Math.max(...pages.map((p) => p.features))} features; ${requests.filter((r) => r.includes('.mvt')).length} tiles`,
    );
    assert.deepEqual(errors, []);
    await context.close();
  },
);

test(
  `14.3 the embed with ${EVENTS} events draws the clusters too, a page at most`,
  { skip, timeout: 60000 },
  async () => {
    const { context, page, errors } = await env.newPage({ viewport: { width: 800, height: 500 } });
    const { requests, pages } = record(page);
    await page.goto(`${env.origin}/embed`);
    await page.waitForFunction(
      () => {
        const m = document.getElementById('map');
        return (
          document.body.dataset.ready &&
          !document.body.dataset.loading &&
          !m.dataset.tilesLoading &&
          document.querySelectorAll('.ft-cluster').length > 0
        );
      },
      null,
      { timeout: 30000 },
    );
    await shot(page, '14-scale-embed');
    const before = Number(await page.evaluate(() => document.getElementById('map').dataset.zoom));
    await (await biggestCluster(page)).click();
    await page.waitForFunction(
      (z) => Number(document.getElementById('map').dataset.zoom) > z,
      before,
    );
    assert.deepEqual(
      itemsRequests(requests).filter((r) => r.limit > PAGE),
      [],
    );
    assert.deepEqual(
      pages.filter((p) => p.features > PAGE),
      [],
    );
    assert.deepEqual(errors, []);
    await context.close();
  },
);
