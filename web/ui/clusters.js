// clusters.js draws the clashes from the vector tiles' clashes layer, for
// a date that holds more events than the page loads in one page of items
// (an imported ACLED set): where a cell of a tile holds several events the
// tile has one cluster with their count, and an event alone in its cell is
// itself. The border layer (border-layer.js) already fetches and decodes
// those tiles for the frontier; this module takes their clashes layer, so
// a view costs its tiles and nothing more.
//
// Each tile's features become Leaflet layers in the clashes group, only
// for the tiles of the zoom on screen (Leaflet keeps the last zoom's tiles
// for a moment while the new ones load). A feature is drawn by the tile it
// lies in: a tile's buffer repeats its neighbours' features near the edge.
import { markerFor, focusable } from './markers.js';
import { t, formatDateRange } from './i18n.js';

const L = window.L;

// The tiles' coordinate extent (tiles.Extent).
const EXTENT = 4096;

export class ClashTiles {
  // group is the clashes' feature group; onEvent(kind, id, e) opens an
  // event, onCluster(cluster, e) a cluster: { id, latlng, count, zoom }
  // (zoom, the zoom at which it splits, is null when its events share one
  // spot).
  constructor(map, group, { onEvent, onCluster, onChange }) {
    this.map = map;
    this.group = group;
    this.onEvent = onEvent;
    this.onCluster = onCluster;
    this.onChange = onChange;
    this.active = false;
    this.tiles = new Map(); // "z/x/y" -> { z, features, layers }
    map.on('zoomend', () => this.update());
  }

  // add takes the decoded vector tile at coords (null for an empty tile).
  add(coords, tile) {
    const key = tileKey(coords);
    this.drop(key);
    const layer = tile && tile.layers.clashes;
    const features = [];
    for (let i = 0; layer && i < layer.length; i++) {
      const f = layer.feature(i);
      const [[p]] = f.loadGeometry();
      const k = EXTENT / f.extent;
      const x = p.x * k;
      const y = p.y * k;
      if (x < 0 || y < 0 || x >= EXTENT || y >= EXTENT) continue; // a neighbour's
      const size = 256; // Leaflet's tile size: the border layer's grid
      const at = this.map.unproject(
        [(coords.x + x / EXTENT) * size, (coords.y + y / EXTENT) * size],
        coords.z,
      );
      features.push({ props: f.properties, latlng: at });
    }
    this.tiles.set(key, { z: coords.z, features, layers: null });
    this.update();
  }

  // remove forgets the tile at coords (Leaflet unloaded it).
  remove(coords) {
    if (this.drop(tileKey(coords))) this.update();
  }

  drop(key) {
    const tile = this.tiles.get(key);
    if (!tile) return false;
    if (tile.layers) for (const l of tile.layers) this.group.removeLayer(l);
    this.tiles.delete(key);
    return true;
  }

  // setActive draws the tiles' clashes (on) or leaves the clashes group to
  // the markers loaded from the API (off).
  setActive(on) {
    if (on === this.active) return;
    this.active = on;
    if (!on) for (const tile of this.tiles.values()) this.hide(tile);
    this.update();
  }

  hide(tile) {
    if (!tile.layers) return;
    for (const l of tile.layers) this.group.removeLayer(l);
    tile.layers = null;
  }

  // update shows the tiles of the zoom on screen and hides the others.
  update() {
    if (!this.active) return;
    const z = Math.round(this.map.getZoom());
    for (const tile of this.tiles.values()) {
      if (tile.z !== z) {
        this.hide(tile);
      } else if (!tile.layers) {
        tile.layers = tile.features.map((f) => this.layerOf(f));
        for (const l of tile.layers) this.group.addLayer(l);
      }
    }
    if (this.onChange) this.onChange(this.counts());
  }

  layerOf({ props: p, latlng }) {
    if (!p.cluster) {
      const f = {
        type: 'Feature',
        id: p.id,
        geometry: { type: 'Point', coordinates: [latlng.lng, latlng.lat] },
        properties: p,
      };
      return markerFor('clashes', f, this.onEvent);
    }
    const n = p.point_count;
    // The disc grows with the count's order of magnitude, from 20 px
    // across for 2 events to 31 for 100,000: a cell is 32 px, so discs of
    // neighbouring cells touch at most, but where their events lie close
    // to the edge between them.
    const d = Math.round(19 + 2.4 * Math.log10(n));
    const icon = L.divIcon({
      className: 'ft-cluster',
      html: `<span>${p.point_count_abbreviated || n}</span>`,
      iconSize: [d, d],
    });
    // Where two discs overlap, the one of more events is on top: Leaflet
    // stacks markers by their y on screen plus this offset.
    const marker = L.marker(latlng, {
      icon,
      keyboard: true,
      zIndexOffset: Math.round(1000 * Math.log10(n)),
    });
    const zoom = p.expansion_zoom ?? null;
    const name = t(zoom === null ? 'cluster.label_spot' : 'cluster.label', {
      n,
      dates: formatDateRange(p.date_start, p.date_end),
    });
    const cluster = { id: p.id, latlng, count: n, zoom };
    marker.on('add', () => {
      const e = marker.getElement();
      e.dataset.count = String(n);
      e.dataset.splits = String(zoom !== null);
    });
    return focusable(marker, 'clusters', p.id, name, (kind, id, e) => this.onCluster(cluster, e));
  }

  // markerOf returns the drawn layer of the event id, if its tile shows it
  // alone.
  markerOf(id) {
    for (const tile of this.tiles.values()) {
      if (!tile.layers) continue;
      const i = tile.features.findIndex((f) => f.props.id === id && !f.props.cluster);
      if (i >= 0) return tile.layers[i];
    }
    return null;
  }

  // counts returns how many events and clusters are drawn.
  counts() {
    let events = 0;
    let clusters = 0;
    for (const tile of this.tiles.values()) {
      if (!tile.layers) continue;
      for (const f of tile.features) {
        if (f.props.cluster) clusters++;
        else events++;
      }
    }
    return { events, clusters };
  }
}

const tileKey = (c) => `${c.z}/${c.x}/${c.y}`;

// clusterBox is the box around a cluster's point that holds its cell: a
// cell is an eighth of a 256-pixel tile, 32 pixels at the tile zoom, and
// the point (its events' centroid) lies in it.
export function clusterBox(map, latlng) {
  const z = Math.round(map.getZoom());
  const p = map.project(latlng, z);
  return L.latLngBounds(map.unproject(p.subtract([32, 32]), z), map.unproject(p.add([32, 32]), z));
}
