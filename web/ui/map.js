// map.js runs the journalists' map page: the frontier by status from the
// vector tiles, clashes and deployments as areas of uncertainty from the
// OGC API, a time control, the stats line, search, and a permalink.
import { BorderLayer } from './border-layer.js';
import {
  describe,
  describeSector,
  describePlace,
  title,
  dayLabel,
  dateLabel as eventDate,
  el,
  formatKm,
} from './details.js';
import { parse, initial, format, LAYERS, KINDS } from './permalink.js';
import { markerFor, sectorLayer, placeLayer } from './markers.js';
import { ClashTiles, clusterBox } from './clusters.js';
import { setupEmbedDialog } from './embed-dialog.js';
import {
  t,
  formatPercent,
  formatDateRange,
  lang,
  followFragmentLang,
  dataText,
  placeName,
  word,
} from './i18n.js';
import { reportedFigure, reportedList } from './record.js';
import { START, today, dayIndex, isoOf, clampDate } from './dates.js';
import { setupCartography } from './cartography.js';
import { fold, matches, eventTexts } from './search.js';
import * as source from './source.js';
import { showView, showFrontier, linkView, shownView } from './view.js';

const L = window.L;
const base = document.body.dataset.base;
const narrow = window.matchMedia('(max-width: 46rem)');

const $ = (id) => document.getElementById(id);
const range = $('date-range');
const dateInput = $('date-input');
const dateLabel = $('date-label');
const statsLine = $('stats');
const search = $('search');
const results = $('results');
const details = $('details');
const detailsBody = $('details-body');
const unmappedList = $('unmapped');

// The page's state; the URL's fragment mirrors it (permalink.js).
// lang is kept in the permalink only when the reader chose it (lang= in
// the URL or the switcher), not when it came from Accept-Language.
const state = {
  date: today,
  center: null,
  zoom: null,
  size: null,
  layers: new Set(LAYERS),
  sel: null,
  lang: document.body.dataset.langChosen ? lang : null,
};
// While the page starts or applies a URL, history is not written: a
// moveend from the first fitBounds would otherwise replace the permalink
// before it is read.
let restoring = true;

// zoomSnap 0.25: the first view fits the frontier to any screen closely,
// not to the nearest power of two (which can leave it at a quarter of the
// map); the zoom buttons still step by one.
const map = L.map('map', {
  minZoom: 4,
  maxZoom: 14,
  zoomSnap: 0.25,
  zoomDelta: 1,
  worldCopyJump: false,
});
map.attributionControl.addAttribution(
  `<a href="${base}/about">${t('map.attribution_sources')}</a> · ${t('map.attribution_boundaries')}`,
);
const border = new BorderLayer({ pane: 'tilePane' }).addTo(map);
const { labels, places: placesLoaded } = setupCartography(map, base);
const groups = { clashes: L.featureGroup(), deployments: L.featureGroup() };
// Every feature loaded for the current date, by "kind:id".
let index = new Map();
// fromTiles: the date holds more clashes than one page of items (an
// imported ACLED set), so they are drawn from the vector tiles' clusters
// (clusters.js) and opened, listed and searched through the API, a page
// at a time; otherwise all are loaded and drawn as they always were.
let fromTiles = false;
const clashTiles = new ClashTiles(map, groups.clashes, {
  onEvent: select,
  onCluster: openCluster,
  onChange: publishMarkers,
});
border.on('tiledata', (e) => clashTiles.add(e.coords, e.tile));
border.on('tileunload', (e) => clashTiles.remove(e.coords));
let places = [];

// ---- history -------------------------------------------------------------

function writeURL(push) {
  if (restoring) return;
  Object.assign(state, linkView(map));
  const hash = format(state);
  updateSwitcher();
  if (hash === location.hash) return;
  if (push) history.pushState(null, '', hash);
  else history.replaceState(null, '', hash);
}

