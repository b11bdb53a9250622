// Issue 11 in a real headless Chromium: the stats line shows the figures
// the parties reported beside the schematic line's share, after the reader
// changes the date as a person would (a key date clicked, then the slider
// moved with the keyboard); popups say what a point stands for, where the
// 1:10m line passes on the wrong side of a village, each source's grade,
// and which figures are early.
//
//   make test-browser   (or: node --test web/browsertest/reported.test.mjs)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { shots, skip, useFrontier } from './harness.mjs';

const env = useFrontier();

async function open(hash, viewport = { width: 1280, height: 800 }) {
  const { context, page, errors } = await env.newPage({ viewport });
  await page.goto(`${env.origin}/${hash}`);
  await page.waitForFunction(
    () => document.body.dataset.ready && !document.body.dataset.loading,
    null,
    { timeout: 15000 },
  );
  return { page, context, errors };
}

const stats = (page) => page.locator('#stats').innerText();

test(
  'the stats line shows the reported figure beside the schematic share, as the date changes',
  { skip, timeout: 60000 },
  async () => {
    const { page, context, errors } = await open('#date=2021-01-15&layers=frontier,countries');
    await page.waitForFunction(() =>
      document.getElementById('stats').textContent.includes('15 January 2021'),
    );
    const before = await stats(page);
    assert.match(before, /Schematic line: \d+ km of \d+ km contested/);
    assert.match(
      before,
      /Reported December 2020: more than 450 km of 972 km not specified \(24\.kg\)\./,
    );

    // A reader clicks the key date of Tashiev's statement.
    await page
      .getByRole('button', { name: /Tashiev says over 90% of the border is agreed\./ })
      .click();
    await page.waitForFunction(
      () => /Reported 12 December 2023/.test(document.getElementById('stats').textContent),
      null,
      { timeout: 15000 },
    );
    const line = await stats(page);
    await page.screenshot({ path: join(shots, 'reported-1-tashiev.png') });
    assert.match(line, /Schematic line: 315 km of 838 km contested \(37\.6%\)/, line);
    assert.match(
      line,
      /Reported 12 December 2023: over 90% agreed \(Kamchybek Tashiev, daryo\.uz\); approximately 290 km of 972 km yet to be officially described \(daryo\.uz\)\./,
      line,
    );
    const link = page.locator('#stats .reported a').first();
    assert.equal(
      await link.getAttribute('href'),
      'https://daryo.uz/en/2023/12/23/kyrgyzstan-and-tajikistan-reach-agreement-on-12-kilometers-of-border-delineation',
    );

    // Every figure up to the date, side by side, folded under the date.
    await page.locator('#reported-all summary').click();
    const all = await page.locator('#reported-all li').allInnerTexts();
    assert.ok(all.length >= 4, `figures listed: ${all.length}`);
    assert.ok(
      all.every((li) => /grade [ABC]/.test(li)),
      'each figure shows its grade',
    );

    // Then the slider, moved with the keyboard past the treaty.
    await page
      .getByRole('button', { name: /Tashiev and Yatimov say the whole border is agreed\./ })
      .click();
    await page.waitForFunction(
      () =>
        /Reported 21 February 2025: the whole length agreed/.test(
          document.getElementById('stats').textContent,
        ),
      null,
      { timeout: 15000 },
    );
    await page.locator('#date-range').focus();
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(
      () => document.getElementById('stats').textContent.includes('20 February 2025'),
      null,
      { timeout: 15000 },
    );
    await page.waitForFunction(
      () => /Reported 13 December 2024/.test(document.getElementById('stats').textContent),
      null,
      { timeout: 15000 },
    );
    assert.match(
      await stats(page),
      /Schematic line: 315 km of 838 km contested.*Reported 13 December 2024: the delineation complete \(Kamchybek Tashiev \(to parliament\), 24\.kg\); the disputed territories divided "50\/50"/s,
    );
    await page.screenshot({ path: join(shots, 'reported-2-slider.png') });
    assert.deepEqual(errors, []);
    await context.close();
  },
);

test('the milestone list reads as sentences', { skip, timeout: 30000 }, async () => {
  const { page, context, errors } = await open('#date=2023-09-01');
  const labels = await page.locator('#milestones button').allInnerTexts();
  assert.ok(labels.length >= 12, `milestones: ${labels.length}`);
  for (const l of labels) assert.match(l, /\.$/, `a milestone cut mid-sentence: ${l}`);
  assert.ok(
    labels.some((l) =>
      /Tajikistan’s lower chamber ratifies the treaty\.|Tajikistan's lower chamber ratifies the treaty\./.test(
        l,
      ),
    ),
    labels.join(' | '),
  );
  assert.deepEqual(errors, []);
  await context.close();
});

