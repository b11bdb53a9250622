// view.js places the map where a shared link asks and says which view a
// link made now should carry (issue 13, finding 4).
//
// A link carries the area it showed: the permalink's map=zoom/lat/lon and
// size=WxH, the map's size in CSS pixels when the view was made. Opened on
// another screen, the area is fitted to it with the margin the first view
// keeps around the frontier, so that a desktop's view of the whole
// frontier stays whole in a 640 px article column, and a phone's opens
// closer on a desktop; on a screen of its own size it is the same view. A
// link without size (older ones) keeps its centre and zoom. The view a
// link was given stays the one to share until the reader moves the map
// (Leaflet's centre after a fit or a resize is rounded to whole pixels,
// which would otherwise change the link's last digits); then it is the
// map's own, with its size. web/view_area.go reads the same area for
// /static.png.
import * as source from './source.js';

const L = window.L;

// FIT_MARGIN is the margin around what a view fits, in CSS pixels
// (fitMarginPx in web/view_area.go).
export const FIT_MARGIN = 16;
const padding = [FIT_MARGIN, FIT_MARGIN];

// What each map was last placed at: { link, zoom, at, refit }.
const placed = new WeakMap();

// area is the part of the world a view of st.size showed around st.center
// at st.zoom, less the margin.
function area(map, st) {
  const c = map.project(L.latLng(st.center), st.zoom);
  const half = L.point(
    Math.max(st.size[0] / 2 - FIT_MARGIN, 1),
    Math.max(st.size[1] / 2 - FIT_MARGIN, 1),
  );
  return L.latLngBounds(
    map.unproject(c.subtract(half), st.zoom),
    map.unproject(c.add(half), st.zoom),
  );
}

function hold(map, link, refit) {
  placed.set(map, { link, zoom: map.getZoom(), at: map.getCenter(), refit });
}

// moved reports whether the reader has moved the map since it was placed.
function moved(map, p) {
  const size = map.getSize();
  return (
    !p ||
    map.getZoom() !== p.zoom ||
    map.latLngToContainerPoint(p.at).distanceTo(size.divideBy(2)) > 2
  );
}

function own(map) {
  const c = map.getCenter();
  const size = map.getSize();
  return { center: [c.lat, c.lng], zoom: map.getZoom(), size: [size.x, size.y] };
}

// showView places the map at a link's view: st.center and st.zoom, with
// st.size the area they showed.
export function showView(map, st) {
  const link = { center: st.center, zoom: st.zoom, size: st.size || null };
  if (!link.size) {
    map.setView(link.center, link.zoom, { animate: false });
    hold(map, link, null);
    return;
  }
  const fit = () => {
    map.fitBounds(area(map, link), { animate: false, padding });
    hold(map, link, fit);
  };
  fit();
}

// showFrontier fits the whole frontier, the view of a link that names none.
export async function showFrontier(map) {
  let bounds;
  try {
    const bb = await source.frontierBounds();
    bounds = L.latLngBounds([bb[1], bb[0]], [bb[3], bb[2]]);
  } catch {
    map.setView([39.9, 71.2], 7, { animate: false });
    hold(map, own(map), null);
    return;
  }
  const fit = () => {
    map.fitBounds(bounds, { animate: false, padding });
    hold(map, own(map), fit);
  };
  fit();
}

// refit fits the map again, after its size changed, to the area it was
// placed at, unless the reader has moved it (or it was placed by centre
// and zoom).
export function refit(map) {
  const p = placed.get(map);
  if (p && p.refit && !moved(map, p)) p.refit();
}

// linkView is the view a link made now carries: { center, zoom, size };
// nothing before the map is first placed (a language link followed while
// the page starts keeps the link's own view).
export function linkView(map) {
  const p = placed.get(map);
  if (!p) return {};
  return moved(map, p) ? own(map) : p.link;
}

// shownView is the view on screen, { center, zoom }: where the map was
// placed until the reader moves it, so that the same link always reads as
// the same view.
export function shownView(map) {
  const p = placed.get(map);
  if (moved(map, p)) return own(map);
  return { center: [p.at.lat, p.at.lng], zoom: p.zoom };
}
