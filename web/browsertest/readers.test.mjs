// The readers' map (issue 13) in a real headless Chromium, driven as a
// reader: shared links that open, a first view that fits, labels, the
// locator and scale, and the eight everyday tasks a journalist tried.
//
//   make test-browser        (or: node --test web/browsertest/readers.test.mjs)
//
// Screenshots of each check go to artifacts/browser/13-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { skip, useFrontier } from './harness.mjs';
import { colourInside, CONTESTED, projector, settled, shot } from './page.mjs';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 640 };
const sizes = [
  ['1280', DESKTOP],
  ['360', PHONE],
];

let frontierBox; // [w, s, e, n]

const env = useFrontier({
  setup: async ({ origin }) => {
    frontierBox = (await (await fetch(`${origin}/collections/frontier`)).json()).extent.spatial
      .bbox[0];
  },
});

async function newPage(viewport = DESKTOP) {
  const p = await env.newPage({ viewport });
  p.page.on('response', (r) => r.status() >= 400 && p.errors.push(`${r.status()} ${r.url()}`));
  return p;
}

// open loads a path of the map page and waits until its date is drawn.
async function open(path, viewport = DESKTOP) {
  const p = await newPage(viewport);
  const res = await p.page.goto(`${env.origin}${path}`);
  p.status = res.status();
  await settled(p.page);
  return p;
}

// frontierOnScreen is where the frontier's extent lies on the map: its
// corners in pixels, whether all are inside, and the share of the map's
// width and height it spans.
async function frontierOnScreen(page, selector) {
  const { view, at } = await projector(page, selector);
  const [w, s, e, n] = frontierBox;
  const [x0, y0] = at(w, n);
  const [x1, y1] = at(e, s);
  return {
    inside: x0 >= 0 && y0 >= 0 && x1 <= view.w && y1 <= view.h,
    wide: (x1 - x0) / view.w,
    tall: (y1 - y0) / view.h,
    box: [x0, y0, x1, y1].map(Math.round),
    view,
  };
}

test(
  '13.1 shared links with tracking parameters open the map and the embed; /?date= sets the date',
  { skip, timeout: 120000 },
  async () => {
    for (const [name, vp] of sizes) {
      for (const path of [
        '/?fbclid=IwAR2xYz',
        '/?utm_source=newsletter&utm_medium=email',
        '/?gclid=Cj0KCQ',
      ]) {
        const { page, context, errors, status } = await open(path, vp);
        assert.equal(status, 200, path);
        assert.ok(
          (await page.locator('#map .leaflet-tile-container canvas').count()) > 0,
          `${path}: no map`,
        );
        assert.doesNotMatch(
          page.url(),
          /fbclid|utm_|gclid/,
          'the permalink does not carry the tracking parameters',
        );
        assert.deepEqual(errors, [], path);
        await context.close();
      }
      for (const path of [
        '/embed?fbclid=IwAR2xYz',
        '/embed?utm_source=newsletter&utm_medium=email',
        '/embed?gclid=Cj0KCQ&date=2022-09-16',
      ]) {
        const { page, context, errors } = await newPage(vp);
        const res = await page.goto(`${env.origin}${path}`);
        assert.equal(res.status(), 200, path);
        await page.waitForFunction(() => document.body.dataset.ready === 'true');
        await shot(page, `13-1-embed-${name}`);
        assert.deepEqual(errors, [], path);
        await context.close();
      }
      const { page, context, errors } = await open('/?date=2022-09-16', vp);
      await shot(page, `13-1-date-query-${name}`);
      assert.equal(await page.inputValue('#date-input'), '2022-09-16');
      assert.equal(await page.locator('#date-label').textContent(), '16 September 2022');
      assert.match(new URL(page.url()).hash, /^#date=2022-09-16&map=[\d.]+\/[\d.]+\/[\d.]+&/);
      assert.deepEqual(errors, []);
      await context.close();
    }
    // The fragment wins over the query; the API's name datetime works too.
    const { page, context } = await open('/?datetime=2022-09-16&layers=frontier#date=2023-09-01');
    assert.equal(await page.inputValue('#date-input'), '2023-09-01');
    assert.deepEqual(
      await page.evaluate(() =>
        [...document.querySelectorAll('input[name=layer]:checked')].map((i) => i.value),
      ),
      ['frontier'],
    );
    await context.close();
  },
);

test(
  '13.2 the first view holds the whole frontier, spanning half the map, and the permalink has map= from the start',
  { skip, timeout: 120000 },
  async () => {
    for (const [name, vp] of [
      ...sizes,
      ['1920', { width: 1920, height: 1080 }],
      ['640', { width: 640, height: 480 }],
    ]) {
      const { page, context } = await newPage(vp);
      await page.goto(`${env.origin}/`);
      // As soon as the date control shows a date, before the data has loaded.
      await page.waitForFunction(() => document.getElementById('date-input').value);
      assert.match(
        new URL(page.url()).hash,
        /map=[\d.]+\/\d+\.\d{4}\/\d+\.\d{4}/,
        `${name}: the fragment at the first view`,
      );
      await settled(page);
      const f = await frontierOnScreen(page, '#map');
      await shot(page, `13-2-first-view-${name}`);
      assert.ok(
        f.inside,
        `${name}: frontier ${JSON.stringify(f.box)} outside the map ${f.view.w}×${f.view.h}`,
      );
      assert.ok(
        f.wide >= 0.5 || f.tall >= 0.5,
        `${name}: the frontier spans ${f.wide.toFixed(2)} of the width, ${f.tall.toFixed(2)} of the height`,
      );
      await context.close();

      const e = await newPage(vp);
      await e.page.goto(`${env.origin}/embed`);
      await e.page.waitForFunction(() => document.body.dataset.ready === 'true');
      const fe = await frontierOnScreen(e.page, '#map');
      await shot(e.page, `13-2-embed-first-view-${name}`);
      assert.ok(
        fe.inside,
        `embed ${name}: frontier ${JSON.stringify(fe.box)} outside the map ${fe.view.w}×${fe.view.h}`,
      );
      assert.ok(
        fe.wide >= 0.5 || fe.tall >= 0.5,
        `embed ${name}: spans ${fe.wide.toFixed(2)} × ${fe.tall.toFixed(2)}`,
      );
      await e.context.close();
    }
  },
);

// visibleLabels lists the labels a reader sees, with their boxes.
const visibleLabels = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('#map .map-label')]
      .filter(
        (e) =>
          getComputedStyle(e).visibility !== 'hidden' && getComputedStyle(e).display !== 'none',
      )
      .map((e) => ({ text: e.textContent, ...e.getBoundingClientRect().toJSON() })),
  );

