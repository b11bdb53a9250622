// An imported event set larger than the page loads as markers (10,000 a
// collection): the page says how many it shows of how many, and points to
// the table, rather than passing a subset off as the whole.
//
//   node --test web/browsertest/partial.test.mjs   (part of make test-browser)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { frontierBin, shots, skip, useFrontier } from './harness.mjs';

// A store with 12,000 synthetic clashes, made with the frontier command.
const env = useFrontier({
  flags: ({ bigDb }) => ['--db', bigDb], // the later --db wins
  prepare: (env) => {
    const bin = frontierBin();
    env.tmp = mkdtempSync(join(tmpdir(), 'frontier-partial-'));
    env.bigDb = join(env.tmp, 'big.gpkg');
    const csv = join(env.tmp, 'events.csv');
    execFileSync(bin, ['synth', '--events', '12000', '--out', csv]);
    execFileSync(bin, ['seed', '--db', env.bigDb]);
    execFileSync(bin, ['import', csv, '--db', env.bigDb]);
  },
  teardown: ({ tmp }) => tmp && rmSync(tmp, { recursive: true, force: true }),
});

test(
  'more clashes than the page loads: it says how many it shows and links the table',
  { skip, timeout: 60000 },
  async () => {
    const { context, page } = await env.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${env.origin}/#date=2025-06-30`);
    const note = page.locator('#partial');
    await note.waitFor({ state: 'visible', timeout: 30000 });
    const text = await note.innerText();
    const m = text.match(/Showing ([\d,]+) of ([\d,]+) clashes/);
    assert.ok(m, `note: ${text}`);
    const shown = Number(m[1].replaceAll(',', ''));
    const all = Number(m[2].replaceAll(',', ''));
    assert.equal(shown, 10000);
    assert.ok(all > 10000, `${all} clashes matched`);
    assert.match(
      await note.locator('a').getAttribute('href'),
      /\/collections\/clashes\/items\?f=html$/,
    );
    await page.screenshot({ path: join(shots, 'partial.png') });
    await context.close();
  },
);
