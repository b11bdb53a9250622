// The newsroom desk in a real headless Chromium (issue 12, must-hold 5):
// an editor signs in with a pasted token, adds an event (its point picked
// on the map), sees it as a draft that a reader does not see; a publisher
// publishes it; a reader then finds it on the map. Typed key by key, as a
// person would; screenshots in artifacts/browser/desk-*.png.
//
//   make test-browser        (or: node --test web/browsertest/desk.test.mjs)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

import { skip, useFrontier } from './harness.mjs';
import { onePopup, projector, settled, shot } from './page.mjs';

const tokens = {};

// Two desk users, added to the server's store with the frontier command.
const env = useFrontier({
  setup: ({ server }) => {
    for (const [name, role] of [
      ['aida', 'editor'],
      ['bek', 'publisher'],
    ]) {
      const out = execFileSync(
        server.bin,
        ['user', 'add', '--name', name, '--role', role, '--db', server.db],
        { encoding: 'utf8' },
      );
      tokens[name] = out.trim().split('\n').pop();
    }
  },
});

const yesterday = new Date(Date.now() - 86400000).toISOString().slice(0, 10);
const VIEW = '#map=11/39.8667/70.5833&layers=clashes,countries';
const TITLE = 'Exchange of fire reported near Vorukh';

async function open(viewport = { width: 1280, height: 900 }) {
  const { context, page, errors } = await env.newPage({ viewport, locale: 'en-US' });
  await page.goto(`${env.origin}/${VIEW}`);
  await settled(page);
  return { page, context, errors };
}

async function signIn(page, name) {
  await page.getByRole('button', { name: 'Desk' }).click();
  await page.locator('#desk-token').focus();
  await page.keyboard.type(tokens[name]);
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    (n) => document.getElementById('desk-who').textContent.includes(n),
    name,
  );
}

// typeInto focuses a field by its label and types into it key by key.
async function typeInto(page, label, text) {
  await page.getByLabel(label, { exact: true }).focus();
  await page.keyboard.type(text);
}

const pending = async () =>
  (
    await (
      await fetch(`${env.origin}/publish`, {
        headers: { Authorization: `Bearer ${tokens.aida}` },
      })
    ).json()
  ).pending;