// The language switcher's links open the same view in another language:
// the language as a query (the server writes the page in it) and in the
// permalink, which a reader may then share.
const switcher = [...document.querySelectorAll('.langs a[hreflang]')];
function switchURL(code) {
  const u = new URL(location.href);
  u.searchParams.set('lang', code);
  u.hash = format({ ...state, lang: code });
  return u.href;
}
function updateSwitcher() {
  for (const a of switcher) a.href = switchURL(a.hreflang);
}
for (const a of switcher) {
  // The view may have moved since the last history entry: the link
  // takes it as it is when followed (by click or Enter).
  a.addEventListener('click', () => {
    Object.assign(state, linkView(map));
    a.href = switchURL(a.hreflang);
  });
}

// publishView writes the view on screen on the map's element (data-zoom,
// data-center), for tests measuring the screen as a reader would.
function publishView() {
  const v = shownView(map);
  const box = map.getContainer();
  box.dataset.zoom = String(v.zoom);
  box.dataset.center = `${v.center[0].toFixed(4)},${v.center[1].toFixed(4)}`;
}

map.on('moveend', () => {
  publishView();
  writeURL(false);
});

// ---- time ----------------------------------------------------------------

range.max = String(dayIndex(today));
dateInput.max = today;

function showDate(date) {
  range.value = String(dayIndex(date));
  dateInput.value = date;
  dateLabel.textContent = dayLabel(date);
  range.setAttribute('aria-valuetext', dayLabel(date));
}

let dateToken = 0;
// setDate shows the map as of date: tiles, stats and the events up to it.
async function setDate(date, push = true) {
  date = clampDate(date);
  showDate(date);
  if (date === state.date && border.hasTemplate()) return;
  state.date = date;
  writeURL(push);
  const token = ++dateToken;
  document.body.dataset.loading = 'true';
  await Promise.all([
    loadTiles(date, token),
    loadStats(date, token),
    loadFeatures(date, token),
    loadSectors(date, token),
  ]);
  if (token === dateToken) delete document.body.dataset.loading;
}

let slideTimer = 0;
range.addEventListener('input', () => {
  const date = isoOf(Number(range.value));
  showDate(date);
  clearTimeout(slideTimer);
  slideTimer = setTimeout(() => setDate(date), 180);
});
// A date typed into the field is applied when it is whole and in range:
// Chromium fires change at every segment typed, with a year of "0002"
// while the reader is still typing 2022, which must not be clamped to
// 1 January 2021 under their fingers. Enter and leaving the field apply
// what is there, clamped; a field left empty shows the date again.
function applyTyped(final) {
  const v = dateInput.value;
  if (v && v >= START && v <= today) setDate(v);
  else if (final) {
    if (v && /^\d{4}-/.test(v) && v.slice(0, 4) >= '1000') setDate(clampDate(v));
    else showDate(state.date);
  }
}
dateInput.addEventListener('change', () => applyTyped(false));
dateInput.addEventListener('blur', () => applyTyped(true));
dateInput.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') applyTyped(true);
});

// The frontier's sectors and the places, as targets over what the tiles
// draw: a click or Enter on either opens its details.
const sectorHits = L.layerGroup();
const placeHits = L.layerGroup();
let sectors = [];

async function loadSectors(date, token) {
  try {
    const fc = await source.sectors(date);
    if (token !== dateToken) return;
    sectors = fc.features;
    sectorHits.clearLayers();
    for (const f of sectors) if (f.geometry) sectorHits.addLayer(sectorLayer(f, openSector));
  } catch (err) {
    console.warn('frontier: no sectors', err);
  }
}

function openSector(kind, id, e) {
  const f = sectors.find((x) => x.id === id);
  if (!f) return;
  opener = document.activeElement;
  selecting = true;
  map.closePopup();
  hideDetails(false);
  selecting = false;
  // Where the reader clicked, or the middle of the sector from the keyboard.
  const at =
    e && e.latlng
      ? e.latlng
      : sectorHits
          .getLayers()
          .find((l) => l.getElement && l.getElement()?.dataset.id === id)
          ?.getCenter();
  present(describeSector(f, base), at || null, title('frontier', f), true);
}