function overlapping(labels) {
  const out = [];
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      const a = labels[i];
      const b = labels[j];
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
        out.push(`${a.text} / ${b.text}`);
    }
  }
  return out;
}

test(
  '13.3 labels name the countries and places without overlaps, after zooming too; a scale bar, the locator, no flag',
  { skip, timeout: 120000 },
  async () => {
    for (const [name, vp] of sizes) {
      const { page, context, errors } = await open('/', vp);
      await page.locator('#map').scrollIntoViewIfNeeded();
      let labels = await visibleLabels(page);
      await shot(page, `13-3-labels-${name}`);
      const texts = labels.map((l) => l.text);
      for (const country of ['Kyrgyzstan', 'Tajikistan', 'Uzbekistan'])
        assert.ok(texts.includes(country), `${name}: no ${country} label in ${texts}`);
      assert.ok(
        texts.some((t) => /Vorukh/.test(t)),
        `${name}: no Vorukh label`,
      );
      assert.deepEqual(overlapping(labels), [], `${name}: overlapping labels`);
      // Zoom in twice with the button, then out once, as a reader does.
      for (const button of [
        '.leaflet-control-zoom-in',
        '.leaflet-control-zoom-in',
        '.leaflet-control-zoom-out',
      ]) {
        await page.locator(button).click();
        await page.waitForTimeout(400);
        await settled(page);
        labels = await visibleLabels(page);
        assert.deepEqual(overlapping(labels), [], `${name} after ${button}: overlapping labels`);
        assert.ok(labels.length > 0, `${name} after ${button}: no label`);
      }
      await shot(page, `13-3-labels-zoomed-${name}`);
      const scale = page.locator('.leaflet-control-scale-line');
      assert.match(await scale.textContent(), /^\d+ k?m$/, 'a metric scale bar');
      assert.ok(await scale.isVisible(), 'the scale bar is visible');
      const attribution = page.locator('.leaflet-control-attribution');
      assert.equal(await attribution.locator('svg, img').count(), 0, 'no flag in the attribution');
      assert.ok(
        (await attribution.locator('a', { hasText: /sources/ }).count()) > 0,
        'the sources link stays',
      );
      const locator = page.locator('.frontier-locator');
      if (vp.width >= 600) {
        assert.ok(await locator.isVisible(), 'the locator at 1280');
        assert.ok(
          (await locator.locator('path.loc-country').count()) >= 3,
          'the locator draws the countries',
        );
        const frame = await locator.locator('rect.loc-frame').boundingBox();
        const box = await locator.boundingBox();
        assert.ok(
          frame &&
            frame.width > 0 &&
            frame.x >= box.x - 1 &&
            frame.x + frame.width <= box.x + box.width + 1,
          'the view framed in the locator',
        );
      } else {
        assert.ok(!(await locator.isVisible()), 'no locator on a phone');
      }
      assert.deepEqual(errors, []);
      await context.close();
    }
  },
);

