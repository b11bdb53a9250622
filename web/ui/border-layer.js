// border-layer.js draws Frontier's vector tiles (/tiles/border/{z}/{x}/{y}.mvt)
// on a Leaflet GridLayer of canvases: the countries and places for context
// and the frontier by status. It decodes MVT with @mapbox/vector-tile and
// pbf (about 10 KB gzipped together) rather than a vector-tile plugin: the
// page needs three layers and two line styles, not a style language.
//
// Each decoded tile is also fired as a 'tiledata' event ({ coords, tile },
// tile null when empty), whose clashes layer clusters.js draws.
//
// What it drew is kept per tile and published on the map container as
// data-drawn-statuses, so a reader of the page (and the browser tests) can
// tell which statuses are on screen, not only which tiles were fetched.
import { VectorTile } from './vendor/vector-tile.js';
import { PbfReader } from './vendor/pbf.js';
import { templateSource } from './source.js';

const L = window.L;

// Line styles: contested and delimited differ by dash and width as well
// as colour, so the legend reads in greyscale and for colour-blind readers.
export const frontierStyles = {
  contested: { color: '#b3261e', width: 4.5, dash: [9, 6] },
  delimited: { color: '#1d3f73', width: 2.5, dash: [] },
  unknown: { color: '#5c5c5c', width: 2, dash: [2, 4] },
};

const countryFill = { KGZ: '#f4efe4', TJK: '#e9f0f2', UZB: '#eeeeea' };