const tileSources = new Map();
async function loadTiles(date, token) {
  try {
    if (!tileSources.has(date)) tileSources.set(date, await source.tiles(date));
    if (token !== dateToken) return;
    border.setSource(tileSources.get(date), date);
  } catch (err) {
    console.warn('frontier: no vector tiles', err);
  }
}

async function loadStats(date, token) {
  try {
    const s = await source.stats(date);
    if (token !== dateToken) return;
    const contested = (s.km && s.km.contested) || 0;
    const share = (s.share && s.share.contested) || 0;
    const src = s.official_length_source || {};
    const link = src.url
      ? el(
          'a',
          { href: src.url, rel: 'noopener noreferrer', title: src.title },
          src.publisher || src.id,
        )
      : src.publisher || src.id || '';
    // The schematic share, then the latest figures the parties reported
    // (two of one day that disagree, side by side): the 2023-24 partial
    // agreements cannot be placed on the line.
    const latest = s.reported_latest || [];
    statsLine.replaceChildren(
      el('strong', {}, t('stats.as_of', { date: dayLabel(date) })),
      ' ',
      t('stats.schematic'),
      ' ',
      t('stats.line', {
        contested: formatKm(contested),
        total: formatKm(s.measured_length_km),
        pct: formatPercent(share),
        official: s.official_length_km,
      }),
      ' (',
      link,
      '; ',
      // Why the line measures less than the official length: /about says.
      el(
        'a',
        { href: `${base}/about#length`, class: 'why-length' },
        t('stats.why', { km: formatKm(s.measured_length_km) }),
      ),
      '). ',
      ...(latest.length
        ? latest.flatMap((r, i) => [i ? '; ' : '', reportedFigure(r, i > 0)])
        : [t('stats.reported_none')]),
      latest.length ? '.' : '',
    );
    reportedAll.replaceChildren(
      ...(s.reported && s.reported.length ? [reportedList(s.reported)] : []),
    );
  } catch (err) {
    statsLine.textContent = t('stats.error');
    reportedAll.replaceChildren();
  }
}

// reportedAll holds every figure reported up to the date, folded away in
// the panel under the date (the header's height is fixed by the layout).
const reportedAll = el('div', { id: 'reported-all', class: 'reported-all' });
dateLabel.parentElement.after(reportedAll);

// ---- clashes and deployments ---------------------------------------------

const featureCache = new Map();
async function fetchFeatures(kind, date) {
  const key = `${kind}/${date}`;
  if (!featureCache.has(key)) {
    featureCache.set(key, source.features(kind, date));
  }
  return featureCache.get(key);
}

async function loadFeatures(date, token) {
  let loaded;
  try {
    loaded = await Promise.all(KINDS.map((k) => fetchFeatures(k, date)));
  } catch (err) {
    statsLine.append(` ${t('stats.events_error')}`);
    return;
  }
  if (token !== dateToken) return;
  const keepSel = state.sel;
  selecting = true; // not a reader's close: no history entry
  map.closePopup();
  selecting = false;
  index = new Map();
  const unmapped = [];
  const clashes = loaded[KINDS.indexOf('clashes')];
  fromTiles = clashes.numberMatched > clashes.features.length;
  if (!fromTiles) clashTiles.setActive(false);
  KINDS.forEach((kind, i) => {
    if (kind === 'clashes' && fromTiles) {
      // clusters.js draws them; markers loaded from the API go.
      if (!clashTiles.active) groups.clashes.clearLayers();
      return;
    }
    groups[kind].clearLayers();
    for (const f of loaded[i].features) {
      const entry = { kind, f, layer: null };
      if (f.geometry) {
        entry.layer = markerFor(kind, f, select);
        groups[kind].addLayer(entry.layer);
      } else {
        unmapped.push(entry);
      }
      index.set(`${kind}:${f.id}`, entry);
    }
  });
  unmappedList.replaceChildren(...unmapped.map(({ kind, f }) => unmappedItem(kind, f)));
  if (fromTiles) {
    clashTiles.setActive(true);
    moreUnmapped(source.unmapped(date), token);
  } else if (!unmapped.length) unmappedList.replaceChildren(el('li', {}, t('unmapped.none')));
  // From the tiles, the clusters count every clash: none is left out.
  showPartial(
    KINDS.map((kind, i) => ({ kind, l: loaded[i] })).filter(
      ({ kind }) => !(fromTiles && kind === 'clashes'),
    ),
  );
  publishMarkers();
  if (keepSel) {
    // From the tiles, a selected clash is read by its id.
    if (index.has(`${keepSel.kind}:${keepSel.id}`) || (fromTiles && keepSel.kind === 'clashes'))
      select(keepSel.kind, keepSel.id, { history: false, focus: false });
    else {
      // Not there at this date: the URL drops it in the same entry.
      deselect();
      writeURL(false);
    }
  }
  runSearch();
}

