// The page in the region's languages (issue 13, what must hold 6 and 7):
// a browser that asks for Russian, Kyrgyz or Tajik gets the page in it
// (<html lang>, the stats line in км), /embed?lang=ru too; a keyboard user
// switches the language; the accessibility checks hold in all four.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { shots, skip, useFrontier } from './harness.mjs';

const env = useFrontier();

const ready = (page) =>
  page.waitForFunction(
    () =>
      document.body.dataset.ready &&
      !document.body.dataset.loading &&
      /\d/.test(document.getElementById('stats').textContent),
    null,
    { timeout: 20000 },
  );

async function open(
  acceptLanguage,
  path = '/#date=2023-09-01',
  viewport = { width: 1280, height: 800 },
) {
  const { context, page, errors } = await env.newPage({
    viewport,
    extraHTTPHeaders: { 'Accept-Language': acceptLanguage },
  });
  await page.goto(`${env.origin}${path}`);
  return { context, page, errors };
}

// What each language's page must say: its <h1>, a word of its legend.
const want = {
  ru: { h1: 'Кыргызско-таджикская граница', word: 'Спорные участки', zoomIn: 'Приблизить' },
  ky: { h1: 'Кыргыз-тажик чек арасы', word: 'Талаштуу участоктор', zoomIn: 'Чоңойтуу' },
  tg: { h1: 'Марзи Тоҷикистону Қирғизистон', word: 'Қитъаҳои баҳсталаб', zoomIn: 'Наздик кардан' },
};

for (const [code, w] of Object.entries(want)) {
  test(
    `6. Accept-Language: ${code}: the page is in ${code}, the stats line in км`,
    { skip, timeout: 40000 },
    async () => {
      const { context, page, errors } = await open(`${code},en;q=0.5`);
      await ready(page);
      const st = await page.evaluate(() => ({
        lang: document.documentElement.lang,
        h1: document.querySelector('h1').textContent,
        // The stats line less the reported figures, which are the data's
        // own words (English, marked lang="en" where shown).
        stats: (() => {
          const c = document.getElementById('stats').cloneNode(true);
          c.querySelectorAll('.reported').forEach((r) => r.remove());
          return c.textContent;
        })(),
        legend: document.querySelector('.legend').textContent,
        date: document.getElementById('date-label').textContent,
        scale: document.querySelector('.leaflet-control-scale-line').textContent,
        zoomIn: document.querySelector('.leaflet-control-zoom-in').title,
      }));
      await page.screenshot({ path: join(shots, `lang-${code}.png`) });
      assert.equal(st.lang, code);
      assert.equal(st.h1, w.h1);
      assert.match(st.stats, / км /, `stats line ${st.stats}`);
      assert.doesNotMatch(
        st.stats,
        /\bkm\b|contested|As of|January|February|March|April|May|June|July|August|September|October|November|December|\d\.\d/,
        `English in the stats line: ${st.stats}`,
      );
      assert.ok(st.legend.includes(w.word), `legend ${st.legend}`);
      assert.match(st.date, /сентябр|Сентябр/i, `date label ${st.date}`);
      // Leaflet's own controls too: the scale bar's unit, the zoom buttons.
      assert.match(st.scale, /^\d+ к?м$/, `scale bar ${st.scale}`);
      assert.equal(st.zoomIn, w.zoomIn);
      // The desk speaks the page's language too: only the command an
      // administrator types and the API's field names stay as they are.
      await page.locator('#desk-open').click();
      const desk = await page
        .locator('#desk-dialog')
        .evaluate((d) => ({ lang: d.closest('[lang]').lang, text: d.textContent }));
      await page.screenshot({ path: join(shots, `lang-desk-${code}.png`) });
      assert.equal(desk.lang, code);
      const english = desk.text
        .replace(/frontier user add|ACLED|JSON|low, what, side, claimant, source/g, '')
        .match(/[A-Za-z]{2,}/g);
      assert.equal(english, null, `English in the desk: ${english}`);
      assert.deepEqual(errors, []);
      await context.close();
    },
  );
}