test(
  '13.4 finding 1: typing 09/16/2022 key by key into the date field shows 16 September 2022',
  { skip, timeout: 30000 },
  async () => {
    const { page, context, errors } = await open('/#date=2023-09-01');
    // Tabbing into Chromium's date field lands on its first part; it takes
    // month, day and year in turn (en-US).
    await page.locator('#date-input').focus();
    for (const key of '09162022') await page.keyboard.type(key, { delay: 60 });
    await page.keyboard.press('Enter');
    await settled(page, '2022-09-16');
    await shot(page, '13-4-typed-date');
    assert.equal(await page.locator('#date-label').textContent(), '16 September 2022');
    assert.match(new URL(page.url()).hash, /date=2022-09-16/);
    assert.deepEqual(errors, []);
    await context.close();
  },
);

// clickOnSector clicks a point of a frontier sector where the sector's
// own target is the topmost thing on screen.
async function clickOnSector(page, id) {
  const at = await page.evaluate((sid) => {
    const path = document.querySelector(`path.ft-sector[data-id="${sid}"]`);
    const len = path.getTotalLength();
    for (let i = 1; i < 200; i++) {
      const p = path.getPointAtLength((len * i) / 200);
      const r = path.ownerSVGElement.createSVGPoint();
      r.x = p.x;
      r.y = p.y;
      const s = r.matrixTransform(path.getScreenCTM());
      if (document.elementFromPoint(s.x, s.y) === path) return [s.x, s.y];
    }
    return null;
  }, id);
  assert.ok(at, `no free point on sector ${id}`);
  await page.mouse.click(at[0], at[1]);
}

test(
  '13.5 finding 2: clicking the Vorukh sector or a place opens its details; Enter on them too',
  { skip, timeout: 45000 },
  async () => {
    for (const [name, vp] of sizes) {
      const { page, context, errors } = await open(
        '/#date=2022-09-20&map=11/39.86/70.58&layers=frontier,clashes,places,countries',
        vp,
      );
      await page.locator('#map').scrollIntoViewIfNeeded();
      await clickOnSector(page, 'vorukh-enclave');
      const where = vp.width >= 740 ? '.leaflet-popup' : '#details:not([hidden])';
      await page.locator(`${where} article[data-kind=frontier]`).waitFor();
      const text = await page.locator(where).innerText();
      await shot(page, `13-5-sector-${name}`);
      assert.match(text, /Vorukh enclave/);
      assert.match(text, /Status history/);
      assert.match(text, /contested \(before 2021 – 21 February 2025\)/);
      assert.ok((await page.locator(`${where} a[href^="http"]`).count()) > 0, 'sources as links');
      await page.keyboard.press('Escape');
      await page.waitForFunction(
        () =>
          !document.querySelector('.leaflet-popup') && document.getElementById('details').hidden,
      );
      // The place: from the keyboard this time.
      await page.locator('path.ft-place[data-id="vorukh"]').focus();
      await page.keyboard.press('Enter');
      await page.locator(`${where} article[data-kind=places]`).waitFor();
      assert.match(await page.locator(where).innerText(), /Vorukh[\s\S]*Isfara District/);
      await shot(page, `13-5-place-${name}`);
      assert.deepEqual(errors, []);
      await context.close();
    }
  },
);