// showPartial says so when a collection holds more features up to the date
// than the page loads as markers (an imported ACLED set): the reader must
// not take the markers for all there is. The tables list every feature.
function showPartial(pages) {
  let note = document.getElementById('partial');
  if (!note) {
    note = el('p', { id: 'partial', role: 'status', class: 'partial' });
    statsLine.after(note);
  }
  const cut = pages.filter(({ l }) => l.numberMatched > l.numberReturned);
  note.hidden = cut.length === 0;
  note.replaceChildren(
    ...cut.map(({ kind, l }) =>
      el(
        'span',
        {},
        `${t(`partial.${kind}`, { n: l.numberReturned, total: l.numberMatched })} `,
        el('a', { href: `${base}/collections/${kind}/items?f=html` }, t('partial.table')),
        '. ',
      ),
    ),
  );
}

// publishMarkers records on the map how many markers are drawn (and, from
// the tiles, how many of them are clusters), for readers of the page's
// state and the browser tests.
function publishMarkers() {
  const box = map.getContainer();
  const deployments = groups.deployments.getLayers().length;
  if (fromTiles) {
    const { events, clusters } = clashTiles.counts();
    box.dataset.markers = String(events + clusters + deployments);
    box.dataset.clusters = String(clusters);
    box.dataset.clashesFrom = 'tiles';
  } else {
    box.dataset.markers = String(groups.clashes.getLayers().length + deployments);
    delete box.dataset.clusters;
    box.dataset.clashesFrom = 'items';
  }
}

// moreUnmapped appends a page of the clashes no source locates (from the
// tiles, the list pages through the API) and a button for the next.
async function moreUnmapped(pending, token) {
  let fc;
  try {
    fc = await pending;
  } catch {
    return;
  }
  if (token !== dateToken || !fc) return;
  unmappedList.querySelector('li.more')?.remove();
  const items = fc.features.map((f) => {
    index.set(`clashes:${f.id}`, { kind: 'clashes', f, layer: null });
    return unmappedItem('clashes', f);
  });
  unmappedList.append(...items);
  if (fc.links?.some((l) => l.rel === 'next')) {
    const more = el('button', { type: 'button', class: 'linkish' }, t('unmapped.more'));
    more.addEventListener('click', () => moreUnmapped(source.next(fc), token));
    unmappedList.append(el('li', { class: 'more' }, more));
  }
  if (!unmappedList.children.length) unmappedList.append(el('li', {}, t('unmapped.none')));
}

function unmappedItem(kind, f) {
  return el(
    'li',
    {},
    el(
      'button',
      { type: 'button', class: 'linkish', 'data-kind': kind, 'data-id': f.id },
      title(kind, f),
    ),
    ` ${kind === 'clashes' ? eventDate(f.properties) : t('unmapped.deployment')}`,
  );
}

// openCluster zooms to where a cluster splits; one whose events share a
// spot (or lie closer than the deepest zoom parts) lists them instead.
function openCluster({ latlng, zoom, count }, e) {
  if (zoom !== null && zoom > map.getZoom()) {
    // From the keyboard, focus stays on the map, whose markers are next.
    if (e instanceof KeyboardEvent) map.once('moveend', () => map.getContainer().focus());
    map.setView(latlng, Math.min(zoom, map.getMaxZoom()));
    return;
  }
  listCluster(latlng, count);
}