test(
  'popups say what the point stands for, the wrong side of the line, grades and early figures',
  { skip, timeout: 30000 },
  async () => {
    const { page, context, errors } = await open(
      '#date=2023-09-01&map=10/40.1333/69.6833&layers=clashes,countries',
    );
    await page.locator('path.ft-marker[data-id="2022-09-16-ovchi-kalacha-strike"]').click();
    await page.waitForFunction(
      () => document.querySelectorAll('.leaflet-popup').length === 1,
      null,
      { timeout: 15000 },
    );
    const text = await page.locator('.leaflet-popup').innerText();
    await page.screenshot({ path: join(shots, 'reported-3-popup.png') });
    assert.match(text, /What the point stands for: The Ovchikalacha jamoat's gazetteer point/);
    assert.match(
      text,
      /At this scale the schematic line passes on the wrong side of this village: its point falls inside Kyrgyzstan on the map\./,
    );
    assert.match(text, /grade A/);

    // A place found by search, typed key by key: Kok-Tash, a Kyrgyz village the 1:10m line puts in Tajikistan.
    await page.keyboard.press('Escape');
    await page.locator('#search').click();
    await page.keyboard.type('Kok-Tash');
    await page.keyboard.press('ArrowDown');
    const hit = await page.evaluate(() => document.activeElement.textContent);
    assert.match(hit, /Kok-Tash \(place, Kyrgyzstan\)/);
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => /Kok-Tash/.test(document.querySelector('.leaflet-popup')?.textContent || ''),
      null,
      { timeout: 15000 },
    );
    const place = await page.locator('.leaflet-popup').innerText();
    await page.screenshot({ path: join(shots, 'reported-3b-place.png') });
    assert.match(
      place,
      /At this scale the schematic line passes on the wrong side of this village: its point falls inside Tajikistan on the map\./,
    );
    assert.match(place, /Russian Wikipedia: .*not graded/s);
    assert.deepEqual(errors, []);
    await context.close();

    // The April 2021 episode, listed unmapped, holds the tolls: consolidated first, the early 41 marked.
    const second = await open('#date=2021-05-10&layers=clashes,countries');
    const p2 = second.page;
    await p2.getByRole('button', { name: 'April 2021 Kyrgyzstan–Tajikistan clashes' }).click();
    await p2.waitForFunction(() => /consolidated/.test(document.body.innerText), null, {
      timeout: 15000,
    });
    // Claims are grouped by side, each folded under its one-line summary
    // (issue 13): open every group, as a reader does, then read them.
    const article = p2.locator('article.feature[data-id="2021-04-kyrgyzstan-tajikistan-clashes"]');
    for (const summary of await article.locator('details.claim-side > summary').all())
      await summary.click();
    const claims = await article.locator('ul.claims li').allInnerTexts();
    await p2.screenshot({ path: join(shots, 'reported-4-episode.png') });
    assert.match(claims[0], /^\[consolidated, whole episode\] 36 killed/);
    const early = claims.findIndex((c) => /^\[early figure, whole episode\] 10 killed/.test(c));
    assert.ok(early > 0, 'the early figure is listed');
    const side = await article
      .locator('details.claim-side', { hasText: /\[early figure, whole episode\] 10 killed/ })
      .locator('ul.claims li')
      .allInnerTexts();
    assert.match(
      side.at(-1),
      /^\[early figure, whole episode\] 10 killed/,
      "the early figure last among its side's",
    );
    assert.match(
      await p2
        .locator('article.feature[data-id="2021-04-kyrgyzstan-tajikistan-clashes"]')
        .innerText(),
      /What the date stands for: From the camera dispute of 28 April/,
    );
    assert.deepEqual([...errors, ...second.errors], []);
    await second.context.close();
  },
);

test(
  'the embed shows the latest reported figure beside its schematic-line credit',
  { skip, timeout: 30000 },
  async () => {
    const { context, page } = await env.newPage({ viewport: { width: 600, height: 450 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${env.origin}/embed?date=2024-01-01`);
    await page.waitForFunction(
      () =>
        /Reported 12 December 2023/.test(document.getElementById('reported')?.textContent || ''),
      null,
      { timeout: 15000 },
    );
    const credit = await page.locator('p.credit').innerText();
    await page.screenshot({ path: join(shots, 'reported-5-embed.png') });
    assert.match(
      credit,
      /Schematic line · Reported 12 December 2023: over 90% agreed \(Kamchybek Tashiev, daryo\.uz\)/,
    );
    assert.equal(await page.locator('#reported a').first().getAttribute('target'), '_blank');
    assert.deepEqual(errors, []);
    await context.close();
  },
);