test(
  '6. /embed?lang=ru is in Russian whatever the browser asks for',
  { skip, timeout: 40000 },
  async () => {
    const { context, page, errors } = await open('en-GB', '/embed?date=2022-09-16&lang=ru');
    await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 20000 });
    const st = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      legend: document.querySelector('.e-legend').textContent,
      date: document.getElementById('date-label').textContent,
      full: document.getElementById('full-map').textContent,
    }));
    await page.screenshot({ path: join(shots, 'lang-embed-ru.png') });
    assert.equal(st.lang, 'ru');
    assert.ok(st.legend.includes('спорный') && st.legend.includes('делимитированный'), st.legend);
    assert.equal(st.date, 'На 16 сентября 2022 г.');
    assert.match(st.full, /полную карту/);
    assert.deepEqual(errors, []);
    await context.close();
  },
);

test(
  '7. a keyboard user switches the language with Tab and Enter; the view and the choice stay in the link',
  { skip, timeout: 60000 },
  async () => {
    const { context, page, errors } = await open(
      'en-GB',
      '/#date=2022-09-16&map=10/40.0000/70.5000&layers=frontier,clashes',
    );
    await ready(page);
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(
        () => document.activeElement?.getAttribute('hreflang') === 'ky',
      );
    }
    assert.ok(reached, 'the Kyrgyz link of the switcher is not reached by Tab');
    await Promise.all([page.waitForURL(/lang=ky/), page.keyboard.press('Enter')]);
    await ready(page);
    const st = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      hash: location.hash,
      h1: document.querySelector('h1').textContent,
      current: document.querySelector('.langs [aria-current]')?.textContent,
    }));
    await page.screenshot({ path: join(shots, 'lang-switched-ky.png') });
    assert.equal(st.lang, 'ky');
    assert.equal(st.h1, want.ky.h1);
    assert.equal(st.current, 'Кыргызча');
    assert.match(st.hash, /date=2022-09-16/);
    assert.match(st.hash, /map=10\/40\.0000\/70\.5000/);
    assert.match(st.hash, /lang=ky/, 'the chosen language is in the permalink');
    assert.deepEqual(errors, []);
    await context.close();
  },
);

// The page's accessibility checks, in each language: a language on the
// document, a name for every control, the switcher naming the current
// language, and nothing wider than a 360 px phone (Russian and Tajik run
// longer than English).
for (const code of ['en', 'ru', 'ky', 'tg']) {
  test(`7. accessibility checks in ${code}`, { skip, timeout: 40000 }, async () => {
    const { context, page, errors } = await open(code, '/#date=2023-09-01', {
      width: 360,
      height: 640,
    });
    await ready(page);
    const a11y = await page.evaluate(() => {
      const nameOf = (e) =>
        (
          e.getAttribute('aria-label') ||
          (e.labels && [...e.labels].map((l) => l.textContent).join(' ')) ||
          e.textContent ||
          e.title ||
          ''
        ).trim();
      const controls = [...document.querySelectorAll('input, select, textarea, button')].filter(
        (e) => !e.closest('dialog'),
      );
      return {
        lang: document.documentElement.lang,
        unnamed: controls.filter((e) => !nameOf(e)).map((e) => e.outerHTML.slice(0, 80)),
        switcher: document.querySelector('.langs')?.getAttribute('aria-label'),
        current: document.querySelectorAll('.langs [aria-current]').length,
        scrollWidth: document.documentElement.scrollWidth,
        english: [...document.querySelectorAll('[lang="en"]')].length,
      };
    });
    await page.screenshot({ path: join(shots, `lang-a11y-${code}-360.png`), fullPage: true });
    assert.equal(a11y.lang, code);
    assert.deepEqual(a11y.unnamed, [], 'controls without a name');
    assert.ok(a11y.switcher, 'the switcher has no name');
    assert.equal(a11y.current, 1, 'the switcher marks the current language');
    assert.ok(a11y.scrollWidth <= 360, `page is ${a11y.scrollWidth} px wide`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