// listCluster opens a popup listing the first events of a cluster that
// does not split, with a link to the table of all of them.
async function listCluster(latlng, count) {
  const box = clusterBox(map, latlng);
  const date = state.date;
  let fc;
  try {
    fc = await source.near(box, date, CLUSTER_LISTED);
  } catch {
    return;
  }
  if (date !== state.date) return;
  opener = document.activeElement;
  const list = el('ul', { class: 'cluster-list' });
  for (const f of fc.features) {
    index.set(`clashes:${f.id}`, { kind: 'clashes', f, layer: null });
    const b = el('button', { type: 'button', class: 'linkish' }, title('clashes', f));
    b.addEventListener('click', () => select('clashes', f.id));
    list.append(el('li', {}, b, ` ${eventDate(f.properties)}`));
  }
  const table = source.tableURL({ bbox: box.toBBoxString(), datetime: `../${date}` });
  const name = t('cluster.here', { n: count });
  const content = el(
    'div',
    { class: 'cluster' },
    el('h3', {}, name),
    list,
    el('p', {}, el('a', { href: table }, t('cluster.table'))),
  );
  present(content, latlng, name, true);
}

// How many events a cluster's popup lists; the table has the rest.
const CLUSTER_LISTED = 20;

unmappedList.addEventListener('click', (e) => {
  const b = e.target.closest('button[data-id]');
  if (b) select(b.dataset.kind, b.dataset.id);
});

// ---- selection: popups on wide screens, the side panel otherwise ----------

let opener = null; // what had focus before a popup or the panel opened
let selecting = false;
let current = null; // the selected feature's popup

function select(kind, id, options = {}) {
  const { history: push = true, focus = true } = options;
  const entry = index.get(`${kind}:${id}`);
  if (!entry) {
    if (kind === 'clashes' && fromTiles) fetchAndSelect(id, options);
    return;
  }
  if (focus) opener = document.activeElement;
  selecting = true;
  map.closePopup();
  if (current) current.remove();
  hideDetails(false);
  selecting = false;
  state.sel = { kind, id };
  // From the tiles, an event may be drawn alone or be in a cluster: the
  // popup opens at its point either way.
  const layer = entry.layer || (fromTiles && kind === 'clashes' ? clashTiles.markerOf(id) : null);
  const [lng, lat] = entry.f.geometry?.coordinates || [];
  const at = layer ? layer.getLatLng() : fromTiles && lat !== undefined ? L.latLng(lat, lng) : null;
  present(
    describe(kind, entry.f, base),
    map.hasLayer(groups[kind]) ? at : null,
    title(kind, entry.f),
    focus,
  );
  document.getElementById('map').dataset.selected = `${kind}:${id}`;
  if (push) writeURL(true);
  // The desk (desk.js) and the corrections line listen for selections.
  const shown =
    current && !narrow.matches
      ? current.getElement().querySelector('.leaflet-popup-content')
      : detailsBody;
  document.dispatchEvent(
    new CustomEvent('frontier:select', { detail: { kind, id, feature: entry.f, content: shown } }),
  );
}

// fetchAndSelect reads a clash the tiles drew (they carry only what draws
// it) and opens it; one that is not there up to the date is dropped from
// the selection.
let fetching = 0;
async function fetchAndSelect(id, options) {
  const token = ++fetching;
  const date = state.date;
  const f = await source.item('clashes', id).catch(() => null);
  if (token !== fetching || date !== state.date) return;
  if (!f || !(f.properties.date_start <= date)) {
    if (state.sel?.id === id) {
      deselect();
      writeURL(false);
    }
    return;
  }
  index.set(`clashes:${id}`, { kind: 'clashes', f, layer: null });
  select('clashes', id, options);
}