test(
  '13.6 finding 3: no internal notes in what readers see; claims grouped by side with a summary (finding 5)',
  { skip, timeout: 45000 },
  async () => {
    const { page, context, errors } = await open('/#date=2022-09-30&layers=clashes,countries');
    const ids = await page.evaluate(() =>
      [...document.querySelectorAll('path.ft-marker[data-kind=clashes]')].map((p) => p.dataset.id),
    );
    assert.ok(ids.length > 3);
    let sept = null;
    for (const id of ids) {
      await page.locator(`path.ft-marker[data-id="${id}"]`).focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelectorAll('.leaflet-popup').length === 1);
      const article = page.locator('.leaflet-popup article.feature');
      for (const s of await article.locator('details > summary').all()) await s.click();
      const text = await article.innerText();
      assert.doesNotMatch(
        text,
        /facts\.md|seed column|\bSEED\b|\[S\d+/,
        `${id}: internal notes in ${text.slice(0, 200)}`,
      );
      if ((await article.locator('details.claim-side').count()) >= 2) sept = id;
      await page.keyboard.press('Escape');
      await page.locator('.leaflet-popup').waitFor({ state: 'detached' });
    }
    assert.ok(sept, 'an event with claims from two sides');
    await page.locator(`path.ft-marker[data-id="${sept}"]`).focus();
    await page.keyboard.press('Enter');
    const groups = page.locator('.leaflet-popup details.claim-side');
    const first = await groups.first().locator('summary').innerText();
    assert.match(
      first,
      /^(Kyrgyzstan|Tajikistan|third party|both|Other sources): .*\d/,
      `summary line ${first}`,
    );
    assert.equal(await groups.first().evaluate((d) => d.open), false, 'the rest is folded');
    await shot(page, '13-6-claims');
    assert.deepEqual(errors, []);
    await context.close();
  },
);

test(
  '13.7 finding 7: search matches across spaces, hyphens, case, Cyrillic, event types and claim words',
  { skip, timeout: 45000 },
  async () => {
    const { page, context, errors } = await open('/#date=2023-09-01');
    for (const [q, want] of [
      ['Ovchi Kalacha', /Ovchi-Kalacha/],
      ['Овчи-Калача', /Ovchi-Kalacha/],
      ['OVCHI-kalacha', /Ovchi-Kalacha/],
      ['killed', /\d{4}|clash/i],
      ['Battles', /./],
      ['Ходжаи-Аало', /Khojai-Aalo/],
    ]) {
      await page.locator('#search').fill('');
      await page.locator('#search').click();
      for (const ch of q) await page.keyboard.type(ch, { delay: 15 });
      const first = page.locator('#results button').first();
      await first.waitFor({ timeout: 5000 }).catch(() => {});
      const texts = await page.locator('#results button').allInnerTexts();
      assert.ok(
        texts.some((t) => want.test(t)),
        `"${q}" found ${JSON.stringify(texts)}`,
      );
    }
    await shot(page, '13-7-search');
    assert.deepEqual(errors, []);
    await context.close();
  },
);

test(
  '13.8 finding 6: on a phone search and date come first; the sheet leaves the selected feature in sight',
  { skip, timeout: 30000 },
  async () => {
    const { page, context, errors } = await open('/#date=2023-09-01', PHONE);
    const top = await page.evaluate(() =>
      ['#search', '#date-input', '#map', '.legend'].map(
        (s) => document.querySelector(s).getBoundingClientRect().top + window.scrollY,
      ),
    );
    assert.ok(
      top[0] < top[2] && top[1] < top[2],
      `search ${top[0]} and date ${top[1]} before the map ${top[2]}`,
    );
    assert.ok(top[0] < 640, `the search box is ${top[0]} px down`);
    await page.locator('#map').scrollIntoViewIfNeeded();
    await page.locator('path.ft-marker[data-id="2022-09-16-ovchi-kalacha-strike"]').click();
    await page.locator('#details:not([hidden])').waitFor();
    await page.waitForTimeout(300);
    const seen = await page.evaluate(() => {
      const m = document
        .querySelector('path.ft-marker[data-id="2022-09-16-ovchi-kalacha-strike"]')
        .getBoundingClientRect();
      const sheet = document.getElementById('details').getBoundingClientRect();
      const map = document.getElementById('map').getBoundingClientRect();
      return { cy: (m.top + m.bottom) / 2, sheetTop: sheet.top, mapTop: map.top };
    });
    await shot(page, '13-8-sheet');
    assert.ok(
      seen.cy > Math.max(0, seen.mapTop) && seen.cy < seen.sheetTop,
      `the feature at ${seen.cy}, the sheet from ${seen.sheetTop}`,
    );
    assert.deepEqual(errors, []);
    await context.close();
  },
);

