// What the map page's browser tests share: waiting until the page shows
// one date everywhere, screenshots, and where a point lies on screen.
import { join } from 'node:path';

import { shots } from './harness.mjs';

// settled waits until the page shows one date everywhere: the controls,
// the tiles drawn, the stats and the features loaded.
export async function settled(page, date) {
  await page
    .waitForFunction(
      (d) => {
        const map = document.getElementById('map');
        const input = document.getElementById('date-input');
        return (
          document.body.dataset.ready &&
          !document.body.dataset.loading &&
          (!d || input.value === d) &&
          map.dataset.drawnDate === input.value &&
          map.dataset.markers !== undefined &&
          !map.dataset.tilesLoading
        );
      },
      date,
      { timeout: 15000 },
    )
    .catch(async (err) => {
      const seen = await page.evaluate(() => ({
        body: { ...document.body.dataset },
        map: { ...document.getElementById('map').dataset },
        date: document.getElementById('date-input').value,
      }));
      throw new Error(`page not settled on ${date}: ${JSON.stringify(seen)}: ${err.message}`);
    });
}

export async function shot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`) });
}

// onePopup waits until exactly one popup is open. Leaflet fades a closed
// popup out over 200 ms, so while the page reopens the selected feature's
// popup (a reload, back or forward), two can be in the document for a moment.
export async function onePopup(page) {
  await page.waitForFunction(() => document.querySelectorAll('.leaflet-popup').length === 1, null, {
    timeout: 15000,
  });
}

// project returns where lon/lat lies on the map of a page, in pixels from
// its top left corner, from the view the page publishes (data-zoom,
// data-center) and Web Mercator, as a reader measuring the screen would.
export async function projector(page, selector = '#map') {
  const view = await page.evaluate((s) => {
    const m = document.querySelector(s);
    const r = m.getBoundingClientRect();
    return {
      zoom: Number(m.dataset.zoom),
      center: m.dataset.center.split(',').map(Number),
      w: r.width,
      h: r.height,
      left: r.left,
      top: r.top,
    };
  }, selector);
  const world = 256 * 2 ** view.zoom;
  const px = (lon, lat) => {
    const s = Math.sin((lat * Math.PI) / 180);
    return [
      ((lon + 180) / 360) * world,
      (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * world,
    ];
  };
  const [cx, cy] = px(view.center[1], view.center[0]);
  return {
    view,
    at: (lon, lat) => {
      const [x, y] = px(lon, lat);
      return [x - cx + view.w / 2, y - cy + view.h / 2];
    },
  };
}

// colourInside counts the pixels within 14 of rgb ([r, g, b]) on screen
// inside box, read from a screenshot as a reader would see them.
export async function colourInside(page, box, [r, g, b]) {
  const png = (await page.screenshot({ clip: box })).toString('base64');
  // Decoded on a blank page: the map page's CSP refuses data: images.
  const blank = await page.context().newPage();
  const n = await blank.evaluate(
    async ({ data, r, g, b }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${data}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4)
        if (Math.abs(d[i] - r) < 14 && Math.abs(d[i + 1] - g) < 14 && Math.abs(d[i + 2] - b) < 14)
          n++;
      return n;
    },
    { data: png, r, g, b },
  );
  await blank.close();
  return n;
}

// The colours border-layer.js draws: the contested line, Kyrgyzstan's fill.
export const CONTESTED = [0xb3, 0x26, 0x1e];
export const KYRGYZSTAN = [0xf4, 0xef, 0xe4];
