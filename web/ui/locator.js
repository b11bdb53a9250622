// locator.js is the small inset that says where in the world the map is:
// the bundled country shapes (Kyrgyzstan, Tajikistan, Uzbekistan) drawn
// as an SVG, with the main view's frame on top, in the map's corner. It is
// hidden on screens narrower than 600 px (map.css), where it would cover
// the map it locates.
const L = window.L;
const NS = 'http://www.w3.org/2000/svg';
const W = 150;
const H = 100;

function svg(tag, attrs) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

export const Locator = L.Control.extend({
  options: { position: 'topright' },

  // setCountries takes GeoJSON features and draws them, fitted to the
  // inset with a margin.
  setCountries(features) {
    this.features = features;
    this.draw();
  },

  onAdd(map) {
    this.map = map;
    this.box = L.DomUtil.create('div', 'frontier-locator');
    this.box.setAttribute('role', 'img');
    this.box.setAttribute('aria-label', this.options.label || '');
    this.svg = svg('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, 'aria-hidden': 'true' });
    this.box.append(this.svg);
    map.on('moveend zoomend resize', this.frame, this);
    map.whenReady(() => {
      this.ready = true;
      this.frame();
    });
    this.draw();
    return this.box;
  },

  onRemove(map) {
    map.off('moveend zoomend resize', this.frame, this);
  },

  draw() {
    if (!this.svg || !this.features) return;
    let [w, s, e, n] = [180, 90, -180, -90];
    const each = (g, fn) =>
      (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).forEach((poly) => poly.forEach(fn));
    for (const f of this.features)
      each(f.geometry, (ring) =>
        ring.forEach(([x, y]) => {
          w = Math.min(w, x);
          e = Math.max(e, x);
          s = Math.min(s, y);
          n = Math.max(n, y);
        }),
      );
    // Equirectangular, squeezed by the cosine of the middle latitude:
    // at this size, Mercator and the truth differ by less than a pixel.
    const k = Math.cos(((s + n) / 2) * (Math.PI / 180));
    const pad = 8;
    const scale = Math.min((W - 2 * pad) / ((e - w) * k), (H - 2 * pad) / (n - s));
    const ox = (W - (e - w) * k * scale) / 2;
    const oy = (H - (n - s) * scale) / 2;
    this.project = ([x, y]) => [ox + (x - w) * k * scale, oy + (n - y) * scale];
    this.svg.replaceChildren();
    for (const f of this.features) {
      let d = '';
      each(f.geometry, (ring) => {
        let last = null;
        ring.forEach((pt, i) => {
          const [x, y] = this.project(pt);
          // A vertex closer than half a pixel to the last adds nothing.
          if (last && i < ring.length - 1 && Math.abs(x - last[0]) + Math.abs(y - last[1]) < 0.5)
            return;
          d += `${last ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)}`;
          last = [x, y];
        });
        d += 'Z';
      });
      this.svg.append(
        svg('path', { d, class: `loc-country loc-${(f.properties.iso_a3 || '').toLowerCase()}` }),
      );
    }
    this.rect = svg('rect', { class: 'loc-frame' });
    this.svg.append(this.rect);
    this.frame();
  },

  // frame draws the main view's extent; at least a few pixels, so that a
  // view zoomed far in is still seen.
  frame() {
    if (!this.rect || !this.ready) return;
    const b = this.map.getBounds();
    const [x0, y0] = this.project([b.getWest(), b.getNorth()]);
    const [x1, y1] = this.project([b.getEast(), b.getSouth()]);
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    const fw = Math.max(6, x1 - x0);
    const fh = Math.max(6, y1 - y0);
    for (const [k, v] of Object.entries({ x: cx - fw / 2, y: cy - fh / 2, width: fw, height: fh }))
      this.rect.setAttribute(k, v.toFixed(1));
  },
});
