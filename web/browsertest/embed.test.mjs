// Embedding in articles in a real headless Chromium: issue 6, points 2 and
// 4. A host page served from another loopback origin (a tiny node server on
// another port) pastes the snippet the map page's Embed dialog gives.
//
//   make test-browser        (or: node --test web/browsertest/embed.test.mjs)
//
// Like map.test.mjs: Debian's chromium (FRONTIER_CHROMIUM overrides it),
// skipped without it unless FRONTIER_REQUIRE_BROWSER=1; screenshots under
// artifacts/browser/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { serveHTTP, shots, skip, useFrontier } from './harness.mjs';
import { projector, settled } from './page.mjs';

const hostPages = new Map(); // path -> HTML

// The article: another port is another origin, as a newspaper's site is.
const env = useFrontier({
  setup: async (env) => {
    env.host = await serveHTTP((req, res) => {
      const body = hostPages.get(req.url);
      res.writeHead(body ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(body || 'not found');
    });
  },
  teardown: ({ host }) => host?.close(),
});

const article = (
  title,
  html,
) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${title}</title>
<style>body{font-family:sans-serif;max-width:960px;margin:0 auto;padding:8px}</style></head>
<body><h1>${title}</h1><p>An article about the frontier.</p>
${html}
<p id="after">The article goes on.</p></body></html>`;

// embedReady waits until an embed frame has drawn its date and markers.
async function embedReady(frame, ms = 15000) {
  await frame.waitForFunction(
    () => {
      const m = document.getElementById('map');
      return (
        document.body.dataset.ready &&
        !document.body.dataset.loading &&
        m.dataset.drawnDate &&
        m.dataset.markers !== undefined &&
        !m.dataset.tilesLoading
      );
    },
    null,
    { timeout: ms },
  );
}

const STATE =
  '#date=2023-09-01&map=10/40.1333/69.6833&layers=frontier,clashes,countries&sel=clashes:2022-09-16-ovchi-kalacha-strike';

test(
  '2. the Embed dialog\'s snippet on another origin: the map renders, the iframe takes the reported height, "view full map" opens the same state',
  { skip, timeout: 60000 },
  async () => {
    const { context, page, errors } = await env.newPage({ viewport: { width: 1000, height: 900 } });

    // The snippet, from the map page's dialog, at a state.
    await page.goto(`${env.origin}/${STATE}`);
    await page.waitForFunction(
      () =>
        document.body.dataset.ready &&
        !document.body.dataset.loading &&
        document.getElementById('map').dataset.selected,
      null,
      { timeout: 15000 },
    );
    await page.click('#embed-open');
    await page.waitForSelector('#embed-dialog[open]');
    await page.screenshot({ path: join(shots, 'embed-1-dialog.png') });
    const code = await page.inputValue('#embed-code');
    assert.match(
      code,
      /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\?date=2023-09-01&amp;map=10\/40\.1333\/69\.6833&amp;layers=frontier,clashes,countries&amp;sel=clashes:2022-09-16-ovchi-kalacha-strike&amp;lang=en"/,
    );
    for (const attr of [
      'title="',
      'loading="lazy"',
      'width="100%"',
      'height="500"',
      'allowfullscreen',
    ])
      assert.ok(code.includes(attr), `snippet lacks ${attr}: ${code}`);
    // The snippet's iframe is titled as the server's oEmbed answer titles
    // the same embed: the dataset's title and the view's day.
    const src = code.match(/src="([^"]+)"/)[1].replaceAll('&amp;', '&');
    const oembed = await page.evaluate(
      (u) => fetch(`/oembed?url=${encodeURIComponent(u)}`).then((r) => r.json()),
      src,
    );
    const frameTitle = (html) => html.match(/title="([^"]+)"/)[1];
    assert.equal(frameTitle(code), frameTitle(oembed.html));
    assert.match(frameTitle(code), /^Map: Frontier: .*, as of 1 September 2023$/);
    assert.match(
      code,
      /<script>.*datawrapper-height.*<\/script>$/s,
      'the responsive variant has its script',
    );
    assert.ok(
      !(await page.inputValue('#embed-code-plain')).includes('<script'),
      'the plain variant has no script',
    );

    // The article on another origin.
    hostPages.set('/article.html', article('Article with the map', code));
    const host = await context.newPage();
    host.on('console', (m) => m.type() === 'error' && errors.push(`host: ${m.text()}`));
    host.on('pageerror', (e) => errors.push(`host: ${e.message}`));
    await host.goto(`${env.host.origin}/article.html`);
    const frame = await (await host.waitForSelector('iframe[data-frontier-embed]')).contentFrame();
    await embedReady(frame);
    const inside = await frame.evaluate(() => ({
      ...document.getElementById('map').dataset,
      reported: Number(document.body.dataset.reportedHeight),
      full: document.getElementById('full-map').href,
      target: document.getElementById('full-map').target,
    }));
    assert.ok(
      inside.drawnStatuses.includes('contested') && inside.drawnStatuses.includes('delimited'),
      `statuses drawn in the frame: ${inside.drawnStatuses}`,
    );
    assert.ok(Number(inside.markers) > 0, 'no clash drawn in the frame');
    assert.equal(inside.selected, 'clashes:2022-09-16-ovchi-kalacha-strike');
    // The frame's canvas pixels hold the contested colour: drawn, not only fetched.
    const red = await frame.evaluate(() => {
      for (const c of document.querySelectorAll('.leaflet-tile-container canvas')) {
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        for (let i = 0; i < d.length; i += 4)
          if (d[i] === 0xb3 && d[i + 1] === 0x26 && d[i + 2] === 0x1e) return true;
      }
      return false;
    });
    assert.ok(red, 'no contested pixel in the frame');

    // Resized to the height the embed reported (not the snippet's 500).
    assert.ok(inside.reported > 0 && inside.reported !== 500, `reported height ${inside.reported}`);
    await host.waitForFunction(
      (h) => Math.round(document.querySelector('iframe').getBoundingClientRect().height) === h,
      inside.reported,
      { timeout: 5000 },
    );
    await host.screenshot({ path: join(shots, 'embed-2-article.png'), fullPage: true });

    // "View full map" opens the map page at the same state, in a new tab.
    assert.equal(inside.target, '_blank');
    // … and in the language the snippet named, which the link keeps.
    assert.equal(new URL(inside.full).hash, `${STATE}&lang=en`);
    assert.equal(new URL(inside.full).search, '?lang=en');
    const [full] = await Promise.all([context.waitForEvent('page'), frame.click('#full-map')]);
    await full.waitForLoadState();
    await full.waitForFunction(
      () =>
        document.body.dataset.ready &&
        !document.body.dataset.loading &&
        document.getElementById('map').dataset.drawnDate,
      null,
      { timeout: 15000 },
    );
    const st = await full.evaluate(() => ({
      ...document.getElementById('map').dataset,
      date: document.getElementById('date-input').value,
      layers: [...document.querySelectorAll('input[name=layer]:checked')].map((i) => i.value),
    }));
    assert.equal(st.date, '2023-09-01');
    assert.equal(st.zoom, inside.zoom);
    assert.equal(st.center, inside.center);
    assert.deepEqual(st.layers, ['frontier', 'clashes', 'countries']);
    assert.equal(st.selected, 'clashes:2022-09-16-ovchi-kalacha-strike');
    await full.screenshot({ path: join(shots, 'embed-3-full-map.png') });

    // After panning inside the frame, the link follows the reader's view.
    await frame.evaluate(() => document.querySelector('.leaflet-control-zoom-out').click());
    await frame.waitForFunction(
      (z) => document.getElementById('map').dataset.zoom === String(z - 1),
      Number(inside.zoom),
    );
    assert.match(await frame.getAttribute('#full-map', 'href'), /map=9\//);
    assert.deepEqual(errors, []);
    await context.close();
  },
);

test(
  '2b. Pym.js-style parents get "pymxPYMx<id>xPYMxheightxPYMx<h>"',
  { skip, timeout: 30000 },
  async () => {
    const { context, page } = await env.newPage({ viewport: { width: 700, height: 800 } });
    hostPages.set(
      '/pym.html',
      article(
        'Pym host',
        `<iframe id="f" src="${env.origin}/embed?date=2023-09-01&childId=frontier-1&initialWidth=680" width="100%" height="400"></iframe>
<script>window.messages=[];window.addEventListener("message",function(e){if(typeof e.data==="string")window.messages.push(e.data)});</script>`,
      ),
    );
    await page.goto(`${env.host.origin}/pym.html`);
    const frame = await (await page.waitForSelector('#f')).contentFrame();
    await embedReady(frame);
    const reported = await frame.evaluate(() => Number(document.body.dataset.reportedHeight));
    await page.waitForFunction(
      (h) => window.messages.includes(`pymxPYMxfrontier-1xPYMxheightxPYMx${h}`),
      reported,
      { timeout: 5000 },
    );
    await context.close();
  },
);

test(
  '4. another origin cannot frame the map page, and can frame /embed',
  { skip, timeout: 30000 },
  async () => {
    const { context, page } = await env.newPage({ viewport: { width: 1000, height: 1000 } });
    const refused = [];
    page.on(
      'console',
      (m) => /frame-ancestors|Refused to frame/i.test(m.text()) && refused.push(m.text()),
    );
    hostPages.set(
      '/both.html',
      article(
        'Framing',
        `<iframe id="page" src="${env.origin}/#date=2023-09-01" width="900" height="400"></iframe>
<iframe id="embed" src="${env.origin}/embed?date=2023-09-01" width="900" height="400"></iframe>`,
      ),
    );
    await page.goto(`${env.host.origin}/both.html`);
    const embed = await (await page.waitForSelector('#embed')).contentFrame();
    await embedReady(embed);
    assert.ok(
      (await embed.evaluate(() => document.getElementById('map').dataset.drawnStatuses)).includes(
        'contested',
      ),
    );
    // Give the refused frame as long again as the embed took, and more.
    await page.waitForTimeout(1500);
    const framed = await (await page.$('#page')).contentFrame();
    const url = framed.url();
    const ready = await framed
      .evaluate(() => !!(document.body && document.body.dataset.ready))
      .catch(() => false);
    assert.ok(!url.startsWith(env.origin), `the map page loaded in the frame: ${url}`);
    assert.equal(ready, false, 'the map page ran inside a frame of another origin');
    assert.ok(
      refused.some((m) => m.includes(env.origin)),
      `Chromium did not report the refusal: ${refused}`,
    );
    await page.screenshot({ path: join(shots, 'embed-4-framing.png') });
    await context.close();
  },
);

// Issue 13, finding 4: links and embeds keep the area shown and fit it to
// the screen that opens them.

const OVCHI = '2022-09-16-ovchi-kalacha-strike';

// sharedLink is the link a reader copies with the page's "Copy link"
// button, on a page opened at path in a viewport; with the page's own
// zoom, and the Embed dialog's snippet for the same view.
async function sharedLink(path, viewport) {
  const { context, page, errors } = await env.newPage({ viewport });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.origin });
  await page.goto(`${env.origin}${path}`);
  await settled(page);
  await page.locator('#share-link').click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  const zoom = Number(await page.locator('#map').getAttribute('data-zoom'));
  await page.click('#embed-open');
  const snippet = await page.inputValue('#embed-code');
  assert.deepEqual(errors, []);
  await context.close();
  return { link, zoom, snippet };
}

// inside reads, from the screen as a reader sees it, whether the
// Ovchi-Kalacha strike's marker (and its label, where one is shown) and
// the frontier's whole extent, its western end included, lie inside the
// map of a page or an embed's frame.
async function inside(frame, frontier) {
  const boxes = await frame.evaluate((id) => {
    const map = document.getElementById('map').getBoundingClientRect();
    const rel = (r) => [r.left - map.left, r.top - map.top, r.right - map.left, r.bottom - map.top];
    const label = [...document.querySelectorAll('#map .map-label')].find(
      (e) => /Ovchi-Kalacha/.test(e.textContent) && getComputedStyle(e).visibility !== 'hidden',
    );
    return {
      map: [0, 0, map.width, map.height],
      marker: rel(
        document.querySelector(`path.ft-marker[data-id="${id}"]`).getBoundingClientRect(),
      ),
      label: label ? rel(label.getBoundingClientRect()) : null,
    };
  }, OVCHI);
  const { at } = await projector(frame, '#map');
  const [w, s, e, n] = frontier;
  boxes.frontier = [...at(w, n), ...at(e, s)].map(Math.round);
  const [, , mw, mh] = boxes.map;
  const fits = (b) => !b || (b[0] >= 0 && b[1] >= 0 && b[2] <= mw && b[3] <= mh);
  return { ok: fits(boxes.marker) && fits(boxes.label) && fits(boxes.frontier), boxes };
}

test(
  "5. a desktop's link to the whole frontier keeps it whole in a 640 px article column and on a phone; a phone's link opens closer on a desktop",
  { skip, timeout: 90000 },
  async () => {
    const frontier = (await (await fetch(`${env.origin}/collections/frontier`)).json()).extent
      .spatial.bbox[0];
    const path = '/#date=2022-09-20&layers=frontier,clashes,places,countries';
    const desk = await sharedLink(path, { width: 1280, height: 800 });
    assert.match(desk.link, /#date=2022-09-20&map=[\d.]+\/[\d.]+\/[\d.]+&size=\d+x\d+&/);
    assert.match(desk.snippet, /map=[\d.]+\/[\d.]+\/[\d.]+&amp;size=\d+x\d+&amp;/);

    // The snippet in an article whose column is 640 px wide.
    hostPages.set(
      '/column.html',
      article('A 640 px column', `<div style="width:640px">${desk.snippet}</div>`),
    );
    const a = await env.newPage({ viewport: { width: 1000, height: 900 } });
    await a.page.goto(`${env.host.origin}/column.html`);
    const frame = await (
      await a.page.waitForSelector('iframe[data-frontier-embed]')
    ).contentFrame();
    await embedReady(frame);
    // The snippet's script gives the frame the height the embed asks.
    const asked = Number(await frame.evaluate(() => document.body.dataset.reportedHeight));
    await a.page.waitForFunction(
      (h) => Math.round(document.querySelector('iframe').getBoundingClientRect().height) === h,
      asked,
    );
    await a.page.waitForTimeout(300);
    const inFrame = await inside(frame, frontier);
    await a.page.screenshot({ path: join(shots, 'embed-5-column-640.png'), fullPage: true });
    assert.equal(Math.round((await a.page.locator('iframe').boundingBox()).width), 640);
    assert.ok(inFrame.ok, `in the 640 px embed: ${JSON.stringify(inFrame.boxes)}`);
    assert.deepEqual(a.errors, []);
    await a.context.close();

    // The link on a phone.
    const phone = await env.newPage({ viewport: { width: 360, height: 640 } });
    await phone.page.goto(desk.link);
    await settled(phone.page);
    await phone.page.locator('#map').scrollIntoViewIfNeeded();
    const onPhone = await inside(phone.page, frontier);
    await phone.page.screenshot({ path: join(shots, 'embed-5-desktop-link-on-phone.png') });
    assert.ok(onPhone.ok, `on a phone: ${JSON.stringify(onPhone.boxes)}`);
    assert.deepEqual(phone.errors, []);
    await phone.context.close();

    // And the reverse: a phone's link opened on a desktop is not at the
    // phone's zoom, and still holds what the phone showed.
    const small = await sharedLink(path, { width: 360, height: 640 });
    assert.match(small.link, /&size=\d+x\d+&/);
    const wide = await env.newPage({ viewport: { width: 1280, height: 800 } });
    await wide.page.goto(small.link);
    await settled(wide.page);
    const zoom = Number(await wide.page.locator('#map').getAttribute('data-zoom'));
    const onDesk = await inside(wide.page, frontier);
    await wide.page.screenshot({ path: join(shots, 'embed-5-phone-link-on-desktop.png') });
    assert.ok(
      zoom > small.zoom,
      `the phone's link opens at zoom ${zoom}, the phone's ${small.zoom}`,
    );
    assert.ok(onDesk.ok, `on a desktop: ${JSON.stringify(onDesk.boxes)}`);
    assert.deepEqual(wide.errors, []);
    await wide.context.close();
  },
);