// present shows a feature's details: in a popup on wide screens, sized
// to stay whole above its point (the map pans when it cannot), or in the
// side panel, a bottom sheet on phones, with the map moved so that the
// point stays in sight above the sheet.
function present(content, latlng, name, focus) {
  if (latlng && !narrow.matches) {
    const room = map.latLngToContainerPoint(latlng).y;
    const popup = L.popup({
      maxWidth: 380,
      minWidth: 220,
      maxHeight: Math.max(140, Math.min(420, room - 70)),
      // A restored permalink keeps its centre unless the popup would be cut.
      autoPan: focus || room < 210,
      autoPanPadding: [20, 20],
      className: 'ft-popup',
    })
      .setLatLng(latlng)
      .setContent(content)
      .openOn(map);
    current = popup;
    const pop = popup.getElement();
    pop.setAttribute('role', 'dialog');
    pop.setAttribute('aria-label', name);
    const box = pop.querySelector('.leaflet-popup-content');
    box.setAttribute('tabindex', '-1');
    if (focus) box.focus({ preventScroll: true });
    return;
  }
  detailsBody.replaceChildren(content);
  details.hidden = false;
  if (focus) details.focus({ preventScroll: true });
  if (latlng) keepAboveSheet(latlng);
}

// keepAboveSheet brings the map into the window and pans it so that
// latlng sits in the middle of the part the bottom sheet leaves uncovered.
function keepAboveSheet(latlng) {
  const box = map.getContainer().getBoundingClientRect();
  if (box.top < 0 || box.top > window.innerHeight / 3) window.scrollBy(0, box.top);
  const mapTop = map.getContainer().getBoundingClientRect().top;
  const sheetTop = details.getBoundingClientRect().top;
  const bottom = Math.min(mapTop + box.height, sheetTop);
  const want = (Math.max(mapTop, 0) + bottom) / 2 - mapTop;
  const at = map.latLngToContainerPoint(latlng);
  map.panBy([at.x - box.width / 2, at.y - want], { animate: false });
}

// The desk's hooks (desk.js): reload what is shown after a publish, and
// hand it the next point clicked on the map.
document.addEventListener('frontier:reload', () => {
  // What the browser holds is stale after a publish (source.js).
  source.noCache();
  featureCache.clear();
  tileSources.clear();
  const date = state.date;
  state.date = null;
  setDate(date || today, false);
});
document.addEventListener('frontier:pick', () => {
  map.once('click', (e) => {
    document.dispatchEvent(
      new CustomEvent('frontier:picked', { detail: { lat: e.latlng.lat, lng: e.latlng.lng } }),
    );
  });
});

function deselect(push = false) {
  state.sel = null;
  delete document.getElementById('map').dataset.selected;
  if (push) writeURL(true);
}

function returnFocus(container) {
  const a = document.activeElement;
  if (
    opener &&
    opener.isConnected &&
    (!a || a === document.body || (container && container.contains(a)))
  )
    opener.focus();
}

map.on('popupopen', (e) => {
  const pop = e.popup.getElement();
  pop.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') map.closePopup();
  });
});
map.on('popupclose', (e) => {
  if (selecting || restoring) return;
  const pop = e.popup.getElement();
  deselect(true);
  // The popup's DOM leaves after this event: give focus back after it.
  setTimeout(() => returnFocus(pop), 0);
});

function hideDetails(returning = true) {
  if (details.hidden) return;
  details.hidden = true;
  detailsBody.replaceChildren();
  if (returning) {
    deselect(true);
    returnFocus(details);
  }
}
$('details-close').addEventListener('click', () => hideDetails());
details.addEventListener('keydown', (e) => {
  if (e.key === 'Escape') hideDetails();
});

// ---- layers --------------------------------------------------------------

const toggles = [...document.querySelectorAll('input[name="layer"]')];
function showLayers() {
  for (const t of toggles) t.checked = state.layers.has(t.value);
  for (const name of ['frontier', 'places', 'countries'])
    border.setVisible(name, state.layers.has(name));
  for (const name of ['places', 'countries']) labels.setVisible(name, state.layers.has(name));
  for (const [name, hits] of [
    ['frontier', sectorHits],
    ['places', placeHits],
  ]) {
    if (state.layers.has(name)) hits.addTo(map);
    else hits.remove();
  }
  for (const kind of KINDS) {
    if (state.layers.has(kind)) groups[kind].addTo(map);
    else groups[kind].remove();
  }
}
for (const t of toggles) {
  t.addEventListener('change', () => {
    if (t.checked) state.layers.add(t.value);
    else state.layers.delete(t.value);
    showLayers();
    writeURL(true);
  });
}

