// embed.js runs /embed: the map of the page without its chrome, for an
// iframe in an article. It takes the permalink's state from the query
// (and from a fragment, which wins), keeps the "view full map" link at
// the state the reader is looking at, and reports the height it wants to
// the page around it:
//
//   {"datawrapper-height": {"frontier-embed": <px>}}     always (Datawrapper's shape)
//   "pymxPYMx<childId>xPYMxheightxPYMx<px>"              when Pym.js made the frame
//
// The height is the embed's chrome (date, legend, credit) plus a map as
// tall as 5/8 of its width (280 to 640 px). The page fills whatever height
// the frame has, so a frame that is never resized still shows it all.
//
// It writes no history: an iframe's history entries are the host page's
// too, and Back should leave the article, not step through the map.
import { BorderLayer } from './border-layer.js';
import { describe, title, dayLabel } from './details.js';
import { parse, format, LAYERS, KINDS } from './permalink.js';
import { markerFor } from './markers.js';
import { ClashTiles } from './clusters.js';
import { today, dayIndex, isoOf, clampDate } from './dates.js';
import { setupCartography } from './cartography.js';
import { reportedFigure } from './record.js';
import * as source from './source.js';
import { showView, showFrontier, linkView, shownView, refit } from './view.js';
import { t, followFragmentLang } from './i18n.js';

const L = window.L;
const body = document.body;
const base = body.dataset.base;
const controls = body.dataset.controls === 'true';

const st = { ...parse(`#${location.search.slice(1)}`), ...parse(location.hash) };
const state = {
  date: clampDate(st.date || today),
  center: st.center || null,
  zoom: st.zoom ?? null,
  size: st.size || null,
  layers: st.layers || new Set(LAYERS),
  sel: st.sel || null,
  lang: st.lang || null,
};

const mapEl = document.getElementById('map');
const range = document.getElementById('date-range');
const dateLabel = document.getElementById('date-label');
const fullMap = document.getElementById('full-map');

const map = L.map(mapEl, {
  minZoom: 4,
  maxZoom: 14,
  zoomSnap: 0.25,
  zoomDelta: 1,
  zoomControl: controls,
  scrollWheelZoom: false,
});
const border = new BorderLayer({ pane: 'tilePane' });
const { labels } = setupCartography(map, base);
const groups = { clashes: L.featureGroup(), deployments: L.featureGroup() };
const index = new Map();
// As on the map page: more clashes up to the date than one page of items,
// and they are drawn from the tiles' clusters (clusters.js); a cluster
// zooms in, an event is read by its id when opened.
let fromTiles = false;
const clashTiles = new ClashTiles(map, groups.clashes, {
  onEvent: select,
  onCluster: ({ latlng, zoom }) =>
    map.setView(latlng, zoom === null ? map.getMaxZoom() : Math.min(zoom, map.getMaxZoom())),
  onChange: publishMarkers,
});
border.on('tiledata', (e) => clashTiles.add(e.coords, e.tile));
border.on('tileunload', (e) => clashTiles.remove(e.coords));

// ---- the "view full map" link ---------------------------------------------

// The view the embed was given stays the link's until the reader moves
// the map (view.js).
function updateLink() {
  if (!viewSet) return;
  Object.assign(state, linkView(map));
  fullMap.href = `${base}/${state.lang ? `?lang=${state.lang}` : ''}${format(state)}`;
  const shown = shownView(map);
  mapEl.dataset.zoom = String(shown.zoom);
  mapEl.dataset.center = `${shown.center[0].toFixed(4)},${shown.center[1].toFixed(4)}`;
}
// Whether the map has a view yet (Leaflet's own flag is private).
let viewSet = false;
map.on('moveend', updateLink);

// ---- height -----------------------------------------------------------------

let reported = 0;
function reportHeight() {
  const mapH = mapEl.getBoundingClientRect().height;
  const chrome = document.getElementById('embed').getBoundingClientRect().height - mapH;
  const want = Math.ceil(
    chrome + Math.min(640, Math.max(280, document.documentElement.clientWidth * 0.625)),
  );
  if (want === reported) return;
  reported = want;
  body.dataset.reportedHeight = String(want);
  if (window.parent === window) return;
  window.parent.postMessage({ 'datawrapper-height': { 'frontier-embed': want } }, '*');
  const pym = body.dataset.childId;
  if (pym) window.parent.postMessage(`pymxPYMx${pym}xPYMxheightxPYMx${want}`, '*');
}
// A frame resized by its page (the snippet's script sets the height the
// embed asks for) shows the area it was given, fitted again.
new ResizeObserver(() => {
  reportHeight();
  map.invalidateSize();
  if (viewSet) refit(map);
}).observe(document.getElementById('embed'));

// ---- features ---------------------------------------------------------------