test(
  'an editor adds an event as a draft, a publisher publishes it, a reader sees it',
  { skip, timeout: 90000 },
  async () => {
    const editor = await open();
    const { page } = editor;
    assert.equal(await page.evaluate(() => document.cookie), '', 'no cookie');
    await signIn(page, 'aida');
    assert.equal(
      await page.evaluate(() => sessionStorage.getItem('frontier.desk.token')),
      tokens.aida,
      'the token is kept in sessionStorage',
    );
    assert.equal(await page.evaluate(() => localStorage.length), 0, 'nothing in localStorage');
    assert.ok(await page.locator('#desk-publish').isHidden(), 'an editor is not offered Publish');
    await shot(page, 'desk-1-signed-in');

    await page.getByRole('button', { name: 'New event' }).click();
    await typeInto(page, 'Title', TITLE);
    const [y, m, d] = yesterday.split('-');
    await typeInto(page, 'First day', `${m}${d}${y}`);
    await page.getByLabel('Event type (ACLED)').focus();
    await page.keyboard.type('Battles');
    await typeInto(page, 'Place', 'Vorukh');

    // The point, picked on the map where Vorukh is.
    await page.getByRole('button', { name: 'Pick the point on the map' }).click();
    const { at } = await projector(page);
    const box = await page.locator('#map').boundingBox();
    const [x, yy] = at(70.5833, 39.8667);
    await page.mouse.click(box.x + x, box.y + yy);
    await page.waitForFunction(
      () =>
        document.getElementById('desk-dialog').open &&
        document.getElementById('desk-lat').value !== '',
    );
    const lat = Number(await page.locator('#desk-lat').inputValue());
    const lon = Number(await page.locator('#desk-lon').inputValue());
    assert.ok(
      Math.abs(lat - 39.8667) < 0.01 && Math.abs(lon - 70.5833) < 0.01,
      `picked ${lat}, ${lon}`,
    );

    await typeInto(
      page,
      'What the point stands for',
      'the village of Vorukh, as the source names it',
    );
    await typeInto(page, 'Sources (ids, comma-separated)', 'S18');
    await typeInto(page, 'Why (for the history)', 'reported this morning');
    await shot(page, 'desk-2-form');
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await page.waitForFunction(() =>
      document.getElementById('desk-status').textContent.startsWith('Saved as a draft'),
    );
    await page.waitForFunction(
      (t) => document.getElementById('desk-pending').textContent.includes(t),
      TITLE,
    );
    assert.match(
      await page.locator('#desk-pending').innerText(),
      /Draft \(create\): Exchange of fire reported near Vorukh in clashes, by aida/,
    );
    await shot(page, 'desk-3-draft');

    const drafts = await pending();
    assert.equal(drafts.length, 1);
    const id = drafts[0].id;
    // A reader does not see the draft.
    assert.equal((await fetch(`${env.origin}/collections/clashes/items/${id}`)).status, 404);

    // A bad body is refused with the field named, in the panel.
    await page.getByRole('button', { name: 'New event' }).click();
    await typeInto(page, 'Title', 'Unsourced');
    await typeInto(page, 'First day', `${m}${d}${y}`);
    await typeInto(page, 'Latitude', '95.2');
    await typeInto(page, 'Longitude', '70.58');
    await typeInto(page, 'Sources (ids, comma-separated)', 'S999');
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await page.waitForFunction(() => document.getElementById('desk-error').textContent !== '');
    const problem = await page.locator('#desk-error').innerText();
    assert.match(problem, /geometry: .*95\.2/);
    assert.match(problem, /properties\.sources: .*S999/);
    assert.equal((await pending()).length, 1, 'the bad body drafted nothing');
    await shot(page, 'desk-4-refused');

    // The editor signs out; the publisher signs in and publishes, by keyboard.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('#desk-token').focus();
    await page.keyboard.type(tokens.bek);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() =>
      document.getElementById('desk-who').textContent.includes('bek'),
    );
    await typeInto(
      page,
      'What changed and why (readers see it in the corrections feed)',
      'Clash at Vorukh, reported by Asia-Plus',
    );
    await page.keyboard.press('Enter');
    await page.waitForFunction(() =>
      document.getElementById('desk-status').textContent.startsWith('Published 1 change'),
    );
    await page.waitForFunction(() =>
      document.getElementById('desk-pending').textContent.includes('Nothing is pending'),
    );
    await shot(page, 'desk-5-published');
    // Chromium logs the refused save's 400 as a console error; nothing else.
    assert.deepEqual(
      editor.errors.filter((e) => !/status of 400 \(Bad Request\)/.test(e)),
      [],
      'console errors at the desk',
    );
    await editor.context.close();

    // A reader, with no token, finds it on the map as of that day.
    const reader = await open();
    await reader.page.goto(
      `${env.origin}/#date=${yesterday}&map=11/39.8667/70.5833&layers=clashes,countries`,
    );
    await settled(reader.page, yesterday);
    const marker = reader.page.locator(`path.ft-marker[data-id="${id}"]`);
    await marker.click();
    await onePopup(reader.page);
    assert.match(await reader.page.locator('.leaflet-popup').innerText(), new RegExp(TITLE));
    await shot(reader.page, 'desk-6-reader');

    // A correction, published: the reader's popup says so, with its history.
    const auth = (who) => ({ Authorization: `Bearer ${tokens[who]}` });
    const cur = await fetch(`${env.origin}/collections/clashes/items/${id}`);
    const r = await fetch(`${env.origin}/collections/clashes/items/${id}`, {
      method: 'PATCH',
      headers: {
        ...auth('aida'),
        'Content-Type': 'application/merge-patch+json',
        'If-Match': cur.headers.get('ETag'),
      },
      body: JSON.stringify({ properties: { place: 'Vorukh (Isfara district)' } }),
    });
    assert.equal(r.status, 200, await r.text());
    const p = await fetch(`${env.origin}/publish`, {
      method: 'POST',
      headers: { ...auth('bek'), 'Content-Type': 'application/json' },
      body: JSON.stringify({ message: 'place named as the ministry names it' }),
    });
    assert.equal(p.status, 200);
    await reader.page.reload();
    await settled(reader.page, yesterday);
    await reader.page.locator(`path.ft-marker[data-id="${id}"]`).click();
    await onePopup(reader.page);
    const corrected = reader.page.locator('.leaflet-popup .corrected');
    await corrected.waitFor();
    assert.match(
      await corrected.innerText(),
      /^Corrected on \d+ \w+ \d{4}: place named as the ministry names it history$/,
    );
    assert.match(
      await corrected.locator('a').getAttribute('href'),
      new RegExp(`/collections/clashes/items/${id}/history$`),
    );
    await shot(reader.page, 'desk-7-corrected');
    assert.deepEqual(reader.errors, [], 'console errors for the reader');
    await reader.context.close();
  },
);

test(
  'on a phone the desk dialog fits the screen and signs in',
  { skip, timeout: 30000 },
  async () => {
    const { page, context, errors } = await open({ width: 390, height: 844 });
    await signIn(page, 'aida');
    const box = await page.locator('#desk-dialog').boundingBox();
    assert.ok(box.width <= 390 && box.x >= 0, `dialog ${JSON.stringify(box)}`);
    await shot(page, 'desk-8-phone');
    assert.deepEqual(errors, []);
    await context.close();
  },
);