// ---- key dates -----------------------------------------------------------

async function loadMilestones() {
  let meta;
  try {
    meta = await source.meta();
  } catch {
    return;
  }
  const list = $('milestones');
  const ticks = $('key-dates');
  for (const m of meta.milestones || []) {
    const jump = m.date_end || m.date; // a range: show all it holds
    // A key date reads by its one-line headline (short), in the page's
    // language where the data has it; its full label is the tooltip.
    const headline = dataText(m.short || m.label);
    ticks.append(el('option', { value: String(dayIndex(m.date)), label: dayLabel(m.date) }));
    // A range jumps to its last day, and says so.
    const when =
      formatDateRange(m.date, m.date_end, m.time_precision || 1) +
      (m.date_end ? ` (${t('map.range_day', { date: dayLabel(m.date_end) })})` : '');
    const b = el(
      'button',
      {
        type: 'button',
        class: 'milestone',
        'data-date': jump,
        title: dataText(m.label).text,
        lang: headline.lang === lang ? undefined : headline.lang,
      },
      el('span', { class: 'md' }, when),
      ' ',
      headline.text,
    );
    b.addEventListener('click', () => setDate(jump));
    list.append(el('li', {}, b));
  }
}

// ---- search --------------------------------------------------------------

async function loadPlaces() {
  places = await placesLoaded;
  for (const f of places)
    if (f.geometry) placeHits.addLayer(placeLayer(f, (kind, id) => showPlace(id)));
}

function runSearch() {
  const q = fold(search.value);
  if (q.length < 2) {
    searchToken++; // a pending answer from the API is no longer wanted
    results.replaceChildren();
    return;
  }
  const hits = [];
  for (const p of places) {
    if (matches(q, [p.properties.name, ...(p.properties.spellings || [])]))
      hits.push({
        kind: 'places',
        f: p,
        text: [
          placeName(p.properties.name, p.properties.spellings),
          ` (${t('search.place')}, `,
          word('country', p.properties.country),
          ')',
        ],
      });
  }
  for (const { kind, f } of index.values()) {
    if (fromTiles && kind === 'clashes') continue; // asked of the API below
    const p = f.properties;
    // The title as the page writes it (Russian for the bundled data) and
    // as the data gives it (English) both find the feature.
    const texts = [...eventTexts(title(kind, f), p), p.title];
    if (matches(q, texts))
      hits.push({
        kind,
        f,
        text: `${title(kind, f)}${kind === 'clashes' ? `, ${eventDate(p)}` : ''}`,
      });
  }
  if (fromTiles) {
    // Too many clashes to hold: the API finds them, after a pause in the
    // typing, the first few a page.
    clearTimeout(searchTimer);
    const token = ++searchToken;
    searchTimer = setTimeout(() => searchClashes(search.value.trim(), hits, token), 250);
    if (!hits.length) return;
  }
  showHits(hits);
}

let searchTimer = 0;
let searchToken = 0;
async function searchClashes(text, hits, token) {
  const date = state.date;
  const fc = await source.find(text, date, SHOWN_HITS).catch(() => null);
  if (token !== searchToken || date !== state.date) return;
  const found = (fc?.features || []).map((f) => {
    index.set(`clashes:${f.id}`, { kind: 'clashes', f, layer: null });
    return { kind: 'clashes', f, text: `${title('clashes', f)}, ${eventDate(f.properties)}` };
  });
  showHits([...hits, ...found]);
  if (fc && fc.numberMatched > fc.features.length) {
    const table = source.tableURL({ q: text, datetime: `../${date}` });
    results.append(
      el('li', {}, el('a', { href: table }, t('search.more', { n: fc.numberMatched }))),
    );
  }
}

// How many hits the search list shows.
const SHOWN_HITS = 15;