export const BorderLayer = L.GridLayer.extend({
  options: {
    // The server cuts tiles to zoom 14; deeper, Leaflet scales them.
    maxNativeZoom: 14,
    // Canvas tiles drawn from vectors: no fade, which would blend dates.
    updateWhenZooming: false,
    fadeAnimation: false,
  },

  initialize(options) {
    L.GridLayer.prototype.initialize.call(this, options);
    this.source = null;
    this.show = { frontier: true, countries: true, places: true };
    this.drawn = new Map(); // tile key -> Set of statuses drawn
  },

  // setTemplate points the layer at a TileJSON tile URL (it names the
  // dataset version and the change state of the date) and redraws every
  // tile. Two dates in one state share a URL: the tiles drawn stand for
  // the new date as they are.
  setTemplate(template, date) {
    this.setSource(templateSource(template), date);
  },

  // setSource points the layer at a tile source (source.js: a key, get and
  // status), as of date. A source with the key of the current one draws
  // the same tiles: only the date is recorded.
  setSource(source, date) {
    if (this.source && source.key === this.source.key) {
      this.date = date;
      this.publish();
      return;
    }
    this.source = source;
    this.date = date;
    this.drawn.clear();
    this.publish();
    this.refresh(true);
  },

  // setVisible shows or hides one of the sub-layers drawn from the tiles.
  setVisible(name, on) {
    if (this.show[name] === on) return;
    this.show[name] = on;
    this.drawn.clear();
    this.refresh();
  },

  drawnStatuses() {
    const all = new Set();
    for (const s of this.drawn.values()) for (const v of s) all.add(v);
    return [...all].sort();
  },

  onAdd(map) {
    this.map = map;
    // Before GridLayer's onAdd, which starts loading the tiles: a refresh
    // (remove, add) would otherwise load them unseen by data-tiles-loading.
    this.on('tileunload', this.forget, this);
    this.on('loading', this.onLoading, this);
    this.on('load', this.onLoaded, this);
    L.GridLayer.prototype.onAdd.call(this, map);
  },

  onLoading() {
    if (this.map) this.map.getContainer().dataset.tilesLoading = 'true';
  },

  onLoaded() {
    if (this.map) delete this.map.getContainer().dataset.tilesLoading;
  },

  onRemove(map) {
    this.off('tileunload', this.forget, this);
    this.off('loading', this.onLoading, this);
    this.off('load', this.onLoaded, this);
    this.drawn.clear();
    this.publish();
    L.GridLayer.prototype.onRemove.call(this, map);
    this.map = null;
  },

  hasTemplate() {
    return this.source !== null;
  },

  // refresh draws every tile again. Not GridLayer.redraw: in Leaflet 1.9.4
  // it takes the map's zoom unrounded for the tiles' zoom, so at a
  // fractional zoom (the first view fits the frontier in quarter steps)
  // it would ask for tiles at z=6.5. Removing and adding the layer goes
  // through the zoom rounding every other path uses.
  //
  // With keep, what is on screen stays there, as a still copy beneath the
  // new tiles, until each new tile takes its place: a date that changes
  // the tiles does not blank the countries while they load.
  refresh(keep = false) {
    const map = this.map;
    if (!map) return;
    if (keep && !this.still) {
      this.still = this.copyTiles();
      if (this.still) this.holdStill(this.still);
    }
    this.refreshing = true;
    this.remove();
    this.addTo(map);
    this.refreshing = false;
  },

  // copyTiles copies the loaded tiles into plain canvases placed as they
  // are, in the same pane, keyed like the tiles.
  copyTiles() {
    const layer = this.getContainer();
    if (!layer || !layer.parentNode) return null;
    const place = (el, from) => {
      el.style.cssText = from.style.cssText;
      Object.assign(el.style, { position: 'absolute', left: '0', top: '0', pointerEvents: 'none' });
    };
    const root = document.createElement('div');
    root.className = 'frontier-still';
    place(root, layer);
    const byKey = new Map();
    for (const level of layer.children) {
      const copy = document.createElement('div');
      place(copy, level);
      for (const tile of level.children) {
        if (!tile.dataset.key || !tile.classList.contains('leaflet-tile-loaded')) continue;
        const c = document.createElement('canvas');
        c.width = tile.width;
        c.height = tile.height;
        place(c, tile);
        c.getContext('2d').drawImage(tile, 0, 0);
        copy.append(c);
        byKey.set(tile.dataset.key, c);
      }
      root.append(copy);
    }
    layer.parentNode.insertBefore(root, layer);
    return { root, byKey };
  },

  // holdStill takes the still copy away tile by tile as the new tiles
  // load, and whole once they all have (or after 15 s, or with the layer).
  holdStill(still) {
    const onTile = (e) => still.byKey.get(tileKey(e.coords))?.remove();
    const onRemove = () => this.refreshing || done();
    const done = () => {
      clearTimeout(timer);
      this.off('tileload', onTile);
      this.off('load', done);
      this.off('remove', onRemove);
      still.root.remove();
      if (this.still === still) this.still = null;
    };
    const timer = setTimeout(done, 15000);
    this.on('tileload', onTile);
    this.on('load', done);
    this.on('remove', onRemove);
  },

  forget(e) {
    this.drawn.delete(tileKey(e.coords));
    this.publish();
  },

  publish() {
    const map = this.map;
    if (!map) return;
    const el = map.getContainer();
    el.dataset.drawnStatuses = this.drawnStatuses().join(' ');
    el.dataset.drawnDate = this.date || '';
  },

  createTile(coords, done) {
    const size = this.getTileSize();
    const ratio = window.devicePixelRatio || 1;
    const canvas = document.createElement('canvas');
    canvas.width = size.x * ratio;
    canvas.height = size.y * ratio;
    canvas.dataset.key = tileKey(coords);
    if (!this.source) {
      setTimeout(() => done(null, canvas), 0);
      return canvas;
    }
    const source = this.source;
    source
      .get(coords.z, coords.x, coords.y)
      .then((buf) => {
        if (source !== this.source) return done(null, canvas); // a newer date
        const tile = buf ? new VectorTile(new PbfReader(new Uint8Array(buf))) : null;
        const statuses = tile ? this.draw(canvas, tile, ratio, size, source) : new Set();
        this.drawn.set(tileKey(coords), statuses);
        this.publish();
        // The clashes layer is drawn by clusters.js from the same tiles; a
        // tile unloaded while it was fetched is not handed on.
        if (this._tiles[this._tileCoordsToKey(coords)]) this.fire('tiledata', { coords, tile });
        done(null, canvas);
      })
      .catch((err) => done(err, canvas));
    return canvas;
  },

  draw(canvas, tile, ratio, size, source) {
    const ctx = canvas.getContext('2d');
    const statuses = new Set();
    ctx.lineJoin = 'round';
    ctx.lineCap = 'butt';
    const countries = tile.layers.countries;
    if (countries && this.show.countries) {
      for (let i = 0; i < countries.length; i++) {
        const f = countries.feature(i);
        const k = (ratio * size.x) / f.extent;
        ctx.beginPath();
        path(ctx, f.loadGeometry(), k, true);
        ctx.fillStyle = countryFill[f.properties.iso_a3] || '#efefef';
        ctx.fill('evenodd');
        ctx.lineWidth = ratio;
        ctx.strokeStyle = '#8a8a8a';
        ctx.setLineDash([]);
        ctx.stroke();
      }
    }
    const frontier = tile.layers.frontier;
    if (frontier && this.show.frontier) {
      for (let i = 0; i < frontier.length; i++) {
        const f = frontier.feature(i);
        const named = source.status(f.properties);
        const status = frontierStyles[named] ? named : 'unknown';
        const st = frontierStyles[status];
        const k = (ratio * size.x) / f.extent;
        ctx.beginPath();
        path(ctx, f.loadGeometry(), k, false);
        // A pale casing under the line keeps it readable over any fill.
        ctx.setLineDash([]);
        ctx.strokeStyle = 'rgba(255,255,255,0.85)';
        ctx.lineWidth = (st.width + 2) * ratio;
        ctx.stroke();
        ctx.setLineDash(st.dash.map((d) => d * ratio));
        ctx.strokeStyle = st.color;
        ctx.lineWidth = st.width * ratio;
        ctx.stroke();
        statuses.add(status);
      }
    }
    // The places' dots; their names are DOM labels (labels.js), placed
    // across tiles without overlaps.
    const places = tile.layers.places;
    if (places && this.show.places) {
      ctx.setLineDash([]);
      for (let i = 0; i < places.length; i++) {
        const f = places.feature(i);
        const k = (ratio * size.x) / f.extent;
        for (const ring of f.loadGeometry()) {
          for (const p of ring) {
            ctx.beginPath();
            ctx.arc(p.x * k, p.y * k, 3 * ratio, 0, 2 * Math.PI);
            ctx.fillStyle = '#222';
            ctx.fill();
            ctx.lineWidth = 1.5 * ratio;
            ctx.strokeStyle = 'rgba(255,255,255,0.9)';
            ctx.stroke();
          }
        }
      }
    }
    return statuses;
  },
});

// tileKey names a tile as the drawn-statuses record keeps it.
const tileKey = (c) => `${c.x}:${c.y}:${c.z}`;

function path(ctx, rings, k, close) {
  for (const ring of rings) {
    ring.forEach((p, j) => (j ? ctx.lineTo(p.x * k, p.y * k) : ctx.moveTo(p.x * k, p.y * k)));
    if (close) ctx.closePath();
  }
}