test(
  '13.9 finding 8: the stats line explains 838 km on /about; Copy link copies the permalink; Download CSV; key dates say their day',
  { skip, timeout: 45000 },
  async () => {
    const { page, context, errors } = await open('/#date=2023-09-01');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.origin });
    const why = page.locator('#stats a.why-length');
    assert.match(await why.textContent(), /838 km/);
    const range = page.locator('button.milestone').first();
    assert.match(await range.textContent(), /shows 3 May 2021/, 'a range says which day it shows');
    await page.locator('#share-link').click();
    await page.waitForFunction(
      () => document.getElementById('share-link').textContent === 'Link copied',
    );
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, page.url(), 'the clipboard holds the permalink');
    assert.match(copied, /#date=2023-09-01&map=/);
    await shot(page, '13-9-share');
    assert.deepEqual(errors, []);
    await why.click();
    await page.waitForURL(/\/about#length$/);
    assert.match(await page.locator('#length').textContent(), /schematic line measures less/);
    await page.goto(`${env.origin}/collections/clashes/items?f=html`);
    const csv = page.getByRole('link', { name: 'Download CSV' });
    assert.equal(await csv.count(), 1, 'a Download CSV link');
    assert.match(await csv.getAttribute('href'), /f=csv/);
    await context.close();
  },
);

test(
  '13.10 the Golovnoy event opens whole at 1280×800 and 360×640; the frontier under its 25 km area stays visible',
  { skip, timeout: 60000 },
  async () => {
    for (const [name, vp] of sizes) {
      const { page, context, errors } = await open(
        '/#date=2021-04-30&map=10/39.95/70.55&layers=frontier,clashes,places,countries',
        vp,
      );
      await page.locator('#map').scrollIntoViewIfNeeded();
      const area = page.locator('path.ft-marker[data-id="2021-04-28-golovnoy-cameras"]');
      const map = await page.locator('#map').boundingBox();
      const circle = await area.boundingBox();
      const box = {
        x: Math.max(circle.x, map.x),
        y: Math.max(circle.y, map.y),
        width: Math.min(circle.x + circle.width, map.x + map.width) - Math.max(circle.x, map.x),
        height: Math.min(circle.y + circle.height, map.y + map.height) - Math.max(circle.y, map.y),
      };
      // On a phone the map scrolls into view and redraws its canvas tiles:
      // look again for up to 5 s, as a reader waits for the map to settle.
      let px = 0;
      for (const until = Date.now() + 5000; px <= 60 && Date.now() < until;) {
        px = await colourInside(page, box, CONTESTED);
        if (px <= 60) await page.waitForTimeout(250);
      }
      await shot(page, `13-10-golovnoy-area-${name}`);
      assert.ok(px > 60, `${name}: ${px} pixels of the contested line show through the area`);
      await area.focus();
      await page.keyboard.press('Enter');
      if (vp.width >= 740) {
        await page.waitForFunction(() => document.querySelectorAll('.leaflet-popup').length === 1);
        await page.waitForTimeout(400); // the pan to fit it
        const pop = await page.locator('.leaflet-popup').boundingBox();
        const m = await page.locator('#map').boundingBox();
        await shot(page, `13-10-golovnoy-popup-${name}`);
        assert.ok(
          pop.y >= m.y &&
            pop.x >= m.x &&
            pop.y + pop.height <= m.y + m.height + 1 &&
            pop.x + pop.width <= m.x + m.width + 1,
          `${name}: popup ${JSON.stringify(pop)} cut by the map ${JSON.stringify(m)}`,
        );
        assert.match(await page.locator('.leaflet-popup').innerText(), /Golovnoy/);
      } else {
        await page.locator('#details:not([hidden])').waitFor();
        const sheet = await page.locator('#details').boundingBox();
        await shot(page, `13-10-golovnoy-sheet-${name}`);
        assert.ok(
          sheet.y >= 0 && sheet.y + sheet.height <= vp.height + 1,
          `${name}: the sheet ${JSON.stringify(sheet)} is whole on screen`,
        );
        assert.match(await page.locator('#details').innerText(), /Golovnoy/);
      }
      assert.deepEqual(errors, []);
      await context.close();
    }
  },
);