function showHits(hits) {
  results.replaceChildren(
    ...hits
      .slice(0, SHOWN_HITS)
      .map((h) =>
        el(
          'li',
          {},
          el(
            'button',
            { type: 'button', class: 'linkish', 'data-kind': h.kind, 'data-id': h.f.id },
            h.text,
          ),
        ),
      ),
  );
  if (!hits.length)
    results.replaceChildren(el('li', {}, t('search.nothing', { date: dayLabel(state.date) })));
}

function showPlace(id) {
  const f = places.find((p) => p.id === id);
  if (!f) return;
  opener = document.activeElement;
  const [lng, lat] = f.geometry.coordinates;
  if (map.getZoom() < 11) map.setView([lat, lng], 11, { animate: false });
  present(describePlace(f, base), L.latLng(lat, lng), f.properties.name, true);
}

search.addEventListener('input', runSearch);
search.addEventListener('keydown', (e) => {
  const first = results.querySelector('button');
  if (e.key === 'ArrowDown' && first) {
    e.preventDefault();
    first.focus();
  } else if (e.key === 'Enter' && first) {
    e.preventDefault();
    first.click();
  }
});
results.addEventListener('keydown', (e) => {
  const buttons = [...results.querySelectorAll('button')];
  const i = buttons.indexOf(document.activeElement);
  if (i < 0) return;
  if (e.key === 'ArrowDown' && i + 1 < buttons.length) buttons[i + 1].focus();
  else if (e.key === 'ArrowUp') (i > 0 ? buttons[i - 1] : search).focus();
  else return;
  e.preventDefault();
});
results.addEventListener('click', (e) => {
  const b = e.target.closest('button[data-id]');
  if (!b) return;
  if (b.dataset.kind === 'places') showPlace(b.dataset.id);
  else select(b.dataset.kind, b.dataset.id);
});

// ---- start and back/forward -----------------------------------------------

async function applyURL(st = parse(location.hash)) {
  if (followFragmentLang(st.lang)) return;
  const outer = restoring;
  restoring = true;
  try {
    state.layers = st.layers || new Set(LAYERS);
    showLayers();
    if (st.center) showView(map, st);
    state.sel = st.sel || null;
    if (!st.sel) {
      map.closePopup();
      details.hidden = true;
      deselect();
    }
    const date = clampDate(st.date || today);
    if (date !== state.date || !border.hasTemplate()) {
      await setDate(date, false);
    } else if (st.sel) {
      select(st.sel.kind, st.sel.id, { history: false, focus: false });
    }
  } finally {
    restoring = outer;
  }
  publishView();
}

// popstate also fires when a reader edits the fragment by hand; hashchange
// would apply the same URL twice.
window.addEventListener('popstate', () => applyURL());
window.addEventListener('beforeprint', () => {
  $('print-url').textContent = location.href;
  map.invalidateSize();
});

// The share button copies the permalink of the view on screen.
$('share-link').addEventListener('click', async (e) => {
  const button = e.currentTarget;
  try {
    await navigator.clipboard.writeText(location.href);
  } catch {
    // No clipboard (an http page): show the address to copy by hand.
    window.prompt(t('map.share'), location.href);
  }
  button.textContent = t('map.share_done');
  setTimeout(() => (button.textContent = t('map.share')), 2000);
});

setupEmbedDialog(base, () => ({ ...state, ...linkView(map) }));

async function start() {
  const st = initial();
  if (followFragmentLang(st.lang)) return;
  if (st.lang) state.lang = st.lang;
  // The link's area fitted to this screen, or the whole frontier.
  if (st.center) showView(map, st);
  else await showFrontier(map);
  // The permalink is the fragment from the first view: a shared link's
  // query (its state, and whatever a social network appended) gives way
  // to it, so that copying the address shares this view and nothing else.
  Object.assign(st, linkView(map));
  if (st.lang) state.lang = st.lang;
  history.replaceState(
    null,
    '',
    `${location.pathname}${format({ ...state, ...st, date: clampDate(st.date || today) })}`,
  );
  state.date = null; // force the first load
  loadMilestones();
  loadPlaces();
  await applyURL(st);
  restoring = false;
  writeURL(false);
  updateSwitcher();
  document.body.dataset.ready = 'true';
}

start();
