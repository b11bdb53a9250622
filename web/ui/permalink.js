// permalink.js reads and writes the page's state in the URL's fragment:
//   #date=2023-09-01&map=9/39.95/70.55&size=1280x800&layers=frontier,clashes&sel=clashes:ID&lang=ru
// (size: the map's size in CSS pixels when the view was made, which makes
// the view an area to fit to the screen that opens it: view.js;
// lang only when the reader chose a language: one that came from the
// browser's Accept-Language is theirs, not the link's).
// A fragment, not a query: the server never needs it, the OGC landing
// page's f parameter stays the only query / takes, and an embed (issue 6)
// can carry the same string.

export const LAYERS = ['frontier', 'clashes', 'deployments', 'places', 'countries'];
export const KINDS = ['clashes', 'deployments'];
export const LANGS = ['en', 'ru', 'ky', 'tg'];
const isoDate = /^\d{4}-\d{2}-\d{2}$/;
// A size= side in CSS pixels, as web/view_area.go bounds it.
const SIDE = [16, 8192];

// parse returns the parts of a fragment (or a query string) that are well
// formed; the rest is left to the defaults. datetime, the API's name, is
// read as date, so that a link written for /static.png opens too.
export function parse(hash) {
  const q = new URLSearchParams(hash.replace(/^[#?]/, ''));
  const out = {};
  const date = q.get('date') || q.get('datetime');
  if (date && isoDate.test(date) && !Number.isNaN(Date.parse(date))) out.date = date;
  const m = (q.get('map') || '').split('/').map(Number);
  if (m.length === 3 && m.every(Number.isFinite) && Math.abs(m[1]) <= 90 && Math.abs(m[2]) <= 180) {
    out.zoom = m[0];
    out.center = [m[1], m[2]];
    const size = /^(\d+)x(\d+)$/.exec(q.get('size') || '');
    const side = (x) => Number(x) >= SIDE[0] && Number(x) <= SIDE[1];
    // null, not absent: a fragment's map without size overrides a query's
    // map and size together.
    out.size = size && side(size[1]) && side(size[2]) ? [Number(size[1]), Number(size[2])] : null;
  }
  if (q.has('layers'))
    out.layers = new Set(
      q
        .get('layers')
        .split(',')
        .filter((l) => LAYERS.includes(l)),
    );
  const sel = q.get('sel');
  if (sel) {
    const i = sel.indexOf(':');
    const kind = sel.slice(0, i);
    if (i > 0 && KINDS.includes(kind)) out.sel = { kind, id: sel.slice(i + 1) };
  }
  if (LANGS.includes(q.get('lang'))) out.lang = q.get('lang');
  return out;
}

// initial is the state a page opens at: its query's (a shared link,
// /?date=2022-09-16) with the fragment's on top, which wins where both
// say something.
export function initial(loc = window.location) {
  return { ...parse(loc.search), ...parse(loc.hash) };
}

// pairs writes a state as name=value pairs in a fixed order, so that the
// same view always has the same URL: the fragment's, or the query of
// /embed and (with dateName datetime) /static.png.
export function pairs(st, dateName = 'date') {
  const parts = [`${dateName}=${st.date}`];
  if (st.center) {
    parts.push(`map=${st.zoom}/${st.center[0].toFixed(4)}/${st.center[1].toFixed(4)}`);
    if (st.size) parts.push(`size=${st.size[0]}x${st.size[1]}`);
  }
  parts.push(`layers=${LAYERS.filter((l) => st.layers.has(l)).join(',')}`);
  if (st.sel) parts.push(`sel=${st.sel.kind}:${encodeURIComponent(st.sel.id)}`);
  if (st.lang) parts.push(`lang=${st.lang}`);
  return parts;
}

// format writes a state as a fragment.
export function format(st) {
  return `#${pairs(st).join('&')}`;
}
