// cartography.js sets up what the map page and the embed draw alike
// around the data: the optional raster basemap, a neutral attribution (no
// flag: this is a map of a border dispute) that keeps the sources link, a
// metric scale bar, the labels (labels.js) and, on screens 600 px wide and
// up, the locator inset (locator.js). It loads the bundled countries and
// places once.
import { LabelLayer } from './labels.js';
import { Locator } from './locator.js';
import { t, placeNameText, wordText } from './i18n.js';
import { setupPanes } from './markers.js';
import * as source from './source.js';

const L = window.L;

// Scale is Leaflet's metric scale bar writing its unit in the page's
// language ("50 км"). It wraps _updateScale, which Leaflet 1.9 (pinned in
// package.json) calls with the label it would write.
const Scale = L.Control.Scale.extend({
  _updateScale(el, text, ratio) {
    const [n, unit] = text.split(' ');
    const local = unit === 'km' ? t('unit.km', { km: n }) : t('unit.m', { m: n });
    L.Control.Scale.prototype._updateScale.call(this, el, local, ratio);
  },
});

export function setupCartography(map, base) {
  // An optional raster basemap (--basemap-url), under everything else.
  if (document.body.dataset.basemap) {
    L.tileLayer(document.body.dataset.basemap, {
      attribution: document.body.dataset.basemapCredit,
      maxZoom: 19,
      zIndex: 0,
    }).addTo(map);
  }
  setupPanes(map);
  map.attributionControl.setPrefix(
    '<a href="https://leafletjs.com" rel="noopener noreferrer">Leaflet</a>',
  );
  new Scale({ imperial: false, position: 'bottomleft', maxWidth: 120 }).addTo(map);
  // Leaflet's zoom buttons, named in the page's language (their titles
  // are their accessible names).
  if (map.zoomControl) {
    map.zoomControl.remove();
    map.zoomControl = L.control
      .zoom({ zoomInTitle: t('map.zoom_in'), zoomOutTitle: t('map.zoom_out') })
      .addTo(map);
  }
  const locator = new Locator({ label: t('map.locator') }).addTo(map);
  const labels = new LabelLayer().addTo(map);
  const get = (kind) => source.all(kind).catch(() => ({ features: [] }));
  const places = get('places').then((fc) => {
    labels.setPlaces(
      fc.features
        .filter((f) => f.geometry)
        .map((f) => {
          const p = f.properties;
          const enclave = /exclave|enclave/i.test(`${p.admin || ''} ${p.note || ''}`);
          const [lng, lat] = f.geometry.coordinates;
          // Named in the page's language: the gazetteer's Cyrillic spelling
          // outside English, else its English name, marked as such.
          const n = placeNameText(p.name, p.spellings);
          return {
            id: f.id,
            name: p.name,
            text: enclave ? t('map.enclave', { name: n.text }) : n.text,
            lang: n.lang,
            latlng: L.latLng(lat, lng),
            enclave,
          };
        }),
    );
    return fc.features;
  });
  get('countries').then((fc) => {
    const shapes = fc.features.filter((f) => f.geometry);
    labels.setCountries(
      shapes.map((f) => {
        const w = wordText('country', f.properties.name);
        return { name: f.properties.name, text: w.text, lang: w.lang, geometry: f.geometry };
      }),
    );
    locator.setCountries(shapes);
  });
  return { labels, places };
}
