// labels.js names what the map shows (the countries, the gazetteer's
// places, the Vorukh enclave) as DOM elements of class map-label, so that
// they can be read, translated and tested, and places them without
// overlaps: countries first, then the places the reader is looking at
// (the selected event's, those of the events in view), then the rest. A
// label that does not fit is hidden, never piled on another. The layout
// runs again after every zoom, pan and resize.
const L = window.L;

// Where a place's name may sit beside its dot, in order of preference
// (right, left, above, below), as offsets of the label's box from the point.
const placeSlots = [
  (w, h) => [8, -h / 2],
  (w, h) => [-8 - w, -h / 2],
  (w, h) => [-w / 2, -h - 6],
  (w, h) => [-w / 2, 6],
];
// Pixels kept clear between two labels, and from the map's edge.
const GAP = 3;
const EDGE = 4;

// pointInRings reports whether lon/lat p lies inside a GeoJSON polygon's
// rings (even-odd, so holes count).
function pointInRings(p, rings) {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi)
        inside = !inside;
    }
  }
  return inside;
}

export function inCountry(p, geometry) {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polys.some((rings) => pointInRings(p, rings));
}

const overlaps = (a, b) =>
  a.x < b.x + b.w + GAP && b.x < a.x + a.w + GAP && a.y < b.y + b.h + GAP && b.y < a.y + a.h + GAP;

export const LabelLayer = L.Layer.extend({
  initialize() {
    this.countries = []; // { name, geometry }
    this.places = []; // { id, name, latlng, enclave }
    this.important = () => new Set(); // place names to put first
    this.labels = new Map(); // key -> { el, w, h }
    this.visible = { countries: true, places: true };
    this.ready = false;
  },

  // setVisible follows the page's layer toggles: name is countries or places.
  setVisible(name, on) {
    this.visible[name] = on;
    this.layout();
  },

  // setCountries and setPlaces give the layer what to name; important()
  // returns the names of the places the reader is looking at.
  setCountries(countries) {
    this.countries = countries;
    this.layout();
  },
  setPlaces(places) {
    this.places = places;
    this.layout();
  },
  setImportant(fn) {
    this.important = fn;
    this.layout();
  },

  onAdd(map) {
    this.map = map;
    this.pane = map.getPane('labels') || map.createPane('labels');
    this.pane.classList.add('map-labels');
    map.on('zoomend moveend resize viewreset', this.layout, this);
    map.on('zoomstart', this.hideAll, this);
    // Only a map with a view can say where a point is on screen.
    map.whenReady(() => {
      this.ready = true;
      this.layout();
    });
  },

  onRemove(map) {
    map.off('zoomend moveend resize viewreset', this.layout, this);
    map.off('zoomstart', this.hideAll, this);
    for (const { el } of this.labels.values()) el.remove();
    this.labels.clear();
    this.map = null;
    this.ready = false;
  },

  // label returns the element for key, made and measured once: a label's
  // text and font do not change while it lives.
  label(key, text, cls, lang) {
    let l = this.labels.get(key);
    if (!l) {
      const el = L.DomUtil.create('div', `map-label ${cls}`, this.pane);
      el.textContent = text;
      // A name the page's language lacks is the data's English, marked.
      if (lang && lang !== document.documentElement.lang) el.lang = lang;
      el.dataset.key = key;
      l = { el, w: el.offsetWidth, h: el.offsetHeight };
      this.labels.set(key, l);
    }
    return l;
  },

  hideAll() {
    for (const { el } of this.labels.values()) el.classList.add('is-hidden');
  },

  layout() {
    const map = this.map;
    if (!map || !this.ready) return;
    const size = map.getSize();
    if (!size.x || !size.y) return;
    const placed = [];
    const shown = new Set();
    const fits = (box) =>
      box.x >= EDGE &&
      box.y >= EDGE &&
      box.x + box.w <= size.x - EDGE &&
      box.y + box.h <= size.y - EDGE &&
      !placed.some((b) => overlaps(b, box));
    const put = (key, l, box) => {
      placed.push(box);
      shown.add(key);
      L.DomUtil.setPosition(l.el, map.containerPointToLayerPoint([box.x, box.y]).round());
    };

    // Countries: at the middle of the part of each that is in view,
    // found on a grid of the screen; the one with the most of the view
    // first.
    const cols = 16;
    const rows = 12;
    const spots = (this.visible.countries ? this.countries : []).map((c) => ({ c, inside: [] }));
    for (let i = 0; i < cols; i++) {
      for (let j = 0; j < rows; j++) {
        const pt = L.point(((i + 0.5) * size.x) / cols, ((j + 0.5) * size.y) / rows);
        const ll = map.containerPointToLatLng(pt);
        const s = spots.find(({ c }) => inCountry([ll.lng, ll.lat], c.geometry));
        if (s) s.inside.push(pt);
      }
    }
    spots.sort((a, b) => b.inside.length - a.inside.length);
    for (const { c, inside } of spots) {
      if (inside.length < 2) continue;
      const key = `country:${c.name}`;
      const l = this.label(key, c.text || c.name, 'country', c.lang);
      const mid = inside.reduce((m, p) => m.add(p), L.point(0, 0)).divideBy(inside.length);
      inside.sort((a, b) => a.distanceTo(mid) - b.distanceTo(mid));
      for (const p of inside) {
        const box = { x: p.x - l.w / 2, y: p.y - l.h / 2, w: l.w, h: l.h };
        if (fits(box)) {
          put(key, l, box);
          break;
        }
      }
    }

    // Places: those the reader is looking at first, then the rest.
    const important = this.important();
    const order = (this.visible.places ? [...this.places] : []).sort(
      (a, b) => Number(important.has(b.name)) - Number(important.has(a.name)),
    );
    for (const p of order) {
      const key = `place:${p.id}`;
      const l = this.label(key, p.text || p.name, p.enclave ? 'place enclave' : 'place', p.lang);
      const at = map.latLngToContainerPoint(p.latlng);
      for (const slot of placeSlots) {
        const [dx, dy] = slot(l.w, l.h);
        const box = { x: at.x + dx, y: at.y + dy, w: l.w, h: l.h };
        if (fits(box)) {
          put(key, l, box);
          break;
        }
      }
    }
    for (const [key, { el }] of this.labels) el.classList.toggle('is-hidden', !shown.has(key));
    map.getContainer().dataset.labels = String(shown.size);
  },
});
