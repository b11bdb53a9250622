// markers.js draws a clash or a deployment as the map page and the embed
// show it: an area as wide as its location is uncertain, never a pin, that
// is focusable, named for screen readers and opens with Enter or a click.
import { title } from './details.js';

const L = window.L;

const styles = {
  clashes: { color: '#8e1b10', fillColor: '#d9442c', fillOpacity: 0.22, weight: 2 },
  deployments: { color: '#3b2a80', fillColor: '#6a51c9', fillOpacity: 0.18, weight: 2, dashArray: '6 4' },
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
  const layer = p.geo_precision === 1 || !(p.uncertainty_m > 0)
    ? L.circleMarker([lat, lng], { ...style, radius: 6, fillOpacity: 0.6 })
    : L.circle([lat, lng], { ...style, radius: p.uncertainty_m });
  const name = `${title(kind, f)}, ${kind === 'clashes' ? p.date_label : p.status || ''}; ${p.geo_precision_label}`;
  layer.on('add', () => {
    const path = layer.getElement();
    path.setAttribute('tabindex', '0');
    path.setAttribute('role', 'button');
    path.setAttribute('aria-label', name);
    path.classList.add('ft-marker');
    path.dataset.id = f.id;
    path.dataset.kind = kind;
    path.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onSelect(kind, f.id);
      }
    });
  });
  layer.on('click', (e) => {
    L.DomEvent.stopPropagation(e);
    onSelect(kind, f.id);
  });
  return layer;
}
