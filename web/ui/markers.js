// markers.js draws a clash or a deployment as the map page and the embed
// show it: an area as wide as its location is uncertain, never a pin, that
// is focusable, named for screen readers and opens with Enter or a click.
import { title, dateLabel } from './details.js';
import { t, placeNameText } from './i18n.js';

const L = window.L;

const styles = {
  clashes: { color: '#8e1b10', fillColor: '#d9442c', fillOpacity: 0.22, weight: 2 },
  deployments: {
    color: '#3b2a80',
    fillColor: '#6a51c9',
    fillOpacity: 0.18,
    weight: 2,
    dashArray: '6 4',
  },
};
// By ACLED event type: the outline's colour and pattern tell battles from
// remote violence and strategic developments.
const clashTypes = {
  'Explosions/Remote violence': { color: '#6b1d00', dashArray: '2 3' },
  'Violence against civilians': { color: '#7a0f3d' },
  'Strategic developments': { color: '#5b4a00', dashArray: '8 3' },
};

// markerFor returns the Leaflet layer of feature f of collection kind;
// onSelect(kind, id) runs when a reader opens it.
export function markerFor(kind, f, onSelect) {
  const p = f.properties;
  const [lng, lat] = f.geometry.coordinates;
  let style = { ...styles[kind] };
  if (kind === 'clashes') style = { ...style, ...(clashTypes[p.event_type] || {}) };
  // Precision 1: the source states the coordinates, a small circle;
  // otherwise an area as wide as the uncertainty, never a pin.
  const layer =
    p.geo_precision === 1 || !(p.uncertainty_m > 0)
      ? L.circleMarker([lat, lng], { ...style, radius: 6, fillOpacity: 0.6 })
      : L.circle(
          [lat, lng],
          p.uncertainty_m > LARGE_M
            ? { ...style, radius: p.uncertainty_m, pane: AREA_PANE, fillOpacity: 0.07, weight: 1.5 }
            : { ...style, radius: p.uncertainty_m },
        );
  const name = `${title(kind, f)}, ${kind === 'clashes' ? dateLabel(p) : p.status || ''}; ${t(`precision.${p.geo_precision}`)}`;
  return focusable(layer, kind, f.id, name, onSelect);
}

// focusable makes a drawn layer a button: reached with Tab, named for
// screen readers, opened with Enter, Space or a click.
export function focusable(layer, kind, id, name, onSelect) {
  layer.on('add', () => {
    const path = layer.getElement();
    path.setAttribute('tabindex', '0');
    path.setAttribute('role', 'button');
    path.setAttribute('aria-label', name);
    path.classList.add('ft-marker');
    path.dataset.id = id;
    path.dataset.kind = kind;
    path.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onSelect(kind, id, e);
      }
    });
  });
  layer.on('click', (e) => {
    L.DomEvent.stopPropagation(e);
    onSelect(kind, id, e);
  });
  return layer;
}

// Large areas of uncertainty are drawn in their own pane, under the
// frontier's hit lines and the small markers, with a faint fill: a 25 km
// circle must not hide the line and villages it is about.
export const AREA_PANE = 'areas';
export const HIT_PANE = 'hits';
const LARGE_M = 10000;

export function setupPanes(map) {
  map.createPane(AREA_PANE).style.zIndex = 350;
  map.createPane(HIT_PANE).style.zIndex = 390;
}

// sectorLayer is a frontier sector as an invisible, wide line over the
// drawn one (the tiles are canvases): it takes clicks and focus.
export function sectorLayer(f, onSelect) {
  const p = f.properties;
  const layer = L.geoJSON(f, {
    pane: HIT_PANE,
    style: { color: '#c25400', opacity: 0, weight: 14, className: 'ft-sector' },
  }).getLayers()[0];
  const name =
    t('sector.label', { sector: title('frontier', f) }) +
    (p.status ? `, ${t(`status.${p.status}`)}` : '');
  return focusable(layer, 'frontier', f.id, name, onSelect);
}

// placeLayer is a place of the gazetteer as an invisible target over its
// dot on the tiles.
export function placeLayer(f, onSelect) {
  const [lng, lat] = f.geometry.coordinates;
  const layer = L.circleMarker([lat, lng], {
    pane: HIT_PANE,
    radius: 8,
    opacity: 0,
    fillOpacity: 0,
    className: 'ft-place',
  });
  const n = placeNameText(f.properties.name, f.properties.spellings);
  return focusable(layer, 'places', f.id, t('place.label', { name: n.text }), onSelect);
}