function select(kind, id, focus = true) {
  const entry = index.get(`${kind}:${id}`);
  if (!entry) {
    if (kind === 'clashes' && fromTiles) readAndSelect(id, focus);
    return;
  }
  state.sel = { kind, id };
  const [lng, lat] = entry.f.geometry.coordinates;
  const popup = L.popup({ maxWidth: 320, maxHeight: 220, autoPan: focus, className: 'ft-popup' })
    .setLatLng(entry.layer ? entry.layer.getLatLng() : [lat, lng])
    .setContent(describe(kind, entry.f, base))
    .openOn(map);
  const pop = popup.getElement();
  pop.setAttribute('role', 'dialog');
  pop.setAttribute('aria-label', title(kind, entry.f));
  // Links in a popup open outside the frame.
  for (const a of pop.querySelectorAll('a')) a.target = '_blank';
  mapEl.dataset.selected = `${kind}:${id}`;
  updateLink();
}
// readAndSelect reads a clash the tiles drew and opens it, when it is there
// up to the date.
async function readAndSelect(id, focus) {
  const date = state.date;
  const f = await source.item('clashes', id).catch(() => null);
  if (date !== state.date || !f?.geometry || !(f.properties.date_start <= date)) return;
  index.set(`clashes:${id}`, { f, layer: clashTiles.markerOf(id) });
  select('clashes', id, focus);
}

map.on('popupclose', () => {
  if (!state.sel) return;
  state.sel = null;
  delete mapEl.dataset.selected;
  updateLink();
});

async function loadFeatures(date) {
  const loaded = await Promise.all(
    KINDS.map((k) => source.features(k, date).catch(() => ({ features: [] }))),
  );
  index.clear();
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
      if (!f.geometry) continue;
      const layer = markerFor(kind, f, select);
      groups[kind].addLayer(layer);
      index.set(`${kind}:${f.id}`, { f, layer });
    }
  });
  if (fromTiles) clashTiles.setActive(true);
  publishMarkers();
}

function publishMarkers() {
  const { events, clusters } = clashTiles.counts();
  const drawn = groups.deployments.getLayers().length;
  mapEl.dataset.markers = String(fromTiles ? drawn + events + clusters : index.size);
}

// ---- date -------------------------------------------------------------------

let token = 0;
async function setDate(date) {
  state.date = date;
  dateLabel.textContent = t('embed.as_of', { date: dayLabel(date) });
  if (range) {
    range.value = String(dayIndex(date));
    range.setAttribute('aria-valuetext', dayLabel(date));
  }
  const mine = ++token;
  body.dataset.loading = 'true';
  map.closePopup();
  const tiles = await source.tiles(date);
  if (mine !== token) return;
  border.setSource(tiles, date);
  await Promise.all([loadFeatures(date), loadReported(date, mine)]);
  if (mine !== token) return;
  if (
    state.sel &&
    (index.has(`${state.sel.kind}:${state.sel.id}`) || (fromTiles && state.sel.kind === 'clashes'))
  )
    select(state.sel.kind, state.sel.id, false);
  else state.sel = null;
  updateLink();
  delete body.dataset.loading;
}

// loadReported writes, in short, the latest figure the parties reported on
// the border's status up to the date, beside the schematic line's credit:
// the line cannot show the 2023-24 partial agreements.
const reportedNote = document.getElementById('reported');
async function loadReported(date, mine) {
  if (!reportedNote) return;
  const latest = await source.stats(date).then(
    (s) => s.reported_latest || [],
    () => [],
  );
  if (mine !== token) return;
  const fig = latest.length ? reportedFigure(latest[0]) : null;
  // Out of the frame, as the embed's other links.
  if (fig) for (const a of fig.querySelectorAll('a')) a.target = '_blank';
  reportedNote.replaceChildren(...(fig ? [' · ', fig] : []));
}

if (range) {
  range.max = String(dayIndex(today));
  let timer = 0;
  range.addEventListener('input', () => {
    const date = isoOf(Number(range.value));
    dateLabel.textContent = t('embed.as_of', { date: dayLabel(date) });
    clearTimeout(timer);
    timer = setTimeout(() => setDate(date), 180);
  });
}

// ---- start ------------------------------------------------------------------

async function start() {
  if (followFragmentLang(parse(location.hash).lang)) return;
  if (state.center) showView(map, state);
  else await showFrontier(map);
  viewSet = true;
  updateLink();
  border.addTo(map);
  for (const name of ['frontier', 'places', 'countries']) {
    border.setVisible(name, state.layers.has(name));
    if (name !== 'frontier') labels.setVisible(name, state.layers.has(name));
  }
  for (const kind of KINDS) if (state.layers.has(kind)) groups[kind].addTo(map);
  await setDate(state.date);
  reportHeight();
  body.dataset.ready = 'true';
}

start();
